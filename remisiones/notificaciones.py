"""Correos del sistema (DESIGN §5, issue 5): se registran en la transacción y se envían después
del commit. Si el envío falla queda registrado como fallido; lo que se guardó no se pierde.

Los mensajes no llevan datos personales de las partes: radicado, tipo, entidad, fechas y un
enlace a la pantalla donde quien lo recibe puede ver lo que su rol le permite.
"""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gestores.models import Rol
from remisiones.models import EstadoNotificacion, Notificacion, Remision, TipoNotificacion

registro = logging.getLogger(__name__)


def url_absoluta(ruta: str) -> str:
    return settings.SITIO_URL.rstrip("/") + ruta


def notificar(
    *, tipo, para, asunto, cuerpo, usuario=None, remision=None, clave=""
) -> Notificacion | None:
    """Registra el correo y lo envía cuando la transacción en curso se confirme."""
    if not para:
        return None
    if clave and Notificacion.objects.filter(clave=clave, para=para).exists():
        return None
    notificacion = Notificacion.objects.create(
        tipo=tipo,
        para=para,
        usuario=usuario,
        asunto=asunto[:200],
        cuerpo=cuerpo,
        remision=remision,
        clave=clave,
    )
    transaction.on_commit(partial(enviar, notificacion.pk))
    return notificacion


def enviar(pk: int) -> bool:
    notificacion = Notificacion.objects.get(pk=pk)
    try:
        EmailMessage(notificacion.asunto, notificacion.cuerpo, to=[notificacion.para]).send()
    except Exception as error:
        registro.warning("No se pudo enviar la notificación %s: %s", pk, error)
        notificacion.estado = EstadoNotificacion.FALLIDA
        notificacion.error = str(error)[:500]
        notificacion.save(update_fields=["estado", "error"])
        return False
    notificacion.estado = EstadoNotificacion.ENVIADA
    notificacion.enviado_en = timezone.now()
    notificacion.save(update_fields=["estado", "enviado_en"])
    return True


def destinatarios_de_entidad(remision: Remision) -> list[tuple[str, object]]:
    """El contacto vigente de la entidad y sus enlaces en el sistema (correo, usuario)."""
    destinos = []
    if remision.contacto_id and remision.contacto.correo:
        destinos.append((remision.contacto.correo, None))
    enlaces = (
        get_user_model()
        .objects.filter(is_active=True, perfil__rol=Rol.ENLACE, perfil__entidad=remision.entidad_id)
        .exclude(email="")
    )
    destinos += [(u.email, u) for u in enlaces]
    vistos, unicos = set(), []
    for correo, usuario in destinos:
        if correo.lower() not in vistos:
            vistos.add(correo.lower())
            unicos.append((correo, usuario))
    return unicos


def remision_enviada(remision: Remision):
    caso = remision.caso
    cuerpo = _(
        "La estrategia de convivencia le remitió el caso %(radicado)s (%(tipo)s, riesgo "
        "%(riesgo)s) de %(municipio)s.\n\nPlazo de respuesta: %(limite)s.\n\n"
        "Véalo y respóndalo aquí: %(url)s\n"
    ) % {
        "radicado": caso.radicado,
        "tipo": caso.tipo.nombre,
        "riesgo": caso.get_nivel_riesgo_display().lower(),
        "municipio": caso.municipio.nombre,
        "limite": remision.fecha_limite.strftime("%d/%m/%Y"),
        "url": url_absoluta(remision.get_absolute_url()),
    }
    asunto = _("Remisión %(radicado)s para %(entidad)s") % {
        "radicado": caso.radicado,
        "entidad": remision.entidad.nombre,
    }
    for correo, usuario in destinatarios_de_entidad(remision):
        notificar(
            tipo=TipoNotificacion.REMISION_ENVIADA,
            para=correo,
            usuario=usuario,
            asunto=asunto,
            cuerpo=cuerpo,
            remision=remision,
        )


def remision_al_gestor(remision: Remision, tipo: str, que_paso: str):
    caso = remision.caso
    gestor = caso.gestor
    notificar(
        tipo=tipo,
        para=gestor.email,
        usuario=gestor,
        asunto=_("%(radicado)s: %(que)s") % {"radicado": caso.radicado, "que": que_paso},
        cuerpo=_("%(entidad)s: %(que)s.\n\nVea el caso: %(url)s\n")
        % {
            "entidad": remision.entidad.nombre,
            "que": que_paso,
            "url": url_absoluta(caso.get_absolute_url()),
        },
        remision=remision,
    )
