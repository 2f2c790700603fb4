import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from capacitaciones.models import Actividad, EstadoActividad, TipoActividad
from municipios.models import Municipio, Sector

FECHA = forms.DateInput(attrs={"type": "date"})


class ActividadFilter(django_filters.FilterSet):
    municipio = django_filters.ModelChoiceFilter(
        label=_("Municipio"), queryset=Municipio.objects.none()
    )
    tipo = django_filters.ChoiceFilter(label=_("Tipo"), choices=TipoActividad.choices)
    estado = django_filters.ChoiceFilter(label=_("Estado"), choices=EstadoActividad.choices)
    sector = django_filters.ModelChoiceFilter(label=_("Sector"), queryset=Sector.objects.none())
    desde = django_filters.DateFilter(
        label=_("Desde"), field_name="inicio", lookup_expr="date__gte", widget=FECHA
    )
    hasta = django_filters.DateFilter(
        label=_("Hasta"), field_name="inicio", lookup_expr="date__lte", widget=FECHA
    )

    class Meta:
        model = Actividad
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        municipios = Municipio.objects.visible_para(user).filter(activo=True)
        self.filters["municipio"].queryset = municipios
        self.filters["sector"].queryset = Sector.objects.visible_para(user)
        if municipios.count() <= 1:
            del self.filters["municipio"]
