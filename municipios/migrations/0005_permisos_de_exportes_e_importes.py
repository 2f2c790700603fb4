"""El equipo AMB exporta el directorio e importa sus datos de referencia."""

from django.db import migrations

from auditoria.migraciones import dar_permisos, quitar_permisos

PERMISOS = {
    "Equipo AMB": ["export_municipio"]
    + [
        f"{accion}_{modelo}"
        for modelo in ("sector", "entidad", "contacto", "organizacioncomunitaria")
        for accion in ("import", "export")
    ]
}


def asignar(apps, schema_editor):
    dar_permisos(apps, "municipios", PERMISOS)


def quitar(apps, schema_editor):
    quitar_permisos(apps, "municipios", PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("municipios", "0004_exportes_importes_e_historia"),
        ("gestores", "0002_grupos_y_permisos"),
    ]

    operations = [migrations.RunPython(asignar, quitar)]
