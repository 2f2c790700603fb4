"""Sesiones: 30 minutos de inactividad, 12 horas como máximo, cerradas al desactivar al usuario o
cambiar su contraseña, páginas con sesión sin caché, cookies __Host- en producción."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gestores.sesiones import CLAVE_ACTIVIDAD, CLAVE_INGRESO
from tests.convivencia.test_salud_y_ajustes import PRODUCCION, _python
from tests.factories import CLAVE

pytestmark = pytest.mark.django_db


def _ingresar(usuario) -> Client:
    cliente = Client()
    cliente.post(reverse("login"), {"username": usuario.username, "password": CLAVE})
    assert "_auth_user_id" in cliente.session
    return cliente


def test_la_sesion_vence_tras_30_minutos_sin_actividad_y_la_actividad_la_renueva(gestor_galapa):
    cliente = _ingresar(gestor_galapa)
    sesion = Session.objects.get(session_key=cliente.session.session_key)
    restante = (sesion.expire_date - timezone.now()).total_seconds()
    assert 29 * 60 < restante <= 30 * 60

    # Actividad 20 minutos después: el vencimiento se corre otros 30 minutos.
    datos = cliente.session
    datos[CLAVE_ACTIVIDAD] -= 20 * 60
    datos.save()
    Session.objects.filter(pk=sesion.pk).update(
        expire_date=timezone.now() + timezone.timedelta(minutes=10)
    )
    cliente.get(reverse("inicio"))
    sesion.refresh_from_db()
    assert (sesion.expire_date - timezone.now()).total_seconds() > 29 * 60

    Session.objects.filter(pk=sesion.pk).update(expire_date=timezone.now())  # 30 min quieto
    respuesta = cliente.get(reverse("inicio"))

    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("login"))


def test_la_sesion_se_cierra_a_las_12_horas_aunque_haya_actividad(gestor_galapa):
    cliente = _ingresar(gestor_galapa)
    sesion = cliente.session
    sesion[CLAVE_INGRESO] = int(time.time()) - 12 * 60 * 60 - 1
    sesion.save()

    respuesta = cliente.get(reverse("inicio"), follow=True)

    assert respuesta.redirect_chain[0][0].startswith(reverse("login"))
    assert "Su sesión duró más de 12 horas" in respuesta.content.decode()
    assert "_auth_user_id" not in cliente.session


def test_desactivar_al_usuario_cierra_sus_sesiones(gestor_galapa):
    cliente = _ingresar(gestor_galapa)
    gestor_galapa.is_active = False
    gestor_galapa.save()

    respuesta = cliente.get(reverse("inicio"))

    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("login"))


def test_cambiar_la_contrasena_cierra_las_otras_sesiones(gestor_galapa):
    en_el_telefono = _ingresar(gestor_galapa)
    en_la_oficina = _ingresar(gestor_galapa)
    nueva = "una frase larga para el barrio"

    en_la_oficina.post(
        reverse("password_change"),
        {"old_password": CLAVE, "new_password1": nueva, "new_password2": nueva},
    )

    assert en_la_oficina.get(reverse("inicio")).status_code == 200  # quien la cambió sigue
    assert en_el_telefono.get(reverse("inicio")).status_code == 302


def test_las_paginas_con_sesion_no_se_guardan_en_cache(cliente_gestor_galapa):
    respuesta = cliente_gestor_galapa.get(reverse("inicio"))

    assert "no-store" in respuesta["Cache-Control"]
    assert "private" in respuesta["Cache-Control"]


def test_en_produccion_las_cookies_son_host_secure_httponly_y_samesite():
    codigo = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.SESSION_COOKIE_AGE, s.SESSION_COOKIE_DOMAIN)"
    )

    resultado = _python(codigo, **PRODUCCION)

    assert resultado.stdout.split() == [
        "__Host-sesion",
        "__Host-csrf",
        "True",
        "True",
        "True",
        "True",
        "Lax",
        "1800",
        "None",
    ], resultado.stderr
