from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditoriaConfig(AppConfig):
    name = "auditoria"
    verbose_name = _("Auditoría")

    def ready(self):
        from auditoria import eventos  # noqa: F401  (conecta las señales de autenticación)
