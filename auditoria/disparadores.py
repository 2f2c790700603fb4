"""Los disparadores que hacen de solo agregar las tablas de auditoría, asegurados después de
cada `migrate`: en SQLite, cambiar una columna rehace la tabla y se lleva sus disparadores."""

TABLAS = ("auditoria_registroexporte", "auditoria_eventoseguridad")

PG_FUNCION = """
CREATE OR REPLACE FUNCTION auditoria_solo_agregar() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Los registros de auditoría solo se agregan (% rechazado en %).',
        TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def _nombre(tabla: str) -> str:
    return tabla.removeprefix("auditoria_") + "_solo_agregar"


def asegurar(connection):
    """Crea lo que falte (idempotente). PostgreSQL: UPDATE y DELETE; SQLite: UPDATE."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCION)
            for tabla in TABLAS:
                cursor.execute(
                    "SELECT 1 FROM pg_trigger WHERE tgname = %s AND NOT tgisinternal",
                    [_nombre(tabla)],
                )
                if cursor.fetchone() is None:
                    cursor.execute(
                        f"CREATE TRIGGER {_nombre(tabla)} BEFORE UPDATE OR DELETE ON {tabla} "
                        "FOR EACH ROW EXECUTE FUNCTION auditoria_solo_agregar()"
                    )
        elif connection.vendor == "sqlite":
            for tabla in TABLAS:
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {_nombre(tabla)} BEFORE UPDATE ON {tabla} "
                    "BEGIN SELECT RAISE(ABORT, 'Los registros de auditoría solo se agregan.'); END"
                )


def despues_de_migrar(sender, using, **kwargs):
    from django.db import connections

    conexion = connections[using]
    existentes = set(conexion.introspection.table_names())
    if set(TABLAS) <= existentes:
        asegurar(conexion)
