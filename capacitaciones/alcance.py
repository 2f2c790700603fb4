"""Quién hace qué con las actividades. Verlas: la regla de alcance de siempre
(`Actividad.objects.visible_para`). Registrarlas y llevar su asistencia: gestores y
coordinadores del municipio. Secretaría y equipo AMB: solo lectura.

Nombres y documentos de los asistentes (y su certificado, que los lleva): quien responde por la
actividad (el gestor que la registró o la facilita), el coordinador del municipio y el equipo
AMB; los de un menor de edad, solo quien responde por ella y el coordinador (como los casos,
casos/alcance.py). Los demás ven sexo y grupo de edad.
"""

from django.db.models import Exists, OuterRef, Q

from capacitaciones.models import Asistencia
from casos.models import Persona
from gestores.models import Rol
from municipios.alcance import municipio_de_alcance


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


def responde_por(user, actividad) -> bool:
    """El coordinador del municipio, o un gestor del municipio que la registró o la facilita."""
    if not puede_gestionar(user, actividad):
        return False
    return (
        user.perfil.rol == Rol.COORDINADOR
        or actividad.registrada_por_id == user.pk
        or actividad.facilitadores.filter(pk=user.pk).exists()
    )


def ve_datos_de_asistentes(user, actividad) -> bool:
    return municipio_de_alcance(user)[0] or responde_por(user, actividad)


def puede_imprimir_certificado(user, asistencia) -> bool:
    """El certificado lleva nombre y documento: quien los ve sin enmascarar. Si no, la vista
    responde 404 (no confirma que exista)."""
    if asistencia.persona.es_menor:
        return responde_por(user, asistencia.actividad)
    return ve_datos_de_asistentes(user, asistencia.actividad)


def personas_con_datos_para(user):
    """Las personas que `user` ve sin enmascarar al registrar asistencia: las de sus casos
    (`Persona.objects.con_datos_para`: el coordinador, todas las del municipio) y las que
    asistieron a actividades por las que responde (`responde_por`: ya ve su lista)."""
    perfil = getattr(user, "perfil", None)
    propias = Q(pk__in=Persona.objects.con_datos_para(user).values("pk"))
    if perfil is None or perfil.rol != Rol.GESTOR or not user.is_active:
        return Persona.objects.filter(propias)
    suyas = Q(actividad__registrada_por=user) | Q(actividad__facilitadores=user)
    asistio = Exists(
        Asistencia.objects.filter(
            suyas, persona=OuterRef("pk"), actividad__municipio_id=perfil.municipio_id
        )
    )
    return Persona.objects.filter(propias | Q(asistio))
