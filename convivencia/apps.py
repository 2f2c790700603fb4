from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConvivenciaConfig(AppConfig):
    """El pegamento del proyecto: inicio por rol, salud, datos de demostración."""

    name = "convivencia"
    verbose_name = _("Convivencia")
