"""Admin de remisiones para el equipo AMB: consultar y exportar las remisiones, ajustar el plazo
de cada tipo de entidad y leer la bitácora de correos. Las remisiones se escriben solo por las
pantallas (servicios); aquí se leen con su historia."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from casos.admin import DeUnCasoAdmin
from comun.admin_site import FechaConAnios, ListaGrande, SoloLectura
from remisiones.models import Notificacion, PlazoRemision, Remision
from remisiones.recursos import RemisionRecurso


@admin.register(Remision)
class RemisionAdmin(DeUnCasoAdmin):
    resource_classes = [RemisionRecurso]
    busqueda_libre = True
    list_display = [
        "caso",
        "entidad",
        "municipio",
        "estado",
        "fecha_envio",
        "fecha_limite",
        "fecha_respuesta",
    ]
    list_filter = [
        "caso__municipio",
        "estado",
        "entidad__tipo",
        "medio",
        ("fecha_envio", FechaConAnios),
    ]
    list_select_related = ["caso__municipio", "entidad"]
    search_fields = ["=caso__radicado", "entidad__nombre"]


@admin.register(PlazoRemision)
class PlazoRemisionAdmin(SimpleHistoryAdmin):
    list_display = ["tipo_entidad", "dias_habiles"]


@admin.register(Notificacion)
class NotificacionAdmin(SoloLectura, ListaGrande, admin.ModelAdmin):
    """Bitácora de correos: solo lectura."""

    list_display = ["creado", "tipo", "para", "asunto", "estado", "enviado_en"]
    list_filter = ["tipo", "estado", ("creado", admin.DateFieldListFilter)]
    search_fields = ["para", "asunto"]
    ordering = ["-pk"]  # los más recientes, por su índice (`creado` no tiene)
