"""Las tablas de resumen (`tableros/models.py`): cómo se mantienen, se rehacen y se verifican.

**En la misma transacción que el cambio**, no con un trabajo programado: las señales de
`tableros/senales.py` (casos, partes, personas, sectores, actuaciones, remisiones, acuerdos,
actividades y sus asistentes) llaman a `actualizar()` con lo que el cambio toca —días de un
municipio, personas, seudónimos de documento, casos, días de actividades— y se vuelven a contar
desde las tablas de base esos días (a lo sumo unos cientos de casos por día en Barranquilla, por
el índice de municipio y fecha) y, desde las filas de esos días, sus meses. Así un tablero nunca
muestra cifras de antes de un cambio ya guardado, no hay marca de agua que vigilar ni ventana en
que la réplica y el resumen digan cosas distintas, y `verificar_resumenes` da limpio después de
cada servicio. Cuesta unas pocas
consultas por escritura (ver README, «A escala»).

Se cuenta de nuevo, no se suma ni resta: un cambio de tipo, de fecha o de sector, un cierre o una
reapertura quedan bien sin conocer el valor anterior de cada conteo. Para que dos transacciones
no cuenten el mismo día a la vez (cada una sin ver el caso nuevo de la otra), en PostgreSQL se
toman candados consultivos de transacción antes de contar (`_candado`): uno por municipio para
sus conteos por día y por mes, y uno por persona y por seudónimo de documento para la
reincidencia; la segunda transacción espera a que la primera confirme y cuenta con lo suyo. Se
sueltan al confirmar: escrituras de municipios y personas distintos no se esperan. Los servicios
bloquean su caso antes de guardar nada, así que en la práctica nadie que lo tenga espera una
fila de quien lo espera; si pasara (p. ej. una persona agregada a la vez en casos de dos
municipios, o una fusión de personas y la edición de uno de sus casos), PostgreSQL lo detecta y
una de las dos transacciones falla entera, sin dejar nada a medias.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from capacitaciones.models import (
    Actividad,
    Asistencia,
    ConteoAsistencia,
    ConteoEnfoque,
    Enfoque,
    EstadoActividad,
)
from casos.models import ESTADOS_ABIERTOS, Actuacion, Acuerdo, Caso, Parte, Persona
from municipios.models import Municipio
from remisiones.models import Remision
from tableros.models import (
    SIN_ZONA,
    AsistentesDelDia,
    CargaDelDia,
    CasoAbierto,
    CierresDelDia,
    DuracionDeCierres,
    DuracionDelMes,
    EnfoquesContadosDelDia,
    RecibidosDelDia,
    RecibidosDelMes,
    Reincidencia,
    RemisionContada,
    RemisionesDelMes,
    VerificacionesDelDia,
)
from tableros.periodos import primero_del_mes, ultimo_del_mes

TABLAS = [
    Reincidencia,
    RecibidosDelDia,
    CierresDelDia,
    DuracionDeCierres,
    CargaDelDia,
    CasoAbierto,
    VerificacionesDelDia,
    RemisionContada,
    AsistentesDelDia,
    EnfoquesContadosDelDia,
    RecibidosDelMes,  # después de las del día: se suman de ellas
    DuracionDelMes,
    RemisionesDelMes,
]
# Las tablas por mes: la del día de la que se suman, sus claves (además de municipio y fecha) y
# sus conteos.
MENSUALES = {
    RecibidosDelMes: (
        RecibidosDelDia,
        ("tipo_id", "zona", "nivel_riesgo"),
        ("casos", "reincidentes", "reincidentes_fuera"),
    ),
    DuracionDelMes: (DuracionDeCierres, ("dias",), ("casos",)),
}


def dia_de_cierre(momento: datetime.datetime | None) -> datetime.date | None:
    """El día de Bogotá en que se cerró (el de los tableros)."""
    return timezone.localdate(momento) if momento else None


def _dias(valor) -> int:
    """Días entre dos fechas: PostgreSQL da un entero, SQLite un intervalo."""
    return valor.days if isinstance(valor, datetime.timedelta) else int(valor)


# Las clases de candado: uno por municipio (sus conteos por día y por mes), por persona y por
# seudónimo de documento (la reincidencia de sus casos).
MUNICIPIO, PERSONA, CLAVE = 1, 2, 3


def _candado(clase: int, claves: Iterable) -> None:
    """Candados consultivos de transacción de PostgreSQL (`pg_advisory_xact_lock`), uno por
    clave de `clase`, en orden: dos transacciones que cuentan lo mismo (el mismo municipio, la
    misma persona, el mismo documento) esperan una a la otra; las demás no se estorban. Se
    sueltan al confirmar. En SQLite no hacen falta: escribe una transacción a la vez."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for clave in sorted({c for c in claves if c}):
            if clase == CLAVE:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [clase, clave])
            else:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [clase, clave])


# ---------------------------------------------------------------------------------------------
# Lo que se cuenta: las mismas funciones sirven para un día, para rehacer todo y para verificar.


def reincidencia_calculada(casos) -> dict[int, tuple[bool, bool]]:
    """{caso: (reincidente en el municipio, con caso anterior en otro)} de los que tienen alguna,
    con las definiciones de `Caso.objects.con_reincidencia*` (las del filtro de la lista): caso por
    caso, para los pocos casos que toca un cambio."""
    return {
        pk: (en_el_municipio, fuera)
        for pk, en_el_municipio, fuera in casos.con_reincidencia()
        .con_reincidencia_en_otro_municipio()
        .filter(Q(reincidente=True) | Q(reincidente_fuera=True))
        .values_list("pk", "reincidente", "reincidente_fuera")
        .order_by()
    }


def _tabla(modelo) -> str:
    return connection.ops.quote_name(modelo._meta.db_table)


def reincidencia_de_todos() -> dict[int, tuple[bool, bool]]:
    """La misma reincidencia de `reincidencia_calculada`, para todos los casos y por conjuntos:
    la primera fecha de recepción de cada persona (y de cada seudónimo de documento en cada
    municipio) y los casos recibidos después. Con un millón de casos tarda segundos, no los
    minutos de una subconsulta por caso; y al ser otro cálculo de la misma definición,
    `verificar()` compara dos caminos distintos."""
    parte, caso, persona = _tabla(Parte), _tabla(Caso), _tabla(Persona)
    en_el_municipio = f"""
        WITH primera AS (
            SELECT p.persona_id, MIN(c.fecha_recepcion) AS fecha
            FROM {parte} p JOIN {caso} c ON c.id = p.caso_id GROUP BY p.persona_id
        )
        SELECT DISTINCT p.caso_id FROM {parte} p
        JOIN {caso} c ON c.id = p.caso_id
        JOIN primera ON primera.persona_id = p.persona_id
        WHERE primera.fecha < c.fecha_recepcion
    """
    en_otro = f"""
        WITH primera AS (
            SELECT d.clave_documento AS clave, c.municipio_id, MIN(c.fecha_recepcion) AS fecha
            FROM {parte} p JOIN {caso} c ON c.id = p.caso_id
            JOIN {persona} d ON d.id = p.persona_id
            WHERE d.clave_documento <> ''
            GROUP BY d.clave_documento, c.municipio_id
        )
        SELECT DISTINCT p.caso_id FROM {parte} p
        JOIN {caso} c ON c.id = p.caso_id
        JOIN {persona} d ON d.id = p.persona_id
        JOIN primera ON primera.clave = d.clave_documento
            AND primera.municipio_id <> c.municipio_id
        WHERE primera.fecha < c.fecha_recepcion
    """
    with connection.cursor() as cursor:
        cursor.execute(en_el_municipio)
        reincidentes = {fila[0] for fila in cursor.fetchall()}
        cursor.execute(en_otro)
        fuera = {fila[0] for fila in cursor.fetchall()}
    return {pk: (pk in reincidentes, pk in fuera) for pk in reincidentes | fuera}


def recibidos(casos) -> dict[tuple, tuple[int, int, int]]:
    """{(municipio, fecha, tipo, zona, riesgo): (casos, reincidentes, fuera)}."""
    return {
        (f["municipio"], f["fecha_recepcion"], f["tipo"], f["sector__zona"] or SIN_ZONA,
         f["nivel_riesgo"]): (f["n"], f["r"], f["o"])
        for f in casos.values(
            "municipio", "fecha_recepcion", "tipo", "sector__zona", "nivel_riesgo"
        )
        .annotate(
            n=Count("pk"),
            r=Count("pk", filter=Q(reincidencia__en_el_municipio=True)),
            o=Count("pk", filter=Q(reincidencia__en_otro_municipio=True)),
        )
        .order_by()
    }  # fmt: skip


def _cerrados(casos):
    return casos.filter(cerrado_en__isnull=False).annotate(dia=TruncDate("cerrado_en"))


def cierres(casos) -> dict[tuple, int]:
    """{(municipio, día de cierre, resultado): casos}."""
    return {
        (f["municipio"], f["dia"], f["resultado"]): f["n"]
        for f in _cerrados(casos)
        .values("municipio", "dia", "resultado")
        .annotate(n=Count("pk"))
        .order_by()
    }


def duraciones(casos) -> dict[tuple, int]:
    """{(municipio, día de cierre, días desde la recepción): casos}."""
    filas = defaultdict(int)
    for f in (
        _cerrados(casos)
        .annotate(duracion=F("dia") - F("fecha_recepcion"))
        .values("municipio", "dia", "duracion")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        filas[(f["municipio"], f["dia"], _dias(f["duracion"]))] += f["n"]
    return dict(filas)


def carga(casos_recibidos, casos_cerrados) -> dict[tuple, tuple[int, int]]:
    """{(municipio, fecha, responsable): (recibidos ese día, cerrados ese día)}."""
    filas = defaultdict(lambda: [0, 0])
    for f in (
        casos_recibidos.filter(gestor__isnull=False)
        .values("municipio", "fecha_recepcion", "gestor")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        filas[(f["municipio"], f["fecha_recepcion"], f["gestor"])][0] = f["n"]
    for f in (
        _cerrados(casos_cerrados.filter(gestor__isnull=False))
        .values("municipio", "dia", "gestor")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        filas[(f["municipio"], f["dia"], f["gestor"])][1] = f["n"]
    return {clave: tuple(valor) for clave, valor in filas.items()}


def casos_abiertos(casos) -> dict[int, tuple]:
    """{caso abierto: (municipio, responsable, última actuación, plazo de remisión sin respuesta
    más próximo, verificación pendiente más próxima)}: lo que decide sus alertas
    (`Caso.objects.con_alertas`)."""
    abiertos = casos.filter(estado__in=ESTADOS_ABIERTOS).order_by()
    filas = {
        pk: [municipio, gestor, None, None, None]
        for pk, municipio, gestor in abiertos.values_list("pk", "municipio", "gestor")
    }
    ids = abiertos.values("pk")
    for posicion, consulta in [
        (2, Actuacion.objects.filter(caso__in=ids).values("caso").annotate(v=Max("fecha"))),
        (
            3,
            Remision.objects.pendientes()
            .filter(caso__in=ids)
            .values("caso")
            .annotate(v=Min("fecha_limite")),
        ),
        (
            4,
            Acuerdo.objects.filter(caso__in=ids, resultado_verificacion="")
            .values("caso")
            .annotate(v=Min("fecha_verificacion")),
        ),
    ]:
        for caso, valor in consulta.order_by().values_list("caso", "v"):
            filas[caso][posicion] = valor
    return {pk: tuple(valores) for pk, valores in filas.items()}


def verificaciones(acuerdos) -> dict[tuple, int]:
    """{(municipio, día de la verificación, resultado): acuerdos verificados}."""
    return {
        (f["caso__municipio"], f["verificado_en"], f["resultado_verificacion"]): f["n"]
        for f in acuerdos.filter(verificado_en__isnull=False)
        .values("caso__municipio", "verificado_en", "resultado_verificacion")
        .annotate(n=Count("pk"))
        .order_by()
    }


def remisiones_contadas(remisiones) -> dict[int, tuple]:
    """{remisión: (municipio de su caso, entidad, envío, respuesta, devolución)}."""
    return {
        pk: tuple(resto)
        for pk, *resto in remisiones.values_list(
            "pk", "caso__municipio", "entidad", "fecha_envio", "fecha_respuesta", "fecha_devolucion"
        ).order_by()
    }


def remisiones_del_mes(por_remision: dict) -> dict[tuple, int]:
    """{(municipio, mes de envío, entidad, mes de la respuesta, días para responder, mes de la
    devolución): remisiones} de lo que da `remisiones_contadas`."""
    conteo = defaultdict(int)
    for municipio, entidad, envio, respuesta, devolucion in por_remision.values():
        conteo[
            (
                municipio,
                primero_del_mes(envio),
                entidad,
                respuesta and primero_del_mes(respuesta),
                (respuesta - envio).days if respuesta else None,
                devolucion and primero_del_mes(devolucion),
            )
        ] += 1
    return dict(conteo)


def _realizadas(actividades):
    return actividades.filter(estado=EstadoActividad.REALIZADA).values("pk")


def asistentes(actividades) -> dict[tuple, tuple]:
    """{(municipio, día de inicio, sexo, grupo de edad): (registrados, contados, con cada
    enfoque…)} de las `actividades` realizadas (el orden de los enfoques es el de `Enfoque`)."""
    realizadas = _realizadas(actividades)
    filas = defaultdict(lambda: [0] * (2 + len(Enfoque)))
    for f in (
        Asistencia.objects.filter(actividad__in=realizadas)
        .annotate(dia=TruncDate("actividad__inicio"))
        .values("actividad__municipio", "dia", "sexo", "grupo_edad")
        .annotate(
            m_n=Count("pk"),
            **{f"m_{e}": Count("pk", filter=Q(**{f"enfoque_{e}": True})) for e in Enfoque.values},
        )
        .order_by()
    ):
        fila = filas[(f["actividad__municipio"], f["dia"], f["sexo"], f["grupo_edad"])]
        fila[0] = f["m_n"]
        fila[2:] = [f[f"m_{e}"] for e in Enfoque.values]
    for f in (
        ConteoAsistencia.objects.filter(actividad__in=realizadas)
        .annotate(dia=TruncDate("actividad__inicio"))
        .values("actividad__municipio", "dia", "sexo", "grupo_edad")
        .annotate(m_n=Sum("cantidad"))
        .order_by()
    ):
        filas[(f["actividad__municipio"], f["dia"], f["sexo"], f["grupo_edad"])][1] = f["m_n"]
    return {clave: tuple(valores) for clave, valores in filas.items()}


def enfoques_contados(actividades) -> dict[tuple, int]:
    """{(municipio, día de inicio, enfoque): personas contadas en multitud con él}."""
    return {
        (f["actividad__municipio"], f["dia"], f["enfoque"]): f["m_n"]
        for f in ConteoEnfoque.objects.filter(actividad__in=_realizadas(actividades))
        .annotate(dia=TruncDate("actividad__inicio"))
        .values("actividad__municipio", "dia", "enfoque")
        .annotate(m_n=Sum("cantidad"))
        .order_by()
    }


def al_mes(por_dia: dict) -> dict:
    """Los conteos {(municipio, fecha, …): conteo o (conteos…)} sumados por mes."""
    sumas = {}
    for (municipio, fecha, *resto), valor in por_dia.items():
        clave = (municipio, primero_del_mes(fecha), *resto)
        if isinstance(valor, tuple):
            anterior = sumas.get(clave, (0,) * len(valor))
            sumas[clave] = tuple(a + b for a, b in zip(anterior, valor, strict=True))
        else:
            sumas[clave] = sumas.get(clave, 0) + valor
    return sumas


def _filas(
    recibidos_=None,
    cierres_=None,
    duraciones_=None,
    carga_=None,
    verificaciones_=None,
    abiertos_=None,
    remisiones_=None,
    asistentes_=None,
    enfoques_=None,
    recibidos_mes_=None,
    duraciones_mes_=None,
    remisiones_mes_=None,
) -> dict:
    """Las filas de cada tabla a partir de los conteos."""
    return {
        RecibidosDelDia: [
            RecibidosDelDia(
                municipio_id=m, fecha=f, tipo_id=t, zona=z, nivel_riesgo=r,
                casos=n, reincidentes=ri, reincidentes_fuera=o,
            )
            for (m, f, t, z, r), (n, ri, o) in (recibidos_ or {}).items()
        ],
        CierresDelDia: [
            CierresDelDia(municipio_id=m, fecha=f, resultado=r, casos=n)
            for (m, f, r), n in (cierres_ or {}).items()
        ],
        DuracionDeCierres: [
            DuracionDeCierres(municipio_id=m, fecha=f, dias=d, casos=n)
            for (m, f, d), n in (duraciones_ or {}).items()
        ],
        CargaDelDia: [
            CargaDelDia(municipio_id=m, fecha=f, gestor_id=g, recibidos=r, cerrados=c)
            for (m, f, g), (r, c) in (carga_ or {}).items()
        ],
        VerificacionesDelDia: [
            VerificacionesDelDia(municipio_id=m, fecha=f, resultado=r, acuerdos=n)
            for (m, f, r), n in (verificaciones_ or {}).items()
        ],
        CasoAbierto: [
            CasoAbierto(
                caso_id=pk, municipio_id=m, gestor_id=g, ultima_actuacion=u,
                remision_vence=r, verificacion_vence=v,
            )
            for pk, (m, g, u, r, v) in (abiertos_ or {}).items()
        ],
        RemisionContada: [
            RemisionContada(
                remision_id=pk, municipio_id=m, entidad_id=e, fecha_envio=f,
                fecha_respuesta=r, fecha_devolucion=d,
            )
            for pk, (m, e, f, r, d) in (remisiones_ or {}).items()
        ],
        AsistentesDelDia: [
            AsistentesDelDia(
                municipio_id=m, fecha=f, sexo=s, grupo_edad=g, registrados=n, contados=c,
                **{f"enfoque_{e}": v for e, v in zip(Enfoque.values, enfoques, strict=True)},
            )
            for (m, f, s, g), (n, c, *enfoques) in (asistentes_ or {}).items()
        ],
        EnfoquesContadosDelDia: [
            EnfoquesContadosDelDia(municipio_id=m, fecha=f, enfoque=e, cantidad=n)
            for (m, f, e), n in (enfoques_ or {}).items()
        ],
        RecibidosDelMes: [
            RecibidosDelMes(
                municipio_id=m, mes=f, tipo_id=t, zona=z, nivel_riesgo=r,
                casos=n, reincidentes=ri, reincidentes_fuera=o,
            )
            for (m, f, t, z, r), (n, ri, o) in (recibidos_mes_ or {}).items()
        ],
        DuracionDelMes: [
            DuracionDelMes(municipio_id=m, mes=f, dias=d, casos=n)
            for (m, f, d), n in (duraciones_mes_ or {}).items()
        ],
        RemisionesDelMes: [
            RemisionesDelMes(
                municipio_id=m, mes=f, entidad_id=e, mes_respuesta=mr, dias_respuesta=d,
                mes_devolucion=md, remisiones=n,
            )
            for (m, f, e, mr, d, md), n in (remisiones_mes_ or {}).items()
        ],
    }  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Mantener: lo que toca un cambio.


@transaction.atomic
def actualizar(
    *,
    dias: Iterable[tuple[int, datetime.date | None]] = (),
    personas: Iterable[int] = (),
    claves: Iterable[str] = (),
    casos: Iterable[int] = (),
    abiertos: Iterable[int] = (),
    remisiones: Iterable[int] = (),
    actividades: Iterable[tuple[int, datetime.date | None]] = (),
) -> None:
    """Vuelve a contar lo que un cambio toca: `dias` (municipio, fecha) de recepción o de cierre;
    la reincidencia de los casos de `personas`, de los que tienen una parte con alguno de los
    seudónimos `claves`, y de los `casos` cuya fecha, municipio o partes cambiaron (con los de
    sus partes); lo que decide las alertas de los casos `abiertos` (si lo siguen estando), las
    `remisiones` como las cuenta el tablero y los asistentes de las actividades de los días
    (municipio, fecha de inicio) de `actividades`."""
    actividades = _por_municipio(actividades)
    _candado(MUNICIPIO, actividades)
    for municipio, fechas in actividades.items():
        _recontar_asistentes(municipio, fechas)
    if remisiones := set(remisiones):
        antes = RemisionContada.objects.filter(remision__in=remisiones)
        meses = {(m, primero_del_mes(f)) for m, f in antes.values_list("municipio", "fecha_envio")}
        antes.delete()
        nuevas = _filas(
            remisiones_=remisiones_contadas(Remision.objects.filter(pk__in=remisiones))
        )[RemisionContada]
        RemisionContada.objects.bulk_create(nuevas)
        meses |= {(r.municipio_id, primero_del_mes(r.fecha_envio)) for r in nuevas}
        _candado(MUNICIPIO, {municipio for municipio, _mes in meses})
        for municipio, mes in sorted(meses):
            _recontar_remisiones_del_mes(municipio, mes)
    if abiertos := set(abiertos):
        # Una fila por caso (los servicios bloquean su caso): sin candado.
        CasoAbierto.objects.filter(caso__in=abiertos).delete()
        CasoAbierto.objects.bulk_create(
            _filas(abiertos_=casos_abiertos(Caso.objects.filter(pk__in=abiertos)))[CasoAbierto]
        )
    dias = set(dias) | _reincidencia_actualizar(set(personas), {c for c in claves if c}, set(casos))
    dias = _por_municipio(dias)
    _candado(MUNICIPIO, dias)
    for municipio, fechas in dias.items():
        _recontar(municipio, fechas)


def _por_municipio(dias) -> dict[int, list[datetime.date]]:
    """{municipio: [fechas]} en orden (el de los candados de fila), sin días vacíos."""
    por_municipio = defaultdict(set)
    for municipio, fecha in dias:
        if municipio and fecha:
            por_municipio[municipio].add(fecha)
    return {m: sorted(fechas) for m, fechas in sorted(por_municipio.items())}


def _reincidencia_actualizar(personas: set, claves: set, casos: set) -> set:
    """Recalcula la reincidencia guardada de los casos afectados; devuelve los días (municipio,
    fecha de recepción) de los que cambiaron."""
    if casos:
        # Cambió la fecha o el municipio de un caso: cambia lo que es «antes» para los casos de
        # sus partes.
        for persona, clave in Parte.objects.filter(caso__in=casos).values_list(
            "persona", "persona__clave_documento"
        ):
            personas.add(persona)
            if clave:
                claves.add(clave)
    if personas:
        claves |= set(
            Persona.objects.filter(pk__in=personas)
            .exclude(clave_documento="")
            .values_list("clave_documento", flat=True)
        )
    if not (personas or claves or casos):
        return set()
    # Antes de mirar sus casos: quien agrega a la misma persona (o el mismo documento) en otro
    # caso a la vez espera, y al seguir ve el caso de esta transacción.
    _candado(CLAVE, claves)
    _candado(PERSONA, personas)
    afectados = set(casos)
    if personas:
        afectados |= set(Parte.objects.filter(persona__in=personas).values_list("caso", flat=True))
    if claves:
        afectados |= set(
            Parte.objects.filter(persona__clave_documento__in=claves).values_list("caso", flat=True)
        )
    if not afectados:
        return set()
    calculada = reincidencia_calculada(Caso.objects.filter(pk__in=afectados))
    guardada = {
        r.caso_id: (r.en_el_municipio, r.en_otro_municipio)
        for r in Reincidencia.objects.filter(caso__in=afectados)
    }
    cambiaron = {
        pk
        for pk in afectados
        if calculada.get(pk, (False, False)) != guardada.get(pk, (False, False))
    }
    if not cambiaron:
        return set()
    Reincidencia.objects.filter(caso__in=cambiaron).delete()
    # Si otra transacción (otra persona del mismo caso) la escribió a la vez, queda la de esta.
    Reincidencia.objects.bulk_create(
        [
            Reincidencia(caso_id=pk, en_el_municipio=r, en_otro_municipio=o)
            for pk, (r, o) in calculada.items()
            if pk in cambiaron
        ],
        update_conflicts=True,
        unique_fields=["caso"],
        update_fields=["en_el_municipio", "en_otro_municipio"],
    )
    return set(Caso.objects.filter(pk__in=cambiaron).values_list("municipio", "fecha_recepcion"))


def _rango_de_dias(fechas: list[datetime.date], campo: str = "cerrado_en") -> Q:
    """Lo que tiene `campo` (un momento) en alguno de esos días de Bogotá (por el índice
    municipio-momento)."""
    condicion = Q(pk__in=[])
    for fecha in fechas:
        inicio = timezone.make_aware(datetime.datetime.combine(fecha, datetime.time.min))
        condicion |= Q(
            **{f"{campo}__gte": inicio, f"{campo}__lt": inicio + datetime.timedelta(days=1)}
        )
    return condicion


def _recontar(municipio: int, fechas: list[datetime.date]) -> None:
    del_municipio = Caso.objects.filter(municipio=municipio)
    recibidos_ese_dia = del_municipio.filter(fecha_recepcion__in=fechas)
    cerrados_ese_dia = del_municipio.filter(_rango_de_dias(fechas))
    filas = _filas(
        recibidos(recibidos_ese_dia),
        cierres(cerrados_ese_dia),
        duraciones(cerrados_ese_dia),
        carga(recibidos_ese_dia, cerrados_ese_dia),
        verificaciones(Acuerdo.objects.filter(caso__municipio=municipio, verificado_en__in=fechas)),
    )
    for modelo in (RecibidosDelDia, CierresDelDia, DuracionDeCierres, CargaDelDia):
        modelo.objects.filter(municipio=municipio, fecha__in=fechas).delete()
        modelo.objects.bulk_create(filas[modelo])
    VerificacionesDelDia.objects.filter(municipio=municipio, fecha__in=fechas).delete()
    VerificacionesDelDia.objects.bulk_create(filas[VerificacionesDelDia])
    for mes in sorted({primero_del_mes(fecha) for fecha in fechas}):
        _recontar_mes(municipio, mes)


def _recontar_mes(municipio: int, mes: datetime.date) -> None:
    """Rehace las filas por mes de `mes` sumando las filas del día de ese mes."""
    for mensual, (diaria, claves, conteos) in MENSUALES.items():
        mensual.objects.filter(municipio=municipio, mes=mes).delete()
        mensual.objects.bulk_create(
            mensual(
                municipio_id=municipio,
                mes=mes,
                **{clave: fila[clave] for clave in claves},
                **{conteo: fila[f"m_{conteo}"] for conteo in conteos},
            )
            for fila in diaria.objects.filter(
                municipio=municipio, fecha__range=(mes, ultimo_del_mes(mes))
            )
            .values(*claves)
            .annotate(**{f"m_{conteo}": Sum(conteo) for conteo in conteos})
            .order_by()
        )


def _recontar_remisiones_del_mes(municipio: int, mes: datetime.date) -> None:
    """Rehace las remisiones por mes de `mes` desde las `RemisionContada` de ese mes."""
    RemisionesDelMes.objects.filter(municipio=municipio, mes=mes).delete()
    del_mes = RemisionContada.objects.filter(
        municipio=municipio, fecha_envio__range=(mes, ultimo_del_mes(mes))
    )
    RemisionesDelMes.objects.bulk_create(
        _filas(remisiones_mes_=remisiones_del_mes(remisiones_contadas_guardadas(del_mes)))[
            RemisionesDelMes
        ]
    )


def remisiones_contadas_guardadas(filas) -> dict[int, tuple]:
    """Lo mismo que `remisiones_contadas`, de filas de `RemisionContada`."""
    return {
        pk: tuple(resto)
        for pk, *resto in filas.values_list(
            "remision", "municipio", "entidad", "fecha_envio", "fecha_respuesta", "fecha_devolucion"
        ).order_by()
    }


def _recontar_asistentes(municipio: int, fechas: list[datetime.date]) -> None:
    actividades = Actividad.objects.filter(_rango_de_dias(fechas, "inicio"), municipio=municipio)
    filas = _filas(asistentes_=asistentes(actividades), enfoques_=enfoques_contados(actividades))
    for modelo in (AsistentesDelDia, EnfoquesContadosDelDia):
        modelo.objects.filter(municipio=municipio, fecha__in=fechas).delete()
        modelo.objects.bulk_create(filas[modelo])


# ---------------------------------------------------------------------------------------------
# Rehacer todo y verificar.


# El argumento de `_filas` de cada tabla.
ARGUMENTO = {
    RecibidosDelDia: "recibidos_",
    CierresDelDia: "cierres_",
    DuracionDeCierres: "duraciones_",
    CargaDelDia: "carga_",
    VerificacionesDelDia: "verificaciones_",
    CasoAbierto: "abiertos_",
    RemisionContada: "remisiones_",
    AsistentesDelDia: "asistentes_",
    EnfoquesContadosDelDia: "enfoques_",
    RecibidosDelMes: "recibidos_mes_",
    DuracionDelMes: "duraciones_mes_",
    RemisionesDelMes: "remisiones_mes_",
}


def _contado(tablas) -> dict:
    """{tabla: conteos} de las `tablas` pedidas (salvo `Reincidencia`), contados de todas las de
    base; las por mes, sumando por mes lo contado por día."""
    todos, actividades = Caso.objects.all(), Actividad.objects.all()
    contar = {
        RecibidosDelDia: lambda: recibidos(todos),
        CierresDelDia: lambda: cierres(todos),
        DuracionDeCierres: lambda: duraciones(todos),
        CargaDelDia: lambda: carga(todos, todos),
        VerificacionesDelDia: lambda: verificaciones(Acuerdo.objects.all()),
        CasoAbierto: lambda: casos_abiertos(todos),
        RemisionContada: lambda: remisiones_contadas(Remision.objects.all()),
        AsistentesDelDia: lambda: asistentes(actividades),
        EnfoquesContadosDelDia: lambda: enfoques_contados(actividades),
    }
    contados = {}

    def de(modelo):
        if modelo not in contados:
            if modelo in contar:
                contados[modelo] = contar[modelo]()
            elif modelo is RemisionesDelMes:
                contados[modelo] = remisiones_del_mes(de(RemisionContada))
            else:
                contados[modelo] = al_mes(de(MENSUALES[modelo][0]))
        return contados[modelo]

    return {modelo: de(modelo) for modelo in tablas if modelo is not Reincidencia}


@transaction.atomic
def recalcular(salida=None, tablas=None) -> dict[str, int]:
    """Rehace las tablas de resumen (todas, o las `tablas` pedidas) desde las de base: después
    de una carga en bloque como `sembrar_escala`, o si `verificar()` encuentra diferencias; cada
    migración que agrega una tabla la llena con esto. Devuelve las filas por tabla."""
    tablas = TABLAS if tablas is None else tablas
    _candado(MUNICIPIO, Municipio.objects.values_list("pk", flat=True))
    cuantas = {}
    for modelo in tablas:
        modelo.objects.all().delete()
    if Reincidencia in tablas:
        Reincidencia.objects.bulk_create(
            (
                Reincidencia(caso_id=pk, en_el_municipio=r, en_otro_municipio=o)
                for pk, (r, o) in reincidencia_de_todos().items()
            ),
            batch_size=5000,
        )
        cuantas[str(Reincidencia._meta.verbose_name_plural)] = Reincidencia.objects.count()
    filas_de = _filas(**{ARGUMENTO[m]: conteos for m, conteos in _contado(tablas).items()})
    for modelo in tablas:
        if modelo is Reincidencia:
            continue
        filas = filas_de[modelo]
        modelo.objects.bulk_create(filas, batch_size=5000)
        cuantas[str(modelo._meta.verbose_name_plural)] = len(filas)
        if salida:
            salida(f"{modelo._meta.verbose_name_plural}: {len(filas)} filas.")
    return cuantas


def _guardadas() -> dict:
    return {
        Reincidencia: {
            r.caso_id: (r.en_el_municipio, r.en_otro_municipio) for r in Reincidencia.objects.all()
        },
        RecibidosDelDia: {
            (r.municipio_id, r.fecha, r.tipo_id, r.zona, r.nivel_riesgo): (
                r.casos, r.reincidentes, r.reincidentes_fuera,
            )
            for r in RecibidosDelDia.objects.all()
        },
        CierresDelDia: {
            (r.municipio_id, r.fecha, r.resultado): r.casos for r in CierresDelDia.objects.all()
        },
        DuracionDeCierres: {
            (r.municipio_id, r.fecha, r.dias): r.casos for r in DuracionDeCierres.objects.all()
        },
        CargaDelDia: {
            (r.municipio_id, r.fecha, r.gestor_id): (r.recibidos, r.cerrados)
            for r in CargaDelDia.objects.all()
        },
        VerificacionesDelDia: {
            (r.municipio_id, r.fecha, r.resultado): r.acuerdos
            for r in VerificacionesDelDia.objects.all()
        },
        CasoAbierto: {
            r.caso_id: (
                r.municipio_id, r.gestor_id, r.ultima_actuacion, r.remision_vence,
                r.verificacion_vence,
            )
            for r in CasoAbierto.objects.all()
        },
        RemisionContada: {
            r.remision_id: (
                r.municipio_id, r.entidad_id, r.fecha_envio, r.fecha_respuesta, r.fecha_devolucion,
            )
            for r in RemisionContada.objects.all()
        },
        AsistentesDelDia: {
            (r.municipio_id, r.fecha, r.sexo, r.grupo_edad): (
                r.registrados, r.contados, *(getattr(r, f"enfoque_{e}") for e in Enfoque.values),
            )
            for r in AsistentesDelDia.objects.all()
        },
        EnfoquesContadosDelDia: {
            (r.municipio_id, r.fecha, r.enfoque): r.cantidad
            for r in EnfoquesContadosDelDia.objects.all()
        },
        RecibidosDelMes: {
            (r.municipio_id, r.mes, r.tipo_id, r.zona, r.nivel_riesgo): (
                r.casos, r.reincidentes, r.reincidentes_fuera,
            )
            for r in RecibidosDelMes.objects.all()
        },
        DuracionDelMes: {
            (r.municipio_id, r.mes, r.dias): r.casos for r in DuracionDelMes.objects.all()
        },
        RemisionesDelMes: _remisiones_del_mes_guardadas(),
    }  # fmt: skip


def _remisiones_del_mes_guardadas() -> dict:
    """Sumadas por clave (la tabla no tiene clave única: se rehace por municipio y mes)."""
    guardadas = defaultdict(int)
    for *clave, n in RemisionesDelMes.objects.values_list(
        "municipio", "mes", "entidad", "mes_respuesta", "dias_respuesta", "mes_devolucion",
        "remisiones",
    ):  # fmt: skip
        guardadas[tuple(clave)] += n
    return dict(guardadas)


def verificar() -> list[str]:
    """Las diferencias entre las tablas de resumen y lo que dicen las de base (vacía: iguales)."""
    esperadas = {Reincidencia: reincidencia_de_todos(), **_contado(TABLAS)}
    diferencias = []
    for modelo, guardadas in _guardadas().items():
        calculadas = esperadas[modelo]
        for clave in sorted(set(guardadas) | set(calculadas), key=str):
            if guardadas.get(clave) != calculadas.get(clave):
                diferencias.append(
                    f"{modelo.__name__} {clave}: guardado {guardadas.get(clave)}, "
                    f"en las tablas de base {calculadas.get(clave)}"
                )
    return diferencias
