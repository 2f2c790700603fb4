"""`make run` callado: la demo termina con un aviso corto (dirección, los 9 usuarios por rol, la
clave y dónde quedaron los correos), los correos de desarrollo van a archivos y sus enlaces usan
SITIO_URL, que por omisión sigue el PORT de `make run`."""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings as ajustes
from django.contrib.auth import get_user_model
from django.core.management import call_command

from demo.datos import CLAVE_DEMO
from gestores.models import Rol
from municipios.models import TipoEntidad
from tests.factories import ContactoFactory, usuario_con_rol
from tests.remisiones.test_notificaciones import _caso, _remitir

pytestmark = pytest.mark.django_db


@pytest.fixture
def mebar(galapa):
    entidad = galapa.entidades.get(tipo=TipoEntidad.ESTACION_MEBAR)
    ContactoFactory(entidad=entidad, correo="comandante@example.org")
    usuario_con_rol(Rol.ENLACE, galapa, entidad=entidad, usuario__email="enlace.mebar@example.org")
    return entidad


def test_la_demo_termina_con_un_aviso_corto_con_todos_sus_usuarios(settings, tmp_path):
    settings.DEBUG = True
    settings.SITIO_URL = "http://127.0.0.1:8123"
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path / "correos")},
        }
    }
    salida = io.StringIO()

    call_command("cargar_demo", "--casos", "2", "--actividades", "1", stdout=salida)

    texto = salida.getvalue()
    lineas = texto.strip().splitlines()
    assert len(lineas) < 40
    con_clave = [
        usuario.username
        for usuario in get_user_model().objects.order_by("username")
        if usuario.check_password(CLAVE_DEMO)
    ]
    assert len(con_clave) == 9
    for username in con_clave:
        assert any(linea.split()[-1:] == [username] for linea in lineas), username
    assert "http://127.0.0.1:8123/" in texto
    assert f"clave de todos: {CLAVE_DEMO}" in texto
    assert "Equipo AMB" in texto
    assert "Enlace institucional" in texto
    assert f"Correos de la demo: en archivos de {tmp_path / 'correos'}/" in texto


def _ajustes_con(entorno: dict) -> dict:
    """SITIO_URL y el backend de correo tal como los arma settings.py con ese entorno."""
    limpio = {
        clave: valor
        for clave, valor in os.environ.items()
        if clave not in {"SITIO_URL", "PORT", "EMAIL_BACKEND", "DEBUG", "EMAIL_FILE_PATH"}
    }
    codigo = (
        "import json; from convivencia import settings as s; "
        "print(json.dumps([s.SITIO_URL, s.MAILERS['default']]))"
    )
    salida = subprocess.run(
        [sys.executable, "-c", codigo],
        env=limpio | entorno,
        cwd=ajustes.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    sitio, mailer = json.loads(salida.stdout)
    return {"sitio": sitio, "mailer": mailer}


def test_sitio_url_sigue_el_puerto_de_make_run():
    assert _ajustes_con({"DEBUG": "1", "PORT": "8123"})["sitio"] == "http://127.0.0.1:8123"
    assert _ajustes_con({"DEBUG": "1"})["sitio"] == "http://127.0.0.1:8000"
    explicito = _ajustes_con({"DEBUG": "1", "PORT": "8123", "SITIO_URL": "https://c.example"})
    assert explicito["sitio"] == "https://c.example"


def test_en_desarrollo_los_correos_van_a_archivos_no_a_la_consola():
    mailer = _ajustes_con({"DEBUG": "1"})["mailer"]

    assert mailer["BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert mailer["OPTIONS"]["file_path"] == str(ajustes.BASE_DIR / "tmp" / "correos")


def test_los_enlaces_de_los_correos_usan_sitio_url(
    settings, galapa, mebar, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITIO_URL = "http://127.0.0.1:8080"
    caso = _caso(galapa)

    with django_capture_on_commit_callbacks(execute=True):
        remision = _remitir(caso, mebar)

    assert mailoutbox
    for correo in mailoutbox:
        assert f"http://127.0.0.1:8080/remisiones/{remision.pk}/" in correo.body
        assert ":8000" not in correo.body
