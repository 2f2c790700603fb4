"""Tablero, comparación e informe: alcance, cifras que llevan a su lista, y las cuatro salidas de
acuerdo entre sí."""

import datetime
import io
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests import factories as f
from tests.conftest import GALAPA, MALAMBO, ingresar
from tests.tableros.mediacion import documento, sesion

OCTUBRE = {"periodo": "rango", "desde": "2026-10-01", "hasta": "2026-10-31"}


def _cliente(usuario):
    return ingresar(Client(), usuario)


@pytest.mark.parametrize(
    "url",
    [
        f"/tableros/{MALAMBO}/",
        f"/tableros/{MALAMBO}/informe/",
        f"/tableros/{MALAMBO}/informe.xlsx",
        "/tableros/99999/",
    ],
)
def test_la_secretaria_no_ve_otro_municipio(cliente_secretaria_galapa, url):
    assert cliente_secretaria_galapa.get(url).status_code == 404


def test_el_coordinador_de_malambo_no_ve_galapa(coordinador_malambo):
    cliente = _cliente(coordinador_malambo)
    assert cliente.get(f"/tableros/{GALAPA}/").status_code == 404
    assert cliente.get(f"/tableros/{MALAMBO}/").status_code == 200
    assert cliente.get("/tableros/").url == f"/tableros/{MALAMBO}/"


@pytest.mark.parametrize("rol", ["gestor_galapa", "enlace_galapa"])
def test_gestores_y_enlaces_no_tienen_tablero(db, request, rol):
    cliente = _cliente(request.getfixturevalue(rol))
    assert cliente.get(f"/tableros/{GALAPA}/").status_code == 403
    assert cliente.get(f"/tableros/{GALAPA}/informe/").status_code == 403
    assert cliente.get("/tableros/").status_code == 403


def test_solo_el_amb_compara_municipios(cliente_secretaria_galapa, usuario_amb):
    assert cliente_secretaria_galapa.get("/tableros/metropolitano/").status_code == 403
    amb = _cliente(usuario_amb)
    assert amb.get("/tableros/").url == "/tableros/metropolitano/"
    respuesta = amb.get("/tableros/metropolitano/")
    assert respuesta.status_code == 200
    nombres = [c["municipio"].nombre for c in respuesta.context["columnas"]]
    assert nombres == ["Galapa", "Malambo", "Puerto Colombia"]  # los activos, no todo el AMB


def test_cada_cifra_lleva_a_una_lista_con_la_misma_cuenta(datos_octubre, usuario_amb):
    cliente = _cliente(usuario_amb)
    c = cliente.get(f"/tableros/{GALAPA}/", OCTUBRE).context["c"]
    cifras = [
        (c["recibidos"], c["recibidos_url"]),
        (c["cerrados"], c["cerrados_url"]),
        (c["reincidentes"], c["reincidentes_url"]),
        (c["realizadas"], c["actividades_url"]),
    ]
    for clave in ("por_tipo", "por_zona", "por_riesgo", "resultados", "vencidos", "verificaciones"):
        cifras += [(fila["n"], fila["url"]) for fila in c[clave]]
    cifras += [(r["enviadas"], r["url"]) for r in c["remisiones"]]
    cifras += [(a["realizadas"], a["url"]) for a in c["actividades"]]
    for g in c["gestores"]:
        cifras += [(g["abiertos"], g["url_abiertos"]), (g["recibidos"], g["url_recibidos"])]
    assert sum(n for n, _url in cifras) > 20  # el conjunto prueba algo de verdad
    for n, url in cifras:
        respuesta = cliente.get(url)
        assert respuesta.status_code == 200, url
        assert respuesta.context["pagina"].paginator.count == n, url


def test_tablero_comparacion_informe_y_xlsx_dicen_lo_mismo(
    datos_octubre, cliente_secretaria_galapa, usuario_amb, galapa
):
    tablero = cliente_secretaria_galapa.get(f"/tableros/{GALAPA}/", OCTUBRE).context["c"]
    comparacion = _cliente(usuario_amb).get("/tableros/metropolitano/", OCTUBRE)
    columna = next(c for c in comparacion.context["columnas"] if c["municipio"] == galapa)
    informe = cliente_secretaria_galapa.get(f"/tableros/{GALAPA}/informe/", {"mes": "2026-10"})
    resumen_html = dict(informe.context["secciones"][0].filas)
    xlsx = cliente_secretaria_galapa.get(f"/tableros/{GALAPA}/informe.xlsx", {"mes": "2026-10"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="informe-gal-2026-10.xlsx"' in xlsx["Content-Disposition"]
    libro = load_workbook(io.BytesIO(xlsx.content))
    hoja = libro["Resumen"]
    resumen_xlsx = {fila[0]: fila[1] for fila in hoja.iter_rows(min_row=4, values_only=True)}

    esperado = {
        "Casos recibidos": tablero["recibidos"],
        "Casos cerrados": tablero["cerrados"],
        "Casos reincidentes": tablero["reincidentes"],
        "Remisiones enviadas": tablero["remisiones_enviadas"],
        "Participantes en actividades": tablero["participantes"],
        "Mediana de días para cerrar": tablero["mediana_dias_cierre"],
    }
    assert esperado == {
        "Casos recibidos": 3,
        "Casos cerrados": 3,
        "Casos reincidentes": 2,
        "Remisiones enviadas": 2,
        "Participantes en actividades": 8,
        "Mediana de días para cerrar": 10,
    }
    for etiqueta, valor in esperado.items():
        assert resumen_html[etiqueta] == valor, etiqueta
        assert resumen_xlsx[etiqueta] == valor, etiqueta
    for clave in ("recibidos", "cerrados", "reincidentes", "participantes", "tasa_acuerdo"):
        assert columna[clave] == tablero[clave]
    # Porcentajes como número con formato de porcentaje, no como texto.
    fila_tasa = next(r for r in hoja.iter_rows(min_row=4) if r[0].value == "Tasa de acuerdo")
    assert fila_tasa[1].value == pytest.approx(0.667)
    assert fila_tasa[1].number_format == "0.0%"
    # Fechas reales en la hoja de gestores y meses en la de casos por mes.
    gestores = libro["Gestores y su carga"]
    certificados = [r[1].value for r in gestores.iter_rows(min_row=4) if r[1].value]
    assert certificados
    assert all(hasattr(v, "year") for v in certificados)
    assert len(libro.sheetnames) == len(informe.context["secciones"])
    html = informe.content.decode()
    assert "66,7\u00a0%" in html  # tasa de acuerdo en español, sin partir la línea
    assert "Informe mensual de convivencia — Galapa, octubre de 2026" in html


def test_los_datos_de_los_graficos_son_json_y_no_numeros_en_espanol(
    datos_octubre, usuario_amb, galapa
):
    respuesta = _cliente(usuario_amb).get("/tableros/metropolitano/", OCTUBRE)
    contenido = respuesta.content.decode()
    inicio = contenido.index('<script id="datos-graficos" type="application/json">')
    datos = json.loads(contenido[inicio:].split(">", 1)[1].split("</script>", 1)[0])
    tasas = datos["tasa"]["valores"]
    assert tasas[0] == round(3 * 10000 / galapa.poblacion, 2)  # 0.43: un número, no «0,43»
    assert isinstance(tasas[0], float)
    tablero = _cliente(usuario_amb).get(f"/tableros/{GALAPA}/", OCTUBRE).content.decode()
    assert "vendor/chart.js/chart.umd.min" in tablero


def test_las_paginas_hacen_las_mismas_consultas_con_mas_datos(datos_octubre, usuario_amb, galapa):
    cliente = _cliente(usuario_amb)
    urls = [
        f"/tableros/{GALAPA}/?periodo=rango&desde=2026-10-01&hasta=2026-10-31",
        "/tableros/metropolitano/?periodo=rango&desde=2026-10-01&hasta=2026-10-31",
        f"/tableros/{GALAPA}/informe/?mes=2026-10",
        f"/tableros/{GALAPA}/informe.xlsx?mes=2026-10",
    ]

    def consultas():
        cuentas = []
        for url in urls:
            with CaptureQueriesContext(connection) as capturadas:
                assert cliente.get(url).status_code == 200
            cuentas.append(len(capturadas))
        return cuentas

    antes = consultas()
    for _ in range(5):
        gestor = f.GestorFactory(perfil__municipio=galapa).perfil.usuario
        caso = f.CasoFactory(
            municipio=galapa,
            gestor=gestor,
            fecha_hechos=datos_octubre["casos"][0].fecha_recepcion,
            fecha_recepcion=datos_octubre["casos"][0].fecha_recepcion,
        )
        f.RemisionFactory(caso=caso, fecha_envio=caso.fecha_recepcion)
        en_octubre = datos_octubre["casos"][0].cerrado_en
        realizada = sesion(caso, en_octubre, asistieron=[True, False])
        documento(caso, "acta_total", en_octubre)
        documento(caso, "constancia_no_acuerdo", en_octubre, sesion_de=realizada)
    assert consultas() == antes
    assert max(antes) <= 40


def test_periodo_invalido_muestra_el_error_sin_caerse(cliente_secretaria_galapa):
    respuesta = cliente_secretaria_galapa.get(
        f"/tableros/{GALAPA}/", {"periodo": "rango", "desde": "2026-10-31", "hasta": "2026-10-01"}
    )
    assert respuesta.status_code == 200
    assert "La fecha inicial es posterior a la final." in respuesta.content.decode()
    futuro = cliente_secretaria_galapa.get(f"/tableros/{GALAPA}/informe/", {"mes": "2999-01"})
    assert futuro.status_code == 200
    assert "todavía no ha empezado" in futuro.content.decode()


def test_fechas_sin_atajo_se_revisan_como_un_rango(cliente_secretaria_galapa):
    """Un enlace con `desde` y `hasta` (sin `periodo`) pide ese rango: al revés o con el año mal
    escrito, lo dice en vez de mostrar otro periodo en silencio."""
    al_reves = cliente_secretaria_galapa.get(
        f"/tableros/{GALAPA}/", {"desde": "2026-12-01", "hasta": "2020-01-01"}
    )
    anio_mal = cliente_secretaria_galapa.get(
        f"/tableros/{GALAPA}/", {"desde": "0202-01-01", "hasta": "2026-01-31"}
    )
    bien = cliente_secretaria_galapa.get(
        f"/tableros/{GALAPA}/", {"desde": "2026-01-01", "hasta": "2026-01-31"}
    )
    lejano = cliente_secretaria_galapa.get(
        f"/tableros/{GALAPA}/", {"desde": "9999-12-31", "hasta": "9999-12-31"}
    )

    assert al_reves.status_code == anio_mal.status_code == bien.status_code == 200
    assert "La fecha inicial es posterior a la final." in al_reves.content.decode()
    assert "no puede ser anterior a 1900" in anio_mal.content.decode()
    assert "posterior a la final" not in bien.content.decode()
    assert lejano.status_code == 200
    assert "La fecha final no puede ser posterior a" in lejano.content.decode()
    assert bien.context["periodo"].desde.isoformat() == "2026-01-01"


def test_la_cache_sirve_el_mismo_tablero_sin_recalcular(
    datos_octubre, settings, cliente_secretaria_galapa, coordinador_malambo
):
    from django.core.cache import cache

    settings.TABLEROS_CACHE_SEGUNDOS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    url = f"/tableros/{GALAPA}/"
    with CaptureQueriesContext(connection) as primera:
        fresca = cliente_secretaria_galapa.get(url, OCTUBRE)
    with CaptureQueriesContext(connection) as segunda:
        guardada = cliente_secretaria_galapa.get(url, OCTUBRE)
    assert len(segunda) < len(primera) - 15
    assert guardada.context["c"]["recibidos"] == fresca.context["c"]["recibidos"] == 3
    assert "Cifras con corte a las" in guardada.content.decode()
    # La caché no abre la puerta a otro municipio: el alcance se aplica antes.
    assert _cliente(coordinador_malambo).get(url, OCTUBRE).status_code == 404
    cache.clear()


def _entre(html: str, inicio: str, fin: str) -> str:
    return html[html.index(inicio) : html.index(fin, html.index(inicio))]


def test_el_html_de_las_cifras_se_guarda_por_corte_sin_nada_de_quien_mira(
    datos_octubre, settings, cliente_secretaria_galapa, usuario_amb, galapa
):
    """Las cifras ya dibujadas se sirven de la caché a quien ve ese tablero; lo que depende de
    quién mira (el enlace a la comparación, el nonce de los scripts) se dibuja cada vez, y un
    corte nuevo de las cifras las dibuja de nuevo."""
    from django.core.cache import cache

    settings.TABLEROS_CACHE_SEGUNDOS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    url = f"/tableros/{GALAPA}/"
    secretaria = cliente_secretaria_galapa.get(url, OCTUBRE).content.decode()
    cliente_amb = _cliente(usuario_amb)
    with CaptureQueriesContext(connection) as consultas:
        amb = cliente_amb.get(url, OCTUBRE).content.decode()
    assert len(consultas) < 10  # de la caché: ni cifras ni dibujo
    secciones = ('<section aria-labelledby="kpi-titulo"', '<script nonce="')
    assert _entre(secretaria, *secciones) == _entre(amb, *secciones)
    assert "nonce=" not in _entre(amb, *secciones)
    enlace = 'href="/tableros/metropolitano/"'
    assert enlace in _entre(amb, "<h1", "</div>\n</div>")
    assert enlace not in _entre(secretaria, "<h1", "</div>\n</div>")
    # Vencen las cifras (un caso nuevo de octubre mientras tanto): corte nuevo, dibujo nuevo.
    dia = datetime.date(2026, 10, 20)
    f.CasoFactory(municipio=galapa, fecha_hechos=dia, fecha_recepcion=dia)
    cache.delete(f"tableros:{galapa.pk}:2026-10-01:2026-10-31")
    nueva = cliente_secretaria_galapa.get(url, OCTUBRE)
    assert nueva.context["c"]["recibidos"] == 4
    assert _entre(nueva.content.decode(), *secciones) != _entre(secretaria, *secciones)
    # Otro periodo no toma el dibujo de octubre.
    otro = cliente_secretaria_galapa.get(url, {**OCTUBRE, "desde": "2026-09-01"})
    assert otro.context["c"]["recibidos"] > 4
    assert _entre(otro.content.decode(), *secciones) != _entre(nueva.content.decode(), *secciones)
    cache.clear()


def test_calentar_tableros_deja_listos_los_de_12_meses(
    datos_octubre, settings, cliente_secretaria_galapa, usuario_amb, capsys
):
    from django.core.cache import cache
    from django.core.management import call_command

    settings.TABLEROS_CACHE_SEGUNDOS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    call_command("calentar_tableros")
    assert "Comparación, 12 meses" in capsys.readouterr().out
    for cliente, url in [
        (cliente_secretaria_galapa, f"/tableros/{GALAPA}/"),
        (_cliente(usuario_amb), "/tableros/metropolitano/"),
    ]:
        with CaptureQueriesContext(connection) as consultas:
            assert cliente.get(url).status_code == 200
        assert len(consultas) < 10, url  # sesión, usuario y perfil: las cifras ya estaban
    cache.clear()


def test_calentar_sin_cache_explica(db, settings):
    from django.core.management import CommandError, call_command

    settings.TABLEROS_CACHE_SEGUNDOS = 0
    with pytest.raises(CommandError, match="no hay caché"):
        call_command("calentar_tableros")


def test_un_mes_invalido_no_descarga_otro_mes_y_el_informe_lo_dice(cliente_secretaria_galapa):
    """El XLSX no tiene dónde avisar que cambió de mes: con un mes inválido no descarga nada; el
    informe en pantalla dice qué pasó y cuál muestra."""
    for mes in ("2026-13", "abc", "9999-12", "1999-01"):
        xlsx = cliente_secretaria_galapa.get(f"/tableros/{GALAPA}/informe.xlsx", {"mes": mes})
        assert xlsx.status_code == 400, mes
        assert "No se descargó el informe" in xlsx.content.decode()
        assert "attachment" not in xlsx.get("Content-Disposition", "")
    pagina = cliente_secretaria_galapa.get(f"/tableros/{GALAPA}/informe/", {"mes": "2026-13"})
    assert pagina.status_code == 200
    assert "Escriba el mes como AAAA-MM" in pagina.content.decode()
    assert "se muestra el último mes completo" in pagina.content.decode()


def test_un_periodo_invalido_lo_dice_arriba(cliente_secretaria_galapa):
    url = f"/tableros/{GALAPA}/"
    mala_fecha = cliente_secretaria_galapa.get(
        url, {"periodo": "rango", "desde": "2026-02-30", "hasta": "2026-03-10"}
    ).content.decode()
    assert "Una de las fechas no es válida" in mala_fecha
    assert "indique la fecha inicial y la final" not in mala_fecha
    atajo = cliente_secretaria_galapa.get(url, {"periodo": "zzz"}).content.decode()
    assert "El periodo pedido no es válido" in atajo
    assert "Se muestran los últimos 12 meses." in atajo
    assert "no es válido" not in cliente_secretaria_galapa.get(url).content.decode()
