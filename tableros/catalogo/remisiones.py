"""Los indicadores de las remisiones a las entidades: enviadas, respondidas y su demora."""

from django.utils.translation import gettext_lazy as _

from municipios.models import Municipio, TipoEntidad
from tableros.catalogo.base import (
    COMPARACION,
    INFORME,
    TABLERO,
    TARJETA,
    Indicador,
    Unidad,
    enlace,
)
from tableros.consultas import Datos, tasa


def remisiones_por_entidad(datos: Datos, municipio: Municipio) -> list[dict]:
    """Por entidad: enviadas en el periodo; respondidas y devueltas a más tardar su último día."""
    periodo = datos.periodo
    return [
        {
            "entidad": fila["entidad__nombre"],
            "tipo": str(TipoEntidad(fila["entidad__tipo"]).label),
            "enviadas": fila["enviadas"],
            "respondidas": fila["respondidas"],
            "devueltas": fila["devueltas"],
            "tasa_respuesta": tasa(fila["respondidas"], fila["enviadas"]),
            "mediana_demora": datos.demora_entidad.get((municipio.pk, fila["entidad"])),
            "url": enlace(
                "casos",
                municipio=municipio.pk,
                remitido_a=fila["entidad"],
                remitido_desde=periodo.desde,
                remitido_hasta=periodo.hasta,
            ),
        }
        for fila in datos.remisiones
        if fila["municipio"] == municipio.pk
    ]


POR_ENTIDAD = Indicador(
    "remisiones",
    _("Remisiones por entidad"),
    _(
        "Por cada entidad: las remisiones enviadas en el periodo; de ellas, las respondidas y las "
        "devueltas a más tardar el último día del periodo; su tasa de respuesta y la mediana de "
        "días desde el envío hasta la respuesta."
    ),
    remisiones_por_entidad,
    Unidad.DESGLOSE,
    grupo="remisiones",
    aparece_en=frozenset({TABLERO, INFORME}),
    nota=_("Respondidas o devueltas a más tardar el último día del periodo."),
)


def remisiones_enviadas(datos: Datos, municipio: Municipio) -> int:
    """Remisiones con fecha de envío en el periodo."""
    return sum(fila["enviadas"] for fila in remisiones_por_entidad(datos, municipio))


ENVIADAS = Indicador(
    "remisiones_enviadas",
    _("Remisiones enviadas"),
    _("Remisiones con fecha de envío dentro del periodo, a cualquier entidad."),
    remisiones_enviadas,
    grupo="remisiones",
    aparece_en=frozenset({TABLERO, COMPARACION, INFORME}),
)


def remisiones_respondidas(datos: Datos, municipio: Municipio) -> int:
    """De las enviadas en el periodo, las respondidas a más tardar su último día."""
    return sum(fila["respondidas"] for fila in remisiones_por_entidad(datos, municipio))


RESPONDIDAS = Indicador(
    "remisiones_respondidas",
    _("Remisiones respondidas"),
    _(
        "De las remisiones enviadas en el periodo, las respondidas a más tardar su último día: "
        "el informe de un mes no cambia cuando una entidad responde después."
    ),
    remisiones_respondidas,
    grupo="remisiones",
    aparece_en=frozenset({TABLERO, INFORME}),
)


def remisiones_devueltas(datos: Datos, municipio: Municipio) -> int:
    """De las enviadas en el periodo, las devueltas a más tardar su último día."""
    return sum(fila["devueltas"] for fila in remisiones_por_entidad(datos, municipio))


DEVUELTAS = Indicador(
    "remisiones_devueltas",
    _("Remisiones devueltas"),
    _(
        "De las remisiones enviadas en el periodo, las que la entidad devolvió por no ser "
        "competente a más tardar el último día del periodo: hay que remitirlas a otra entidad."
    ),
    remisiones_devueltas,
    grupo="remisiones",
    aparece_en=frozenset({TABLERO, INFORME}),
)


def tasa_de_respuesta(datos: Datos, municipio: Municipio) -> float | None:
    """Respondidas sobre enviadas, en porcentaje; None sin enviadas."""
    return tasa(remisiones_respondidas(datos, municipio), remisiones_enviadas(datos, municipio))


TASA_RESPUESTA = Indicador(
    "tasa_respuesta",
    _("Tasa de respuesta de las remisiones"),
    _(
        "Remisiones respondidas sobre remisiones enviadas en el periodo, en porcentaje. Sin "
        "remisiones enviadas no hay tasa."
    ),
    tasa_de_respuesta,
    Unidad.PORCENTAJE,
    grupo="remisiones",
    aparece_en=frozenset({TARJETA, TABLERO, COMPARACION, INFORME}),
    icono="bi-send-check",
)


def mediana_dias_de_respuesta(datos: Datos, municipio: Municipio) -> float | None:
    """Mediana de días del envío a la respuesta de las enviadas y respondidas en el periodo."""
    return datos.demora_municipio.get((municipio.pk,))


MEDIANA_DEMORA = Indicador(
    "mediana_demora",
    _("Mediana de días de respuesta"),
    _(
        "De las remisiones enviadas y respondidas en el periodo, los días desde el envío hasta la "
        "respuesta. Es la mediana: la mitad se respondió en ese número de días o menos."
    ),
    mediana_dias_de_respuesta,
    Unidad.DIAS,
    grupo="remisiones",
    aparece_en=frozenset({TABLERO, COMPARACION, INFORME}),
)
