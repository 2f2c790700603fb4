from django.contrib import admin
from import_export.admin import ImportMixin
from simple_history.admin import SimpleHistoryAdmin

from auditoria.exportes import ExportacionAdminMixin
from municipios.alcance import AdminConAlcance
from municipios.models import Contacto, Entidad, Municipio, OrganizacionComunitaria, Sector
from municipios.recursos import (
    ContactoRecurso,
    EntidadRecurso,
    MunicipioRecurso,
    OrganizacionComunitariaRecurso,
    SectorRecurso,
)


class DirectorioAdmin(AdminConAlcance, ImportMixin, ExportacionAdminMixin, SimpleHistoryAdmin):
    """Datos de referencia: se importan (con vista previa) y se exportan con las mismas columnas;
    cada cambio queda en su historia (quién, cuándo, antes y después)."""

    import_template_name = "admin/auditoria/importe.html"
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    list_per_page = 50


@admin.register(Municipio)
class MunicipioAdmin(AdminConAlcance, ExportacionAdminMixin, SimpleHistoryAdmin):
    resource_classes = [MunicipioRecurso]
    list_display = ["nombre", "codigo_dane", "sigla", "departamento", "poblacion", "activo"]
    list_filter = ["activo", "departamento"]
    search_fields = ["nombre", "codigo_dane"]
    view_on_site = False  # tiene get_absolute_url; el admin sigue sin el enlace «Ver en el sitio»


@admin.register(Sector)
class SectorAdmin(DirectorioAdmin):
    resource_classes = [SectorRecurso]
    list_display = ["nombre", "municipio", "tipo", "zona"]
    list_filter = ["municipio", "zona", "tipo"]
    list_select_related = ["municipio"]
    search_fields = ["nombre"]
    autocomplete_fields = ["municipio"]


class ContactoInline(admin.TabularInline):
    model = Contacto
    extra = 0
    fields = ["nombre", "cargo", "telefono", "correo", "vigente_desde", "vigente_hasta"]


@admin.register(Entidad)
class EntidadAdmin(DirectorioAdmin):
    resource_classes = [EntidadRecurso]
    list_display = ["nombre", "tipo", "municipio", "telefono", "correo", "activa"]
    list_filter = ["municipio", "tipo", "activa"]
    list_select_related = ["municipio"]
    search_fields = ["nombre", "correo"]
    autocomplete_fields = ["municipio"]
    inlines = [ContactoInline]


@admin.register(Contacto)
class ContactoAdmin(DirectorioAdmin):
    resource_classes = [ContactoRecurso]
    list_display = ["nombre", "cargo", "entidad", "municipio", "vigente_desde", "vigente_hasta"]
    list_filter = ["entidad__municipio", "entidad__tipo", "vigente_desde"]
    list_select_related = ["entidad__municipio"]
    search_fields = ["nombre", "cargo", "entidad__nombre"]
    autocomplete_fields = ["entidad"]
    date_hierarchy = "vigente_desde"

    @admin.display(description=Municipio._meta.verbose_name, ordering="entidad__municipio")
    def municipio(self, contacto):
        return contacto.entidad.municipio


@admin.register(OrganizacionComunitaria)
class OrganizacionComunitariaAdmin(DirectorioAdmin):
    resource_classes = [OrganizacionComunitariaRecurso]
    list_display = ["nombre", "tipo", "sector", "municipio", "contacto_nombre", "activa"]
    list_filter = ["sector__municipio", "tipo", "activa"]
    list_select_related = ["sector__municipio"]
    search_fields = ["nombre", "sector__nombre", "contacto_nombre"]
    autocomplete_fields = ["sector"]

    @admin.display(description=Municipio._meta.verbose_name, ordering="sector__municipio")
    def municipio(self, organizacion):
        return organizacion.sector.municipio
