from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casos.forms_personas import limpiar_documento
from casos.models import Persona, TipoDocumento
from habeas.models import SolicitudHabeasData
from habeas.services import CAMPOS_CORREGIBLES


class NuevaSolicitudForm(forms.ModelForm):
    """La persona se busca por su documento entre las del alcance de quien registra."""

    documento_tipo = forms.ChoiceField(
        label=_("Tipo de documento de la persona"),
        choices=[c for c in TipoDocumento.choices if c[0] != TipoDocumento.SD],
    )
    documento_numero = forms.CharField(label=_("Número de documento"), max_length=20)

    class Meta:
        model = SolicitudHabeasData
        fields = ["tipo", "recibida_el", "descripcion"]
        widgets = {
            "recibida_el": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tipo": forms.RadioSelect,
        }

    def __init__(self, *args, personas, persona=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.personas = personas
        self.persona = persona
        self.fields["recibida_el"].initial = timezone.localdate()
        self.order_fields(["documento_tipo", "documento_numero", "tipo", "recibida_el"])
        if persona is not None:  # ya elegida en la búsqueda por nombre
            del self.fields["documento_tipo"]
            del self.fields["documento_numero"]

    def clean(self):
        datos = super().clean()
        if self.persona is not None:
            datos["persona"] = self.persona
            return datos
        numero = "".join(str(datos.get("documento_numero", "")).split()).upper()
        if numero and datos.get("documento_tipo"):
            persona = self.personas.filter(
                tipo_documento=datos["documento_tipo"], numero_documento=numero
            ).first()
            if persona is None:
                self.add_error(
                    "documento_numero",
                    _(
                        "No hay una persona con ese documento en los casos o actividades que "
                        "usted atiende."
                    ),
                )
            datos["persona"] = persona
        return datos


class RespuestaForm(forms.Form):
    respuesta = forms.CharField(
        label=_("Respuesta a la persona"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Qué se hizo y cuándo: queda en la solicitud."),
    )


class CorreccionForm(forms.ModelForm):
    class Meta:
        model = Persona
        fields = CAMPOS_CORREGIBLES
        widgets = {"fecha_nacimiento": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self):
        return limpiar_documento(self, super().clean())

    def validate_unique(self):
        """Las restricciones se validan en el servicio, con la fila bloqueada."""
