"""Navegador real para las pruebas de extremo a extremo: Chromium de Debian con Playwright.

El navegador no se puede descargar aquí (`playwright install` está fuera de alcance), así que se
usa el de Debian (`apt-get install chromium`) o el que diga CHROMIUM_PATH. Sin él, en local la
prueba se salta con un mensaje claro; en CI (CI=true) falla.
"""

import os
import re
import shutil
import sys
import traceback

import pytest
from django.core.management import call_command

from demo.datos import CLAVE_DEMO

ARGUMENTOS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _ruta_chromium() -> str | None:
    for candidato in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"):
        if candidato and os.access(candidato, os.X_OK):
            return candidato
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Si una prueba de navegador falla, el informe dice dónde estaba la página y qué hacía cada
    hilo del servidor de pruebas: una espera vencida sola no dice si el servidor tardó o nunca
    recibió la solicitud."""
    informe = yield
    if informe.failed and call.when == "call":
        pagina = item.funcargs.get("telefono") or item.funcargs.get("pagina")
        if pagina is not None:
            try:
                informe.sections.append(("página al fallar", f"{pagina.url}\n{pagina.title()}"))
            except Exception as error:  # solo es un diagnóstico: que no tape la falla
                informe.sections.append(("página al fallar", repr(error)))
        hilos = "\n".join(
            f"--- hilo {ident}\n" + "".join(traceback.format_stack(marco))
            for ident, marco in sys._current_frames().items()
        )
        informe.sections.append(("hilos al fallar", hilos))
    return informe


@pytest.fixture
def navegador():
    # Por prueba, no por sesión: el bucle de eventos de Playwright vivo durante el resto de la
    # suite cambia el almacenamiento por hilo de las conexiones de Django y rompe las pruebas
    # transaccionales que vienen después.
    ruta = _ruta_chromium()
    if ruta is None:
        mensaje = (
            "No se encontró Chromium: instálelo con `apt-get install chromium` "
            "o defina CHROMIUM_PATH."
        )
        if os.environ.get("CI"):
            pytest.fail(mensaje + " En CI las pruebas de navegador son obligatorias.")
        pytest.skip(mensaje)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        navegador = playwright.chromium.launch(executable_path=ruta, args=ARGUMENTOS)
        yield navegador
        navegador.close()


@pytest.fixture
def telefono(navegador):
    """Una pestaña del tamaño de un Android barato: 360 por 780."""
    contexto = navegador.new_context(
        viewport={"width": 360, "height": 780}, locale="es-CO", timezone_id="America/Bogota"
    )
    pagina = contexto.new_page()
    pagina.set_default_timeout(15_000)
    violaciones = vigilar_csp(pagina)
    yield pagina
    contexto.close()
    assert violaciones == [], "La política de contenido (CSP) bloqueó algo de la página"


def vigilar_csp(pagina) -> list[str]:
    """Los mensajes de la consola que dicen que la CSP bloqueó un script, un estilo o un recurso."""
    violaciones: list[str] = []
    pagina.on(
        "console",
        lambda mensaje: (
            violaciones.append(f"{pagina.url}: {mensaje.text}")
            if "Content Security Policy" in mensaje.text
            else None
        ),
    )
    return violaciones


@pytest.fixture
def demo(settings):
    """Los usuarios y el directorio de la demo, sin casos."""
    settings.DEBUG = True
    call_command("cargar_demo", "--casos", "0", "--actividades", "0", verbosity=0)
    settings.DEBUG = False


def ir_por_el_menu(pagina, enlace: str):
    """En el teléfono: abre el menú, espera a que termine de desplegarse (Bootstrap anima su
    altura con la clase `collapsing`; un toque a mitad de la animación puede no llegar al
    enlace) y toca `enlace` dentro del menú."""
    pagina.wait_for_function("() => window.bootstrap !== undefined")
    pagina.get_by_role("button", name="Abrir el menú").click()
    menu = pagina.locator("#menu-principal.collapse.show")
    menu.wait_for()
    menu.get_by_role("link", name=enlace, exact=True).click()


def ingresar_en_navegador(pagina, url, usuario):
    """Entra con la clave de la demo por la pantalla de ingreso y espera el saludo del inicio."""
    pagina.goto(url + "/cuenta/login/")
    pagina.get_by_label("Nombre de usuario").fill(usuario)
    pagina.get_by_label("Contraseña").fill(CLAVE_DEMO)
    pagina.get_by_role("button", name="Ingresar").click()
    pagina.get_by_role("heading", name=re.compile("^Hola")).wait_for()
