from django.contrib import admin

from municipios.models import Contacto, Entidad, Municipio, OrganizacionComunitaria, Sector


@admin.register(Municipio)
class MunicipioAdmin(admin.ModelAdmin):
    list_display = ["nombre", "codigo_dane", "sigla", "departamento", "activo"]
    list_filter = ["activo", "departamento"]
    search_fields = ["nombre", "codigo_dane"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["nombre", "municipio", "tipo", "zona"]
    list_filter = ["municipio", "zona", "tipo"]
    list_select_related = ["municipio"]
    search_fields = ["nombre"]


class ContactoInline(admin.TabularInline):
    model = Contacto
    extra = 0
    fields = ["nombre", "cargo", "telefono", "correo", "vigente_desde", "vigente_hasta"]


@admin.register(Entidad)
class EntidadAdmin(admin.ModelAdmin):
    list_display = ["nombre", "tipo", "municipio", "telefono", "activa"]
    list_filter = ["municipio", "tipo", "activa"]
    list_select_related = ["municipio"]
    search_fields = ["nombre"]
    inlines = [ContactoInline]


@admin.register(Contacto)
class ContactoAdmin(admin.ModelAdmin):
    list_display = ["nombre", "cargo", "entidad", "vigente_desde", "vigente_hasta"]
    list_filter = ["entidad__municipio", "entidad__tipo"]
    list_select_related = ["entidad__municipio"]
    search_fields = ["nombre", "cargo", "entidad__nombre"]
    autocomplete_fields = ["entidad"]
    date_hierarchy = "vigente_desde"


@admin.register(OrganizacionComunitaria)
class OrganizacionComunitariaAdmin(admin.ModelAdmin):
    list_display = ["nombre", "tipo", "sector", "contacto_nombre", "activa"]
    list_filter = ["sector__municipio", "tipo", "activa"]
    list_select_related = ["sector__municipio"]
    search_fields = ["nombre", "sector__nombre", "contacto_nombre"]
    autocomplete_fields = ["sector"]
