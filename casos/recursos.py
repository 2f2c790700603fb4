"""Exportes de casos para el equipo AMB (django-import-export) y el importe de tipos de conflicto.

Columnas en español, en el orden en que se leen. Las marcadas en `campos_personales` son datos
personales (Ley 1581 de 2012): nombres, documentos, contacto y textos libres que los cuentan
(relatos, motivos, respuestas, compromisos); sin el permiso salen «(reservado)», y cada persona
lleva siempre un seudónimo estable. Los datos de menores no salen nunca, como en la pantalla del
equipo AMB (`casos/alcance.py`).
"""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from auditoria.exportes import RecursoExportable, seudonimo
from auditoria.importes import OpcionWidget, RecursoImportable, SiNoWidget, TextoWidget
from casos.models import (
    Actuacion,
    Acuerdo,
    Caso,
    CategoriaConvivencia,
    Compromiso,
    Parte,
    Remision,
    TipoConflicto,
)
from municipios.models import TipoEntidad


def _col(attribute, column_name):
    return Field(attribute=attribute, column_name=column_name)


class TipoConflictoRecurso(RecursoImportable):
    nombre = Field(attribute="nombre", column_name=_("Nombre"), widget=TextoWidget())
    categoria = Field(
        attribute="categoria",
        column_name=_("Categoría (Ley 1801, art. 6)"),
        widget=OpcionWidget(CategoriaConvivencia),
    )
    referencia_legal = Field(
        attribute="referencia_legal", column_name=_("Referencia legal"), widget=TextoWidget()
    )
    mediable = Field(attribute="mediable", column_name=_("Mediable"), widget=SiNoWidget(vacio=True))
    entidad_sugerida = Field(
        attribute="entidad_sugerida",
        column_name=_("Entidad a la que suele remitirse"),
        widget=OpcionWidget(TipoEntidad, obligatorio=False),
    )
    descripcion = Field(attribute="descripcion", column_name=_("Descripción"), widget=TextoWidget())
    activo = Field(attribute="activo", column_name=_("Activo"), widget=SiNoWidget(vacio=True))
    orden = Field(attribute="orden", column_name=_("Orden"), default=100)

    class Meta:
        model = TipoConflicto
        name = _("Tipos de conflicto")
        fields = ["nombre", "categoria", "referencia_legal", "mediable", "entidad_sugerida"]
        fields += ["descripcion", "activo", "orden"]
        export_order = fields
        import_id_fields = ["nombre"]


class CasoRecurso(RecursoExportable):
    radicado = _col("radicado", _("Radicado"))
    municipio = _col("municipio__nombre", _("Municipio"))
    codigo_dane = _col("municipio__codigo_dane", _("Código DANE"))
    sector = _col("sector__nombre", _("Sector"))
    zona = _col("sector__get_zona_display", _("Zona"))
    direccion = _col("direccion", _("Dirección o referencia"))
    fecha_hechos = _col("fecha_hechos", _("Fecha de los hechos"))
    fecha_recepcion = _col("fecha_recepcion", _("Fecha de recepción"))
    canal = _col("get_canal_display", _("Canal"))
    tipo = _col("tipo__nombre", _("Tipo de conflicto"))
    categoria = _col("tipo__get_categoria_display", _("Categoría (Ley 1801, art. 6)"))
    relato = _col("relato", _("Relato de los hechos"))
    nivel_riesgo = _col("get_nivel_riesgo_display", _("Nivel de riesgo"))
    estado = _col("get_estado_display", _("Estado"))
    resultado = _col("get_resultado_display", _("Resultado"))
    gestor = _col("gestor__get_full_name", _("Gestor responsable"))
    creado = _col("creado", _("Registrado el"))
    cerrado_en = _col("cerrado_en", _("Cerrado el"))

    campos_personales = frozenset({"direccion", "relato"})
    relaciones = ("municipio", "sector", "tipo", "gestor")

    class Meta:
        model = Caso
        name = _("Casos (una fila por caso)")
        fields = ["radicado", "municipio", "codigo_dane", "sector", "zona", "direccion"]
        fields += ["fecha_hechos", "fecha_recepcion", "canal", "tipo", "categoria", "relato"]
        fields += ["nivel_riesgo", "estado", "resultado", "gestor", "creado", "cerrado_en"]
        export_order = fields


class _DeUnaPersona:
    """Filas que nombran a una persona: seudónimo siempre; sus datos, nunca si es menor."""

    ruta_persona = "persona"

    def _persona(self, obj):
        for paso in self.ruta_persona.split("__"):
            obj = getattr(obj, paso)
        return obj

    def fila_reservada(self, obj) -> bool:
        return self._persona(obj).es_menor

    def dehydrate_codigo_persona(self, obj):
        return seudonimo(self._persona(obj).pk)


class CasoPorParteRecurso(_DeUnaPersona, RecursoExportable):
    radicado = _col("caso__radicado", _("Radicado"))
    municipio = _col("caso__municipio__nombre", _("Municipio"))
    fecha_recepcion = _col("caso__fecha_recepcion", _("Fecha de recepción"))
    tipo = _col("caso__tipo__nombre", _("Tipo de conflicto"))
    nivel_riesgo = _col("caso__get_nivel_riesgo_display", _("Nivel de riesgo"))
    estado = _col("caso__get_estado_display", _("Estado del caso"))
    resultado = _col("caso__get_resultado_display", _("Resultado"))
    rol = _col("get_rol_display", _("Rol en el caso"))
    codigo_persona = Field(column_name=_("Código de la persona"))
    tipo_documento = _col("persona__get_tipo_documento_display", _("Tipo de documento"))
    numero_documento = _col("persona__numero_documento", _("Número de documento"))
    nombres = _col("persona__nombres", _("Nombres"))
    apellidos = _col("persona__apellidos", _("Apellidos"))
    sexo = _col("persona__get_sexo_display", _("Sexo"))
    fecha_nacimiento = _col("persona__fecha_nacimiento", _("Fecha de nacimiento"))
    edad = _col("persona__edad_actual", _("Edad"))
    menor = _col("persona__es_menor", _("Menor de edad"))
    enfoque_etnico = _col("persona__enfoque_etnico", _("Pertenencia étnica"))
    enfoque_discapacidad = _col("persona__enfoque_discapacidad", _("Persona con discapacidad"))
    enfoque_victima = _col("persona__enfoque_victima", _("Víctima del conflicto armado"))
    enfoque_migrante = _col("persona__enfoque_migrante", _("Migrante"))
    enfoque_lgbtiq = _col("persona__enfoque_lgbtiq", _("LGBTIQ+"))
    telefono = _col("persona__telefono", _("Teléfono"))
    direccion = _col("persona__direccion", _("Dirección"))
    autoriza_datos = _col("persona__autoriza_datos", _("Autoriza el tratamiento de datos"))

    campos_personales = frozenset(
        {"numero_documento", "nombres", "apellidos", "fecha_nacimiento", "telefono", "direccion"}
    )

    class Meta:
        model = Parte
        name = _("Casos (una fila por parte)")
        fields = ["radicado", "municipio", "fecha_recepcion", "tipo", "nivel_riesgo", "estado"]
        fields += ["resultado", "rol", "codigo_persona", "tipo_documento", "numero_documento"]
        fields += ["nombres", "apellidos", "sexo", "fecha_nacimiento", "edad", "menor"]
        fields += ["enfoque_etnico", "enfoque_discapacidad", "enfoque_victima"]
        fields += ["enfoque_migrante", "enfoque_lgbtiq", "telefono", "direccion"]
        fields += ["autoriza_datos"]
        export_order = fields

    def filas(self, queryset: QuerySet) -> QuerySet:
        """Las partes de los casos de la lista (con sus filtros), caso por caso."""
        return (
            Parte.objects.filter(caso__in=queryset.order_by().values("pk"))
            .select_related("caso__municipio", "caso__tipo", "persona")
            .order_by("caso_id", "pk")
        )


class ActuacionRecurso(RecursoExportable):
    radicado = _col("caso__radicado", _("Radicado"))
    municipio = _col("caso__municipio__nombre", _("Municipio"))
    fecha = _col("fecha", _("Fecha"))
    tipo = _col("get_tipo_display", _("Tipo"))
    descripcion = _col("descripcion", _("Descripción"))
    estado_anterior = _col("get_estado_anterior_display", _("Estado anterior"))
    estado_nuevo = _col("get_estado_nuevo_display", _("Estado nuevo"))
    autor = _col("autor__get_full_name", _("Autor"))

    campos_personales = frozenset({"descripcion"})
    relaciones = ("caso__municipio", "autor")

    class Meta:
        model = Actuacion
        name = _("Actuaciones")
        fields = ["radicado", "municipio", "fecha", "tipo", "descripcion", "estado_anterior"]
        fields += ["estado_nuevo", "autor"]
        export_order = fields


class RemisionRecurso(RecursoExportable):
    radicado = _col("caso__radicado", _("Radicado"))
    municipio = _col("caso__municipio__nombre", _("Municipio"))
    entidad = _col("entidad__nombre", _("Entidad"))
    tipo_entidad = _col("entidad__get_tipo_display", _("Tipo de entidad"))
    contacto = _col("contacto__nombre", _("Contacto"))
    motivo = _col("motivo", _("Motivo de la remisión"))
    medio = _col("get_medio_display", _("Medio"))
    fecha_envio = _col("fecha_envio", _("Fecha de envío"))
    fecha_limite = _col("fecha_limite", _("Fecha límite de respuesta"))
    estado = _col("get_estado_display", _("Estado"))
    vencida = Field(column_name=_("Vencida"))
    fecha_recepcion = _col("fecha_recepcion", _("Fecha de recibido"))
    medio_recepcion = _col("get_medio_recepcion_display", _("Cómo se supo del recibido"))
    fecha_respuesta = _col("fecha_respuesta", _("Fecha de respuesta"))
    dias_respuesta = Field(column_name=_("Días hasta la respuesta"))
    respuesta = _col("respuesta", _("Respuesta de la entidad"))
    accion_tomada = _col("accion_tomada", _("Acción tomada"))
    fecha_devolucion = _col("fecha_devolucion", _("Fecha de devolución"))
    motivo_devolucion = _col("motivo_devolucion", _("Por qué no es competente"))
    enviada_por = _col("enviada_por__get_full_name", _("Enviada por"))

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


class AcuerdoRecurso(RecursoExportable):
    radicado = _col("caso__radicado", _("Radicado"))
    municipio = _col("caso__municipio__nombre", _("Municipio"))
    fecha = _col("fecha", _("Fecha del acuerdo"))
    descripcion = _col("descripcion", _("En qué quedaron las partes"))
    fecha_verificacion = _col("fecha_verificacion", _("Fecha prevista de verificación"))
    verificado_en = _col("verificado_en", _("Verificado el"))
    resultado = _col("get_resultado_verificacion_display", _("Resultado de la verificación"))
    observacion = _col("observacion_verificacion", _("Observación de la verificación"))
    registrado_por = _col("registrado_por__get_full_name", _("Registrado por"))

    campos_personales = frozenset({"descripcion", "observacion"})
    relaciones = ("caso__municipio", "registrado_por")

    class Meta:
        model = Acuerdo
        name = _("Acuerdos")
        fields = ["radicado", "municipio", "fecha", "descripcion", "fecha_verificacion"]
        fields += ["verificado_en", "resultado", "observacion", "registrado_por"]
        export_order = fields


class CompromisoRecurso(_DeUnaPersona, RecursoExportable):
    ruta_persona = "parte__persona"

    radicado = _col("acuerdo__caso__radicado", _("Radicado"))
    municipio = _col("acuerdo__caso__municipio__nombre", _("Municipio"))
    fecha_acuerdo = _col("acuerdo__fecha", _("Fecha del acuerdo"))
    codigo_persona = Field(column_name=_("Código de la persona"))
    parte = _col("parte__persona", _("Parte"))
    rol = _col("parte__get_rol_display", _("Rol de la parte"))
    descripcion = _col("descripcion", _("Compromiso"))
    fecha_limite = _col("fecha_limite", _("Fecha límite"))
    resultado = _col(
        "acuerdo__get_resultado_verificacion_display", _("Resultado de la verificación")
    )

    campos_personales = frozenset({"parte", "descripcion"})
    relaciones = ("acuerdo__caso__municipio", "parte__persona")

    class Meta:
        model = Compromiso
        name = _("Compromisos de los acuerdos")
        fields = ["radicado", "municipio", "fecha_acuerdo", "codigo_persona", "parte", "rol"]
        fields += ["descripcion", "fecha_limite", "resultado"]
        export_order = fields
