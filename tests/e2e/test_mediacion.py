"""El recorrido de una mediación en un teléfono de 360 px, en Chromium de verdad (issue 16):
programar una sesión → imprimir la citación → registrar la sesión con una parte ausente →
constancia de inasistencia → sesión nueva → acta de acuerdo → verificar → cerrar."""

import datetime

import pytest
from django.utils import timezone

from casos.models import Caso, Estado
from mediacion.models import DocumentoMediacion, SesionMediacion
from tests.e2e.conftest import ingresar_en_navegador
from tests.factories import CasoFactory, ParteFactory, PersonaFactory, TipoConflictoFactory

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _cabe(pagina):
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 360, pagina.url


def _programar(telefono, lugar):
    """Programa una sesión que empieza hace unos minutos (hoy): así se puede registrar ya."""
    ahora = timezone.localtime()
    hora = max(ahora - datetime.timedelta(minutes=5), ahora.replace(hour=0, minute=0))
    telefono.get_by_role("link", name="Programar sesión").click()
    telefono.locator("#id_fecha").fill(ahora.date().isoformat())
    telefono.locator("#id_hora").fill(hora.strftime("%H:%M"))
    telefono.locator("#id_tipo_lugar").select_option(label="Salón comunal")
    telefono.locator("#id_lugar").fill(lugar)
    _cabe(telefono)
    telefono.get_by_role("button", name="Programar y citar").click()
    telefono.get_by_text("Sesión programada.").wait_for()


def _registrar(telefono, caso, vinieron, realizada, resumen=""):
    sesion = SesionMediacion.objects.filter(caso=caso, estado="programada").get()
    telefono.get_by_role("link", name="Registrar la sesión").click()
    for citacion in sesion.citaciones.select_related("parte__persona"):
        vino = "si" if citacion.parte.persona.nombres in vinieron else "no"
        telefono.locator(f"input[name='asistio_{citacion.pk}'][value='{vino}']").check()
    telefono.locator(f"input[name='realizada'][value='{'si' if realizada else 'no'}']").check()
    if resumen:
        telefono.locator("#id_resumen").fill(resumen)
    _cabe(telefono)
    telefono.get_by_role("button", name="Guardar").click()
    telefono.get_by_text("Sesión registrada.").wait_for()


def test_un_gestor_media_un_caso_con_sus_documentos(demo, live_server, telefono, navegador):
    from django.contrib.auth import get_user_model

    gestor = get_user_model().objects.get(username="gestor.galapa")
    municipio = gestor.perfil.municipio
    caso = CasoFactory(
        municipio=municipio,
        gestor=gestor,
        registrado_por=gestor,
        estado=Estado.EN_GESTION,
        tipo=TipoConflictoFactory(nombre="Ruido de prueba", mediable=True),
    )
    ParteFactory(
        caso=caso,
        rol="solicitante",
        persona=PersonaFactory(municipio=municipio, nombres="Yolanda", apellidos="Barrios"),
    )
    ParteFactory(
        caso=caso,
        rol="convocado",
        persona=PersonaFactory(municipio=municipio, nombres="Rafael", apellidos="Orozco Pua"),
    )
    ingresar_en_navegador(telefono, live_server.url, "gestor.galapa")
    telefono.goto(live_server.url + caso.get_absolute_url())

    # 1. Programar la sesión: el caso pasa a mediación.
    _programar(telefono, "Salón comunal de La Esmeralda, calle 10 # 4-20")
    _cabe(telefono)

    # 2. La citación de Rafael: para imprimir y en PDF.
    citado = telefono.locator("li", has_text="Rafael Orozco Pua")
    citado.get_by_role("link", name="Citación").click()
    telefono.get_by_text(caso.radicado).first.wait_for()
    assert "Rafael Orozco Pua" in telefono.content()
    assert "Salón comunal de La Esmeralda" in telefono.content()
    _cabe(telefono)
    pdf = telefono.request.get(
        live_server.url + telefono.get_by_role("link", name="Descargar PDF").get_attribute("href")
    )
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    telefono.go_back()

    # 3. La sesión con Rafael ausente: no realizada.
    _registrar(telefono, caso, vinieron={"Yolanda"}, realizada=False)

    # 4. La constancia de inasistencia, con su número.
    telefono.get_by_role("button", name="Emitir Constancia de inasistencia").click()
    telefono.get_by_text("Se emitió Constancia de inasistencia").wait_for()
    constancia = DocumentoMediacion.objects.get(caso=caso)
    assert constancia.numero in telefono.content()
    _cabe(telefono)
    telefono.get_by_role("link", name="Volver al caso").click()

    # 5. Una sesión nueva, realizada con las dos partes.
    _programar(telefono, "Casa de la cultura")
    _registrar(
        telefono,
        caso,
        vinieron={"Yolanda", "Rafael"},
        realizada=True,
        resumen="Se acordó un horario para la música.",
    )
    telefono.get_by_role("link", name=f"Caso {caso.radicado}").click()

    # 6. El acuerdo y su acta.
    hoy = timezone.localdate().isoformat()
    telefono.get_by_role("link", name="Registrar acuerdo").click()
    telefono.get_by_label("En qué quedaron las partes").fill("Música solo hasta las 10 p. m.")
    telefono.get_by_label("Fecha prevista de verificación").fill(hoy)
    telefono.locator("[name='compromisos-0-parte']").select_option(index=2)
    telefono.locator("[name='compromisos-0-descripcion']").fill("Bajar el volumen a las 10 p. m.")
    telefono.locator("[name='compromisos-0-fecha_limite']").fill(hoy)
    telefono.get_by_role("button", name="Guardar el acuerdo").click()
    telefono.get_by_text("Acuerdo registrado.").wait_for()
    telefono.get_by_role("button", name="Emitir Acta de acuerdo total").click()
    telefono.get_by_text("Se emitió Acta de acuerdo total").wait_for()
    assert "Bajar el volumen a las 10 p. m." in telefono.content()
    _cabe(telefono)
    telefono.get_by_role("link", name="Volver al caso").click()

    # 7. Verificar y 8. cerrar con acuerdo total.
    telefono.locator("form[action$='/verificar/']").get_by_label("Resultado").select_option(
        label="Cumplido"
    )
    telefono.get_by_role("button", name="Registrar verificación").click()
    telefono.get_by_text("Verificación registrada.").wait_for()
    telefono.locator("summary", has_text="Cerrar el caso").click()
    telefono.locator("form[action$='/cerrar/']").get_by_label("Resultado").select_option(
        label="Acuerdo total"
    )
    telefono.get_by_role("button", name="Cerrar", exact=True).click()
    telefono.get_by_text("Caso cerrado.").wait_for()
    _cabe(telefono)

    caso = Caso.objects.get(pk=caso.pk)
    assert caso.estado == Estado.CERRADO
    assert caso.resultado == "acuerdo_total"
    assert sorted(caso.documentos_mediacion.values_list("tipo", flat=True)) == [
        "acta_total",
        "constancia_inasistencia",
    ]
    numeros = sorted(caso.documentos_mediacion.values_list("consecutivo", flat=True))
    assert numeros == [1, 2]

    # La secretaría de Galapa ve las sesiones y los documentos, pero no los imprime.
    otro = navegador.new_context(viewport={"width": 360, "height": 780})
    pagina = otro.new_page()
    ingresar_en_navegador(pagina, live_server.url, "secretaria.galapa")
    pagina.goto(live_server.url + caso.get_absolute_url())
    assert "Acta de acuerdo total" in pagina.content()
    assert "Rafael Orozco Pua" not in pagina.content()
    respuesta = pagina.goto(live_server.url + constancia.get_absolute_url())
    assert respuesta.status == 404
    otro.close()
