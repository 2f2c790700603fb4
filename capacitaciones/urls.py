from django.urls import path

from capacitaciones import views

app_name = "capacitaciones"

urlpatterns = [
    path("", views.actividad_lista, name="lista"),
    path("nueva/", views.actividad_nueva, name="nueva"),
    path("curriculo/", views.curriculo, name="curriculo"),
    path("personas/buscar/", views.persona_buscar, name="persona_buscar"),
    path("asistencias/<int:pk>/certificado/", views.certificado, name="certificado"),
    path("<int:pk>/", views.actividad_detalle, name="detalle"),
    path("<int:pk>/asistencia/", views.asistencia, name="asistencia"),
    path("<int:pk>/conteos/", views.conteos, name="conteos"),
    path("<int:pk>/gestores/", views.gestores_asistentes, name="gestores"),
    path("<int:pk>/realizada/", views.marcar_realizada, name="realizada"),
    path("<int:pk>/cancelar/", views.cancelar, name="cancelar"),
    path("<int:pk>/evidencias/", views.evidencia_subir, name="evidencia"),
    path(
        "<int:pk>/evidencias/<int:evidencia>/",
        views.evidencia_descargar,
        name="evidencia_descargar",
    ),
]
