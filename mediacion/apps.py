from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediacionConfig(AppConfig):
    """Las sesiones de mediación de un caso, sus citaciones y los documentos con que termina
    (actas y constancias). Encima de `casos`: lo importa, nunca al revés."""

    name = "mediacion"
    verbose_name = _("Mediación")
