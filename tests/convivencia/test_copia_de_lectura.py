"""El enrutador de la copia de lectura (`comun/replica.py`) y su configuración, en SQLite y en
PostgreSQL: aquí la «copia» es otra conexión a la misma base de pruebas, así que se ve qué
conexión usa cada lectura sin levantar una réplica (la de verdad: `test_replica_postgres.py`).
"""

import datetime
import io
import logging
import re

import pytest
from django.db import DatabaseError, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from auditoria.models import RegistroExporte
from casos.models import Caso
from comun import replica
from comun.replica import REPLICA, EnrutadorDeReplica, EstadoDeLaCopia, lee_de_la_replica
from tests import factories as f
from tests.auditoria.conftest import exportar, url_admin
from tests.conftest import GALAPA, MALAMBO
from tests.convivencia.test_salud_y_ajustes import _python

TABLERO = f"/tableros/{GALAPA}/"


def _lo_que_cuenta(url: str) -> set[str]:
    """Los tableros cuentan en las tablas de resumen (por día y, los meses completos, por mes);
    el admin lista los casos."""
    if url.startswith("/tableros/"):
        return {"tableros_recibidosdeldia", "tableros_recibidosdelmes"}
    return {"casos_caso"}


def _tablas(consultas) -> set[str]:
    return {tabla for q in consultas for tabla in re.findall(r'FROM "(\w+)"', q["sql"])}


# --- La configuración ---------------------------------------------------------------------------

AJUSTES = (
    "import django; django.setup(); from django.conf import settings as s;"
    "r = s.DATABASES.get('replica'); d = s.DATABASES['default'];"
    "print(r and (r['HOST'], r['PORT'], r['NAME'], r['OPTIONS'], r['TEST']));"
    "print(d.get('OPTIONS'), s.DATABASE_ROUTERS, s.REPLICA_RETRASO_AVISO_SEGUNDOS,"
    " d.get('DISABLE_SERVER_SIDE_CURSORS'))"
)


def test_database_replica_url_agrega_la_copia_con_los_ajustes_de_la_principal():
    resultado = _python(
        AJUSTES,
        DEBUG="1",
        DATABASE_URL="postgres://app@primario:5432/convivencia",
        DATABASE_REPLICA_URL="postgres://app@copia:5433/convivencia",
        REPLICA_RETRASO_AVISO_SEGUNDOS="45",
    )

    assert resultado.returncode == 0, resultado.stderr
    copia, principal = resultado.stdout.splitlines()
    assert copia.startswith(
        "('copia', 5433, 'convivencia', {'options': '-c jit=off'}, {'MIRROR': 'default'"
    )
    assert principal == "{'options': '-c jit=off'} ['comun.replica.EnrutadorDeReplica'] 45 False"


def test_sin_database_replica_url_no_hay_copia(settings):
    # Las pruebas corren sin DATABASE_REPLICA_URL: la suite no usa una copia.
    assert "replica" not in settings.DATABASES
    assert settings.DATABASE_ROUTERS == ["comun.replica.EnrutadorDeReplica"]


def test_detras_de_pgbouncer_no_se_envian_opciones_al_conectar():
    resultado = _python(
        AJUSTES,
        DEBUG="1",
        DATABASE_URL="postgres://app@pgbouncer:6432/convivencia",
        DATABASE_REPLICA_URL="postgres://app@pgbouncer:6432/convivencia_copia",
        DATABASE_POOLER="pgbouncer",
    )

    assert resultado.returncode == 0, resultado.stderr
    copia, principal = resultado.stdout.splitlines()
    assert "{}" in copia  # sin `options`
    assert principal.startswith("{} ")
    assert principal.endswith(" True")  # DISABLE_SERVER_SIDE_CURSORS


def test_un_pooler_desconocido_no_arranca():
    resultado = _python(AJUSTES, DEBUG="1", DATABASE_POOLER="pgpool")

    assert resultado.returncode != 0
    assert "DATABASE_POOLER='pgpool'" in resultado.stderr


# --- El enrutador, sin copia ------------------------------------------------------------------


def test_el_enrutador_escribe_y_migra_solo_en_la_principal():
    enrutador = EnrutadorDeReplica()

    assert enrutador.db_for_write(Caso) == "default"
    assert enrutador.allow_migrate("default", "casos") is True
    assert enrutador.allow_migrate(REPLICA, "casos") is False
    assert enrutador.allow_relation(Caso(), Caso()) is True


@pytest.mark.django_db
def test_sin_copia_la_vista_marcada_lee_de_la_principal():
    visto = {}

    @lee_de_la_replica
    def vista(request):
        visto["base"] = Caso.objects.all().db
        visto["ahora"] = replica.lee_de_la_replica_ahora()
        return HttpResponse()

    vista(RequestFactory().get("/"))

    assert visto == {"base": "default", "ahora": False}
    assert replica.estado_de_la_copia() is None


def test_el_retraso_en_palabras():
    corte = timezone.now()

    def estado(**tiempo):
        return EstadoDeLaCopia(corte=corte, retraso=datetime.timedelta(**tiempo))

    assert estado(seconds=45).retraso_en_palabras == "45 segundos"
    assert estado(seconds=1).retraso_en_palabras == "1 segundo"
    assert estado(minutes=3, seconds=10).retraso_en_palabras == "3 minutos"
    assert estado(hours=1).retraso_en_palabras == "1 hora"
    assert estado(hours=2, minutes=1).retraso_en_palabras == "2 horas y 1 minuto"


def test_el_aviso_llega_pasado_el_umbral(settings):
    settings.REPLICA_RETRASO_AVISO_SEGUNDOS = 30
    corte = timezone.now()

    assert not EstadoDeLaCopia(corte, datetime.timedelta(seconds=30)).atrasada
    assert EstadoDeLaCopia(corte, datetime.timedelta(seconds=31)).atrasada


@pytest.mark.django_db
def test_el_tablero_y_el_informe_dicen_el_retraso_de_la_copia(
    monkeypatch, cliente_secretaria_galapa
):
    corte = datetime.datetime(2026, 12, 1, 19, 40, tzinfo=timezone.get_default_timezone())
    estado = EstadoDeLaCopia(corte=corte, retraso=datetime.timedelta(minutes=3))
    monkeypatch.setattr("tableros.views.estado_de_la_copia", lambda: estado)
    monkeypatch.setattr("tableros.indicadores.corte_de_lectura", lambda: corte)

    for url in (TABLERO, f"{TABLERO}informe/"):
        html = cliente_secretaria_galapa.get(url).content.decode()
        assert (
            "La copia de lectura de la base va 3 minutos atrás. Cifras con corte al 1 de "
            "diciembre de 2026, 19:40: puede faltarles lo registrado después."
        ) in html, url
    assert (
        "Cifras con corte a las 19:40." in cliente_secretaria_galapa.get(TABLERO).content.decode()
    )


# --- Con una «copia» (otra conexión a la misma base) ------------------------------------------


@pytest.fixture
def copia(transactional_db):
    """El alias `replica`, abierto en la misma base de pruebas (ver test_replica_postgres.py
    por qué se abre aquí)."""
    connections.settings[REPLICA] = dict(connections["default"].settings_dict)
    connections[REPLICA].connect()
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


def _pedir(cliente, metodo, url, datos=None, **extra):
    with (
        CaptureQueriesContext(connections["default"]) as principal,
        CaptureQueriesContext(connections[REPLICA]) as en_copia,
    ):
        respuesta = getattr(cliente, metodo)(url, datos or {}, **extra)
        contenido = (
            b"".join(respuesta.streaming_content) if respuesta.streaming else respuesta.content
        )
    return respuesta, contenido, _tablas(principal), en_copia


pytestmark_copia = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytestmark_copia
def test_las_vistas_marcadas_leen_de_la_copia(
    copia, galapa, cliente_secretaria_galapa, cliente_amb
):
    f.CasoFactory(municipio=galapa)
    for cliente, url in [
        (cliente_secretaria_galapa, TABLERO),
        (cliente_secretaria_galapa, f"{TABLERO}informe/"),
        (cliente_secretaria_galapa, f"{TABLERO}informe.xlsx"),
        (cliente_amb, "/tableros/metropolitano/"),
        (cliente_amb, url_admin(Caso, "changelist")),
    ]:
        respuesta, _contenido, de_la_principal, en_copia = _pedir(cliente, "get", url)
        assert respuesta.status_code == 200, url
        assert _lo_que_cuenta(url) & _tablas(en_copia), url
        assert not _lo_que_cuenta(url) & de_la_principal, url
        # La sesión y el usuario, de la principal aunque la vista lea de la copia.
        assert {"django_session", "auth_user"} <= de_la_principal, url
        assert "django_session" not in _tablas(en_copia), url


@pytestmark_copia
def test_el_exporte_lee_de_la_copia_y_escribe_su_bitacora_en_la_principal(copia, cliente_amb):
    caso = f.CasoFactory()
    with (
        CaptureQueriesContext(connections["default"]) as principal,
        CaptureQueriesContext(connections[REPLICA]) as en_copia,
    ):
        filas = exportar(cliente_amb, Caso)

    assert [fila[0] for fila in filas[1:]] == [caso.radicado]
    assert "casos_caso" in _tablas(en_copia)
    assert not any(q["sql"].startswith("INSERT") for q in en_copia)
    insertado = " ".join(q["sql"] for q in principal if q["sql"].startswith("INSERT"))
    assert '"auditoria_registroexporte"' in insertado
    assert '"auditoria_eventoseguridad"' in insertado
    assert RegistroExporte.objects.get().filas == 1


@pytestmark_copia
def test_las_demas_paginas_y_los_envios_leen_de_la_principal(
    copia, galapa, gestor_galapa, cliente_gestor_galapa, cliente_amb
):
    caso = f.CasoFactory(municipio=galapa, gestor=gestor_galapa)
    for cliente, url in [
        (cliente_gestor_galapa, "/casos/"),
        (cliente_gestor_galapa, caso.get_absolute_url()),
        (cliente_amb, "/admin/"),
    ]:
        respuesta, _c, _p, en_copia = _pedir(cliente, "get", url)
        assert respuesta.status_code == 200, url
        assert len(en_copia) == 0, url

    # Un envío a la lista del admin (acciones, edición en la lista) lee de la principal, y la
    # lista que vuelve con su aviso también: debe mostrar lo que se acaba de hacer.
    lista = url_admin(Caso, "changelist")
    respuesta, _c, _p, en_copia = _pedir(cliente_amb, "post", lista, {"action": "", "index": 0})
    assert respuesta.status_code == 302
    assert len(en_copia) == 0
    respuesta, _c, _p, en_copia = _pedir(cliente_amb, "get", lista)
    assert respuesta.status_code == 200
    assert len(en_copia) == 0
    # Ya leído el aviso, la lista vuelve a la copia.
    respuesta, _c, _p, en_copia = _pedir(cliente_amb, "get", lista)
    assert "casos_caso" in _tablas(en_copia)


@pytestmark_copia
def test_dentro_de_una_transaccion_de_la_principal_lee_de_la_principal(copia):
    bases = []

    @lee_de_la_replica
    def vista(request):
        bases.append(Caso.objects.all().db)
        with transaction.atomic():
            bases.append(Caso.objects.all().db)
        return HttpResponse()

    vista(RequestFactory().get("/"))

    assert bases == [REPLICA, "default"]


@pytestmark_copia
def test_si_la_copia_no_responde_se_lee_de_la_principal(
    copia, monkeypatch, caplog, cliente_secretaria_galapa
):
    def no_responde():
        raise DatabaseError("could not connect to server: Connection refused")

    monkeypatch.setattr(copia, "ensure_connection", no_responde)
    with (
        caplog.at_level(logging.WARNING, logger="comun.replica"),
        CaptureQueriesContext(connections["default"]) as principal,
    ):
        respuesta = cliente_secretaria_galapa.get(TABLERO)

    assert respuesta.status_code == 200
    assert "tableros_recibidosdeldia" in _tablas(principal)
    assert "La copia de lectura no responde" in caplog.text


@pytestmark_copia
def test_la_copia_no_cambia_quien_ve_que(
    copia, cliente_gestor_galapa, cliente_secretaria_galapa, cliente_amb
):
    assert cliente_gestor_galapa.get(TABLERO).status_code == 403
    assert cliente_secretaria_galapa.get(f"/tableros/{MALAMBO}/").status_code == 404
    assert cliente_secretaria_galapa.get("/tableros/metropolitano/").status_code == 403
    assert cliente_gestor_galapa.get(url_admin(Caso, "changelist")).status_code == 302
    assert cliente_amb.get(url_admin(Caso, "changelist")).status_code == 200


@pytestmark_copia
def test_calentar_tableros_lee_de_la_copia(copia, galapa, settings):
    from django.core.cache import cache
    from django.core.management import call_command

    settings.TABLEROS_CACHE_SEGUNDOS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    f.CasoFactory(municipio=galapa)
    with (
        CaptureQueriesContext(connections["default"]) as principal,
        CaptureQueriesContext(connections[REPLICA]) as en_copia,
    ):
        call_command("calentar_tableros", stdout=io.StringIO())
    cache.clear()

    assert "tableros_recibidosdeldia" in _tablas(en_copia)
    assert "tableros_recibidosdeldia" not in _tablas(principal)


@pytestmark_copia
def test_la_cache_en_la_base_y_la_sesion_se_leen_del_primario(copia):
    """CACHE_TABLA: lo que otro proceso acaba de guardar aún no estaría en la copia."""
    from django.contrib.sessions.models import Session
    from django.core.cache.backends.db import DatabaseCache
    from django.db import router

    cache_en_la_base = DatabaseCache("convivencia_cache", {}).cache_model_class
    with replica.leyendo_de_la_replica():
        assert router.db_for_read(Caso) == REPLICA
        assert router.db_for_read(cache_en_la_base) == "default"
        assert router.db_for_read(Session) == "default"
        assert router.db_for_write(Caso) == "default"
    assert router.db_for_read(Caso) == "default"
