"""El coordinador de Malambo mira su tablero en un teléfono de 360 por 740: las cifras primero,
las secciones plegadas y, al tocar una cifra, la cuenta de los casos en la primera pantalla.

Medido antes de este cambio (misma demo): tablero de 7.262 px de alto; la cuenta de casos a
1.364 px y el primer caso a 1.401 px, bajo el panel de filtros abierto.
"""

import re

import pytest
from django.core.management import call_command

from tests.e2e.conftest import ingresar_en_navegador, ir_por_el_menu

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ALTO_PANTALLA = 740


@pytest.fixture
def demo_con_casos(settings):
    settings.DEBUG = True
    call_command("cargar_demo", "--casos", "40", "--actividades", "6", verbosity=0)
    settings.DEBUG = False


def _arriba(locator) -> float:
    """La distancia del elemento al borde superior de la página (no de la ventana)."""
    return locator.evaluate("e => e.getBoundingClientRect().top + window.scrollY")


def _cuenta(texto: str) -> int:
    return int(re.search(r"\d+", texto.replace(".", "")).group())


def test_de_la_cifra_a_la_lista_en_la_primera_pantalla(demo_con_casos, live_server, telefono):
    errores = []
    telefono.on("pageerror", lambda error: errores.append(str(error)))
    telefono.set_viewport_size({"width": 360, "height": ALTO_PANTALLA})
    ingresar_en_navegador(telefono, live_server.url, "coord.malambo")
    ir_por_el_menu(telefono, "Tablero")
    telefono.get_by_role("heading", name="Tablero de Malambo").wait_for()
    telefono.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas'))"
    )

    # Las cifras primero; el tablero entero cabe en unas pocas pantallas y no se desborda.
    alto = telefono.evaluate("document.documentElement.scrollHeight")
    print(f"\nTablero de Malambo a 360 px: {alto} px de alto (antes: 7.262)")
    assert alto < 3 * ALTO_PANTALLA
    assert telefono.evaluate("document.documentElement.scrollWidth") <= 360
    assert _arriba(telefono.locator(".card-kpi").first) < ALTO_PANTALLA / 2
    assert _arriba(telefono.locator(".card-kpi").last) < ALTO_PANTALLA

    # Una sección se abre con un toque (44 px) y su gráfico se dibuja con su frase y su tabla.
    titulo = telefono.get_by_role("heading", name="Por tipo de conflicto")
    resumen = telefono.locator("section[aria-labelledby=tipo-titulo] summary")
    assert resumen.bounding_box()["height"] >= 44
    titulo.click()
    seccion = telefono.locator("section[aria-labelledby=tipo-titulo]")
    assert seccion.get_by_text(re.compile("^Tipo de conflicto más frecuente")).is_visible()
    lienzo = seccion.locator("canvas")
    telefono.wait_for_function(
        "c => window.Chart && Chart.getChart(c) && Chart.getChart(c).width > 0",
        arg=lienzo.element_handle(),
    )
    assert seccion.locator("table").is_visible()
    assert telefono.evaluate("document.documentElement.scrollWidth") <= 360

    # Tocar la cifra de casos recibidos: la cuenta y el primer caso, en la primera pantalla.
    tarjeta = telefono.locator(".card-kpi", has_text="Casos recibidos").get_by_role("link")
    total = _cuenta(tarjeta.inner_text())
    assert total > 0
    tarjeta.click()
    telefono.wait_for_url(re.compile(r"/casos/\?"))
    cuenta = telefono.get_by_role("heading", name=re.compile(r"^\d+ casos?$"))
    assert _cuenta(cuenta.inner_text()) == total
    primero = telefono.locator(".list-group-item").first
    print(
        f"Lista de casos: la cuenta a {_arriba(cuenta):.0f} px y el primer caso a "
        f"{_arriba(primero):.0f} px (antes: 1.364 y 1.401)"
    )
    assert telefono.evaluate("window.scrollY") == 0
    assert _arriba(cuenta) < ALTO_PANTALLA / 3
    assert _arriba(primero) + 40 < ALTO_PANTALLA
    # Con el panel cerrado, la línea de filtros dice qué se está viendo.
    assert telefono.get_by_text(re.compile(r"^Filtros: .*Recibido desde")).is_visible()
    assert not telefono.get_by_label("Recibido desde").is_visible()
    telefono.get_by_text("Filtrar y buscar").click()
    assert telefono.get_by_label("Recibido desde").is_visible()

    # Lo mismo con las actividades realizadas.
    telefono.go_back()
    tarjeta = telefono.locator(".card-kpi", has_text="Actividades realizadas").get_by_role("link")
    realizadas = _cuenta(tarjeta.inner_text())
    tarjeta.click()
    telefono.wait_for_url(re.compile(r"/actividades/\?"))
    cuenta = telefono.get_by_role("heading", name=re.compile(r"^\d+ actividad(es)?$"))
    assert _cuenta(cuenta.inner_text()) == realizadas
    assert _arriba(cuenta) < ALTO_PANTALLA / 3
    if realizadas:
        assert _arriba(telefono.locator(".list-group-item").first) + 40 < ALTO_PANTALLA
    assert errores == []


def test_en_pantalla_ancha_las_secciones_y_los_filtros_se_abren(
    demo_con_casos, live_server, navegador
):
    contexto = navegador.new_context(viewport={"width": 1280, "height": 900}, locale="es-CO")
    pagina = contexto.new_page()
    ingresar_en_navegador(pagina, live_server.url, "coord.malambo")
    pagina.goto(live_server.url + "/tableros/")
    pagina.get_by_role("heading", name="Tablero de Malambo").wait_for()
    assert pagina.evaluate("[...document.querySelectorAll('details')].every(d => d.open)")
    pagina.goto(live_server.url + "/casos/?nivel_riesgo=alto")
    assert pagina.locator("details#filtros").evaluate("d => d.open")
    contexto.close()
