"""Los indicadores de los casos: recibidos, cerrados, acuerdos, reincidencia y alertas."""

from django.utils.translation import gettext_lazy as _

from casos.filters import ALERTAS, SIN_SECTOR
from casos.models import NivelRiesgo, Resultado, ResultadoVerificacion
from municipios.models import Municipio, Zona
from tableros.catalogo.base import (
    COMPARACION,
    INFORME,
    TABLERO,
    TARJETA,
    Indicador,
    Unidad,
    cerrados_en,
    enlace,
    filas,
    recibidos_en,
)
from tableros.consultas import Datos, tasa

CON_ACUERDO = [Resultado.ACUERDO_TOTAL, Resultado.ACUERDO_PARCIAL]
TODAS = frozenset({TABLERO, COMPARACION, INFORME})


def casos_por_mes(datos: Datos, municipio: Municipio) -> dict:
    """Recibidos por el mes de su recepción y cerrados por el de su cierre; meses vacíos en 0."""
    meses = datos.periodo.meses
    return {
        "meses": meses,
        "recibidos": [datos.recibidos_mes.get((municipio.pk, mes), 0) for mes in meses],
        "cerrados": [datos.cerrados_mes.get((municipio.pk, mes), 0) for mes in meses],
    }


SERIE = Indicador(
    "serie",
    _("Casos por mes"),
    _(
        "Casos recibidos en cada mes del periodo (por su fecha de recepción) y cerrados en cada "
        "mes (por su día de cierre en hora de Bogotá). Los meses sin casos van en cero."
    ),
    casos_por_mes,
    Unidad.DESGLOSE,
    grupo="meses",
    aparece_en=frozenset({TABLERO, INFORME}),
)


def casos_recibidos(datos: Datos, municipio: Municipio) -> int:
    """Casos con fecha de recepción en el periodo."""
    return sum(casos_por_mes(datos, municipio)["recibidos"])


RECIBIDOS = Indicador(
    "recibidos",
    _("Casos recibidos"),
    _(
        "Casos con fecha de recepción dentro del periodo (el día en que llegaron, en hora de "
        "Bogotá), estén abiertos o cerrados hoy."
    ),
    casos_recibidos,
    grupo="meses",
    aparece_en=TODAS | {TARJETA},
    enlace=recibidos_en,
    icono="bi-inbox",
)


def casos_por_10000(datos: Datos, municipio: Municipio) -> float | None:
    """Recibidos por 10.000 habitantes, con dos decimales; None sin población registrada."""
    if not municipio.poblacion:
        return None
    return round(casos_recibidos(datos, municipio) * 10000 / municipio.poblacion, 2)


POR_10000 = Indicador(
    "por_10000",
    _("Casos por 10.000 habitantes"),
    _(
        "Casos recibidos en el periodo por cada 10.000 habitantes del municipio, según la "
        "población DANE registrada en el sistema, con dos decimales. Sin población registrada no "
        "se calcula."
    ),
    casos_por_10000,
    Unidad.POR_10000,
    aparece_en=frozenset({COMPARACION}),
)


def casos_cerrados(datos: Datos, municipio: Municipio) -> int:
    """Casos cerrados en el periodo según la hora de Bogotá."""
    return sum(casos_por_mes(datos, municipio)["cerrados"])


CERRADOS = Indicador(
    "cerrados",
    _("Casos cerrados"),
    _(
        "Casos cuyo cierre fue dentro del periodo según la hora de Bogotá, aunque se hayan "
        "recibido antes."
    ),
    casos_cerrados,
    grupo="meses",
    aparece_en=TODAS | {TARJETA},
    enlace=cerrados_en,
    icono="bi-check2-circle",
)


def cerrados_con_acuerdo(datos: Datos, municipio: Municipio) -> int:
    """Cerrados en el periodo con acuerdo total o parcial."""
    return sum(datos.por_resultado.get((municipio.pk, r), 0) for r in CON_ACUERDO)


CON_ACUERDO_TOTAL_O_PARCIAL = Indicador(
    "con_acuerdo",
    _("Cerrados con acuerdo (total o parcial)"),
    _("De los casos cerrados en el periodo, los que terminaron con acuerdo total o parcial."),
    cerrados_con_acuerdo,
    grupo="resultados",
    aparece_en=frozenset({TABLERO, INFORME}),
)


def tasa_de_acuerdo(datos: Datos, municipio: Municipio) -> float | None:
    """Cerrados con acuerdo sobre cerrados, en porcentaje; None sin cerrados."""
    return tasa(cerrados_con_acuerdo(datos, municipio), casos_cerrados(datos, municipio))


TASA_ACUERDO = Indicador(
    "tasa_acuerdo",
    _("Tasa de acuerdo"),
    _(
        "Casos cerrados en el periodo con acuerdo total o parcial sobre todos los cerrados en el "
        "periodo, en porcentaje. Sin casos cerrados no hay tasa."
    ),
    tasa_de_acuerdo,
    Unidad.PORCENTAJE,
    grupo="resultados",
    aparece_en=TODAS | {TARJETA},
    icono="bi-hand-thumbs-up",
)


def mediana_dias_para_cerrar(datos: Datos, municipio: Municipio) -> float | None:
    """Mediana de días del día de recepción al día de cierre de los cerrados en el periodo."""
    return datos.dias_cierre.get((municipio.pk,))


MEDIANA_DIAS_CIERRE = Indicador(
    "mediana_dias_cierre",
    _("Mediana de días para cerrar"),
    _(
        "De los casos cerrados en el periodo, los días desde el día de recepción hasta el día de "
        "cierre (hora de Bogotá). Es la mediana: la mitad de esos casos se cerró en ese número de "
        "días o menos."
    ),
    mediana_dias_para_cerrar,
    Unidad.DIAS,
    grupo="resultados",
    aparece_en=TODAS | {TARJETA},
    icono="bi-hourglass-split",
)


def casos_reincidentes(datos: Datos, municipio: Municipio) -> int:
    """Recibidos con alguna parte que ya estaba en un caso del municipio recibido antes."""
    return datos.reincidentes.get((municipio.pk,), 0)


REINCIDENTES = Indicador(
    "reincidentes",
    _("Casos reincidentes"),
    _(
        "Casos recibidos en el periodo con alguna parte (la misma persona registrada en el "
        "municipio) que ya estaba en un caso del municipio recibido antes. Dos registros de la "
        "misma persona cuentan como una sola cuando el coordinador los fusiona."
    ),
    casos_reincidentes,
    grupo="alertas",
    aparece_en=TODAS | {TARJETA},
    enlace=lambda periodo, municipio: recibidos_en(periodo, municipio, reincidente="true"),
    icono="bi-arrow-repeat",
)


def tasa_de_reincidencia(datos: Datos, municipio: Municipio) -> float | None:
    """Reincidentes sobre recibidos, en porcentaje; None sin recibidos."""
    return tasa(casos_reincidentes(datos, municipio), casos_recibidos(datos, municipio))


TASA_REINCIDENCIA = Indicador(
    "tasa_reincidencia",
    _("Tasa de reincidencia"),
    _("Casos reincidentes sobre casos recibidos en el periodo, en porcentaje."),
    tasa_de_reincidencia,
    Unidad.PORCENTAJE,
    grupo="alertas",
    aparece_en=TODAS,
)

# Sin cálculo aquí: su propia consulta (consultas.reincidentes_de_otro_municipio), solo para
# quien ve todos los municipios.
REINCIDENTES_FUERA = Indicador(
    "reincidentes_fuera",
    _("Casos con alguien que ya tuvo un caso en otro municipio"),
    _(
        "Casos recibidos en el periodo con alguna parte cuyo documento ya estaba en un caso de "
        "otro municipio recibido antes. Se compara un seudónimo del documento, no el documento. "
        "Solo en la comparación metropolitana."
    ),
    None,
    aparece_en=frozenset({COMPARACION}),
)


def casos_por_tipo(datos: Datos, municipio: Municipio) -> list[dict]:
    """Recibidos por tipo de conflicto, de más a menos."""
    return sorted(
        filas(
            datos.por_tipo,
            municipio,
            datos.tipos,
            lambda tipo: recibidos_en(datos.periodo, municipio, tipo=tipo),
        ),
        key=lambda fila: -fila["n"],
    )


POR_TIPO = Indicador(
    "por_tipo",
    _("Casos por tipo de conflicto"),
    _("Casos recibidos en el periodo según su tipo de conflicto, de más a menos."),
    casos_por_tipo,
    Unidad.DESGLOSE,
    grupo="tipo",
    aparece_en=TODAS,
)


def casos_por_zona(datos: Datos, municipio: Municipio) -> list[dict]:
    """Recibidos por la zona de su sector (y los que no tienen sector)."""
    return filas(
        datos.por_zona,
        municipio,
        [*Zona.choices, (None, _("Sin sector"))],
        lambda zona: recibidos_en(datos.periodo, municipio, zona=zona or SIN_SECTOR),
    )


POR_ZONA = Indicador(
    "por_zona",
    _("Casos por zona"),
    _(
        "Casos recibidos en el periodo según la zona (urbana o rural) de su sector; «Sin sector» "
        "si no lo tienen."
    ),
    casos_por_zona,
    Unidad.DESGLOSE,
    grupo="zona",
    aparece_en=TODAS,
)


def casos_por_riesgo(datos: Datos, municipio: Municipio) -> list[dict]:
    """Recibidos por nivel de riesgo."""
    return filas(
        datos.por_riesgo,
        municipio,
        NivelRiesgo.choices,
        lambda nivel: recibidos_en(datos.periodo, municipio, nivel_riesgo=nivel),
    )


POR_RIESGO = Indicador(
    "por_riesgo",
    _("Casos por nivel de riesgo"),
    _("Casos recibidos en el periodo según el nivel de riesgo que se les dio."),
    casos_por_riesgo,
    Unidad.DESGLOSE,
    grupo="riesgo",
    aparece_en=TODAS,
)


def resultados_de_los_cerrados(datos: Datos, municipio: Municipio) -> list[dict]:
    """Cerrados en el periodo por su resultado."""
    return filas(
        datos.por_resultado,
        municipio,
        Resultado.choices,
        lambda resultado: cerrados_en(datos.periodo, municipio, resultado=resultado),
    )


RESULTADOS = Indicador(
    "resultados",
    _("Resultado de los casos cerrados"),
    _("Casos cerrados en el periodo según el resultado con que se cerraron."),
    resultados_de_los_cerrados,
    Unidad.DESGLOSE,
    grupo="resultados",
    aparece_en=TODAS,
)


def casos_con_alertas(datos: Datos, municipio: Municipio) -> list[dict]:
    """Abiertos hoy con cada alerta: una foto del día en que se consulta, no del periodo."""
    alertas = datos.alertas.get(municipio.pk, {})
    return [
        {
            "clave": clave,
            "etiqueta": str(etiqueta),
            "n": alertas.get(clave, 0),
            "url": enlace("casos", municipio=municipio.pk, alerta=clave),
        }
        for clave, etiqueta in ALERTAS
    ]


VENCIDOS = Indicador(
    "vencidos",
    _("Casos abiertos con alertas"),
    _(
        "Casos abiertos hoy con cada alerta: sin seguimiento en 15 días, remisión vencida sin "
        "respuesta o verificación del acuerdo atrasada. Es una foto del día en que se consulta, "
        "no del periodo; un caso puede tener varias alertas."
    ),
    casos_con_alertas,
    Unidad.DESGLOSE,
    grupo="alertas",
    aparece_en=TODAS,
    nota=_("A la fecha en que se genera el informe."),
)


def acuerdos_verificados(datos: Datos, municipio: Municipio) -> list[dict]:
    """Acuerdos verificados en el periodo, por el resultado de la verificación."""
    periodo = datos.periodo
    return filas(
        datos.verificados,
        municipio,
        ResultadoVerificacion.choices,
        lambda resultado: enlace(
            "casos",
            municipio=municipio.pk,
            verificacion=resultado,
            verificado_desde=periodo.desde,
            verificado_hasta=periodo.hasta,
        ),
    )


VERIFICACIONES = Indicador(
    "verificaciones",
    _("Acuerdos verificados"),
    _(
        "Acuerdos con fecha de verificación dentro del periodo, según el resultado de la "
        "verificación (se cuentan acuerdos, no casos)."
    ),
    acuerdos_verificados,
    Unidad.DESGLOSE,
    grupo="acuerdos",
    aparece_en=frozenset({TABLERO, INFORME}),
)
