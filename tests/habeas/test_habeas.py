"""Habeas data: consultar, corregir y anonimizar lo que el sistema guarda de una persona, con los
plazos de la Ley 1581, solo para el coordinador de un municipio donde aparece y el equipo AMB."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from capacitaciones.models import Asistencia
from casos.models import Caso, Parte, Persona
from casos.plazos import sumar_dias_habiles
from habeas.models import EstadoSolicitud, SolicitudHabeasData
from tests.factories import (
    ActividadFactory,
    AsistenciaFactory,
    CasoFactory,
    CompromisoFactory,
    ParteFactory,
    PersonaFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rosa(malambo):
    """Rosa es parte de un caso de Malambo, tiene un compromiso y fue a una actividad."""
    persona = PersonaFactory(
        municipio=malambo,
        nombres="Rosa",
        apellidos="Mercado",
        numero_documento="32654987",
        telefono="300 111 2233",
        direccion="Calle 8 # 4-10",
        correo="rosa.mercado@correo.invalid",
    )
    caso = CasoFactory(municipio=malambo, relato="Rosa Mercado denuncia ruido.")
    parte = ParteFactory(caso=caso, persona=persona)
    CompromisoFactory(acuerdo__caso=caso, parte=parte)
    AsistenciaFactory(
        persona=persona, actividad=ActividadFactory(municipio=malambo), comparendo="COMP-77"
    )
    persona.nombres = "Rosa Elena"  # un cambio: queda en la historia
    persona.save()
    return persona


def _registrar(cliente, tipo, numero="32654987", recibida="2026-11-20"):
    return cliente.post(
        reverse("habeas:nueva"),
        {
            "documento_tipo": "CC",
            "documento_numero": numero,
            "tipo": tipo,
            "recibida_el": recibida,
            "descripcion": "Pide saber qué datos suyos tiene el programa.",
        },
    )


def test_una_consulta_con_sus_plazos_y_su_reporte(cliente_coordinador_malambo, rosa):
    respuesta = _registrar(cliente_coordinador_malambo, "consulta")

    solicitud = SolicitudHabeasData.objects.get()
    assert respuesta.status_code == 302
    recibida = datetime.date(2026, 11, 20)
    assert solicitud.fecha_limite == sumar_dias_habiles(recibida, 10)
    assert solicitud.fecha_limite_prorroga == sumar_dias_habiles(solicitud.fecha_limite, 5)

    reporte = cliente_coordinador_malambo.get(reverse("habeas:reporte", args=[solicitud.pk]))
    html = reporte.content.decode()
    for dato in (
        "Rosa Elena",
        "32654987",
        "300 111 2233",
        "rosa.mercado@correo.invalid",
        "COMP-77",
        Caso.objects.get().radicado,
    ):
        assert dato in html
    assert "Bajar el volumen" in html  # su compromiso

    cliente_coordinador_malambo.post(
        reverse("habeas:detalle", args=[solicitud.pk]), {"respuesta": "Se entregó el reporte."}
    )
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.RESPONDIDA
    assert solicitud.respuesta == "Se entregó el reporte."


def test_un_reclamo_de_correccion(cliente_coordinador_malambo, coordinador_malambo, rosa):
    _registrar(cliente_coordinador_malambo, "correccion")
    solicitud = SolicitudHabeasData.objects.get()
    assert solicitud.fecha_limite == sumar_dias_habiles(datetime.date(2026, 11, 20), 15)

    cliente_coordinador_malambo.post(
        reverse("habeas:detalle", args=[solicitud.pk]),
        {
            "tipo_documento": "CC",
            "numero_documento": "32654987",
            "nombres": "Rosa Elena",
            "apellidos": "Mercado Pérez",
            "sexo": "mujer",
            "edad": "40",
            "telefono": "300 999 0000",
            "direccion": "Calle 8 # 4-10",
            "correo": "rosa.nuevo@correo.invalid",
            "respuesta": "Se corrigió el apellido, el teléfono y el correo.",
        },
    )

    rosa.refresh_from_db()
    assert (rosa.apellidos, rosa.telefono) == ("Mercado Pérez", "300 999 0000")
    assert rosa.correo == "rosa.nuevo@correo.invalid"
    assert rosa.history.first().history_user == coordinador_malambo
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.RESPONDIDA


def test_anonimizar_borra_lo_que_identifica_tambien_en_la_historia(
    cliente_coordinador_malambo, rosa
):
    _registrar(cliente_coordinador_malambo, "supresion")
    solicitud = SolicitudHabeasData.objects.get()
    detalle = cliente_coordinador_malambo.get(reverse("habeas:detalle", args=[solicitud.pk]))
    assert Caso.objects.get().radicado in detalle.content.decode()  # relatos para revisar

    cliente_coordinador_malambo.post(
        reverse("habeas:detalle", args=[solicitud.pk]), {"respuesta": "Datos suprimidos."}
    )

    rosa.refresh_from_db()
    assert rosa.nombres == "Persona anonimizada"
    assert (rosa.numero_documento, rosa.telefono, rosa.direccion, rosa.correo) == ("", "", "", "")
    assert (rosa.sexo, rosa.edad) == ("mujer", 40)  # las cifras siguen contando
    historia = list(Persona.history.filter(id=rosa.pk).values())
    assert len(historia) >= 3
    for fila in historia:
        for dato in ("Rosa", "32654987", "300 111 2233", "Calle 8", "rosa.mercado@"):
            assert dato not in str(fila)
    assert Asistencia.objects.get().comparendo == ""
    assert Parte.objects.filter(persona=rosa).count() == 1  # el caso sigue contándola
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.RESPONDIDA


def test_una_solicitud_respondida_no_se_vuelve_a_aplicar(cliente_coordinador_malambo, rosa):
    _registrar(cliente_coordinador_malambo, "supresion")
    solicitud = SolicitudHabeasData.objects.get()
    url = reverse("habeas:detalle", args=[solicitud.pk])
    cliente_coordinador_malambo.post(url, {"respuesta": "Primera."})

    cliente_coordinador_malambo.post(url, {"respuesta": "Segunda."})

    solicitud.refresh_from_db()
    assert solicitud.respuesta == "Primera."


def test_la_persona_de_otro_municipio_no_se_encuentra(cliente_coordinador_malambo, galapa):
    otra = PersonaFactory(numero_documento="11223344")
    ParteFactory(caso=CasoFactory(municipio=galapa), persona=otra)

    respuesta = _registrar(cliente_coordinador_malambo, "consulta", numero="11223344")

    assert "No hay una persona con ese documento" in respuesta.content.decode()
    assert not SolicitudHabeasData.objects.exists()


def test_la_solicitud_de_otro_municipio_da_404(
    cliente_coordinador_malambo, cliente_amb, galapa, usuario_amb
):
    otra = PersonaFactory(numero_documento="11223344")
    ParteFactory(caso=CasoFactory(municipio=galapa), persona=otra)
    _registrar(cliente_amb, "consulta", numero="11223344")
    solicitud = SolicitudHabeasData.objects.get()

    for url in ("habeas:detalle", "habeas:reporte"):
        assert cliente_coordinador_malambo.get(reverse(url, args=[solicitud.pk])).status_code == 404
    assert cliente_amb.get(reverse("habeas:reporte", args=[solicitud.pk])).status_code == 200


@pytest.mark.parametrize(
    "cliente", ["cliente_gestor_galapa", "cliente_secretaria_galapa", "cliente_gestor_malambo"]
)
def test_solo_coordinador_y_equipo_amb(request, cliente):
    cliente = request.getfixturevalue(cliente)

    for url in ("habeas:lista", "habeas:nueva"):
        assert cliente.get(reverse(url)).status_code == 403


def test_una_fecha_de_recibo_futura_se_rechaza(cliente_coordinador_malambo, rosa):
    manana = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()  # noqa: DTZ011

    respuesta = _registrar(cliente_coordinador_malambo, "consulta", recibida=manana)

    assert "no puede estar en el futuro" in respuesta.content.decode()
    assert not SolicitudHabeasData.objects.exists()


def test_el_reporte_hace_las_mismas_consultas_con_mas_casos(
    cliente_coordinador_malambo, rosa, malambo
):
    _registrar(cliente_coordinador_malambo, "consulta")
    url = reverse("habeas:reporte", args=[SolicitudHabeasData.objects.get().pk])

    with CaptureQueriesContext(connection) as pocas:
        cliente_coordinador_malambo.get(url)
    for _ in range(4):
        parte = ParteFactory(caso=CasoFactory(municipio=malambo), persona=rosa)
        CompromisoFactory(acuerdo__caso=parte.caso, parte=parte)
        AsistenciaFactory(persona=rosa, actividad=ActividadFactory(municipio=malambo))
    with CaptureQueriesContext(connection) as muchas:
        cliente_coordinador_malambo.get(url)

    assert len(muchas) == len(pocas)
