"""La copia de lectura de verdad: un primario y su réplica por streaming (dos clústeres de
PostgreSQL en puertos libres, `tests/servidores_pg.py`), con datos escritos de verdad (sin la
transacción de cada prueba, que la copia no vería).

- Los tableros, el informe y su XLSX, la lista y el exporte del admin leen de la copia; la
  sesión, el usuario, la bitácora del exporte y los eventos van al primario.
- Registrar un caso y su página (que debe mostrar lo que se acaba de escribir) no tocan la copia.
- Con la copia detenida (`pg_wal_replay_pause()`) y un caso nuevo en el primario, el tablero
  muestra las cifras de antes, el corte de la copia y, pasado el umbral, el aviso del retraso.

Solo en PostgreSQL (en SQLite se salta); en CI (root, PostgreSQL 15 de Debian) corre de verdad.
"""

import re
import time
import uuid

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from auditoria.models import RegistroExporte
from casos.models import Caso
from comun.replica import REPLICA
from tests.auditoria.conftest import exportar, url_admin
from tests.casos.test_registro import URL as REGISTRO
from tests.casos.test_registro import _datos
from tests.conftest import GALAPA
from tests.servidores_pg import PrimarioConCopia, exigir_postgres_local, responde

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TABLERO = f"/tableros/{GALAPA}/"


def _lo_que_cuenta(url: str) -> set[str]:
    """Los tableros cuentan en las tablas de resumen (por día y, los meses completos, por mes);
    el admin lista los casos."""
    if url.startswith("/tableros/"):
        return {"tableros_recibidosdeldia", "tableros_recibidosdelmes"}
    return {"casos_caso"}


@pytest.fixture(scope="module")  # se borran al terminar este archivo
def primario_con_copia(django_db_setup, django_db_blocker):
    exigir_postgres_local("La copia de lectura")
    servidores = PrimarioConCopia()
    try:
        with django_db_blocker.unblock():
            servidores.levantar()
        yield servidores
    finally:
        servidores.apagar()


@pytest.fixture
def copia(primario_con_copia, transactional_db):
    """La base de la prueba en el primario propio, y el alias `replica` en su copia (como con
    DATABASE_REPLICA_URL). Al final, todo como estaba."""
    servidores = primario_con_copia
    nombre = f"prueba_{uuid.uuid4().hex[:10]}"
    servidores.base_nueva(nombre)
    principal = connections["default"]
    antes = dict(principal.settings_dict)
    principal.close()
    principal.settings_dict.update(HOST="127.0.0.1", PORT=str(servidores.puerto_primario))
    principal.settings_dict["NAME"] = nombre
    connections.settings[REPLICA] = principal.settings_dict | {"PORT": str(servidores.puerto_copia)}
    # Abierta ya: la prueba no declara `replica` entre sus bases (pytest-django le crearía una
    # base de pruebas y la vaciaría al final, y una copia no se escribe), y Django no deja abrir
    # en una prueba una conexión a una base que ella no declara.
    connections[REPLICA].connect()
    try:
        yield servidores
    finally:
        if responde(servidores.puerto_copia, "SELECT pg_is_wal_replay_paused()"):
            responde(servidores.puerto_copia, "SELECT pg_wal_replay_resume()::text")
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]
        principal.close()
        principal.settings_dict.clear()
        principal.settings_dict.update(antes)
        servidores.borrar_base(nombre)


def _tablas(consultas) -> set[str]:
    return {tabla for q in consultas for tabla in re.findall(r'FROM "(\w+)"', q["sql"])}


def _pedir(cliente, url: str):
    """La respuesta y las tablas que leyó en cada base (el primario y la copia)."""
    with (
        CaptureQueriesContext(connections["default"]) as primario,
        CaptureQueriesContext(connections[REPLICA]) as en_copia,
    ):
        respuesta = cliente.get(url)
    return respuesta, _tablas(primario), _tablas(en_copia)


def _registrar(cliente_gestor) -> Caso:
    respuesta = cliente_gestor.post(REGISTRO, _datos(cliente_gestor))
    assert respuesta.status_code == 302, respuesta.content[:500]
    return Caso.objects.order_by("-pk").first()


def test_los_tableros_y_el_admin_leen_de_la_copia_y_lo_demas_del_primario(
    copia, cliente_gestor_galapa, cliente_secretaria_galapa, cliente_amb
):
    # Registrar un caso y abrir su página: todo en el primario, nada en la copia.
    with CaptureQueriesContext(connections[REPLICA]) as en_copia:
        caso = _registrar(cliente_gestor_galapa)
        assert cliente_gestor_galapa.get(caso.get_absolute_url()).status_code == 200
    assert len(en_copia) == 0
    copia.esperar_al_primario()

    for cliente, url in [
        (cliente_secretaria_galapa, TABLERO),
        (cliente_secretaria_galapa, f"{TABLERO}informe/"),
        (cliente_secretaria_galapa, f"{TABLERO}informe.xlsx"),
        (cliente_amb, "/tableros/metropolitano/"),
        (cliente_amb, url_admin(Caso, "changelist")),
    ]:
        respuesta, del_primario, de_la_copia = _pedir(cliente, url)
        assert respuesta.status_code == 200, url
        assert _lo_que_cuenta(url) & de_la_copia, url
        # Del primario, solo la sesión, el usuario y su perfil (los lee el middleware).
        assert not _lo_que_cuenta(url) & del_primario, url
        assert "django_session" in del_primario, url
    tablero = cliente_secretaria_galapa.get(TABLERO)
    assert tablero.context["c"]["recibidos"] == 1
    assert tablero.context["copia"] is not None
    assert not tablero.context["copia"].atrasada

    # El exporte lee de la copia y su bitácora y su evento se escriben en el primario.
    with (
        CaptureQueriesContext(connections["default"]) as primario,
        CaptureQueriesContext(connections[REPLICA]) as en_copia,
    ):
        filas = exportar(cliente_amb, Caso)
    assert [fila[0] for fila in filas[1:]] == [caso.radicado]
    assert "casos_caso" in _tablas(en_copia)
    escrito = " ".join(q["sql"] for q in primario)
    assert 'INSERT INTO "auditoria_registroexporte"' in escrito
    assert 'INSERT INTO "auditoria_eventoseguridad"' in escrito
    assert not any(q["sql"].startswith("INSERT") for q in en_copia)
    assert RegistroExporte.objects.count() == 1


def test_con_la_copia_detenida_el_tablero_dice_su_corte_y_su_retraso(
    copia, settings, cliente_gestor_galapa, cliente_secretaria_galapa, cliente_amb
):
    _registrar(cliente_gestor_galapa)
    copia.esperar_al_primario()
    responde(copia.puerto_copia, "SELECT pg_wal_replay_pause()::text")
    while responde(copia.puerto_copia, "SELECT pg_get_wal_replay_pause_state()") != "paused":
        time.sleep(0.1)

    antes_de_escribir = timezone.now()
    nuevo = _registrar(cliente_gestor_galapa)
    # El caso nuevo está en el primario y su página lo muestra (no lee de la copia)...
    pagina = cliente_gestor_galapa.get(nuevo.get_absolute_url())
    assert pagina.status_code == 200
    assert nuevo.radicado in pagina.content.decode()
    # ...y ya llegó a la copia, que no lo ha repetido.
    copia.esperar_al_primario(recibido=True)
    time.sleep(1.1)  # más de un segundo atrás

    settings.REPLICA_RETRASO_AVISO_SEGUNDOS = 3600
    respuesta = cliente_secretaria_galapa.get(TABLERO)
    assert respuesta.context["c"]["recibidos"] == 1  # las cifras de antes del caso nuevo
    corte = respuesta.context["corte"]
    assert corte < antes_de_escribir  # el corte de la copia, no la hora de la página
    html = respuesta.content.decode()
    assert f"Cifras con corte a las {timezone.localtime(corte):%H:%M}." in html
    assert "La copia de lectura" not in html  # por debajo del umbral, sin aviso

    settings.REPLICA_RETRASO_AVISO_SEGUNDOS = 1
    for url in (TABLERO, f"{TABLERO}informe/"):
        html = cliente_secretaria_galapa.get(url).content.decode()
        assert "La copia de lectura de la base va" in html, url
        assert "puede faltarles lo registrado después" in html, url
    metropolitano = cliente_amb.get("/tableros/metropolitano/").content.decode()
    assert "La copia de lectura de la base va" in metropolitano
    # La lista y el exporte del admin tampoco lo traen todavía.
    lista = cliente_amb.get(url_admin(Caso, "changelist")).content.decode()
    assert nuevo.radicado not in lista
    assert nuevo.radicado not in {fila[0] for fila in exportar(cliente_amb, Caso)}

    responde(copia.puerto_copia, "SELECT pg_wal_replay_resume()::text")
    copia.esperar_al_primario()
    settings.REPLICA_RETRASO_AVISO_SEGUNDOS = 30
    al_dia = cliente_secretaria_galapa.get(TABLERO)
    assert al_dia.context["c"]["recibidos"] == 2
    assert al_dia.context["corte"] >= antes_de_escribir
    assert "La copia de lectura" not in al_dia.content.decode()
    assert nuevo.radicado in cliente_amb.get(url_admin(Caso, "changelist")).content.decode()
