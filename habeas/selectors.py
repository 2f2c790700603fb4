"""Lecturas de habeas data: a quién atiende cada usuario, sus solicitudes y todo lo que el
sistema guarda de una persona (consulta, art. 14). Las escrituras están en services.py."""

from django.db.models import Q

from capacitaciones.models import Asistencia
from casos.models import Autorizacion, Caso, Compromiso, FusionPersonas, Parte, Persona
from gestores.models import Rol
from habeas.models import SolicitudHabeasData
from municipios.alcance import municipio_de_alcance


def puede_atender(user) -> bool:
    """¿Atiende `user` solicitudes de habeas data? El equipo AMB y el coordinador activo."""
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


def ids_en_la_historia(registros) -> list[int]:
    """Los ids de los registros y de los que se fusionaron en ellos (su historia es suya)."""
    ids = [p.pk for p in registros]
    return ids + list(
        FusionPersonas.objects.filter(conservada_id__in=ids).values_list("fusionada_id", flat=True)
    )


def solicitudes_para(user):
    """Las solicitudes (con su persona) de las personas que `user` atiende (`personas_para`)."""
    return SolicitudHabeasData.objects.filter(persona__in=personas_para(user)).select_related(
        "persona"
    )


def personas_por_nombre(personas, texto: str) -> list[Persona]:
    """Hasta 20 de `personas` que coinciden con `texto` (documento o nombre, sin tildes ni
    mayúsculas), por apellido."""
    return list(personas.buscar(texto).select_related("municipio").order_by("apellidos", "pk")[:20])


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
        "cambios": Persona.history.filter(id__in=ids_en_la_historia(registros)).count(),
        "solicitudes": list(
            SolicitudHabeasData.objects.filter(persona__in=registros).order_by("recibida_el")
        ),
    }


def casos_para_revisar(persona, user) -> list[str]:
    """Radicados cuyo relato puede nombrar a la persona: se revisan a mano tras anonimizar."""
    return list(
        Caso.objects.filter(partes__persona__in=registros_del_titular(persona, user))
        .filter(~Q(relato=""))
        .order_by("radicado")
        .values_list("radicado", flat=True)
    )
