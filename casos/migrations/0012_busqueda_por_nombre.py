"""Búsqueda por nombre sin tildes ni mayúsculas (casos/busqueda.py).

En PostgreSQL: las extensiones pg_trgm y unaccent (el usuario de la base necesita poder
crearlas, o que ya existan: ver README, «Despliegue»), la función inmutable
convivencia_normalizar (unaccent no lo es, así que no se puede indexar directamente) y el índice
GIN de trigramas sobre la misma expresión que escribe `NombreNormalizado`. En SQLite no hay nada
que crear: la función se registra en cada conexión (`CasosConfig.ready`).
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

FUNCION = """
CREATE OR REPLACE FUNCTION convivencia_normalizar(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""
# Igual, carácter por carácter, a casos.busqueda.EXPRESION_INDICE (una prueba lo comprueba).
INDICE = """
CREATE INDEX persona_nombre_trgm_idx ON casos_persona
USING gin (convivencia_normalizar(nombres || ' ' || apellidos) gin_trgm_ops)
"""


def crear(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCION)
        schema_editor.execute(INDICE)
        # Las estadísticas de la expresión del índice: sin ellas el planificador cree que todo
        # nombre es raro y, con uno común, lee cada persona que lo lleva (segundos).
        schema_editor.execute("ANALYZE casos_persona")


def borrar(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS persona_nombre_trgm_idx")
        schema_editor.execute("DROP FUNCTION IF EXISTS convivencia_normalizar(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("casos", "0011_indices_del_admin"),
    ]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(crear, borrar, elidable=False),
    ]
