"""Registrar un caso de una sola parte en el teléfono, agregando y quitando bloques (Chromium)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from casos.models import Caso
from tests.e2e.conftest import ingresar_en_navegador

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _graves(pagina) -> list[str]:
    """Las faltas de accesibilidad serias o críticas que axe encuentra en el formulario."""
    resultado = Axe().run(pagina, context="#form-caso")
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}"
        for v in resultado.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _enfocado(pagina) -> str:
    return pagina.evaluate(
        "() => document.activeElement.getAttribute('name') || document.activeElement.id"
    )


def _alto_y_ancho(localizador) -> tuple[float, float]:
    caja = localizador.bounding_box()
    return caja["height"], caja["width"]


def test_un_gestor_registra_un_caso_de_una_parte_agregando_y_quitando_bloques(
    demo, live_server, telefono
):
    ingresar_en_navegador(telefono, live_server.url, "gestor.galapa")
    telefono.goto(live_server.url + "/casos/nuevo/")
    bloques = telefono.locator("#partes .parte")
    total = telefono.locator("input[name='partes-TOTAL_FORMS']")
    aviso = telefono.locator("#partes-aviso")
    agregar = telefono.get_by_role("button", name="Agregar otra parte")

    # Empieza con una sola parte, sin botón para quitarla.
    assert bloques.count() == 1
    assert total.input_value() == "1"
    assert telefono.get_by_role("button", name="Quitar esta parte").count() == 0
    assert aviso.get_attribute("aria-live") == "polite"
    assert _graves(telefono) == []

    telefono.get_by_label("Tipo de conflicto").select_option(
        label="Ruido y alteración de la tranquilidad"
    )
    telefono.get_by_label("Canal").select_option(label="Presencial")
    telefono.get_by_label("Fecha de los hechos").fill(timezone.localdate().isoformat())
    telefono.get_by_label("Relato de los hechos").fill("Música a alto volumen todas las noches.")
    primera = bloques.nth(0)
    primera.get_by_label("Rol en el caso").select_option(label="Solicitante")
    primera.get_by_label("Número de documento").fill("1045000111")
    primera.get_by_label("Nombres").fill("Yolanda")

    # Agregar: un bloque nuevo con el foco en su primer campo, y el lector de pantalla lo dice.
    agregar.click()
    assert bloques.count() == 2
    assert total.input_value() == "2"
    assert _enfocado(telefono) == "partes-1-rol"
    aviso.filter(has_text="Parte 2 agregada").wait_for(state="attached")
    quitar = bloques.nth(1).get_by_role("button", name="Quitar esta parte")
    assert min(_alto_y_ancho(quitar)) >= 44
    assert min(_alto_y_ancho(agregar)) >= 44
    assert telefono.evaluate("document.documentElement.scrollWidth") <= 360
    assert _graves(telefono) == []

    # Quitar: el foco vuelve al título de la parte anterior.
    bloques.nth(1).get_by_label("Nombres").fill("Rafael")
    quitar.click()
    assert bloques.count() == 1
    assert total.input_value() == "1"
    assert _enfocado(telefono) == "partes-0-titulo"
    aviso.filter(has_text="Parte 2 quitada").wait_for(state="attached")

    # Con tres bloques, quitar el del medio renumera el que sigue: ni huecos ni mitades.
    agregar.click()
    agregar.click()
    tercera = bloques.nth(2)
    tercera.get_by_label("Rol en el caso").select_option(label="Testigo")
    tercera.get_by_label("Nombres").fill("Ana")
    bloques.nth(1).get_by_role("button", name="Quitar esta parte").click()
    assert bloques.count() == 2
    assert total.input_value() == "2"
    segunda = bloques.nth(1)
    assert segunda.get_by_role("heading").inner_text() == "Parte 2"
    assert segunda.locator("[name='partes-1-nombres']").input_value() == "Ana"
    assert segunda.locator("[name='partes-1-rol']").input_value() == "testigo"
    assert segunda.get_by_label("Nombres").get_attribute("id") == "id_partes-1-nombres"
    segunda.get_by_role("button", name="Quitar esta parte").click()
    assert bloques.count() == 1

    # Un bloque extra sin tocar no cuenta, y Enter en un campo registra el caso (no quita ni
    # agrega partes, aunque esos botones vengan antes que «Registrar el caso»).
    agregar.click()
    assert agregar.is_visible()
    primera.get_by_label("Nombres").press("Enter")

    telefono.get_by_text(re.compile(r"Caso GAL-\d{4}-\d{5} registrado\.")).wait_for()
    radicado = telefono.get_by_role("heading", level=1).inner_text()
    caso = Caso.objects.get(radicado=radicado)
    assert list(caso.partes.values_list("persona__nombres", "rol")) == [("Yolanda", "solicitante")]
    partes = telefono.locator("section[aria-labelledby='titulo-partes'] li")
    assert partes.count() == 1
    assert "Yolanda" in partes.inner_text()
    assert telefono.evaluate("document.documentElement.scrollWidth") <= 360


def test_sin_javascript_agregar_y_quitar_tambien_funcionan(demo, live_server, navegador):
    contexto = navegador.new_context(
        viewport={"width": 360, "height": 780}, java_script_enabled=False, locale="es-CO"
    )
    pagina = contexto.new_page()
    ingresar_en_navegador(pagina, live_server.url, "gestor.galapa")
    pagina.goto(live_server.url + "/casos/nuevo/")
    bloques = pagina.locator("#partes .parte")
    pagina.get_by_label("Relato de los hechos").fill("Ruido de un taller.")
    bloques.nth(0).get_by_label("Nombres").fill("Yolanda")

    pagina.get_by_role("button", name="Agregar otra parte").click()
    pagina.wait_for_load_state()
    assert bloques.count() == 2
    assert pagina.get_by_label("Relato de los hechos").input_value() == "Ruido de un taller."
    assert bloques.nth(0).get_by_label("Nombres").input_value() == "Yolanda"
    assert pagina.locator(".is-invalid").count() == 0
    assert _enfocado(pagina) == "partes-1-rol"

    bloques.nth(1).get_by_role("button", name="Quitar esta parte").click()
    pagina.wait_for_load_state()
    assert bloques.count() == 1
    assert bloques.nth(0).get_by_label("Nombres").input_value() == "Yolanda"
    assert not Caso.objects.exists()
    contexto.close()
