"""Cada indicador con su valor exacto sobre el conjunto conocido de conftest.py."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tableros.indicadores import calcular
from tableros.periodos import Periodo, PeriodoForm
from tests import factories as f
from tests.tableros.mediacion import documento, sesion

OCTUBRE = Periodo.mes(2026, 10)


def _etiquetas(filas):
    return {fila["clave"]: fila["n"] for fila in filas}


@pytest.fixture
def cifras(datos_octubre, galapa, usuario_amb):
    return calcular(usuario_amb, [galapa], OCTUBRE)[galapa.pk]


def test_casos_recibidos_y_cerrados_del_mes(cifras):
    # c1, c4 y c2 (este recibido el último día a las 23:30 de Bogotá); no c3 (sep) ni c5 (nov).
    assert cifras["recibidos"] == 3
    # c3, c1 y c2 (cerrado a las 23:30 del 31 de octubre en Bogotá, ya noviembre en UTC).
    assert cifras["cerrados"] == 3
    assert cifras["serie"]["meses"] == [datetime.date(2026, 10, 1)]
    assert cifras["serie"]["recibidos"] == [3]
    assert cifras["serie"]["cerrados"] == [3]


def test_desgloses_de_los_recibidos(cifras):
    tipos = {fila["etiqueta"]: fila["n"] for fila in cifras["por_tipo"] if fila["n"]}
    assert tipos == {"Ruido y alteración de la tranquilidad": 2, "Riñas y agresiones": 1}
    assert cifras["por_tipo"][0]["n"] == 2  # de mayor a menor
    assert _etiquetas(cifras["por_zona"]) == {"urbana": 1, "rural": 1, None: 1}
    assert _etiquetas(cifras["por_riesgo"]) == {"bajo": 1, "medio": 1, "alto": 1}


def test_resultados_acuerdo_y_mediana_de_cierre(cifras):
    resultados = _etiquetas(cifras["resultados"])
    assert resultados["acuerdo_total"] == 1
    assert resultados["acuerdo_parcial"] == 1
    assert resultados["sin_acuerdo"] == 1
    assert resultados["remitido_resuelto"] == 0  # c4 se cerró en noviembre
    assert cifras["con_acuerdo"] == 2
    assert cifras["tasa_acuerdo"] == 66.7
    assert cifras["mediana_dias_cierre"] == 10  # 0, 10 y 12 días


def test_remisiones_por_entidad(cifras):
    por_entidad = {r["tipo"]: r for r in cifras["remisiones"]}
    assert set(por_entidad) == {"Inspección de Policía urbana", "Estación de Policía MEBAR"}
    inspeccion = por_entidad["Inspección de Policía urbana"]
    assert (inspeccion["enviadas"], inspeccion["respondidas"], inspeccion["devueltas"]) == (1, 1, 0)
    assert inspeccion["tasa_respuesta"] == 100.0
    assert inspeccion["mediana_demora"] == 8
    # Respondida el 5 de noviembre: en el informe de octubre sigue sin respuesta.
    mebar = por_entidad["Estación de Policía MEBAR"]
    assert (mebar["enviadas"], mebar["respondidas"], mebar["tasa_respuesta"]) == (1, 0, 0.0)
    assert mebar["mediana_demora"] is None
    assert cifras["remisiones_enviadas"] == 2
    assert cifras["tasa_respuesta"] == 50.0
    assert cifras["mediana_demora"] == 8


def test_reincidencia_vencidos_y_acuerdos_verificados(cifras):
    assert cifras["reincidentes"] == 2  # c1 (P en c3) y c2 (Q en c4)
    assert cifras["tasa_reincidencia"] == 66.7
    # Hoy solo c5 está abierto, sin actuaciones en 15 días.
    assert _etiquetas(cifras["vencidos"]) == {"seguimiento": 1, "remision": 0, "verificacion": 0}
    assert _etiquetas(cifras["verificaciones"]) == {"cumplido": 1, "parcial": 0, "incumplido": 0}


def test_actividades_y_participantes(cifras):
    actividades = {a["clave"]: a for a in cifras["actividades"]}
    assert actividades["socializacion"]["realizadas"] == 1
    assert actividades["pedagogica"]["realizadas"] == 1  # la del 31/10 a las 23:00
    assert actividades["jornada"]["programadas"] == 1
    assert cifras["realizadas"] == 2
    assert cifras["participantes"] == 8  # 2 + 5 contados + 1
    assert _etiquetas(cifras["por_sexo"]) == {
        "mujer": 7,
        "hombre": 1,
        "intersexual": 0,
        "no_informa": 0,
    }
    edades = _etiquetas(cifras["por_edad"])
    assert (edades["29_59"], edades["60_mas"], edades["18_28"], edades["12_17"]) == (1, 5, 1, 1)
    enfoques = _etiquetas(cifras["por_enfoque"])
    assert (enfoques["etnico"], enfoques["migrante"], enfoques["victima"]) == (1, 2, 0)


def test_gestores_carga_y_certificacion(cifras):
    filas = {g["nombre"]: g for g in cifras["gestores"]}
    assert set(filas) == {"Ana A", "Beto B"}
    ana = filas["Ana A"]
    assert (ana["abiertos"], ana["recibidos"], ana["cerrados"]) == (0, 2, 3)
    assert (filas["Beto B"]["abiertos"], filas["Beto B"]["recibidos"]) == (1, 1)
    assert filas["Beto B"]["certificado_en"] is None
    assert cifras["gestores_certificados"] == 1


def test_periodo_vacio(datos_octubre, galapa, usuario_amb):
    cifras = calcular(usuario_amb, [galapa], Periodo.mes(2025, 1))[galapa.pk]
    assert (cifras["recibidos"], cifras["cerrados"], cifras["reincidentes"]) == (0, 0, 0)
    assert cifras["tasa_acuerdo"] is None
    assert cifras["mediana_dias_cierre"] is None
    assert cifras["remisiones"] == []
    assert cifras["tasa_respuesta"] is None
    assert cifras["participantes"] == 0
    assert cifras["por_10000"] == 0


def test_periodo_de_dos_meses_y_mediana_par(datos_octubre, galapa, usuario_amb):
    periodo = Periodo(datetime.date(2026, 9, 1), datetime.date(2026, 10, 31))
    cifras = calcular(usuario_amb, [galapa], periodo)[galapa.pk]
    assert cifras["serie"]["recibidos"] == [1, 3]
    assert cifras["serie"]["cerrados"] == [0, 3]
    assert cifras["remisiones_enviadas"] == 3
    # Demoras respondidas en el periodo: solo 8 días (la de la MEBAR fue en noviembre).
    assert cifras["mediana_demora"] == 8
    noviembre = calcular(usuario_amb, [galapa], Periodo(OCTUBRE.desde, datetime.date(2026, 11, 30)))
    # Cierres de 0, 10, 12 y 23 días (c4 del 10/10 al 02/11): mediana (10 + 12) / 2.
    assert noviembre[galapa.pk]["mediana_dias_cierre"] == 11


def test_el_alcance_deja_fuera_otro_municipio(datos_octubre, galapa, malambo, secretaria_galapa):
    cifras = calcular(secretaria_galapa, [galapa, malambo], OCTUBRE)
    assert set(cifras) == {galapa.pk}


def test_varios_municipios_a_la_vez_dan_lo_mismo(datos_octubre, galapa, malambo, usuario_amb):
    solo = calcular(usuario_amb, [galapa], OCTUBRE)[galapa.pk]
    juntos = calcular(usuario_amb, [galapa, malambo], OCTUBRE)
    for clave in ("recibidos", "cerrados", "reincidentes", "remisiones", "participantes"):
        assert juntos[galapa.pk][clave] == solo[clave]
    assert juntos[malambo.pk]["recibidos"] == 1
    assert juntos[malambo.pk]["por_10000"] == round(10000 / malambo.poblacion, 2)


def test_consultas_no_crecen_con_los_datos(datos_octubre, galapa, malambo, usuario_amb):
    with CaptureQueriesContext(connection) as antes:
        calcular(usuario_amb, [galapa, malambo], OCTUBRE)
    gestor = f.GestorFactory(perfil__municipio=galapa).perfil.usuario
    for dia in range(1, 20):
        fecha = datetime.date(2026, 10, dia)
        caso = f.CasoFactory(
            municipio=galapa, gestor=gestor, fecha_hechos=fecha, fecha_recepcion=fecha
        )
        f.ParteFactory(caso=caso)
        f.RemisionFactory(caso=caso, fecha_envio=fecha)
        f.ActividadFactory(municipio=galapa, inicio=datos_octubre["casos"][0].cerrado_en)
        realizada = sesion(caso, datos_octubre["casos"][0].cerrado_en, asistieron=[True, False])
        documento(caso, "acta_total", realizada.inicio)
        documento(caso, "constancia_no_acuerdo", realizada.inicio, sesion_de=realizada)
    with CaptureQueriesContext(connection) as despues:
        calcular(usuario_amb, [galapa, malambo], OCTUBRE)
    assert len(despues) == len(antes) <= 25


@pytest.mark.parametrize(
    ("datos", "error"),
    [
        ({"periodo": "rango", "desde": "2026-10-31", "hasta": "2026-10-01"}, "posterior"),
        ({"periodo": "rango", "desde": "2026-10-01"}, "indique"),
        ({"periodo": "rango", "desde": "2020-01-01", "hasta": "2026-10-01"}, "36 meses"),
        ({"periodo": "rango", "desde": "no-es-fecha", "hasta": "2026-10-01"}, "fecha válida"),
    ],
)
def test_periodo_invalido_explica_y_vuelve_a_12_meses(datos, error):
    form = PeriodoForm(datos)
    assert not form.is_valid()
    assert error in str(form.errors)
    hoy = datetime.date(2026, 11, 24)
    assert form.periodo_elegido(hoy) == Periodo(datetime.date(2025, 12, 1), hoy)


def test_atajos_de_periodo():
    hoy = datetime.date(2026, 3, 15)
    assert PeriodoForm({"periodo": "mes"}).periodo_elegido(hoy) == Periodo(
        datetime.date(2026, 3, 1), hoy
    )
    assert PeriodoForm({"periodo": "3m"}).periodo_elegido(hoy) == Periodo(
        datetime.date(2026, 1, 1), hoy
    )
    assert Periodo.mes(2024, 2).hasta == datetime.date(2024, 2, 29)
    assert len(Periodo.ultimos_meses(12, hoy).meses) == 12
