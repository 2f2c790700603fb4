import pytest

from demo.datos import CLAVE_DEMO
from tests.e2e.conftest import ir_por_el_menu

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_un_gestor_en_el_telefono_llega_al_directorio_y_ve_la_estacion_mebar(
    demo, live_server, telefono
):
    telefono.goto(live_server.url + "/")

    # Sin sesión, cualquier página lleva al ingreso, en español y con el CSS de la propia app.
    assert telefono.url.startswith(live_server.url + "/cuenta/login/")
    assert telefono.locator("html").get_attribute("lang") == "es-CO"
    fondo_boton = telefono.get_by_role("button", name="Ingresar").evaluate(
        "b => getComputedStyle(b).backgroundColor"
    )
    assert fondo_boton == "rgb(11, 79, 138)"  # Bootstrap cargado y la marca aplicada

    telefono.get_by_label("Nombre de usuario").fill("gestor.galapa")
    telefono.get_by_label("Contraseña").fill(CLAVE_DEMO)
    telefono.get_by_role("button", name="Ingresar").click()

    telefono.get_by_role("heading", name="Directorio de Galapa").wait_for()
    assert "Gestor de convivencia · Galapa" in telefono.content()

    # En 360 px el menú va plegado: se abre con el botón y de ahí al directorio.
    ir_por_el_menu(telefono, "Directorio")

    telefono.get_by_role("heading", name="Directorio de Galapa", level=1).wait_for()
    tarjeta = telefono.get_by_role("article").filter(has_text="Estación de Policía Galapa (MEBAR)")
    assert tarjeta.is_visible()
    assert "Comandante de estación" in tarjeta.inner_text()
    # Nada se desborda a lo ancho en el teléfono.
    ancho = telefono.evaluate("document.documentElement.scrollWidth")
    assert ancho <= 360
