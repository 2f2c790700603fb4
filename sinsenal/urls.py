from django.urls import path

from sinsenal import envios, views

app_name = "sinsenal"

urlpatterns = [
    path("", views.pendientes, name="pendientes"),
    path("caso/", views.captura_caso, name="caso"),
    path("asistencia/", views.captura_asistencia, name="asistencia"),
    path("sin-conexion/", views.sin_conexion, name="sin_conexion"),
    path("estado/", views.estado, name="estado"),
    path("enviar/caso/", envios.enviar_caso, name="enviar_caso"),
    path("enviar/asistencia/", envios.enviar_asistencia, name="enviar_asistencia"),
    path("enviar/conteos/", envios.enviar_conteos, name="enviar_conteos"),
]
