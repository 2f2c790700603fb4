"""Lo que se hace con una solicitud de habeas data: registrarla, responder una consulta,
corregir los datos o anonimizarlos (también en la historia). Todo en transacciones."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from capacitaciones.models import Actividad, Asistencia
from casos.models import Caso, Compromiso, Parte, Persona, TipoDocumento
from gestores.models import Rol
from habeas.models import EstadoSolicitud, SolicitudHabeasData
from municipios.alcance import municipio_de_alcance

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
]


def puede_atender(user) -> bool:
    todos, _municipio = municipio_de_alcance(user)
    perfil = getattr(user, "perfil", None)
    return todos or bool(perfil and perfil.rol == Rol.COORDINADOR and user.is_active)


def personas_para(user):
    """Personas cuyas solicitudes atiende `user`: las de los casos y actividades de su alcance."""
    if not puede_atender(user):
        return Persona.objects.none()
    casos = Caso.objects.visible_para(user)
    actividades = Actividad.objects.visible_para(user)
    return Persona.objects.filter(
        Exists(Parte.objects.filter(persona=OuterRef("pk"), caso__in=casos))
        | Exists(Asistencia.objects.filter(persona=OuterRef("pk"), actividad__in=actividades))
    )


def solicitudes_para(user):
    return SolicitudHabeasData.objects.filter(persona__in=personas_para(user))


@transaction.atomic
def solicitud_registrar(*, persona, tipo, recibida_el, descripcion, autor) -> SolicitudHabeasData:
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
    solicitud.full_clean()
    solicitud.save()
    return solicitud


def consulta(persona) -> dict:
    """Todo lo que el sistema guarda de una persona, en un número fijo de consultas."""
    return {
        "persona": persona,
        "partes": list(
            Parte.objects.filter(persona=persona)
            .select_related("caso__municipio", "caso__tipo")
            .order_by("caso__fecha_recepcion")
        ),
        "asistencias": list(
            Asistencia.objects.filter(persona=persona)
            .select_related("actividad__municipio", "organizacion")
            .order_by("actividad__inicio")
        ),
        "compromisos": list(
            Compromiso.objects.filter(parte__persona=persona)
            .select_related("acuerdo__caso")
            .order_by("fecha_limite")
        ),
        "cambios": Persona.history.filter(id=persona.pk).count(),
        "solicitudes": list(persona.solicitudes_habeas.order_by("recibida_el")),
    }


def _responder(solicitud, autor, respuesta):
    solicitud = SolicitudHabeasData.objects.select_for_update().get(pk=solicitud.pk)
    if solicitud.estado != EstadoSolicitud.RECIBIDA:
        raise ValidationError(_("Esta solicitud ya fue respondida."))
    solicitud.estado = EstadoSolicitud.RESPONDIDA
    solicitud.respuesta = respuesta
    solicitud.respondida_el = timezone.now()
    solicitud.respondida_por = autor
    solicitud.full_clean()
    solicitud.save()
    return solicitud


@transaction.atomic
def consulta_responder(*, solicitud, autor, respuesta) -> SolicitudHabeasData:
    return _responder(solicitud, autor, respuesta)


@transaction.atomic
def datos_corregir(*, solicitud, autor, respuesta, **cambios) -> SolicitudHabeasData:
    persona = Persona.objects.select_for_update().get(pk=solicitud.persona_id)
    for campo, valor in cambios.items():
        if campo not in CAMPOS_CORREGIBLES:
            raise ValueError(campo)
        setattr(persona, campo, valor)
    if not persona.autoriza_datos:
        persona.telefono = persona.direccion = ""  # sin autorización no se guarda contacto
    persona.full_clean()
    persona._history_user = autor
    persona.save()
    return _responder(solicitud, autor, respuesta)


ANONIMA = {
    "nombres": "Persona anonimizada",
    "apellidos": "",
    "tipo_documento": TipoDocumento.SD,
    "numero_documento": "",
    "telefono": "",
    "direccion": "",
    "fecha_nacimiento": None,
    "autoriza_datos": False,
    "fecha_autorizacion": None,
}


@transaction.atomic
def datos_anonimizar(*, solicitud, autor, respuesta) -> SolicitudHabeasData:
    """Reemplaza lo que identifica a la persona en su fila, en toda su historia y en los
    comparendos de su asistencia. Sexo, edad y enfoques quedan: las cifras siguen contando sus
    casos y actividades. Los textos libres de los casos (relatos) se revisan a mano."""
    persona = Persona.objects.select_for_update().get(pk=solicitud.persona_id)
    edad = persona.edad_actual
    for campo, valor in ANONIMA.items():
        setattr(persona, campo, valor)
    persona.edad = edad
    persona.full_clean()
    persona._history_user = autor
    persona.save()
    Persona.history.filter(id=persona.pk).update(**ANONIMA, edad=edad)
    Asistencia.objects.filter(persona=persona).update(comparendo="")
    return _responder(solicitud, autor, respuesta)


def casos_para_revisar(persona) -> list[str]:
    """Radicados cuyo relato puede nombrar a la persona: se revisan a mano tras anonimizar."""
    return list(
        Caso.objects.filter(partes__persona=persona)
        .filter(~Q(relato=""))
        .order_by("radicado")
        .values_list("radicado", flat=True)
    )
