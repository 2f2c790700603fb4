"""Lo que se hace con una solicitud de habeas data: registrarla, responder una consulta,
corregir los datos o anonimizarlos (también en la historia). Todo en transacciones."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from capacitaciones.models import Asistencia
from casos.models import (
    Autorizacion,
    Caso,
    Compromiso,
    FusionPersonas,
    Parte,
    Persona,
    TipoDocumento,
)
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
    """Personas cuyas solicitudes atiende `user`: las del registro de su municipio (el
    coordinador) o de todos (el equipo AMB)."""
    if not puede_atender(user):
        return Persona.objects.none()
    return Persona.objects.del_alcance(user)


def registros_del_titular(persona, user):
    """Los registros de la misma persona que la solicitud alcanza: para el coordinador, solo el
    de su municipio; para el equipo AMB, el de cada municipio donde aparece ese documento
    (una solicitud que abarca varios municipios la atiende el equipo AMB)."""
    registros = personas_para(user)
    if persona.clave_documento and municipio_de_alcance(user)[0]:
        return registros.filter(clave_documento=persona.clave_documento).order_by("pk")
    return registros.filter(pk=persona.pk)


def _ids_en_la_historia(registros) -> list[int]:
    """Los ids de los registros y de los que se fusionaron en ellos (su historia es suya)."""
    ids = [p.pk for p in registros]
    return ids + list(
        FusionPersonas.objects.filter(conservada_id__in=ids).values_list("fusionada_id", flat=True)
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


def consulta(persona, user) -> dict:
    """Todo lo que el sistema guarda de una persona (en lo que `user` atiende), en un número
    fijo de consultas."""
    registros = list(registros_del_titular(persona, user).select_related("municipio"))
    return {
        "persona": persona,
        "registros": registros,
        "autorizaciones": list(
            Autorizacion.objects.filter(persona__in=registros)
            .select_related("aviso", "capturada_por", "revocada_por")
            .order_by("capturada_en")
        ),
        "partes": list(
            Parte.objects.filter(persona__in=registros)
            .select_related("caso__municipio", "caso__tipo")
            .order_by("caso__fecha_recepcion")
        ),
        "asistencias": list(
            Asistencia.objects.filter(persona__in=registros)
            .select_related("actividad__municipio", "organizacion")
            .order_by("actividad__inicio")
        ),
        "compromisos": list(
            Compromiso.objects.filter(parte__persona__in=registros)
            .select_related("acuerdo__caso")
            .order_by("fecha_limite")
        ),
        "cambios": Persona.history.filter(id__in=_ids_en_la_historia(registros)).count(),
        "solicitudes": list(
            SolicitudHabeasData.objects.filter(persona__in=registros).order_by("recibida_el")
        ),
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
    """Corrige los datos en cada registro de la persona que `autor` atiende."""
    for campo in cambios:
        if campo not in CAMPOS_CORREGIBLES:
            raise ValueError(campo)
    for persona in _registros_bloqueados(solicitud, autor):
        for campo, valor in cambios.items():
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
    "clave_documento": "",
    "autorizacion": None,
}


@transaction.atomic
def datos_anonimizar(*, solicitud, autor, respuesta) -> SolicitudHabeasData:
    """Reemplaza lo que identifica a la persona en su fila, en toda su historia y en los
    comparendos de su asistencia. Sexo, edad y enfoques quedan: las cifras siguen contando sus
    casos y actividades. Los textos libres de los casos (relatos) se revisan a mano."""
    registros = _registros_bloqueados(solicitud, autor)
    ahora = timezone.now()
    for persona in registros:
        edad = persona.edad_actual
        for campo, valor in ANONIMA.items():
            setattr(persona, campo, valor)
        persona.edad = edad
        persona.full_clean()
        persona._history_user = autor
        persona.save()
        Persona.history.filter(id__in=_ids_en_la_historia([persona])).update(**ANONIMA, edad=edad)
    # La autorización queda revocada y su formato firmado (que lleva el nombre), borrado.
    autorizaciones = Autorizacion.objects.filter(persona__in=registros)
    for autorizacion in autorizaciones.exclude(soporte=""):
        autorizacion.soporte.delete(save=False)
    autorizaciones.filter(revocada_en__isnull=True).update(
        revocada_en=ahora, revocada_por=autor, motivo_revocacion=_("Supresión (habeas data).")
    )
    Asistencia.objects.filter(persona__in=registros).update(comparendo="")
    return _responder(solicitud, autor, respuesta)


def casos_para_revisar(persona, user) -> list[str]:
    """Radicados cuyo relato puede nombrar a la persona: se revisan a mano tras anonimizar."""
    return list(
        Caso.objects.filter(partes__persona__in=registros_del_titular(persona, user))
        .filter(~Q(relato=""))
        .order_by("radicado")
        .values_list("radicado", flat=True)
    )
