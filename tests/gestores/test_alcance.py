"""La regla de alcance de DESIGN §4, rol por rol, para cada modelo con datos de un municipio."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gestores.models import Gestor, Perfil, Rol
from municipios.models import Contacto, Entidad, Municipio, OrganizacionComunitaria, Sector
from tests.factories import (
    ContactoFactory,
    GestorFactory,
    OrganizacionComunitariaFactory,
    SectorFactory,
    UserFactory,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db

MUNICIPALES = [Rol.GESTOR, Rol.COORDINADOR, Rol.SECRETARIA, Rol.ENLACE]


@pytest.fixture
def datos(galapa, malambo):
    """Un poco de todo en Galapa y en Malambo."""
    for municipio in (galapa, malambo):
        sector = SectorFactory(municipio=municipio)
        OrganizacionComunitariaFactory(sector=sector)
        ContactoFactory(entidad=municipio.entidades.first())
        GestorFactory(perfil__municipio=municipio, sectores=[sector])


def _municipios_vistos(user):
    """Los municipios a los que pertenece cada cosa que `user` alcanza a ver, por modelo."""
    return {
        "municipio": set(Municipio.objects.visible_para(user).values_list("pk", flat=True)),
        "sector": set(Sector.objects.visible_para(user).values_list("municipio", flat=True)),
        "entidad": set(Entidad.objects.visible_para(user).values_list("municipio", flat=True)),
        "contacto": set(
            Contacto.objects.visible_para(user).values_list("entidad__municipio", flat=True)
        ),
        "organizacion": set(
            OrganizacionComunitaria.objects.visible_para(user).values_list(
                "sector__municipio", flat=True
            )
        ),
        "perfil": set(Perfil.objects.visible_para(user).values_list("municipio", flat=True)),
        "gestor": set(
            Gestor.objects.visible_para(user).values_list("perfil__municipio", flat=True)
        ),
    }


@pytest.mark.parametrize("rol", MUNICIPALES)
def test_un_rol_municipal_ve_solo_su_municipio(rol, datos, galapa):
    usuario = usuario_con_rol(rol, galapa)

    vistos = _municipios_vistos(usuario)

    assert vistos == {key: {galapa.pk} for key in vistos}


@pytest.mark.parametrize(
    "crear",
    [
        pytest.param(lambda: usuario_con_rol(Rol.AMB), id="equipo-amb"),
        pytest.param(lambda: UserFactory(is_superuser=True, is_staff=True), id="superusuario"),
    ],
)
def test_el_equipo_amb_y_los_superusuarios_ven_todos_los_municipios(crear, datos, galapa, malambo):
    usuario = crear()

    vistos = _municipios_vistos(usuario)

    assert vistos == _municipios_vistos(UserFactory(is_superuser=True))
    assert vistos["municipio"] == set(Municipio.objects.values_list("pk", flat=True))
    assert {galapa.pk, malambo.pk} <= vistos["gestor"]
    assert {galapa.pk, malambo.pk} <= vistos["contacto"]


@pytest.mark.parametrize(
    "usuario",
    [
        pytest.param(lambda: UserFactory(), id="sin-perfil"),
        pytest.param(lambda: AnonymousUser(), id="anonimo"),
    ],
)
def test_sin_perfil_o_sin_sesion_no_se_ve_nada(usuario, datos):
    vistos = _municipios_vistos(usuario())

    assert vistos == {key: set() for key in vistos}


def test_un_usuario_desactivado_no_ve_nada(datos, galapa):
    usuario = usuario_con_rol(Rol.COORDINADOR, galapa)
    usuario.is_active = False

    vistos = _municipios_vistos(usuario)

    assert vistos == {key: set() for key in vistos}
