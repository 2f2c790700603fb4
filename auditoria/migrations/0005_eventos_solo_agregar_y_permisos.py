"""Los eventos de seguridad, como la bitácora de exportes: solo se agregan (disparador en la
base) y el equipo AMB los lee en el admin."""

from django.db import migrations

from auditoria.migraciones import dar_permisos, quitar_permisos

PG_CREAR = """
CREATE TRIGGER eventoseguridad_solo_agregar
    BEFORE UPDATE OR DELETE ON auditoria_eventoseguridad
    FOR EACH ROW EXECUTE FUNCTION auditoria_solo_agregar();
"""
SQLITE_CREAR = """
CREATE TRIGGER eventoseguridad_solo_agregar BEFORE UPDATE ON auditoria_eventoseguridad
BEGIN SELECT RAISE(ABORT, 'Los registros de auditoría solo se agregan.'); END;
"""
BORRAR = {
    "postgresql": "DROP TRIGGER IF EXISTS eventoseguridad_solo_agregar ON auditoria_eventoseguridad",
    "sqlite": "DROP TRIGGER IF EXISTS eventoseguridad_solo_agregar",
}
PERMISOS = {"Equipo AMB": ["view_eventoseguridad"]}


def crear(apps, schema_editor):
    sql = {"postgresql": PG_CREAR, "sqlite": SQLITE_CREAR}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql, params=None)
    dar_permisos(apps, "auditoria", PERMISOS)


def borrar(apps, schema_editor):
    sql = BORRAR.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql, params=None)
    quitar_permisos(apps, "auditoria", PERMISOS)


class Migration(migrations.Migration):
    dependencies = [("auditoria", "0004_eventos_de_seguridad")]

    operations = [migrations.RunPython(crear, borrar)]
