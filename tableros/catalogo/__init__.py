"""El catálogo de indicadores: cada cifra de los tableros y del informe, con su nombre, su
definición en español (la que leen los usuarios en «Cómo se calcula cada cifra») y la función
pequeña que la calcula de los grupos ya contados por la base (`tableros.consultas.reunir`).

`CATALOGO` da el orden en que se muestran: primero las cifras, después los desgloses (tablas).
El tablero, la comparación, el informe y el XLSX leen de aquí nombres, orden y definiciones; un
indicador nuevo (o una meta por indicador, o un dato abierto) se agrega aquí una vez.
"""

from tableros.catalogo import actividades, casos, mediacion, remisiones
from tableros.catalogo.base import COMPARACION, INFORME, TABLERO, TARJETA, Indicador, Unidad

__all__ = ["CATALOGO", "COMPARACION", "INFORME", "TABLERO", "TARJETA", "Indicador", "Unidad"]

CATALOGO: tuple[Indicador, ...] = (
    casos.RECIBIDOS,
    casos.POR_10000,
    casos.CERRADOS,
    casos.CON_ACUERDO_TOTAL_O_PARCIAL,
    casos.TASA_ACUERDO,
    casos.MEDIANA_DIAS_CIERRE,
    casos.REINCIDENTES,
    casos.TASA_REINCIDENCIA,
    casos.REINCIDENTES_FUERA,
    remisiones.ENVIADAS,
    remisiones.RESPONDIDAS,
    remisiones.DEVUELTAS,
    remisiones.TASA_RESPUESTA,
    remisiones.MEDIANA_DEMORA,
    mediacion.SESIONES_REALIZADAS,
    mediacion.SESIONES_NO_REALIZADAS,
    mediacion.ASISTENCIA,
    actividades.REALIZADAS,
    actividades.PARTICIPANTES,
    actividades.ACTIVOS,
    actividades.CERTIFICADOS,
    # Los desgloses, en el orden de las secciones del informe.
    casos.SERIE,
    casos.POR_TIPO,
    casos.POR_ZONA,
    casos.POR_RIESGO,
    casos.RESULTADOS,
    remisiones.POR_ENTIDAD,
    casos.VENCIDOS,
    casos.VERIFICACIONES,
    mediacion.DOCUMENTOS,
    actividades.POR_TIPO_DE_ACTIVIDAD,
    actividades.POR_SEXO,
    actividades.POR_EDAD,
    actividades.POR_ENFOQUE,
    actividades.CARGA,
)
POR_CLAVE = {indicador.clave: indicador for indicador in CATALOGO}


def en(salida: str, *, desgloses: bool = False) -> list[Indicador]:
    """Los indicadores que muestra `salida` (TARJETA, TABLERO, COMPARACION, INFORME), en orden:
    las cifras o, con `desgloses`, las tablas."""
    return [
        indicador
        for indicador in CATALOGO
        if salida in indicador.aparece_en and (indicador.unidad == Unidad.DESGLOSE) == desgloses
    ]


def definiciones(salida: str) -> list[Indicador]:
    """Lo que explica «Cómo se calcula cada cifra» en `salida`: sus cifras y sus desgloses."""
    return [indicador for indicador in CATALOGO if salida in indicador.aparece_en]


def por_grupo(salida: str) -> dict[str, list[Indicador]]:
    """Las definiciones de `salida` por la sección del tablero que las explica."""
    grupos: dict[str, list[Indicador]] = {}
    for indicador in definiciones(salida):
        grupos.setdefault(indicador.grupo, []).append(indicador)
    return grupos
