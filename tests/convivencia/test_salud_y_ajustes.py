"""/salud/ y la configuración de producción, probados en procesos aparte con su propio entorno."""

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]


def _entorno(**variables):
    """El entorno de este proceso sin lo que fija pytest-env, más `variables`."""
    entorno = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    entorno.update(variables)
    return entorno


def _python(codigo: str, **variables) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", codigo],
        cwd=RAIZ,
        env=_entorno(DJANGO_SETTINGS_MODULE="convivencia.settings", **variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _manage(*argumentos, **variables) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *argumentos],
        cwd=RAIZ,
        env=_entorno(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCCION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "convivencia.example.org",
}


@pytest.mark.django_db
def test_salud_responde_200_cuando_la_base_de_datos_contesta(client):
    respuesta = client.get("/salud/")

    assert respuesta.status_code == 200
    assert respuesta.json() == {"estado": "ok", "base_de_datos": "ok"}
    assert "no-cache" in respuesta["Cache-Control"]


def _puerto_cerrado() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_salud_responde_503_si_la_base_de_datos_no_contesta():
    # Un PostgreSQL de verdad inalcanzable: un puerto local donde nadie escucha.
    url = f"postgres://nadie@127.0.0.1:{_puerto_cerrado()}/convivencia"
    codigo = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/salud/');"
        "print(r.status_code, r.content.decode())"
    )

    resultado = _python(codigo, DEBUG="1", ALLOWED_HOSTS="testserver", DATABASE_URL=url)

    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stdout.startswith("503 "), resultado.stdout
    assert '"estado": "error"' in resultado.stdout


def test_sin_debug_y_sin_secret_key_no_arranca():
    resultado = _manage("check", DEBUG="0", ALLOWED_HOSTS="convivencia.example.org")

    assert resultado.returncode != 0
    assert "Falta la variable de entorno SECRET_KEY" in resultado.stderr


def test_sin_debug_y_sin_allowed_hosts_no_arranca():
    resultado = _manage("check", DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50))

    assert resultado.returncode != 0
    assert "Falta la variable de entorno ALLOWED_HOSTS" in resultado.stderr


def test_la_configuracion_de_produccion_pasa_check_deploy():
    resultado = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCCION)

    assert resultado.returncode == 0, resultado.stderr + resultado.stdout


def test_detras_de_un_proxy_tls_confia_en_x_forwarded_proto():
    codigo = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS)"
    )

    resultado = _python(codigo, BEHIND_TLS_PROXY="1", **PRODUCCION)

    assert resultado.stdout.split() == [
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "False",
        "True",
        "31536000",
    ], resultado.stderr
    deploy = _manage(
        "check", "--deploy", "--fail-level", "WARNING", BEHIND_TLS_PROXY="1", **PRODUCCION
    )
    assert deploy.returncode == 0, deploy.stderr


def test_la_configuracion_regional_es_colombiana():
    codigo = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.LANGUAGE_CODE, s.TIME_ZONE, s.USE_TZ)"
    )

    resultado = _python(codigo, DEBUG="1")

    assert resultado.stdout.split() == ["es-co", "America/Bogota", "True"]
