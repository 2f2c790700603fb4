"""Permisos de los modelos de casos para los grupos de cada rol (ver gestores/0002)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CASOS = ("caso", "persona", "parte", "actuacion", "remision", "acuerdo", "compromiso", "adjunto")
TRABAJO = ("view", "add", "change")

PERMISOS = {
    "Gestor de convivencia": [(m, a) for m in CASOS for a in TRABAJO] + [("tipoconflicto", "view")],
    "Coordinador municipal": [(m, a) for m in CASOS for a in TRABAJO] + [("tipoconflicto", "view")],
    "Secretaría de Gobierno": [(m, "view") for m in (*CASOS, "tipoconflicto")],
    "Equipo AMB": [(m, "view") for m in CASOS]
    + [("tipoconflicto", a) for a in ("view", "add", "change", "delete")],
}


def asignar(apps, schema_editor):
    app_config = apps.get_app_config("casos")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for nombre, permisos in PERMISOS.items():
        grupo = Group.objects.get(name=nombre)
        for modelo, accion in permisos:
            grupo.permissions.add(
                Permission.objects.get(
                    content_type__app_label="casos", codename=f"{accion}_{modelo}"
                )
            )


def quitar(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for grupo in apps.get_model("auth", "Group").objects.filter(name__in=PERMISOS):
        grupo.permissions.remove(*Permission.objects.filter(content_type__app_label="casos"))


class Migration(migrations.Migration):
    dependencies = [
        ("casos", "0002_tipos_de_conflicto"),
        ("gestores", "0002_grupos_y_permisos"),
    ]

    operations = [migrations.RunPython(asignar, quitar)]
