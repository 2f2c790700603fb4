"""El exporte de remisiones para el equipo AMB (django-import-export): columnas en español; los
textos libres (motivo, respuesta…) son datos personales y sin el permiso salen «(reservado)»."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from auditoria.exportes import RecursoExportable
from casos.recursos import columna
from remisiones.models import Remision


class RemisionRecurso(RecursoExportable):
    radicado = columna("caso__radicado", _("Radicado"))
    municipio = columna("caso__municipio__nombre", _("Municipio"))
    entidad = columna("entidad__nombre", _("Entidad"))
    tipo_entidad = columna("entidad__get_tipo_display", _("Tipo de entidad"))
    contacto = columna("contacto__nombre", _("Contacto"))
    motivo = columna("motivo", _("Motivo de la remisión"))
    medio = columna("get_medio_display", _("Medio"))
    fecha_envio = columna("fecha_envio", _("Fecha de envío"))
    fecha_limite = columna("fecha_limite", _("Fecha límite de respuesta"))
    estado = columna("get_estado_display", _("Estado"))
    vencida = Field(column_name=_("Vencida"))
    fecha_recepcion = columna("fecha_recepcion", _("Fecha de recibido"))
    medio_recepcion = columna("get_medio_recepcion_display", _("Cómo se supo del recibido"))
    fecha_respuesta = columna("fecha_respuesta", _("Fecha de respuesta"))
    dias_respuesta = Field(column_name=_("Días hasta la respuesta"))
    respuesta = columna("respuesta", _("Respuesta de la entidad"))
    accion_tomada = columna("accion_tomada", _("Acción tomada"))
    fecha_devolucion = columna("fecha_devolucion", _("Fecha de devolución"))
    motivo_devolucion = columna("motivo_devolucion", _("Por qué no es competente"))
    enviada_por = columna("enviada_por__get_full_name", _("Enviada por"))

    campos_personales = frozenset({"motivo", "respuesta", "accion_tomada", "motivo_devolucion"})
    relaciones = ("caso__municipio", "entidad", "contacto", "enviada_por")

    class Meta:
        model = Remision
        name = _("Remisiones")
        fields = ["radicado", "municipio", "entidad", "tipo_entidad", "contacto", "motivo"]
        fields += ["medio", "fecha_envio", "fecha_limite", "estado", "vencida"]
        fields += ["fecha_recepcion", "medio_recepcion", "fecha_respuesta", "dias_respuesta"]
        fields += ["respuesta", "accion_tomada", "fecha_devolucion", "motivo_devolucion"]
        fields += ["enviada_por"]
        export_order = fields

    def dehydrate_vencida(self, remision):
        return remision.pendiente and remision.fecha_limite < self.hoy

    def dehydrate_dias_respuesta(self, remision):
        if remision.fecha_respuesta is None:
            return None
        return (remision.fecha_respuesta - remision.fecha_envio).days

    def filas(self, queryset):
        self.hoy = timezone.localdate()
        return super().filas(queryset)
