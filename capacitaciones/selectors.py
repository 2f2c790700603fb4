"""Lecturas de actividades: cifras de asistencia y avance de los gestores en el currículo."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from capacitaciones.models import (
    Asistencia,
    ConteoAsistencia,
    ConteoEnfoque,
    Enfoque,
    GrupoEdad,
    Modulo,
)
from capacitaciones.services import horas_por_modulo
from casos.models import Sexo
from gestores.models import Gestor


def cifras_actividad(actividad) -> dict:
    """Asistentes de una actividad: los registrados uno a uno más los contados en multitud.

    No hay doble conteo: los conteos son, por definición, de quienes no se registraron uno a
    uno, y una persona se registra una sola vez por actividad (restricción única).
    """
    individuales = Asistencia.objects.filter(actividad=actividad)
    conteos = ConteoAsistencia.objects.filter(actividad=actividad)

    def sumar(campo, etiquetas):
        de_individuales = dict(individuales.values_list(campo).annotate(n=Count("pk")).order_by())
        de_conteos = dict(conteos.values_list(campo).annotate(n=Sum("cantidad")).order_by())
        return [
            (etiqueta, de_individuales.get(valor, 0) + de_conteos.get(valor, 0))
            for valor, etiqueta in etiquetas
        ]

    enfoques_individuales = individuales.aggregate(
        **{
            enfoque.value: Count("pk", filter=Q(**{f"enfoque_{enfoque.value}": True}))
            for enfoque in Enfoque
        }
    )
    enfoques_contados = dict(
        ConteoEnfoque.objects.filter(actividad=actividad).values_list("enfoque", "cantidad")
    )
    por_sexo = sumar("sexo", Sexo.choices)
    return {
        "total": sum(n for _, n in por_sexo),
        "individuales": individuales.count(),
        "por_sexo": por_sexo,
        "por_edad": sumar("grupo_edad", GrupoEdad.choices),
        "por_enfoque": [
            (
                enfoque.label,
                enfoques_individuales[enfoque.value] + enfoques_contados.get(enfoque.value, 0),
            )
            for enfoque in Enfoque
        ],
    }


def avance_gestores(gestores) -> dict:
    """Para cada gestor: horas por módulo del currículo y si está certificado."""
    gestores = list(
        gestores.select_related("perfil__usuario").order_by("perfil__usuario__first_name")
    )
    modulos = list(Modulo.objects.filter(activo=True))
    horas = horas_por_modulo(gestores)
    filas = []
    for gestor in gestores:
        propias = horas.get(gestor.pk, {})
        filas.append(
            {
                "gestor": gestor,
                "celdas": [
                    {
                        "modulo": m,
                        "horas": propias.get(m.pk, Decimal(0)),
                        "completo": propias.get(m.pk, Decimal(0)) >= m.horas,
                    }
                    for m in modulos
                ],
            }
        )
    return {"modulos": modulos, "filas": filas}


def gestores_de(user):
    return Gestor.objects.visible_para(user)
