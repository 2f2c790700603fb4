"""El equipo AMB lee en el admin los documentos de la mediación y sus firmados (se emiten por
las pantallas)."""

from django.db import migrations

from auditoria.migraciones import dar_permisos, quitar_permisos

PERMISOS = {"Equipo AMB": ["view_documentomediacion", "view_documentofirmado"]}


def asignar(apps, schema_editor):
    dar_permisos(apps, "mediacion", PERMISOS)


def quitar(apps, schema_editor):
    quitar_permisos(apps, "mediacion", PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("mediacion", "0002_sesion_cancelada"),
        ("gestores", "0002_grupos_y_permisos"),
    ]

    operations = [migrations.RunPython(asignar, quitar)]
