"""Segundo factor (TOTP): obligatorio para el personal del admin, el equipo AMB, los
superusuarios y quien exporta datos personales; opcional para los demás."""

import re
from base64 import b32decode

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from auditoria.models import EventoSeguridad, TipoEvento
from tests.conftest import ingresar
from tests.factories import CLAVE

pytestmark = pytest.mark.django_db


def codigo_de(clave_base32: str, desfase: int = 0) -> str:
    relleno = "=" * (-len(clave_base32) % 8)
    totp = TOTP(b32decode(clave_base32 + relleno))
    totp.time += desfase * 30
    return f"{totp.token():06d}"


def verificar_con_el_codigo_de_la_pantalla(cliente, pantalla):
    """Lee la clave de la pantalla de configurar (como la leería la aplicación) y confirma."""
    html = pantalla.content.decode()
    clave = re.search(r'<code class="[^"]*user-select-all">([A-Z2-7]+)</code>', html).group(1)
    return cliente.post(
        pantalla.request["PATH_INFO"] + "?" + pantalla.request["QUERY_STRING"],
        {"codigo": codigo_de(clave)},
        follow=True,
    )


def _esperar(usuario):
    """Como si hubieran pasado los segundos de espera tras un código errado."""
    TOTPDevice.objects.filter(user=usuario).update(throttling_failure_timestamp=None)


def _ingresar(usuario) -> tuple[Client, object]:
    cliente = Client()
    respuesta = cliente.post(
        reverse("login"), {"username": usuario.username, "password": CLAVE}, follow=True
    )
    return cliente, respuesta


def test_el_equipo_amb_configura_su_aplicacion_al_primer_ingreso(usuario_amb):
    cliente, pantalla = _ingresar(usuario_amb)

    assert pantalla.redirect_chain[-1][0].startswith(reverse("segundo_factor_configurar"))
    html = pantalla.content.decode()
    assert "Configurar el segundo factor" in html
    # Mientras no lo configure, cualquier otra página lo devuelve aquí.
    for url in (reverse("casos:lista"), reverse("admin:index"), reverse("tableros:metropolitano")):
        respuesta = cliente.get(url)
        assert respuesta.status_code == 302
        assert respuesta["Location"].startswith(reverse("segundo_factor_configurar"))
    qr = cliente.get(reverse("segundo_factor_qr"))
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg")

    errado = cliente.post(reverse("segundo_factor_configurar"), {"codigo": "000000"})
    assert "El código no coincide" in errado.content.decode()
    # Enseguida otro intento: hay que esperar (django-otp lo frena por dispositivo).
    seguido = cliente.post(reverse("segundo_factor_configurar"), {"codigo": "000001"})
    assert "espere 1 segundos" in seguido.content.decode() or "espere 2 segundos" in (
        seguido.content.decode()
    )
    _esperar(usuario_amb)

    listo = verificar_con_el_codigo_de_la_pantalla(cliente, pantalla)

    assert listo.redirect_chain[-1][0] == reverse("inicio")
    assert cliente.get(reverse("admin:index")).status_code == 200
    assert TOTPDevice.objects.get(user=usuario_amb).confirmed
    assert cliente.get(reverse("segundo_factor_qr")).status_code == 404  # la clave ya no se muestra


def test_en_los_ingresos_siguientes_pide_el_codigo(usuario_amb):
    cliente, pantalla = _ingresar(usuario_amb)
    verificar_con_el_codigo_de_la_pantalla(cliente, pantalla)
    clave = re.search(r"user-select-all\">([A-Z2-7]+)<", pantalla.content.decode()).group(1)
    cliente.post(reverse("logout"))

    otra_vez, verificar = _ingresar(usuario_amb)
    assert verificar.redirect_chain[-1][0].startswith(reverse("segundo_factor_verificar"))
    errado = otra_vez.post(verificar.redirect_chain[-1][0], {"codigo": "123456"})
    assert "El código no coincide" in errado.content.decode()
    assert otra_vez.get(reverse("casos:lista")).status_code == 302
    _esperar(usuario_amb)

    bien = otra_vez.post(
        verificar.redirect_chain[-1][0], {"codigo": codigo_de(clave, desfase=1)}, follow=True
    )

    assert bien.redirect_chain[-1][0] == reverse("inicio")
    assert otra_vez.get(reverse("casos:lista")).status_code == 200
    detalles = list(
        EventoSeguridad.objects.filter(tipo=TipoEvento.SEGUNDO_FACTOR)
        .order_by("pk")
        .values_list("detalle", flat=True)
    )
    assert detalles == ["configurado", "código errado", "verificado"]


def test_un_gestor_entra_sin_segundo_factor_y_puede_activarlo(gestor_galapa):
    cliente, inicio = _ingresar(gestor_galapa)
    assert inicio.redirect_chain[-1][0] == reverse("inicio")

    pantalla = cliente.get(reverse("segundo_factor_configurar"))
    verificar_con_el_codigo_de_la_pantalla(cliente, pantalla)
    cliente.post(reverse("logout"))

    _, despues = _ingresar(gestor_galapa)
    assert despues.redirect_chain[-1][0].startswith(reverse("segundo_factor_verificar"))


def test_quien_puede_exportar_datos_personales_lo_necesita(coordinador_malambo):
    coordinador_malambo.groups.add(Group.objects.get(name="Exporte de datos personales"))

    _, pantalla = _ingresar(coordinador_malambo)

    assert pantalla.redirect_chain[-1][0].startswith(reverse("segundo_factor_configurar"))


def test_el_admin_solo_con_el_segundo_factor_verificado(client, usuario_amb):
    client.force_login(usuario_amb)  # contraseña sí, código no
    assert client.get(reverse("admin:index")).status_code == 302

    ingresar(client, usuario_amb)
    assert client.get(reverse("admin:index")).status_code == 200


def test_el_ingreso_del_admin_es_el_del_sitio(client):
    respuesta = client.get(reverse("admin:login") + "?next=/admin/casos/")

    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("login"))


def test_perdio_el_telefono_el_equipo_amb_borra_el_dispositivo(cliente_amb, gestor_galapa):
    cliente, _ = _ingresar(gestor_galapa)
    verificar_con_el_codigo_de_la_pantalla(
        cliente, cliente.get(reverse("segundo_factor_configurar"))
    )
    dispositivo = TOTPDevice.objects.get(user=gestor_galapa)

    ficha = cliente_amb.get(reverse("admin:otp_totp_totpdevice_change", args=[dispositivo.pk]))
    borrar = cliente_amb.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[dispositivo.pk]), {"post": "yes"}
    )

    assert dispositivo.key not in ficha.content.decode()  # la clave no se ve en el admin
    assert borrar.status_code == 302
    _, otra_vez = _ingresar(gestor_galapa)
    assert otra_vez.redirect_chain[-1][0] == reverse("inicio")
