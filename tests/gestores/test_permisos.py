"""Los permisos en una consulta (`gestores.backends.PermisosEnUnaConsulta`): las mismas
respuestas que el `ModelBackend` de Django."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

from gestores.backends import PermisosEnUnaConsulta

pytestmark = pytest.mark.django_db


def _permiso(codigo):
    return Permission.objects.get(codename=codigo)


@pytest.fixture
def usuario():
    usuario = get_user_model().objects.create_user("permisos.prueba")
    grupo = Group.objects.create(name="Con casos")
    grupo.permissions.add(_permiso("view_caso"), _permiso("add_caso"))
    usuario.groups.add(grupo)
    usuario.user_permissions.add(_permiso("view_caso"), _permiso("view_municipio"))
    return get_user_model().objects.get(pk=usuario.pk)


def test_los_propios_y_los_de_sus_grupos_en_una_consulta(usuario, django_assert_num_queries):
    with django_assert_num_queries(1):
        permisos = PermisosEnUnaConsulta().get_all_permissions(usuario)
        assert usuario.has_perm("casos.add_caso")  # ya en la caché de la petición
    assert permisos == {"casos.view_caso", "casos.add_caso", "municipios.view_municipio"}
    otro = get_user_model().objects.get(pk=usuario.pk)
    assert permisos == ModelBackend().get_all_permissions(otro)


def test_inactivos_y_por_objeto_sin_permisos_y_superusuario_con_todos(usuario):
    backend = PermisosEnUnaConsulta()
    assert backend.get_all_permissions(usuario, obj=usuario) == set()
    usuario.is_active = False
    assert backend.get_all_permissions(usuario) == set()
    jefe = get_user_model().objects.create_superuser("jefe.prueba", password=None)
    assert len(backend.get_all_permissions(jefe)) == Permission.objects.count()


def test_es_el_backend_del_sitio(settings):
    assert "gestores.backends.PermisosEnUnaConsulta" in settings.AUTHENTICATION_BACKENDS
    assert "django.contrib.auth.backends.ModelBackend" not in settings.AUTHENTICATION_BACKENDS
