"""Escrituras que cambian quién usa el sistema (DESIGN §4, STYLE §3)."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from gestores.models import EstadoGestor, Gestor, Perfil, Rol, validar_sectores
from municipios.models import Municipio, Sector

User = get_user_model()


@transaction.atomic
def usuario_crear(
    *,
    username: str,
    password: str | None,
    rol: Rol,
    municipio: Municipio | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    telefono: str = "",
    entidad=None,
) -> User:
    """Crea un usuario con su perfil y lo pone en el grupo de su rol.

    El equipo AMB entra al admin (`is_staff`); nadie más. Sin `password` la cuenta queda sin
    clave usable hasta que la persona la restablezca por correo.
    """
    rol = Rol(rol)
    usuario = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=rol.alcance_total,
    )
    if password:
        usuario.set_password(password)
    else:
        usuario.set_unusable_password()
    usuario.full_clean()
    usuario.save()
    perfil = Perfil(
        usuario=usuario, rol=rol, municipio=municipio, telefono=telefono, entidad=entidad
    )
    perfil.full_clean()
    perfil.save()
    usuario_sincronizar_rol(usuario=usuario)
    return usuario


@transaction.atomic
def usuario_sincronizar_rol(*, usuario: User) -> None:
    """Deja al usuario en el grupo de su rol (y solo en ese) y con acceso al admin si es AMB.

    Los superusuarios conservan su acceso al admin sea cual sea su perfil.
    """
    rol = Rol(usuario.perfil.rol)
    otros_roles = Group.objects.filter(name__in=[r.nombre_grupo for r in Rol if r != rol])
    usuario.groups.remove(*otros_roles)
    usuario.groups.add(Group.objects.get(name=rol.nombre_grupo))
    es_staff = rol.alcance_total or usuario.is_superuser
    if usuario.is_staff != es_staff:
        usuario.is_staff = es_staff
        usuario.save(update_fields=["is_staff"])


@transaction.atomic
def gestor_registrar(
    *,
    usuario: User,
    documento: str,
    fecha_ingreso: datetime.date,
    sectores: list[Sector] | tuple[Sector, ...] = (),
    estado: EstadoGestor = EstadoGestor.EN_FORMACION,
) -> Gestor:
    """Da al usuario sus datos de gestor y los sectores que atiende. Regla: solo un perfil con rol
    de gestor (`Gestor.clean()`), y sectores de su municipio (`validar_sectores`)."""
    perfil = usuario.perfil
    gestor = Gestor(perfil=perfil, documento=documento, fecha_ingreso=fecha_ingreso, estado=estado)
    gestor.full_clean()  # Gestor.clean(): solo un perfil con rol de gestor
    validar_sectores(sectores, perfil.municipio_id)
    gestor.save()
    gestor.sectores.set(sectores)
    return gestor


@transaction.atomic
def segundo_factor_confirmar(*, dispositivo: TOTPDevice, codigo: str) -> bool:
    """Confirma la aplicación de autenticación pendiente con su primer código y dice si quedó
    confirmada. Regla: solo un código válido en este momento la confirma; uno errado no cambia
    nada más que la espera que cuenta django-otp."""
    if not dispositivo.verify_token(codigo):
        return False
    dispositivo.confirmed = True
    dispositivo.save(update_fields=["confirmed"])
    return True
