import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casos.models import Estado
from gestores.models import EstadoGestor
from tests.factories import ActuacionFactory, CasoFactory, GestorFactory, SectorFactory

pytestmark = pytest.mark.django_db


def test_el_gestor_ve_su_directorio_y_sus_sectores(cliente_gestor_galapa, gestor_galapa, galapa):
    sector = SectorFactory(municipio=galapa, nombre="Mundo Feliz")
    gestor_galapa.perfil.gestor.sectores.add(sector)

    respuesta = cliente_gestor_galapa.get(reverse("inicio"))

    html = respuesta.content.decode()
    assert "Gestor de convivencia · Galapa" in html
    assert "Mis datos de gestor" in html
    assert "Mundo Feliz" in html
    assert reverse("municipios:directorio", args=["08296"]) in html
    assert respuesta.context["municipio"].total_entidades == 5


def test_el_coordinador_ve_los_gestores_de_su_municipio_y_no_los_de_otro(
    cliente_coordinador_malambo, malambo, galapa
):
    GestorFactory(perfil__municipio=malambo, perfil__usuario__first_name="Yesenia")
    GestorFactory(
        perfil__municipio=malambo,
        perfil__usuario__first_name="Wilmer",
        estado=EstadoGestor.EN_FORMACION,
    )
    GestorFactory(perfil__municipio=galapa, perfil__usuario__first_name="Ajeno")

    respuesta = cliente_coordinador_malambo.get(reverse("inicio"))

    html = respuesta.content.decode()
    assert "Coordinador municipal · Malambo" in html
    assert "Yesenia" in html
    assert "Wilmer" in html
    assert "Ajeno" not in html
    assert dict(respuesta.context["gestores_por_estado"]) == {
        "En formación": 1,
        "Activo": 1,
        "Inactivo": 0,
    }


def test_la_secretaria_ve_el_resumen_de_su_municipio(cliente_secretaria_galapa):
    respuesta = cliente_secretaria_galapa.get(reverse("inicio"))

    html = respuesta.content.decode()
    assert "Secretaría de Gobierno · Galapa" in html
    assert "Directorio de Galapa" in html
    assert "Mis datos de gestor" not in html


def test_el_equipo_amb_ve_todos_los_municipios_y_el_admin(cliente_amb, galapa):
    GestorFactory.create_batch(2, perfil__municipio=galapa)

    respuesta = cliente_amb.get(reverse("inicio"))

    html = respuesta.content.decode()
    assert "Equipo AMB · todos los municipios" in html
    assert reverse("admin:index") in html
    totales = {m.nombre: m.total_gestores for m in respuesta.context["municipios"]}
    assert totales["Galapa"] == 2
    assert len(totales) == 5


@pytest.mark.parametrize(
    "cliente", ["cliente_coordinador_malambo", "cliente_amb", "cliente_gestor_malambo"]
)
def test_el_inicio_no_crece_en_consultas(cliente, request, malambo):
    cliente = request.getfixturevalue(cliente)

    def consultas():
        with CaptureQueriesContext(connection) as contexto:
            assert cliente.get(reverse("inicio")).status_code == 200
        return len(contexto)

    pocas = consultas()
    for _ in range(5):
        GestorFactory(
            perfil__municipio=malambo, sectores=SectorFactory.create_batch(2, municipio=malambo)
        )

    assert consultas() == pocas


def test_el_inicio_del_gestor_cuenta_sus_casos_abiertos_y_con_alertas(
    cliente_gestor_galapa, gestor_galapa, galapa
):
    al_dia = CasoFactory(municipio=galapa, gestor=gestor_galapa)
    ActuacionFactory(caso=al_dia)
    olvidado = CasoFactory(municipio=galapa, gestor=gestor_galapa)
    ActuacionFactory(caso=olvidado, fecha=timezone.now() - datetime.timedelta(days=30))
    CasoFactory(municipio=galapa, gestor=gestor_galapa, estado=Estado.ARCHIVADO)
    CasoFactory(municipio=galapa)  # de otro gestor

    respuesta = cliente_gestor_galapa.get(reverse("inicio"))

    assert respuesta.context["casos_abiertos"] == {"total": 2, "con_alertas": 1}
    assert reverse("casos:mios") in respuesta.content.decode()
