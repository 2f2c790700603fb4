"""Los indicadores de las actividades, sus participantes y los gestores."""

from django.utils.translation import gettext_lazy as _

from capacitaciones.models import Enfoque, EstadoActividad, GrupoEdad, TipoActividad
from casos.models import ESTADOS_ABIERTOS, Sexo
from municipios.models import Municipio
from tableros.catalogo.base import (
    COMPARACION,
    INFORME,
    TABLERO,
    TARJETA,
    Indicador,
    Unidad,
    enlace,
    realizadas_en,
    recibidos_en,
)
from tableros.consultas import Datos

TODAS = frozenset({TABLERO, COMPARACION, INFORME})


def actividades_por_tipo(datos: Datos, municipio: Municipio) -> list[dict]:
    """Actividades que empiezan en el periodo, por tipo y estado."""
    por_estado = datos.actividades
    return [
        {
            "clave": tipo,
            "etiqueta": str(etiqueta),
            "realizadas": por_estado.get((municipio.pk, tipo, EstadoActividad.REALIZADA), 0),
            "programadas": por_estado.get((municipio.pk, tipo, EstadoActividad.PROGRAMADA), 0),
            "canceladas": por_estado.get((municipio.pk, tipo, EstadoActividad.CANCELADA), 0),
            "url": realizadas_en(datos.periodo, municipio, tipo=tipo),
        }
        for tipo, etiqueta in TipoActividad.choices
    ]


POR_TIPO_DE_ACTIVIDAD = Indicador(
    "actividades",
    _("Actividades por tipo"),
    _(
        "Actividades que empiezan en el periodo (hora de Bogotá), según su tipo y su estado: "
        "realizadas, programadas o canceladas."
    ),
    actividades_por_tipo,
    Unidad.DESGLOSE,
    grupo="actividades",
    aparece_en=frozenset({TABLERO, INFORME}),
)


def actividades_realizadas(datos: Datos, municipio: Municipio) -> int:
    """Actividades realizadas que empiezan en el periodo."""
    return sum(fila["realizadas"] for fila in actividades_por_tipo(datos, municipio))


REALIZADAS = Indicador(
    "realizadas",
    _("Actividades realizadas"),
    _("Actividades en estado «realizada» que empiezan en el periodo (hora de Bogotá)."),
    actividades_realizadas,
    grupo="actividades",
    aparece_en=TODAS | {TARJETA},
    enlace=realizadas_en,
    clave_enlace="actividades_url",
    icono="bi-easel",
)


def _asistentes(datos: Datos, municipio: Municipio, sexo: str, grupo: str) -> int:
    """Los registrados uno a uno más los contados en multitud, de las actividades realizadas."""
    clave = (municipio.pk, sexo, grupo)
    return datos.asistentes.get(clave, 0) + datos.contados.get(clave, 0)


def participantes_por_sexo(datos: Datos, municipio: Municipio) -> list[dict]:
    """Participantes de las actividades realizadas en el periodo, por sexo."""
    return [
        {
            "clave": sexo,
            "etiqueta": str(etiqueta),
            "n": sum(_asistentes(datos, municipio, sexo, grupo) for grupo in GrupoEdad.values),
        }
        for sexo, etiqueta in Sexo.choices
    ]


def participantes(datos: Datos, municipio: Municipio) -> int:
    """Participantes de las actividades realizadas en el periodo: registrados más contados."""
    return sum(fila["n"] for fila in participantes_por_sexo(datos, municipio))


PARTICIPANTES = Indicador(
    "participantes",
    _("Participantes en actividades"),
    _(
        "Asistentes a las actividades realizadas que empiezan en el periodo: los registrados uno "
        "a uno más los contados en multitud."
    ),
    participantes,
    grupo="participantes",
    aparece_en=TODAS | {TARJETA},
    enlace=realizadas_en,
    icono="bi-people",
)

POR_SEXO = Indicador(
    "por_sexo",
    _("Participantes por sexo"),
    _(
        "Participantes en actividades realizadas en el periodo (registrados más contados), por "
        "sexo."
    ),
    participantes_por_sexo,
    Unidad.DESGLOSE,
    grupo="participantes",
    aparece_en=TODAS,
)


def participantes_por_edad(datos: Datos, municipio: Municipio) -> list[dict]:
    """Participantes de las actividades realizadas en el periodo, por grupo de edad."""
    return [
        {
            "clave": grupo,
            "etiqueta": str(etiqueta),
            "n": sum(_asistentes(datos, municipio, sexo, grupo) for sexo in Sexo.values),
        }
        for grupo, etiqueta in GrupoEdad.choices
    ]


POR_EDAD = Indicador(
    "por_edad",
    _("Participantes por grupo de edad"),
    _(
        "Participantes en actividades realizadas en el periodo (registrados más contados), por "
        "grupo de edad."
    ),
    participantes_por_edad,
    Unidad.DESGLOSE,
    grupo="participantes",
    aparece_en=frozenset({TABLERO, INFORME}),
)


def participantes_por_enfoque(datos: Datos, municipio: Municipio) -> list[dict]:
    """Participantes con cada enfoque diferencial (una persona puede tener varios)."""
    registrados = datos.enfoques_asistentes.get(municipio.pk, {})
    return [
        {
            "clave": enfoque.value,
            "etiqueta": str(enfoque.label),
            "n": registrados.get(enfoque.value, 0)
            + datos.enfoques_contados.get((municipio.pk, enfoque.value), 0),
        }
        for enfoque in Enfoque
    ]


POR_ENFOQUE = Indicador(
    "por_enfoque",
    _("Participantes por enfoque diferencial"),
    _(
        "Participantes en actividades realizadas en el periodo con cada enfoque diferencial, "
        "registrados más contados. Una persona puede tener más de un enfoque, así que la suma "
        "puede pasar del total de participantes."
    ),
    participantes_por_enfoque,
    Unidad.DESGLOSE,
    grupo="participantes",
    aparece_en=TODAS,
    nota=_("Una persona puede tener más de un enfoque."),
)


def carga_de_los_gestores(datos: Datos, municipio: Municipio) -> list[dict]:
    """Cada gestor activo: casos abiertos hoy, recibidos y cerrados en el periodo."""
    filas = []
    for gestor in datos.gestores:
        if gestor["municipio"] != municipio.pk:
            continue
        cifras = datos.carga.get((municipio.pk, gestor["usuario"]), {})
        nombre = f"{gestor['usuario__first_name']} {gestor['usuario__last_name']}".strip()
        filas.append(
            {
                "nombre": nombre or gestor["usuario__username"],
                "certificado_en": gestor["gestor__certificado_en"],
                "abiertos": cifras.get("abiertos", 0),
                "recibidos": cifras.get("recibidos", 0),
                "cerrados": cifras.get("cerrados", 0),
                "url_abiertos": enlace(
                    "casos",
                    municipio=municipio.pk,
                    gestor=gestor["usuario"],
                    estado=list(ESTADOS_ABIERTOS),
                ),
                "url_recibidos": recibidos_en(datos.periodo, municipio, gestor=gestor["usuario"]),
            }
        )
    return filas


CARGA = Indicador(
    "gestores",
    _("Gestores y su carga"),
    _(
        "Cada gestor activo del municipio con sus casos abiertos hoy, los recibidos en el periodo "
        "y los cerrados en el periodo."
    ),
    carga_de_los_gestores,
    Unidad.DESGLOSE,
    grupo="gestores",
    aparece_en=frozenset({TABLERO, INFORME}),
)


def gestores_activos(datos: Datos, municipio: Municipio) -> int:
    """Gestores del municipio con usuario activo, certificados o en formación."""
    return len(carga_de_los_gestores(datos, municipio))


ACTIVOS = Indicador(
    "gestores_activos",
    _("Gestores activos"),
    _("Gestores del municipio con su usuario activo hoy, certificados o en formación."),
    gestores_activos,
    grupo="gestores",
    aparece_en=TODAS,
)


def gestores_certificados(datos: Datos, municipio: Municipio) -> int:
    """De los gestores activos, los que tienen fecha de certificación."""
    return sum(1 for fila in carga_de_los_gestores(datos, municipio) if fila["certificado_en"])


CERTIFICADOS = Indicador(
    "gestores_certificados",
    _("Gestores certificados"),
    _("De los gestores activos hoy, los que ya tienen su certificación (los demás, en formación)."),
    gestores_certificados,
    grupo="gestores",
    aparece_en=TODAS,
)
