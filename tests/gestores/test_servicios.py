import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_otp.oath import TOTP

from gestores.models import EstadoGestor, Perfil, Rol
from gestores.segundo_factor import dispositivo_pendiente
from gestores.services import (
    gestor_registrar,
    segundo_factor_confirmar,
    usuario_crear,
    usuario_sincronizar_rol,
)
from tests.factories import SectorFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def _crear(**kwargs):
    datos = {"username": "nuevo", "password": "una frase larga de prueba", "first_name": "Ana"}
    return usuario_crear(**(datos | kwargs))


def test_crear_un_usuario_lo_pone_en_el_grupo_de_su_rol(galapa):
    usuario = _crear(rol=Rol.COORDINADOR, municipio=galapa)

    assert usuario.perfil.rol == Rol.COORDINADOR
    assert usuario.perfil.municipio == galapa
    assert list(usuario.groups.values_list("name", flat=True)) == ["Coordinador municipal"]
    assert not usuario.is_staff
    assert usuario.check_password("una frase larga de prueba")


def test_el_equipo_amb_entra_al_admin_y_no_tiene_municipio():
    usuario = _crear(rol=Rol.AMB, municipio=None)

    assert usuario.is_staff
    assert usuario.perfil.municipio is None
    assert usuario.has_perm("municipios.change_entidad")


@pytest.mark.parametrize(("rol", "con_municipio"), [(Rol.AMB, True), (Rol.GESTOR, False)])
def test_rol_y_municipio_incoherentes_no_dejan_nada_guardado(rol, con_municipio, galapa):
    with pytest.raises(ValidationError, match="El equipo AMB no tiene municipio"):
        _crear(rol=rol, municipio=galapa if con_municipio else None)

    assert not User.objects.filter(username="nuevo").exists()


def test_la_base_de_datos_tambien_exige_municipio_segun_el_rol(galapa):
    usuario = User.objects.create(username="directo")
    with pytest.raises(IntegrityError), transaction.atomic():
        Perfil.objects.create(usuario=usuario, rol=Rol.SECRETARIA, municipio=None)


def test_cambiar_de_rol_cambia_de_grupo_y_de_acceso_al_admin(galapa):
    usuario = _crear(rol=Rol.AMB, municipio=None)
    Perfil.objects.filter(usuario=usuario).update(rol=Rol.SECRETARIA, municipio=galapa)
    usuario.refresh_from_db()

    usuario_sincronizar_rol(usuario=usuario)

    assert list(usuario.groups.values_list("name", flat=True)) == ["Secretaría de Gobierno"]
    assert not User.objects.get(pk=usuario.pk).is_staff


def test_registrar_un_gestor_con_sus_sectores(galapa):
    usuario = _crear(rol=Rol.GESTOR, municipio=galapa)
    sectores = SectorFactory.create_batch(2, municipio=galapa)

    gestor = gestor_registrar(
        usuario=usuario,
        documento="1045123456",
        fecha_ingreso=datetime.date(2026, 3, 1),
        sectores=sectores,
    )

    assert gestor.estado == EstadoGestor.EN_FORMACION
    assert set(gestor.sectores.all()) == set(sectores)


def test_un_gestor_no_atiende_sectores_de_otro_municipio(galapa, malambo):
    usuario = _crear(rol=Rol.GESTOR, municipio=galapa)
    ajeno = SectorFactory(municipio=malambo, nombre="Mesolandia")

    with pytest.raises(ValidationError, match="Mesolandia"):
        gestor_registrar(
            usuario=usuario,
            documento="1045123456",
            fecha_ingreso=datetime.date(2026, 3, 1),
            sectores=[ajeno],
        )


def test_solo_un_usuario_con_rol_gestor_se_registra_como_gestor(galapa):
    usuario = _crear(rol=Rol.SECRETARIA, municipio=galapa)

    with pytest.raises(ValidationError, match="rol de gestor"):
        gestor_registrar(
            usuario=usuario, documento="1045123456", fecha_ingreso=datetime.date(2026, 3, 1)
        )


def test_el_documento_del_gestor_son_solo_digitos(galapa):
    usuario = _crear(rol=Rol.GESTOR, municipio=galapa)

    with pytest.raises(ValidationError):
        gestor_registrar(
            usuario=usuario, documento="CC 1.045", fecha_ingreso=datetime.date(2026, 3, 1)
        )


def _codigo(dispositivo, desfase: int = 0) -> str:
    totp = TOTP(dispositivo.bin_key, dispositivo.step, dispositivo.t0, dispositivo.digits)
    totp.time += desfase * 30
    return f"{totp.token():0{dispositivo.digits}d}"


def test_el_primer_codigo_valido_confirma_la_aplicacion(gestor_galapa):
    dispositivo = dispositivo_pendiente(gestor_galapa)

    assert segundo_factor_confirmar(dispositivo=dispositivo, codigo=_codigo(dispositivo))

    dispositivo.refresh_from_db()
    assert dispositivo.confirmed


def test_un_codigo_errado_no_confirma_la_aplicacion(gestor_galapa):
    dispositivo = dispositivo_pendiente(gestor_galapa)

    assert not segundo_factor_confirmar(dispositivo=dispositivo, codigo=_codigo(dispositivo, 10))

    dispositivo.refresh_from_db()
    assert not dispositivo.confirmed
