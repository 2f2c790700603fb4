import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from casos.forms import ResponsableField
from casos.models import (
    Acuerdo,
    Caso,
    Estado,
    NivelRiesgo,
    Resultado,
    ResultadoVerificacion,
    TipoConflicto,
    modelo_remision,
)
from casos.selectors import filtrar_por_parte
from gestores.models import Rol
from municipios.models import Entidad, Municipio, Sector, Zona

FECHA = forms.DateInput(attrs={"type": "date"})
SIN_SECTOR = "sin_sector"
ALERTAS = [
    ("seguimiento", _("Sin seguimiento en 15 días")),
    ("remision", _("Remisión vencida sin respuesta")),
    ("verificacion", _("Verificación de acuerdo atrasada")),
]
CAMPO_ALERTA = {
    "seguimiento": "sin_seguimiento",
    "remision": "remision",
    "verificacion": "verificacion",
}
# Campos del formulario que se muestran bajo «Más filtros» (los que traen los tableros).
AVANZADOS = {
    "zona",
    "cerrado_desde",
    "cerrado_hasta",
    "resultado",
    "reincidente",
    "alerta",
    "remitido_a",
    "remitido_desde",
    "remitido_hasta",
    "verificacion",
    "verificado_desde",
    "verificado_hasta",
}


class ResponsableFilter(django_filters.ModelChoiceFilter):
    field_class = ResponsableField


class CasoFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Buscar"),
        method="buscar",
        widget=forms.TextInput(attrs={"placeholder": _("Radicado, nombre o documento")}),
    )
    municipio = django_filters.ModelChoiceFilter(
        label=_("Municipio"), queryset=Municipio.objects.none()
    )
    estado = django_filters.MultipleChoiceFilter(
        label=_("Estado"), choices=Estado.choices, widget=forms.CheckboxSelectMultiple
    )
    tipo = django_filters.ModelChoiceFilter(label=_("Tipo"), queryset=TipoConflicto.objects.all())
    sector = django_filters.ModelChoiceFilter(label=_("Sector"), queryset=Sector.objects.none())
    nivel_riesgo = django_filters.ChoiceFilter(label=_("Riesgo"), choices=NivelRiesgo.choices)
    gestor = ResponsableFilter(label=_("Gestor"), queryset=get_user_model().objects.none())
    desde = django_filters.DateFilter(
        label=_("Recibido desde"), field_name="fecha_recepcion", lookup_expr="gte", widget=FECHA
    )
    hasta = django_filters.DateFilter(
        label=_("Recibido hasta"), field_name="fecha_recepcion", lookup_expr="lte", widget=FECHA
    )
    vencido = django_filters.BooleanFilter(
        label=_("Solo con alertas"),
        field_name="vencido",
        widget=forms.CheckboxInput,
        method="solo_vencidos",
    )
    # Los filtros que usan los tableros para llevar de una cifra a los casos que la forman.
    zona = django_filters.ChoiceFilter(
        label=_("Zona"), choices=[*Zona.choices, (SIN_SECTOR, _("Sin sector"))], method="por_zona"
    )
    cerrado_desde = django_filters.DateFilter(
        label=_("Cerrado desde"), field_name="cerrado_en", lookup_expr="date__gte", widget=FECHA
    )
    cerrado_hasta = django_filters.DateFilter(
        label=_("Cerrado hasta"), field_name="cerrado_en", lookup_expr="date__lte", widget=FECHA
    )
    resultado = django_filters.ChoiceFilter(label=_("Resultado"), choices=Resultado.choices)
    reincidente = django_filters.BooleanFilter(
        label=_("Reincidentes"), method="solo_reincidentes", widget=forms.CheckboxInput
    )
    alerta = django_filters.ChoiceFilter(
        label=_("Alerta"), choices=ALERTAS, method="por_alerta", empty_label=_("Cualquiera")
    )
    remitido_a = django_filters.ModelChoiceFilter(
        label=_("Remitido a"), queryset=Entidad.objects.none(), method="sin_efecto"
    )
    remitido_desde = django_filters.DateFilter(
        label=_("Remitido desde"), method="sin_efecto", widget=FECHA
    )
    remitido_hasta = django_filters.DateFilter(
        label=_("Remitido hasta"), method="sin_efecto", widget=FECHA
    )
    verificacion = django_filters.ChoiceFilter(
        label=_("Verificación del acuerdo"),
        choices=ResultadoVerificacion.choices,
        method="sin_efecto",
    )
    verificado_desde = django_filters.DateFilter(
        label=_("Verificado desde"), method="sin_efecto", widget=FECHA
    )
    verificado_hasta = django_filters.DateFilter(
        label=_("Verificado hasta"), method="sin_efecto", widget=FECHA
    )
    orden = django_filters.OrderingFilter(
        label=_("Orden"),
        fields=(("fecha_recepcion", "fecha"), ("nivel_riesgo", "riesgo"), ("estado", "estado")),
        field_labels={"fecha_recepcion": _("Fecha de recepción"), "nivel_riesgo": _("Riesgo")},
    )

    class Meta:
        model = Caso
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        municipios = Municipio.objects.visible_para(user).filter(activo=True)
        self.filters["municipio"].queryset = municipios
        self.filters["sector"].queryset = Sector.objects.visible_para(user).select_related(
            "municipio"
        )
        self.filters["gestor"].queryset = (
            get_user_model()
            .objects.filter(
                perfil__municipio__in=municipios, perfil__rol__in=[Rol.GESTOR, Rol.COORDINADOR]
            )
            .order_by("first_name")
        )
        self.filters["tipo"].queryset = TipoConflicto.objects.all()
        self.filters["remitido_a"].queryset = Entidad.objects.visible_para(user).select_related(
            "municipio"
        )
        if municipios.count() <= 1:
            del self.filters["municipio"]

    def buscar(self, queryset, name, value):
        return filtrar_por_parte(queryset, self.user, value)

    def solo_vencidos(self, queryset, name, value):
        return queryset.con_alertas().filter(vencido=True) if value else queryset

    def por_zona(self, queryset, name, value):
        if value == SIN_SECTOR:
            return queryset.filter(sector__isnull=True)
        return queryset.filter(sector__zona=value)

    def solo_reincidentes(self, queryset, name, value):
        """La reincidencia guardada al agregar cada parte (`tableros.Reincidencia`, la misma
        definición que `Caso.objects.con_reincidencia`): una unión por la llave del caso, no una
        subconsulta por caso."""
        return queryset.filter(reincidencia__en_el_municipio=True) if value else queryset

    def por_alerta(self, queryset, name, value):
        return queryset.con_alertas().filter(**{f"alerta_{CAMPO_ALERTA[value]}": True})

    def sin_efecto(self, queryset, name, value):
        """Van juntos (entidad y fechas de una misma remisión): los aplica filter_queryset."""
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        datos = self.form.cleaned_data
        remisiones = _en_rango(
            modelo_remision().objects.filter(caso=OuterRef("pk")),
            "fecha_envio",
            datos.get("remitido_desde"),
            datos.get("remitido_hasta"),
        )
        if datos.get("remitido_a"):
            remisiones = remisiones.filter(entidad=datos["remitido_a"])
        if any(datos.get(c) for c in ("remitido_a", "remitido_desde", "remitido_hasta")):
            queryset = queryset.filter(Exists(remisiones))
        acuerdos = _en_rango(
            Acuerdo.objects.filter(caso=OuterRef("pk")),
            "verificado_en",
            datos.get("verificado_desde"),
            datos.get("verificado_hasta"),
        )
        if datos.get("verificacion"):
            acuerdos = acuerdos.filter(resultado_verificacion=datos["verificacion"])
        if any(datos.get(c) for c in ("verificacion", "verificado_desde", "verificado_hasta")):
            queryset = queryset.filter(Exists(acuerdos))
        return queryset


def _en_rango(queryset, campo, desde, hasta):
    if desde:
        queryset = queryset.filter(**{f"{campo}__gte": desde})
    if hasta:
        queryset = queryset.filter(**{f"{campo}__lte": hasta})
    return queryset
