from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    """La agenda de cada gestor y la del municipio: sesiones de mediación, verificaciones de
    acuerdos y actividades, en pantalla, en un calendario ICS privado y en el resumen diario.
    Encima de `casos`, `mediacion`, `capacitaciones` y `remisiones`: las lee, nunca al revés."""

    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        from agenda.recordatorios import sesiones_de_manana
        from remisiones.senales import resumen_diario_de_gestores

        resumen_diario_de_gestores.connect(
            sesiones_de_manana, dispatch_uid="agenda.sesiones_de_manana"
        )
