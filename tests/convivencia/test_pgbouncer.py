"""Detrás de PgBouncer en modo transacción, con los ajustes del README
(`DATABASE_POOLER=pgbouncer`): un PgBouncer de verdad (`tests/servidores_pg.py`) delante del
PostgreSQL de las pruebas, con menos conexiones al servidor que clientes, y peticiones de verdad
a través de Django.

- Sin `DATABASE_POOLER`, Django manda `options=-c jit=off` al conectar y PgBouncer lo rechaza.
- Con cursores del servidor (sin `DISABLE_SERVER_SIDE_CURSORS`), el registro de casos a la vez
  fallaba: las listas de opciones de los formularios usan iterator().
- Seis gestores registran a la vez (el servicio toma el consecutivo con `select_for_update` en su
  transacción): radicados 1 a 6, sin huecos.
- El tablero, la lista y el exporte del admin responden. El exporte sigue recorriendo un cursor
  del servidor (memoria constante), dentro de una transacción, que PgBouncer no parte; un
  `iterator()` con cursor del servidor fuera de una transacción sí se parte: otro cliente toma
  la conexión del servidor entre dos lotes y el cursor ya «no existe».

Solo en PostgreSQL (en SQLite se salta); `.ci/run` instala pgbouncer, y en CI corre de verdad.
"""

import psycopg2
import pytest
from django.db import DatabaseError, connections
from django.test import Client

from auditoria import exportes
from casos.models import Caso, ConsecutivoRadicado
from convivencia.settings import base_de_datos
from tests import factories as f
from tests.auditoria.conftest import exportar, url_admin
from tests.casos.test_radicado import _en_paralelo
from tests.casos.test_registro import URL as REGISTRO
from tests.casos.test_registro import _datos
from tests.conftest import GALAPA, ingresar
from tests.servidores_pg import Pgbouncer, conectar, consultar, exigir_postgres_local

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SERVIDORES = 2  # conexiones de PgBouncer al servidor: menos que los clientes de las pruebas


@pytest.fixture(scope="module")
def pgbouncer(django_db_setup, django_db_blocker):
    exigir_postgres_local("PgBouncer")
    with django_db_blocker.unblock():
        servidor = Pgbouncer(servidores=SERVIDORES)
        try:
            yield servidor.levantar()
        finally:
            servidor.apagar()


@pytest.fixture
def por_pgbouncer(pgbouncer, transactional_db):
    """La conexión principal de Django pasa por PgBouncer, con los ajustes que `settings.py` arma
    para `DATABASE_POOLER=pgbouncer` a partir de su URL."""
    principal = connections["default"]
    antes = dict(principal.settings_dict)
    datos = principal.settings_dict
    url = f"postgres://{datos['USER'] or 'postgres'}@127.0.0.1:{pgbouncer.puerto}/{datos['NAME']}"
    ajustes = base_de_datos(url, pooler="pgbouncer")
    principal.close()
    try:
        principal.settings_dict.update(ajustes, OPTIONS=ajustes.get("OPTIONS", {}))
        principal.settings_dict["TEST"] = antes["TEST"]
        yield pgbouncer
    finally:
        principal.close()
        principal.settings_dict.clear()
        principal.settings_dict.update(antes)


def _otro_cliente(pgbouncer):
    return conectar(pgbouncer.puerto)


def test_sin_database_pooler_pgbouncer_rechaza_la_conexion(pgbouncer, transactional_db):
    datos = base_de_datos("postgres://postgres@127.0.0.1:5432/convivencia")
    assert datos["OPTIONS"] == {"options": "-c jit=off"}
    assert "OPTIONS" not in base_de_datos("postgres://a@b/c", pooler="pgbouncer")

    with pytest.raises(psycopg2.OperationalError, match="unsupported startup parameter: options"):
        conectar(pgbouncer.puerto, options=datos["OPTIONS"]["options"])


def test_seis_gestores_registran_a_la_vez_por_pgbouncer(por_pgbouncer, galapa, gestor_galapa):
    clientes = [ingresar(Client(), gestor_galapa) for _ in range(6)]

    def registrar(i):
        cliente = clientes[i]
        datos = _datos(cliente, **{"partes-0-numero_documento": str(40_000_000 + i)})
        respuesta = cliente.post(REGISTRO, datos)
        assert respuesta.status_code == 302, respuesta.content[:300]
        return respuesta.url

    destinos = _en_paralelo(6, registrar)

    assert len(set(destinos)) == 6
    consecutivos = sorted(Caso.objects.values_list("consecutivo", flat=True))
    assert consecutivos == [1, 2, 3, 4, 5, 6]
    assert ConsecutivoRadicado.objects.get(municipio=galapa).ultimo == 6
    assert connections["default"].settings_dict["PORT"] == por_pgbouncer.puerto


def test_tablero_lista_y_exporte_por_pgbouncer(
    por_pgbouncer, galapa, cliente_secretaria_galapa, cliente_amb
):
    casos = [f.CasoFactory(municipio=galapa) for _ in range(3)]

    tablero = cliente_secretaria_galapa.get(f"/tableros/{GALAPA}/")
    assert tablero.status_code == 200
    assert tablero.context["c"]["recibidos"] == 3
    assert cliente_amb.get(url_admin(Caso, "changelist")).status_code == 200
    filas = exportar(cliente_amb, Caso)
    assert sorted(fila[0] for fila in filas[1:]) == sorted(c.radicado for c in casos)


def test_el_exporte_no_pierde_su_cursor_aunque_otro_cliente_tome_el_servidor(
    por_pgbouncer, monkeypatch
):
    """Lote a lote (de a una fila), con otro cliente que abre una transacción entre el primer
    lote y los demás: PgBouncer le da la conexión del servidor que quedó libre."""
    radicados = sorted(f.CasoFactory().radicado for _ in range(4))
    consulta = Caso.objects.order_by("radicado")
    principal = connections["default"]
    assert principal.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] is True
    otro = _otro_cliente(por_pgbouncer)

    # Lo que evita DISABLE_SERVER_SIDE_CURSORS: con cursores del servidor, el de un iterator()
    # fuera de una transacción se declara en una conexión del servidor y el siguiente lote va
    # a otra, donde «no existe».
    monkeypatch.setitem(principal.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", False)
    suelto = consulta.iterator(chunk_size=1)
    assert next(suelto).radicado == radicados[0]
    consultar(otro, "BEGIN")
    consultar(otro, "SELECT 1")
    # (Lo dice el FETCH y, al cerrarlo, el CLOSE: sale el error de psycopg2 sin envolver.)
    no_existe = r'cursor "_django_curs_\w+" does not exist'
    with pytest.raises((DatabaseError, psycopg2.Error), match=no_existe):
        next(suelto)
    consultar(otro, "ROLLBACK")
    principal.close()
    monkeypatch.undo()

    # El exporte pide su cursor del servidor aunque estén apagados, dentro de una transacción:
    # la conexión del servidor es suya hasta el final y el otro cliente recibe otra.
    monkeypatch.setattr(exportes, "FILAS_POR_BLOQUE", 1)
    recorrido = exportes.Exporte.recorrer(None, consulta)  # no usa nada del exporte
    leidos = [next(recorrido).radicado]
    with principal.cursor() as cursor:  # en la misma transacción
        cursor.execute("SELECT name FROM pg_cursors")
        assert [nombre for (nombre,) in cursor.fetchall() if "_django_curs_" in nombre]
    consultar(otro, "BEGIN")
    consultar(otro, "SELECT 1")
    leidos += [caso.radicado for caso in recorrido]
    consultar(otro, "ROLLBACK")
    otro.close()

    assert leidos == radicados
