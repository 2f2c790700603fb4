from django.contrib import admin
from django.contrib.auth import urls as auth_urls
from django.urls import include, path

from convivencia import views
from gestores import views as gestores_views
from sinsenal import views as sinsenal_views

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("salud/", views.salud, name="salud"),
    # La aplicación instalable: el service worker en la raíz alcanza todo el sitio.
    path("sw.js", sinsenal_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", sinsenal_views.manifiesto, name="manifiesto"),
    path("sin-senal/", include("sinsenal.urls")),
    path("cuenta/segundo-factor/", gestores_views.configurar, name="segundo_factor_configurar"),
    path("cuenta/segundo-factor/qr.svg", gestores_views.qr, name="segundo_factor_qr"),
    path("cuenta/verificar/", gestores_views.verificar, name="segundo_factor_verificar"),
    # Salir borra también lo guardado en el teléfono (sinsenal): en vez del de django.contrib.auth.
    path("cuenta/logout/", sinsenal_views.salir, name="logout"),
    path("cuenta/", include([p for p in auth_urls.urlpatterns if p.name != "logout"])),
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
