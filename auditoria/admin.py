from django.contrib import admin

from auditoria.models import EventoSeguridad, RegistroExporte
from comun.admin_site import FechaConAnios, ListaGrande


class SoloLecturaAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EventoSeguridad)
class EventoSeguridadAdmin(ListaGrande, SoloLecturaAdmin):
    """Ingresos, bloqueos, accesos negados, vistas de datos personales y exportes: la tabla que
    más crece (cada ficha con datos personales que se abre es un evento)."""

    list_display = ["creado", "tipo", "usuario", "usuario_intentado", "ip", "ruta", "objeto"]
    list_filter = ["tipo", ("creado", FechaConAnios)]
    list_select_related = ["usuario"]
    search_fields = ["=usuario__username", "=usuario_intentado", "=ip", "=objeto"]
    fields = ["creado", "tipo", "usuario", "usuario_intentado", "ip", "ruta", "objeto", "detalle"]
    readonly_fields = fields


@admin.register(RegistroExporte)
class RegistroExporteAdmin(SoloLecturaAdmin):
    """La bitácora de exportes: se lee, nadie la crea a mano, la cambia ni la borra."""

    list_display = ["creado", "usuario", "recurso", "formato", "filas", "datos_personales"]
    list_filter = ["formato", "datos_personales", "modelo", ("creado", admin.DateFieldListFilter)]
    list_select_related = ["usuario"]
    search_fields = ["usuario__username", "usuario__first_name", "usuario__last_name", "recurso"]
    date_hierarchy = "creado"
    show_full_result_count = False
    fields = [
        "creado",
        "usuario",
        "modelo",
        "recurso",
        "formato",
        "filas",
        "datos_personales",
        "filtros",
        "columnas",
    ]
    readonly_fields = fields
