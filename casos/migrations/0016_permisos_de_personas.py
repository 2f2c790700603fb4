"""El equipo AMB publica los avisos de privacidad y lee las autorizaciones, los posibles
duplicados y las fusiones en el admin (se escriben por las pantallas)."""

from django.db import migrations

from auditoria.migraciones import dar_permisos, quitar_permisos

PERMISOS = {
    "Equipo AMB": [
        *(f"{accion}_avisoprivacidad" for accion in ("view", "add", "change")),
        "view_autorizacion",
        "view_posibleduplicado",
        "view_fusionpersonas",
    ]
}


def asignar(apps, schema_editor):
    dar_permisos(apps, "casos", PERMISOS)


def quitar(apps, schema_editor):
    quitar_permisos(apps, "casos", PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("casos", "0015_personas_restricciones"),
        ("gestores", "0002_grupos_y_permisos"),
    ]

    operations = [migrations.RunPython(asignar, quitar)]
