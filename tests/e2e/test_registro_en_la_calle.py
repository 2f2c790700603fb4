"""Registrar un caso de dos partes en la calle, en un teléfono de 360 px, contando los toques.

Cuenta cada toque (clic, elegir una opción de una lista, marcar una opción); escribir no cuenta.
Y el formulario devuelto con errores: el resumen arriba con el foco, y la sección plegada que
tiene un error, abierta.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from casos.models import Caso, MedioAutorizacion, TipoDocumento
from tests.e2e.conftest import ingresar_en_navegador

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAXIMO_DE_TOQUES = 25


class Toques:
    """Envuelve las acciones de Playwright que en un teléfono son un toque, y las cuenta."""

    def __init__(self):
        self.cuenta = 0

    def tocar(self, localizador):
        self.cuenta += 1
        localizador.click()

    def elegir(self, localizador, **opcion):
        self.cuenta += 1
        localizador.select_option(**opcion)

    def marcar(self, localizador):
        self.cuenta += 1
        localizador.check()


def _faltas(pagina, *reglas) -> list[str]:
    resultado = Axe().run(pagina, context="#form-caso")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in resultado.response["violations"]
        if not reglas or v["id"] in reglas or v["impact"] in ("serious", "critical")
    ]


def test_un_caso_de_dos_partes_en_pocos_toques(demo, live_server, telefono):
    ingresar_en_navegador(telefono, live_server.url, "gestor.galapa")
    telefono.goto(live_server.url + "/casos/nuevo/")
    # Los encabezados no saltan niveles (h1 → h2 → h3) y no hay faltas graves.
    assert _faltas(telefono, "heading-order") == []
    # Cada sección plegada se abre con un resumen de 44 px o más.
    resumenes = telefono.locator("#form-caso details > summary")
    assert resumenes.count() >= 3
    for i in range(resumenes.count()):
        if resumenes.nth(i).is_visible():
            assert resumenes.nth(i).bounding_box()["height"] >= 44

    toques = Toques()
    toques.elegir(
        telefono.get_by_label("Tipo de conflicto"), label="Ruido y alteración de la tranquilidad"
    )
    toques.elegir(telefono.get_by_label("Nivel de riesgo"), label="Medio")
    toques.elegir(telefono.get_by_label("Canal"), label="Presencial")
    telefono.get_by_label("Fecha de los hechos").fill(timezone.localdate().isoformat())
    telefono.get_by_label("Relato de los hechos").fill("Música a alto volumen todas las noches.")

    primera = telefono.locator("#partes .parte").nth(0)
    toques.elegir(primera.get_by_label("Rol en el caso"), label="Solicitante")
    primera.get_by_label("Número de documento").fill("1045000111")
    primera.get_by_label("Nombres").fill("Yolanda")
    primera.get_by_label("Apellidos").fill("Barrios")
    # Le leyó el aviso de privacidad (abierto arriba) y autorizó en voz alta.
    toques.marcar(primera.locator("input[name='partes-0-autorizacion'][value='verbal']"))

    toques.tocar(telefono.get_by_role("button", name="Agregar otra parte"))
    segunda = telefono.locator("#partes .parte").nth(1)
    toques.elegir(segunda.get_by_label("Rol en el caso"), label="Convocado")
    toques.elegir(segunda.get_by_label("Tipo de documento"), label="Sin documento")
    segunda.get_by_label("Nombres").fill("Rafael")
    assert telefono.evaluate("document.documentElement.scrollWidth") <= 360

    toques.tocar(telefono.get_by_role("button", name="Registrar el caso"))
    telefono.get_by_text(re.compile(r"Caso GAL-\d{4}-\d{5} registrado\.")).wait_for()

    print(f"\nRegistro de un caso de dos partes: {toques.cuenta} toques")
    assert toques.cuenta <= MAXIMO_DE_TOQUES

    caso = Caso.objects.get(radicado=telefono.get_by_role("heading", level=1).inner_text())
    assert caso.nivel_riesgo == "medio"
    assert caso.fecha_recepcion == timezone.localdate()  # plegada, viaja con su valor inicial
    partes = {p.rol: p.persona for p in caso.partes.select_related("persona")}
    assert partes["solicitante"].nombres == "Yolanda"
    assert partes["solicitante"].autorizacion.medio == MedioAutorizacion.VERBAL
    assert partes["convocado"].tipo_documento == TipoDocumento.SD
    assert partes["convocado"].sexo == "no_informa"


def test_con_errores_el_resumen_toma_el_foco_y_abre_lo_plegado(demo, live_server, telefono):
    ingresar_en_navegador(telefono, live_server.url, "gestor.galapa")
    telefono.goto(live_server.url + "/casos/nuevo/")
    parte = telefono.locator("#partes .parte").nth(0)
    parte.locator("summary", has_text="Más datos").click()
    parte.get_by_label("Edad").fill("300")
    parte.locator("summary", has_text="Más datos").click()  # se cierra otra vez
    telefono.get_by_role("button", name="Registrar el caso").click()

    resumen = telefono.locator(".resumen-errores")
    resumen.wait_for()
    # errores.js (diferido) le da el foco al terminar de cargar la página.
    telefono.wait_for_function("document.activeElement.classList.contains('resumen-errores')")
    assert re.fullmatch(r"Hay \d+ problemas", resumen.get_by_role("heading").inner_text())
    # La sección con la edad errada vuelve abierta, y su enlace lleva al campo.
    assert parte.locator("details.mas-datos").get_attribute("open") is not None
    resumen.get_by_role("link", name=re.compile("Parte 1 — Edad")).click()
    assert telefono.evaluate("document.activeElement.id") == "id_partes-0-edad"
    edad = telefono.locator("#id_partes-0-edad")
    assert edad.get_attribute("aria-invalid") == "true"
    assert "id_partes-0-edad_error" in edad.get_attribute("aria-describedby")
    assert _faltas(telefono, "heading-order") == []
