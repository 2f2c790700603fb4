"""Admin del registro de personas para el equipo AMB: personas (las de menores, sin sus datos),
avisos de privacidad, autorizaciones, posibles duplicados y fusiones. Se leen; se escriben por
las pantallas (servicios de casos/personas.py)."""

import re

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from casos.alcance import nombre_en_el_admin
from casos.models import (
    Autorizacion,
    AvisoPrivacidad,
    FusionPersonas,
    Persona,
    PosibleDuplicado,
    es_menor_q,
)
from comun.admin_site import BuscaExacto, ListaGrande, SoloLectura
from municipios.alcance import AdminConAlcance, municipio_de_alcance


def nombre_de(usuario) -> str:
    return usuario.get_full_name() or usuario.get_username() if usuario else "—"


@admin.register(Persona)
class PersonaAdmin(BuscaExacto, SoloLectura, ListaGrande, SimpleHistoryAdmin):
    """Las personas de los casos y actividades. Las de menores de edad, sin sus datos: ni en la
    lista, ni en la ficha, ni en la historia (son del gestor responsable y del coordinador)."""

    busqueda_exacta = "numero_documento"
    patron_exacto = re.compile(r"^[0-9A-Za-z]{3,20}$")
    # Las más recientes primero, por su llave: el orden del modelo (apellidos y nombres, sin
    # índice) ordenaba 1,84 millones de filas en cada página (2,7 s).
    ordering = ["-pk"]
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
    # Por su llave (el orden de captura): la fecha de captura no tiene índice y ordenar 1,47
    # millones de autorizaciones tardaba 4,8 s.
    ordering = ["-pk"]
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
        consulta = super().get_queryset(request)
        if municipio_de_alcance(request.user)[0]:
            return consulta  # ve todas: sin un filtro que obligue a contar de verdad
        return consulta.filter(persona__in=Persona.objects.del_alcance(request.user))


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
