import datetime

from django import template
from django.utils.formats import date_format, number_format

from tableros.informe import Mes, Porcentaje

register = template.Library()


@register.filter
def celda(valor):
    """Una celda del informe: porcentajes con %, meses con su nombre, vacíos con raya."""
    if valor is None:
        return "—"
    if isinstance(valor, Porcentaje):
        return f"{number_format(valor, 1)}\u00a0%"
    if isinstance(valor, Mes):
        return date_format(valor, "F Y").capitalize()
    if isinstance(valor, datetime.date):
        return date_format(valor, "SHORT_DATE_FORMAT")
    if isinstance(valor, float):
        return number_format(valor, 1)
    return valor
