from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConvivenciaConfig(AppConfig):
    """El pegamento del proyecto: ajustes, URLs, inicio por rol, salud y páginas de error."""

    default = True
    name = "convivencia"
    verbose_name = _("Convivencia")
