from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from capacitaciones.views import verificar
from convivencia import views

admin.site.site_header = _("Convivencia — Área Metropolitana de Barranquilla")
admin.site.site_title = _("Convivencia AMB")
admin.site.index_title = _("Administración del programa de convivencia")

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("salud/", views.salud, name="salud"),
    path("cuenta/", include("django.contrib.auth.urls")),
    path("municipios/", include("municipios.urls")),
    path("casos/", include("casos.urls")),
    path("remisiones/", include("casos.urls_remisiones")),
    path("actividades/", include("capacitaciones.urls")),
    path("tableros/", include("tableros.urls")),
    path("verificar/<str:codigo>/", verificar, name="verificar"),
    path("admin/", admin.site.urls),
]
