"""Las consultas agrupadas de las que sale todo el catálogo de indicadores (`catalogo.py`).

`reunir()` corre cada consulta una vez para todos los municipios pedidos y agrupa por municipio en
la base de datos: el número de consultas no crece con los datos ni con los municipios comparados,
y Python solo suma grupos ya contados (a lo sumo tantos como valores tiene un catálogo).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, DurationField, F, Q, Sum, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from capacitaciones.models import Actividad, Enfoque
from casos.models import TipoConflicto
from gestores.models import Perfil
from mediacion.models import DocumentoMediacion, EstadoSesion, SesionMediacion
from municipios.models import Entidad, Municipio
from tableros.models import (
    AsistentesDelDia,
    CargaDelDia,
    CasoAbierto,
    CierresDelDia,
    DuracionDeCierres,
    DuracionDelMes,
    EnfoquesContadosDelDia,
    RecibidosDelDia,
    RecibidosDelMes,
    RemisionContada,
    RemisionesDelMes,
    VerificacionesDelDia,
)
from tableros.periodos import Periodo, primero_del_mes, ultimo_del_mes


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


def partes_del_periodo(periodo: Periodo) -> tuple[list, list]:
    """Los meses completos del periodo y los tramos de días sueltos que quedan (al principio y
    al final): los primeros se leen de las tablas por mes y los segundos de las por día."""
    completos = [
        mes
        for mes in periodo.meses
        if mes >= periodo.desde and ultimo_del_mes(mes) <= periodo.hasta
    ]
    if not completos:
        return [], [(periodo.desde, periodo.hasta)]
    tramos = []
    if periodo.desde < completos[0]:
        tramos.append((periodo.desde, completos[0] - datetime.timedelta(days=1)))
    if (fin := ultimo_del_mes(completos[-1])) < periodo.hasta:
        tramos.append((fin + datetime.timedelta(days=1), periodo.hasta))
    return completos, tramos


def _sumado(diaria, mensual, ids: list[int], periodo: Periodo, claves, por_mes=True, **sumas):
    """Las filas {municipio, claves…, [mes], sumas…} de un periodo: los meses completos de la
    tabla `mensual` y los días sueltos de la `diaria` (meses distintos: no se repiten grupos
    salvo sin `por_mes`, y ahí se suman después)."""
    completos, tramos = partes_del_periodo(periodo)
    filas = []
    if completos:
        consulta = mensual.objects.filter(municipio__in=ids, mes__in=completos)
        filas += (
            consulta.values("municipio", *claves, *(["mes"] if por_mes else []))
            .annotate(**sumas)
            .order_by()
        )
    if tramos:
        dias = Q(pk__in=[])
        for tramo in tramos:
            dias |= Q(fecha__range=tramo)
        consulta = diaria.objects.filter(dias, municipio__in=ids)
        mes = {"mes": TruncMonth("fecha")} if por_mes else {}
        filas += [
            {**fila, **({"mes": _mes(fila["mes"])} if por_mes else {})}
            for fila in consulta.values("municipio", *claves, **mes).annotate(**sumas).order_by()
        ]
    return filas


def _recibidos(ids: list[int], periodo: Periodo, *claves, **sumas) -> list[dict]:
    """Los casos recibidos del periodo sumados por municipio, mes y `claves`."""
    return _sumado(RecibidosDelDia, RecibidosDelMes, ids, periodo, claves, **sumas)


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
    recibidos = _sumar(_recibidos(ids, periodo, n=Sum("casos")), "municipio", "mes")
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
        for fila in _recibidos(
            ids,
            periodo,
            "tipo",
            "zona",
            "nivel_riesgo",
            n=Sum("casos"),
            m_reincidentes=Sum("reincidentes"),
        )
    ]
    filas_cerrados = _por_mes(_cierres_del_dia(CierresDelDia, ids, periodo), "resultado")
    duraciones = defaultdict(list)
    for fila in _sumado(
        DuracionDeCierres, DuracionDelMes, ids, periodo, ["dias"], por_mes=False, n=Sum("casos")
    ):
        duraciones[(fila["municipio"],)].append((fila["dias"], fila["n"]))
    dias_cierre = {clave: mediana(pares) for clave, pares in duraciones.items()}
    abiertos = abiertos_por_responsable(ids, timezone.now())
    por_entidad, demoras = _remisiones(ids, periodo)
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
    # Los asistentes de las actividades realizadas, de `AsistentesDelDia` y
    # `EnfoquesContadosDelDia` (el día de Bogotá en que empezó la actividad: el mismo periodo).
    por_sexo_y_edad = list(
        AsistentesDelDia.objects.filter(municipio__in=ids, fecha__range=rango)
        .values("municipio", "sexo", "grupo_edad")
        .annotate(
            m_registrados=Sum("registrados"),
            m_contados=Sum("contados"),
            **{f"m_{e}": Sum(f"enfoque_{e}") for e in Enfoque.values},
        )
        .order_by()
    )
    enfoques_asistentes = defaultdict(lambda: dict.fromkeys(Enfoque.values, 0))
    for fila in por_sexo_y_edad:
        for enfoque in Enfoque.values:
            enfoques_asistentes[fila["municipio"]][enfoque] += fila[f"m_{enfoque}"]

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
        reincidentes=_sumar(filas_recibidos, "municipio", valor="m_reincidentes"),
        dias_cierre=dias_cierre,
        alertas=alertas_de_los_abiertos(ids, None, abiertos),
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
        asistentes={
            (f["municipio"], f["sexo"], f["grupo_edad"]): f["m_registrados"]
            for f in por_sexo_y_edad
            if f["m_registrados"]
        },
        contados={
            (f["municipio"], f["sexo"], f["grupo_edad"]): f["m_contados"]
            for f in por_sexo_y_edad
            if f["m_contados"]
        },
        enfoques_asistentes=dict(enfoques_asistentes),
        enfoques_contados=_por(
            EnfoquesContadosDelDia.objects.filter(municipio__in=ids, fecha__range=rango)
            .values("municipio", "enfoque")
            .annotate(n=Sum("cantidad"))
            .order_by(),
            "municipio",
            "enfoque",
        ),
        sesiones=sesiones,
        documentos=documentos,
        carga=_carga(ids, periodo, abiertos),
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


ALERTAS = ("seguimiento", "remision", "verificacion")


def abiertos_por_responsable(ids: list[int], ahora) -> list[dict]:
    """Los casos abiertos hoy por municipio y responsable (`n`) y cuántos tienen cada alerta,
    con las reglas de `Caso.objects.con_alertas` (DESIGN §5): sin actuación en 15 días, una
    remisión sin respuesta con el plazo vencido, una verificación de acuerdo pendiente con la
    fecha cumplida. Una sola pasada por `CasoAbierto`, sin mirar actuaciones, remisiones ni
    acuerdos."""
    hoy = timezone.localdate(ahora)
    return list(
        CasoAbierto.objects.filter(municipio__in=ids)
        .values("municipio", "gestor")
        .annotate(
            n=Count("*"),
            seguimiento=Count(
                "pk",
                filter=Q(ultima_actuacion__isnull=True)
                | Q(ultima_actuacion__lt=ahora - datetime.timedelta(days=15)),
            ),
            remision=Count("pk", filter=Q(remision_vence__lt=hoy)),
            verificacion=Count("pk", filter=Q(verificacion_vence__lte=hoy)),
        )
        .order_by()
    )


def alertas_de_los_abiertos(ids: list[int], ahora, abiertos=None) -> dict[int, dict[str, int]]:
    """{municipio: {alerta: abiertos con ella}} (`abiertos_por_responsable` sumado por
    municipio)."""
    alertas = {}
    for fila in abiertos_por_responsable(ids, ahora) if abiertos is None else abiertos:
        municipio = fila["municipio"]
        suma = alertas.setdefault(municipio, {"municipio": municipio, **dict.fromkeys(ALERTAS, 0)})
        for alerta in ALERTAS:
            suma[alerta] += fila[alerta]
    return alertas


def _carga(ids: list[int], periodo: Periodo, abiertos: list[dict]) -> dict[tuple, dict]:
    """(municipio, responsable) → abiertos hoy (de `abiertos_por_responsable`), recibidos y
    cerrados en el periodo (del resumen por día)."""
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
    for fila in abiertos:
        if fila["gestor"] is not None:
            carga[(fila["municipio"], fila["gestor"])]["abiertos"] = fila["n"]
    return dict(carga)


def _remisiones(ids: list[int], periodo: Periodo) -> tuple[list[dict], dict]:
    """Las remisiones enviadas en el periodo desde esos municipios (quien ve un tablero las ve
    todas): por municipio y entidad, enviadas, respondidas y devueltas hasta el fin del periodo,
    y el histograma [(días para responder, remisiones)].

    Los meses completos, de `RemisionesDelMes`: una respuesta de un mes anterior al del fin del
    periodo cuenta, una de un mes posterior no, y una del mismo mes cuenta si el periodo termina
    con el mes; si no, esas respuestas (y devoluciones) se cuentan día por día en
    `RemisionContada` por sus índices de respuesta y devolución (a lo sumo un mes). Los días
    sueltos del periodo, en `RemisionContada` por su índice (municipio, envío)."""
    completos, tramos = partes_del_periodo(periodo)
    hasta = periodo.hasta
    mes_fin = primero_del_mes(hasta)
    cierra_el_mes = hasta == ultimo_del_mes(hasta)
    por_entidad, demoras = {}, defaultdict(list)

    def sumar(municipio, entidad, enviadas=0, respondidas=0, devueltas=0, dias=None):
        suma = por_entidad.setdefault(
            (municipio, entidad),
            {"municipio": municipio, "entidad": entidad, "enviadas": 0, "respondidas": 0,
             "devueltas": 0},
        )  # fmt: skip
        suma["enviadas"] += enviadas
        suma["respondidas"] += respondidas
        suma["devueltas"] += devueltas
        if respondidas and dias is not None:
            demoras[(municipio, entidad)].append((dias, respondidas))

    def antes_del_fin(mes):
        return mes is not None and (mes < mes_fin or (mes == mes_fin and cierra_el_mes))

    if completos:
        for m, e, mes_r, dias, mes_d, n in (
            RemisionesDelMes.objects.filter(municipio__in=ids, mes__in=completos)
            .values("municipio", "entidad", "mes_respuesta", "dias_respuesta", "mes_devolucion")
            .annotate(n=Sum("remisiones"))
            .values_list(
                "municipio", "entidad", "mes_respuesta", "dias_respuesta", "mes_devolucion", "n"
            )
            .order_by()
        ):
            sumar(
                m,
                e,
                enviadas=n,
                respondidas=n if antes_del_fin(mes_r) else 0,
                devueltas=n if antes_del_fin(mes_d) else 0,
                dias=dias,
            )
        if not cierra_el_mes:
            # Enviadas en los meses completos, respondidas o devueltas en el mes del fin, hasta
            # el último día del periodo.
            envio = (completos[0], ultimo_del_mes(completos[-1]))
            for campo in ("fecha_respuesta", "fecha_devolucion"):
                for fila in _una_pasada(
                    RemisionContada.objects.filter(
                        municipio__in=ids,
                        fecha_envio__range=envio,
                        **{f"{campo}__range": (mes_fin, hasta)},
                    ),
                    hasta,
                ):
                    if campo == "fecha_respuesta":
                        sumar(fila["municipio"], fila["entidad"], respondidas=fila["respondidas"],
                              dias=fila["dias"])  # fmt: skip
                    else:
                        sumar(fila["municipio"], fila["entidad"], devueltas=fila["devueltas"])
    if tramos:
        dias = Q(pk__in=[])
        for tramo in tramos:
            dias |= Q(fecha_envio__range=tramo)
        for fila in _una_pasada(RemisionContada.objects.filter(dias, municipio__in=ids), hasta):
            sumar(fila["municipio"], fila["entidad"], fila["enviadas"], fila["respondidas"],
                  fila["devueltas"], fila["dias"])  # fmt: skip

    orden = {}
    for posicion, (pk, nombre, tipo) in enumerate(
        Entidad.objects.filter(pk__in={entidad for _m, entidad in por_entidad})
        .order_by("nombre")
        .values_list("pk", "nombre", "tipo")
    ):
        orden[pk] = (posicion, {"entidad__nombre": nombre, "entidad__tipo": tipo})
    filas = sorted(por_entidad.values(), key=lambda fila: orden[fila["entidad"]][0])
    return [{**fila, **orden[fila["entidad"]][1]} for fila in filas], dict(demoras)


def _una_pasada(remisiones, hasta) -> list[dict]:
    """Remisiones contadas agrupadas por municipio, entidad y días para responder (si se
    respondieron hasta `hasta`): enviadas, respondidas y devueltas hasta `hasta`."""
    respondida = Q(fecha_respuesta__lte=hasta)
    return [
        {**fila, "dias": _dias(fila["m_demora"]) if fila["m_demora"] is not None else None}
        for fila in remisiones.values(
            "municipio",
            "entidad",
            m_demora=Case(
                When(respondida, then=F("fecha_respuesta") - F("fecha_envio")),
                output_field=DurationField(),
            ),
        )
        .annotate(
            enviadas=Count("pk"),
            respondidas=Count("pk", filter=respondida),
            devueltas=Count("pk", filter=Q(fecha_devolucion__lte=hasta)),
        )
        .order_by()
    ]


def reincidentes_de_otro_municipio(user, ids: list[int], periodo: Periodo) -> dict[int, int]:
    """Por municipio, los recibidos del periodo con alguna parte cuyo documento ya estaba en un
    caso de otro municipio recibido antes (`Caso.objects.con_reincidencia_en_otro_municipio`,
    guardado en `Reincidencia` y sumado por día). Solo el equipo AMB lo pide."""
    visibles = list(
        Municipio.objects.visible_para(user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    fuera = defaultdict(int)
    for fila in _sumado(
        RecibidosDelDia,
        RecibidosDelMes,
        visibles,
        periodo,
        [],
        por_mes=False,
        n=Sum("reincidentes_fuera"),
    ):
        fuera[fila["municipio"]] += fila["n"]
    return dict(fuera)
