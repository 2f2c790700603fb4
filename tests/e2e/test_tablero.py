"""La secretaría de Galapa abre su tablero en el teléfono, toca una cifra y llega a la lista."""

import re

import pytest
from django.core.management import call_command

from demo.datos import CLAVE_DEMO
from tests.e2e.conftest import ir_por_el_menu

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_con_casos(settings):
    settings.DEBUG = True
    call_command("cargar_demo", "--casos", "25", "--actividades", "4", verbosity=0)
    settings.DEBUG = False


def _cuenta(texto: str) -> int:
    return int(re.search(r"\d+", texto.replace(".", "")).group())


def test_de_la_cifra_del_tablero_a_los_casos(demo_con_casos, live_server, telefono):
    errores = []
    telefono.on("pageerror", lambda error: errores.append(str(error)))
    telefono.goto(live_server.url + "/cuenta/login/")
    telefono.get_by_label("Nombre de usuario").fill("secretaria.galapa")
    telefono.get_by_label("Contraseña").fill(CLAVE_DEMO)
    telefono.get_by_role("button", name="Ingresar").click()
    telefono.get_by_role("heading", name=re.compile("^Hola")).wait_for()

    ir_por_el_menu(telefono, "Tablero")
    telefono.get_by_role("heading", name="Tablero de Galapa").wait_for()
    # Los gráficos se dibujan con el Chart.js servido por la app.
    telefono.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas'))"
    )
    assert telefono.evaluate("document.documentElement.scrollWidth") <= 360

    # La cifra de casos de riesgo alto lleva a la lista filtrada con la misma cuenta.
    # En el teléfono las secciones llegan plegadas: se abren desde su título.
    telefono.get_by_role("heading", name="Por nivel de riesgo").click()
    fila = telefono.locator("section[aria-labelledby=riesgo-titulo] tr", has_text="Alto")
    cifra = _cuenta(fila.locator("td").inner_text())
    assert cifra > 0
    fila.get_by_role("link").click()
    telefono.wait_for_url(re.compile(r"/casos/\?.*nivel_riesgo=alto"))
    assert _cuenta(telefono.get_by_text(re.compile(r"^\d+ casos?$")).inner_text()) == cifra

    # Y el total de recibidos, desde su tarjeta.
    telefono.go_back()
    recibidos = telefono.locator(".card-kpi", has_text="Casos recibidos").get_by_role("link")
    total = _cuenta(recibidos.inner_text())
    recibidos.click()
    telefono.wait_for_url(re.compile(r"/casos/\?"))
    assert _cuenta(telefono.get_by_text(re.compile(r"^\d+ casos?$")).inner_text()) == total
    assert errores == []
