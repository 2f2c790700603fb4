"""Quién hace qué con las actividades. Verlas: la regla de alcance de siempre
(`Actividad.objects.visible_para`). Registrarlas y llevar su asistencia: gestores y
coordinadores del municipio. Secretaría y equipo AMB: solo lectura."""

from django.db.models import Exists, OuterRef, Q

from capacitaciones.models import Asistencia
from casos.models import Persona
from gestores.models import Rol


def puede_registrar(user) -> bool:
    perfil = getattr(user, "perfil", None)
    return bool(perfil and perfil.rol in (Rol.GESTOR, Rol.COORDINADOR))


def puede_gestionar(user, actividad) -> bool:
    perfil = getattr(user, "perfil", None)
    return bool(
        perfil
        and perfil.rol in (Rol.GESTOR, Rol.COORDINADOR)
        and perfil.municipio_id == actividad.municipio_id
    )


def personas_con_datos_para(user):
    """Las personas que `user` ve sin enmascarar al registrar asistencia: las de sus casos
    (`Persona.objects.con_datos_para`) y las que asistieron a actividades que puede llevar (las
    de su municipio, si es gestor o coordinador: ya ve su lista de asistentes)."""
    perfil = getattr(user, "perfil", None)
    propias = Q(pk__in=Persona.objects.con_datos_para(user).values("pk"))
    if perfil is None or perfil.rol not in (Rol.GESTOR, Rol.COORDINADOR) or not user.is_active:
        return Persona.objects.filter(propias)
    asistio = Exists(
        Asistencia.objects.filter(
            persona=OuterRef("pk"), actividad__municipio_id=perfil.municipio_id
        )
    )
    return Persona.objects.filter(propias | Q(asistio))
