from django.contrib import admin

from capacitaciones.models import Actividad, Asistencia, Modulo
from capacitaciones.services import certificacion_recalcular


@admin.register(Modulo)
class ModuloAdmin(admin.ModelAdmin):
    list_display = ["nombre", "horas", "orden", "obligatorio", "activo"]
    list_editable = ["orden", "obligatorio", "activo"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Un módulo nuevo u obligatorio cambia quién está certificado.
        certificacion_recalcular()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        certificacion_recalcular()


@admin.register(Actividad)
class ActividadAdmin(admin.ModelAdmin):
    list_display = ["tema", "tipo", "municipio", "inicio", "estado"]
    list_filter = ["municipio", "tipo", "estado"]
    list_select_related = ["municipio"]
    search_fields = ["tema", "lugar"]
    date_hierarchy = "inicio"
    filter_horizontal = ["facilitadores", "entidades", "organizaciones"]


@admin.register(Asistencia)
class AsistenciaAdmin(admin.ModelAdmin):
    list_display = ["persona", "actividad", "sexo", "grupo_edad", "comparendo"]
    list_filter = ["actividad__municipio", "actividad__tipo", "sexo", "grupo_edad"]
    list_select_related = ["persona", "actividad"]
    search_fields = ["persona__numero_documento", "actividad__tema", "codigo"]
    raw_id_fields = ["persona", "actividad", "organizacion"]
