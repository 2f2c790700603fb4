"""Errores de formulario a la vista y campos ligeros.

`resumen_errores`: la caja de errores arriba del formulario (patrón del GOV.UK Design System):
«Hay N problemas» y cada error como un enlace al campo. Sirve para cualquier formulario o
formset; la enfoca static/js/errores.js (sin scripts en línea, por la CSP).

`campo`: un campo con el marcado de crispy bootstrap5 (etiqueta, control, ayuda, error), hecho
en Python. Las páginas que más se usan en la calle (el registro de un caso y su detalle) lo usan
en vez de `as_crispy_field`, que pasa cada campo por una docena de plantillas.

En los dos, el id del mensaje de error es `<id del campo>_error`: el mismo que Django pone en el
`aria-describedby` de un campo con errores (junto con `aria-invalid="true"`) y el que usa crispy.
"""

from django import forms, template
from django.forms.utils import flatatt
from django.forms.widgets import ChoiceWidget
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


def id_destino(campo) -> str:
    """El id del control al que lleva el enlace del error: el primero de un grupo de opciones."""
    if not campo.auto_id:
        return ""
    widget = campo.field.widget
    if isinstance(widget, ChoiceWidget):
        return widget.id_for_label(campo.auto_id, "0")
    return widget.id_for_label(campo.auto_id) or f"{campo.auto_id}_0"


def _primer_campo(form) -> str:
    for campo in form.visible_fields():
        return id_destino(campo)
    return ""


def _errores_de_form(form, prefijo: str = "") -> list[tuple[str, str]]:
    """(id destino, texto) de cada error de `form`, en el orden de sus campos."""
    if not form.is_bound or not form.errors:
        return []
    lista = [(_primer_campo(form), prefijo + str(e)) for e in form.non_field_errors()]
    for campo in form:
        for error in campo.errors:
            if campo.is_hidden:
                lista.append(("", prefijo + str(error)))
            else:
                lista.append((id_destino(campo), f"{prefijo}{campo.label}: {error}"))
    return lista


def errores_de(*formularios, bloque: str = "") -> list[tuple[str, str]]:
    """Los errores de formularios y formsets, en orden. Los bloques de un formset van numerados
    con `bloque` («Parte 2 — Nombres: …»)."""
    lista = []
    for f in formularios:
        if f is None or f == "":
            continue
        if isinstance(f, forms.BaseFormSet):
            if not f.is_bound:
                continue
            primero = _primer_campo(f.forms[0]) if f.forms else ""
            lista += [(primero, str(e)) for e in f.non_form_errors()]
            for numero, form in enumerate(f.forms, start=1):
                nombre = f"{bloque or _('Bloque')} {numero} — "
                lista += _errores_de_form(form, nombre)
        else:
            lista += _errores_de_form(f)
    return lista


@register.inclusion_tag("includes/resumen_errores.html")
def resumen_errores(*formularios, bloque=""):
    errores = errores_de(*formularios, bloque=bloque)
    n = len(errores)
    titulo = ngettext("Hay %(n)s problema", "Hay %(n)s problemas", n) % {"n": n}
    return {"errores": errores, "titulo": titulo}


@register.filter
def con_errores(form, campos: str) -> bool:
    """¿Tiene error alguno de estos campos (separados por comas)? Para abrir su <details>."""
    errores = getattr(form, "errors", None)
    return bool(errores) and any(c.strip() in errores for c in campos.split(","))


# Los controles que `_control` escribe sin pasar por las plantillas de widgets de Django (una
# plantilla por <option>): el mismo HTML, en una fracción del tiempo. Los demás (archivos,
# selecciones múltiples…) los dibuja Django.
_ENTRADAS = (
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.HiddenInput,
    forms.CheckboxInput,
)
_RAPIDOS = {*_ENTRADAS, forms.Textarea, forms.Select}


def _atributos(attrs: dict) -> str:
    """Como django/forms/widgets/attrs.html: False se omite, True va sin valor."""
    return "".join(
        f" {nombre}" if valor is True else f' {nombre}="{conditional_escape(valor)}"'
        for nombre, valor in attrs.items()
        if valor is not False
    )


def _control(campo, attrs: dict):
    widget = campo.field.widget
    if type(widget) not in _RAPIDOS or campo.field.localize:
        return campo.as_widget(attrs=attrs)
    attrs = campo.build_widget_attrs(dict(attrs), widget)
    if campo.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", campo.auto_id)
    w = widget.get_context(campo.html_name, campo.value(), attrs)["widget"]
    nombre = conditional_escape(w["name"])
    if isinstance(widget, forms.Select):
        opciones = []
        for grupo, lista, _indice in w["optgroups"]:
            html = "".join(
                f'<option value="{conditional_escape(o["value"])}"{_atributos(o["attrs"])}>'
                f"{conditional_escape(o['label'])}</option>"
                for o in lista
            )
            opciones.append(
                f'<optgroup label="{conditional_escape(grupo)}">{html}</optgroup>'
                if grupo
                else html
            )
        return mark_safe(
            f'<select name="{nombre}"{_atributos(w["attrs"])}>{"".join(opciones)}</select>'
        )
    if isinstance(widget, forms.Textarea):
        valor = conditional_escape(w["value"]) if w["value"] else ""
        return mark_safe(f'<textarea name="{nombre}"{_atributos(w["attrs"])}>\n{valor}</textarea>')
    valor = "" if w["value"] is None else f' value="{conditional_escape(w["value"])}"'
    return mark_safe(f'<input type="{w["type"]}" name="{nombre}"{valor}{_atributos(w["attrs"])}>')


def _clase_control(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        return "form-select"
    return "form-control"


def _mensajes(campo) -> str:
    if not campo.errors:
        return ""
    return format_html(
        '<div id="{}_error" class="invalid-feedback d-block">{}</div>',
        campo.auto_id,
        format_html_join(
            "", "<p class='mb-0'><strong>{}</strong></p>", ((e,) for e in campo.errors)
        ),
    )


def _ayuda(campo) -> str:
    if not campo.help_text:
        return ""
    return format_html(
        '<div id="{}_helptext" class="form-text">{}</div>', campo.auto_id, campo.help_text
    )


def _etiqueta(campo, obligatorio) -> str:
    marca = mark_safe('<span class="asteriskField">*</span>') if obligatorio else ""
    return format_html(
        '<label for="{}" class="form-label{}">{}{}</label>',
        campo.id_for_label,
        " requiredField" if obligatorio else "",
        campo.label,
        marca,
    )


def _radios(campo) -> str:
    error_id = f"{campo.auto_id}_error" if campo.errors else ""
    opciones = []
    for sub in campo.subwidgets:
        attrs = dict(sub.data["attrs"])
        attrs |= {"type": "radio", "name": sub.data["name"], "value": sub.data["value"]}
        attrs["class"] = "form-check-input" + (" is-invalid" if campo.errors else "")
        if campo.errors:
            attrs |= {"aria-invalid": "true", "aria-describedby": error_id}
        if sub.data["selected"]:
            attrs["checked"] = True
        opciones.append(
            format_html(
                '<div class="form-check"><input{}><label for="{}" class="form-check-label">'
                "{}</label></div>",
                flatatt(attrs),
                sub.id_for_label,
                sub.choice_label,
            )
        )
    obligatorio = campo.field.required
    return format_html(
        '<fieldset id="div_{}" class="mb-3"{}><legend class="form-label pt-0{}">{}{}</legend>'
        "{}{}{}</fieldset>",
        campo.auto_id,
        mark_safe(f' aria-describedby="{error_id}"') if error_id else "",
        " requiredField" if obligatorio else "",
        campo.label,
        mark_safe('<span class="asteriskField">*</span>') if obligatorio else "",
        mark_safe("".join(opciones)),
        _mensajes(campo),
        _ayuda(campo),
    )


@register.simple_tag
def campo(campo, **attrs):
    """Un campo con el marcado de crispy bootstrap5, sin sus plantillas."""
    if campo.is_hidden:
        return _control(campo, {})
    widget = campo.field.widget
    if isinstance(widget, forms.RadioSelect):
        return _radios(campo)
    clase = _clase_control(widget) + (" is-invalid" if campo.errors else "")
    attrs = {"class": clase, **attrs}
    control = _control(campo, attrs)
    obligatorio = campo.field.required
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div id="div_{}" class="mb-3 form-check">{}<label for="{}" class="form-check-label">'
            "{}</label>{}{}</div>",
            campo.auto_id,
            control,
            campo.id_for_label,
            campo.label,
            _mensajes(campo),
            _ayuda(campo),
        )
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}{}</div>',
        campo.auto_id,
        _etiqueta(campo, obligatorio),
        control,
        _mensajes(campo),
        _ayuda(campo),
    )


@register.simple_tag
def campos(form):
    """Todos los campos de `form` con `campo` (los ocultos primero, como crispy)."""
    ocultos = "".join(_control(c, {}) for c in form.hidden_fields())
    visibles = "".join(campo(c) for c in form.visible_fields())
    return mark_safe(ocultos + visibles)  # cada parte ya viene escapada
