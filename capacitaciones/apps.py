from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacitacionesConfig(AppConfig):
    name = "capacitaciones"
    verbose_name = _("Capacitaciones y actividades")
