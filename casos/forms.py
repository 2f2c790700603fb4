"""Formularios de casos. Ningún ModelForm usa `fields="__all__"` ni `exclude`: municipio, autor,
estado y versión los pone el servidor, así que un POST con el id de otro municipio no cambia nada.
"""

import re
import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casos.models import (
    TIPOS_ACTUACION_MANUAL,
    Caso,
    MedioAutorizacion,
    MedioRecepcion,
    MedioRemision,
    NivelRiesgo,
    Resultado,
    ResultadoVerificacion,
    RolParte,
    Sexo,
    TipoConflicto,
    TipoDocumento,
)
from casos.personas import DatosAutorizacion
from casos.services import ANIO_MINIMO, RESULTADOS_DESDE, DatosCompromiso, DatosParte
from comun.archivos import archivo_comprobado
from gestores.models import Rol
from municipios.models import Contacto, Entidad, Sector, TipoEntidad

FECHA = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FECHA_HORA = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


# Fechas de hechos, recepciones, nacimientos y actuaciones: ni futuras ni de antes de 1900.
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


class CasoEditarForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Caso
        fields = ["tipo", "nivel_riesgo", "canal", "fecha_hechos", "sector", "direccion", "relato"]
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


class AutorizacionFormMixin(forms.Form):
    """La autorización de datos (Ley 1581): cómo la dio la persona, con qué aviso y su soporte.

    El aviso vigente se muestra en la pantalla para leerlo en voz alta; su versión viaja oculta
    y queda en el registro de la autorización.
    """

    autorizacion = forms.ChoiceField(
        label=_("Autorización de tratamiento de datos (Ley 1581 de 2012)"),
        choices=[
            ("", _("No autoriza, o no se le preguntó (no se guardan teléfono ni dirección)")),
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
        if (datos.get("telefono") or datos.get("direccion")) and not medio:
            self.add_error(
                "autorizacion",
                _(
                    "Para guardar teléfono o dirección, la persona debe autorizar el "
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
FORMSET_INCOMPLETO = _("El formulario llegó incompleto. Recargue la página y vuelva a escribirlo.")


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


class ActuacionForm(forms.Form):
    tipo = forms.ChoiceField(
        label=_("Tipo"), choices=[(t.value, t.label) for t in TIPOS_ACTUACION_MANUAL]
    )
    fecha = forms.DateTimeField(label=_("Fecha y hora"), widget=FECHA_HORA, initial=timezone.now)
    descripcion = forms.CharField(label=_("Qué pasó"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_fecha(self):
        return no_futura(self.cleaned_data.get("fecha"))


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
        label=_("Motivo"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
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
        label=_("Respuesta de la entidad y acción tomada"), widget=forms.Textarea(attrs={"rows": 3})
    )

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
