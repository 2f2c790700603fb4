from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SinSenalConfig(AppConfig):
    """Captura sin señal: la aplicación instalable (manifiesto, service worker, página sin
    conexión), los formularios de caso y de asistencia que funcionan sin red y los envíos de la
    cola del teléfono, que llegan una sola vez. Encima de `casos` y `capacitaciones`: usa sus
    formularios y servicios, nunca al revés."""

    name = "sinsenal"
    verbose_name = _("Sin señal")
