"""Formularios de casos. Ningún ModelForm usa `fields="__all__"` ni `exclude`: municipio, autor,
estado y versión los pone el servidor, así que un POST con el id de otro municipio no cambia nada.
"""

import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casos.models import (
    TIPOS_ACTUACION_MANUAL,
    Caso,
    NivelRiesgo,
    Resultado,
    ResultadoVerificacion,
    TipoConflicto,
)
from casos.services import ANIO_MINIMO, RESULTADOS_DESDE, DatosCompromiso
from gestores.models import Rol
from municipios.models import Sector

FECHA = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FECHA_HORA = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


# Fechas de hechos, recepciones, nacimientos y actuaciones: ni futuras ni de antes de 1900.
FORMSET_INCOMPLETO = _("El formulario llegó incompleto. Recargue la página y vuelva a escribirlo.")


def no_futura(fecha):
    if fecha is None:
        return fecha
    hoy = timezone.localdate()
    comparable = timezone.localtime(fecha).date() if hasattr(fecha, "hour") else fecha
    if comparable > hoy:
        raise ValidationError(_("La fecha no puede estar en el futuro."))
    if comparable.year < ANIO_MINIMO:
        raise ValidationError(
            _("La fecha no puede ser anterior a %(anio)s.") % {"anio": ANIO_MINIMO}
        )
    return fecha


def errores_de_servicio(form, error: ValidationError):
    """Pone en `form` los errores que levantó un servicio: junto al campo si el form lo tiene."""
    if hasattr(error, "error_dict"):
        for campo, lista in error.error_dict.items():
            form.add_error(campo if campo in form.fields else None, lista)
    else:
        form.add_error(None, error)


def responsables(municipio):
    """Quién puede responder por un caso del municipio: coordinadores y gestores certificados."""
    return (
        get_user_model()
        .objects.filter(is_active=True, perfil__municipio=municipio)
        .filter(
            Q(perfil__rol=Rol.COORDINADOR)
            | Q(perfil__rol=Rol.GESTOR, perfil__gestor__certificado_en__isnull=False)
        )
        .order_by("first_name", "last_name")
    )


class ResponsableField(forms.ModelChoiceField):
    def label_from_instance(self, usuario):
        return usuario.get_full_name() or usuario.get_username()


class CasoForm(forms.ModelForm):
    gestor = ResponsableField(queryset=None, label=_("Gestor responsable"))
    remitir_a_mebar = forms.BooleanField(
        required=False,
        label=_("Riesgo alto: remitir ya a la estación de Policía MEBAR"),
        help_text=_("Crea la remisión a la estación del municipio al registrar el caso."),
    )
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    class Meta:
        model = Caso
        fields = [
            "tipo",
            "nivel_riesgo",
            "canal",
            "fecha_hechos",
            "fecha_recepcion",
            "sector",
            "direccion",
            "relato",
        ]
        widgets = {
            "fecha_hechos": FECHA,
            "fecha_recepcion": FECHA,
            "relato": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, municipio, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipio = municipio
        self.fields["tipo"].queryset = TipoConflicto.objects.filter(activo=True)
        self.fields["sector"].queryset = Sector.objects.filter(municipio=municipio).order_by(
            "nombre"
        )
        self.fields["gestor"].queryset = responsables(municipio)
        self.fields["gestor"].initial = user.pk
        if user.perfil.rol == Rol.GESTOR:
            # Un gestor registra casos a su nombre; el coordinador puede asignarlos.
            self.fields["gestor"].queryset = responsables(municipio).filter(pk=user.pk)
            self.fields["gestor"].widget = forms.HiddenInput()
        self.fields["fecha_recepcion"].initial = timezone.localdate()
        self.fields["nivel_riesgo"].initial = NivelRiesgo.BAJO

    def clean_fecha_hechos(self):
        return no_futura(self.cleaned_data.get("fecha_hechos"))

    def clean_fecha_recepcion(self):
        return no_futura(self.cleaned_data.get("fecha_recepcion"))

    def clean(self):
        datos = super().clean()
        hechos, recepcion = datos.get("fecha_hechos"), datos.get("fecha_recepcion")
        if hechos and recepcion and hechos > recepcion:
            self.add_error(
                "fecha_hechos",
                _("La fecha de los hechos no puede ser posterior a la de recepción."),
            )
        if datos.get("remitir_a_mebar") and datos.get("nivel_riesgo") != NivelRiesgo.ALTO:
            self.add_error(
                "remitir_a_mebar",
                _("La remisión inmediata a la estación MEBAR es para riesgo alto."),
            )
        return datos

    def _post_clean(self):
        # El modelo se valida entero en el servicio (con municipio, radicado y autor).
        pass

    def datos_del_caso(self) -> dict:
        """Lo que `services.caso_registrar` recibe de este formulario (sin municipio, autor,
        partes ni token): la pantalla en línea y el envío sin señal registran igual."""
        campos = [*self._meta.fields, "gestor", "remitir_a_mebar"]
        return {campo: self.cleaned_data[campo] for campo in campos}


class CasoEditarForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Caso
        fields = Caso.CAMPOS_EDITABLES
        widgets = {"fecha_hechos": FECHA, "relato": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, caso, **kwargs):
        super().__init__(*args, instance=caso, **kwargs)
        self.fields["tipo"].queryset = TipoConflicto.objects.filter(activo=True)
        self.fields["sector"].queryset = Sector.objects.filter(municipio=caso.municipio_id)
        self.fields["version"].initial = caso.version

    def clean_fecha_hechos(self):
        return no_futura(self.cleaned_data.get("fecha_hechos"))

    def _post_clean(self):
        pass


class ActuacionForm(forms.Form):
    tipo = forms.ChoiceField(
        label=_("Tipo"), choices=[(t.value, t.label) for t in TIPOS_ACTUACION_MANUAL]
    )
    fecha = forms.DateTimeField(label=_("Fecha y hora"), widget=FECHA_HORA, initial=timezone.now)
    descripcion = forms.CharField(label=_("Qué pasó"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_fecha(self):
        return no_futura(self.cleaned_data.get("fecha"))


class AcuerdoForm(forms.Form):
    fecha = forms.DateField(label=_("Fecha del acuerdo"), widget=FECHA, initial=timezone.localdate)
    descripcion = forms.CharField(
        label=_("En qué quedaron las partes"), widget=forms.Textarea(attrs={"rows": 3})
    )
    fecha_verificacion = forms.DateField(label=_("Fecha prevista de verificación"), widget=FECHA)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_fecha(self):
        return no_futura(self.cleaned_data.get("fecha"))

    def clean(self):
        datos = super().clean()
        if (
            datos.get("fecha")
            and datos.get("fecha_verificacion")
            and datos["fecha_verificacion"] < datos["fecha"]
        ):
            self.add_error(
                "fecha_verificacion",
                _("La verificación no puede ser anterior a la fecha del acuerdo."),
            )
        return datos


class ParteField(forms.ModelChoiceField):
    def label_from_instance(self, parte):
        # Solo lo usa quien gestiona el caso, que ve a las partes (menores incluidos) con nombre.
        return f"{parte.persona.nombre_completo} ({parte.get_rol_display()})"


class CompromisoForm(forms.Form):
    parte = ParteField(label=_("Quién se compromete"), queryset=None)
    descripcion = forms.CharField(label=_("Compromiso"), max_length=300)
    fecha_limite = forms.DateField(label=_("Fecha límite"), widget=FECHA)

    def __init__(self, *args, partes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parte"].queryset = partes

    def datos(self) -> DatosCompromiso:
        return DatosCompromiso(**self.cleaned_data)


class BaseCompromisosFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_few_forms": _("Escriba al menos un compromiso: quién hace qué y para cuándo."),
        "too_many_forms": _("Un acuerdo tiene a lo sumo %(num)d compromisos."),
        "missing_management_form": FORMSET_INCOMPLETO,
    }


CompromisosFormSet = forms.formset_factory(
    CompromisoForm,
    formset=BaseCompromisosFormSet,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=20,
    validate_max=True,
)


class VerificacionForm(forms.Form):
    fecha = forms.DateField(
        label=_("Fecha de verificación"), widget=FECHA, initial=timezone.localdate
    )
    resultado = forms.ChoiceField(label=_("Resultado"), choices=ResultadoVerificacion.choices)
    observacion = forms.CharField(
        label=_("Observación"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_fecha(self):
        return no_futura(self.cleaned_data.get("fecha"))


class CierreForm(forms.Form):
    resultado = forms.ChoiceField(label=_("Resultado"))
    observacion = forms.CharField(
        label=_("Observación"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, caso, **kwargs):
        super().__init__(*args, **kwargs)
        permitidos = RESULTADOS_DESDE.get(caso.estado, set())
        opciones = [r for r in Resultado.choices if r[0] in permitidos]
        # Sin resultado elegido de antemano: cerrar un caso es una decisión, no un toque de más.
        # Sin opciones (un estado que no se cierra), la página no muestra el formulario.
        self.fields["resultado"].choices = (
            [("", _("— Elija el resultado —")), *opciones] if opciones else []
        )
        self.fields["version"].initial = caso.version


class ReasignarForm(forms.Form):
    gestor = ResponsableField(label=_("Nuevo responsable"), queryset=None)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, caso, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gestor"].queryset = responsables(caso.municipio_id).exclude(pk=caso.gestor_id)
        self.fields["version"].initial = caso.version


class AdjuntoForm(forms.Form):
    archivo = forms.FileField(
        label=_("Archivo (PDF, JPG o PNG, hasta 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    descripcion = forms.CharField(label=_("Descripción"), max_length=200, required=False)


# --- registro de personas ---
