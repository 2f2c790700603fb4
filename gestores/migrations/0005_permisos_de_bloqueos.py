"""El equipo AMB ve los bloqueos de ingreso (django-axes) y desbloquea borrándolos."""

from django.db import migrations

from auditoria.migraciones import dar_permisos, quitar_permisos

PERMISOS = {"Equipo AMB": ["view_accessattempt", "delete_accessattempt"]}


def asignar(apps, schema_editor):
    dar_permisos(apps, "axes", PERMISOS)


def quitar(apps, schema_editor):
    quitar_permisos(apps, "axes", PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("gestores", "0004_entidad_del_enlace"),
        ("axes", "0010_accessattemptexpiration"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(asignar, quitar)]
