from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditoriaConfig(AppConfig):
    name = "auditoria"
    verbose_name = _("Auditoría")

    def ready(self):
        from django.db.models.signals import post_migrate

        from auditoria import eventos  # noqa: F401  (conecta las señales de autenticación)
        from auditoria.disparadores import despues_de_migrar

        post_migrate.connect(despues_de_migrar, sender=self)
