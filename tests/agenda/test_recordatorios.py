"""El resumen diario del gestor lista sus sesiones de mañana (radicado, hora y lugar), aunque no
tenga casos con alertas; sigue siendo un correo por persona y día."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from gestores.models import Rol
from remisiones.recordatorios import enviar_recordatorios
from tests.agenda.conftest import (
    APELLIDO_PARTE,
    DOCUMENTO_PARTE,
    NOMBRE_PARTE,
    a_las,
    caso_en_mediacion,
    hoy_mas,
    sesion_de,
)
from tests.factories import ActuacionFactory, usuario_con_rol

pytestmark = pytest.mark.django_db


def _correos_a(direccion):
    return [m for m in mail.outbox if m.to == [direccion]]


@pytest.fixture
def carla(galapa):
    """Una gestora sin alertas: su caso tiene seguimiento reciente y ningún acuerdo vencido."""
    return usuario_con_rol(
        Rol.GESTOR,
        galapa,
        perfil__usuario__username="a.carla",
        perfil__usuario__email="carla@example.org",
    )


def _caso_al_dia(carla, documento):
    caso = caso_en_mediacion(carla.perfil.municipio, carla, documento=documento)
    ActuacionFactory(caso=caso, fecha=timezone.now())
    return caso


def test_sin_alertas_recibe_sus_sesiones_de_manana(carla, django_capture_on_commit_callbacks):
    primera = sesion_de(_caso_al_dia(carla, "71"), a_las(1, 9), lugar="Salón Villa Olímpica")
    segunda = sesion_de(_caso_al_dia(carla, "72"), a_las(1, 14, 30), lugar="Sala del programa")
    sesion_de(_caso_al_dia(carla, "73"), a_las(2, 9))  # pasado mañana: no va

    with django_capture_on_commit_callbacks(execute=True):
        call_command("enviar_recordatorios")

    [correo] = _correos_a("carla@example.org")
    assert correo.subject == "2 sesiones mañana"
    manana = hoy_mas(1).strftime("%d/%m/%Y")
    assert f"Sus 2 sesiones de mediación de mañana ({manana}):" in correo.body
    assert f"- 09:00 · {primera.caso.radicado} · Salón comunal: Salón Villa Olímpica" in (
        correo.body
    )
    assert f"- 14:30 · {segunda.caso.radicado} · Salón comunal: Sala del programa" in (correo.body)
    assert "/agenda/" in correo.body
    for dato in (NOMBRE_PARTE, APELLIDO_PARTE, DOCUMENTO_PARTE):
        assert dato not in correo.body


def test_sesiones_y_alertas_van_en_un_solo_correo_una_vez_al_dia(
    mundo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enviar_recordatorios()
        enviar_recordatorios()

    [correo] = _correos_a("ana@example.org")
    assert correo.subject == "Casos con alertas: 1 · 1 sesión mañana"
    assert f"- {mundo['caso'].radicado}: sin seguimiento en 15 días" in correo.body
    assert "Su sesión de mediación de mañana" in correo.body
    assert f"- 09:00 · {mundo['caso'].radicado} · " in correo.body


def test_sin_sesiones_mañana_ni_alertas_no_hay_correo(carla, django_capture_on_commit_callbacks):
    sesion_de(_caso_al_dia(carla, "74"), a_las(3, 9))

    with django_capture_on_commit_callbacks(execute=True):
        enviar_recordatorios()

    assert _correos_a("carla@example.org") == []


def test_el_inactivo_no_recibe_nada(carla, django_capture_on_commit_callbacks):
    sesion_de(_caso_al_dia(carla, "75"), a_las(1, 9))
    carla.is_active = False
    carla.save()

    with django_capture_on_commit_callbacks(execute=True):
        enviar_recordatorios()

    assert _correos_a("carla@example.org") == []
