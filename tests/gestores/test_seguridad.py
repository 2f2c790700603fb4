"""Ingreso endurecido: contraseñas que no sean el nombre del programa y bloqueo tras 5 fallos."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from gestores.seguridad import PalabrasLocalesValidator, ip_del_cliente
from tests.factories import CLAVE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "clave",
    ["Malambo2026!!", "convivencia.amb", "Galapa-Galapa-2026", "PuertoColombia1", "GESTOR2026*#"],
)
def test_una_contrasena_hecha_de_palabras_del_programa_se_rechaza(clave):
    with pytest.raises(ValidationError) as error:
        PalabrasLocalesValidator().validate(clave)
    assert "se parece demasiado al nombre del programa" in error.value.messages[0]


@pytest.mark.parametrize(
    "clave",
    ["vivo cerca del arroyo de malambo", "cambio de clima en la costa", "tres perros y un gato"],
)
def test_las_frases_largas_pasan_aunque_nombren_un_municipio(clave):
    validate_password(clave)


def test_las_reglas_de_siempre_siguen(gestor_galapa):
    with pytest.raises(ValidationError) as error:
        validate_password("corta", user=gestor_galapa)
    assert any("12 caracteres" in mensaje for mensaje in error.value.messages)


def _intentar(cliente, usuario, clave, ip="203.0.113.7"):
    return cliente.post(reverse("login"), {"username": usuario, "password": clave}, REMOTE_ADDR=ip)


def test_cinco_fallos_bloquean_al_usuario_desde_esa_ip_quince_minutos(client, gestor_galapa):
    usuario = gestor_galapa.username
    for _ in range(4):
        assert _intentar(client, usuario, "equivocada").status_code == 200
    quinto = _intentar(client, usuario, "equivocada")
    con_la_buena = _intentar(client, usuario, CLAVE)

    for respuesta in (quinto, con_la_buena):
        assert respuesta.status_code == 429
        assert "el ingreso queda bloqueado durante 15 minutos" in respuesta.content.decode()
    assert "_auth_user_id" not in client.session

    # Desde otra IP, y otro usuario desde la misma IP, siguen entrando.
    assert _intentar(Client(), usuario, CLAVE, ip="198.51.100.9").status_code == 302
    # Pasados los 15 minutos, también desde la misma IP.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _intentar(Client(), usuario, CLAVE).status_code == 302


def test_otro_usuario_desde_la_misma_ip_no_queda_bloqueado(
    client, gestor_galapa, secretaria_galapa
):
    for _ in range(5):
        _intentar(client, gestor_galapa.username, "equivocada")

    assert _intentar(Client(), secretaria_galapa.username, CLAVE).status_code == 302


def test_un_ingreso_bueno_borra_los_fallos_anteriores(client, gestor_galapa):
    for _ in range(4):
        _intentar(client, gestor_galapa.username, "equivocada")
    assert _intentar(Client(), gestor_galapa.username, CLAVE).status_code == 302

    for _ in range(4):
        assert _intentar(Client(), gestor_galapa.username, "equivocada").status_code == 200


def test_el_admin_no_tiene_otro_ingreso_sin_bloqueo(client, usuario_amb):
    """El ingreso del admin lleva al del sitio, que es el que bloquea."""
    respuesta = client.post(
        reverse("admin:login"), {"username": usuario_amb.username, "password": "equivocada"}
    )

    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("login"))


def test_el_equipo_amb_desbloquea_borrando_el_bloqueo(client, cliente_amb, gestor_galapa):
    for _ in range(5):
        _intentar(client, gestor_galapa.username, "equivocada")
    bloqueo = AccessAttempt.objects.get(username=gestor_galapa.username)

    lista = cliente_amb.get(reverse("admin:axes_accessattempt_changelist"))
    borrar = cliente_amb.post(
        reverse("admin:axes_accessattempt_delete", args=[bloqueo.pk]), {"post": "yes"}
    )

    assert gestor_galapa.username in lista.content.decode()
    assert borrar.status_code == 302
    assert _intentar(Client(), gestor_galapa.username, CLAVE).status_code == 302


@pytest.mark.parametrize(
    ("detras_del_proxy", "reenviadas", "esperada"),
    [
        (False, "1.2.3.4", "10.0.0.2"),
        (True, "1.2.3.4, 198.51.100.20", "198.51.100.20"),  # la que agregó nuestro proxy
        (True, "", "10.0.0.2"),
    ],
)
def test_la_ip_del_cliente_detras_del_proxy(settings, detras_del_proxy, reenviadas, esperada):
    settings.BEHIND_TLS_PROXY = detras_del_proxy
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=reenviadas)

    assert ip_del_cliente(request) == esperada
