from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CasosConfig(AppConfig):
    name = "casos"
    verbose_name = _("Casos de convivencia")

    def ready(self):
        from casos.busqueda import registrar_en_sqlite

        # La búsqueda por nombre usa convivencia_normalizar() también en SQLite.
        connection_created.connect(registrar_en_sqlite, dispatch_uid="casos.normalizar")
