from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TablerosConfig(AppConfig):
    name = "tableros"
    verbose_name = _("Tableros e informes")

    def ready(self):
        from tableros import senales

        senales.conectar()
