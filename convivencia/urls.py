from django.contrib import admin
from django.urls import include, path

from convivencia import views
from gestores import views as gestores_views

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("salud/", views.salud, name="salud"),
    path("cuenta/segundo-factor/", gestores_views.configurar, name="segundo_factor_configurar"),
    path("cuenta/segundo-factor/qr.svg", gestores_views.qr, name="segundo_factor_qr"),
    path("cuenta/verificar/", gestores_views.verificar, name="segundo_factor_verificar"),
    path("cuenta/", include("django.contrib.auth.urls")),
    path("municipios/", include("municipios.urls")),
    path("casos/", include("casos.urls")),
    path("casos/", include("mediacion.urls")),
    path("", include("remisiones.urls")),
    path("actividades/", include("capacitaciones.urls")),
    path("tableros/", include("tableros.urls")),
    path("habeas-data/", include("habeas.urls")),
    path("agenda/", include("agenda.urls")),
    path("verificar/<str:codigo>/", views.verificar, name="verificar"),
    path("admin/", admin.site.urls),
]

handler400 = "convivencia.errores.error_400"
handler403 = "convivencia.errores.error_403"
handler404 = "convivencia.errores.error_404"
handler500 = "convivencia.errores.error_500"
