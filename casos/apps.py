from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasosConfig(AppConfig):
    name = "casos"
    verbose_name = _("Casos de convivencia")
