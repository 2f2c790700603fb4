from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GestoresConfig(AppConfig):
    name = "gestores"
    verbose_name = _("Usuarios, roles y gestores")

    def ready(self):
        from gestores import sesiones  # noqa: F401  (conecta la señal de ingreso)
