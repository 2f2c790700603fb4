"""Lecturas de actividades: listas, detalle, asistencia, cifras, certificados y avance de los
gestores en el currículo. Las escrituras están en services.py."""

import datetime
from decimal import Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from capacitaciones.alcance import personas_con_datos_para
from capacitaciones.models import (
    Actividad,
    Asistencia,
    AsistenciaGestor,
    ConteoAsistencia,
    ConteoEnfoque,
    Enfoque,
    EstadoActividad,
    EvidenciaActividad,
    GrupoEdad,
    Modulo,
    TipoActividad,
)
from casos.models import Sexo
from gestores.models import Gestor, Rol

DURACION = ExpressionWrapper(
    F("actividad__fin") - F("actividad__inicio"), output_field=DurationField()
)


# --- actividades ----------------------------------------------------------------------------------


def actividades_para_lista(usuario):
    """Las actividades que `usuario` ve (su alcance), con municipio, sector y asistentes."""
    return (
        Actividad.objects.visible_para(usuario)
        .select_related("municipio", "sector")
        .annotate(asistentes=Count("asistencias", distinct=True))
    )


def actividades_por_dia(actividades, *, desde: datetime.date, hasta: datetime.date) -> dict:
    """{día: [actividades que empiezan ese día, por hora]} entre `desde` y `hasta` (incluidos)."""
    por_dia: dict[datetime.date, list] = {}
    del_rango = actividades.filter(inicio__date__gte=desde, inicio__date__lte=hasta)
    for actividad in del_rango.order_by("inicio"):
        por_dia.setdefault(timezone.localdate(actividad.inicio), []).append(actividad)
    return por_dia


def gestores_que_asistieron(actividad):
    """Los gestores marcados como asistentes a una sesión de capacitación."""
    return Gestor.objects.filter(asistencias__actividad=actividad).select_related("perfil__usuario")


def evidencias_de(actividad):
    """Las evidencias (fotos, actas) de la actividad."""
    return EvidenciaActividad.objects.filter(actividad=actividad)


def actividad_ficha(actividad) -> dict:
    """Lo que muestra el detalle de una actividad: asistentes, gestores, evidencias, facilitadores,
    entidades y organizaciones, cada lista en una consulta."""
    return {
        "asistencias": list(
            Asistencia.objects.filter(actividad=actividad).select_related("persona", "organizacion")
        ),
        "gestores_asistentes": list(gestores_que_asistieron(actividad)),
        "evidencias": list(evidencias_de(actividad)),
        "facilitadores": list(actividad.facilitadores.all()),
        "entidades": list(actividad.entidades.all()),
        "organizaciones": list(actividad.organizaciones.all()),
    }


# --- asistencia -----------------------------------------------------------------------------------


def asistencias_recientes(actividad, *, cuantas: int = 10) -> list[Asistencia]:
    """Las últimas asistencias registradas en la actividad, con su persona."""
    return list(
        Asistencia.objects.filter(actividad=actividad)
        .select_related("persona")
        .order_by("-pk")[:cuantas]
    )


def asistencias_total(actividad) -> int:
    """Cuántas personas se registraron una a una en la actividad."""
    return Asistencia.objects.filter(actividad=actividad).count()


def conteos_iniciales(actividad) -> dict[str, int]:
    """Los conteos guardados de la multitud, con los nombres de campo de `ConteosForm`."""
    por_sexo_y_edad = {
        f"c_{conteo.sexo}_{conteo.grupo_edad}": conteo.cantidad
        for conteo in ConteoAsistencia.objects.filter(actividad=actividad)
    }
    por_enfoque = {
        f"e_{conteo.enfoque}": conteo.cantidad
        for conteo in ConteoEnfoque.objects.filter(actividad=actividad)
    }
    return por_sexo_y_edad | por_enfoque


def asistencias_con_actividad():
    """Asistencias con su actividad, su municipio y su persona (certificados)."""
    return Asistencia.objects.select_related("actividad__municipio", "persona")


def certificado_por_codigo(codigo: str) -> Asistencia | None:
    """La asistencia de una actividad realizada con ese código de certificado, o None."""
    return (
        asistencias_con_actividad()
        .filter(codigo=codigo, actividad__estado=EstadoActividad.REALIZADA)
        .first()
    )


def persona_por_documento(usuario, *, tipo: str, numero: str):
    """La persona del municipio de `usuario` con ese documento, solo entre las que él ve sin
    enmascarar (`personas_con_datos_para`); None si no la hay o no la ve."""
    return (
        personas_con_datos_para(usuario)
        .filter(
            municipio_id=usuario.perfil.municipio_id,
            tipo_documento=tipo,
            numero_documento=numero.strip().upper(),
        )
        .first()
    )


# --- currículo y certificación --------------------------------------------------------------------


def horas_por_modulo(gestores) -> dict[int, dict[int, Decimal]]:
    """{gestor_id: {modulo_id: horas}}: horas de sesiones realizadas, topadas en las del módulo.

    Una consulta agregada en la base de datos para todos los gestores dados.
    """
    filas = (
        AsistenciaGestor.objects.filter(
            gestor__in=gestores,
            actividad__estado=EstadoActividad.REALIZADA,
            actividad__tipo=TipoActividad.CAPACITACION,
        )
        .values("gestor_id", "actividad__modulo_id", "actividad__modulo__horas")
        .annotate(duracion=Sum(DURACION))
        .order_by()
    )
    resultado: dict[int, dict[int, Decimal]] = {}
    for fila in filas:
        horas = Decimal(fila["duracion"].total_seconds() / 3600).quantize(Decimal("0.1"))
        tope = fila["actividad__modulo__horas"]
        resultado.setdefault(fila["gestor_id"], {})[fila["actividad__modulo_id"]] = min(horas, tope)
    return resultado


def modulos_obligatorios():
    """Los módulos activos que hay que completar para certificarse."""
    return Modulo.objects.filter(activo=True, obligatorio=True)


def gestores_del_curriculo(usuario):
    """Los gestores activos cuyo avance ve `usuario`: los de su alcance; un gestor, solo él."""
    gestores = Gestor.objects.visible_para(usuario).filter(perfil__usuario__is_active=True)
    if usuario.perfil.rol == Rol.GESTOR:
        gestores = gestores.filter(perfil=usuario.perfil)
    return gestores


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
                        "modulo": modulo,
                        "horas": propias.get(modulo.pk, Decimal(0)),
                        "completo": propias.get(modulo.pk, Decimal(0)) >= modulo.horas,
                    }
                    for modulo in modulos
                ],
            }
        )
    return {"modulos": modulos, "filas": filas}
