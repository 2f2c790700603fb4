"""Una remisión que llega a la estación MEBAR y vuelve con respuesta, en Chromium a 360 px."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from casos.models import Caso, TipoConflicto
from casos.services import DatosParte, caso_registrar
from municipios.models import Municipio
from tests.e2e.conftest import ingresar_en_navegador

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def caso_del_gestor(demo):
    gestor = get_user_model().objects.get(username="gestor.galapa")
    hoy = timezone.localdate()
    caso, _ = caso_registrar(
        municipio=Municipio.objects.get(codigo_dane="08296"),
        autor=gestor,
        gestor=gestor,
        tipo=TipoConflicto.objects.get(nombre="Riñas y agresiones"),
        sector=None,
        direccion="Calle 10 # 5-20",
        fecha_hechos=hoy,
        fecha_recepcion=hoy,
        canal="presencial",
        relato="Pelea con machete entre vecinos en la esquina.",
        nivel_riesgo="alto",
        partes=[
            DatosParte(
                rol="afectado", tipo_documento="CC", numero_documento="1045999888", nombres="Wilson"
            )
        ],
    )
    return caso


def test_la_estacion_mebar_responde_una_remision(caso_del_gestor, live_server, telefono, navegador):
    url_caso = f"{live_server.url}/casos/{caso_del_gestor.radicado}/"

    # El gestor remite el caso a la estación MEBAR.
    ingresar_en_navegador(telefono, live_server.url, "gestor.galapa")
    telefono.goto(url_caso)
    telefono.get_by_role("link", name="Remitir a una entidad").click()
    mebar = telefono.locator("#id_entidad option", has_text="Estación de Policía Galapa (MEBAR)")
    telefono.get_by_label("Entidad").select_option(value=mebar.get_attribute("value"))
    telefono.get_by_label("Medio").select_option(label="Teléfono")
    telefono.get_by_label("Motivo").fill("Riesgo alto: se pide presencia policial.")
    telefono.get_by_role("button", name="Remitir", exact=True).click()
    telefono.get_by_text("Remisión registrada.").wait_for()

    # El enlace de la estación la ve en su bandeja, acusa recibo y responde.
    otro = navegador.new_context(viewport={"width": 360, "height": 780})
    enlace = otro.new_page()
    ingresar_en_navegador(enlace, live_server.url, "enlace.mebar.galapa")
    enlace.get_by_role("link", name="Abrir la bandeja").click()
    enlace.get_by_role("link", name=re.compile(caso_del_gestor.radicado)).click()
    assert "Wilson" in enlace.content()
    enlace.get_by_role("button", name="Acusar recibo").click()
    enlace.get_by_text("Recibido registrado.").wait_for()
    enlace.locator("summary", has_text="Responder").click()
    enlace.locator("[name=respuesta]").fill(
        "Se envió una patrulla y se impuso orden de comparendo."
    )
    enlace.get_by_label("Acción tomada").fill("Comparendo y conducción al CAI")
    enlace.get_by_role("button", name="Enviar respuesta").click()
    enlace.get_by_text("Respuesta registrada.").wait_for()
    assert enlace.evaluate("document.documentElement.scrollWidth") <= 360
    otro.close()

    # El gestor ve la respuesta en la línea de tiempo del caso.
    telefono.goto(url_caso)
    linea = telefono.locator("#titulo-linea + ol")
    assert "Se envió una patrulla y se impuso orden de comparendo." in linea.inner_text()
    assert "Comparendo y conducción al CAI" in linea.inner_text()
    assert Caso.objects.get(pk=caso_del_gestor.pk).remisiones.get().estado == "respondida"
