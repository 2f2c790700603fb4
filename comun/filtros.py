"""Lo común a las listas filtradas (casos y actividades)."""

import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.text import Truncator

# Lo que se repite de un texto escrito en un filtro (la búsqueda): la línea es un recordatorio.
LARGO_EN_LA_LINEA = 60


def filtros_aplicados(filtro) -> list[str]:
    """«Etiqueta: valor» de cada filtro en uso, para la línea junto a la cuenta de resultados.

    Con el panel de filtros plegado (así llega quien toca una cifra de un tablero en el
    teléfono), esa línea dice qué se está viendo. Solo lee lo que el formulario ya validó: los
    objetos elegidos (municipio, gestor, entidad…) ya están cargados y no cuestan consultas.
    """
    form = filtro.form
    if not form.is_bound:
        return []
    form.is_valid()
    aplicados = []
    for nombre, campo in form.fields.items():
        valor = form.cleaned_data.get(nombre)
        if valor is None or valor is False or valor == "" or valor == []:
            continue
        if valor is True:
            aplicados.append(str(campo.label))
        else:
            aplicados.append(f"{campo.label}: {_texto(campo, valor)}")
    return aplicados


def _texto(campo, valor) -> str:
    if isinstance(campo, forms.ModelMultipleChoiceField):
        return ", ".join(campo.label_from_instance(objeto) for objeto in valor)
    if isinstance(campo, forms.ModelChoiceField):
        return campo.label_from_instance(valor)
    if isinstance(valor, datetime.date):
        return date_format(valor, "SHORT_DATE_FORMAT")
    if isinstance(campo, forms.ChoiceField):
        etiquetas = {str(clave): etiqueta for clave, etiqueta in _opciones(campo.choices)}
        valores = valor if isinstance(valor, list | tuple) else [valor]
        return ", ".join(str(etiquetas.get(str(v), v)) for v in valores)
    return f"«{Truncator(str(valor)).chars(LARGO_EN_LA_LINEA)}»"


def _opciones(opciones):
    """Las opciones de un campo, sin los grupos (optgroup)."""
    for clave, etiqueta in opciones:
        if isinstance(etiqueta, list | tuple):
            yield from _opciones(etiqueta)
        else:
            yield clave, etiqueta
