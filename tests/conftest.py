"""Accesorios compartidos: municipios de la migración, un usuario por rol y sus clientes."""

import os

import pytest
from django.db.models import FETCH_RAISE
from django.test import Client
from hypothesis import settings as hypothesis_settings

from demo.sesiones import sesion_con_segundo_factor
from gestores.models import Rol
from gestores.segundo_factor import requiere_segundo_factor
from municipios.models import Municipio
from tests import historia
from tests.factories import CLAVE, usuario_con_rol

GALAPA, MALAMBO, PUERTO = "08296", "08433", "08573"

# Hypothesis: 200 ejemplos por prueba en `make test` y CI; `make fuzz` usa el perfil «largo».
hypothesis_settings.register_profile("ci", max_examples=200, deadline=None)
hypothesis_settings.register_profile("largo", max_examples=5000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config):
    # Ningún update()/bulk_update() del proyecto salta la historia (tests/historia.py).
    historia.vigilar()


def pytest_collection_modifyitems(config, items):
    """Las pruebas de navegador, al final: son las más lentas y las que más estado mueven."""
    items.sort(key=lambda item: item.get_closest_marker("navegador") is not None)


@pytest.fixture(autouse=True)
def _ajustes_de_prueba(settings):
    # Una relación olvidada en una lista falla en pruebas en vez de hacer una consulta por fila.
    settings.FETCH_MODE_LISTAS = FETCH_RAISE
    # Las claves de prueba no necesitan un hash lento.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Las cifras de los tableros, siempre recién calculadas (la caché tiene su propia prueba).
    settings.TABLEROS_CACHE_SEGUNDOS = 0
    # Sin caché entre pruebas (fragmentos de plantilla incluidos); la que la prueba, la activa.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


USAN_LA_BASE = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def _resumenes_al_dia(request):
    """Después de cada prueba que escribe en la base, las tablas de resumen de los tableros
    coinciden con las de base (`verificar_resumenes`): cada servicio, vista, fábrica o carga de
    la suite las deja al día, en la misma transacción."""
    if not (
        USAN_LA_BASE & set(request.fixturenames) or request.node.get_closest_marker("django_db")
    ):
        yield
        return
    # Antes que la base: así esta revisión corre antes de deshacer lo de la prueba.
    request.getfixturevalue("_django_db_helper")
    yield
    from django.db import connection

    from tableros.diarios import verificar

    if connection.needs_rollback:  # la prueba ya falló a mitad de una transacción
        return
    diferencias = verificar()
    assert not diferencias, "Resúmenes distintos de las tablas de base:\n" + "\n".join(
        diferencias[:20]
    )


@pytest.fixture
def galapa(db):
    return Municipio.objects.get(codigo_dane=GALAPA)


@pytest.fixture
def malambo(db):
    return Municipio.objects.get(codigo_dane=MALAMBO)


@pytest.fixture
def gestor_galapa(galapa):
    return usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="t.gestor.galapa")


@pytest.fixture
def gestor_malambo(malambo):
    return usuario_con_rol(Rol.GESTOR, malambo, perfil__usuario__username="t.gestor.malambo")


@pytest.fixture
def coordinador_malambo(malambo):
    return usuario_con_rol(Rol.COORDINADOR, malambo, usuario__username="t.coord.malambo")


@pytest.fixture
def secretaria_galapa(galapa):
    return usuario_con_rol(Rol.SECRETARIA, galapa, usuario__username="t.secretaria.galapa")


@pytest.fixture
def enlace_galapa(galapa):
    return usuario_con_rol(Rol.ENLACE, galapa, usuario__username="t.enlace.galapa")


@pytest.fixture
def usuario_amb(db):
    return usuario_con_rol(Rol.AMB, None, usuario__username="t.amb")


def _cliente(usuario) -> Client:
    return ingresar(Client(), usuario)


def ingresar(cliente: Client, usuario) -> Client:
    """force_login y, si su cuenta lo pide, el segundo factor ya verificado en la sesión."""
    cliente.force_login(usuario)
    if requiere_segundo_factor(usuario):
        sesion_con_segundo_factor(cliente, usuario)
    return cliente


@pytest.fixture
def cliente_gestor_galapa(gestor_galapa):
    return _cliente(gestor_galapa)


@pytest.fixture
def cliente_gestor_malambo(gestor_malambo):
    return _cliente(gestor_malambo)


@pytest.fixture
def cliente_coordinador_malambo(coordinador_malambo):
    return _cliente(coordinador_malambo)


@pytest.fixture
def cliente_secretaria_galapa(secretaria_galapa):
    return _cliente(secretaria_galapa)


@pytest.fixture
def cliente_amb(usuario_amb):
    return _cliente(usuario_amb)


@pytest.fixture
def clave():
    return CLAVE
