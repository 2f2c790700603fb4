"""Eventos de seguridad (ASVS V16): ingresos, bloqueos, accesos negados, vistas de datos
personales y exportes, en una tabla de solo agregar (`EventoSeguridad`).

Un solo lugar para escribirlos (`evento_registrar`); las señales de autenticación y el
middleware de respuestas 403/404 los disparan solos; las vistas que muestran datos personales
llaman a `evento_registrar` con el objeto.
"""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from auditoria.models import EventoSeguridad, TipoEvento


def _ip(request) -> str | None:
    # La misma IP que usa el bloqueo de ingresos (gestores.seguridad.ip_del_cliente), tomada del
    # ajuste para no importar una app de arriba desde esta, que está debajo de todas.
    if request is None:
        return None
    return import_string(settings.AXES_CLIENT_IP_CALLABLE)(request) or None


def evento_registrar(*, tipo: TipoEvento, request=None, usuario=None, objeto=None, detalle=""):
    """Agrega un evento. `objeto`: una instancia de modelo (se guarda «app.modelo:id») o texto."""
    if usuario is None and request is not None:
        usuario = getattr(request, "user", None)
    if usuario is not None and not usuario.is_authenticated:
        usuario = None
    if objeto is not None and hasattr(objeto, "_meta"):
        objeto = f"{objeto._meta.label_lower}:{objeto.pk}"
    return EventoSeguridad.objects.create(
        tipo=tipo,
        usuario=usuario,
        ip=_ip(request),
        ruta=(request.path[:300] if request is not None else ""),
        objeto=objeto or "",
        detalle=detalle[:300],
    )


@receiver(user_logged_in)
def _ingreso(sender, request, user, **kwargs):
    evento_registrar(tipo=TipoEvento.INGRESO, request=request, usuario=user)


@receiver(user_logged_out)
def _salida(sender, request, user, **kwargs):
    if user is not None:
        evento_registrar(tipo=TipoEvento.SALIDA, request=request, usuario=user)


@receiver(user_login_failed)
def _ingreso_fallido(sender, credentials, request=None, **kwargs):
    nombre = str(credentials.get("username", ""))[:150]
    EventoSeguridad.objects.create(
        tipo=TipoEvento.INGRESO_FALLIDO,
        usuario_intentado=nombre,
        ip=_ip(request),
        ruta=request.path[:300] if request is not None else "",
    )


@receiver(user_locked_out)
def _bloqueo(sender, request, username, ip_address, **kwargs):
    EventoSeguridad.objects.create(
        tipo=TipoEvento.BLOQUEO,
        usuario_intentado=str(username or "")[:150],
        ip=ip_address or None,
        ruta=request.path[:300] if request is not None else "",
    )


class EventosMiddleware:
    """Un 403 o un 404 a un usuario con sesión queda como evento (quién intentó qué ruta)."""

    TIPOS = {403: TipoEvento.ACCESO_NEGADO, 404: TipoEvento.NO_ENCONTRADO}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        respuesta = self.get_response(request)
        tipo = self.TIPOS.get(respuesta.status_code)
        usuario = getattr(request, "user", None)
        if tipo is not None and usuario is not None and usuario.is_authenticated:
            evento_registrar(tipo=tipo, request=request)
        return respuesta
