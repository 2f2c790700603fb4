"""Las tablas de resumen de los tableros: al día con cada cambio, y las órdenes que las verifican y
las rehacen. (Además, `tests/conftest.py` las verifica al terminar cada prueba de la suite.)"""

import datetime
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.db.models import Sum

from capacitaciones.services import actividad_marcar_realizada, conteos_guardar
from casos.models import Caso, Estado, Parte, TipoConflicto
from casos.personas import personas_fusionar
from casos.services import caso_editar
from municipios.models import Zona
from remisiones.models import Remision
from tableros import diarios
from tableros.consultas import alertas_de_los_abiertos, partes_del_periodo, reunir
from tableros.models import (
    AsistentesDelDia,
    CargaDelDia,
    CierresDelDia,
    DuracionDeCierres,
    DuracionDelMes,
    EnfoquesContadosDelDia,
    RecibidosDelDia,
    RecibidosDelMes,
    Reincidencia,
    RemisionesDelMes,
)
from tableros.periodos import Periodo
from tests import factories as f
from tests.tableros.conftest import OCTUBRE, bogota

pytestmark = pytest.mark.django_db


def _recibidos(municipio, desde=OCTUBRE[0], hasta=OCTUBRE[1], **filtros):
    suma = RecibidosDelDia.objects.filter(
        municipio=municipio, fecha__range=(desde, hasta), **filtros
    ).aggregate(n=Sum("casos"), r=Sum("reincidentes"), o=Sum("reincidentes_fuera"))
    return suma["n"] or 0, suma["r"] or 0, suma["o"] or 0


def _caso(municipio, recibido):
    return f.CasoFactory(municipio=municipio, fecha_hechos=recibido, fecha_recepcion=recibido)


def test_el_conjunto_conocido_queda_resumido(datos_octubre, galapa, malambo):
    # Octubre en Galapa: c1, c4 y c2 recibidos; c1 y c2 reincidentes.
    assert _recibidos(galapa) == (3, 2, 0)
    assert _recibidos(galapa, zona=Zona.RURAL) == (1, 1, 0)
    assert _recibidos(galapa, zona="") == (1, 0, 0)  # c4, sin sector
    assert _recibidos(malambo) == (1, 0, 0)
    cierres = CierresDelDia.objects.filter(municipio=galapa, fecha__range=OCTUBRE)
    assert dict(cierres.values_list("resultado", "casos")) == {
        "acuerdo_parcial": 1,
        "acuerdo_total": 1,
        "sin_acuerdo": 1,
    }
    # c2 se cerró el 31/10 a las 23:30 de Bogotá (ya 1/11 en UTC): cuenta el 31.
    assert cierres.get(resultado="sin_acuerdo").fecha == datetime.date(2026, 10, 31)
    duraciones = DuracionDeCierres.objects.filter(municipio=galapa, fecha__range=OCTUBRE)
    assert sorted(duraciones.values_list("dias", flat=True)) == [0, 10, 12]
    assert Reincidencia.objects.filter(en_el_municipio=True).count() == 2
    assert diarios.verificar() == []


def test_editar_la_fecha_y_el_tipo_mueve_los_conteos(datos_octubre, galapa):
    c1 = Caso.objects.get(municipio=galapa, fecha_recepcion=datetime.date(2026, 10, 5))
    rinas = TipoConflicto.objects.get(nombre__startswith="Riñas")
    # c1 pasa a recibido el 1/9: ya no es de octubre y deja de ser reincidente (c3, con la misma
    # persona, es del 20/9: ahora es posterior), y c3 pasa a serlo.
    caso_editar(caso=c1, autor=c1.gestor, version=c1.version, tipo=rinas)
    c1.refresh_from_db()
    # La fecha de recepción no se edita en pantalla, pero si cambia (admin, corrección), cuenta.
    c1.fecha_hechos = c1.fecha_recepcion = datetime.date(2026, 9, 1)
    c1.save()
    assert _recibidos(galapa) == (2, 1, 0)
    septiembre = (datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))
    assert _recibidos(galapa, *septiembre) == (2, 1, 0)
    assert _recibidos(galapa, *septiembre, tipo=rinas) == (1, 0, 0)
    c3 = Caso.objects.get(municipio=galapa, fecha_recepcion=datetime.date(2026, 9, 20))
    assert Reincidencia.objects.get(caso=c3).en_el_municipio
    assert not Reincidencia.objects.filter(caso=c1).exists()


def test_cerrar_y_reabrir_cuentan_el_dia_del_cierre(galapa, gestor_galapa):
    caso = f.CasoFactory(municipio=galapa, gestor=gestor_galapa)
    assert not CierresDelDia.objects.exists()
    caso.estado, caso.resultado = Estado.CERRADO, "acuerdo_total"
    caso.cerrado_en = diarios.timezone.now()
    caso.save()
    dia = diarios.dia_de_cierre(caso.cerrado_en)
    assert CierresDelDia.objects.get(municipio=galapa, fecha=dia).casos == 1
    assert (
        DuracionDeCierres.objects.get(municipio=galapa, fecha=dia).dias
        == (dia - caso.fecha_recepcion).days
    )
    assert CargaDelDia.objects.get(fecha=dia, gestor=gestor_galapa).cerrados == 1
    caso.estado, caso.resultado, caso.cerrado_en = Estado.EN_GESTION, "", None
    caso.save()
    assert not CierresDelDia.objects.exists()
    assert not DuracionDeCierres.objects.exists()
    assert CargaDelDia.objects.get(fecha=caso.fecha_recepcion, gestor=gestor_galapa).recibidos == 1


def test_cambiar_la_zona_de_un_sector_mueve_sus_casos(datos_octubre, galapa):
    rural = Caso.objects.get(fecha_recepcion=datetime.date(2026, 10, 31)).sector
    rural.zona = Zona.URBANA
    rural.save()
    assert _recibidos(galapa, zona=Zona.RURAL) == (0, 0, 0)
    assert _recibidos(galapa, zona=Zona.URBANA) == (2, 2, 0)


def test_una_parte_nueva_y_el_documento_corregido_cambian_la_reincidencia(galapa, malambo):
    antes = _caso(malambo, datetime.date(2026, 10, 1))
    despues = _caso(galapa, datetime.date(2026, 10, 20))
    en_malambo = f.PersonaFactory(municipio=malambo, numero_documento="1001")
    en_galapa = f.PersonaFactory(municipio=galapa, numero_documento="2002")
    f.ParteFactory(caso=antes, persona=en_malambo)
    f.ParteFactory(caso=despues, persona=en_galapa)
    assert _recibidos(galapa) == (1, 0, 0)
    # Se corrige el documento: es la misma persona que ya tuvo un caso en Malambo.
    en_galapa.numero_documento = "1001"
    en_galapa.save()
    assert _recibidos(galapa) == (1, 0, 1)
    assert Reincidencia.objects.get(caso=despues).en_otro_municipio
    # Y otro caso suyo en Galapa, después: reincidente en el municipio y fuera.
    tercero = _caso(galapa, datetime.date(2026, 10, 25))
    f.ParteFactory(caso=tercero, persona=en_galapa)
    assert _recibidos(galapa) == (2, 1, 2)
    # Quitar la parte lo deshace.
    Parte.objects.get(caso=tercero).delete()
    assert _recibidos(galapa) == (2, 0, 1)


def test_fusionar_personas_recalcula_la_reincidencia(galapa, coordinador_galapa):
    primero = _caso(galapa, datetime.date(2026, 10, 2))
    segundo = _caso(galapa, datetime.date(2026, 10, 9))
    rosa = f.PersonaFactory(municipio=galapa, nombres="Rosa")
    rosa_otra = f.PersonaFactory(
        municipio=galapa, nombres="Rosa", tipo_documento="SD", numero_documento=""
    )
    f.ParteFactory(caso=primero, persona=rosa)
    f.ParteFactory(caso=segundo, persona=rosa_otra)
    assert _recibidos(galapa) == (2, 0, 0)
    personas_fusionar(conservada=rosa, fusionada=rosa_otra, autor=coordinador_galapa)
    assert _recibidos(galapa) == (2, 1, 0)
    assert Reincidencia.objects.get(caso=segundo).en_el_municipio


def test_verificar_encuentra_diferencias_y_recalcular_las_arregla(datos_octubre, capsys):
    call_command("verificar_resumenes")
    assert "coinciden" in capsys.readouterr().out
    fila = RecibidosDelDia.objects.filter(reincidentes=1).first()
    RecibidosDelDia.objects.filter(pk=fila.pk).delete()
    Reincidencia.objects.all().delete()
    with pytest.raises(CommandError, match="diferencias"):
        call_command("verificar_resumenes")
    salida = capsys.readouterr().err
    assert "RecibidosDelDia" in salida
    assert "Reincidencia" in salida
    call_command("recalcular_resumenes")
    assert diarios.verificar() == []


@pytest.fixture
def coordinador_galapa(galapa):
    from gestores.models import Rol

    return f.usuario_con_rol(Rol.COORDINADOR, galapa, usuario__username="t.coord.galapa")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="el candado consultivo (pg_advisory_xact_lock) es de PostgreSQL y SQLite no tiene dos "
    "transacciones que escriban a la vez; CI corre esta prueba en PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dos_registros_a_la_vez_el_mismo_dia_cuentan_los_dos(galapa):
    """Sin el candado, cada transacción contaría el día sin ver el caso de la otra."""
    sector = f.SectorFactory(municipio=galapa)
    gestor = f.GestorFactory(perfil__municipio=galapa).perfil.usuario
    tipo = TipoConflicto.objects.first()
    barrera = threading.Barrier(2)
    errores = []

    def registrar(n):
        try:
            barrera.wait(timeout=10)
            with transaction.atomic():
                f.CasoFactory(
                    municipio=galapa, sector=sector, gestor=gestor, tipo=tipo, consecutivo=900 + n
                )
                time.sleep(0.3)  # la otra registra mientras esta no ha confirmado
        except Exception as error:
            errores.append(error)
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=registrar, args=(n,)) for n in range(2)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    assert errores == []
    assert RecibidosDelDia.objects.aggregate(n=Sum("casos"))["n"] == 2
    assert diarios.verificar() == []


def test_las_alertas_del_tablero_son_las_de_la_lista(datos_octubre, galapa, malambo):
    """`alertas_de_los_abiertos` (el tablero, de `CasoAbierto`) cuenta lo mismo que
    `con_alertas` (la lista, caso por caso)."""
    abierto = Caso.objects.get(municipio=galapa, estado=Estado.EN_GESTION)
    f.ActuacionFactory(caso=f.CasoFactory(municipio=malambo, estado=Estado.EN_GESTION))
    noviembre = datetime.date(2026, 11, 3)
    f.AcuerdoFactory(caso=abierto, fecha=noviembre, fecha_verificacion=datetime.date(2026, 11, 4))
    f.RemisionFactory(caso=abierto, fecha_envio=datetime.date(2026, 11, 4))
    vistas = []
    for ahora in [diarios.timezone.now(), bogota(2026, 11, 10, 12)]:
        caso_por_caso = {
            municipio: dict.fromkeys(("seguimiento", "remision", "verificacion"), 0)
            for municipio in Caso.objects.abiertos().values_list("municipio", flat=True)
        }
        for caso in Caso.objects.abiertos().con_alertas(ahora):
            cifras = caso_por_caso[caso.municipio_id]
            cifras["seguimiento"] += caso.alerta_sin_seguimiento
            cifras["remision"] += caso.alerta_remision
            cifras["verificacion"] += caso.alerta_verificacion
        ids = list(caso_por_caso)
        assert alertas_de_los_abiertos(ids, ahora) == {
            municipio: {"municipio": municipio, **cifras}
            for municipio, cifras in caso_por_caso.items()
        }
        vistas.append(caso_por_caso[galapa.pk])
    # Hoy: la remisión (plazo de 10 días hábiles) y la verificación ya vencieron; el 10/11, solo
    # la verificación.
    assert vistas == [
        {"seguimiento": 1, "remision": 1, "verificacion": 1},
        {"seguimiento": 1, "remision": 0, "verificacion": 1},
    ]


def test_los_meses_completos_salen_de_la_tabla_por_mes(datos_octubre, galapa, usuario_amb):
    """Un periodo se lee por partes: los meses completos de `RecibidosDelMes`/`DuracionDelMes` y
    los días sueltos de las tablas por día; juntas dan lo mismo que contar los casos."""
    octubre, septiembre = datetime.date(2026, 10, 1), datetime.date(2026, 9, 1)
    rango = Periodo(datetime.date(2026, 9, 15), datetime.date(2026, 10, 31))
    assert partes_del_periodo(rango) == (
        [octubre],
        [(datetime.date(2026, 9, 15), datetime.date(2026, 9, 30))],
    )
    assert partes_del_periodo(Periodo(datetime.date(2026, 10, 3), OCTUBRE[1])) == (
        [],
        [(datetime.date(2026, 10, 3), OCTUBRE[1])],
    )
    assert partes_del_periodo(Periodo(septiembre, datetime.date(2026, 11, 2)))[1] == [
        (datetime.date(2026, 11, 1), datetime.date(2026, 11, 2))
    ]
    del_mes = RecibidosDelMes.objects.filter(municipio=galapa, mes=octubre)
    assert del_mes.aggregate(n=Sum("casos"), r=Sum("reincidentes")) == {"n": 3, "r": 2}
    assert sorted(
        DuracionDelMes.objects.filter(municipio=galapa, mes=octubre).values_list("dias", flat=True)
    ) == [0, 10, 12]

    def contados(periodo):
        datos = reunir(usuario_amb, [galapa.pk], periodo)
        return sum(datos.recibidos_mes.values()), datos.reincidentes.get((galapa.pk,), 0)

    def esperados(periodo):
        casos = Caso.objects.filter(
            municipio=galapa, fecha_recepcion__range=(periodo.desde, periodo.hasta)
        ).con_reincidencia()
        return casos.count(), casos.filter(reincidente=True).count()

    for periodo in (
        rango,
        Periodo(septiembre, OCTUBRE[1]),
        Periodo(datetime.date(2026, 9, 21), OCTUBRE[1]),
    ):
        assert contados(periodo) == esperados(periodo)  # fmt: skip
    # Un caso nuevo de octubre cambia la fila del mes en la misma transacción.
    _caso(galapa, datetime.date(2026, 10, 30))
    assert del_mes.aggregate(n=Sum("casos"))["n"] == 4
    assert contados(rango) == esperados(rango)


def test_los_asistentes_se_cuentan_por_el_dia_de_la_actividad(galapa, gestor_galapa):
    """Solo las actividades realizadas, el día de Bogotá en que empiezan; registrados uno a uno,
    contados en multitud y sus enfoques; moverla de día mueve sus asistentes."""
    # A las 20:00 del 10 en Bogotá ya es el 11 en UTC: cuenta el 10.
    actividad = f.ActividadFactory(municipio=galapa, inicio=bogota(2026, 10, 10, 20))
    f.AsistenciaFactory(
        actividad=actividad, sexo="mujer", grupo_edad="29_59", enfoque_migrante=True
    )
    assert not AsistentesDelDia.objects.exists()  # programada: aún no cuenta

    actividad_marcar_realizada(actividad=actividad, autor=gestor_galapa)
    fila = AsistentesDelDia.objects.get()
    assert (fila.municipio, fila.fecha, fila.sexo, fila.registrados, fila.enfoque_migrante) == (
        galapa, datetime.date(2026, 10, 10), "mujer", 1, 1
    )  # fmt: skip
    f.AsistenciaFactory(actividad=actividad, sexo="mujer", grupo_edad="29_59")
    conteos_guardar(
        actividad=actividad,
        autor=gestor_galapa,
        por_sexo_y_edad={("hombre", "18_28"): 30, ("mujer", "29_59"): 5},
        por_enfoque={"victima": 4},
    )
    assert {
        (a.sexo, a.grupo_edad): (a.registrados, a.contados, a.enfoque_migrante)
        for a in AsistentesDelDia.objects.all()
    } == {("mujer", "29_59"): (2, 5, 1), ("hombre", "18_28"): (0, 30, 0)}
    assert EnfoquesContadosDelDia.objects.get().cantidad == 4

    # Movida al 11: sus asistentes pasan al 11.
    actividad.refresh_from_db()
    actividad.inicio = bogota(2026, 10, 11, 9)
    actividad.fin = bogota(2026, 10, 11, 11)
    actividad.save()
    assert set(AsistentesDelDia.objects.values_list("fecha", flat=True)) == {
        datetime.date(2026, 10, 11)
    }
    assert EnfoquesContadosDelDia.objects.get().fecha == datetime.date(2026, 10, 11)
    assert diarios.verificar() == []


def test_las_remisiones_por_mes_dan_lo_mismo_que_contarlas(galapa, usuario_amb):
    """Enviadas, respondidas y devueltas hasta el fin del periodo, y la mediana de días de
    respuesta, iguales a contarlas en `Remision` para periodos que empiezan o terminan a mitad
    de mes, con respuestas del mes del fin antes y después de su último día."""
    dia = datetime.date
    caso = _caso(galapa, dia(2026, 8, 3))
    respondida = {"estado": "respondida"}
    for envio, recibo, respuesta in [
        (dia(2026, 8, 10), dia(2026, 8, 11), dia(2026, 8, 20)),
        (dia(2026, 8, 25), dia(2026, 8, 26), dia(2026, 9, 2)),
        (dia(2026, 9, 5), dia(2026, 9, 6), dia(2026, 10, 4)),
        (dia(2026, 9, 28), dia(2026, 9, 29), dia(2026, 10, 20)),
        (dia(2026, 10, 1), dia(2026, 10, 2), dia(2026, 10, 9)),
    ]:
        f.RemisionFactory(
            caso=caso, fecha_envio=envio, fecha_recepcion=recibo, fecha_respuesta=respuesta,
            **respondida,
        )  # fmt: skip
    f.RemisionFactory(caso=caso, fecha_envio=dia(2026, 9, 12))  # sin respuesta
    f.RemisionFactory(
        caso=caso, fecha_envio=dia(2026, 9, 14), estado="devuelta",
        fecha_devolucion=dia(2026, 10, 8), motivo_devolucion="No es de su competencia",
    )  # fmt: skip
    assert (
        RemisionesDelMes.objects.filter(mes=dia(2026, 9, 1)).aggregate(n=Sum("remisiones"))["n"]
        == 4
    )

    def contadas(periodo):
        datos = reunir(usuario_amb, [galapa.pk], periodo)
        (fila,) = datos.remisiones
        return (
            fila["enviadas"],
            fila["respondidas"],
            fila["devueltas"],
            datos.demora_municipio.get((galapa.pk,)),
        )

    def esperadas(periodo):
        enviadas = Remision.objects.filter(fecha_envio__range=(periodo.desde, periodo.hasta))
        respondidas = enviadas.filter(fecha_respuesta__lte=periodo.hasta)
        dias = sorted((r.fecha_respuesta - r.fecha_envio).days for r in respondidas)
        mitad = len(dias) // 2
        mediana = (
            (dias[mitad] if len(dias) % 2 else (dias[mitad - 1] + dias[mitad]) / 2)
            if dias
            else None
        )
        return (
            enviadas.count(),
            respondidas.count(),
            enviadas.filter(fecha_devolucion__lte=periodo.hasta).count(),
            mediana if mediana is None else round(mediana, 1),
        )  # fmt: skip

    for desde, hasta in [
        (dia(2026, 8, 1), dia(2026, 9, 30)),  # meses completos, termina con el mes
        (
            dia(2026, 8, 1),
            dia(2026, 10, 5),
        ),  # termina a mitad de octubre: la del 4 sí, la del 20 no
        (dia(2026, 8, 1), dia(2026, 10, 31)),
        (dia(2026, 8, 15), dia(2026, 10, 8)),  # empieza y termina a mitad de mes
        (dia(2026, 9, 1), dia(2026, 9, 30)),
        (dia(2026, 9, 1), dia(2026, 10, 7)),  # la devolución del 8 aún no
    ]:
        periodo = Periodo(desde, hasta)
        assert contadas(periodo) == esperadas(periodo), (desde, hasta)
