from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from auditoria.exportes import ExportacionAdminMixin
from capacitaciones.models import (
    Actividad,
    Asistencia,
    AsistenciaGestor,
    ConteoAsistencia,
    ConteoEnfoque,
    EvidenciaActividad,
    Modulo,
)
from capacitaciones.recursos import ActividadRecurso, AsistenciaRecurso
from capacitaciones.services import modulo_guardar, modulos_borrar
from casos.alcance import nombre_en_el_admin
from comun.admin_site import EditablesConNombreMixin, FechaConAnios, ListaGrande, SoloLectura
from municipios.alcance import AdminConAlcance


@admin.register(Modulo)
class ModuloAdmin(EditablesConNombreMixin, SimpleHistoryAdmin):
    list_display = ["nombre", "horas", "orden", "obligatorio", "activo"]
    list_editable = ["orden", "obligatorio", "activo"]
    list_filter = ["obligatorio", "activo"]
    search_fields = ["nombre"]

    # Cada escritura por su servicio: un módulo nuevo, obligatorio o borrado cambia quién está
    # certificado. También el borrado en bloque de la lista (acción «Eliminar seleccionados»).
    def save_model(self, request, obj, form, change):
        modulo_guardar(modulo=obj, autor=request.user)

    def delete_model(self, request, obj):
        modulos_borrar(modulos=Modulo.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        modulos_borrar(modulos=queryset)


class ConteoAsistenciaInline(admin.TabularInline):
    model = ConteoAsistencia
    extra = 0


class ConteoEnfoqueInline(admin.TabularInline):
    model = ConteoEnfoque
    extra = 0


class AsistenciaGestorInline(admin.TabularInline):
    model = AsistenciaGestor
    extra = 0
    fields = ["gestor"]
    autocomplete_fields = ["gestor"]


class EvidenciaActividadInline(admin.TabularInline):
    """Solo los datos del archivo: se descarga por la actividad, con su alcance."""

    model = EvidenciaActividad
    extra = 0
    fields = ["nombre_original", "tipo_contenido", "tamano", "descripcion", "creado"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Actividad)
class ActividadAdmin(
    SoloLectura, ListaGrande, AdminConAlcance, ExportacionAdminMixin, admin.ModelAdmin
):
    """Se consultan y exportan; se registran por las pantallas (servicios: asistencia, conteos,
    certificación de los gestores)."""

    resource_classes = [ActividadRecurso]
    list_display = ["tema", "tipo", "municipio", "inicio", "estado", "publico_objetivo"]
    list_filter = [
        "municipio",
        "tipo",
        "estado",
        "publico_objetivo",
        "modulo",
        ("inicio", FechaConAnios),
    ]
    list_select_related = ["municipio"]
    search_fields = ["tema", "lugar"]
    autocomplete_fields = ["municipio", "sector", "modulo", "facilitadores"]
    filter_horizontal = ["entidades", "organizaciones"]
    inlines = [
        ConteoAsistenciaInline,
        ConteoEnfoqueInline,
        AsistenciaGestorInline,
        EvidenciaActividadInline,
    ]
    view_on_site = False  # tiene get_absolute_url; el admin sigue sin el enlace «Ver en el sitio»


@admin.register(Asistencia)
class AsistenciaAdmin(
    SoloLectura, ListaGrande, AdminConAlcance, ExportacionAdminMixin, admin.ModelAdmin
):
    resource_classes = [AsistenciaRecurso]
    list_display = ["asistente", "actividad", "municipio", "sexo", "grupo_edad", "comparendo"]
    list_filter = [
        "actividad__municipio",
        "actividad__tipo",
        "sexo",
        "grupo_edad",
        ("actividad__inicio", admin.DateFieldListFilter),
    ]
    list_select_related = ["persona", "actividad__municipio"]
    search_fields = ["=persona__numero_documento", "actividad__tema", "=codigo"]
    raw_id_fields = ["persona", "actividad", "organizacion"]
    ordering = ["pk"]  # el orden de registro, por su índice (`creado` no tiene)

    @admin.display(description=_("municipio"), ordering="actividad__municipio__nombre")
    def municipio(self, asistencia):
        return asistencia.actividad.municipio

    @admin.display(description=_("asistente"))
    def asistente(self, asistencia):
        return nombre_en_el_admin(asistencia.persona)

    def get_fields(self, request, obj=None):
        # La persona por su nombre visible (los menores, reservados), no por su ficha.
        campos = super().get_fields(request, obj)
        return ["asistente" if campo == "persona" else campo for campo in campos]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "asistente"]
