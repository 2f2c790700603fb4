"""Quién ve y quién hace qué con los casos (DESIGN §4 y §5, Ley 1581 de 2012). Un solo lugar.

- Ver un caso: su municipio (gestor, coordinador, secretaría) o todos (AMB, superusuario). Los
  enlaces institucionales ven casos solo a través de sus remisiones (entrega siguiente): aquí nada.
- Datos personales de las partes: completos para el gestor responsable, el coordinador del
  municipio y el equipo AMB; los otros gestores del municipio y la secretaría ven nombres y
  documentos enmascarados. Los datos de menores, solo el gestor responsable y el coordinador.
- Evidencias y archivos de respuesta: quien ve los datos de las partes (de menores, si hay).
- Gestionar (actuaciones, remisiones, acuerdos, cierre, adjuntos): el gestor responsable y el
  coordinador del municipio. Reasignar y archivar: el coordinador.
"""

from django.utils.translation import gettext

from casos.models import Parte, es_menor_q
from gestores.models import Rol, rol_de
from municipios.alcance import municipio_de_alcance


def es_coordinador_de(user, caso) -> bool:
    perfil = getattr(user, "perfil", None)
    return bool(
        perfil and perfil.rol == Rol.COORDINADOR and perfil.municipio_id == caso.municipio_id
    )


def puede_registrar(user) -> bool:
    return rol_de(user) in (Rol.GESTOR, Rol.COORDINADOR)


def puede_gestionar(user, caso) -> bool:
    return caso.gestor_id == user.pk or es_coordinador_de(user, caso)


def puede_reasignar(user, caso) -> bool:
    return es_coordinador_de(user, caso)


def ve_datos_personales(user, caso) -> bool:
    """Nombres, documentos y contacto de las partes sin enmascarar."""
    todos, _ = municipio_de_alcance(user)
    return todos or puede_gestionar(user, caso)


def ve_datos_de_menores(user, caso) -> bool:
    return puede_gestionar(user, caso)


def ve_evidencias(user, caso, *, con_menores: bool | None = None) -> bool:
    """Los archivos del caso (actas, fotos, respuestas de las entidades) llevan los datos de las
    partes: solo para quien los ve sin enmascarar, y si alguna parte es menor de edad, para quien
    ve los de menores. `con_menores`: si ya se sabe (la página del caso tiene las partes)."""
    if not ve_datos_personales(user, caso):
        return False
    if ve_datos_de_menores(user, caso):
        return True
    if con_menores is None:
        con_menores = Parte.objects.filter(es_menor_q("persona__"), caso=caso).exists()
    return not con_menores


def puede_buscar_por_partes(user) -> str:
    """Hasta dónde busca `user` casos por nombre o documento de una parte.

    "todos": en todos los casos visibles (coordinador, AMB); "propios": en los suyos (gestor);
    "": en ninguno (secretaría: ve los datos enmascarados, no busca personas).
    """
    todos, _ = municipio_de_alcance(user)
    rol = rol_de(user)
    if todos or rol == Rol.COORDINADOR:
        return "todos"
    if rol == Rol.GESTOR:
        return "propios"
    return ""


def busca_menores(user) -> bool:
    """Si la búsqueda por partes de `user` alcanza a los menores de edad: sí para quien ve sus
    datos en todos los casos donde busca (el coordinador en su municipio, el gestor en los
    suyos); no para el equipo AMB ni los superusuarios (`ve_datos_de_menores`)."""
    todos, _ = municipio_de_alcance(user)
    return not todos and rol_de(user) in (Rol.COORDINADOR, Rol.GESTOR)


def nombre_en_el_admin(persona) -> str:
    """Cómo ve a una persona el equipo AMB en el admin: con su nombre, salvo si es menor de edad
    (sus datos son solo del gestor responsable y del coordinador, como en las pantallas)."""
    return gettext("Menor de edad (reservado)") if persona.es_menor else str(persona)
