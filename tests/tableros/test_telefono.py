"""El tablero en el teléfono: las cifras primero, las secciones plegadas (sin JavaScript se abren
a un toque), y cada gráfico con su frase calculada en el servidor y su tabla."""

import datetime
import re

from django.test import Client
from django.utils.html import escape

from tableros import resumenes
from tests.conftest import GALAPA, ingresar

OCTUBRE = {"periodo": "rango", "desde": "2026-10-01", "hasta": "2026-10-31"}


def _secciones(html: str) -> list[str]:
    """El HTML de cada <section> de la página."""
    return re.findall(r"<section .*?</section>", html, flags=re.S)


def test_el_tablero_pone_las_cifras_primero_y_pliega_las_secciones(
    datos_octubre, cliente_secretaria_galapa
):
    html = cliente_secretaria_galapa.get(f"/tableros/{GALAPA}/", OCTUBRE).content.decode()

    cifras = html.index('aria-labelledby="kpi-titulo"')
    paneles = re.findall(r"<details[^>]*>", html)
    assert len(paneles) == 13  # el periodo y doce secciones
    assert all("data-abrir-en-ancho" in p and " open" not in p for p in paneles)
    assert cifras < html.index("<details")
    assert html.index("Del 1 de octubre de 2026 al 31 de octubre de 2026") < cifras
    # Cada sección se abre desde su título (un objetivo de 44 px).
    for seccion in _secciones(html)[1:]:
        assert re.search(
            r'<summary class="tap-target[^"]*"><h2 id="[\w-]+" class="h5 mb-0">', seccion
        )


def test_cada_grafico_tiene_su_frase_y_su_tabla(datos_octubre, cliente_secretaria_galapa):
    respuesta = cliente_secretaria_galapa.get(f"/tableros/{GALAPA}/", OCTUBRE)
    html = respuesta.content.decode()
    frases = respuesta.context["resumenes"]
    assert frases["tipo"] == (
        "Tipo de conflicto más frecuente: Ruido y alteración de la tranquilidad, con 2 de 3 "
        "casos (66,7\u00a0%)."
    )
    assert frases["riesgo"] == (
        "Nivel de riesgo más frecuente (empate): Bajo, Medio y Alto, con 1 de 3 casos cada uno "
        "(33,3\u00a0%)."
    )
    assert frases["sexo"] == "Sexo más frecuente: Mujer, con 7 de 8 participantes (87,5\u00a0%)."
    assert frases["meses"] == "3 casos recibidos y 3 cerrados en el periodo."

    graficos = re.findall(r'data-grafico="(\w+)"', html)
    assert sorted(graficos) == sorted(frases)
    for seccion in _secciones(html):
        for grafico in re.findall(r'data-grafico="(\w+)"', seccion):
            frase = escape(frases[grafico])
            assert f'<span class="fw-semibold">{frase}</span>' in seccion, grafico
            assert f'aria-label="{frase}"' in seccion, grafico
            assert "<table" in seccion, grafico


def test_las_tablas_anchas_se_desplazan_en_su_region(datos_octubre, usuario_amb):
    cliente = ingresar(Client(), usuario_amb)
    for url in (f"/tableros/{GALAPA}/", "/tableros/metropolitano/"):
        html = cliente.get(url, OCTUBRE).content.decode()
        regiones = re.findall(r'<div class="table-responsive"[^>]*>', html)
        assert len(regiones) >= 6, url
        for region in regiones:
            assert re.fullmatch(
                r'<div class="table-responsive" tabindex="0" role="region" aria-label="[^"]+">',
                region,
            ), region


def test_la_comparacion_pliega_y_resume_sus_graficos(datos_octubre, usuario_amb):
    respuesta = ingresar(Client(), usuario_amb).get("/tableros/metropolitano/", OCTUBRE)
    html = respuesta.content.decode()
    assert html.index('aria-labelledby="resumen-titulo"') < html.index("<details")
    frases = respuesta.context["resumenes"]
    assert frases["tendencia"] == (
        "Municipio con más casos recibidos en los últimos 12 meses: Galapa, con 5 de 6 casos "
        "(83,3\u00a0%)."
    )
    assert frases["tasa"] == (
        "Tasa más alta: Galapa, con 0,43 casos por 10.000 habitantes; más baja: Puerto "
        "Colombia, con 0,00."
    )
    tasa = next(s for s in _secciones(html) if 'data-grafico="tasa"' in s)
    assert "<table" in tasa
    assert "Por 10.000 habitantes" in tasa


def test_las_frases_sin_datos_y_con_un_solo_mes(db):
    vacias = [{"etiqueta": "Urbana", "n": 0}, {"etiqueta": "Rural", "n": 0}]
    assert resumenes.mas_frecuente(vacias, "Zona con más casos", "casos", "Nada.") == "Nada."
    assert resumenes.porcentaje(1, 3) == "33,3\u00a0%"
    assert resumenes.porcentaje(7, 20) == "35\u00a0%"

    meses = [datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)]
    assert resumenes.por_mes(meses, [0, 0], [0, 0]) == (
        "Ningún caso recibido ni cerrado en el periodo."
    )
    assert resumenes.por_mes(meses, [1, 4], [0, 2]) == (
        "5 casos recibidos y 2 cerrados en el periodo. El mes con más casos recibidos fue "
        "octubre de 2026 (4)."
    )
    assert resumenes.por_mes(meses[:1], [1], [0]).startswith("1 caso recibido y 0 cerrados")
