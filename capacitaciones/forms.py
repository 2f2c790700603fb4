import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from capacitaciones.models import (
    Actividad,
    Enfoque,
    GrupoEdad,
    Modulo,
    PublicoObjetivo,
    TipoActividad,
)
from casos.forms import FECHA_HORA
from casos.forms_personas import AutorizacionFormMixin, limpiar_documento
from casos.models import Sexo, TipoDocumento
from casos.services import DatosParte
from gestores.models import Gestor, Rol
from municipios.models import Entidad, OrganizacionComunitaria, Sector


class ActividadForm(forms.ModelForm):
    class Meta:
        model = Actividad
        fields = [
            "tipo",
            "tema",
            "modulo",
            "publico_objetivo",
            "inicio",
            "fin",
            "sector",
            "lugar",
            "entidades",
            "organizaciones",
            "compromisos",
        ]
        widgets = {
            "inicio": FECHA_HORA,
            "fin": FECHA_HORA,
            "compromisos": forms.Textarea(attrs={"rows": 2}),
            "entidades": forms.CheckboxSelectMultiple,
            "organizaciones": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, municipio, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modulo"].queryset = Modulo.objects.filter(activo=True)
        self.fields["sector"].queryset = Sector.objects.filter(municipio=municipio)
        self.fields["entidades"].queryset = Entidad.objects.filter(municipio=municipio, activa=True)
        self.fields["organizaciones"].queryset = OrganizacionComunitaria.objects.filter(
            sector__municipio=municipio, activa=True
        ).select_related("sector")
        self.fields["publico_objetivo"].initial = PublicoObjetivo.COMUNIDAD

    def clean(self):
        datos = super().clean()
        if datos.get("inicio") and datos.get("fin") and datos["fin"] <= datos["inicio"]:
            self.add_error("fin", _("La actividad debe terminar después de empezar."))
        if datos.get("tipo") == TipoActividad.CAPACITACION and not datos.get("modulo"):
            self.add_error(
                "modulo", _("Una capacitación de gestores cubre un módulo del currículo.")
            )
        return datos

    def _post_clean(self):
        pass  # el servicio valida el modelo completo (con municipio y autor)


class AsistenciaForm(AutorizacionFormMixin, forms.Form):
    """Registro rápido en el teléfono durante el evento: documento primero."""

    tipo_documento = forms.ChoiceField(
        label=_("Tipo de documento"), choices=TipoDocumento.choices, initial=TipoDocumento.CC
    )
    numero_documento = forms.CharField(
        label=_("Número de documento"),
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "text", "autofocus": True}
        ),
    )
    nombres = forms.CharField(label=_("Nombres"), max_length=100)
    apellidos = forms.CharField(label=_("Apellidos"), max_length=100, required=False)
    sexo = forms.ChoiceField(label=_("Sexo"), choices=Sexo.choices, initial=Sexo.NO_INFORMA)
    edad = forms.IntegerField(label=_("Edad"), min_value=0, max_value=120, required=False)
    organizacion = forms.ModelChoiceField(
        label=_("Organización (p. ej. JAC)"),
        queryset=OrganizacionComunitaria.objects.none(),
        required=False,
    )
    comparendo = forms.CharField(
        label=_("Orden de comparendo (si la remitió la Policía)"), max_length=30, required=False
    )
    enfoque_etnico = forms.BooleanField(label=_("Pertenencia étnica"), required=False)
    enfoque_discapacidad = forms.BooleanField(label=_("Persona con discapacidad"), required=False)
    enfoque_victima = forms.BooleanField(label=_("Víctima del conflicto armado"), required=False)
    enfoque_migrante = forms.BooleanField(label=_("Migrante"), required=False)
    enfoque_lgbtiq = forms.BooleanField(label=_("LGBTIQ+"), required=False)
    # Un envío, una asistencia: el mismo formulario enviado dos veces (o reenviado desde la cola
    # sin señal) no registra a la persona otra vez.
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)

    def __init__(self, *args, actividad, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizacion"].queryset = OrganizacionComunitaria.objects.filter(
            sector__municipio=actividad.municipio_id, activa=True
        )

    def clean(self):
        return self.limpiar_autorizacion(limpiar_documento(self, super().clean()))

    def datos_persona(self) -> DatosParte:
        datos = self.cleaned_data
        campos = {
            campo: datos[campo]
            for campo in DatosParte.__dataclass_fields__
            if campo in datos and campo != "autorizacion"
        }
        return DatosParte(rol="", **campos, autorizacion=self.datos_autorizacion())


class ConteosForm(forms.Form):
    """Una celda por sexo y grupo de edad, más los enfoques de los contados."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for sexo, sexo_etiqueta in Sexo.choices:
            for grupo, grupo_etiqueta in GrupoEdad.choices:
                self.fields[f"c_{sexo}_{grupo}"] = forms.IntegerField(
                    label=f"{sexo_etiqueta}, {grupo_etiqueta}",
                    min_value=0,
                    max_value=100_000,
                    required=False,
                )
        for enfoque, etiqueta in Enfoque.choices:
            self.fields[f"e_{enfoque}"] = forms.IntegerField(
                label=etiqueta, min_value=0, max_value=100_000, required=False
            )

    def por_sexo_y_edad(self):
        return {
            (sexo, grupo): self.cleaned_data.get(f"c_{sexo}_{grupo}") or 0
            for sexo in Sexo.values
            for grupo in GrupoEdad.values
        }

    def por_enfoque(self):
        return {e: self.cleaned_data.get(f"e_{e}") or 0 for e in Enfoque.values}


class GestoresAsistentesForm(forms.Form):
    gestores = forms.ModelMultipleChoiceField(
        label=_("Gestores que asistieron"),
        queryset=Gestor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, actividad, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gestores"].queryset = Gestor.objects.filter(
            perfil__municipio=actividad.municipio_id, perfil__rol=Rol.GESTOR
        ).select_related("perfil__usuario")


class CancelarForm(forms.Form):
    motivo = forms.CharField(label=_("Motivo de la cancelación"), max_length=300)


class RealizadaForm(forms.Form):
    compromisos = forms.CharField(
        label=_("Compromisos acordados"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
