"""Quien pide una página, con su perfil y su municipio, y sus permisos: dos consultas, no cinco."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class PermisosEnUnaConsulta(ModelBackend):
    """El `ModelBackend` de Django, con los permisos propios y los de los grupos en una sola
    consulta (UNION). Cada página los pide (la barra y el segundo factor miran un permiso), y en
    PostgreSQL cada ida y vuelta a la base cuesta más de un milisegundo.

    El usuario de la sesión llega con su perfil y el municipio del perfil (`select_related`):
    casi todas las páginas los leen (alcance, segundo factor, la barra).

    Para el resto (ingreso, superusuarios, usuarios inactivos, permisos por objeto) es el de
    Django: mismas respuestas, mismo `_perm_cache` por petición.
    """

    def get_user(self, user_id):
        usuario = (
            get_user_model()
            ._default_manager.select_related("perfil__municipio")
            .filter(pk=user_id)
            .first()
        )
        return usuario if usuario is not None and self.user_can_authenticate(usuario) else None

    def get_all_permissions(self, user_obj, obj=None):
        if (
            not user_obj.is_active
            or user_obj.is_anonymous
            or obj is not None
            or user_obj.is_superuser
            or hasattr(user_obj, "_perm_cache")
        ):
            return super().get_all_permissions(user_obj, obj)
        campos = ("content_type__app_label", "codename")
        # Sin el orden de `Permission.Meta` (una UNION no ordena por columnas que no devuelve).
        propios = Permission.objects.filter(user=user_obj).order_by().values_list(*campos)
        de_grupos = Permission.objects.filter(group__user=user_obj).order_by().values_list(*campos)
        user_obj._perm_cache = {
            f"{app}.{codigo}" for app, codigo in propios.union(de_grupos).order_by()
        }
        return user_obj._perm_cache
