from django.urls import path

from habeas import views

app_name = "habeas"

urlpatterns = [
    path("", views.lista, name="lista"),
    path("nueva/", views.nueva, name="nueva"),
    path("<int:pk>/", views.detalle, name="detalle"),
    path("<int:pk>/reporte/", views.reporte, name="reporte"),
]
