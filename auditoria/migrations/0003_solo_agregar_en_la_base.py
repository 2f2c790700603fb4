"""La bitácora de exportes no se modifica ni se borra, tampoco desde SQL.

PostgreSQL: un disparador rechaza UPDATE y DELETE fila a fila (TRUNCATE, que usa el vaciado de
las pruebas, no pasa por él y exige ser dueño de la tabla). SQLite: se rechaza UPDATE (el vaciado
de las pruebas borra con DELETE).
"""

from django.db import migrations

PG_CREAR = """
CREATE OR REPLACE FUNCTION auditoria_solo_agregar() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Los registros de auditoría solo se agregan (% rechazado en %).',
        TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER registroexporte_solo_agregar
    BEFORE UPDATE OR DELETE ON auditoria_registroexporte
    FOR EACH ROW EXECUTE FUNCTION auditoria_solo_agregar();
"""
PG_BORRAR = """
DROP TRIGGER IF EXISTS registroexporte_solo_agregar ON auditoria_registroexporte;
DROP FUNCTION IF EXISTS auditoria_solo_agregar();
"""
SQLITE_CREAR = """
CREATE TRIGGER registroexporte_solo_agregar BEFORE UPDATE ON auditoria_registroexporte
BEGIN SELECT RAISE(ABORT, 'Los registros de auditoría solo se agregan.'); END;
"""
SQLITE_BORRAR = "DROP TRIGGER IF EXISTS registroexporte_solo_agregar;"


def crear(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_CREAR, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_CREAR)


def borrar(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BORRAR, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BORRAR)


class Migration(migrations.Migration):
    dependencies = [("auditoria", "0002_permisos")]

    operations = [migrations.RunPython(crear, borrar)]
