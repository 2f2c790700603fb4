"""Un grupo de Django por rol, con sus permisos. Las migraciones que crean modelos nuevos
añaden los permisos de esos modelos a los grupos que corresponda."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DIRECTORIO = ("municipio", "sector", "entidad", "contacto", "organizacioncomunitaria")
VER = ("view",)
TODO = ("view", "add", "change", "delete")


def _p(app, modelos, acciones):
    return [(app, f"{accion}_{modelo}") for modelo in modelos for accion in acciones]


PERMISOS = {
    "Gestor de convivencia": _p("municipios", DIRECTORIO, VER),
    "Coordinador municipal": _p("municipios", DIRECTORIO, VER)
    + _p("municipios", ("sector", "contacto", "organizacioncomunitaria"), ("add", "change"))
    + _p("gestores", ("perfil", "gestor"), VER)
    + _p("gestores", ("gestor",), ("change",)),
    "Secretaría de Gobierno": _p("municipios", DIRECTORIO, VER)
    + _p("gestores", ("perfil", "gestor"), VER),
    "Enlace institucional": _p("municipios", ("municipio", "entidad", "contacto"), VER),
    "Equipo AMB": _p("municipios", DIRECTORIO, TODO)
    + _p("gestores", ("perfil", "gestor"), TODO)
    + [("auth", "view_user"), ("auth", "add_user"), ("auth", "change_user")],
}


def crear_grupos(apps, schema_editor):
    # Los permisos se crean al final de `migrate`; aquí hacen falta ya.
    for etiqueta in ("auth", "municipios", "gestores"):
        app_config = apps.get_app_config(etiqueta)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for nombre, permisos in PERMISOS.items():
        grupo, _ = Group.objects.get_or_create(name=nombre)
        for app_label, codename in permisos:
            grupo.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def borrar_grupos(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PERMISOS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("municipios", "0001_initial"),
        ("gestores", "0001_initial"),
    ]

    operations = [migrations.RunPython(crear_grupos, borrar_grupos)]
