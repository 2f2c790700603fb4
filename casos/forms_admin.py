from django import forms
from django.utils.translation import gettext_lazy as _

from casos.forms import ResponsableField, responsables


class ReasignarEnBloqueForm(forms.Form):
    """El nuevo responsable de varios casos de un municipio (acción del admin)."""

    gestor = ResponsableField(
        label=_("Nuevo responsable"),
        queryset=None,
        help_text=_("Coordinadores y gestores certificados y activos del municipio."),
    )

    def __init__(self, *args, municipio, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gestor"].queryset = responsables(municipio.pk)
