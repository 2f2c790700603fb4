"""El equipo AMB mantiene el currículo en el admin, consulta y exporta actividades y asistencia."""

from django.db import migrations

from auditoria.migraciones import dar_permisos, quitar_permisos

MODELOS_LECTURA = (
    "actividad",
    "asistencia",
    "conteoasistencia",
    "conteoenfoque",
    "asistenciagestor",
    "evidenciaactividad",
)
PERMISOS = {
    "Equipo AMB": [f"{accion}_modulo" for accion in ("view", "add", "change", "delete")]
    + [f"view_{modelo}" for modelo in MODELOS_LECTURA]
    + ["export_actividad", "export_asistencia"]
}


def asignar(apps, schema_editor):
    dar_permisos(apps, "capacitaciones", PERMISOS)


def quitar(apps, schema_editor):
    quitar_permisos(apps, "capacitaciones", PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("capacitaciones", "0002_exportes_e_historia_del_curriculo"),
        ("gestores", "0002_grupos_y_permisos"),
    ]

    operations = [migrations.RunPython(asignar, quitar)]
