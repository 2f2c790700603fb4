from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HabeasConfig(AppConfig):
    name = "habeas"
    verbose_name = _("Habeas data (Ley 1581 de 2012)")
