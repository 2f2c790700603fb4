from django.urls import path

from casos import views_remisiones as views

app_name = "remisiones"

urlpatterns = [
    path("", views.bandeja, name="bandeja"),
    path("<int:pk>/", views.detalle, name="detalle"),
    path("<int:pk>/recibido/", views.acusar_recibo, name="recibido"),
    path("<int:pk>/respuesta/", views.responder, name="respuesta"),
    path("<int:pk>/devolver/", views.devolver, name="devolver"),
    path("<int:pk>/archivo/", views.archivo_respuesta, name="archivo"),
]
