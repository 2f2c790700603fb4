from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from comun.admin_site import ListaGrande
from gestores.models import Gestor, Perfil, validar_sectores
from gestores.services import usuario_sincronizar_rol

User = get_user_model()


class PerfilInline(admin.StackedInline):
    model = Perfil
    can_delete = False
    fields = ["rol", "municipio", "entidad", "telefono"]


admin.site.unregister(User)


@admin.register(User)
class UsuarioAdmin(UserAdmin):
    inlines = [PerfilInline]
    list_display = ["username", "first_name", "last_name", "email", "rol", "municipio", "is_active"]
    list_filter = ["perfil__rol", "perfil__municipio", "is_active", "is_staff"]
    list_select_related = ["perfil__municipio"]
    search_fields = ["username", "first_name", "last_name", "email"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if hasattr(form.instance, "perfil"):
            usuario_sincronizar_rol(usuario=form.instance)

    @admin.display(description="rol", ordering="perfil__rol")
    def rol(self, usuario):
        perfil = getattr(usuario, "perfil", None)
        return perfil.get_rol_display() if perfil else "—"

    @admin.display(description="municipio", ordering="perfil__municipio__nombre")
    def municipio(self, usuario):
        perfil = getattr(usuario, "perfil", None)
        return perfil.municipio if perfil and perfil.municipio_id else "—"


class GestorAdminForm(forms.ModelForm):
    """Los sectores (M2M) no llegan a `Gestor.clean()`: se revisan aquí, con la regla del
    servicio."""

    class Meta:
        model = Gestor
        fields = ["perfil", "documento", "sectores", "estado", "fecha_ingreso"]

    def clean(self):
        datos = super().clean()
        perfil = datos.get("perfil") or getattr(self.instance, "perfil", None)
        if perfil is not None and datos.get("sectores") is not None:
            try:
                validar_sectores(datos["sectores"], perfil.municipio_id)
            except forms.ValidationError as error:
                self.add_error(None, error)
        return datos


@admin.register(Gestor)
class GestorAdmin(admin.ModelAdmin):
    form = GestorAdminForm
    list_display = ["__str__", "documento", "municipio", "estado", "fecha_ingreso"]
    list_filter = ["perfil__municipio", "estado"]
    list_select_related = ["perfil__usuario", "perfil__municipio"]
    search_fields = ["documento", "perfil__usuario__first_name", "perfil__usuario__last_name"]
    filter_horizontal = ["sectores"]

    @admin.display(description="municipio", ordering="perfil__municipio__nombre")
    def municipio(self, gestor):
        return gestor.perfil.municipio


@admin.register(AccessAttempt)
class BloqueoAdmin(ListaGrande, admin.ModelAdmin):
    """Intentos fallidos de ingreso (django-axes): borrar uno desbloquea a ese usuario e IP. Una
    fila por usuario e IP: quien prueba nombres al azar la hace crecer (ListaGrande)."""

    list_display = ["username", "ip_address", "failures_since_start", "attempt_time", "bloqueado"]
    list_filter = [("attempt_time", admin.DateFieldListFilter)]
    search_fields = ["=username", "=ip_address"]
    ordering = ["-pk"]  # los más recientes, por su índice (`attempt_time` no tiene)
    fields = ["username", "ip_address", "user_agent", "path_info", "failures_since_start"]
    fields += ["attempt_time"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("bloqueado"), boolean=True)
    def bloqueado(self, intento):
        return intento.failures_since_start >= settings.AXES_FAILURE_LIMIT


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class DispositivoAdmin(admin.ModelAdmin):
    """Los segundos factores, sin su clave: borrar uno deja a su dueño configurar otro."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["=user__username"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
