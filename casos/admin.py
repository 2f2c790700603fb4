"""Admin de casos para el equipo AMB: consultar, exportar y reasignar en bloque.

Los casos y todo lo que cuelga de ellos se escriben solo por las pantallas, que pasan por los
servicios (radicado, ciclo de vida, versión, actuaciones): aquí se leen, con su auditoría, y la
única escritura es la acción «Reasignar», que llama al mismo servicio que la pantalla.
"""

import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
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
    Autorizacion,
    AvisoPrivacidad,
    Caso,
    Compromiso,
    ConsecutivoRadicado,
    FusionPersonas,
    Notificacion,
    Parte,
    Persona,
    PlazoRemision,
    PosibleDuplicado,
    Remision,
    TipoConflicto,
    es_menor_q,
)
from casos.recursos import (
    ActuacionRecurso,
    AcuerdoRecurso,
    CasoPorParteRecurso,
    CasoRecurso,
    CompromisoRecurso,
    RemisionRecurso,
    TipoConflictoRecurso,
)
from comun.admin_site import EditablesConNombreMixin
from comun.paginacion import PaginadorEstimado
from municipios.alcance import AdminConAlcance


class SoloLectura:
    """Se consulta en el admin; se escribe por las pantallas (servicios, auditoría)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BuscaExacto:
    """Búsqueda por un código exacto (radicado, documento) que usa su índice.

    El `=campo` del admin compara sin mayúsculas (`UPPER(x) = UPPER(y)`) y recorre la tabla: con
    un millón de casos, casi 3 s. Los radicados y documentos se guardan en mayúsculas.
    """

    busqueda_exacta: str = ""
    busqueda_libre = False  # True: lo que no es un código se busca en search_fields
    patron_exacto = re.compile(r"^[A-Za-z]{3}-\d{4}-\d{5}$")  # un radicado: GAL-2026-00042

    def get_search_results(self, request, queryset, search_term):
        termino = search_term.strip()
        if not termino:
            return queryset, False
        if self.patron_exacto.fullmatch(termino):
            return queryset.filter(**{self.busqueda_exacta: termino.upper()}), False
        if self.busqueda_libre:
            return super().get_search_results(request, queryset, termino)
        return queryset.none(), False


class ListaGrande:
    """Listas de tablas de millones de filas: sin COUNT completo, con conteo estimado."""

    paginator = PaginadorEstimado
    show_full_result_count = False
    list_per_page = 50


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
        ("fecha_recepcion", admin.DateFieldListFilter),
    ]
    list_select_related = ["municipio", "tipo", "gestor"]
    search_fields = ["=radicado"]
    search_help_text = _(
        "Radicado completo (p. ej. MAL-2026-00042) o palabras del nombre de una parte mayor de "
        "edad, sin importar tildes ni mayúsculas."
    )
    date_hierarchy = "fecha_recepcion"
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


@admin.register(Persona)
class PersonaAdmin(BuscaExacto, SoloLectura, ListaGrande, SimpleHistoryAdmin):
    """Las personas de los casos y actividades. Las de menores de edad, sin sus datos: ni en la
    lista, ni en la ficha, ni en la historia (son del gestor responsable y del coordinador)."""

    busqueda_exacta = "numero_documento"
    patron_exacto = re.compile(r"^[0-9A-Za-z]{3,20}$")
    list_display = ["nombre", "municipio", "tipo_documento", "documento", "sexo", "autoriza"]
    list_filter = [
        "municipio",
        "tipo_documento",
        "sexo",
        ("autorizacion", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["municipio"]
    search_fields = ["=numero_documento"]
    search_help_text = _(
        "Número de documento completo, o palabras del nombre (sin importar tildes ni "
        "mayúsculas; los menores de edad, solo por documento)."
    )
    DE_MENORES = ["municipio", "tipo_documento", "sexo", "edad", "creado"]

    def get_queryset(self, request):
        return super().get_queryset(request).del_alcance(request.user)

    @admin.display(description=_("autoriza sus datos"), boolean=True)
    def autoriza(self, persona):
        return persona.autoriza_datos

    @admin.display(description=_("nombre"), ordering="apellidos")
    def nombre(self, persona):
        return nombre_en_el_admin(persona)

    @admin.display(description=_("número de documento"))
    def documento(self, persona):
        return "—" if persona.es_menor else persona.numero_documento

    def get_search_results(self, request, queryset, search_term):
        """El documento completo, por su índice, o las personas mayores de edad cuyo nombre
        contiene cada palabra (índice de trigramas). A un menor no lo delata su nombre ni su
        documento: tampoco en el autocompletar, así escribirlo no confirma que exista."""
        termino = search_term.strip()
        if termino and not any(caracter.isdigit() for caracter in termino):
            return queryset.buscar(termino).exclude(es_menor_q()), False
        encontradas, distintas = super().get_search_results(request, queryset, termino)
        if termino:
            encontradas = encontradas.exclude(es_menor_q())
        return encontradas, distintas

    def get_fields(self, request, obj=None):
        if obj is not None and obj.es_menor:
            return self.DE_MENORES
        return super().get_fields(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        persona = self.get_object(request, object_id)
        if persona is not None:
            extra_context = {**(extra_context or {}), "subtitle": nombre_en_el_admin(persona)}
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        persona = self.get_object(request, object_id)
        if persona is not None and persona.es_menor:
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)


@admin.register(Actuacion)
class ActuacionAdmin(
    BuscaExacto, SoloLectura, ListaGrande, AdminConAlcance, ExportacionAdminMixin, admin.ModelAdmin
):
    resource_classes = [ActuacionRecurso]
    busqueda_exacta = "caso__radicado"
    list_display = ["caso", "municipio", "tipo", "fecha", "autor_nombre"]
    list_filter = ["caso__municipio", "tipo", ("fecha", admin.DateFieldListFilter)]
    list_select_related = ["caso__municipio", "autor"]
    search_fields = ["=caso__radicado"]
    # Sin date_hierarchy: su primer nivel (los años) es un DISTINCT sobre toda la tabla, 1 s con
    # 3,4 millones de actuaciones. El filtro de fechas de la derecha no consulta nada.

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
        ("fecha_envio", admin.DateFieldListFilter),
    ]
    list_select_related = ["caso__municipio", "entidad"]
    search_fields = ["=caso__radicado", "entidad__nombre"]
    date_hierarchy = "fecha_envio"


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
        ("fecha", admin.DateFieldListFilter),
        ("fecha_verificacion", admin.DateFieldListFilter),
    ]
    list_select_related = ["caso__municipio"]
    search_fields = ["=caso__radicado"]
    date_hierarchy = "fecha"
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
    date_hierarchy = "fecha_limite"

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
    list_filter = ["caso__municipio", "tipo_contenido"]
    list_select_related = ["caso", "subido_por"]
    search_fields = ["=caso__radicado"]
    date_hierarchy = "creado"
    fields = ["caso", "nombre_original", "tipo_contenido", "tamano", "descripcion"]
    fields += ["subido_por", "creado"]
    readonly_fields = fields


@admin.register(ConsecutivoRadicado)
class ConsecutivoRadicadoAdmin(SoloLectura, admin.ModelAdmin):
    """El último radicado usado por municipio y año: para consultar, nunca para cambiar."""

    list_display = ["municipio", "anio", "ultimo"]
    list_filter = ["municipio", "anio"]
    list_select_related = ["municipio"]


@admin.register(PlazoRemision)
class PlazoRemisionAdmin(SimpleHistoryAdmin):
    list_display = ["tipo_entidad", "dias_habiles"]


@admin.register(Notificacion)
class NotificacionAdmin(SoloLectura, ListaGrande, admin.ModelAdmin):
    """Bitácora de correos: solo lectura."""

    list_display = ["creado", "tipo", "para", "asunto", "estado", "enviado_en"]
    list_filter = ["tipo", "estado"]
    search_fields = ["para", "asunto"]
    date_hierarchy = "creado"


# --- Registro de personas: avisos de privacidad, autorizaciones, duplicados y fusiones ----------


@admin.register(AvisoPrivacidad)
class AvisoPrivacidadAdmin(SimpleHistoryAdmin):
    """El equipo AMB publica una versión nueva del aviso (con fecha desde la que rige); las
    autorizaciones guardan la versión que se leyó, así que una versión usada no se borra."""

    list_display = ["version", "vigente_desde"]
    ordering = ["-vigente_desde"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.autorizaciones.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Autorizacion)
class AutorizacionAdmin(SoloLectura, ListaGrande, admin.ModelAdmin):
    """Las pruebas de las autorizaciones, de solo lectura (las escriben el registro y la
    revocación). Sin nombres: la persona aparece por su registro."""

    list_display = ["pk", "persona_id", "medio", "aviso", "capturada_en", "revocada_en"]
    list_filter = ["medio", ("revocada_en", admin.EmptyFieldListFilter), "aviso"]
    list_select_related = ["aviso"]
    fields = [
        "persona_id",
        "medio",
        "aviso",
        "finalidades",
        "capturada_por",
        "capturada_en",
        "revocada_en",
        "revocada_por",
        "motivo_revocacion",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(persona__in=Persona.objects.del_alcance(request.user))
        )


@admin.register(PosibleDuplicado)
class PosibleDuplicadoAdmin(SoloLectura, AdminConAlcance, admin.ModelAdmin):
    """Se revisan y fusionan en la pantalla «Duplicados»; aquí, la lista y su estado."""

    list_display = ["pk", "municipio", "motivo", "estado", "detectado_en", "resuelto_en"]
    list_filter = ["municipio", "motivo", "estado"]
    list_select_related = ["municipio"]
    fields = [*list_display[1:], "resuelto_por"]


@admin.register(FusionPersonas)
class FusionPersonasAdmin(SoloLectura, AdminConAlcance, admin.ModelAdmin):
    list_display = ["pk", "municipio", "conservada_id", "fusionada_id", "autor", "creado"]
    list_filter = ["municipio"]
    list_select_related = ["municipio", "autor"]
    fields = ["municipio", "conservada_id", "fusionada_id", "movidos", "autor", "creado"]
