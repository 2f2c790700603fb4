"""Traer un objeto con el alcance de quien pregunta."""

from django.http import Http404
from django.shortcuts import get_object_or_404


def visible_o_404(consulta, usuario, **filtros):
    """El objeto de `consulta.visible_para(usuario)` que cumple `filtros`; si no lo ve: 404.

    La regla de alcance (DESIGN §4) vive en el método `visible_para` del QuerySet de cada
    modelo; aquí solo se aplica. Fuera del alcance y no existe responden igual (404): quien
    escribe un número ajeno en la URL no aprende si existe. Un valor que no es del tipo de la
    columna (una letra donde va un número) también es 404, no 500.
    """
    try:
        return get_object_or_404(consulta.visible_para(usuario), **filtros)
    except (ValueError, TypeError) as error:
        raise Http404 from error
