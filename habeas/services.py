"""Lo que se hace con una solicitud de habeas data: registrarla, responder una consulta,
corregir los datos o anonimizarlos (también en la historia). Todo en transacciones. Las
lecturas están en selectors.py."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from capacitaciones.models import Asistencia
from casos.models import Autorizacion, Persona, TipoDocumento
from comun.modelos import guardar
from habeas.models import EstadoSolicitud, SolicitudHabeasData
from habeas.selectors import ids_en_la_historia, puede_atender, registros_del_titular

CAMPOS_CORREGIBLES = [
    "tipo_documento",
    "numero_documento",
    "nombres",
    "apellidos",
    "sexo",
    "fecha_nacimiento",
    "edad",
    "telefono",
    "direccion",
    "correo",
]


@transaction.atomic
def solicitud_registrar(*, persona, tipo, recibida_el, descripcion, autor) -> SolicitudHabeasData:
    """Registra una solicitud recibida con sus plazos legales (Ley 1581: días hábiles desde el
    recibo). Regla: la fecha de recibo no puede estar en el futuro."""
    if recibida_el > timezone.localdate():
        raise ValidationError({"recibida_el": _("La fecha de recibo no puede estar en el futuro.")})
    solicitud = SolicitudHabeasData(
        persona=persona,
        tipo=tipo,
        recibida_el=recibida_el,
        descripcion=descripcion,
        registrada_por=autor,
    )
    solicitud.calcular_plazos()
    return guardar(solicitud)


def _responder(solicitud, autor, respuesta):
    solicitud = SolicitudHabeasData.objects.select_for_update().get(pk=solicitud.pk)
    if solicitud.estado != EstadoSolicitud.RECIBIDA:
        raise ValidationError(_("Esta solicitud ya fue respondida."))
    solicitud.estado = EstadoSolicitud.RESPONDIDA
    solicitud.respuesta = respuesta
    solicitud.respondida_el = timezone.now()
    solicitud.respondida_por = autor
    return guardar(solicitud)


@transaction.atomic
def consulta_responder(*, solicitud, autor, respuesta) -> SolicitudHabeasData:
    """Responde una solicitud de consulta (el reporte se entrega aparte). Regla: una solicitud se
    responde una sola vez."""
    return _responder(solicitud, autor, respuesta)


def _registros_bloqueados(solicitud, autor):
    if not puede_atender(autor):
        raise PermissionDenied
    ids = registros_del_titular(solicitud.persona, autor).values("pk")
    registros = list(Persona.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if not registros:
        raise PermissionDenied
    return registros


@transaction.atomic
def datos_corregir(*, solicitud, autor, respuesta, **cambios) -> SolicitudHabeasData:
    """Corrige los datos en cada registro de la persona que `autor` atiende y responde la
    solicitud. Regla: solo los CAMPOS_CORREGIBLES; sin autorización no se guarda contacto."""
    for campo in cambios:
        if campo not in CAMPOS_CORREGIBLES:
            raise ValueError(campo)
    for persona in _registros_bloqueados(solicitud, autor):
        for campo, valor in cambios.items():
            setattr(persona, campo, valor)
        if not persona.autoriza_datos:
            # Sin autorización no se guarda contacto.
            persona.telefono = persona.direccion = persona.correo = ""
        guardar(persona, autor)
    return _responder(solicitud, autor, respuesta)


ANONIMA = {
    "nombres": "Persona anonimizada",
    "apellidos": "",
    "tipo_documento": TipoDocumento.SD,
    "numero_documento": "",
    "telefono": "",
    "direccion": "",
    "correo": "",
    "fecha_nacimiento": None,
    "clave_documento": "",
    "autorizacion": None,
}


@transaction.atomic
def datos_anonimizar(*, solicitud, autor, respuesta) -> SolicitudHabeasData:
    """Reemplaza lo que identifica a la persona en su fila, en toda su historia y en los
    comparendos de su asistencia. Sexo, edad y enfoques quedan: las cifras siguen contando sus
    casos y actividades. Los textos libres de los casos (relatos) se revisan a mano. Regla: solo
    los registros que `autor` atiende, bloqueados mientras se reemplazan."""
    registros = _registros_bloqueados(solicitud, autor)
    ahora = timezone.now()
    for persona in registros:
        edad = persona.edad_actual
        for campo, valor in ANONIMA.items():
            setattr(persona, campo, valor)
        persona.edad = edad
        guardar(persona, autor)
        Persona.history.filter(id__in=ids_en_la_historia([persona])).update(**ANONIMA, edad=edad)
    # La autorización queda revocada y su formato firmado (que lleva el nombre), borrado.
    autorizaciones = Autorizacion.objects.filter(persona__in=registros)
    for autorizacion in autorizaciones.exclude(soporte=""):
        autorizacion.soporte.delete(save=False)
    autorizaciones.filter(revocada_en__isnull=True).update(
        revocada_en=ahora, revocada_por=autor, motivo_revocacion=_("Supresión (habeas data).")
    )
    Asistencia.objects.filter(persona__in=registros).update(comparendo="")
    return _responder(solicitud, autor, respuesta)
