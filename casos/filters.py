import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from casos.forms import ResponsableField
from casos.models import Caso, Estado, NivelRiesgo, TipoConflicto
from casos.selectors import filtrar_por_parte
from gestores.models import Rol
from municipios.models import Municipio, Sector

FECHA = forms.DateInput(attrs={"type": "date"})


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
        if municipios.count() <= 1:
            del self.filters["municipio"]

    def buscar(self, queryset, name, value):
        return filtrar_por_parte(queryset, self.user, value)

    def solo_vencidos(self, queryset, name, value):
        return queryset.filter(vencido=True) if value else queryset
