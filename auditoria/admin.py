from django.contrib import admin

from auditoria.models import RegistroExporte


@admin.register(RegistroExporte)
class RegistroExporteAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
