"""Sesiones (ASVS V7): 30 minutos de inactividad (SESSION_COOKIE_AGE: la sesión se vuelve a
guardar, y su vencimiento se corre, cuando pasó más de un minuto desde la última vez: sin una
escritura en la base por cada petición), 12 horas como máximo desde el ingreso aunque haya
actividad, y páginas con sesión que ningún navegador ni proxy guarda (`Cache-Control: no-store`).

Desactivar un usuario o cambiar su contraseña cierra sus sesiones por las reglas de Django: el
backend no devuelve usuarios inactivos y la sesión guarda un resumen de la contraseña.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

CLAVE_INGRESO = "ingreso_en"
CLAVE_ACTIVIDAD = "actividad_en"
RENOVAR_CADA = 60  # segundos


@receiver(user_logged_in)
def marcar_ingreso(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        ahora = int(time.time())
        request.session[CLAVE_INGRESO] = ahora
        request.session[CLAVE_ACTIVIDAD] = ahora


class SesionMiddleware:
    """Después de la autenticación y los mensajes: cierra la sesión vencida y marca no-store."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            ahora = int(time.time())
            ingreso = request.session.setdefault(CLAVE_INGRESO, ahora)
            if ahora - ingreso > settings.SESION_MAXIMA_SEGUNDOS:
                logout(request)
                messages.info(
                    request,
                    _("Su sesión duró más de 12 horas y se cerró por seguridad. Ingrese de nuevo."),
                )
                return redirect_to_login(request.get_full_path())
            if ahora - request.session.get(CLAVE_ACTIVIDAD, 0) > RENOVAR_CADA:
                request.session[CLAVE_ACTIVIDAD] = ahora  # se guarda y corre el vencimiento
        respuesta = self.get_response(request)
        usuario = getattr(request, "user", None)
        if usuario is not None and usuario.is_authenticated:
            add_never_cache_headers(respuesta)
        return respuesta
