"""Los indicadores de la mediación (`tableros/catalogo/mediacion.py`): sesiones realizadas y no
realizadas, asistencia de las partes y actas y constancias por tipo, con sus cifras exactas, los
bordes del periodo en hora de Bogotá, otro municipio y las correcciones; y dónde se muestran."""

import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from casos.models import Estado
from mediacion.models import EstadoSesion
from tableros import consultas
from tableros.catalogo import mediacion as de_mediacion
from tableros.indicadores import calcular
from tableros.periodos import Periodo
from tests import factories as f
from tests.conftest import GALAPA, ingresar
from tests.tableros.mediacion import documento, sesion

OCTUBRE = Periodo.mes(2026, 10)
NO_REALIZADA = EstadoSesion.NO_REALIZADA


def bogota(*args):
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())


def cifra(indicador, usuario, municipio, periodo=OCTUBRE):
    return indicador.calculo(consultas.reunir(usuario, [municipio.pk], periodo), municipio)


def _n(filas) -> dict:
    return {fila["clave"]: fila["n"] for fila in filas}


@pytest.fixture
def en_mediacion(galapa):
    def crear(municipio=None):
        return f.CasoFactory(municipio=municipio or galapa, estado=Estado.EN_MEDIACION)

    return crear


@pytest.fixture
def sesiones(en_mediacion, malambo):
    """Galapa, octubre: realizadas el 1/10 a las 00:00 (2 de 2 vinieron) y el 31/10 a las 23:30
    (ya noviembre en UTC; 1 de 2, registrada el 2/11); no realizada el 15/10 (1 de 3). Fuera: una
    realizada el 30/09 a las 23:30 (ya octubre en UTC), otra el 1/11 a las 00:00, una programada
    el 20/10 y una reprogramada el 10/10 (para el 25/10, programada). Malambo: una realizada el
    12/10 (1 de 2)."""
    caso, otro = en_mediacion(), en_mediacion()
    sesion(caso, bogota(2026, 10, 1, 0, 0), asistieron=[True, True])
    sesion(
        otro,
        bogota(2026, 10, 31, 23, 30),
        asistieron=[True, False],
        registrada_en=bogota(2026, 11, 2, 9),
    )
    sesion(caso, bogota(2026, 10, 15, 10), NO_REALIZADA, asistieron=[True, False, False])
    sesion(caso, bogota(2026, 9, 30, 23, 30), asistieron=[True, True])
    sesion(caso, bogota(2026, 11, 1, 0, 0), asistieron=[False, True])
    sesion(otro, bogota(2026, 10, 20, 9), EstadoSesion.PROGRAMADA, asistieron=[None, None])
    nueva = sesion(caso, bogota(2026, 10, 25, 9), EstadoSesion.PROGRAMADA, asistieron=[None])
    sesion(
        caso,
        bogota(2026, 10, 10, 9),
        EstadoSesion.REPROGRAMADA,
        asistieron=[None],
        nueva=nueva,
        motivo_reprogramacion="Lluvia.",
    )
    sesion(en_mediacion(malambo), bogota(2026, 10, 12, 9), asistieron=[True, False])


def test_sesiones_realizadas_por_su_inicio_en_bogota(sesiones, galapa, usuario_amb):
    assert cifra(de_mediacion.SESIONES_REALIZADAS, usuario_amb, galapa) == 2
    septiembre = Periodo.mes(2026, 9)
    assert cifra(de_mediacion.SESIONES_REALIZADAS, usuario_amb, galapa, septiembre) == 1


def test_sesiones_no_realizadas(sesiones, galapa, usuario_amb):
    assert cifra(de_mediacion.SESIONES_NO_REALIZADAS, usuario_amb, galapa) == 1
    noviembre = Periodo.mes(2026, 11)
    assert cifra(de_mediacion.SESIONES_NO_REALIZADAS, usuario_amb, galapa, noviembre) == 0


def test_asistencia_de_las_partes_de_las_sesiones_registradas(sesiones, galapa, usuario_amb):
    # 2 de 2, 1 de 2 y 1 de 3: 4 de 7. Las programadas y la reprogramada no tienen asistencia.
    assert cifra(de_mediacion.ASISTENCIA, usuario_amb, galapa) == 57.1


def test_sin_sesiones_registradas_no_hay_tasa_de_asistencia(en_mediacion, galapa, usuario_amb):
    sesion(en_mediacion(), bogota(2026, 10, 20, 9), EstadoSesion.PROGRAMADA, asistieron=[None])
    assert cifra(de_mediacion.ASISTENCIA, usuario_amb, galapa) is None
    assert cifra(de_mediacion.SESIONES_REALIZADAS, usuario_amb, galapa) == 0


def test_otro_municipio_no_se_cuenta_y_juntos_dan_lo_mismo(
    sesiones, galapa, malambo, usuario_amb, secretaria_galapa
):
    juntos = calcular(usuario_amb, [galapa, malambo], OCTUBRE)
    assert (juntos[galapa.pk]["sesiones_realizadas"], juntos[galapa.pk]["asistencia_partes"]) == (
        2,
        57.1,
    )
    assert (juntos[malambo.pk]["sesiones_realizadas"], juntos[malambo.pk]["asistencia_partes"]) == (
        1,
        50.0,
    )
    # La secretaría de Galapa cuenta lo mismo que el AMB en su municipio, y nada de Malambo.
    suyas = calcular(secretaria_galapa, [galapa, malambo], OCTUBRE)
    assert set(suyas) == {galapa.pk}
    assert suyas[galapa.pk]["sesiones_realizadas"] == 2


@pytest.fixture
def documentos(en_mediacion, malambo):
    """Galapa: acta total del 1/10 a las 00:00, corregida el 20/10; acta parcial del 31/10 a las
    23:59 (ya noviembre en UTC); constancia de no acuerdo del 30/09 a las 23:59, corregida el
    5/10; constancia de inasistencia del 15/10 y otra del 1/11 a las 00:00, todas de una sesión
    de agosto. Malambo: un acta total del 10/10."""
    caso = en_mediacion()
    agosto = {"sesion_de": sesion(caso, bogota(2026, 8, 3, 9), NO_REALIZADA, asistieron=[False])}
    total = documento(caso, "acta_total", bogota(2026, 10, 1, 0, 0))
    documento(caso, "acta_total", bogota(2026, 10, 20, 9), corrige=total)
    documento(caso, "acta_parcial", bogota(2026, 10, 31, 23, 59))
    no_acuerdo = documento(caso, "constancia_no_acuerdo", bogota(2026, 9, 30, 23, 59), **agosto)
    documento(caso, "constancia_no_acuerdo", bogota(2026, 10, 5, 9), corrige=no_acuerdo)
    documento(caso, "constancia_inasistencia", bogota(2026, 10, 15, 9), **agosto)
    documento(caso, "constancia_inasistencia", bogota(2026, 11, 1, 0, 0), **agosto)
    documento(en_mediacion(malambo), "acta_total", bogota(2026, 10, 10, 9))


def test_documentos_por_tipo_una_vez_cada_numero(documentos, galapa, usuario_amb):
    assert _n(cifra(de_mediacion.DOCUMENTOS, usuario_amb, galapa)) == {
        "acta_total": 1,  # la corrección del 20/10 no se suma
        "acta_parcial": 1,
        "constancia_no_acuerdo": 0,  # emitida en septiembre; su corrección no cuenta en octubre
        "constancia_inasistencia": 1,
    }
    septiembre = _n(cifra(de_mediacion.DOCUMENTOS, usuario_amb, galapa, Periodo.mes(2026, 9)))
    assert septiembre["constancia_no_acuerdo"] == 1
    assert sum(septiembre.values()) == 1


def test_documentos_sin_ninguno_son_cuatro_filas_en_cero(galapa, usuario_amb):
    filas = cifra(de_mediacion.DOCUMENTOS, usuario_amb, galapa)
    assert [fila["n"] for fila in filas] == [0, 0, 0, 0]
    assert [fila["etiqueta"] for fila in filas] == [
        "Acta de acuerdo total",
        "Acta de acuerdo parcial",
        "Constancia de no acuerdo",
        "Constancia de inasistencia",
    ]


# — Dónde se muestran —


def test_el_tablero_tiene_la_seccion_de_mediacion(sesiones, documentos, cliente_secretaria_galapa):
    respuesta = cliente_secretaria_galapa.get(
        f"/tableros/{GALAPA}/", {"periodo": "rango", "desde": "2026-10-01", "hasta": "2026-10-31"}
    )
    html = respuesta.content.decode()
    assert 'id="mediacion-titulo"' in html
    cifras = {t["indicador"].clave: t["valor"] for t in respuesta.context["mediacion"]}
    assert cifras == {
        "sesiones_realizadas": 2,
        "sesiones_no_realizadas": 1,
        "asistencia_partes": 57.1,
    }
    assert "57,1&nbsp;%" in html
    assert '<caption class="caption-top">Actas y constancias emitidas</caption>' in html
    # Las tarjetas de arriba no cambian: la mediación va en su sección.
    arriba = [t["indicador"].clave for t in respuesta.context["tarjetas"]]
    assert "sesiones_realizadas" not in arriba


def test_el_tablero_sin_sesiones_muestra_raya(cliente_secretaria_galapa):
    respuesta = cliente_secretaria_galapa.get(f"/tableros/{GALAPA}/")
    asistencia = {t["indicador"].clave: t for t in respuesta.context["mediacion"]}
    assert asistencia["asistencia_partes"]["valor"] is None


def test_el_informe_y_su_xlsx_llevan_la_mediacion(sesiones, documentos, cliente_secretaria_galapa):
    html = cliente_secretaria_galapa.get(
        f"/tableros/{GALAPA}/informe/", {"mes": "2026-10"}
    ).content.decode()
    assert "Actas y constancias emitidas" in html
    assert "57,1\u00a0%" in html
    xlsx = cliente_secretaria_galapa.get(f"/tableros/{GALAPA}/informe.xlsx", {"mes": "2026-10"})
    libro = load_workbook(io.BytesIO(xlsx.content))
    resumen = dict(libro["Resumen"].iter_rows(min_row=4, values_only=True))
    assert resumen["Sesiones de mediación realizadas"] == 2
    assert resumen["Sesiones de mediación no realizadas"] == 1
    assert resumen["Asistencia de las partes"] == pytest.approx(0.571)
    hoja = libro["Actas y constancias emitidas"]
    assert list(hoja.iter_rows(min_row=4, values_only=True)) == [
        ("Acta de acuerdo total", 1),
        ("Acta de acuerdo parcial", 1),
        ("Constancia de no acuerdo", 0),
        ("Constancia de inasistencia", 1),
    ]


def test_la_comparacion_lleva_sesiones_y_asistencia(sesiones, usuario_amb):
    respuesta = ingresar(Client(), usuario_amb).get(
        "/tableros/metropolitano/",
        {"periodo": "rango", "desde": "2026-10-01", "hasta": "2026-10-31"},
    )
    filas = {fila["indicador"].clave: fila for fila in respuesta.context["filas_indicadores"]}
    assert "sesiones_no_realizadas" not in filas
    galapa = [c["municipio"].codigo_dane for c in respuesta.context["columnas"]].index(GALAPA)
    realizadas = filas["sesiones_realizadas"]["celdas"][galapa]["valor"]
    asistencia = filas["asistencia_partes"]["celdas"][galapa]["valor"]
    assert (realizadas, asistencia) == (2, 57.1)
