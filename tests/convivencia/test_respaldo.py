"""make backup / make restore: una copia restaurada en una base nueva trae cada caso, cada fila
de la auditoría y cada archivo subido."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from casos.models import Adjunto, Caso
from tests.factories import CasoFactory, ParteFactory

RAIZ = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="las copias con pg_dump son de PostgreSQL; CI corre la suite también allí",
    ),
]


def _conectar(nombre, autocommit=False):
    datos = connection.settings_dict
    conexion = psycopg2.connect(
        dbname=nombre,
        host=datos["HOST"] or None,
        port=datos["PORT"] or None,
        user=datos["USER"] or None,
        password=datos["PASSWORD"] or None,
    )
    conexion.autocommit = autocommit
    return conexion


def _en_postgres(sql):
    # Sin `with conexion`: psycopg2 abriría una transacción y CREATE DATABASE no va en una.
    conexion = _conectar("postgres", autocommit=True)
    try:
        with conexion.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conexion.close()


@pytest.fixture
def base_nueva():
    nombre = f"restaurada_{uuid.uuid4().hex[:10]}"
    _en_postgres(f'CREATE DATABASE "{nombre}"')
    yield nombre
    _en_postgres(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')


def test_una_copia_restaurada_en_una_base_nueva_trae_casos_historia_y_archivos(
    galapa, settings, tmp_path, base_nueva
):
    # El almacén privado de los adjuntos se fija al cargar los modelos (MEDIA_ROOT/privado):
    # la copia toma esa MEDIA_ROOT.
    privado = Path(Adjunto._meta.get_field("archivo").storage.location)
    settings.MEDIA_ROOT = privado.parent
    casos = CasoFactory.create_batch(3, municipio=galapa)
    for caso in casos:
        ParteFactory(caso=caso)
    adjunto = Adjunto.objects.create(
        caso=casos[0],
        archivo=ContentFile(b"%PDF-1.4 acta de la reunion", name="acta.pdf"),
        nombre_original="acta.pdf",
        tipo_contenido="application/pdf",
        tamano=27,
        subido_por=casos[0].gestor,
    )
    historia = Caso.history.count()
    assert historia >= 3

    call_command("respaldar", destino=str(tmp_path / "respaldos"))
    (volcado,) = (tmp_path / "respaldos").glob("*.dump")
    datos = connection.settings_dict
    url = (
        f"postgres://{datos['USER']}@{datos['HOST'] or 'localhost'}:{datos['PORT'] or 5432}"
        f"/{base_nueva}"
    )
    restaurada = subprocess.run(
        [sys.executable, "manage.py", "restaurar", "--respaldo", str(volcado)],
        cwd=RAIZ,
        env={
            **os.environ,
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(tmp_path / "restaurado"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert restaurada.returncode == 0, restaurada.stderr

    conexion = _conectar(base_nueva)
    with conexion.cursor() as cursor:
        cursor.execute("SELECT radicado FROM casos_caso ORDER BY radicado")
        assert [fila[0] for fila in cursor.fetchall()] == sorted(c.radicado for c in casos)
        cursor.execute("SELECT count(*) FROM casos_historicalcaso")
        assert cursor.fetchone()[0] == historia
        cursor.execute("SELECT count(*) FROM casos_parte")
        assert cursor.fetchone()[0] == 3
        cursor.execute("SELECT archivo FROM casos_adjunto")
        (ruta,) = cursor.fetchone()
    conexion.close()
    assert ruta == adjunto.archivo.name
    copia = tmp_path / "restaurado" / "privado" / ruta
    assert copia.read_bytes() == b"%PDF-1.4 acta de la reunion"


def test_respaldar_sin_postgresql_lo_dice(settings):
    from django.core.management.base import CommandError

    from convivencia.management.commands.respaldar import entorno_pg

    with pytest.raises(CommandError, match="son de PostgreSQL"):
        entorno_pg({"ENGINE": "django.db.backends.sqlite3", "NAME": "x"})
