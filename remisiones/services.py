"""Escrituras de las remisiones: remitir un caso, el recibido, la respuesta y la devolución.

Cada una deja su actuación en el caso y avisa por correo (notificaciones.py). Un caso se remite
desde los estados que TRANSICIONES (casos.services) deja pasar a «remitido»; una entidad no
tiene dos remisiones pendientes del mismo caso; las fechas no van al futuro ni antes de lo que
las precede. La remisión inmediata de un riesgo alto llega aquí por la señal
`casos.senales.remision_inmediata_pedida`.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casos.models import Caso, Estado, TipoActuacion
from casos.plazos import sumar_dias_habiles
from casos.services import (
    actuacion_anotar,
    caso_bloquear,
    estado_cambiar,
    fecha_no_antes_del_caso,
    fecha_no_futura,
    puede_remitirse,
)
from comun.archivos import contenido_validado
from comun.modelos import guardar
from municipios.models import Contacto, Entidad
from remisiones import notificaciones
from remisiones.models import (
    EstadoRemision,
    MedioRecepcion,
    MedioRemision,
    Remision,
    TipoNotificacion,
)
from remisiones.selectors import estacion_mebar, plazo_de


@transaction.atomic
def caso_remitir(
    *,
    caso: Caso,
    autor,
    entidad: Entidad,
    motivo: str,
    medio: str,
    fecha_envio: datetime.date,
    version: int | None = None,
) -> Remision:
    """Remite el caso a una entidad activa de su municipio, con su contacto vigente y el plazo
    en días hábiles; una sola remisión pendiente por entidad, y no antes de la recepción."""
    caso = caso_bloquear(caso, version)
    # Que la entidad sea del municipio del caso y esté activa lo revisa Remision.clean().
    if not puede_remitirse(caso):
        raise ValidationError(
            _("Un caso «%(estado)s» no puede remitirse.") % {"estado": caso.get_estado_display()}
        )
    if fecha_envio > timezone.localdate():
        raise ValidationError({"fecha_envio": _("La fecha de envío no puede estar en el futuro.")})
    fecha_no_antes_del_caso(caso, fecha_envio, "fecha_envio")
    pendiente = (
        Remision.objects.filter(caso=caso, entidad=entidad)
        .pendientes()
        .order_by("-fecha_envio")
        .first()
    )
    if pendiente is not None:
        raise ValidationError(
            {
                "entidad": _(
                    "Este caso ya tiene una remisión a %(entidad)s sin responder (enviada el "
                    "%(fecha)s): registre su respuesta o su devolución antes de remitir otra vez."
                )
                % {"entidad": entidad, "fecha": pendiente.fecha_envio.strftime("%d/%m/%Y")}
            }
        )
    contacto = (
        Contacto.objects.filter(entidad=entidad)
        .vigentes(fecha_envio)
        .order_by("-vigente_desde")
        .first()
    )
    remision = guardar(
        Remision(
            caso=caso,
            entidad=entidad,
            contacto=contacto,
            motivo=motivo,
            medio=medio,
            fecha_envio=fecha_envio,
            fecha_limite=sumar_dias_habiles(fecha_envio, plazo_de(entidad)),
            enviada_por=autor,
        ),
        autor,
    )
    actuacion_anotar(
        caso, autor, TipoActuacion.REMISION, _("Remitido a %(entidad)s.") % {"entidad": entidad}
    )
    notificaciones.remision_enviada(remision)
    if caso.estado != Estado.REMITIDO:
        estado_cambiar(caso, Estado.REMITIDO, autor, _("Caso remitido a %(e)s.") % {"e": entidad})
    return remision


def _remision_bloqueada(remision: Remision) -> Remision:
    return (
        Remision.objects.select_for_update().select_related("caso", "entidad").get(pk=remision.pk)
    )


def codigo_dane_del_caso(remision: Remision) -> str:
    """El código DANE del municipio del caso de la remisión (la carpeta de sus archivos)."""
    return remision.caso.municipio.codigo_dane


@transaction.atomic
def remision_registrar_recepcion(
    *, remision: Remision, autor, fecha: datetime.date, medio: str = MedioRecepcion.SISTEMA
) -> Remision:
    """La entidad recibió la remisión: lo marca el enlace, o el gestor diciendo cómo lo supo."""
    remision = _remision_bloqueada(remision)
    if remision.estado != EstadoRemision.ENVIADA:
        raise ValidationError(_("Esta remisión ya tiene registrado el recibido."))
    fecha_no_futura(fecha)
    if fecha < remision.fecha_envio:
        raise ValidationError({"fecha": _("No puede recibirse antes de enviarse.")})
    remision.estado = EstadoRemision.RECIBIDA
    remision.fecha_recepcion = fecha
    remision.medio_recepcion = medio
    remision.recibida_por = autor
    guardar(remision, autor)
    actuacion_anotar(
        remision.caso,
        autor,
        TipoActuacion.REMISION,
        _("%(entidad)s recibió la remisión (%(medio)s).")
        % {"entidad": remision.entidad, "medio": MedioRecepcion(medio).label.lower()},
    )
    notificaciones.remision_al_gestor(
        remision, TipoNotificacion.REMISION_RECIBIDA, _("la entidad recibió la remisión")
    )
    return remision


@transaction.atomic
def remision_registrar_respuesta(
    *,
    remision: Remision,
    autor,
    fecha: datetime.date,
    respuesta: str,
    accion_tomada: str = "",
    archivo=None,
) -> Remision:
    """La entidad respondió: la remisión queda respondida (con el recibido ese día si no lo
    tenía), nunca antes de recibirse; se avisa al gestor."""
    remision = _remision_bloqueada(remision)
    if not remision.pendiente:
        raise ValidationError(_("Esta remisión ya fue respondida o devuelta."))
    fecha_no_futura(fecha)
    if fecha < remision.fecha_envio:
        raise ValidationError({"fecha": _("No puede responderse antes de enviarse.")})
    if remision.estado == EstadoRemision.ENVIADA:
        # Respondida sin acuse previo: el recibido es el mismo día de la respuesta.
        remision.fecha_recepcion = fecha
        remision.recibida_por = autor
    if fecha < remision.fecha_recepcion:
        raise ValidationError({"fecha": _("No puede responderse antes de recibirse.")})
    remision.estado = EstadoRemision.RESPONDIDA
    remision.fecha_respuesta = fecha
    remision.respuesta = respuesta
    remision.accion_tomada = accion_tomada
    if archivo is not None:
        contenido, tipo = contenido_validado(archivo)
        extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[tipo]
        nombre = f"{codigo_dane_del_caso(remision)}/{uuid.uuid4().hex}.{extension}"
        remision.archivo_respuesta.save(nombre, ContentFile(contenido), save=False)
    guardar(remision, autor)
    texto = _("Respuesta de %(entidad)s: %(respuesta)s") % {
        "entidad": remision.entidad,
        "respuesta": respuesta,
    }
    if accion_tomada:
        texto += " " + _("Acción tomada: %(accion)s") % {"accion": accion_tomada}
    actuacion_anotar(remision.caso, autor, TipoActuacion.REMISION, texto)
    notificaciones.remision_al_gestor(
        remision, TipoNotificacion.REMISION_RESPONDIDA, _("la entidad respondió la remisión")
    )
    return remision


@transaction.atomic
def remision_devolver(*, remision: Remision, autor, fecha: datetime.date, motivo: str) -> Remision:
    """La entidad no es competente: devuelve la remisión y el gestor debe remitir a otra."""
    remision = _remision_bloqueada(remision)
    if not remision.pendiente:
        raise ValidationError(_("Esta remisión ya fue respondida o devuelta."))
    if not motivo.strip():
        raise ValidationError({"motivo": _("Diga por qué la entidad no es competente.")})
    fecha_no_futura(fecha)
    remision.estado = EstadoRemision.DEVUELTA
    remision.fecha_devolucion = fecha
    remision.motivo_devolucion = motivo.strip()
    guardar(remision, autor)
    caso = caso_bloquear(remision.caso, None)
    actuacion_anotar(
        caso,
        autor,
        TipoActuacion.REMISION,
        _("%(entidad)s devolvió la remisión: %(motivo)s")
        % {"entidad": remision.entidad, "motivo": remision.motivo_devolucion},
    )
    notificaciones.remision_al_gestor(
        remision, TipoNotificacion.REMISION_DEVUELTA, _("la entidad devolvió la remisión")
    )
    if caso.estado == Estado.REMITIDO and not caso.remisiones.pendientes().exists():
        estado_cambiar(
            caso, Estado.EN_GESTION, autor, _("Remisión devuelta: hay que remitir a otra entidad.")
        )
    return remision


def remitir_a_mebar(*, caso: Caso, autor, fecha: datetime.date, **_senal) -> Remision:
    """La remisión inmediata de un caso de riesgo alto a la estación MEBAR de su municipio, por
    teléfono, al registrarlo (receptor de `casos.senales.remision_inmediata_pedida`)."""
    mebar = estacion_mebar(caso.municipio)
    if mebar is None:
        raise ValidationError(_("El municipio no tiene estación MEBAR registrada."))
    return caso_remitir(
        caso=caso,
        autor=autor,
        entidad=mebar,
        motivo=_("Riesgo alto: remisión inmediata a la estación de Policía."),
        medio=MedioRemision.TELEFONO,
        fecha_envio=fecha,
    )
