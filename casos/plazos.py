"""Días hábiles en Colombia (festivos de la librería `holidays`, que sigue la Ley Emiliani)."""

import datetime
from functools import cache

import holidays


@cache
def _festivos(anio: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("CO", years=anio))


def es_habil(fecha: datetime.date) -> bool:
    return fecha.weekday() < 5 and fecha not in _festivos(fecha.year)


def sumar_dias_habiles(fecha: datetime.date, dias: int) -> datetime.date:
    """La fecha `dias` días hábiles después de `fecha` (sin contar `fecha`)."""
    while dias > 0:
        fecha += datetime.timedelta(days=1)
        if es_habil(fecha):
            dias -= 1
    return fecha
