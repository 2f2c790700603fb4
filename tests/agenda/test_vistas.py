"""Mi agenda y la agenda del municipio: qué ve cada rol, fechas, sin datos de las partes y
consultas que no crecen con los eventos."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda import selectors
from gestores.models import Rol
from tests.agenda.conftest import (
    APELLIDO_PARTE,
    DOCUMENTO_PARTE,
    NOMBRE_PARTE,
    a_las,
    caso_en_mediacion,
    hoy_mas,
    sesion_de,
)
from tests.conftest import ingresar
from tests.factories import AcuerdoFactory, usuario_con_rol

pytestmark = pytest.mark.django_db

MIA = reverse("agenda:mia")
MUNICIPIO = reverse("agenda:municipio")


def _cliente(client, usuario):
    return ingresar(client, usuario)


def _html(respuesta) -> str:
    assert respuesta.status_code == 200
    return respuesta.content.decode()


def _sin_datos_de_partes(html):
    for dato in (NOMBRE_PARTE, APELLIDO_PARTE, DOCUMENTO_PARTE):
        assert dato not in html


def test_el_gestor_ve_solo_lo_suyo_por_dia(client, mundo):
    html = _html(_cliente(client, mundo["gestor"]).get(MIA))

    assert mundo["caso"].radicado in html
    assert "Salón comunal Villa Olímpica" in html
    assert mundo["sesion"].get_absolute_url() in html
    assert mundo["caso"].get_absolute_url() in html
    assert "Jornada en el barrio Centro" in html  # la facilita
    # De otro gestor del municipio y de otro municipio: nada.
    assert mundo["caso_otro"].radicado not in html
    assert "Casa de justicia, piso 2" not in html
    assert mundo["caso_malambo"].radicado not in html
    assert "Mesa de convivencia" not in html  # ni la facilita ni la registró
    _sin_datos_de_partes(html)
    # Un encabezado por día (8 días) y las vencidas aparte, marcadas con texto.
    assert html.count('<h2 class="h5 mb-2" id="dia-') == selectors.DIAS_DE_LA_AGENDA
    assert "Verificaciones vencidas" in html
    assert "Vencida" in html


def test_la_agenda_agrupa_cada_evento_en_su_dia(mundo):
    agenda = selectors.agenda_de(mundo["gestor"], hoy_mas(0))

    por_dia = {dia.fecha: [e.uid for e in dia.eventos] for dia in agenda.dias}
    assert por_dia[hoy_mas(1)] == [f"sesion-{mundo['sesion'].pk}"]
    assert por_dia[hoy_mas(2)] == [f"actividad-{mundo['actividad'].pk}"]
    assert por_dia[hoy_mas(3)] == [f"verificacion-{mundo['acuerdo'].pk}"]
    assert [e.uid for e in agenda.vencidas] == [f"verificacion-{mundo['acuerdo_vencido'].pk}"]
    assert agenda.vencidas[0].vencida


def test_el_coordinador_ve_en_su_agenda_lo_que_registro(mundo):
    agenda = selectors.agenda_de(mundo["coordinador"], hoy_mas(0))

    uids = {e.uid for dia in agenda.dias for e in dia.eventos}
    assert uids == {
        f"actividad-{mundo['actividad'].pk}",
        f"actividad-{mundo['actividad_coordinador'].pk}",
    }


def test_la_semana_siguiente_y_una_fecha_mala(client, mundo):
    cliente = _cliente(client, mundo["gestor"])

    siguiente = _html(cliente.get(MIA, {"desde": hoy_mas(7).isoformat()}))
    mala = _html(cliente.get(MIA, {"desde": "2026-13-45"}))
    lejana = _html(cliente.get(MIA, {"desde": "2999-01-01"}))

    assert f'id="dia-{hoy_mas(7).isoformat()}"' in siguiente
    assert f'id="dia-{hoy_mas(6).isoformat()}"' not in siguiente
    assert mundo["sesion"].get_absolute_url() not in siguiente
    assert "Verificaciones vencidas" in siguiente  # las vencidas se ven desde cualquier semana
    assert f"?desde={hoy_mas(14).isoformat()}" in siguiente
    assert f"?desde={hoy_mas(0).isoformat()}" in siguiente
    assert "no es una fecha" in mala
    assert mundo["caso"].radicado in mala  # se muestra desde hoy
    assert "a lo sumo un año" in lejana


@pytest.mark.parametrize("rol", [Rol.SECRETARIA, Rol.ENLACE, Rol.AMB])
def test_mi_agenda_es_del_gestor_y_el_coordinador(client, galapa, rol):
    usuario = usuario_con_rol(rol, None if rol == Rol.AMB else galapa)

    assert _cliente(client, usuario).get(MIA).status_code == 403


def test_el_coordinador_ve_el_municipio_con_el_responsable(client, mundo):
    html = _html(_cliente(client, mundo["coordinador"]).get(MUNICIPIO))

    assert mundo["caso"].radicado in html
    assert mundo["caso_otro"].radicado in html
    assert "Ana Gestora" in html
    assert "Beto Otro" in html
    assert "Mesa de convivencia" in html
    assert mundo["caso_malambo"].radicado not in html
    assert "Jornada de Malambo" not in html
    _sin_datos_de_partes(html)


def test_otro_municipio_es_404_y_el_equipo_amb_elige(client, mundo, malambo, usuario_amb):
    coordinador = _cliente(client, mundo["coordinador"])
    assert coordinador.get(MUNICIPIO, {"municipio": malambo.codigo_dane}).status_code == 404

    amb = ingresar(type(client)(), usuario_amb)
    eleccion = _html(amb.get(MUNICIPIO))
    html = _html(amb.get(MUNICIPIO, {"municipio": malambo.codigo_dane}))

    assert 'name="municipio"' in eleccion
    assert mundo["caso_malambo"].radicado in html
    assert mundo["caso"].radicado not in html
    assert amb.get(MUNICIPIO, {"municipio": "99999"}).status_code == 404


def test_la_secretaria_lee_la_agenda_de_su_municipio(client, mundo, galapa, malambo):
    secretaria = usuario_con_rol(Rol.SECRETARIA, galapa)
    cliente = _cliente(client, secretaria)

    html = _html(cliente.get(MUNICIPIO))

    assert mundo["caso"].radicado in html
    assert mundo["caso_malambo"].radicado not in html
    _sin_datos_de_partes(html)
    contenido = html.split('id="contenido"')[1]
    assert 'method="post"' not in contenido
    assert cliente.get(MUNICIPIO, {"municipio": malambo.codigo_dane}).status_code == 404


@pytest.mark.parametrize("rol", [Rol.GESTOR, Rol.ENLACE])
def test_el_gestor_y_el_enlace_no_ven_la_del_municipio(client, galapa, rol):
    usuario = usuario_con_rol(rol, galapa)

    assert _cliente(client, usuario).get(MUNICIPIO).status_code == 403


def _mas_eventos(mundo, n):
    for i in range(n):
        caso = caso_en_mediacion(
            mundo["caso"].municipio, mundo["gestor"], documento=f"2045678{i:03d}"
        )
        sesion_de(caso, a_las(1 + i % 6, 8 + i))
        AcuerdoFactory(caso=caso, fecha=hoy_mas(-30), fecha_verificacion=hoy_mas(i % 6))
        AcuerdoFactory(caso=caso, fecha=hoy_mas(-30), fecha_verificacion=hoy_mas(-1 - i))


def _consultas(cliente, url):
    with CaptureQueriesContext(connection) as consultas:
        assert cliente.get(url).status_code == 200
    return len(consultas)


@pytest.mark.parametrize("url", [MIA, MUNICIPIO])
def test_las_consultas_no_crecen_con_los_eventos(client, mundo, url, django_assert_max_num_queries):
    usuario = mundo["gestor"] if url == MIA else mundo["coordinador"]
    cliente = _cliente(client, usuario)
    pocas = _consultas(cliente, url)

    _mas_eventos(mundo, 6)
    with django_assert_max_num_queries(pocas):
        html = _html(cliente.get(url))

    assert html.count("Sesión de mediación") >= 7
