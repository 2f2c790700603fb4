"""Exportes de actividades y asistencia para el equipo AMB (ver `casos/recursos.py`)."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from auditoria.exportes import RecursoExportable, seudonimo
from capacitaciones.models import Actividad, Asistencia, ConteoAsistencia


def _col(attribute, column_name):
    return Field(attribute=attribute, column_name=column_name)


def _subtotal(consulta, valor):
    return Coalesce(
        Subquery(
            consulta.filter(actividad=OuterRef("pk"))
            .order_by()
            .values("actividad")
            .annotate(n=valor)
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


class ActividadRecurso(RecursoExportable):
    municipio = _col("municipio__nombre", _("Municipio"))
    tipo = _col("get_tipo_display", _("Tipo"))
    tema = _col("tema", _("Tema"))
    modulo = _col("modulo__nombre", _("Módulo del currículo"))
    estado = _col("get_estado_display", _("Estado"))
    motivo_cancelacion = _col("motivo_cancelacion", _("Motivo de la cancelación"))
    sector = _col("sector__nombre", _("Sector"))
    lugar = _col("lugar", _("Lugar"))
    inicio = _col("inicio", _("Inicio"))
    fin = _col("fin", _("Fin"))
    publico_objetivo = _col("get_publico_objetivo_display", _("Público objetivo"))
    registrados = _col("n_registrados", _("Asistentes registrados uno a uno"))
    contados = _col("n_contados", _("Asistentes contados"))
    participantes = Field(column_name=_("Participantes"))
    compromisos = _col("compromisos", _("Compromisos"))
    registrada_por = _col("registrada_por__get_full_name", _("Registrada por"))

    relaciones = ("municipio", "modulo", "sector", "registrada_por")

    class Meta:
        model = Actividad
        name = _("Actividades")
        fields = ["municipio", "tipo", "tema", "modulo", "estado", "motivo_cancelacion"]
        fields += ["sector", "lugar", "inicio", "fin", "publico_objetivo", "registrados"]
        fields += ["contados", "participantes", "compromisos", "registrada_por"]
        export_order = fields

    def filas(self, queryset: QuerySet) -> QuerySet:
        return (
            super()
            .filas(queryset)
            .annotate(
                n_registrados=_subtotal(Asistencia.objects, Count("pk")),
                n_contados=_subtotal(ConteoAsistencia.objects, Sum("cantidad")),
            )
        )

    def dehydrate_participantes(self, actividad):
        return actividad.n_registrados + actividad.n_contados


class AsistenciaRecurso(RecursoExportable):
    municipio = _col("actividad__municipio__nombre", _("Municipio"))
    actividad = _col("actividad__tema", _("Actividad"))
    tipo_actividad = _col("actividad__get_tipo_display", _("Tipo de actividad"))
    fecha = _col("actividad__inicio", _("Fecha de la actividad"))
    estado_actividad = _col("actividad__get_estado_display", _("Estado de la actividad"))
    codigo_persona = Field(column_name=_("Código de la persona"))
    tipo_documento = _col("persona__get_tipo_documento_display", _("Tipo de documento"))
    numero_documento = _col("persona__numero_documento", _("Número de documento"))
    nombres = _col("persona__nombres", _("Nombres"))
    apellidos = _col("persona__apellidos", _("Apellidos"))
    sexo = _col("get_sexo_display", _("Sexo"))
    grupo_edad = _col("get_grupo_edad_display", _("Grupo de edad"))
    enfoque_etnico = _col("enfoque_etnico", _("Pertenencia étnica"))
    enfoque_discapacidad = _col("enfoque_discapacidad", _("Persona con discapacidad"))
    enfoque_victima = _col("enfoque_victima", _("Víctima del conflicto armado"))
    enfoque_migrante = _col("enfoque_migrante", _("Migrante"))
    enfoque_lgbtiq = _col("enfoque_lgbtiq", _("LGBTIQ+"))
    organizacion = _col("organizacion__nombre", _("Organización"))
    comparendo = _col("comparendo", _("Orden de comparendo"))

    campos_personales = frozenset({"numero_documento", "nombres", "apellidos", "comparendo"})
    relaciones = ("actividad__municipio", "persona", "organizacion")

    class Meta:
        model = Asistencia
        name = _("Asistencia a actividades")
        fields = ["municipio", "actividad", "tipo_actividad", "fecha", "estado_actividad"]
        fields += ["codigo_persona", "tipo_documento", "numero_documento", "nombres"]
        fields += ["apellidos", "sexo", "grupo_edad", "enfoque_etnico", "enfoque_discapacidad"]
        fields += ["enfoque_victima", "enfoque_migrante", "enfoque_lgbtiq", "organizacion"]
        fields += ["comparendo"]
        export_order = fields

    def fila_reservada(self, asistencia) -> bool:
        return asistencia.persona.es_menor

    def dehydrate_codigo_persona(self, asistencia):
        return seudonimo(asistencia.persona_id)
