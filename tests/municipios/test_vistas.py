import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from municipios.models import TipoEntidad
from tests.factories import (
    ContactoFactory,
    EntidadFactory,
    OrganizacionComunitariaFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


def _url(municipio):
    return reverse("municipios:directorio", args=[municipio.codigo_dane])


def test_el_directorio_lista_las_entidades_con_su_contacto_vigente(cliente_gestor_galapa, galapa):
    mebar = galapa.entidades.get(tipo=TipoEntidad.ESTACION_MEBAR)
    ContactoFactory(
        entidad=mebar,
        nombre="Comandante Saliente",
        vigente_desde=datetime.date(2024, 1, 1),
        vigente_hasta=datetime.date(2025, 12, 31),
    )
    ContactoFactory(
        entidad=mebar,
        nombre="Comandante Vigente",
        cargo="Comandante de estación",
        telefono="300 123 4567",
        vigente_desde=datetime.date(2026, 1, 1),
    )
    sector = SectorFactory(municipio=galapa, nombre="Villa Olímpica")
    OrganizacionComunitariaFactory(sector=sector, contacto_nombre="Líder de la JAC")

    respuesta = cliente_gestor_galapa.get(_url(galapa))

    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Estación de Policía Galapa (MEBAR)" in html
    assert "Comandante Vigente — Comandante de estación" in html
    assert 'href="tel:300 123 4567"' in html
    assert "Comandante Saliente" not in html
    assert "Junta de Acción Comunal Villa Olímpica" in html
    assert "Líder de la JAC" in html
    nombres = [e.nombre for e in respuesta.context["entidades"]]
    assert nombres[0] == "Secretaría de Gobierno de Galapa"  # orden del catálogo, no alfabético
    assert len(nombres) == 5


def test_el_directorio_de_otro_municipio_responde_404(cliente_gestor_galapa, malambo):
    ContactoFactory(entidad=malambo.entidades.first(), nombre="Dato De Malambo")

    respuesta = cliente_gestor_galapa.get(_url(malambo))

    assert respuesta.status_code == 404
    assert b"Dato De Malambo" not in respuesta.content


def test_un_codigo_inexistente_responde_404(cliente_amb):
    assert cliente_amb.get(reverse("municipios:directorio", args=["99999"])).status_code == 404


def test_el_equipo_amb_abre_el_directorio_de_cualquier_municipio(cliente_amb, malambo):
    respuesta = cliente_amb.get(_url(malambo))

    assert respuesta.status_code == 200
    assert "Comisaría de Familia de Malambo" in respuesta.content.decode()


def _consultas(cliente, url):
    with CaptureQueriesContext(connection) as contexto:
        assert cliente.get(url).status_code == 200
    return len(contexto)


def test_el_directorio_hace_las_mismas_consultas_con_mas_datos(cliente_gestor_galapa, galapa):
    url = _url(galapa)
    ContactoFactory(entidad=galapa.entidades.first())
    OrganizacionComunitariaFactory(sector=SectorFactory(municipio=galapa))
    pocas = _consultas(cliente_gestor_galapa, url)

    for _ in range(8):
        entidad = EntidadFactory(municipio=galapa, tipo=TipoEntidad.CAI)
        ContactoFactory.create_batch(2, entidad=entidad)
        OrganizacionComunitariaFactory(sector=SectorFactory(municipio=galapa))

    assert _consultas(cliente_gestor_galapa, url) == pocas
    assert pocas <= 12


def test_la_lista_de_municipios_del_equipo_amb_tiene_los_cinco(cliente_amb, galapa):
    SectorFactory.create_batch(3, municipio=galapa)

    respuesta = cliente_amb.get(reverse("municipios:lista"))

    assert respuesta.status_code == 200
    municipios = {m.nombre: m for m in respuesta.context["municipios"]}
    assert set(municipios) == {"Barranquilla", "Galapa", "Malambo", "Puerto Colombia", "Soledad"}
    assert municipios["Galapa"].total_sectores == 3
    assert municipios["Galapa"].total_entidades == 5
    assert municipios["Soledad"].total_entidades == 0


def test_un_gestor_solo_ve_su_municipio_en_la_lista(cliente_gestor_galapa):
    respuesta = cliente_gestor_galapa.get(reverse("municipios:lista"))

    assert [m.nombre for m in respuesta.context["municipios"]] == ["Galapa"]
    assert reverse("municipios:directorio", args=["08433"]) not in respuesta.content.decode()


def test_la_lista_de_municipios_no_crece_en_consultas(cliente_amb, galapa, malambo):
    url = reverse("municipios:lista")
    pocas = _consultas(cliente_amb, url)

    for municipio in (galapa, malambo):
        OrganizacionComunitariaFactory.create_batch(4, sector__municipio=municipio)

    assert _consultas(cliente_amb, url) == pocas
