"""Formularios de la mediación. El caso, el autor, el estado y el número los pone el servidor;
las partes que se ofrecen son solo las del caso (un id de otro caso no se acepta)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casos.forms import FECHA
from casos.models import ACTAS, DocumentoMediacionTipo
from casos.presentacion import parte_para
from mediacion.models import SesionMediacion
from mediacion.services import DIAS_MAXIMOS_ADELANTE, DatosSesion
from municipios.models import Sector

HORA = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DURACIONES = [
    (30, _("30 minutos")),
    (60, _("1 hora")),
    (90, _("1 hora y media")),
    (120, _("2 horas")),
    (180, _("3 horas")),
]


class SesionForm(forms.ModelForm):
    """Programar (o reprogramar) una sesión: fecha y hora por separado, que en el teléfono abren
    sus propios selectores."""

    fecha = forms.DateField(label=_("Fecha"), widget=FECHA)
    hora = forms.TimeField(label=_("Hora"), widget=HORA)
    duracion = forms.TypedChoiceField(
        label=_("Duración prevista"), choices=DURACIONES, coerce=int, initial=60
    )

    class Meta:
        model = SesionMediacion
        fields = ["tipo_lugar", "sector", "lugar", "que_llevar"]
        widgets = {"lugar": forms.TextInput(attrs={"autocomplete": "off"})}
        help_texts = {
            "lugar": _(
                "Dirección o nombre del sitio; en una sala virtual, el enlace. No escriba la "
                "dirección de una parte: el lugar sale en la agenda y en el calendario."
            )
        }

    def __init__(self, *args, caso, **kwargs):
        super().__init__(*args, **kwargs)
        self.caso = caso
        self.fields["sector"].queryset = Sector.objects.filter(
            municipio_id=caso.municipio_id
        ).order_by("nombre")
        self.fields["sector"].help_text = _("Si la sesión es en el salón comunal de un sector.")
        if not self.is_bound and caso.sector_id:
            self.initial.setdefault("sector", caso.sector_id)

    def clean(self):
        datos = super().clean()
        fecha, hora = datos.get("fecha"), datos.get("hora")
        if fecha and hora:
            hoy = timezone.localdate()
            if fecha < hoy:
                self.add_error("fecha", _("La sesión se programa desde hoy en adelante."))
            elif fecha > hoy + datetime.timedelta(days=DIAS_MAXIMOS_ADELANTE):
                self.add_error(
                    "fecha", _("La sesión se programa a lo sumo con un año de antelación.")
                )
            else:
                datos["inicio"] = timezone.make_aware(datetime.datetime.combine(fecha, hora))
        return datos

    def datos_sesion(self) -> DatosSesion:
        d = self.cleaned_data
        return DatosSesion(
            inicio=d["inicio"],
            tipo_lugar=d["tipo_lugar"],
            lugar=d["lugar"],
            duracion=d["duracion"],
            sector=d["sector"],
            que_llevar=d["que_llevar"],
        )


class ParteCitadaField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, user, caso, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.caso = user, caso

    def _check_values(self, value):
        # Un id que no cabe en la columna (99999999999999999999) es una opción inválida, no un
        # error de la base (SQLite lo rechaza con OverflowError).
        for valor in value:
            if not str(valor).isdigit() or int(valor) > 2**31 - 1:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(valor)[:30]},
                )
        return super()._check_values(value)

    def label_from_instance(self, parte):
        vista = parte_para(self.user, self.caso, parte)
        return f"{vista.nombre} ({parte.get_rol_display()})"


class ProgramarForm(SesionForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, caso, user, **kwargs):
        super().__init__(*args, caso=caso, **kwargs)
        partes = caso.partes.select_related("persona").order_by("pk")
        self.fields["partes"] = ParteCitadaField(
            queryset=partes,
            user=user,
            caso=caso,
            label=_("Personas citadas"),
            error_messages={"required": _("Cite al menos a una parte del caso.")},
        )
        if not self.is_bound:
            self.initial.setdefault("partes", [p.pk for p in partes])
            self.initial.setdefault("version", caso.version)


class ReprogramarForm(SesionForm):
    motivo = forms.CharField(
        label=_("Por qué se reprograma"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, sesion, **kwargs):
        super().__init__(*args, caso=sesion.caso, **kwargs)
        if not self.is_bound:
            inicio = timezone.localtime(sesion.inicio)
            self.initial.update(
                fecha=inicio.date(),
                hora=inicio.time().replace(second=0, microsecond=0),
                duracion=sesion.duracion,
                tipo_lugar=sesion.tipo_lugar,
                sector=sesion.sector_id,
                lugar=sesion.lugar,
                que_llevar=sesion.que_llevar,
            )


SI_NO = [("si", _("Vino")), ("no", _("No vino"))]
REALIZADA = [("si", _("Sí, se realizó")), ("no", _("No se realizó"))]


class RegistroSesionForm(forms.Form):
    """Lo que pasó en la sesión: quién vino (una pregunta por persona citada), si se realizó y un
    resumen. Los nombres, como el usuario puede verlos."""

    realizada = forms.ChoiceField(
        label=_("¿Se realizó la sesión?"), choices=REALIZADA, widget=forms.RadioSelect
    )
    resumen = forms.CharField(
        label=_("Resumen"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Qué se habló y en qué quedó. Sin datos sensibles que no hagan falta: lo ve quien "
            "ve el caso."
        ),
    )

    def __init__(self, *args, sesion, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.citaciones = list(sesion.citaciones.select_related("parte__persona").order_by("parte"))
        for citacion in self.citaciones:
            vista = parte_para(user, sesion.caso, citacion.parte)
            self.fields[f"asistio_{citacion.pk}"] = forms.ChoiceField(
                label=f"{vista.nombre} ({citacion.parte.get_rol_display()})",
                choices=SI_NO,
                widget=forms.RadioSelect,
                error_messages={"required": _("Diga si esta persona vino.")},
            )
        # Las preguntas por persona primero, luego si se realizó y el resumen.
        self.order_fields([f"asistio_{c.pk}" for c in self.citaciones] + ["realizada", "resumen"])

    def asistencia(self) -> dict[int, bool]:
        return {c.pk: self.cleaned_data[f"asistio_{c.pk}"] == "si" for c in self.citaciones}

    def clean(self):
        datos = super().clean()
        if any(f"asistio_{c.pk}" not in datos for c in self.citaciones):
            return datos
        vinieron = sum(self.asistencia().values())
        if datos.get("realizada") == "si":
            if not vinieron:
                self.add_error("realizada", _("Si nadie vino, la sesión no se realizó."))
            if "resumen" not in self.errors and not datos.get("resumen", "").strip():
                self.add_error("resumen", _("Escriba un resumen de la sesión."))
        elif datos.get("realizada") == "no" and vinieron == len(self.citaciones):
            self.add_error(
                "realizada", _("Vinieron todas las personas citadas: la sesión se realizó.")
            )
        return datos


class CorreccionForm(forms.Form):
    motivo = forms.CharField(
        label=_("Qué se corrige y por qué"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, documento=None, **kwargs):
        super().__init__(*args, **kwargs)
        if documento is not None and documento.tipo in ACTAS:
            self.fields["tipo"] = forms.ChoiceField(
                label=_("El acta es de acuerdo"),
                choices=[(t, DocumentoMediacionTipo(t).label) for t in ACTAS],
                initial=documento.tipo,
            )


class CancelacionForm(forms.Form):
    motivo = forms.CharField(
        label=_("Por qué se cancela"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Avise a las personas citadas que la sesión no se hará."),
    )
