"""El equipo AMB lee la bitácora de exportes. Exportar datos personales es un permiso aparte,
en su propio grupo, que un superusuario da a quien lo necesite (nadie lo tiene de entrada)."""

from django.db import migrations

from auditoria.migraciones import dar_permisos, quitar_permisos

PERMISOS = {
    "Equipo AMB": ["view_registroexporte"],
    "Exporte de datos personales": ["exportar_datos_personales"],
}


def asignar(apps, schema_editor):
    dar_permisos(apps, "auditoria", {"Equipo AMB": PERMISOS["Equipo AMB"]})
    dar_permisos(
        apps,
        "auditoria",
        {"Exporte de datos personales": PERMISOS["Exporte de datos personales"]},
        crear_grupos=True,
    )


def quitar(apps, schema_editor):
    quitar_permisos(apps, "auditoria", PERMISOS)
    apps.get_model("auth", "Group").objects.filter(name="Exporte de datos personales").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auditoria", "0001_bitacora_de_exportes"),
        ("gestores", "0002_grupos_y_permisos"),
    ]

    operations = [migrations.RunPython(asignar, quitar)]
