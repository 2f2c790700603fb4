"""Admin de casos para el equipo AMB: consultar, exportar y reasignar en bloque.

Los casos y todo lo que cuelga de ellos se escriben solo por las pantallas, que pasan por los
servicios (radicado, ciclo de vida, versión, actuaciones): aquí se leen, con su auditoría, y la
única escritura es la acción «Reasignar», que llama al mismo servicio que la pantalla.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportMixin
from simple_history.admin import SimpleHistoryAdmin

from auditoria.exportes import ExportacionAdminMixin
from casos import services
from casos.alcance import nombre_en_el_admin
from casos.forms_admin import ReasignarEnBloqueForm
from casos.models import (
    Actuacion,
    Acuerdo,
    Adjunto,
    Caso,
    Compromiso,
    ConsecutivoRadicado,
    Parte,
    Persona,
    TipoConflicto,
    es_menor_q,
)
from casos.recursos import (
    ActuacionRecurso,
    AcuerdoRecurso,
    CasoPorParteRecurso,
    CasoRecurso,
    CompromisoRecurso,
    TipoConflictoRecurso,
)
from comun.admin_site import (
    BuscaExacto,
    EditablesConNombreMixin,
    FechaConAnios,
    ListaGrande,
    SoloLectura,
)
from municipios.alcance import AdminConAlcance


def nombre_de(usuario) -> str:
    return usuario.get_full_name() or usuario.get_username() if usuario else "—"


@admin.register(TipoConflicto)
class TipoConflictoAdmin(
    EditablesConNombreMixin, ImportMixin, ExportacionAdminMixin, SimpleHistoryAdmin
):
    import_template_name = "admin/auditoria/importe.html"
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    resource_classes = [TipoConflictoRecurso]
    list_display = [
        "nombre",
        "categoria",
        "referencia_legal",
        "mediable",
        "entidad_sugerida",
        "orden",
        "activo",
    ]
    list_filter = ["categoria", "mediable", "activo", "entidad_sugerida"]
    list_editable = ["activo"]
    search_fields = ["nombre", "referencia_legal"]


class ParteInline(SoloLectura, admin.TabularInline):
    model = Parte
    extra = 0
    fields = ["persona_visible", "rol"]
    readonly_fields = fields

    verbose_name_plural = _("partes (mayores de edad)")

    def get_queryset(self, request):
        # Las partes menores de edad no se listan (ni su nombre): el caso dice cuántas son.
        return (
            super().get_queryset(request).select_related("persona").exclude(es_menor_q("persona__"))
        )

    @admin.display(description=_("persona"))
    def persona_visible(self, parte):
        return nombre_en_el_admin(parte.persona)


@admin.register(Caso)
class CasoAdmin(
    BuscaExacto,
    SoloLectura,
    ListaGrande,
    AdminConAlcance,
    ExportacionAdminMixin,
    SimpleHistoryAdmin,
):
    resource_classes = [CasoRecurso, CasoPorParteRecurso]
    busqueda_exacta = "radicado"
    list_display = [
        "radicado",
        "municipio",
        "tipo",
        "estado",
        "nivel_riesgo",
        "responsable",
        "fecha_recepcion",
        "cerrado_en",
    ]
    list_filter = [
        "municipio",
        "estado",
        "nivel_riesgo",
        "tipo",
        "canal",
        "resultado",
        ("fecha_recepcion", FechaConAnios),
    ]
    list_select_related = ["municipio", "tipo", "gestor"]
    search_fields = ["=radicado"]
    search_help_text = _(
        "Radicado completo (p. ej. MAL-2026-00042) o palabras del nombre de una parte mayor de "
        "edad, sin importar tildes ni mayúsculas."
    )
    # Sin date_hierarchy (ListaGrande): los años, en el filtro de la fecha de recepción.
    fields = [
        ("radicado", "estado", "resultado"),
        ("municipio", "sector", "direccion"),
        ("fecha_hechos", "fecha_recepcion", "canal"),
        ("tipo", "nivel_riesgo"),
        "relato",
        ("gestor", "registrado_por"),
        ("creado", "cerrado_en", "version"),
        "partes_menores",
    ]
    readonly_fields = [
        "radicado",
        "estado",
        "resultado",
        "municipio",
        "sector",
        "direccion",
        "fecha_hechos",
        "fecha_recepcion",
        "canal",
        "tipo",
        "nivel_riesgo",
        "relato",
        "gestor",
        "registrado_por",
        "creado",
        "cerrado_en",
        "version",
        "partes_menores",
    ]
    inlines = [ParteInline]
    actions = ["reasignar"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_search_results(self, request, queryset, search_term):
        """El radicado completo, por su índice; si no, los casos de las personas mayores de edad
        cuyo nombre contiene cada palabra (índice de trigramas)."""
        termino = search_term.strip()
        if not termino or self.patron_exacto.fullmatch(termino):
            return super().get_search_results(request, queryset, termino)
        personas = Persona.objects.buscar(termino).exclude(es_menor_q())
        partes = Parte.objects.filter(persona__in=personas).values("caso_id")
        return queryset.filter(pk__in=partes), False

    @admin.display(description=_("partes menores de edad"))
    def partes_menores(self, caso):
        cuantas = caso.partes.filter(es_menor_q("persona__")).count()
        if not cuantas:
            return "—"
        return ngettext(
            "%(n)d (sus datos son del gestor responsable y del coordinador)",
            "%(n)d (sus datos son del gestor responsable y del coordinador)",
            cuantas,
        ) % {"n": cuantas}

    @admin.display(description=_("gestor responsable"), ordering="gestor__first_name")
    def responsable(self, caso):
        return nombre_de(caso.gestor)

    def has_reasignar_permission(self, request):
        return request.user.has_perm("casos.reasignar_caso")

    @admin.action(description=_("Reasignar a un gestor certificado"), permissions=["reasignar"])
    def reasignar(self, request, queryset):
        """Reasigna los casos elegidos con `caso_reasignar` (la misma regla que la pantalla:
        gestor activo y certificado del municipio del caso), todos o ninguno."""
        casos = list(queryset.select_related("municipio", "gestor").order_by("pk"))
        municipios = {caso.municipio for caso in casos}
        if len(municipios) != 1:
            self.message_user(
                request,
                _("Elija casos de un solo municipio: el nuevo responsable es de un municipio."),
                messages.ERROR,
            )
            return None
        (municipio,) = municipios
        form = ReasignarEnBloqueForm(
            request.POST if "confirmar" in request.POST else None, municipio=municipio
        )
        if form.is_valid():
            gestor = form.cleaned_data["gestor"]
            try:
                with transaction.atomic():
                    for caso in casos:
                        services.caso_reasignar(caso=caso, autor=request.user, gestor=gestor)
                        self.log_change(
                            request, caso, _("Reasignado a %(g)s") % {"g": nombre_de(gestor)}
                        )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(n)d caso reasignado a %(g)s.",
                        "%(n)d casos reasignados a %(g)s.",
                        len(casos),
                    )
                    % {"n": len(casos), "g": nombre_de(gestor)},
                    messages.SUCCESS,
                )
                return None
        contexto = {
            **self.admin_site.each_context(request),
            "title": _("Reasignar casos de %(m)s") % {"m": municipio},
            "opts": self.model._meta,
            "casos": casos,
            "form": form,
            "accion": "reasignar",
            "seleccionados": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/casos/caso/reasignar.html", contexto)


@admin.register(Actuacion)
class ActuacionAdmin(
    BuscaExacto, SoloLectura, ListaGrande, AdminConAlcance, ExportacionAdminMixin, admin.ModelAdmin
):
    resource_classes = [ActuacionRecurso]
    busqueda_exacta = "caso__radicado"
    list_display = ["caso", "municipio", "tipo", "fecha", "autor_nombre"]
    list_filter = ["caso__municipio", "tipo", ("fecha", FechaConAnios)]
    list_select_related = ["caso__municipio", "autor"]
    search_fields = ["=caso__radicado"]
    # Sin date_hierarchy (ListaGrande): su primer nivel (los años) es un DISTINCT sobre toda la
    # tabla, 1 s con 3,4 millones de actuaciones. Los años salen del índice de la fecha.

    @admin.display(description=_("municipio"), ordering="caso__municipio__nombre")
    def municipio(self, actuacion):
        return actuacion.caso.municipio

    @admin.display(description=_("autor"))
    def autor_nombre(self, actuacion):
        return nombre_de(actuacion.autor)


class DeUnCasoAdmin(
    BuscaExacto,
    SoloLectura,
    ListaGrande,
    AdminConAlcance,
    ExportacionAdminMixin,
    SimpleHistoryAdmin,
):
    """Lo que cuelga de un caso (con historia): se lee, se busca por radicado y se exporta."""

    ruta_caso = "caso"

    @property
    def busqueda_exacta(self):
        return f"{self.ruta_caso}__radicado"

    @admin.display(description=_("municipio"))
    def municipio(self, obj):
        for paso in self.ruta_caso.split("__"):
            obj = getattr(obj, paso)
        return obj.municipio


class CompromisoInline(SoloLectura, admin.TabularInline):
    model = Compromiso
    extra = 0
    fields = ["de_quien", "descripcion", "fecha_limite"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parte__persona")

    @admin.display(description=_("parte"))
    def de_quien(self, compromiso):
        return nombre_en_el_admin(compromiso.parte.persona)


@admin.register(Acuerdo)
class AcuerdoAdmin(DeUnCasoAdmin):
    resource_classes = [AcuerdoRecurso]
    list_display = ["caso", "municipio", "fecha", "fecha_verificacion", "resultado_verificacion"]
    list_filter = [
        "caso__municipio",
        "resultado_verificacion",
        ("fecha", FechaConAnios),
        ("fecha_verificacion", admin.DateFieldListFilter),
    ]
    list_select_related = ["caso__municipio"]
    search_fields = ["=caso__radicado"]
    inlines = [CompromisoInline]


@admin.register(Compromiso)
class CompromisoAdmin(DeUnCasoAdmin):
    resource_classes = [CompromisoRecurso]
    ruta_caso = "acuerdo__caso"
    list_display = ["descripcion", "caso", "municipio", "fecha_limite", "verificacion"]
    list_filter = [
        "acuerdo__caso__municipio",
        "acuerdo__resultado_verificacion",
        ("fecha_limite", admin.DateFieldListFilter),
    ]
    list_select_related = ["acuerdo__caso__municipio"]
    search_fields = ["=acuerdo__caso__radicado"]
    ordering = ["-pk"]  # los más recientes, por su índice (la fecha límite no tiene)

    @admin.display(description=_("caso"), ordering="acuerdo__caso__radicado")
    def caso(self, compromiso):
        return compromiso.acuerdo.caso

    @admin.display(description=_("verificación del acuerdo"))
    def verificacion(self, compromiso):
        return compromiso.acuerdo.get_resultado_verificacion_display() or "—"


@admin.register(Adjunto)
class AdjuntoAdmin(BuscaExacto, SoloLectura, ListaGrande, AdminConAlcance, admin.ModelAdmin):
    """Solo los datos del archivo: el archivo se descarga por el caso, con su alcance."""

    busqueda_exacta = "caso__radicado"
    list_display = ["nombre_original", "caso", "tipo_contenido", "tamano", "subido_por", "creado"]
    list_filter = ["caso__municipio", "tipo_contenido", ("creado", admin.DateFieldListFilter)]
    list_select_related = ["caso", "subido_por"]
    search_fields = ["=caso__radicado"]
    ordering = ["-pk"]  # los más recientes, por su índice (`creado` no tiene)
    fields = ["caso", "nombre_original", "tipo_contenido", "tamano", "descripcion"]
    fields += ["subido_por", "creado"]
    readonly_fields = fields


@admin.register(ConsecutivoRadicado)
class ConsecutivoRadicadoAdmin(SoloLectura, admin.ModelAdmin):
    """El último radicado usado por municipio y año: para consultar, nunca para cambiar."""

    list_display = ["municipio", "anio", "ultimo"]
    list_filter = ["municipio", "anio"]
    list_select_related = ["municipio"]


# Las personas, sus autorizaciones, duplicados y fusiones: admin_personas.py.
from casos import admin_personas  # noqa: E402, F401
