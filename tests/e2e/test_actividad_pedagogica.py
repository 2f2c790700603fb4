"""Una actividad pedagógica de convivencia en un teléfono, hasta el certificado verificado."""

import re

import pytest
from django.utils import timezone

from capacitaciones.models import Actividad, EstadoActividad
from demo.datos import CLAVE_DEMO

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ASISTENTES = [
    ("1047000001", "Luis Carlos", "Pertuz", "hombre", "24", "08-573-000101"),
    ("1047000002", "Dayana", "Ospino", "mujer", "31", "08-573-000102"),
    ("1047000003", "Kevin", "Charris", "hombre", "19", "08-573-000103"),
]


def test_gestor_puerto_certifica_una_actividad_pedagogica(demo, live_server, telefono, navegador):
    telefono.goto(live_server.url + "/cuenta/login/")
    telefono.get_by_label("Nombre de usuario").fill("gestor.puerto")
    telefono.get_by_label("Contraseña").fill(CLAVE_DEMO)
    telefono.get_by_role("button", name="Ingresar").click()
    telefono.get_by_role("heading", name=re.compile("^Hola")).wait_for()

    # Crear la actividad (empezó hace una hora).
    telefono.goto(live_server.url + "/actividades/nueva/")
    inicio = timezone.localtime() - timezone.timedelta(hours=1)
    telefono.get_by_label("Tipo").select_option(label="Actividad pedagógica de convivencia")
    telefono.get_by_label("Tema").fill("Actividad pedagógica: convivencia y tranquilidad")
    telefono.get_by_label("Público objetivo").select_option(
        label="Personas remitidas por la Policía"
    )
    telefono.get_by_label("Inicio").fill(inicio.strftime("%Y-%m-%dT%H:%M"))
    telefono.get_by_label("Fin").fill(
        (inicio + timezone.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    telefono.get_by_label("Lugar").fill("Casa de la Cultura de Puerto Colombia")
    telefono.get_by_role("button", name="Guardar la actividad").click()
    telefono.get_by_text("Actividad registrada.").wait_for()

    # Tres asistentes remitidos por la Policía.
    telefono.get_by_role("link", name="Registrar asistentes").click()
    for documento, nombres, apellidos, sexo, edad, comparendo in ASISTENTES:
        telefono.get_by_label("Número de documento").fill(documento)
        telefono.get_by_label("Nombres").fill(nombres)
        telefono.get_by_label("Apellidos").fill(apellidos)
        telefono.get_by_label("Sexo").select_option(value=sexo)
        telefono.get_by_label("Edad").fill(edad)
        telefono.get_by_label("Orden de comparendo").fill(comparendo)
        telefono.locator("input[name='autorizacion'][value='verbal']").check()
        telefono.get_by_role("button", name="Guardar y registrar otro").click()
        telefono.get_by_text(f"{nombres} {apellidos} quedó registrada.").wait_for()

    # Marcarla como realizada y abrir un certificado.
    telefono.get_by_role("link", name="Actividad pedagógica: convivencia y tranquilidad").click()
    telefono.get_by_role("button", name="Marcar como realizada").click()
    telefono.get_by_text("Actividad marcada como realizada.").wait_for()
    telefono.get_by_role("link", name="Certificado").first.click()
    telefono.get_by_role("heading", name="Certificado de asistencia").wait_for()
    assert "Luis Carlos Pertuz" in telefono.content()
    codigo = telefono.locator(".codigo").inner_text().strip()
    assert telefono.evaluate("document.documentElement.scrollWidth") <= 360

    # Verificar el código sin sesión, desde otro navegador.
    anonimo = navegador.new_context(viewport={"width": 360, "height": 780})
    pagina = anonimo.new_page()
    respuesta = pagina.goto(f"{live_server.url}/verificar/{codigo}/")
    assert respuesta.status == 200
    assert "Certificado válido" in pagina.content()
    assert "L.C.P." in pagina.content()
    assert "1047000001" not in pagina.content()
    otra_letra = "A" if codigo[-1] != "A" else "B"
    alterado = pagina.goto(f"{live_server.url}/verificar/{codigo[:-1]}{otra_letra}/")
    assert alterado.status == 404
    anonimo.close()

    actividad = Actividad.objects.get(tema="Actividad pedagógica: convivencia y tranquilidad")
    assert actividad.estado == EstadoActividad.REALIZADA
    assert actividad.asistencias.count() == 3
