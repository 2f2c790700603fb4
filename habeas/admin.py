from django.contrib import admin

from habeas.models import SolicitudHabeasData


@admin.register(SolicitudHabeasData)
class SolicitudHabeasDataAdmin(admin.ModelAdmin):
    """Se registran y responden en /habeas-data/ (servicios); aquí se consultan."""

    list_display = ["__str__", "tipo", "estado", "recibida_el", "fecha_limite", "respondida_el"]
    list_filter = ["tipo", "estado", ("recibida_el", admin.DateFieldListFilter)]
    date_hierarchy = "recibida_el"
    fields = ["tipo", "estado", "recibida_el", "fecha_limite", "fecha_limite_prorroga"]
    fields += ["descripcion", "respuesta", "respondida_el", "registrada_por", "respondida_por"]
    readonly_fields = fields
    view_on_site = False  # tiene get_absolute_url; el admin sigue sin el enlace «Ver en el sitio»

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
