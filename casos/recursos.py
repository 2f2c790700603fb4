"""Exportes de casos para el equipo AMB (django-import-export) y el importe de tipos de conflicto.

Columnas en español, en el orden en que se leen. Las marcadas en `campos_personales` son datos
personales (Ley 1581 de 2012): nombres, documentos, contacto y textos libres que los cuentan
(relatos, motivos, respuestas, compromisos); sin el permiso salen «(reservado)», y cada persona
lleva siempre un seudónimo estable. Los datos de menores no salen nunca, como en la pantalla del
equipo AMB (`casos/alcance.py`).
"""

from django.db.models import QuerySet
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
    TipoConflicto,
)
from municipios.models import TipoEntidad


def columna(attribute, column_name):
    """Una columna del exporte: el atributo (con `__` para seguir relaciones) y su título."""
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
    radicado = columna("radicado", _("Radicado"))
    municipio = columna("municipio__nombre", _("Municipio"))
    codigo_dane = columna("municipio__codigo_dane", _("Código DANE"))
    sector = columna("sector__nombre", _("Sector"))
    zona = columna("sector__get_zona_display", _("Zona"))
    direccion = columna("direccion", _("Dirección o referencia"))
    fecha_hechos = columna("fecha_hechos", _("Fecha de los hechos"))
    fecha_recepcion = columna("fecha_recepcion", _("Fecha de recepción"))
    canal = columna("get_canal_display", _("Canal"))
    tipo = columna("tipo__nombre", _("Tipo de conflicto"))
    categoria = columna("tipo__get_categoria_display", _("Categoría (Ley 1801, art. 6)"))
    relato = columna("relato", _("Relato de los hechos"))
    nivel_riesgo = columna("get_nivel_riesgo_display", _("Nivel de riesgo"))
    estado = columna("get_estado_display", _("Estado"))
    resultado = columna("get_resultado_display", _("Resultado"))
    gestor = columna("gestor__get_full_name", _("Gestor responsable"))
    creado = columna("creado", _("Registrado el"))
    cerrado_en = columna("cerrado_en", _("Cerrado el"))

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
    radicado = columna("caso__radicado", _("Radicado"))
    municipio = columna("caso__municipio__nombre", _("Municipio"))
    fecha_recepcion = columna("caso__fecha_recepcion", _("Fecha de recepción"))
    tipo = columna("caso__tipo__nombre", _("Tipo de conflicto"))
    nivel_riesgo = columna("caso__get_nivel_riesgo_display", _("Nivel de riesgo"))
    estado = columna("caso__get_estado_display", _("Estado del caso"))
    resultado = columna("caso__get_resultado_display", _("Resultado"))
    rol = columna("get_rol_display", _("Rol en el caso"))
    codigo_persona = Field(column_name=_("Código de la persona"))
    tipo_documento = columna("persona__get_tipo_documento_display", _("Tipo de documento"))
    numero_documento = columna("persona__numero_documento", _("Número de documento"))
    nombres = columna("persona__nombres", _("Nombres"))
    apellidos = columna("persona__apellidos", _("Apellidos"))
    sexo = columna("persona__get_sexo_display", _("Sexo"))
    fecha_nacimiento = columna("persona__fecha_nacimiento", _("Fecha de nacimiento"))
    edad = columna("persona__edad_actual", _("Edad"))
    menor = columna("persona__es_menor", _("Menor de edad"))
    enfoque_etnico = columna("persona__enfoque_etnico", _("Pertenencia étnica"))
    enfoque_discapacidad = columna("persona__enfoque_discapacidad", _("Persona con discapacidad"))
    enfoque_victima = columna("persona__enfoque_victima", _("Víctima del conflicto armado"))
    enfoque_migrante = columna("persona__enfoque_migrante", _("Migrante"))
    enfoque_lgbtiq = columna("persona__enfoque_lgbtiq", _("LGBTIQ+"))
    telefono = columna("persona__telefono", _("Teléfono"))
    correo = columna("persona__correo", _("Correo electrónico"))
    direccion = columna("persona__direccion", _("Dirección"))
    autoriza_datos = columna("persona__autoriza_datos", _("Autoriza el tratamiento de datos"))

    campos_personales = frozenset(
        {
            "numero_documento",
            "nombres",
            "apellidos",
            "fecha_nacimiento",
            "telefono",
            "correo",
            "direccion",
        }
    )

    class Meta:
        model = Parte
        name = _("Casos (una fila por parte)")
        fields = ["radicado", "municipio", "fecha_recepcion", "tipo", "nivel_riesgo", "estado"]
        fields += ["resultado", "rol", "codigo_persona", "tipo_documento", "numero_documento"]
        fields += ["nombres", "apellidos", "sexo", "fecha_nacimiento", "edad", "menor"]
        fields += ["enfoque_etnico", "enfoque_discapacidad", "enfoque_victima"]
        fields += ["enfoque_migrante", "enfoque_lgbtiq", "telefono", "correo", "direccion"]
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
    radicado = columna("caso__radicado", _("Radicado"))
    municipio = columna("caso__municipio__nombre", _("Municipio"))
    fecha = columna("fecha", _("Fecha"))
    tipo = columna("get_tipo_display", _("Tipo"))
    descripcion = columna("descripcion", _("Descripción"))
    estado_anterior = columna("get_estado_anterior_display", _("Estado anterior"))
    estado_nuevo = columna("get_estado_nuevo_display", _("Estado nuevo"))
    autor = columna("autor__get_full_name", _("Autor"))

    campos_personales = frozenset({"descripcion"})
    relaciones = ("caso__municipio", "autor")

    class Meta:
        model = Actuacion
        name = _("Actuaciones")
        fields = ["radicado", "municipio", "fecha", "tipo", "descripcion", "estado_anterior"]
        fields += ["estado_nuevo", "autor"]
        export_order = fields


class AcuerdoRecurso(RecursoExportable):
    radicado = columna("caso__radicado", _("Radicado"))
    municipio = columna("caso__municipio__nombre", _("Municipio"))
    fecha = columna("fecha", _("Fecha del acuerdo"))
    descripcion = columna("descripcion", _("En qué quedaron las partes"))
    fecha_verificacion = columna("fecha_verificacion", _("Fecha prevista de verificación"))
    verificado_en = columna("verificado_en", _("Verificado el"))
    resultado = columna("get_resultado_verificacion_display", _("Resultado de la verificación"))
    observacion = columna("observacion_verificacion", _("Observación de la verificación"))
    registrado_por = columna("registrado_por__get_full_name", _("Registrado por"))

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

    radicado = columna("acuerdo__caso__radicado", _("Radicado"))
    municipio = columna("acuerdo__caso__municipio__nombre", _("Municipio"))
    fecha_acuerdo = columna("acuerdo__fecha", _("Fecha del acuerdo"))
    codigo_persona = Field(column_name=_("Código de la persona"))
    parte = columna("parte__persona", _("Parte"))
    rol = columna("parte__get_rol_display", _("Rol de la parte"))
    descripcion = columna("descripcion", _("Compromiso"))
    fecha_limite = columna("fecha_limite", _("Fecha límite"))
    resultado = columna(
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
