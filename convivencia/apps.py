from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ConvivenciaConfig(AppConfig):
    """El pegamento del proyecto: inicio por rol, salud, datos de demostración."""

    default = True
    name = "convivencia"
    verbose_name = _("Convivencia")


class AdminConvivenciaConfig(admin_apps.AdminConfig):
    """django.contrib.admin con el sitio de Convivencia (segundo factor obligatorio)."""

    default = False  # la app «convivencia» sigue siendo ConvivenciaConfig
    default_site = "convivencia.admin_site.ConvivenciaAdminSite"
