"""El recorrido completo de un caso en un teléfono, en Chromium de verdad (DESIGN §5)."""

import re

import pytest
from django.utils import timezone

from casos.models import Caso, Estado
from tests.e2e.conftest import ingresar_en_navegador, ir_por_el_menu

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _abrir(pagina, resumen):
    pagina.locator("summary", has_text=resumen).click()


def test_un_gestor_lleva_un_caso_del_registro_al_cierre(demo, live_server, telefono, navegador):
    hoy = timezone.localdate().isoformat()
    ingresar_en_navegador(telefono, live_server.url, "gestor.galapa")

    # Registrar el caso con dos partes.
    ir_por_el_menu(telefono, "Mis casos")
    telefono.get_by_role("link", name="Registrar caso").click()
    telefono.get_by_label("Tipo de conflicto").select_option(
        label="Ruido y alteración de la tranquilidad"
    )
    telefono.get_by_label("Nivel de riesgo").select_option(label="Medio")
    telefono.get_by_label("Canal").select_option(label="Presencial")
    telefono.get_by_label("Fecha de los hechos").fill(hoy)
    telefono.get_by_label("Relato de los hechos").fill("Música a alto volumen todas las noches.")
    primera = telefono.locator(".parte").nth(0)
    primera.get_by_label("Rol en el caso").select_option(label="Solicitante")
    primera.get_by_label("Número de documento").fill("1045000111")
    primera.get_by_label("Nombres").fill("Yolanda")
    primera.get_by_label("Apellidos").fill("Barrios")
    # Leyó el aviso de privacidad en voz alta y la persona autorizó.
    primera.locator("input[name='partes-0-autorizacion'][value='verbal']").check()
    # El teléfono va en «Más datos», plegado: se abre con su resumen.
    primera.locator("summary", has_text="Más datos").click()
    primera.get_by_role("textbox", name="Teléfono").fill("300 111 2233")
    telefono.get_by_role("button", name="Agregar otra parte").click()
    segunda = telefono.locator(".parte").nth(1)
    segunda.get_by_label("Rol en el caso").select_option(label="Convocado")
    segunda.get_by_label("Número de documento").fill("72000222")
    segunda.get_by_label("Nombres").fill("Rafael")
    telefono.get_by_role("button", name="Registrar el caso").click()

    telefono.get_by_text(re.compile(r"Caso GAL-\d{4}-\d{5} registrado\.")).wait_for()
    radicado = telefono.get_by_role("heading", level=1).inner_text()
    url_caso = telefono.url

    # Una actuación.
    _abrir(telefono, "Registrar actuación")
    actuacion = telefono.locator("form[action$='/actuaciones/']")
    actuacion.get_by_label("Tipo").select_option(label="Visita")
    telefono.get_by_label("Qué pasó").fill("Visita a las dos familias.")
    telefono.get_by_role("button", name="Guardar actuación").click()
    telefono.get_by_text("Actuación registrada.").wait_for()

    # Remitir a la Inspección de Policía (en su propia página) y registrar su respuesta.
    telefono.get_by_role("link", name="Remitir a una entidad").click()
    # Cada entidad aparece con su contacto vigente: se elige por el comienzo del texto.
    inspeccion = telefono.locator("#id_entidad option", has_text="Inspección de Policía Urbana")
    assert "Inspector(a) de Policía urbano(a)" in inspeccion.inner_text()
    telefono.get_by_label("Entidad").select_option(value=inspeccion.get_attribute("value"))
    telefono.get_by_label("Medio").select_option(label="Oficio")
    telefono.get_by_label("Motivo").fill("Reincidencia: se pide citación de la inspección.")
    telefono.get_by_role("button", name="Remitir", exact=True).click()
    telefono.get_by_text("Remisión registrada.").wait_for()
    telefono.get_by_label("Respuesta de la entidad y acción tomada").fill(
        "La inspección citó a las partes y devolvió el caso para mediación."
    )
    telefono.get_by_role("button", name="Registrar respuesta").click()
    telefono.get_by_text("Respuesta registrada.").wait_for()

    # Mediación y acuerdo con un compromiso.
    telefono.get_by_role("button", name="Iniciar mediación").click()
    telefono.get_by_text("Mediación iniciada.").wait_for()
    telefono.get_by_role("link", name="Registrar acuerdo").click()
    telefono.get_by_label("En qué quedaron las partes").fill("Música solo hasta las 10 p. m.")
    telefono.get_by_label("Fecha prevista de verificación").fill(hoy)
    telefono.locator("[name='compromisos-0-parte']").select_option(index=2)
    telefono.locator("[name='compromisos-0-descripcion']").fill("Bajar el volumen a las 10 p. m.")
    telefono.locator("[name='compromisos-0-fecha_limite']").fill(hoy)
    telefono.get_by_role("button", name="Guardar el acuerdo").click()
    telefono.get_by_text("Acuerdo registrado.").wait_for()
    # Cerrar con acuerdo pide su acta (el recorrido entero de la mediación: test_mediacion.py).
    telefono.get_by_role("button", name="Emitir Acta de acuerdo total").click()
    telefono.get_by_text("Se emitió Acta de acuerdo total").wait_for()
    telefono.get_by_role("link", name="Volver al caso").click()

    # Verificar y cerrar.
    telefono.locator("form[action$='/verificar/']").get_by_label("Resultado").select_option(
        label="Cumplido"
    )
    telefono.get_by_role("button", name="Registrar verificación").click()
    telefono.get_by_text("Verificación registrada.").wait_for()
    _abrir(telefono, "Cerrar el caso")
    telefono.locator("form[action$='/cerrar/']").get_by_label("Resultado").select_option(
        label="Acuerdo total"
    )
    telefono.get_by_role("button", name="Cerrar", exact=True).click()
    telefono.get_by_text("Caso cerrado.").wait_for()

    caso = Caso.objects.get(radicado=radicado)
    assert caso.estado == Estado.CERRADO
    assert caso.resultado == "acuerdo_total"
    assert caso.partes.count() == 2
    assert caso.remisiones.get().estado == "respondida"
    assert caso.acuerdos.get().resultado_verificacion == "cumplido"
    assert telefono.evaluate("document.documentElement.scrollWidth") <= 360

    # Un gestor de Malambo no puede abrir ese caso.
    otro = navegador.new_context(viewport={"width": 360, "height": 780})
    pagina = otro.new_page()
    ingresar_en_navegador(pagina, live_server.url, "gestor.malambo")
    respuesta = pagina.goto(url_caso)
    assert respuesta.status == 404
    assert "Yolanda" not in pagina.content()
    otro.close()
