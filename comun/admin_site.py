"""El admin de Convivencia y lo que comparten sus listas (solo lectura, búsqueda exacta, listas
grandes). El sitio: el de django-otp (solo con el segundo factor verificado), en
español, y con un único ingreso, el de /cuenta/ (bloqueo por intentos y segundo factor)."""

import re

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp.admin import OTPAdminSite

from comun.paginacion import PaginadorEstimado
from comun.replica import lee_de_la_replica

# Las vistas del admin que leen de la copia de lectura, si hay una (comun/replica.py): la lista
# (solo GET: sus acciones y la edición en la lista escriben) y el exporte (el POST es el exporte).
LEEN_DE_LA_REPLICA = {"changelist_view": {"solo_get": True}, "export_action": {"solo_get": False}}


class ConvivenciaAdminSite(OTPAdminSite):
    site_header = _("Convivencia — Área Metropolitana de Barranquilla")
    site_title = _("Convivencia AMB")
    index_title = _("Administración del programa de convivencia")

    def __init__(self, name="admin"):
        super().__init__(name)

    def admin_view(self, view, cacheable=False):
        opciones = LEEN_DE_LA_REPLICA.get(getattr(view, "__name__", ""))
        if opciones is not None:
            view = lee_de_la_replica(view, **opciones)
        return super().admin_view(view, cacheable)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        destino = request.GET.get("next") or reverse("admin:index")
        if request.user.is_authenticated and self.has_permission(request):
            return redirect(destino)
        # Sin sesión, o sin permiso (la página de ingreso lo dice): al ingreso del sitio.
        return redirect_to_login(destino)


class EditablesConNombreMixin:
    """Los campos editables de la lista (`list_editable`) no traen etiqueta: el lector de pantalla
    solo diría «casilla». Cada uno lleva «<campo>: <objeto>» como nombre (axe: label)."""

    def get_changelist_form(self, request, **kwargs):
        formulario = super().get_changelist_form(request, **kwargs)

        class ConNombres(formulario):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for campo in self.fields.values():
                    campo.widget.attrs["aria-label"] = f"{campo.label}: {self.instance}"

        return ConNombres


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
