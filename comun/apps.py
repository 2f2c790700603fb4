from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ComunConfig(AppConfig):
    """Lo que comparten todas las apps y no es de ningún dominio: el sitio del admin, la
    paginación, la línea de filtros, los archivos de evidencia y los ayudantes de consulta y
    guardado. Está abajo de todas: no importa ninguna app del proyecto."""

    default = True
    name = "comun"
    verbose_name = "Común"

    def ready(self):
        # full_clean() valida las CheckConstraint en Python cuando puede (comun/restricciones.py):
        # eran tres idas y vueltas a la base por restricción en cada escritura.
        from comun.restricciones import validar_en_python

        validar_en_python()


class AdminConvivenciaConfig(admin_apps.AdminConfig):
    """django.contrib.admin con el sitio de Convivencia (segundo factor obligatorio)."""

    default = False  # la app «comun» sigue siendo ComunConfig
    default_site = "comun.admin_site.ConvivenciaAdminSite"
