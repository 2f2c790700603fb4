"""Eventos de seguridad: ingresos, fallos, bloqueos, accesos negados, vistas de datos personales
y exportes quedan con usuario, hora, IP y objeto, sin nombres ni documentos, y nadie los cambia."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from auditoria.models import EventoSeguridad, TipoEvento
from casos.models import Caso
from tests.auditoria.conftest import exportar, url_admin
from tests.factories import CLAVE, CasoFactory, ParteFactory, PersonaFactory, RemisionFactory

pytestmark = pytest.mark.django_db


def _tipos():
    return list(EventoSeguridad.objects.order_by("pk").values_list("tipo", flat=True))


def test_un_ingreso_y_una_salida(client, gestor_galapa):
    client.post(
        reverse("login"),
        {"username": gestor_galapa.username, "password": CLAVE},
        REMOTE_ADDR="203.0.113.5",
    )
    client.post(reverse("logout"))

    ingreso, salida = EventoSeguridad.objects.order_by("pk")
    assert (ingreso.tipo, ingreso.usuario, ingreso.ip) == ("ingreso", gestor_galapa, "203.0.113.5")
    assert (salida.tipo, salida.usuario) == ("salida", gestor_galapa)


def test_los_ingresos_fallidos_y_el_bloqueo(client, gestor_galapa):
    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": gestor_galapa.username, "password": "equivocada"},
            REMOTE_ADDR="203.0.113.6",
        )

    fallidos = EventoSeguridad.objects.filter(tipo=TipoEvento.INGRESO_FALLIDO)
    assert fallidos.count() == 5
    assert {e.usuario_intentado for e in fallidos} == {gestor_galapa.username}
    assert {e.ip for e in fallidos} == {"203.0.113.6"}
    bloqueo = EventoSeguridad.objects.get(tipo=TipoEvento.BLOQUEO)
    assert bloqueo.usuario_intentado == gestor_galapa.username
    assert "equivocada" not in str(list(EventoSeguridad.objects.values()))


def test_un_caso_de_otro_municipio_queda_como_404(cliente_gestor_galapa, gestor_galapa, malambo):
    ajeno = CasoFactory(municipio=malambo)

    respuesta = cliente_gestor_galapa.get(reverse("casos:detalle", args=[ajeno.radicado]))

    assert respuesta.status_code == 404
    evento = EventoSeguridad.objects.get(tipo=TipoEvento.NO_ENCONTRADO)
    assert evento.usuario == gestor_galapa
    assert evento.ruta == reverse("casos:detalle", args=[ajeno.radicado])


def test_una_accion_prohibida_queda_como_403(cliente_secretaria_galapa, galapa):
    caso = CasoFactory(municipio=galapa)

    respuesta = cliente_secretaria_galapa.get(reverse("casos:editar", args=[caso.radicado]))

    assert respuesta.status_code == 403
    assert _tipos() == [TipoEvento.INGRESO, TipoEvento.ACCESO_NEGADO]  # (force_login ingresa)


def test_ver_los_datos_personales_de_un_caso_queda_sin_nombres(client, gestor_galapa, galapa):
    persona = PersonaFactory(nombres="Yolanda", apellidos="Pertuz", numero_documento="55123456")
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa)
    ParteFactory(caso=caso, persona=persona)
    client.force_login(gestor_galapa)

    client.get(reverse("casos:detalle", args=[caso.radicado]))

    evento = EventoSeguridad.objects.get(tipo=TipoEvento.DATOS_PERSONALES)
    assert (evento.usuario, evento.objeto) == (gestor_galapa, f"casos.caso:{caso.pk}")
    fila = str(list(EventoSeguridad.objects.values()))
    for dato in ("Yolanda", "Pertuz", "55123456"):
        assert dato not in fila


def test_la_secretaria_ve_enmascarado_y_no_queda_vista_de_datos(cliente_secretaria_galapa, galapa):
    caso = CasoFactory(municipio=galapa)
    ParteFactory(caso=caso)

    cliente_secretaria_galapa.get(reverse("casos:detalle", args=[caso.radicado]))

    assert not EventoSeguridad.objects.filter(tipo=TipoEvento.DATOS_PERSONALES).exists()


def test_el_enlace_que_abre_una_remision_deja_la_vista_de_datos(client, enlace_galapa, galapa):
    caso = CasoFactory(municipio=galapa)
    ParteFactory(caso=caso)
    remision = RemisionFactory(caso=caso, entidad=enlace_galapa.perfil.entidad)
    client.force_login(enlace_galapa)

    assert client.get(reverse("remisiones:detalle", args=[remision.pk])).status_code == 200

    evento = EventoSeguridad.objects.get(tipo=TipoEvento.DATOS_PERSONALES)
    assert evento.objeto == f"remisiones.remision:{remision.pk}"


def test_cada_exporte_es_un_evento(cliente_amb, usuario_amb, galapa):
    CasoFactory(municipio=galapa)

    exportar(cliente_amb, Caso)

    evento = EventoSeguridad.objects.get(tipo=TipoEvento.EXPORTE)
    assert evento.usuario == usuario_amb
    assert evento.objeto.startswith("auditoria.registroexporte:")
    assert evento.detalle == "casos.caso csv 1 filas"


def test_los_eventos_no_se_cambian_ni_se_borran(client, gestor_galapa):
    client.force_login(gestor_galapa)
    evento = EventoSeguridad.objects.get()

    with pytest.raises(PermissionDenied):
        evento.save()
    with pytest.raises(PermissionDenied):
        EventoSeguridad.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE auditoria_eventoseguridad SET ip = '10.0.0.1'")


def test_el_equipo_amb_los_lee_en_el_admin_sin_poder_cambiarlos(cliente_amb, gestor_galapa):
    Client().post(reverse("login"), {"username": gestor_galapa.username, "password": "x"})
    evento = EventoSeguridad.objects.get(tipo=TipoEvento.INGRESO_FALLIDO)

    lista = cliente_amb.get(url_admin(EventoSeguridad, "changelist"))
    ficha = cliente_amb.get(url_admin(EventoSeguridad, "changelist") + f"{evento.pk}/change/")

    assert lista.status_code == 200
    assert gestor_galapa.username in lista.content.decode()
    assert 'name="_save"' not in ficha.content.decode()
    assert cliente_amb.get(url_admin(EventoSeguridad, "add")).status_code == 403
