"""Páginas de error en español con el código de la solicitud (el mismo de la cabecera y del
registro), nada interno, y la 500 sin tocar la base de datos."""

import logging
import re

import pytest
from django.test import Client, RequestFactory

from convivencia.errores import error_500
from convivencia.settings import LOGGING
from convivencia.solicitudes import FiltroIdSolicitud

pytestmark = pytest.mark.urls("tests.convivencia.urls_errores")

HEX32 = re.compile(r"[0-9a-f]{32}")


def _codigo(respuesta) -> str:
    codigo = respuesta["X-Request-ID"]
    assert codigo in respuesta.content.decode()
    return codigo


def _sin_nada_interno(html: str):
    assert "secreto-interno" not in html
    assert "/srv/" not in html
    assert "Traceback" not in html


def test_la_500_en_espanol_con_el_codigo_que_queda_en_el_registro(caplog):
    cliente = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        respuesta = cliente.get("/prueba/500/")

    html = respuesta.content.decode()
    assert respuesta.status_code == 500
    assert "Algo falló de nuestro lado" in html
    codigo = _codigo(respuesta)
    assert HEX32.fullmatch(codigo)
    _sin_nada_interno(html)
    registro = next(r for r in caplog.records if r.name == "django.request")
    # El filtro del manejador de consola (LOGGING) le puso el código; el formato lo escribe.
    assert registro.request_id == codigo
    formato = LOGGING["formatters"]["con_id"]
    linea = logging.Formatter(formato["format"], style=formato["style"]).format(registro)
    assert f"[{codigo}]" in linea


def test_la_500_no_consulta_la_base_de_datos(django_db_blocker):
    """Sin marca de base: pytest-django la bloquea; además se bloquea explícitamente."""
    solicitud = RequestFactory().get("/")
    solicitud.id_solicitud = "a" * 32
    with django_db_blocker.block():
        respuesta = error_500(solicitud)
        por_el_sitio = Client(raise_request_exception=False).get("/prueba/500/")

    assert respuesta.status_code == 500
    assert "Algo falló de nuestro lado" in respuesta.content.decode()
    assert "a" * 32 in respuesta.content.decode()
    assert por_el_sitio.status_code == 500
    assert "Algo falló de nuestro lado" in por_el_sitio.content.decode()
    _codigo(por_el_sitio)


def test_la_400_en_espanol_con_el_codigo():
    respuesta = Client().get("/prueba/400/")

    assert respuesta.status_code == 400
    assert "No pudimos entender esta solicitud" in respuesta.content.decode()
    _codigo(respuesta)
    _sin_nada_interno(respuesta.content.decode())


def test_un_host_no_permitido_da_la_400_en_espanol():
    respuesta = Client().get("/salud/", HTTP_HOST="malo.example")

    assert respuesta.status_code == 400
    assert "No pudimos entender esta solicitud" in respuesta.content.decode()
    _codigo(respuesta)


@pytest.mark.django_db
def test_la_403_en_espanol_con_el_codigo(cliente_gestor_galapa):
    respuesta = cliente_gestor_galapa.get("/prueba/403/")

    assert respuesta.status_code == 403
    assert "Su rol no permite hacer esto" in respuesta.content.decode()
    _codigo(respuesta)
    _sin_nada_interno(respuesta.content.decode())


@pytest.mark.django_db
def test_la_404_en_espanol_con_el_codigo(cliente_gestor_galapa):
    respuesta = cliente_gestor_galapa.get("/no-existe/")

    assert respuesta.status_code == 404
    assert "No encontramos esta página" in respuesta.content.decode()
    _codigo(respuesta)
    # Con el menú del usuario: la 404 sí usa el contexto de la solicitud.
    assert "Cerrar sesión" in respuesta.content.decode()


@pytest.mark.django_db
def test_el_fallo_de_csrf_en_espanol_con_el_codigo(gestor_galapa, clave):
    cliente = Client(enforce_csrf_checks=True)

    respuesta = cliente.post(
        "/cuenta/login/", {"username": gestor_galapa.username, "password": clave}
    )

    assert respuesta.status_code == 403
    assert "El formulario venció o llegó incompleto" in respuesta.content.decode()
    assert "CSRF" not in respuesta.content.decode()
    _codigo(respuesta)


@pytest.mark.django_db
def test_cada_respuesta_lleva_un_codigo_distinto(client):
    primero = client.get("/salud/")["X-Request-ID"]
    segundo = client.get("/salud/")["X-Request-ID"]

    assert HEX32.fullmatch(primero)
    assert primero != segundo


@pytest.mark.django_db
@pytest.mark.parametrize("recibido", ["0f1e2d3c4b5a69788796a5b4c3d2e1f0", "proxy-1234_abcd"])
def test_un_codigo_recibido_sensato_se_conserva(client, recibido):
    assert client.get("/salud/", HTTP_X_REQUEST_ID=recibido)["X-Request-ID"] == recibido


@pytest.mark.django_db
@pytest.mark.parametrize(
    "recibido",
    [
        "",
        "corto",
        "a" * 65,
        "<script>alert(1)</script>",
        "abc def 12345",
        "-empieza-con-guion",
        "ñandú123456",
    ],
)
def test_un_codigo_recibido_raro_se_reemplaza(client, recibido):
    codigo = client.get("/salud/", HTTP_X_REQUEST_ID=recibido)["X-Request-ID"]

    assert HEX32.fullmatch(codigo)


def test_fuera_de_una_solicitud_el_registro_lleva_un_guion():
    registro = logging.LogRecord("x", logging.INFO, __file__, 1, "hola", None, None)

    assert FiltroIdSolicitud().filter(registro)
    assert registro.request_id == "-"
