"""El equipo AMB ve los segundos factores (sin su clave) y borra el de quien perdió el teléfono."""

from django.db import migrations

from auditoria.migraciones import dar_permisos, quitar_permisos

PERMISOS = {"Equipo AMB": ["view_totpdevice", "delete_totpdevice"]}


def asignar(apps, schema_editor):
    dar_permisos(apps, "otp_totp", PERMISOS)


def quitar(apps, schema_editor):
    quitar_permisos(apps, "otp_totp", PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("gestores", "0005_permisos_de_bloqueos"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(asignar, quitar)]
