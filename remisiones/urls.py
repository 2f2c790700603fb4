from django.urls import path

from remisiones import views

app_name = "remisiones"

# La bandeja del enlace vive en /remisiones/; lo que el gestor hace desde un caso, bajo su
# radicado (/casos/<radicado>/…), como las demás acciones del caso.
urlpatterns = [
    path("remisiones/", views.bandeja, name="bandeja"),
    path("remisiones/<int:pk>/", views.detalle, name="detalle"),
    path("remisiones/<int:pk>/recibido/", views.acusar_recibo, name="recibido"),
    path("remisiones/<int:pk>/respuesta/", views.responder, name="respuesta"),
    path("remisiones/<int:pk>/devolver/", views.devolver, name="devolver"),
    path("remisiones/<int:pk>/archivo/", views.archivo_respuesta, name="archivo"),
    path("casos/<str:radicado>/remitir/", views.remision_nueva, name="remitir"),
    path(
        "casos/<str:radicado>/remisiones/<int:pk>/recibido/",
        views.recibido_del_caso,
        name="recibido_del_caso",
    ),
    path(
        "casos/<str:radicado>/remisiones/<int:pk>/respuesta/",
        views.respuesta_del_caso,
        name="respuesta_del_caso",
    ),
]
