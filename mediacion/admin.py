"""Los documentos de la mediación en el admin, de solo lectura: se emiten y corrigen por las
pantallas (servicios). Sin el contenido congelado: lleva nombres y documentos de las partes,
también de menores de edad; aquí basta qué es, su número y quién lo emitió."""

from django.contrib import admin

from comun.admin_site import ListaGrande, SoloLectura
from mediacion.models import DocumentoFirmado, DocumentoMediacion
from municipios.alcance import AdminConAlcance


@admin.register(DocumentoMediacion)
class DocumentoMediacionAdmin(SoloLectura, AdminConAlcance, ListaGrande, admin.ModelAdmin):
    list_display = ["numero", "version", "tipo", "municipio", "emitido_en", "emitido_por"]
    list_filter = ["tipo", "municipio"]
    list_select_related = ["municipio", "emitido_por"]
    fields = [
        "tipo",
        "numero",
        "version",
        "motivo_correccion",
        "municipio",
        "emitido_en",
        "emitido_por",
    ]


@admin.register(DocumentoFirmado)
class DocumentoFirmadoAdmin(SoloLectura, AdminConAlcance, ListaGrande, admin.ModelAdmin):
    list_display = ["pk", "documento", "tipo_contenido", "tamano", "subido_por", "creado"]
    list_select_related = ["documento", "subido_por"]
    fields = ["documento", "tipo_contenido", "tamano", "subido_por", "creado"]
