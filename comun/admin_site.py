"""El admin de Convivencia y lo que comparten sus listas (solo lectura, búsqueda exacta, listas
grandes). El sitio: el de django-otp (solo con el segundo factor verificado), en
español, y con un único ingreso, el de /cuenta/ (bloqueo por intentos y segundo factor)."""

import datetime
import re

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core import checks
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
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
    """Listas de tablas de millones de filas: ninguna consulta que recorra la tabla entera.

    - Sin `COUNT(*)` del total (`show_full_result_count`) y, sin filtros, la estimación de
      PostgreSQL en vez de contar (`PaginadorEstimado`: la lista dice «unos 1.000.000»).
    - Sin facetas: `?_facets=1` contaría cada opción de cada filtro sobre toda la tabla.
    - Sin `date_hierarchy` (lo revisa `check`): su primer nivel es un `SELECT DISTINCT
      DATE_TRUNC('year', …)` de toda la tabla, 168 ms de cada página con un millón de casos. En
      su lugar, `FechaConAnios` en `list_filter`.
    """

    paginator = PaginadorEstimado
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    list_per_page = 50

    def check(self, **kwargs):
        errores = super().check(**kwargs)
        if self.date_hierarchy:
            errores.append(
                checks.Error(
                    "Una lista grande no lleva date_hierarchy (recorre la tabla en cada página).",
                    hint="Use FechaConAnios en list_filter.",
                    obj=self.__class__,
                    id="comun.E001",
                )
            )
        return errores

    def changelist_view(self, request, extra_context=None):
        respuesta = super().changelist_view(request, extra_context)
        contexto = getattr(respuesta, "context_data", None) or {}
        cl = contexto.get("cl")
        if cl is not None and getattr(cl.paginator, "estimado", False):
            # «Todos los 1.000.000 seleccionados» sería una cifra exacta que nadie contó.
            contexto["selection_note_all"] = _("Todos seleccionados (%(n)s)") % {
                "n": cl.paginator.cuenta_aproximada
            }
        return respuesta


class FechaConAnios(admin.DateFieldListFilter):
    """El filtro de fechas de Django (hoy, 7 días, este mes, este año) y un enlace por cada año
    anterior, del último al primero que tenga filas: lo que daba el primer nivel de
    `date_hierarchy`, sin su `DISTINCT` de toda la tabla. Los años salen de la primera y la
    última fecha (dos lecturas del índice de la fecha: úselo en campos con índice)."""

    def choices(self, changelist):
        self.links = (*self.links, *self._anios(changelist.root_queryset))
        yield from super().choices(changelist)

    def _anios(self, consulta):
        fechas = consulta.values_list(self.field_path, flat=True)
        if self.field.null:
            fechas = fechas.exclude(**{f"{self.field_path}__isnull": True})
        primera = fechas.order_by(self.field_path).first()
        ultima = fechas.order_by(f"-{self.field_path}").first()
        if primera is None or ultima is None:
            return []
        es_fecha_hora = isinstance(self.field, models.DateTimeField)
        if es_fecha_hora:
            primera, ultima = timezone.localtime(primera), timezone.localtime(ultima)
        ya = [parametros for _titulo, parametros in self.links]
        enlaces = []
        for anio in range(ultima.year, primera.year - 1, -1):
            desde, hasta = datetime.date(anio, 1, 1), datetime.date(anio + 1, 1, 1)
            if es_fecha_hora:
                desde = timezone.make_aware(datetime.datetime.combine(desde, datetime.time()))
                hasta = timezone.make_aware(datetime.datetime.combine(hasta, datetime.time()))
            parametros = {self.lookup_kwarg_since: desde, self.lookup_kwarg_until: hasta}
            if parametros not in ya:  # el año en curso ya es «Este año»
                enlaces.append((str(anio), parametros))
        return enlaces
