"""Los indicadores de la mediación: sesiones realizadas y no realizadas, asistencia de las partes
citadas y actas y constancias emitidas por tipo.

Las sesiones se cuentan por la fecha y hora de su inicio (hora de Bogotá), no por el día en que
el gestor las registró: una sesión del periodo registrada después entra cuando se registra. Los
documentos, por el día de emisión de su primera versión: una corrección no se vuelve a contar.
"""

from django.utils.translation import gettext_lazy as _

from casos.models import DocumentoMediacionTipo
from mediacion.models import EstadoSesion
from municipios.models import Municipio
from tableros.catalogo.base import COMPARACION, INFORME, TABLERO, Indicador, Unidad, filas
from tableros.consultas import Datos, tasa

REGISTRADAS = (EstadoSesion.REALIZADA, EstadoSesion.NO_REALIZADA)


def _sesiones(datos: Datos, municipio: Municipio, estado: str, cifra: str = "n") -> int:
    return datos.sesiones.get((municipio.pk, estado), {}).get(cifra, 0)


def sesiones_realizadas(datos: Datos, municipio: Municipio) -> int:
    """Sesiones en estado «realizada» que empiezan en el periodo."""
    return _sesiones(datos, municipio, EstadoSesion.REALIZADA)


SESIONES_REALIZADAS = Indicador(
    "sesiones_realizadas",
    _("Sesiones de mediación realizadas"),
    _(
        "Sesiones de mediación registradas como «realizada» cuya fecha y hora de inicio cae dentro "
        "del periodo (hora de Bogotá). Cuenta la fecha de la sesión, no la del registro: una "
        "sesión del periodo que el gestor registra después se suma entonces."
    ),
    sesiones_realizadas,
    grupo="mediacion",
    aparece_en=frozenset({TABLERO, COMPARACION, INFORME}),
    icono="bi-people-fill",
)


def sesiones_no_realizadas(datos: Datos, municipio: Municipio) -> int:
    """Sesiones en estado «no realizada» que empiezan en el periodo."""
    return _sesiones(datos, municipio, EstadoSesion.NO_REALIZADA)


SESIONES_NO_REALIZADAS = Indicador(
    "sesiones_no_realizadas",
    _("Sesiones de mediación no realizadas"),
    _(
        "Sesiones de mediación con inicio dentro del periodo (hora de Bogotá) registradas como "
        "«no realizada» porque alguna parte citada no asistió. Las reprogramadas y las que aún "
        "no se registran no cuentan aquí."
    ),
    sesiones_no_realizadas,
    grupo="mediacion",
    aparece_en=frozenset({TABLERO, INFORME}),
    icono="bi-calendar-x",
)


def asistencia_de_las_partes(datos: Datos, municipio: Municipio) -> float | None:
    """Citaciones con asistencia sobre citaciones de las sesiones registradas del periodo, en
    porcentaje; None sin citaciones."""
    citadas = sum(_sesiones(datos, municipio, estado, "citadas") for estado in REGISTRADAS)
    asistieron = sum(_sesiones(datos, municipio, estado, "asistieron") for estado in REGISTRADAS)
    return tasa(asistieron, citadas)


ASISTENCIA = Indicador(
    "asistencia_partes",
    _("Asistencia de las partes"),
    _(
        "De las partes citadas a las sesiones de mediación registradas (realizadas o no "
        "realizadas) con inicio dentro del periodo, las que asistieron, en porcentaje. Cada "
        "citación cuenta una vez: una parte citada a tres sesiones cuenta tres. Sin sesiones "
        "registradas en el periodo no hay tasa."
    ),
    asistencia_de_las_partes,
    Unidad.PORCENTAJE,
    grupo="mediacion",
    aparece_en=frozenset({TABLERO, COMPARACION, INFORME}),
    icono="bi-person-check",
)


def documentos_por_tipo(datos: Datos, municipio: Municipio) -> list[dict]:
    """Primeras versiones emitidas en el periodo, por tipo de documento (los cuatro, en cero si
    no hay)."""
    return filas(datos.documentos, municipio, DocumentoMediacionTipo.choices, lambda _tipo: None)


DOCUMENTOS = Indicador(
    "documentos_mediacion",
    _("Actas y constancias emitidas"),
    _(
        "Actas de acuerdo (total o parcial), constancias de no acuerdo y constancias de "
        "inasistencia emitidas dentro del periodo (por el día de emisión en hora de Bogotá), por "
        "tipo. Cada número se cuenta una vez, en la fecha de su primera versión: las correcciones "
        "(versiones nuevas del mismo número) no se suman."
    ),
    documentos_por_tipo,
    Unidad.DESGLOSE,
    grupo="mediacion",
    aparece_en=frozenset({TABLERO, INFORME}),
)
