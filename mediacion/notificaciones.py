"""La citación por correo a cada parte que autorizó el tratamiento de sus datos y dio su correo,
con el PDF adjunto. Se envía después del commit (`transaction.on_commit` en los servicios que
programan y reprograman): si la transacción se deshace, nadie recibe una citación que no existe.

El cuerpo lleva solo lo que la persona necesita (radicado, fecha, hora y lugar): ni su nombre ni
el de las otras partes; el resto va en el PDF, que es suyo.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from comun.modelos import actualizar
from mediacion import documentos
from mediacion.models import SesionMediacion

registro = logging.getLogger(__name__)


def _mensaje(citacion) -> EmailMessage:
    sesion = citacion.sesion
    caso = sesion.caso
    inicio = timezone.localtime(sesion.inicio)
    asunto = _("Citación a mediación · caso %(radicado)s") % {"radicado": caso.radicado}
    cuerpo = _(
        "Le citamos a la sesión de mediación del caso %(radicado)s.\n\n"
        "Fecha: %(fecha)s\nHora: %(hora)s\nLugar: %(lugar)s, %(municipio)s\n\n"
        "Adjuntamos la citación con lo que debe llevar y el contacto de su gestor de "
        "convivencia. Si no puede asistir, avísele con anticipación.\n\n"
        "Programa de convivencia ciudadana de %(municipio)s.\n"
    ) % {
        "radicado": caso.radicado,
        "fecha": date_format(inicio, "l j \\d\\e F \\d\\e Y").lower(),
        "hora": date_format(inicio, "g:i a"),
        "lugar": f"{sesion.get_tipo_lugar_display()}: {sesion.lugar}",
        "municipio": caso.municipio.nombre,
    }
    mensaje = EmailMessage(asunto, cuerpo, to=[citacion.parte.persona.correo])
    mensaje.attach(
        documentos.nombre_citacion(citacion), documentos.pdf_citacion(citacion), "application/pdf"
    )
    return mensaje


def citaciones_enviar(sesion_id: int, autor_id: int | None = None) -> int:
    """Envía por correo la citación de cada parte de la sesión que autorizó sus datos y tiene
    correo, una sola vez (`Citacion.enviada_por_correo_en`). Devuelve cuántas envió. Un envío
    que falla queda en el registro y no detiene los demás."""
    sesion = SesionMediacion.objects.select_related(
        "sector", "caso__municipio", "caso__gestor__perfil"
    ).get(pk=sesion_id)
    autor = get_user_model().objects.filter(pk=autor_id).first() if autor_id else None
    enviadas = 0
    for citacion in sesion.citaciones.select_related("parte__persona").order_by("pk"):
        persona = citacion.parte.persona
        if citacion.enviada_por_correo_en or persona.autorizacion_id is None or not persona.correo:
            continue
        citacion.sesion = sesion
        try:
            _mensaje(citacion).send()
        except Exception as error:  # el correo no deshace lo guardado
            registro.warning("No se pudo enviar la citación %s: %s", citacion.pk, error)
            continue
        actualizar(citacion, autor=autor, enviada_por_correo_en=timezone.now())
        enviadas += 1
    return enviadas
