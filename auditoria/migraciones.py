"""Ayuda para las migraciones de datos que dan permisos a los grupos de los roles.

Los permisos se crean al final de `migrate`; una migración que los asigna los necesita ya.
"""

from django.contrib.auth.management import create_permissions


def dar_permisos(apps, app_label: str, permisos: dict[str, list[str]], *, crear_grupos=False):
    """`permisos`: {nombre del grupo: [codenames de app_label]}."""
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for nombre, codenames in permisos.items():
        if crear_grupos:
            grupo, _ = Group.objects.get_or_create(name=nombre)
        else:
            grupo = Group.objects.filter(name=nombre).first()
            if grupo is None:
                continue
        grupo.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def quitar_permisos(apps, app_label: str, permisos: dict[str, list[str]]):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for grupo in Group.objects.filter(name__in=permisos):
        grupo.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=permisos[grupo.name]
            )
        )
