"""El equipo AMB filtra los casos de Malambo en el admin y los exporta a XLSX, en Chromium."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from auditoria.models import RegistroExporte
from casos.models import Caso
from demo.datos import CLAVE_DEMO
from tests.e2e.conftest import vigilar_csp
from tests.gestores.test_segundo_factor import codigo_de

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_con_casos(settings):
    settings.DEBUG = True
    call_command("cargar_demo", "--casos", "12", "--actividades", "0", verbosity=0)
    settings.DEBUG = False


def test_amb_exporta_a_xlsx_exactamente_los_casos_de_malambo(
    demo_con_casos, live_server, navegador
):
    contexto = navegador.new_context(
        viewport={"width": 1280, "height": 900},
        locale="es-CO",
        timezone_id="America/Bogota",
        accept_downloads=True,
    )
    pagina = contexto.new_page()
    pagina.set_default_timeout(15_000)
    errores = []
    pagina.on("pageerror", lambda error: errores.append(str(error)))
    violaciones = vigilar_csp(pagina)

    # El admin lleva al ingreso del sitio, y el equipo AMB configura su segundo factor la primera
    # vez: la prueba hace de aplicación de autenticación con la clave que muestra la pantalla.
    pagina.goto(live_server.url + "/admin/")
    pagina.get_by_label("Nombre de usuario").fill("amb")
    pagina.get_by_label("Contraseña").fill(CLAVE_DEMO)
    pagina.get_by_role("button", name="Ingresar").click()
    pagina.get_by_role("heading", name="Configurar el segundo factor").wait_for()
    assert pagina.get_by_role(
        "img", name="Código QR para la aplicación de autenticación"
    ).is_visible()
    clave = pagina.locator("code.user-select-all").inner_text().strip()
    pagina.get_by_label("Código de 6 dígitos").fill(codigo_de(clave))
    pagina.get_by_role("button", name="Confirmar").click()
    pagina.get_by_role("heading", name="Administración del programa de convivencia").wait_for()

    pagina.get_by_role("link", name="Casos", exact=True).first.click()
    pagina.locator("#changelist-filter").get_by_role("link", name="Malambo").click()
    pagina.wait_for_url(re.compile(r"municipio__id__exact="))
    pagina.get_by_role("link", name="Exportar").click()
    pagina.get_by_role("heading", name=re.compile("Exportar casos")).wait_for()
    # «Marcar todas» (conectado sin manejadores en línea) desmarca y vuelve a marcar las columnas.
    todas = pagina.get_by_label("Marcar todas")
    todas.uncheck()
    assert not pagina.locator("#id_casorecurso_radicado").is_checked()
    todas.check()
    assert pagina.locator("#id_casorecurso_radicado").is_checked()
    pagina.get_by_label("Formato").select_option(label="xlsx")
    with pagina.expect_download() as descarga:
        pagina.get_by_role("button", name="Enviar").click()
    archivo = descarga.value
    assert archivo.suggested_filename.endswith(".xlsx")

    libro = openpyxl.load_workbook(io.BytesIO(Path(archivo.path()).read_bytes()))
    filas = list(libro.active.iter_rows(values_only=True))
    radicados = sorted(fila[0] for fila in filas[1:])
    de_malambo = sorted(
        Caso.objects.filter(municipio__codigo_dane="08433").values_list("radicado", flat=True)
    )
    assert radicados == de_malambo
    assert len(de_malambo) > 0
    assert {fila[1] for fila in filas[1:]} == {"Malambo"}
    registro = RegistroExporte.objects.get()
    assert (registro.usuario.username, registro.formato, registro.filas) == (
        "amb",
        "xlsx",
        len(de_malambo),
    )
    assert errores == []
    assert violaciones == []
    contexto.close()
