"""Un código por solicitud: va en la cabecera X-Request-ID, en cada línea del registro y en las
páginas de error, para que quien reporta un problema y quien lee el registro hablen de lo mismo.

Se acepta el X-Request-ID que traiga la solicitud (un proxy que ya le puso uno) solo si es corto
y sin nada raro; si no, uno nuevo (uuid4 en hexadecimal).
"""

import contextvars
import logging
import re
import uuid

CABECERA = "X-Request-ID"
_PERMITIDO = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{7,63}")
_actual: contextvars.ContextVar[str] = contextvars.ContextVar("id_solicitud", default="-")


def id_solicitud_de(request) -> str:
    return getattr(request, "id_solicitud", "") or _actual.get()


class IdSolicitudMiddleware:
    """El primero de la lista: cubre también lo que respondan los demás middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        recibido = request.META.get("HTTP_X_REQUEST_ID", "")
        request.id_solicitud = recibido if _PERMITIDO.fullmatch(recibido) else uuid.uuid4().hex
        marca = _actual.set(request.id_solicitud)
        try:
            respuesta = self.get_response(request)
            if respuesta.status_code == 405 and not getattr(respuesta, "content", b"x"):
                from convivencia.errores import metodo_no_permitido

                respuesta = metodo_no_permitido(request, respuesta)
        finally:
            _actual.reset(marca)
        respuesta[CABECERA] = request.id_solicitud
        return respuesta


class FiltroIdSolicitud(logging.Filter):
    """Pone `request_id` en cada registro («-» fuera de una solicitud): lo usa el formato."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = _actual.get()
        return True
