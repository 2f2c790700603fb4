"""Las consultas agrupadas de las que sale todo el catálogo de indicadores (`catalogo.py`).

`reunir()` corre cada consulta una vez para todos los municipios pedidos y agrupa por municipio en
la base de datos: el número de consultas no crece con los datos ni con los municipios comparados,
y Python solo suma grupos ya contados (a lo sumo tantos como valores tiene un catálogo).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from capacitaciones.models import (
    Actividad,
    Asistencia,
    ConteoAsistencia,
    ConteoEnfoque,
    Enfoque,
    EstadoActividad,
)
from casos.models import TipoConflicto
from gestores.models import Perfil
from mediacion.models import DocumentoMediacion, EstadoSesion, SesionMediacion
from municipios.models import Municipio
from tableros.models import (
    CargaDelDia,
    CasoAbierto,
    CierresDelDia,
    DuracionDeCierres,
    RecibidosDelDia,
    RemisionContada,
    VerificacionesDelDia,
)
from tableros.periodos import Periodo


@dataclass
class Datos:
    """Los grupos ya contados por la base, con las claves (municipio, …) de cada consulta."""

    periodo: Periodo
    recibidos_mes: dict  # (municipio, mes) → casos recibidos
    cerrados_mes: dict  # (municipio, mes) → casos cerrados
    por_tipo: dict  # (municipio, tipo) → recibidos
    por_zona: dict  # (municipio, zona o None) → recibidos
    por_riesgo: dict  # (municipio, nivel) → recibidos
    por_resultado: dict  # (municipio, resultado) → cerrados
    reincidentes: dict  # (municipio,) → recibidos reincidentes
    dias_cierre: dict  # (municipio,) → mediana de días para cerrar
    alertas: dict  # municipio → {alerta: abiertos hoy con ella}
    remisiones: list  # filas por municipio y entidad: enviadas, respondidas, devueltas
    demora_entidad: dict  # (municipio, entidad) → mediana de días de respuesta
    demora_municipio: dict  # (municipio,) → mediana de días de respuesta
    verificados: dict  # (municipio, resultado de la verificación) → acuerdos
    actividades: dict  # (municipio, tipo, estado) → actividades
    asistentes: dict  # (municipio, sexo, grupo de edad) → asistentes registrados uno a uno
    contados: dict  # (municipio, sexo, grupo de edad) → asistentes contados en multitud
    enfoques_asistentes: dict  # municipio → {enfoque: asistentes registrados con él}
    enfoques_contados: dict  # (municipio, enfoque) → contados con él
    sesiones: dict  # (municipio, estado registrado) → {n: sesiones, citadas, asistieron}
    documentos: dict  # (municipio, tipo) → documentos de mediación emitidos (primera versión)
    carga: dict  # (municipio, gestor) → abiertos, recibidos y cerrados
    gestores: list  # los gestores activos, en orden de nombre
    tipos: list  # (pk, nombre) de los tipos de conflicto, en su orden


def tasa(parte: int, total: int) -> float | None:
    """Porcentaje con un decimal; None si no hay total (no hay tasa sobre cero casos)."""
    return round(100 * parte / total, 1) if total else None


def _dias(valor) -> float:
    return valor.total_seconds() / 86400 if isinstance(valor, datetime.timedelta) else valor


def histogramas(queryset, particion: list[str], valor) -> dict[tuple, list]:
    """{grupo: [(valor, cuántos)]} calculado en la base (agrupa por grupo y valor y cuenta).

    Su tamaño lo limitan los valores distintos (días: a lo sumo los del periodo), no las filas.
    """
    histograma = defaultdict(list)
    for *clave, dato, cuantos in (
        queryset.values(*particion, m_valor=valor)
        .annotate(m_n=Count("pk"))
        .order_by()
        .values_list(*particion, "m_valor", "m_n")
    ):
        histograma[tuple(clave)].append((_dias(dato), cuantos))
    return histograma


def mediana(pares: list[tuple[float, int]]) -> float:
    """La mediana de un histograma [(valor, cuántos)], con un decimal (par: promedio de las dos
    del medio)."""
    pares.sort()
    total = sum(cuantos for _valor, cuantos in pares)

    def en_posicion(posicion):
        acumulado = 0
        for valor, cuantos in pares:
            acumulado += cuantos
            if posicion < acumulado:
                return valor

    return round((en_posicion((total - 1) // 2) + en_posicion(total // 2)) / 2, 1)


def _sumar(filas, *claves, valor="n") -> dict:
    """Suma `valor` de las filas agrupadas por `claves` (marginales de una consulta agrupada)."""
    sumas = defaultdict(int)
    for fila in filas:
        sumas[tuple(fila[c] for c in claves)] += fila[valor]
    return sumas


def _mes(valor) -> datetime.date:
    return valor.date() if isinstance(valor, datetime.datetime) else valor


def _por(filas, *claves, valor="n") -> dict:
    """{(municipio, clave…): valor} de una consulta agrupada."""
    return {tuple(fila[c] for c in claves): fila[valor] for fila in filas}


def _recibidos_del_dia(ids: list[int], periodo: Periodo):
    return RecibidosDelDia.objects.filter(
        municipio__in=ids, fecha__range=(periodo.desde, periodo.hasta)
    )


def _cierres_del_dia(modelo, ids: list[int], periodo: Periodo):
    return modelo.objects.filter(municipio__in=ids, fecha__range=(periodo.desde, periodo.hasta))


def _por_mes(consulta, *claves) -> list[dict]:
    """Las filas de una tabla de resumen sumadas por municipio, mes y `claves`."""
    return [
        {**fila, "mes": _mes(fila["mes"])}
        for fila in consulta.values("municipio", *claves, mes=TruncMonth("fecha"))
        .annotate(n=Sum("casos"))
        .order_by()
    ]


def serie_mensual(ids: list[int], periodo: Periodo) -> dict[int, dict]:
    """Casos recibidos y cerrados por mes de cada municipio (meses sin casos en cero), de las
    tablas de resumen."""
    recibidos = _sumar(_por_mes(_recibidos_del_dia(ids, periodo)), "municipio", "mes")
    cerrados = _sumar(_por_mes(_cierres_del_dia(CierresDelDia, ids, periodo)), "municipio", "mes")
    return {
        municipio: {
            "meses": periodo.meses,
            "recibidos": [recibidos.get((municipio, mes), 0) for mes in periodo.meses],
            "cerrados": [cerrados.get((municipio, mes), 0) for mes in periodo.meses],
        }
        for municipio in ids
    }


def reunir(user, ids: list[int], periodo: Periodo) -> Datos:
    """Corre las consultas agrupadas del catálogo sobre lo que `user` ve de los municipios `ids`.

    Los casos salen de las tablas de resumen por día (`tableros/models.py`, al día en la misma
    transacción que cada cambio): los desgloses son sumas de grupos por día (a lo sumo días por
    tipos por zonas por riesgos), no de casos. Quienes ven un tablero ven todos los casos de su
    municipio, así que el resumen del municipio es lo que verían contando los casos.
    """
    rango = (periodo.desde, periodo.hasta)

    filas_recibidos = [
        {**fila, "sector__zona": fila["zona"] or None}
        for fila in _recibidos_del_dia(ids, periodo)
        .values("municipio", "tipo", "zona", "nivel_riesgo", mes=TruncMonth("fecha"))
        .annotate(n=Sum("casos"), reincidentes=Sum("reincidentes"))
        .order_by()
    ]
    filas_cerrados = _por_mes(_cierres_del_dia(CierresDelDia, ids, periodo), "resultado")
    duraciones = defaultdict(list)
    for municipio, dias, n in (
        _cierres_del_dia(DuracionDeCierres, ids, periodo)
        .values("municipio", "dias")
        .annotate(n=Sum("casos"))
        .values_list("municipio", "dias", "n")
        .order_by()
    ):
        duraciones[(municipio,)].append((dias, n))
    dias_cierre = {clave: mediana(pares) for clave, pares in duraciones.items()}
    alertas = alertas_de_los_abiertos(ids, timezone.now())

    # Las remisiones de los casos de esos municipios (quien ve un tablero las ve todas), de
    # `RemisionContada`: su índice (municipio, envío) no une los casos.
    remisiones = RemisionContada.objects.filter(municipio__in=ids, fecha_envio__range=rango)
    por_entidad = list(
        remisiones.values("municipio", "entidad", "entidad__nombre", "entidad__tipo")
        .annotate(
            enviadas=Count("pk"),
            respondidas=Count("pk", filter=Q(fecha_respuesta__lte=periodo.hasta)),
            devueltas=Count("pk", filter=Q(fecha_devolucion__lte=periodo.hasta)),
        )
        .order_by("entidad__nombre")
    )
    demoras = histogramas(
        remisiones.filter(fecha_respuesta__lte=periodo.hasta),
        ["municipio", "entidad"],
        F("fecha_respuesta") - F("fecha_envio"),
    )
    # La mediana del municipio sale del mismo histograma, juntando sus entidades.
    demoras_municipio = defaultdict(list)
    for (municipio, _entidad), pares in demoras.items():
        demoras_municipio[(municipio,)].extend(pares)

    verificados = _por(
        VerificacionesDelDia.objects.filter(municipio__in=ids, fecha__range=rango)
        .values("municipio", "resultado")
        .annotate(n=Sum("acuerdos"))
        .order_by(),
        "municipio",
        "resultado",
    )

    actividades = Actividad.objects.visible_para(user).filter(
        municipio__in=ids, inicio__gte=periodo.inicio, inicio__lt=periodo.fin
    )
    realizadas = {"actividad__in": actividades.filter(estado=EstadoActividad.REALIZADA)}
    por_sexo_y_edad = ("actividad__municipio", "sexo", "grupo_edad")

    # Las sesiones registradas que empiezan en el periodo y sus citaciones, en una sola consulta:
    # la unión con las citaciones repite la sesión, por eso se cuentan distintas.
    sesiones = {
        (fila["caso__municipio"], fila["estado"]): fila
        for fila in SesionMediacion.objects.visible_para(user)
        .filter(
            caso__municipio__in=ids,
            estado__in=[EstadoSesion.REALIZADA, EstadoSesion.NO_REALIZADA],
            inicio__gte=periodo.inicio,
            inicio__lt=periodo.fin,
        )
        .values("caso__municipio", "estado")
        .annotate(
            n=Count("pk", distinct=True),
            citadas=Count("citaciones"),
            asistieron=Count("citaciones", filter=Q(citaciones__asistio=True)),
        )
        .order_by()
    }
    # Una corrección es una versión nueva del mismo número: solo la primera cuenta.
    documentos = _por(
        DocumentoMediacion.objects.visible_para(user)
        .filter(
            municipio__in=ids,
            version=1,
            emitido_en__gte=periodo.inicio,
            emitido_en__lt=periodo.fin,
        )
        .values("municipio", "tipo")
        .annotate(n=Count("pk"))
        .order_by(),
        "municipio",
        "tipo",
    )

    return Datos(
        periodo=periodo,
        recibidos_mes=_sumar(filas_recibidos, "municipio", "mes"),
        cerrados_mes=_sumar(filas_cerrados, "municipio", "mes"),
        por_tipo=_sumar(filas_recibidos, "municipio", "tipo"),
        por_zona=_sumar(filas_recibidos, "municipio", "sector__zona"),
        por_riesgo=_sumar(filas_recibidos, "municipio", "nivel_riesgo"),
        por_resultado=_sumar(filas_cerrados, "municipio", "resultado"),
        reincidentes=_sumar(filas_recibidos, "municipio", valor="reincidentes"),
        dias_cierre=dias_cierre,
        alertas=alertas,
        remisiones=por_entidad,
        demora_entidad={clave: mediana(pares) for clave, pares in demoras.items()},
        demora_municipio={clave: mediana(pares) for clave, pares in demoras_municipio.items()},
        verificados=verificados,
        actividades=_por(
            actividades.values("municipio", "tipo", "estado").annotate(n=Count("pk")).order_by(),
            "municipio",
            "tipo",
            "estado",
        ),
        asistentes=_por(
            Asistencia.objects.filter(**realizadas)
            .values(*por_sexo_y_edad)
            .annotate(n=Count("pk"))
            .order_by(),
            *por_sexo_y_edad,
        ),
        contados=_por(
            ConteoAsistencia.objects.filter(**realizadas)
            .values(*por_sexo_y_edad)
            .annotate(n=Sum("cantidad"))
            .order_by(),
            *por_sexo_y_edad,
        ),
        enfoques_asistentes={
            fila["actividad__municipio"]: fila
            for fila in Asistencia.objects.filter(**realizadas)
            .values("actividad__municipio")
            .annotate(
                **{e.value: Count("pk", filter=Q(**{f"enfoque_{e.value}": True})) for e in Enfoque}
            )
            .order_by()
        },
        enfoques_contados=_por(
            ConteoEnfoque.objects.filter(**realizadas)
            .values("actividad__municipio", "enfoque")
            .annotate(n=Sum("cantidad"))
            .order_by(),
            "actividad__municipio",
            "enfoque",
        ),
        sesiones=sesiones,
        documentos=documentos,
        carga=_carga(ids, periodo),
        gestores=list(
            Perfil.objects.visible_para(user)
            .gestores()
            .filter(municipio__in=ids, usuario__is_active=True)
            .values(
                "municipio",
                "usuario",
                "usuario__first_name",
                "usuario__last_name",
                "usuario__username",
                "gestor__certificado_en",
            )
            .order_by("usuario__first_name", "usuario__last_name")
        ),
        tipos=list(TipoConflicto.objects.order_by("orden", "nombre").values_list("pk", "nombre")),
    )


def alertas_de_los_abiertos(ids: list[int], ahora) -> dict[int, dict[str, int]]:
    """{municipio: {alerta: abiertos con ella}} con las reglas de `Caso.objects.con_alertas`
    (DESIGN §5), contadas en `CasoAbierto`: sin actuación en 15 días, una remisión sin respuesta
    con el plazo vencido, una verificación de acuerdo pendiente con la fecha cumplida."""
    hoy = timezone.localdate(ahora)
    return {
        fila["municipio"]: fila
        for fila in CasoAbierto.objects.filter(municipio__in=ids)
        .values("municipio")
        .annotate(
            seguimiento=Count(
                "municipio",
                filter=Q(ultima_actuacion__isnull=True)
                | Q(ultima_actuacion__lt=ahora - datetime.timedelta(days=15)),
            ),
            remision=Count("municipio", filter=Q(remision_vence__lt=hoy)),
            verificacion=Count("municipio", filter=Q(verificacion_vence__lte=hoy)),
        )
        .order_by()
    }


def _carga(ids: list[int], periodo: Periodo) -> dict[tuple, dict]:
    """(municipio, responsable) → abiertos hoy (de `CasoAbierto`), recibidos y cerrados en el
    periodo (del resumen por día)."""
    carga = defaultdict(lambda: {"abiertos": 0, "recibidos": 0, "cerrados": 0})
    for fila in (
        CargaDelDia.objects.filter(municipio__in=ids, fecha__range=(periodo.desde, periodo.hasta))
        .values("municipio", "gestor")
        .annotate(recibidos=Sum("recibidos"), cerrados=Sum("cerrados"))
        .order_by()
    ):
        carga[(fila["municipio"], fila["gestor"])].update(
            recibidos=fila["recibidos"], cerrados=fila["cerrados"]
        )
    for fila in (
        CasoAbierto.objects.filter(municipio__in=ids, gestor__isnull=False)
        .values("municipio", "gestor")
        .annotate(n=Count("*"))
        .order_by()
    ):
        carga[(fila["municipio"], fila["gestor"])]["abiertos"] = fila["n"]
    return dict(carga)


def reincidentes_de_otro_municipio(user, ids: list[int], periodo: Periodo) -> dict[int, int]:
    """Por municipio, los recibidos del periodo con alguna parte cuyo documento ya estaba en un
    caso de otro municipio recibido antes (`Caso.objects.con_reincidencia_en_otro_municipio`,
    guardado en `Reincidencia` y sumado por día). Solo el equipo AMB lo pide."""
    visibles = list(
        Municipio.objects.visible_para(user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    filas = (
        _recibidos_del_dia(visibles, periodo)
        .values("municipio")
        .annotate(n=Sum("reincidentes_fuera"))
        .order_by()
    )
    return {fila["municipio"]: fila["n"] for fila in filas}
