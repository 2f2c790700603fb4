"""`{% datos_sin_senal %}`: lo que el script de la cola necesita en cada página con sesión (en el
`<body>`): quién es (un resumen, no su nombre), las direcciones y los días sin sincronizar."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext as _

from sinsenal import aplicacion, catalogo
from sinsenal.identidad import resumen_de_usuario

register = template.Library()


@register.simple_tag(takes_context=True)
def datos_sin_senal(context):
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return ""
    dias = aplicacion.DIAS_SIN_SINCRONIZAR
    return format_html(
        ' data-sin-senal="{}" data-usuario="{}" data-dias="{}" data-sesion-minutos="{}"'
        ' data-aviso-vencido="{}" data-aviso-devueltos="{}" data-aviso-ajena="{}"'
        ' data-aviso-por-vencer="{}" data-aviso-sin-sesion="{}" data-archivo-maximo="{}"'
        ' data-aviso-devueltos-uno="{}" data-aviso-ajena-uno="{}"',
        json.dumps(aplicacion.urls_de_la_cola()),
        resumen_de_usuario(user),
        dias,
        settings.SESSION_COOKIE_AGE // 60,
        _(
            "Este teléfono llevaba más de %(dias)s días sin hablar con el servidor: se borró lo "
            "que guardaba sin enviar, por seguridad."
        )
        % {"dias": dias},
        _("%(n)s envíos volvieron con un aviso: revíselos en «Pendientes por enviar»."),
        _ajena(_("%(n)s envíos"), dias),
        _(
            "Lo guardado sin señal en este teléfono se borrará el %(fecha)s si antes no se "
            "conecta para enviarlo."
        ),
        _("Su sesión terminó: ingrese de nuevo para enviar lo que quedó en este teléfono."),
        settings.ADJUNTO_TAMANO_MAXIMO,
        _("1 envío volvió con un aviso: revíselo en «Pendientes por enviar»."),
        _ajena(_("1 envío"), dias),
    )


def _ajena(cuantos: str, dias: int) -> str:
    return _(
        "Este teléfono guarda %(cuantos)s sin mandar de otra cuenta. Solo esa cuenta puede verlo "
        "y enviarlo, cuando vuelva a ingresar aquí (se borra solo a los %(dias)s días sin "
        "conexión). Mientras tanto, con esta cuenta no se guarda nada sin señal en este teléfono."
    ) % {"cuantos": cuantos, "dias": dias}


@register.filter
def captura_sin_senal(user) -> bool:
    """Si `user` captura sin señal (casos o asistencia): solo a él se le ofrece «pendientes por
    enviar», que a los demás responde 403 (la misma regla de `views.pendientes`)."""
    return catalogo.captura_casos(user) or catalogo.captura_asistencia(user)
