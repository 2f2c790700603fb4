"""Quién hace qué con las actividades. Verlas: la regla de alcance de siempre
(`Actividad.objects.visible_para`). Registrarlas y llevar su asistencia: gestores y
coordinadores del municipio. Secretaría y equipo AMB: solo lectura."""

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
