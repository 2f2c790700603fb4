"""Fábricas de todos los modelos, con datos realistas en español de Colombia (Faker es_CO).

Los objetos relacionados quedan coherentes: un contacto es de una entidad del mismo municipio,
los sectores de un gestor son de su municipio.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from gestores.models import EstadoGestor, Gestor, Perfil, Rol
from municipios.models import (
    Contacto,
    Entidad,
    Municipio,
    OrganizacionComunitaria,
    Sector,
    TipoEntidad,
    TipoOrganizacion,
    TipoSector,
    Zona,
)

factory.Faker._DEFAULT_LOCALE = "es_CO"

CLAVE = "clave-de-prueba-segura"


class MunicipioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipio
        django_get_or_create = ["codigo_dane"]

    nombre = factory.Sequence(lambda n: f"Municipio de prueba {n}")
    codigo_dane = factory.Sequence(lambda n: f"{90000 + n:05d}")
    sigla = factory.Sequence(lambda n: "".join(chr(65 + (n // 26**i) % 26) for i in (2, 1, 0)))
    departamento = "Atlántico"
    activo = True


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    municipio = factory.SubFactory(MunicipioFactory)
    nombre = factory.Sequence(lambda n: f"Barrio {n}")
    tipo = TipoSector.BARRIO
    zona = Zona.URBANA


class EntidadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entidad

    municipio = factory.SubFactory(MunicipioFactory)
    tipo = TipoEntidad.INSPECCION_URBANA
    nombre = factory.Sequence(lambda n: f"Inspección de Policía {n}")
    telefono = factory.Faker("phone_number")
    correo = factory.Faker("email")
    horario = "Lunes a viernes, 8:00 a. m. a 5:00 p. m."


class ContactoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contacto

    entidad = factory.SubFactory(EntidadFactory)
    nombre = factory.Faker("name")
    cargo = "Inspector(a) de Policía"
    telefono = factory.Faker("phone_number")
    correo = factory.Faker("email")
    vigente_desde = datetime.date(2025, 1, 1)
    vigente_hasta = None


class OrganizacionComunitariaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizacionComunitaria

    sector = factory.SubFactory(SectorFactory)
    tipo = TipoOrganizacion.JAC
    nombre = factory.LazyAttribute(lambda o: f"Junta de Acción Comunal {o.sector.nombre}")
    contacto_nombre = factory.Faker("name")
    contacto_cargo = "Presidente(a)"
    contacto_telefono = factory.Faker("phone_number")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"usuario{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(CLAVE)


class PerfilFactory(factory.django.DjangoModelFactory):
    """Un usuario con su perfil, en el grupo de su rol (como lo deja el servicio)."""

    class Meta:
        model = Perfil
        skip_postgeneration_save = True

    usuario = factory.SubFactory(UserFactory)
    rol = Rol.GESTOR
    municipio = factory.Maybe(
        factory.LazyAttribute(lambda p: p.rol == Rol.AMB),
        yes_declaration=None,
        no_declaration=factory.SubFactory(MunicipioFactory),
    )
    telefono = factory.Faker("phone_number")

    @factory.post_generation
    def grupo(perfil, create, extracted, **kwargs):
        if create:
            perfil.usuario.groups.set([Group.objects.get(name=Rol(perfil.rol).nombre_grupo)])
            if Rol(perfil.rol).alcance_total:
                perfil.usuario.is_staff = True
                perfil.usuario.save(update_fields=["is_staff"])


class GestorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gestor
        skip_postgeneration_save = True

    perfil = factory.SubFactory(PerfilFactory, rol=Rol.GESTOR)
    documento = factory.Sequence(lambda n: f"{1_100_000_000 + n}")
    estado = EstadoGestor.ACTIVO
    fecha_ingreso = datetime.date(2026, 2, 2)

    @factory.post_generation
    def sectores(gestor, create, extracted, **kwargs):
        if create and extracted:
            gestor.sectores.set(extracted)


def usuario_con_rol(rol: Rol, municipio: Municipio | None = None, **kwargs):
    """Atajo: el usuario (no el perfil) de un rol en un municipio."""
    if rol == Rol.GESTOR:
        return GestorFactory(perfil__municipio=municipio, **kwargs).perfil.usuario
    return PerfilFactory(rol=rol, municipio=municipio, **kwargs).usuario
