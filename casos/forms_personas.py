"""Formularios de las personas de un caso: cada parte con su documento, sus datos de contacto
solo con autorización (Ley 1581 de 2012), el formset de partes, revocar una autorización y
fusionar dos registros de la misma persona."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from casos.forms import FECHA, FORMSET_INCOMPLETO, no_futura
from casos.models import (
    MedioAutorizacion,
    RolParte,
    Sexo,
    TipoDocumento,
)
from casos.personas import DatosAutorizacion
from casos.services import DatosParte
from comun.archivos import archivo_comprobado


def limpiar_documento(form, datos: dict) -> dict:
    """El número de documento coherente con su tipo (vacío si «sin documento»)."""
    tipo, numero = datos.get("tipo_documento"), (datos.get("numero_documento") or "").strip()
    if tipo == TipoDocumento.SD:
        datos["numero_documento"] = ""
    elif tipo and not numero:
        form.add_error(
            "numero_documento", _("Escriba el número del documento, o elija «Sin documento».")
        )
    elif numero and not re.fullmatch(r"[0-9A-Za-z]{3,20}", numero):
        form.add_error("numero_documento", _("El número lleva solo letras y dígitos, sin puntos."))
    else:
        datos["numero_documento"] = numero.upper()
    return datos


class AutorizacionFormMixin(forms.Form):
    """La autorización de datos (Ley 1581): cómo la dio la persona, con qué aviso y su soporte.

    El aviso vigente se muestra en la pantalla para leerlo en voz alta; su versión viaja oculta
    y queda en el registro de la autorización.
    """

    autorizacion = forms.ChoiceField(
        label=_("Autorización de tratamiento de datos (Ley 1581 de 2012)"),
        choices=[
            (
                "",
                _("No autoriza, o no se le preguntó (no se guardan teléfono, dirección ni correo)"),
            ),
            (MedioAutorizacion.VERBAL, _("Sí, en voz alta: le leí el aviso y autorizó")),
            (MedioAutorizacion.ESCRITA, _("Sí, por escrito: firmó el formato (adjúntelo)")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    soporte_autorizacion = forms.FileField(
        label=_("Formato de autorización firmado (PDF, JPG o PNG, hasta 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
        error_messages={"empty": _("El archivo está vacío.")},
    )
    aviso_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args, aviso=None, **kwargs):
        super().__init__(*args, **kwargs)
        if aviso is not None:
            self.fields["aviso_version"].initial = aviso.version

    def clean_soporte_autorizacion(self):
        """El formato se revisa aquí (sin decodificarlo) para que su error quede en su campo."""
        archivo = self.cleaned_data.get("soporte_autorizacion")
        if archivo:
            try:
                archivo_comprobado(archivo)
            except ValidationError as error:
                raise ValidationError(error.message_dict["archivo"]) from error
        return archivo

    def has_changed(self):
        # La versión del aviso viaja oculta en cada bloque: sola no hace que un bloque «cambie».
        return any(campo != "aviso_version" for campo in self.changed_data)

    def limpiar_autorizacion(self, datos: dict) -> dict:
        medio = datos.get("autorizacion")
        if (datos.get("telefono") or datos.get("direccion") or datos.get("correo")) and not medio:
            self.add_error(
                "autorizacion",
                _(
                    "Para guardar teléfono, dirección o correo, la persona debe autorizar el "
                    "tratamiento de sus datos."
                ),
            )
        if (
            medio == MedioAutorizacion.ESCRITA
            and not datos.get("soporte_autorizacion")
            and "soporte_autorizacion" not in self.errors
        ):
            self.add_error("soporte_autorizacion", _("Adjunte el formato de autorización firmado."))
        return datos

    def datos_autorizacion(self) -> DatosAutorizacion:
        d = self.cleaned_data
        return DatosAutorizacion(
            medio=d.get("autorizacion") or "",
            aviso_version=d.get("aviso_version") or "",
            soporte=d.get("soporte_autorizacion"),
        )


class ParteForm(AutorizacionFormMixin, forms.Form):
    # Con una opción vacía primero, un bloque que nadie tocó no «cambió» y el formset lo ignora.
    rol = forms.ChoiceField(
        label=_("Rol en el caso"),
        choices=[("", _("— Elija el rol —")), *RolParte.choices],
        error_messages={"required": _("Elija el rol de esta persona en el caso.")},
    )
    tipo_documento = forms.ChoiceField(
        label=_("Tipo de documento"), choices=TipoDocumento.choices, initial=TipoDocumento.CC
    )
    numero_documento = forms.CharField(
        label=_("Número de documento"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off"}),
    )
    nombres = forms.CharField(label=_("Nombres"), max_length=100)
    apellidos = forms.CharField(label=_("Apellidos"), max_length=100, required=False)
    sexo = forms.ChoiceField(label=_("Sexo"), choices=Sexo.choices, initial=Sexo.NO_INFORMA)
    edad = forms.IntegerField(label=_("Edad"), min_value=0, max_value=120, required=False)
    fecha_nacimiento = forms.DateField(label=_("Fecha de nacimiento"), required=False, widget=FECHA)
    enfoque_etnico = forms.BooleanField(label=_("Pertenencia étnica"), required=False)
    enfoque_discapacidad = forms.BooleanField(label=_("Persona con discapacidad"), required=False)
    enfoque_victima = forms.BooleanField(label=_("Víctima del conflicto armado"), required=False)
    enfoque_migrante = forms.BooleanField(label=_("Migrante"), required=False)
    enfoque_lgbtiq = forms.BooleanField(label=_("LGBTIQ+"), required=False)
    telefono = forms.CharField(label=_("Teléfono"), max_length=40, required=False)
    correo = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=254,
        required=False,
        help_text=_("Para enviarle las citaciones de la mediación."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "invalid": _("Escriba un correo completo, como nombre@ejemplo.com."),
            "max_length": _("El correo es muy largo: a lo sumo %(limit_value)d caracteres."),
        },
    )
    direccion = forms.CharField(label=_("Dirección"), max_length=200, required=False)

    def clean_fecha_nacimiento(self):
        return no_futura(self.cleaned_data.get("fecha_nacimiento"))

    def clean(self):
        return self.limpiar_autorizacion(limpiar_documento(self, super().clean()))

    def datos_parte(self) -> DatosParte:
        d = self.cleaned_data
        campos = {
            k: d[k] for k in DatosParte.__dataclass_fields__ if k in d and k != "autorizacion"
        }
        return DatosParte(**campos, autorizacion=self.datos_autorizacion())


# Lo que el navegador manda mal (sin el formulario de control): otra pestaña, una página vieja.


class BasePartesFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_few_forms": _("Registre al menos una parte del caso."),
        "too_many_forms": _("Un caso tiene a lo sumo %(num)d partes."),
        "missing_management_form": FORMSET_INCOMPLETO,
    }

    def initial_form_count(self):
        # Todas las partes son nuevas. Ni el INITIAL_FORMS que mande el navegador ni lo escrito
        # que vuelve como `initial` al agregar o quitar un bloque sin JavaScript hacen de un
        # bloque uno «inicial», que ya no se podría dejar vacío.
        return 0

    def total_form_count(self):
        if self.is_bound:
            return super().total_form_count()
        return min(max(len(self.initial or ()), self.min_num) + self.extra, self.max_num)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        vistos = set()
        for form in self.forms:
            if not form.has_changed() or (self.can_delete and self._should_delete_form(form)):
                continue
            clave = (
                form.cleaned_data.get("tipo_documento"),
                form.cleaned_data.get("numero_documento"),
            )
            if clave[1] and clave in vistos:
                raise ValidationError(_("La misma persona aparece dos veces entre las partes."))
            vistos.add(clave)

    def datos_partes(self) -> list[DatosParte]:
        return [form.datos_parte() for form in self.forms if form.has_changed() and form.is_valid()]


PartesFormSet = forms.formset_factory(
    ParteForm,
    formset=BasePartesFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=12,
    validate_max=True,
)


def lo_escrito(form) -> dict:
    """Lo que trae un formulario enviado, sin validarlo, para ofrecerlo de nuevo como `initial`."""
    return {nombre: form[nombre].value() for nombre in form.fields}


def partes_rehechas(partes, *, agregar=False, quitar=None):
    """Los bloques de parte enviados, con uno más al final o sin el de índice `quitar` (nunca el
    primero): lo que hacen los botones «Agregar otra parte» y «Quitar esta parte» sin JavaScript.
    Sin validar, para no mostrar errores de lo que la persona aún no termina de escribir.
    """
    bloques = [lo_escrito(form) for form in partes.forms[: partes.max_num]]
    if quitar is not None and 0 < quitar < len(bloques):
        del bloques[quitar]
    agregado = agregar and len(bloques) < partes.max_num
    if agregado:
        bloques.append({})
    rehechas = PartesFormSet(prefix=partes.prefix, initial=bloques, form_kwargs=partes.form_kwargs)
    if agregado:
        # Al volver la página, el foco queda en el bloque nuevo, como con JavaScript.
        rehechas.forms[-1].fields["rol"].widget.attrs["autofocus"] = True
    return rehechas


class RevocarForm(forms.Form):
    motivo = forms.CharField(
        label=_("Cómo y cuándo revocó la persona su autorización"),
        max_length=300,
        error_messages={
            "required": _("Diga cómo y cuándo la persona revocó su autorización."),
            "max_length": _("Cuéntelo en menos de 300 caracteres."),
        },
    )


class FusionForm(forms.Form):
    conservar = forms.ChoiceField(
        label=_("Registro que queda"),
        choices=[("persona", "persona"), ("otra", "otra")],
        widget=forms.RadioSelect,
    )
