"""El equipo AMB consulta las solicitudes de habeas data en el admin."""

from django.db import migrations

from auditoria.migraciones import dar_permisos, quitar_permisos

PERMISOS = {"Equipo AMB": ["view_solicitudhabeasdata"]}


def asignar(apps, schema_editor):
    dar_permisos(apps, "habeas", PERMISOS)


def quitar(apps, schema_editor):
    quitar_permisos(apps, "habeas", PERMISOS)


class Migration(migrations.Migration):
    dependencies = [("habeas", "0001_solicitudes"), ("gestores", "0002_grupos_y_permisos")]

    operations = [migrations.RunPython(asignar, quitar)]
