"""Páginas de error en español, con el código de la solicitud y nada interno (ni la excepción
ni rutas). La 400 y la 500 no usan los procesadores de contexto: la 500 puede venir de una base
de datos caída, así que no consulta nada (sin usuario, el menú no se dibuja)."""

from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from convivencia.solicitudes import id_solicitud_de


def _sin_base_de_datos(request, plantilla: str, estado: int) -> HttpResponse:
    contexto = {"id_solicitud": id_solicitud_de(request), "csp_nonce": get_nonce(request) or ""}
    return HttpResponse(loader.get_template(plantilla).render(contexto), status=estado)


@requires_csrf_token
def error_400(request, exception=None):
    return _sin_base_de_datos(request, "400.html", 400)


@requires_csrf_token
def error_403(request, exception=None):
    return render(request, "403.html", {"id_solicitud": id_solicitud_de(request)}, status=403)


@requires_csrf_token
def error_404(request, exception=None):
    return render(request, "404.html", {"id_solicitud": id_solicitud_de(request)}, status=404)


@requires_csrf_token
def error_500(request):
    return _sin_base_de_datos(request, "500.html", 500)


def metodo_no_permitido(request, respuesta: HttpResponse) -> HttpResponse:
    """La 405 de require_POST (sin cuerpo) como página en español; conserva la cabecera Allow."""
    pagina = _sin_base_de_datos(request, "405.html", 405)
    if "Allow" in respuesta:
        pagina["Allow"] = respuesta["Allow"]
    return pagina


def fallo_csrf(request, reason=""):
    """CSRF_FAILURE_VIEW: el formulario venció o llegó sin su ficha (no se dice el motivo)."""
    return render(request, "403_csrf.html", {"id_solicitud": id_solicitud_de(request)}, status=403)
