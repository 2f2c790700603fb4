"""El periodo de un tablero o informe: fechas de Bogotá, de un día a otro, ambos incluidos."""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casos.services import ANIO_MINIMO  # antes, un error de digitación (0202 por 2020)

# Un rango más largo no cabe en un tablero legible (y costaría más de lo que dice).
MAX_MESES = 36


def primero_del_mes(fecha: datetime.date) -> datetime.date:
    return fecha.replace(day=1)


def sumar_meses(fecha: datetime.date, meses: int) -> datetime.date:
    """El primero del mes que está `meses` después (o antes) del mes de `fecha`."""
    indice = fecha.year * 12 + fecha.month - 1 + meses
    return datetime.date(indice // 12, indice % 12 + 1, 1)


def ultimo_del_mes(fecha: datetime.date) -> datetime.date:
    return sumar_meses(fecha, 1) - datetime.timedelta(days=1)


@dataclass(frozen=True)
class Periodo:
    desde: datetime.date
    hasta: datetime.date

    @classmethod
    def ultimos_meses(cls, meses: int, hoy: datetime.date | None = None) -> "Periodo":
        """Este mes y los `meses - 1` anteriores, hasta hoy."""
        hoy = hoy or timezone.localdate()
        return cls(sumar_meses(hoy, -(meses - 1)), hoy)

    @classmethod
    def mes(cls, anio: int, mes: int) -> "Periodo":
        inicio = datetime.date(anio, mes, 1)
        return cls(inicio, ultimo_del_mes(inicio))

    @property
    def meses(self) -> list[datetime.date]:
        """El primer día de cada mes que toca el periodo, en orden."""
        meses, mes = [], primero_del_mes(self.desde)
        while mes <= self.hasta:
            meses.append(mes)
            mes = sumar_meses(mes, 1)
        return meses

    @property
    def inicio(self) -> datetime.datetime:
        """El primer instante del periodo en la hora de Bogotá (para campos de fecha y hora)."""
        return timezone.make_aware(datetime.datetime.combine(self.desde, datetime.time.min))

    @property
    def fin(self) -> datetime.datetime:
        """El primer instante después del periodo (límite abierto)."""
        siguiente = self.hasta + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(siguiente, datetime.time.min))


class PeriodoForm(forms.Form):
    """Qué periodo mira el tablero: atajos comunes o un rango propio."""

    ATAJOS = {"mes": 1, "3m": 3, "12m": 12}
    periodo = forms.ChoiceField(
        label=_("Periodo"),
        choices=[
            ("mes", _("Este mes")),
            ("3m", _("Últimos 3 meses")),
            ("12m", _("Últimos 12 meses")),
            ("rango", _("Otro rango")),
        ],
        initial="12m",
        required=False,
    )
    desde = forms.DateField(
        label=_("Desde"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    hasta = forms.DateField(
        label=_("Hasta"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        datos = super().clean()
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if not datos.get("periodo") and (desde or hasta):
            # Un enlace con fechas y sin atajo pide ese rango: se revisa, no se ignora.
            datos["periodo"] = "rango"
        if datos.get("periodo") != "rango":
            return datos
        if desde is None or hasta is None:
            if "desde" in self.errors or "hasta" in self.errors:
                raise forms.ValidationError(
                    _("Una de las fechas no es válida: escríbala como AAAA-MM-DD.")
                )
            raise forms.ValidationError(_("Para otro rango indique la fecha inicial y la final."))
        if desde.year < ANIO_MINIMO:
            raise forms.ValidationError(
                _("La fecha inicial no puede ser anterior a %(anio)s.") % {"anio": ANIO_MINIMO}
            )
        if hasta.year > (ultimo := timezone.localdate().year + 1):
            raise forms.ValidationError(
                _("La fecha final no puede ser posterior a %(anio)s.") % {"anio": ultimo}
            )
        if desde > hasta:
            raise forms.ValidationError(_("La fecha inicial es posterior a la final."))
        if (hasta.year * 12 + hasta.month) - (desde.year * 12 + desde.month) >= MAX_MESES:
            raise forms.ValidationError(
                _("El rango puede abarcar a lo sumo %(meses)s meses.") % {"meses": MAX_MESES}
            )
        return datos

    def periodo_elegido(self, hoy: datetime.date | None = None) -> Periodo:
        """El periodo pedido; el de los últimos 12 meses si no se pidió ninguno o no es válido."""
        if self.is_bound and self.is_valid():
            clave = self.cleaned_data.get("periodo") or "12m"
            if clave == "rango":
                return Periodo(self.cleaned_data["desde"], self.cleaned_data["hasta"])
            return Periodo.ultimos_meses(self.ATAJOS[clave], hoy)
        return Periodo.ultimos_meses(12, hoy)
