from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemisionesConfig(AppConfig):
    """Las remisiones a las entidades (inspección, estación MEBAR, comisaría…), la bandeja de sus
    enlaces, los plazos y los correos. Encima de `casos`: lo importa, nunca al revés."""

    name = "remisiones"
    verbose_name = _("Remisiones")

    def ready(self):
        from casos.senales import remision_inmediata_pedida
        from remisiones.services import remitir_a_mebar

        remision_inmediata_pedida.connect(
            remitir_a_mebar, dispatch_uid="remisiones.remitir_a_mebar"
        )
