"""De una cifra del tablero a su lista: la cuenta va primero, con los filtros en una línea, y el
panel de filtros llega plegado (en el teléfono se queda así; en pantallas anchas lo abre
static/js/plegables.js)."""

import re

import pytest
from django.test import Client

from casos.filters import CasoFilter
from casos.models import Caso
from comun.filtros import filtros_aplicados
from tests.conftest import GALAPA, ingresar

OCTUBRE = {"periodo": "rango", "desde": "2026-10-01", "hasta": "2026-10-31"}


@pytest.fixture
def cifras(datos_octubre, cliente_secretaria_galapa):
    return cliente_secretaria_galapa.get(f"/tableros/{GALAPA}/", OCTUBRE).context["c"]


def _panel(html: str) -> str:
    """La etiqueta de apertura del panel de filtros."""
    return re.search(r'<details id="filtros"[^>]*>', html).group()


def test_la_lista_de_casos_pone_la_cuenta_primero_y_el_panel_plegado(
    cifras, cliente_secretaria_galapa
):
    alto = next(fila for fila in cifras["por_riesgo"] if fila["clave"] == "alto")
    assert alto["n"] == 1
    html = cliente_secretaria_galapa.get(alto["url"]).content.decode()

    panel = _panel(html)
    assert "data-abrir-en-ancho" in panel
    assert " open" not in panel
    cuenta = html.index(">1 caso</h2>")
    assert html.index("<h1") < cuenta < html.index(panel) < html.index('class="list-group"')
    # Lo que se ve con el panel cerrado: qué filtros dan esa cuenta.
    linea = re.search(r"Filtros: ([^<]*)</p>", html).group(1)
    assert "Riesgo: Alto" in linea
    assert "Recibido desde: 01/10/2026" in linea
    assert "Recibido hasta: 31/10/2026" in linea
    assert html.index(linea) < html.index(panel)


def test_la_lista_de_actividades_pone_la_cuenta_primero_y_el_panel_plegado(
    cifras, cliente_secretaria_galapa
):
    html = cliente_secretaria_galapa.get(cifras["actividades_url"]).content.decode()

    panel = _panel(html)
    assert " open" not in panel
    cuenta = html.index(f">{cifras['realizadas']} actividades</h2>")
    assert cifras["realizadas"] == 2
    assert html.index("<h1") < cuenta < html.index(panel) < html.index('class="list-group"')
    assert "Estado: Realizada" in html[cuenta : html.index(panel)]


def test_el_panel_se_abre_si_hay_errores_o_si_se_piden_mas_filtros(cliente_secretaria_galapa):
    con_error = cliente_secretaria_galapa.get("/casos/", {"desde": "no es fecha"})
    assert con_error.status_code == 200
    assert " open" in _panel(con_error.content.decode())
    actividades = cliente_secretaria_galapa.get("/actividades/", {"desde": "no es fecha"})
    assert " open" in _panel(actividades.content.decode())

    # «Más filtros» abre el panel en esa página; la paginación no lo arrastra.
    html = cliente_secretaria_galapa.get("/casos/").content.decode()
    assert "mas=1&amp;panel=abierto#filtros" in html
    mas = cliente_secretaria_galapa.get("/casos/", {"mas": "1", "panel": "abierto"})
    assert " open" in _panel(mas.content.decode())
    assert "panel" not in mas.context["parametros"]
    sin_filtros = cliente_secretaria_galapa.get("/casos/").content.decode()
    assert " open" not in _panel(sin_filtros)
    assert "Filtros:" not in sin_filtros


def test_la_linea_de_filtros_no_hace_consultas(
    datos_octubre, usuario_amb, galapa, django_assert_num_queries
):
    g1 = datos_octubre["gestores"][0]
    filtro = CasoFilter(
        {
            "municipio": galapa.pk,
            "gestor": g1.pk,
            "estado": ["cerrado", "en_gestion"],
            "reincidente": "on",
            "q": "GAL",
            "orden": "-fecha",
        },
        queryset=Caso.objects.visible_para(usuario_amb),
        user=usuario_amb,
    )
    filtro.qs  # noqa: B018 — valida el formulario como lo hace la vista
    with django_assert_num_queries(0):
        aplicados = filtros_aplicados(filtro)
    assert aplicados == [
        "Buscar: «GAL»",
        "Municipio: Galapa",
        "Estado: Cerrado, En gestión",
        "Gestor: Ana A",
        "Reincidentes",
        "Orden: Fecha de recepción (descendente)",
    ]


def test_la_lista_de_casos_desde_el_tablero_no_crece_en_consultas(
    cifras, datos_octubre, usuario_amb
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories as f

    cliente = ingresar(Client(), usuario_amb)
    url = cifras["recibidos_url"] + "&tipo=" + str(datos_octubre["casos"][0].tipo_id)

    def consultas():
        with CaptureQueriesContext(connection) as capturadas:
            assert cliente.get(url).status_code == 200
        return len(capturadas)

    antes = consultas()
    f.CasoFactory.create_batch(
        5,
        municipio=datos_octubre["casos"][0].municipio,
        tipo=datos_octubre["casos"][0].tipo,
        fecha_hechos=datos_octubre["casos"][0].fecha_recepcion,
        fecha_recepcion=datos_octubre["casos"][0].fecha_recepcion,
    )
    assert consultas() == antes
