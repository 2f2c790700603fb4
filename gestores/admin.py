from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from gestores.models import Gestor, Perfil
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


@admin.register(Gestor)
class GestorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "documento", "municipio", "estado", "fecha_ingreso"]
    list_filter = ["perfil__municipio", "estado"]
    list_select_related = ["perfil__usuario", "perfil__municipio"]
    search_fields = ["documento", "perfil__usuario__first_name", "perfil__usuario__last_name"]
    filter_horizontal = ["sectores"]

    @admin.display(description="municipio", ordering="perfil__municipio__nombre")
    def municipio(self, gestor):
        return gestor.perfil.municipio
