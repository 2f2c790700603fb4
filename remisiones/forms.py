"""Formularios de las remisiones: remitir (el gestor), el recibido y la respuesta que el gestor
registra por la entidad, y la respuesta o la devolución que escribe el enlace en su bandeja."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casos.forms import FECHA, no_futura
from municipios.models import Contacto, Entidad, TipoEntidad
from remisiones.models import MedioRecepcion, MedioRemision

# Lo que cabe en un oficio corto (motivo, acción tomada, devolución) y en una respuesta.
LARGO_MOTIVO = 2000
LARGO_RESPUESTA = 4000

_POSICION_TIPO = {tipo: i for i, tipo in enumerate(TipoEntidad.values)}


def entidades_en_orden(entidades) -> list[Entidad]:
    """Las entidades en el orden en que se declaran sus tipos y luego por nombre.

    Se ordenan aquí y no en la base: son pocas por municipio, y compilar el CASE de
    `orden_de` costaba más de un milisegundo cada vez que se pinta la remisión.
    """
    return sorted(
        entidades,
        key=lambda e: (_POSICION_TIPO.get(e.tipo, len(_POSICION_TIPO)), e.nombre.casefold()),
    )


class _EntidadesEnOrden(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for entidad in entidades_en_orden(self.queryset):
            yield self.choice(entidad)


class EntidadConContactoField(forms.ModelChoiceField):
    """Cada entidad con su contacto vigente, para que el gestor sepa a quién le llega."""

    iterator = _EntidadesEnOrden

    def label_from_instance(self, entidad):
        contacto = next(iter(getattr(entidad, "contactos_vigentes", [])), None)
        if contacto is None:
            return str(entidad)
        telefono = f", {contacto.telefono}" if contacto.telefono else ""
        return f"{entidad} — {contacto.nombre} ({contacto.cargo}{telefono})"


class RemisionForm(forms.Form):
    entidad = EntidadConContactoField(
        label=_("Entidad"),
        queryset=Entidad.objects.none(),
        empty_label=_("— Elija la entidad —"),
    )
    medio = forms.ChoiceField(label=_("Medio"), choices=MedioRemision.choices)
    fecha_envio = forms.DateField(
        label=_("Fecha de envío"), widget=FECHA, initial=timezone.localdate
    )
    # Lo que la entidad necesita saber para actuar, como en un oficio corto.
    motivo = forms.CharField(
        label=_("Motivo"), max_length=LARGO_MOTIVO, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, caso, **kwargs):
        super().__init__(*args, **kwargs)
        self.caso = caso
        self.fields["entidad"].queryset = (
            Entidad.objects.filter(municipio=caso.municipio_id, activa=True)
            .prefetch_related(
                Prefetch(
                    "contactos",
                    queryset=Contacto.objects.vigentes().order_by("-vigente_desde"),
                    to_attr="contactos_vigentes",
                )
            )
            .order_by()
        )
        self.fields["version"].initial = caso.version
        if caso.tipo.entidad_sugerida and not self.is_bound:
            # Se lee la lista una vez: el mismo queryset (ya evaluado) pinta las opciones, así la
            # sugerida no cuesta dos consultas más (entidades y contactos).
            entidades = entidades_en_orden(self.fields["entidad"].queryset)
            sugerida = next((e for e in entidades if e.tipo == caso.tipo.entidad_sugerida), None)
            if sugerida:
                self.fields["entidad"].initial = sugerida.pk

    def clean_fecha_envio(self):
        fecha = no_futura(self.cleaned_data.get("fecha_envio"))
        if fecha and fecha < self.caso.fecha_recepcion:  # también en services.caso_remitir
            raise ValidationError(
                _("La fecha no puede ser anterior a la recepción del caso (%(fecha)s).")
                % {"fecha": self.caso.fecha_recepcion.strftime("%d/%m/%Y")}
            )
        return fecha


class RecepcionForm(forms.Form):
    """El gestor registra el recibido en nombre de la entidad, diciendo cómo lo supo."""

    fecha = forms.DateField(label=_("Fecha de recibido"), widget=FECHA, initial=timezone.localdate)
    medio = forms.ChoiceField(
        label=_("Cómo supo que la recibieron"),
        choices=[c for c in MedioRecepcion.choices if c[0] != MedioRecepcion.SISTEMA],
        initial=MedioRecepcion.TELEFONO,
    )

    def clean_fecha(self):
        return no_futura(self.cleaned_data.get("fecha"))


class RespuestaForm(forms.Form):
    fecha = forms.DateField(label=_("Fecha de respuesta"), widget=FECHA, initial=timezone.localdate)
    respuesta = forms.CharField(
        label=_("Respuesta de la entidad y acción tomada"),
        max_length=LARGO_RESPUESTA,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_fecha(self):
        return no_futura(self.cleaned_data.get("fecha"))


class RespuestaEnlaceForm(forms.Form):
    fecha = forms.DateField(label=_("Fecha de respuesta"), widget=FECHA, initial=timezone.localdate)
    respuesta = forms.CharField(
        label=_("Respuesta"), max_length=LARGO_RESPUESTA, widget=forms.Textarea(attrs={"rows": 3})
    )
    accion_tomada = forms.CharField(
        label=_("Acción tomada"),
        required=False,
        max_length=LARGO_MOTIVO,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    archivo = forms.FileField(
        label=_("Archivo de la respuesta (opcional: PDF, JPG o PNG, hasta 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def clean_fecha(self):
        return no_futura(self.cleaned_data.get("fecha"))


class DevolucionForm(forms.Form):
    motivo = forms.CharField(
        label=_("Por qué la entidad no es competente"),
        max_length=LARGO_MOTIVO,
        error_messages={"required": _("Diga por qué la entidad no es competente.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
