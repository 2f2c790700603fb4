"""El informe mensual de un municipio como secciones de tabla: las mismas para el HTML imprimible
y para el XLSX, así que los dos (y el tablero, que lee los mismos indicadores) dicen lo mismo.
Nombres, orden, notas y definiciones salen del catálogo (`tableros/catalogo/`)."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tableros import catalogo
from tableros.catalogo import INFORME, Indicador


class Porcentaje(float):
    """Un valor en puntos porcentuales (45.5 es 45,5 %); el XLSX lo escribe como 0,455 con %."""


class Mes(datetime.date):
    """El primer día de un mes que se muestra como mes («octubre 2026»)."""


@dataclass
class Seccion:
    titulo: str
    columnas: list[str]
    filas: list[list] = field(default_factory=list)
    nota: str = ""


def _pct(valor):
    return None if valor is None else Porcentaje(valor)


def _valor(indicador: Indicador, cifras: dict):
    """La cifra de un indicador como celda: los porcentajes marcados para el XLSX."""
    valor = cifras[indicador.clave]
    return _pct(valor) if indicador.es_porcentaje else valor


def _por_mes(serie: dict) -> tuple[list, list]:
    return [_("Mes"), _("Recibidos"), _("Cerrados")], [
        [Mes(mes.year, mes.month, 1), recibidos, cerrados]
        for mes, recibidos, cerrados in zip(
            serie["meses"], serie["recibidos"], serie["cerrados"], strict=True
        )
    ]


def _simple(columna: str, cuantos: str):
    """Una tabla de etiqueta y cifra (las filas de un desglose)."""

    def tabla(filas: list[dict]) -> tuple[list, list]:
        return [columna, cuantos], [[fila["etiqueta"], fila["n"]] for fila in filas]

    return tabla


def _remisiones(filas: list[dict]) -> tuple[list, list]:
    columnas = [
        _("Entidad"),
        _("Tipo"),
        _("Enviadas"),
        _("Respondidas"),
        _("Devueltas"),
        _("Tasa de respuesta"),
        _("Mediana de días de respuesta"),
    ]
    return columnas, [
        [
            r["entidad"],
            r["tipo"],
            r["enviadas"],
            r["respondidas"],
            r["devueltas"],
            _pct(r["tasa_respuesta"]),
            r["mediana_demora"],
        ]
        for r in filas
    ]


def _actividades(filas: list[dict]) -> tuple[list, list]:
    return [_("Tipo"), _("Realizadas"), _("Programadas"), _("Canceladas")], [
        [a["etiqueta"], a["realizadas"], a["programadas"], a["canceladas"]] for a in filas
    ]


def _gestores(filas: list[dict]) -> tuple[list, list]:
    columnas = [
        _("Gestor"),
        _("Certificado desde"),
        _("Casos abiertos"),
        _("Recibidos"),
        _("Cerrados"),
    ]
    return columnas, [
        [g["nombre"], g["certificado_en"], g["abiertos"], g["recibidos"], g["cerrados"]]
        for g in filas
    ]


def _tablas() -> dict:
    """Cómo se escribe cada desglose del catálogo como tabla: {clave: filas → (columnas, filas)}.

    Un desglose nuevo del catálogo con `INFORME` en `aparece_en` necesita su tabla aquí."""
    casos, participantes = _("Casos"), _("Participantes")
    return {
        "serie": _por_mes,
        "por_tipo": _simple(_("Tipo"), casos),
        "por_zona": _simple(_("Zona"), casos),
        "por_riesgo": _simple(_("Nivel de riesgo"), casos),
        "resultados": _simple(_("Resultado"), casos),
        "remisiones": _remisiones,
        "vencidos": _simple(_("Alerta"), casos),
        "verificaciones": _simple(_("Resultado de la verificación"), _("Acuerdos")),
        "documentos_mediacion": _simple(_("Documento"), _("Emitidos")),
        "actividades": _actividades,
        "por_sexo": _simple(_("Sexo"), participantes),
        "por_edad": _simple(_("Grupo de edad"), participantes),
        "por_enfoque": _simple(_("Enfoque"), participantes),
        "gestores": _gestores,
    }


def secciones(cifras: dict) -> list[Seccion]:
    """El resumen (las cifras del catálogo para el informe, en su orden), una sección por
    desglose y, al final, la definición de cada cifra («Cómo se calcula cada cifra»)."""
    resumen = Seccion(
        _("Resumen"),
        [_("Indicador"), _("Valor")],
        [[str(i.nombre), _valor(i, cifras)] for i in catalogo.en(INFORME)],
    )
    tablas = _tablas()
    desgloses = []
    for indicador in catalogo.en(INFORME, desgloses=True):
        columnas, filas = tablas[indicador.clave](cifras[indicador.clave])
        desgloses.append(Seccion(str(indicador.nombre), columnas, filas, str(indicador.nota)))
    definiciones = Seccion(
        _("Cómo se calcula cada cifra"),
        [_("Indicador"), _("Definición")],
        [[str(i.nombre), str(i.definicion)] for i in catalogo.definiciones(INFORME)],
    )
    return [resumen, *desgloses, definiciones]
