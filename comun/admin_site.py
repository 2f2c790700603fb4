"""El admin de Convivencia: el de django-otp (solo con el segundo factor verificado), en
español, y con un único ingreso, el de /cuenta/ (bloqueo por intentos y segundo factor)."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp.admin import OTPAdminSite


class ConvivenciaAdminSite(OTPAdminSite):
    site_header = _("Convivencia — Área Metropolitana de Barranquilla")
    site_title = _("Convivencia AMB")
    index_title = _("Administración del programa de convivencia")

    def __init__(self, name="admin"):
        super().__init__(name)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        destino = request.GET.get("next") or reverse("admin:index")
        if request.user.is_authenticated and self.has_permission(request):
            return redirect(destino)
        # Sin sesión, o sin permiso (la página de ingreso lo dice): al ingreso del sitio.
        return redirect_to_login(destino)


class EditablesConNombreMixin:
    """Los campos editables de la lista (`list_editable`) no traen etiqueta: el lector de pantalla
    solo diría «casilla». Cada uno lleva «<campo>: <objeto>» como nombre (axe: label)."""

    def get_changelist_form(self, request, **kwargs):
        formulario = super().get_changelist_form(request, **kwargs)

        class ConNombres(formulario):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for campo in self.fields.values():
                    campo.widget.attrs["aria-label"] = f"{campo.label}: {self.instance}"

        return ConNombres
