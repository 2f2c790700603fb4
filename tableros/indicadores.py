"""Los indicadores de DESIGN §7, calculados en un solo lugar.

El tablero municipal, la comparación metropolitana y el informe mensual (HTML y XLSX) leen de
`calcular()`, así que no pueden dar cifras distintas. Cada consulta agrupa por municipio en la
base de datos: el número de consultas no crece con los datos ni con los municipios comparados, y
Python solo ordena grupos ya contados (a lo sumo tantos como valores tiene un catálogo).

Definiciones (las mismas que usan los filtros de las listas a las que lleva cada cifra):

- *recibidos*: casos con fecha de recepción en el periodo (es una fecha, ya en hora de Bogotá).
- *cerrados*: casos cerrados en el periodo según la hora de Bogotá (`cerrado_en`).
- *tasa de acuerdo*: cerrados con acuerdo total o parcial sobre cerrados.
- *días para cerrar*: del día de recepción al día de cierre (hora de Bogotá); se da la mediana.
- *remisiones*: enviadas en el periodo; *respondidas* y *devueltas* si lo fueron a más tardar el
  último día del periodo, así el informe de un mes no cambia cuando alguien responde después.
- *reincidentes*: recibidos con alguna parte (el mismo registro de persona del municipio) que
  aparece en un caso del municipio recibido antes (`Caso.objects.con_reincidencia`). Dos registros
  de la misma persona cuentan como una sola cuando el coordinador los fusiona.
- *reincidentes de otro municipio* (solo la comparación del equipo AMB): recibidos con alguna
  parte cuyo documento (por su seudónimo con clave, `Persona.clave_documento`) ya estaba en un
  caso de otro municipio recibido antes (`Caso.objects.con_reincidencia_en_otro_municipio`).
- *vencidos*: casos abiertos hoy con alguna alerta (sin seguimiento en 15 días, remisión vencida,
  verificación de acuerdo atrasada): es una foto de hoy, no del periodo.
- *actividades*: las que empiezan en el periodo; *participantes*: los de las realizadas, uno a uno
  más los contados en multitud.
"""

import datetime
from collections import defaultdict
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from capacitaciones.models import (
    Actividad,
    Asistencia,
    ConteoAsistencia,
    ConteoEnfoque,
    Enfoque,
    EstadoActividad,
    GrupoEdad,
    TipoActividad,
)
from casos.filters import ALERTAS, CAMPO_ALERTA, SIN_SECTOR
from casos.models import (
    ESTADOS_ABIERTOS,
    Acuerdo,
    Caso,
    NivelRiesgo,
    Resultado,
    ResultadoVerificacion,
    Sexo,
    TipoConflicto,
)
from gestores.models import Perfil
from municipios.alcance import municipio_de_alcance
from municipios.models import Municipio, TipoEntidad, Zona
from remisiones.models import Remision
from tableros.periodos import Periodo

CON_ACUERDO = [Resultado.ACUERDO_TOTAL, Resultado.ACUERDO_PARCIAL]


def enlace(lista: str, **filtros) -> str:
    """La lista (`casos` o `actividades`) con los filtros que reproducen una cifra."""
    consulta = urlencode(
        [(k, v) for k, vs in filtros.items() for v in (vs if isinstance(vs, list) else [vs])]
    )
    return f"{reverse(f'{lista}:lista')}?{consulta}"


def tasa(parte: int, total: int) -> float | None:
    return round(100 * parte / total, 1) if total else None


def _dias(valor) -> float:
    return valor.total_seconds() / 86400 if isinstance(valor, datetime.timedelta) else valor


def histogramas(queryset, particion: list[str], valor) -> dict[tuple, list]:
    """{grupo: [(valor, cuántos)]} calculado en la base (agrupa por grupo y valor y cuenta).

    Su tamaño lo limitan los valores distintos (días: a lo sumo los del periodo), no las filas.
    """
    histograma = defaultdict(list)
    for *clave, dato, n in (
        queryset.values(*particion, m_valor=valor)
        .annotate(m_n=Count("pk"))
        .order_by()
        .values_list(*particion, "m_valor", "m_n")
    ):
        histograma[tuple(clave)].append((_dias(dato), n))
    return histograma


def medianas(queryset, particion: list[str], valor) -> dict[tuple, float]:
    """Mediana exacta de `valor` por grupo, a partir de su histograma (más barato que ordenar
    todas las filas con una función de ventana)."""
    return {
        clave: _mediana(pares) for clave, pares in histogramas(queryset, particion, valor).items()
    }


def _mediana(pares: list[tuple[float, int]]) -> float:
    pares.sort()
    total = sum(n for _valor, n in pares)

    def en_posicion(posicion):
        acumulado = 0
        for valor, n in pares:
            acumulado += n
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


def serie_mensual(casos, periodo: Periodo, ids: list[int]) -> dict[int, dict]:
    """Casos recibidos y cerrados por mes de cada municipio (meses sin casos en cero)."""
    recibidos = _por(
        casos.filter(fecha_recepcion__range=(periodo.desde, periodo.hasta))
        .values("municipio", mes=TruncMonth("fecha_recepcion"))
        .annotate(n=Count("pk"))
        .order_by(),
        "municipio",
        "mes",
    )
    cerrados = {
        (m, mes.date() if isinstance(mes, datetime.datetime) else mes): n
        for (m, mes), n in _por(
            casos.filter(cerrado_en__gte=periodo.inicio, cerrado_en__lt=periodo.fin)
            .values("municipio", mes=TruncMonth("cerrado_en"))
            .annotate(n=Count("pk"))
            .order_by(),
            "municipio",
            "mes",
        ).items()
    }
    return {
        m: {
            "meses": periodo.meses,
            "recibidos": [recibidos.get((m, mes), 0) for mes in periodo.meses],
            "cerrados": [cerrados.get((m, mes), 0) for mes in periodo.meses],
        }
        for m in ids
    }


def _filas(conteos: dict, m: int, opciones, url) -> list[dict]:
    """Una fila por opción de un catálogo, con su cifra y la lista que la explica."""
    return [
        {
            "clave": clave,
            "etiqueta": str(etiqueta),
            "n": conteos.get((m, clave), 0),
            "url": url(clave),
        }
        for clave, etiqueta in opciones
    ]


def calcular_con_cache(
    user, municipios, periodo: Periodo, *, forzar: bool = False
) -> tuple[dict, datetime.datetime]:
    """`calcular()` guardado en la caché por `TABLEROS_CACHE_SEGUNDOS`, con la hora del corte.

    La clave son los municipios (ya filtrados por el alcance del usuario) y el periodo: quienes
    ven un tablero (coordinación, secretaría y AMB) ven todos los casos de su municipio, así que
    las cifras no dependen de quién las pide. Las páginas dicen la hora del corte.
    """
    ids = sorted(
        Municipio.objects.visible_para(user)
        .filter(pk__in=[m.pk for m in municipios])
        .values_list("pk", flat=True)
    )
    clave = f"tableros:{','.join(map(str, ids))}:{periodo.desde}:{periodo.hasta}"
    return _en_cache(clave, lambda: calcular(user, municipios, periodo), forzar)


def reincidencia_entre_municipios_con_cache(
    user, municipios, periodo: Periodo, *, forzar=False
) -> dict[int, int]:
    """Por municipio, los recibidos del periodo con alguien que ya tenía un caso en otro. Solo
    para quien ve todos los municipios (el equipo AMB): a los demás, nada."""
    if not municipio_de_alcance(user)[0]:
        return {}
    ids = sorted(m.pk for m in municipios)
    clave = f"reincidencia_fuera:{','.join(map(str, ids))}:{periodo.desde}:{periodo.hasta}"

    def calculo():
        filas = (
            Caso.objects.visible_para(user)
            .filter(municipio__in=ids, fecha_recepcion__range=(periodo.desde, periodo.hasta))
            .con_reincidencia_en_otro_municipio()
            .values("municipio")
            .annotate(n=Count("pk", filter=Q(reincidente_fuera=True)))
            .order_by()
        )
        return {fila["municipio"]: fila["n"] for fila in filas}

    return _en_cache(clave, calculo, forzar)[0]


def tendencia_con_cache(user, municipios, periodo: Periodo, *, forzar=False) -> dict[int, dict]:
    """La serie mensual de la comparación metropolitana, en la caché como los tableros."""
    ids = sorted(
        Municipio.objects.visible_para(user)
        .filter(pk__in=[m.pk for m in municipios])
        .values_list("pk", flat=True)
    )
    clave = f"tendencia:{','.join(map(str, ids))}:{periodo.desde}:{periodo.hasta}"
    casos = Caso.objects.visible_para(user).filter(municipio__in=ids)
    return _en_cache(clave, lambda: serie_mensual(casos, periodo, ids), forzar)[0]


def _en_cache(clave: str, calculo, forzar: bool = False):
    segundos = settings.TABLEROS_CACHE_SEGUNDOS
    guardado = cache.get(clave) if segundos and not forzar else None
    if guardado is None:
        guardado = (calculo(), timezone.now())
        if segundos:
            cache.set(clave, guardado, segundos)
    return guardado


def calcular(user, municipios, periodo: Periodo, hoy: datetime.date | None = None) -> dict:
    """Todos los indicadores de cada municipio de `municipios` que `user` puede ver.

    Devuelve {municipio_id: {...}}; un municipio fuera del alcance no aparece.
    """
    hoy = hoy or timezone.localdate()
    visibles = list(Municipio.objects.visible_para(user).filter(pk__in=[m.pk for m in municipios]))
    ids = [m.pk for m in visibles]
    casos = Caso.objects.visible_para(user).filter(municipio__in=ids)
    rango = (periodo.desde, periodo.hasta)
    recibidos = casos.filter(fecha_recepcion__range=rango)
    cerrados = casos.filter(cerrado_en__gte=periodo.inicio, cerrado_en__lt=periodo.fin)

    # Una sola pasada por los casos recibidos y otra por los cerrados: los desgloses son sumas
    # de grupos (a lo sumo meses por tipos por zonas por riesgos), no de filas.
    filas_recibidos = list(
        recibidos.values(
            "municipio", "tipo", "sector__zona", "nivel_riesgo", mes=TruncMonth("fecha_recepcion")
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    # La reincidencia aparte: un agregado simple que PostgreSQL reparte entre núcleos (dentro
    # del agrupado de arriba la subconsulta corría en un solo proceso y tardaba el doble).
    totales = _por(
        recibidos.con_reincidencia()
        .values("municipio")
        .annotate(reincidentes=Count("pk", filter=Q(reincidente=True)))
        .order_by(),
        "municipio",
        valor="reincidentes",
    )
    filas_cerrados = [
        {**fila, "mes": _mes(fila["mes"])}
        for fila in cerrados.values("municipio", "resultado", mes=TruncMonth("cerrado_en"))
        .annotate(n=Count("pk"))
        .order_by()
    ]
    recibidos_mes = _sumar(filas_recibidos, "municipio", "mes")
    cerrados_mes = _sumar(filas_cerrados, "municipio", "mes")
    series = {
        m: {
            "meses": periodo.meses,
            "recibidos": [recibidos_mes.get((m, mes), 0) for mes in periodo.meses],
            "cerrados": [cerrados_mes.get((m, mes), 0) for mes in periodo.meses],
        }
        for m in ids
    }
    por_tipo = _sumar(filas_recibidos, "municipio", "tipo")
    por_zona = _sumar(filas_recibidos, "municipio", "sector__zona")
    por_riesgo = _sumar(filas_recibidos, "municipio", "nivel_riesgo")
    por_resultado = _sumar(filas_cerrados, "municipio", "resultado")
    dias_cierre = medianas(cerrados, ["municipio"], TruncDate("cerrado_en") - F("fecha_recepcion"))
    vencidos = {
        fila["municipio"]: fila
        for fila in casos.abiertos()
        .con_alertas(timezone.now())
        .values("municipio")
        .annotate(
            **{
                clave: Count("pk", filter=Q(**{f"alerta_{CAMPO_ALERTA[clave]}": True}))
                for clave, _etiqueta in ALERTAS
            }
        )
        .order_by()
    }

    remisiones = Remision.objects.visible_para(user).filter(
        caso__municipio__in=ids, fecha_envio__range=rango
    )
    por_entidad = list(
        remisiones.values("caso__municipio", "entidad", "entidad__nombre", "entidad__tipo")
        .annotate(
            enviadas=Count("pk"),
            respondidas=Count("pk", filter=Q(fecha_respuesta__lte=periodo.hasta)),
            devueltas=Count("pk", filter=Q(fecha_devolucion__lte=periodo.hasta)),
        )
        .order_by("entidad__nombre")
    )
    respondidas = remisiones.filter(fecha_respuesta__lte=periodo.hasta)
    demoras = histogramas(
        respondidas, ["caso__municipio", "entidad"], F("fecha_respuesta") - F("fecha_envio")
    )
    demora_entidad = {clave: _mediana(pares) for clave, pares in demoras.items()}
    # La mediana del municipio sale del mismo histograma, juntando sus entidades.
    por_municipio = defaultdict(list)
    for (municipio, _entidad), pares in demoras.items():
        por_municipio[(municipio,)].extend(pares)
    demora_total = {clave: _mediana(pares) for clave, pares in por_municipio.items()}

    verificados = _por(
        Acuerdo.objects.filter(caso__municipio__in=ids, verificado_en__range=rango)
        .values("caso__municipio", "resultado_verificacion")
        .annotate(n=Count("pk"))
        .order_by(),
        "caso__municipio",
        "resultado_verificacion",
    )

    actividades = Actividad.objects.visible_para(user).filter(
        municipio__in=ids, inicio__gte=periodo.inicio, inicio__lt=periodo.fin
    )
    por_actividad = _por(
        actividades.values("municipio", "tipo", "estado").annotate(n=Count("pk")).order_by(),
        "municipio",
        "tipo",
        "estado",
    )
    realizadas = {"actividad__in": actividades.filter(estado=EstadoActividad.REALIZADA)}
    individuales = _por(
        Asistencia.objects.filter(**realizadas)
        .values("actividad__municipio", "sexo", "grupo_edad")
        .annotate(n=Count("pk"))
        .order_by(),
        "actividad__municipio",
        "sexo",
        "grupo_edad",
    )
    contados = _por(
        ConteoAsistencia.objects.filter(**realizadas)
        .values("actividad__municipio", "sexo", "grupo_edad")
        .annotate(n=Sum("cantidad"))
        .order_by(),
        "actividad__municipio",
        "sexo",
        "grupo_edad",
    )
    enfoques_individuales = {
        fila["actividad__municipio"]: fila
        for fila in Asistencia.objects.filter(**realizadas)
        .values("actividad__municipio")
        .annotate(
            **{e.value: Count("pk", filter=Q(**{f"enfoque_{e.value}": True})) for e in Enfoque}
        )
        .order_by()
    }
    enfoques_contados = _por(
        ConteoEnfoque.objects.filter(**realizadas)
        .values("actividad__municipio", "enfoque")
        .annotate(n=Sum("cantidad"))
        .order_by(),
        "actividad__municipio",
        "enfoque",
    )

    carga = {
        (fila["municipio"], fila["gestor"]): fila
        for fila in casos.filter(gestor__isnull=False)
        .filter(
            Q(estado__in=ESTADOS_ABIERTOS)
            | Q(fecha_recepcion__range=rango)
            | Q(cerrado_en__gte=periodo.inicio, cerrado_en__lt=periodo.fin)
        )
        .values("municipio", "gestor")
        .annotate(
            abiertos=Count("pk", filter=Q(estado__in=ESTADOS_ABIERTOS)),
            recibidos=Count("pk", filter=Q(fecha_recepcion__range=rango)),
            cerrados=Count(
                "pk", filter=Q(cerrado_en__gte=periodo.inicio, cerrado_en__lt=periodo.fin)
            ),
        )
        .order_by()
    }
    gestores = list(
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
    )
    tipos = list(TipoConflicto.objects.order_by("orden", "nombre").values_list("pk", "nombre"))

    def armar(municipio) -> dict:
        m = municipio.pk
        base = {"municipio": m, "desde": periodo.desde, "hasta": periodo.hasta}
        serie = series[m]
        total_recibidos = sum(serie["recibidos"])
        total_cerrados = sum(serie["cerrados"])
        con_acuerdo = sum(por_resultado.get((m, r), 0) for r in CON_ACUERDO)

        def casos_url(**filtros):
            return enlace("casos", **base, **filtros)

        cerrados_url = {
            "municipio": m,
            "cerrado_desde": periodo.desde,
            "cerrado_hasta": periodo.hasta,
        }
        entidades = []
        for fila in por_entidad:
            if fila["caso__municipio"] != m:
                continue
            entidades.append(
                {
                    "entidad": fila["entidad__nombre"],
                    "tipo": str(TipoEntidad(fila["entidad__tipo"]).label),
                    "enviadas": fila["enviadas"],
                    "respondidas": fila["respondidas"],
                    "devueltas": fila["devueltas"],
                    "tasa_respuesta": tasa(fila["respondidas"], fila["enviadas"]),
                    "mediana_demora": demora_entidad.get((m, fila["entidad"])),
                    "url": enlace(
                        "casos",
                        municipio=m,
                        remitido_a=fila["entidad"],
                        remitido_desde=periodo.desde,
                        remitido_hasta=periodo.hasta,
                    ),
                }
            )
        enviadas = sum(e["enviadas"] for e in entidades)
        respondidas_m = sum(e["respondidas"] for e in entidades)

        sexos = {
            s: sum(
                individuales.get((m, s, g), 0) + contados.get((m, s, g), 0)
                for g in GrupoEdad.values
            )
            for s in Sexo.values
        }
        edades = {
            g: sum(individuales.get((m, s, g), 0) + contados.get((m, s, g), 0) for s in Sexo.values)
            for g in GrupoEdad.values
        }
        enfoques_m = enfoques_individuales.get(m, {})
        actividades_url = {"municipio": m, "desde": periodo.desde, "hasta": periodo.hasta}
        filas_gestores = []
        for g in gestores:
            if g["municipio"] != m:
                continue
            cifras = carga.get((m, g["usuario"]), {})
            filas_gestores.append(
                {
                    "nombre": f"{g['usuario__first_name']} {g['usuario__last_name']}".strip()
                    or g["usuario__username"],
                    "certificado_en": g["gestor__certificado_en"],
                    "abiertos": cifras.get("abiertos", 0),
                    "recibidos": cifras.get("recibidos", 0),
                    "cerrados": cifras.get("cerrados", 0),
                    "url_abiertos": enlace(
                        "casos", municipio=m, gestor=g["usuario"], estado=list(ESTADOS_ABIERTOS)
                    ),
                    "url_recibidos": casos_url(gestor=g["usuario"]),
                }
            )
        alertas = vencidos.get(m, {})
        cifras = {
            "municipio": municipio,
            "periodo": periodo,
            "serie": serie,
            "recibidos": total_recibidos,
            "recibidos_url": casos_url(),
            "cerrados": total_cerrados,
            "cerrados_url": enlace("casos", **cerrados_url),
            "por_10000": (
                round(total_recibidos * 10000 / municipio.poblacion, 2)
                if municipio.poblacion
                else None
            ),
            "por_tipo": sorted(
                _filas(por_tipo, m, tipos, lambda t: casos_url(tipo=t)),
                key=lambda fila: -fila["n"],
            ),
            "por_zona": _filas(
                por_zona,
                m,
                [*Zona.choices, (None, _("Sin sector"))],
                lambda z: casos_url(zona=z or SIN_SECTOR),
            ),
            "por_riesgo": _filas(
                por_riesgo, m, NivelRiesgo.choices, lambda r: casos_url(nivel_riesgo=r)
            ),
            "resultados": _filas(
                por_resultado,
                m,
                Resultado.choices,
                lambda r: enlace("casos", **cerrados_url, resultado=r),
            ),
            "con_acuerdo": con_acuerdo,
            "tasa_acuerdo": tasa(con_acuerdo, total_cerrados),
            "mediana_dias_cierre": dias_cierre.get((m,)),
            "remisiones": entidades,
            "remisiones_enviadas": enviadas,
            "remisiones_respondidas": respondidas_m,
            "tasa_respuesta": tasa(respondidas_m, enviadas),
            "mediana_demora": demora_total.get((m,)),
            "vencidos": [
                {
                    "clave": clave,
                    "etiqueta": str(etiqueta),
                    "n": alertas.get(clave, 0),
                    "url": enlace("casos", municipio=m, alerta=clave),
                }
                for clave, etiqueta in ALERTAS
            ],
            "reincidentes": totales.get((m,), 0),
            "reincidentes_url": casos_url(reincidente="true"),
            "tasa_reincidencia": tasa(totales.get((m,), 0), total_recibidos),
            "verificaciones": _filas(
                verificados,
                m,
                ResultadoVerificacion.choices,
                lambda r: enlace(
                    "casos",
                    municipio=m,
                    verificacion=r,
                    verificado_desde=periodo.desde,
                    verificado_hasta=periodo.hasta,
                ),
            ),
            "actividades": [
                {
                    "clave": tipo,
                    "etiqueta": str(etiqueta),
                    "realizadas": por_actividad.get((m, tipo, EstadoActividad.REALIZADA), 0),
                    "programadas": por_actividad.get((m, tipo, EstadoActividad.PROGRAMADA), 0),
                    "canceladas": por_actividad.get((m, tipo, EstadoActividad.CANCELADA), 0),
                    "url": enlace(
                        "actividades",
                        **actividades_url,
                        tipo=tipo,
                        estado=EstadoActividad.REALIZADA,
                    ),
                }
                for tipo, etiqueta in TipoActividad.choices
            ],
            "actividades_url": enlace(
                "actividades", **actividades_url, estado=EstadoActividad.REALIZADA
            ),
            "participantes": sum(sexos.values()),
            "por_sexo": [{"clave": s, "etiqueta": str(e), "n": sexos[s]} for s, e in Sexo.choices],
            "por_edad": [
                {"clave": g, "etiqueta": str(e), "n": edades[g]} for g, e in GrupoEdad.choices
            ],
            "por_enfoque": [
                {
                    "clave": e.value,
                    "etiqueta": str(e.label),
                    "n": enfoques_m.get(e.value, 0) + enfoques_contados.get((m, e.value), 0),
                }
                for e in Enfoque
            ],
            "gestores": filas_gestores,
            "gestores_certificados": sum(1 for g in filas_gestores if g["certificado_en"]),
        }
        cifras["realizadas"] = sum(a["realizadas"] for a in cifras["actividades"])
        return cifras

    return {municipio.pk: armar(municipio) for municipio in visibles}
