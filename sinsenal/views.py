"""Pantallas y envíos de la captura sin señal.

- La aplicación: el manifiesto, el service worker (en la raíz, para que alcance todo el sitio) y
  la página «sin conexión»: públicos y sin datos de nadie.
- Las páginas de captura (caso, asistencia) y la de pendientes: sin datos personales, para que el
  teléfono las guarde y funcionen sin red. Las opciones de sus listas son el catálogo.
- `estado`: quién es la sesión (un resumen, no su nombre), la versión del catálogo y la ficha
  CSRF con la que el teléfono envía.
- Los envíos de la cola (`enviar_*`), en `sinsenal/envios.py`.
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import LogoutView
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinsenal import aplicacion, catalogo
from sinsenal.identidad import resumen_de_usuario


@login_not_required
@require_GET
def service_worker(request):
    contenido = render_to_string(
        "sinsenal/sw.js",
        {
            "version": aplicacion.version(),
            "estaticos": json.dumps(aplicacion.urls_estaticas()),
            "sin_conexion": json.dumps(reverse("sinsenal:sin_conexion")),
            "cola": json.dumps([static("js/sinsenal/almacen.js"), static("js/sinsenal/cola.js")]),
            "urls": json.dumps(aplicacion.urls_de_la_cola()),
        },
    )
    respuesta = HttpResponse(contenido, content_type="text/javascript; charset=utf-8")
    # El navegador pregunta siempre por una versión nueva del service worker.
    respuesta["Cache-Control"] = "no-cache"
    return respuesta


@login_not_required
@require_GET
def manifiesto(request):
    datos = {
        "name": _("Convivencia AMB"),
        "short_name": _("Convivencia"),
        "description": _(
            "Casos y actividades de los gestores de convivencia del Área Metropolitana de "
            "Barranquilla."
        ),
        "lang": "es-CO",
        "start_url": reverse("inicio"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f8f9fa",
        "theme_color": "#0b3d6b",
        "icons": [
            {"src": static("img/icono-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icono-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icono-enmascarable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [
            {"name": _("Registrar caso"), "url": reverse("casos:nuevo")},
            {"name": _("Pendientes por enviar"), "url": reverse("sinsenal:pendientes")},
        ],
    }
    respuesta = JsonResponse(datos, json_dumps_params={"ensure_ascii": False})
    respuesta["Content-Type"] = "application/manifest+json"
    return respuesta


@login_not_required
@require_GET
def sin_conexion(request):
    """Lo que ve quien abre una página sin red: qué puede hacer sin conexión. Sin datos de nadie
    (el service worker la guarda al instalarse): se dibuja igual para todos, como sin sesión."""
    request.user = AnonymousUser()
    return render(request, "sinsenal/sin_conexion.html")


@require_POST
def salir(request):
    """Cerrar la sesión y, con ella, lo guardado en este navegador: la cola cifrada, su llave y
    las cachés (`Clear-Site-Data`; el script de la página ya lo borró antes de enviar)."""
    # `conservar`: quien sale no es el dueño de la cola del teléfono (otra cuenta la dejó sin
    # enviar y la manda al volver a entrar); el script ya borró las cachés.
    conservar = request.POST.get("conservar") == "1"
    respuesta = LogoutView.as_view()(request)
    respuesta["Clear-Site-Data"] = '"cache"' if conservar else '"cache", "storage"'
    return respuesta


@require_GET
def estado(request):
    user = request.user
    return JsonResponse(
        {
            "usuario": resumen_de_usuario(user),
            "version": catalogo.version_para(user, app=aplicacion.version()),
            "csrf": get_token(request),
            "dias": aplicacion.DIAS_SIN_SINCRONIZAR,
            "captura": {
                "casos": catalogo.captura_casos(user),
                "asistencia": catalogo.captura_asistencia(user),
            },
        }
    )


def _shell(request, plantilla, contexto):
    user = request.user
    contexto |= {
        "version": catalogo.version_para(user, app=aplicacion.version()),
        "captura_casos": catalogo.captura_casos(user),
        "captura_asistencia": catalogo.captura_asistencia(user),
    }
    return render(request, plantilla, contexto)


@require_GET
def captura_caso(request):
    if not catalogo.captura_casos(request.user):
        raise PermissionDenied
    form, partes, aviso = catalogo.formularios_de_caso(request.user)
    return _shell(
        request,
        "sinsenal/caso.html",
        {
            "form": form,
            "partes": partes,
            "aviso": aviso,
            "municipio": catalogo.municipio_de(request.user),
        },
    )


@require_GET
def captura_asistencia(request):
    if not catalogo.captura_asistencia(request.user):
        raise PermissionDenied
    actividades = list(catalogo.actividades_de_la_semana(request.user))
    form, conteos, aviso = catalogo.formularios_de_asistencia(request.user)
    return _shell(
        request,
        "sinsenal/asistencia.html",
        {"actividades": actividades, "form": form, "conteos": conteos, "aviso": aviso},
    )


@require_GET
def pendientes(request):
    """La cola del teléfono: la dibuja el script con lo que guarda el teléfono (cifrado); el
    servidor no sabe qué hay en ella."""
    if not (catalogo.captura_casos(request.user) or catalogo.captura_asistencia(request.user)):
        raise PermissionDenied
    return _shell(request, "sinsenal/pendientes.html", {})
