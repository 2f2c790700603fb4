"""La forma de un indicador del catálogo y los enlaces a las listas que reproducen cada cifra."""

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from capacitaciones.models import EstadoActividad
from municipios.models import Municipio
from tableros.consultas import Datos
from tableros.periodos import Periodo

# Dónde se muestra cada indicador (todos, además, en «Cómo se calcula cada cifra»).
TARJETA = "tarjeta"  # una tarjeta arriba del tablero municipal
TABLERO = "tablero"  # el tablero municipal (en una tarjeta o en su sección)
COMPARACION = "comparacion"  # la tabla «Indicadores del periodo» de la comparación
INFORME = "informe"  # la sección «Resumen» del informe mensual (HTML y XLSX)


class Unidad(enum.StrEnum):
    CANTIDAD = "cantidad"
    PORCENTAJE = "porcentaje"  # 45.5 es 45,5 %
    DIAS = "dias"  # una mediana de días, con un decimal
    POR_10000 = "por_10000"  # por 10.000 habitantes, con dos decimales
    DESGLOSE = "desglose"  # una tabla: filas con su etiqueta y su cifra


@dataclass(frozen=True)
class Indicador:
    """Una cifra: `calculo(datos, municipio)` la saca de los grupos que ya contó la base (sin
    consultas); `enlace(periodo, municipio)`, si lo tiene, es la lista que la reproduce."""

    clave: str
    nombre: str
    definicion: str
    calculo: Callable[[Datos, Municipio], Any] | None
    unidad: Unidad = Unidad.CANTIDAD
    grupo: str = ""  # la sección del tablero municipal que lo explica
    aparece_en: frozenset[str] = frozenset()
    enlace: Callable[[Periodo, Municipio], str] | None = None
    clave_enlace: str = ""  # dónde va el enlace en las cifras; por omisión «<clave>_url»
    icono: str = ""  # la clase de su tarjeta, entera («bi-inbox»: así la ve scripts/iconos.py)
    nota: str = ""  # la advertencia corta junto a su tabla en el informe

    def __post_init__(self):
        if self.enlace and not self.clave_enlace:
            object.__setattr__(self, "clave_enlace", f"{self.clave}_url")

    @property
    def es_porcentaje(self) -> bool:
        return self.unidad == Unidad.PORCENTAJE


def enlace(lista: str, **filtros) -> str:
    """La lista (`casos` o `capacitaciones`) con los filtros que reproducen una cifra."""
    consulta = urlencode(
        [(k, v) for k, vs in filtros.items() for v in (vs if isinstance(vs, list) else [vs])]
    )
    return f"{reverse(f'{lista}:lista')}?{consulta}"


def recibidos_en(periodo: Periodo, municipio: Municipio, **filtros) -> str:
    """La lista de los casos recibidos en el periodo (por su fecha de recepción)."""
    return enlace(
        "casos", municipio=municipio.pk, desde=periodo.desde, hasta=periodo.hasta, **filtros
    )


def cerrados_en(periodo: Periodo, municipio: Municipio, **filtros) -> str:
    """La lista de los casos cerrados en el periodo (por su día de cierre)."""
    return enlace(
        "casos",
        municipio=municipio.pk,
        cerrado_desde=periodo.desde,
        cerrado_hasta=periodo.hasta,
        **filtros,
    )


def realizadas_en(periodo: Periodo, municipio: Municipio, **filtros) -> str:
    """La lista de las actividades realizadas que empiezan en el periodo."""
    return enlace(
        "capacitaciones",
        municipio=municipio.pk,
        desde=periodo.desde,
        hasta=periodo.hasta,
        **filtros,
        estado=EstadoActividad.REALIZADA,
    )


def filas(conteos: dict, municipio: Municipio, opciones, url) -> list[dict]:
    """Una fila por opción de un catálogo, con su cifra (0 si no hay) y la lista que la explica."""
    return [
        {
            "clave": clave,
            "etiqueta": str(etiqueta),
            "n": conteos.get((municipio.pk, clave), 0),
            "url": url(clave),
        }
        for clave, etiqueta in opciones
    ]
