from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from casos.models import (
    Actuacion,
    Acuerdo,
    Caso,
    Compromiso,
    Notificacion,
    Parte,
    Persona,
    PlazoRemision,
    Remision,
    TipoConflicto,
)


@admin.register(TipoConflicto)
class TipoConflictoAdmin(admin.ModelAdmin):
    list_display = [
        "nombre",
        "categoria",
        "referencia_legal",
        "mediable",
        "entidad_sugerida",
        "activo",
    ]
    list_filter = ["categoria", "mediable", "activo"]
    list_editable = ["activo"]
    search_fields = ["nombre", "referencia_legal"]


class ParteInline(admin.TabularInline):
    model = Parte
    extra = 0
    autocomplete_fields = ["persona"]


@admin.register(Caso)
class CasoAdmin(SimpleHistoryAdmin):
    list_display = [
        "radicado",
        "municipio",
        "tipo",
        "estado",
        "nivel_riesgo",
        "gestor",
        "fecha_recepcion",
    ]
    list_filter = ["municipio", "estado", "nivel_riesgo", "tipo", "canal"]
    list_select_related = ["municipio", "tipo", "gestor"]
    search_fields = ["radicado"]
    date_hierarchy = "fecha_recepcion"
    readonly_fields = ["radicado", "estado", "resultado", "version", "cerrado_en"]
    autocomplete_fields = ["sector", "gestor"]
    inlines = [ParteInline]
    show_full_result_count = False


@admin.register(Persona)
class PersonaAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "tipo_documento", "numero_documento", "sexo", "autoriza_datos"]
    list_filter = ["tipo_documento", "sexo", "autoriza_datos"]
    search_fields = ["numero_documento", "nombres", "apellidos"]


@admin.register(Actuacion)
class ActuacionAdmin(admin.ModelAdmin):
    list_display = ["caso", "tipo", "fecha", "autor"]
    list_filter = ["tipo", "caso__municipio"]
    list_select_related = ["caso", "autor"]
    search_fields = ["caso__radicado"]
    date_hierarchy = "fecha"


@admin.register(Remision)
class RemisionAdmin(SimpleHistoryAdmin):
    list_display = ["caso", "entidad", "estado", "fecha_envio", "fecha_limite", "fecha_respuesta"]
    list_filter = ["estado", "entidad__tipo", "caso__municipio"]
    list_select_related = ["caso", "entidad"]
    search_fields = ["caso__radicado", "entidad__nombre"]


class CompromisoInline(admin.TabularInline):
    model = Compromiso
    extra = 0
    raw_id_fields = ["parte"]


@admin.register(PlazoRemision)
class PlazoRemisionAdmin(admin.ModelAdmin):
    list_display = ["tipo_entidad", "dias_habiles"]


@admin.register(Acuerdo)
class AcuerdoAdmin(SimpleHistoryAdmin):
    list_display = ["caso", "fecha", "fecha_verificacion", "resultado_verificacion"]
    list_filter = ["resultado_verificacion", "caso__municipio"]
    list_select_related = ["caso"]
    search_fields = ["caso__radicado"]
    inlines = [CompromisoInline]


@admin.register(Notificacion)
class NotificacionAdmin(admin.ModelAdmin):
    """Bitácora de correos: solo lectura."""

    list_display = ["creado", "tipo", "para", "asunto", "estado", "enviado_en"]
    list_filter = ["tipo", "estado"]
    search_fields = ["para", "asunto"]
    date_hierarchy = "creado"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
