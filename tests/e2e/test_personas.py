"""El registro de personas en el teléfono (Chromium, 360 px): un caso de una sola parte con su
autorización leída en voz alta, encontrarlo por el apellido sin tildes, y fusionar dos registros
de la misma persona como coordinador."""

import re

import pytest
from django.utils import timezone

from casos.models import (
    Caso,
    FusionPersonas,
    MedioAutorizacion,
    Persona,
    PosibleDuplicado,
)
from casos.personas import duplicados_detectar
from municipios.models import Municipio
from tests.e2e.conftest import ingresar_en_navegador
from tests.factories import CasoFactory, ParteFactory, PersonaFactory

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sin_desborde(pagina):
    ancho = pagina.evaluate("() => document.documentElement.scrollWidth")
    assert ancho <= 360, f"la página mide {ancho} px de ancho en un teléfono de 360 px"


def test_un_caso_de_una_parte_se_encuentra_por_el_apellido_sin_tildes(demo, live_server, telefono):
    ingresar_en_navegador(telefono, live_server.url, "gestor.galapa")
    telefono.goto(live_server.url + "/casos/nuevo/")
    assert "Aviso de privacidad" in telefono.content()

    telefono.get_by_label("Tipo de conflicto").select_option(
        label="Ruido y alteración de la tranquilidad"
    )
    telefono.get_by_label("Canal").select_option(label="Presencial")
    telefono.get_by_label("Fecha de los hechos").fill(timezone.localdate().isoformat())
    telefono.get_by_label("Relato de los hechos").fill("Perros ladrando toda la noche.")
    parte = telefono.locator("#partes .parte").nth(0)
    parte.get_by_label("Rol en el caso").select_option(label="Solicitante")
    parte.get_by_label("Número de documento").fill("1045333222")
    parte.get_by_label("Nombres").fill("Ángela")
    parte.get_by_label("Apellidos").fill("Rodríguez Peñaloza")
    verbal = parte.locator("input[name='partes-0-autorizacion'][value='verbal']")
    verbal.check()
    assert verbal.is_checked()
    parte.locator("summary", has_text="Más datos").click()
    parte.get_by_role("textbox", name="Teléfono").fill("300 555 1212")
    _sin_desborde(telefono)
    telefono.get_by_role("button", name="Registrar el caso").click()
    telefono.get_by_text(re.compile(r"Caso GAL-\d{4}-\d{5} registrado")).wait_for()

    caso = Caso.objects.get()
    persona = caso.partes.get().persona
    assert persona.autorizacion.medio == MedioAutorizacion.VERBAL
    assert persona.autorizacion.capturada_por.username == "gestor.galapa"

    telefono.goto(live_server.url + "/casos/")
    telefono.get_by_text("Filtrar y buscar").click()
    telefono.get_by_label("Buscar").fill("rodriguez penaloza")
    telefono.get_by_role("button", name="Aplicar").click()
    telefono.get_by_role("link", name=caso.radicado).first.wait_for()
    _sin_desborde(telefono)

    # En el teléfono la lista vuelve con el panel plegado: primero los resultados.
    telefono.get_by_text("Filtrar y buscar").click()
    telefono.get_by_label("Buscar").fill("zzzyxw")
    telefono.get_by_role("button", name="Aplicar").click()
    assert telefono.get_by_role("link", name=caso.radicado).count() == 0


def test_el_coordinador_fusiona_dos_registros_de_la_misma_persona(demo, live_server, telefono):
    malambo = Municipio.objects.get(codigo_dane="08433")
    hoy = timezone.localdate()
    cc = PersonaFactory(
        municipio=malambo, tipo_documento="CC", numero_documento="1002003", nombres="Jesús"
    )
    ti = PersonaFactory(
        municipio=malambo,
        tipo_documento="CE",
        numero_documento="1002003",
        nombres="Jesus",
        apellidos=cc.apellidos,
    )
    for persona in (cc, ti):
        ParteFactory(caso=CasoFactory(municipio=malambo, fecha_recepcion=hoy), persona=persona)
    duplicados_detectar(ti)
    assert PosibleDuplicado.objects.count() == 1

    ingresar_en_navegador(telefono, live_server.url, "coord.malambo")
    telefono.goto(live_server.url + "/casos/personas/duplicados/")
    _sin_desborde(telefono)
    telefono.get_by_role("link", name=re.compile("^Comparar")).click()
    telefono.get_by_role("heading", name="¿Son la misma persona?").wait_for()
    _sin_desborde(telefono)
    telefono.get_by_label(re.compile("Queda este: Jesús")).check()
    telefono.get_by_role("button", name="Fusionar en el registro elegido").click()
    telefono.get_by_text(re.compile("Registros fusionados")).wait_for()

    assert list(Persona.objects.filter(municipio=malambo).values_list("pk", flat=True)) == [cc.pk]
    assert cc.partes.count() == 2
    assert FusionPersonas.objects.get().autor.username == "coord.malambo"
