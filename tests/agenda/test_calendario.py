"""El calendario privado: la URL secreta, regenerar y revocar, y el feed ICS sin datos de las
partes, que responde sin sesión y con consultas constantes."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from agenda import services
from agenda.models import CalendarioPrivado, huella_de
from agenda.views import CLAVE_TOKEN_EN_SESION
from gestores.models import Rol
from mediacion.models import EstadoSesion
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

CALENDARIO = reverse("agenda:calendario")


def _feed(token):
    return reverse("agenda:feed", args=[token])


def _eventos(contenido: bytes) -> dict:
    calendario = Calendar.from_ical(contenido)
    return {str(e["UID"]).split("@")[0]: e for e in calendario.walk("VEVENT")}


def test_el_feed_tiene_los_eventos_del_gestor_sin_datos_de_las_partes(mundo):
    token = services.calendario_generar(usuario=mundo["gestor"])

    respuesta = Client().get(_feed(token))

    assert respuesta.status_code == 200
    assert respuesta["Content-Type"].startswith("text/calendar")
    eventos = _eventos(respuesta.content)
    sesion = eventos[f"sesion-{mundo['sesion'].pk}"]
    assert str(sesion["SUMMARY"]) == f"Sesión de mediación · {mundo['caso'].radicado}"
    assert str(sesion["LOCATION"]) == "Salón comunal: Salón comunal Villa Olímpica"
    assert sesion.decoded("DTSTART") == mundo["sesion"].inicio
    assert sesion.decoded("DTEND") == mundo["sesion"].fin
    assert str(sesion["STATUS"]) == "CONFIRMED"
    verificacion = eventos[f"verificacion-{mundo['acuerdo'].pk}"]
    assert verificacion.decoded("DTSTART") == hoy_mas(3)  # de todo el día
    assert str(verificacion["SUMMARY"]) == f"Verificación del acuerdo · {mundo['caso'].radicado}"
    actividad = eventos[f"actividad-{mundo['actividad'].pk}"]
    assert str(actividad["LOCATION"]) == "Jornada en el barrio Centro"
    # La vencida hace 5 días sigue en la ventana de 30 días atrás.
    assert f"verificacion-{mundo['acuerdo_vencido'].pk}" in eventos
    # Lo de los demás, no.
    assert f"sesion-{mundo['sesion_otro'].pk}" not in eventos
    assert f"sesion-{mundo['sesion_malambo'].pk}" not in eventos
    assert f"actividad-{mundo['actividad_coordinador'].pk}" not in eventos
    # Ni nombres ni documentos ni el relato, en ninguna parte del archivo.
    texto = respuesta.content.decode()
    for dato in (NOMBRE_PARTE, APELLIDO_PARTE, DOCUMENTO_PARTE, mundo["caso"].relato[:30]):
        assert dato not in texto
    assert token not in texto


def test_la_reprogramada_sale_cancelada_y_el_uid_es_estable(mundo):
    token = services.calendario_generar(usuario=mundo["gestor"])
    antes = _eventos(Client().get(_feed(token)).content)
    nueva = sesion_de(mundo["caso"], a_las(4, 10))
    vieja = mundo["sesion"]
    vieja.estado, vieja.nueva = EstadoSesion.REPROGRAMADA, nueva
    vieja.save()

    despues = _eventos(Client().get(_feed(token)).content)

    uid = f"sesion-{vieja.pk}"
    assert str(antes[uid]["UID"]) == str(despues[uid]["UID"])
    assert str(despues[uid]["STATUS"]) == "CANCELLED"
    assert str(despues[f"sesion-{nueva.pk}"]["STATUS"]) == "CONFIRMED"


def test_el_feed_va_de_30_dias_atras_a_180_adelante(mundo):
    caso = mundo["caso"]
    otro_caso = caso_en_mediacion(caso.municipio, mundo["gestor"], documento="9")
    lejos = sesion_de(otro_caso, a_las(181, 9))
    AcuerdoFactory(caso=caso, fecha=hoy_mas(-60), fecha_verificacion=hoy_mas(-31))
    token = services.calendario_generar(usuario=mundo["gestor"])

    eventos = _eventos(Client().get(_feed(token)).content)

    assert f"sesion-{lejos.pk}" not in eventos
    assert len([u for u in eventos if u.startswith("verificacion-")]) == 2


def test_regenerar_invalida_la_url_anterior_y_revocar_la_apaga(client, mundo):
    cliente = ingresar(client, mundo["gestor"])

    cliente.post(CALENDARIO, {"accion": "generar"})
    primera = cliente.get(CALENDARIO)
    token = primera.context["url"].rsplit("/", 1)[-1].removesuffix(".ics")
    otra_vez = cliente.get(CALENDARIO)  # la URL se muestra una sola vez
    cliente.post(CALENDARIO, {"accion": "generar"})
    segunda = cliente.get(CALENDARIO).context["url"].rsplit("/", 1)[-1].removesuffix(".ics")

    assert primera.context["url"].startswith("http")
    assert otra_vez.context["url"] == ""
    assert token != segunda
    assert Client().get(_feed(token)).status_code == 404
    assert Client().get(_feed(segunda)).status_code == 200
    # Se guarda la huella, no el token.
    guardado = CalendarioPrivado.objects.get(usuario=mundo["gestor"])
    assert guardado.huella == huella_de(segunda)
    assert segunda not in guardado.huella
    assert len(segunda) >= 43  # 256 bits en base64

    cliente.post(CALENDARIO, {"accion": "revocar"})

    assert Client().get(_feed(segunda)).status_code == 404
    assert "Revocada el" in cliente.get(CALENDARIO).content.decode()
    assert CLAVE_TOKEN_EN_SESION not in cliente.session


def test_token_desconocido_o_de_usuario_inactivo_es_404(mundo):
    token = services.calendario_generar(usuario=mundo["gestor"])
    assert Client().get(_feed("x" * 43)).status_code == 404

    mundo["gestor"].is_active = False
    mundo["gestor"].save()

    assert Client().get(_feed(token)).status_code == 404


def test_el_token_de_un_rol_sin_agenda_es_404(galapa):
    usuario = usuario_con_rol(Rol.SECRETARIA, galapa)
    token = services.calendario_generar(usuario=usuario)

    assert Client().get(_feed(token)).status_code == 404


@pytest.mark.parametrize("rol", [Rol.SECRETARIA, Rol.ENLACE, Rol.AMB])
def test_la_pagina_del_calendario_es_del_gestor_y_el_coordinador(client, galapa, rol):
    usuario = usuario_con_rol(rol, None if rol == Rol.AMB else galapa)
    cliente = ingresar(client, usuario)

    assert cliente.get(CALENDARIO).status_code == 403
    assert cliente.post(CALENDARIO, {"accion": "generar"}).status_code == 403
    assert not CalendarioPrivado.objects.exists()


def test_el_feed_hace_las_mismas_consultas_con_mas_eventos(mundo, django_assert_max_num_queries):
    token = services.calendario_generar(usuario=mundo["gestor"])
    with CaptureQueriesContext(connection) as pocas:
        Client().get(_feed(token))
    for i in range(5):
        caso = caso_en_mediacion(mundo["caso"].municipio, mundo["gestor"], documento=f"30{i}")
        sesion_de(caso, a_las(i + 1, 11))
        AcuerdoFactory(caso=caso, fecha=hoy_mas(-10), fecha_verificacion=hoy_mas(i))

    with django_assert_max_num_queries(len(pocas)):
        respuesta = Client().get(_feed(token))

    assert len(_eventos(respuesta.content)) >= 12


def test_el_feed_no_deja_sesion_ni_rastro_del_usuario(mundo, caplog):
    token = services.calendario_generar(usuario=mundo["gestor"])

    respuesta = Client().get(_feed(token))

    assert "sessionid" not in respuesta.cookies
    assert mundo["gestor"].username not in caplog.text
    assert respuesta["Cache-Control"] == "private, no-store"
