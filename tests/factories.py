"""Fábricas de todos los modelos, con datos realistas en español de Colombia (Faker es_CO).

Los objetos relacionados quedan coherentes: un contacto es de una entidad del mismo municipio,
los sectores de un gestor son de su municipio.
"""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from capacitaciones.models import Actividad, Asistencia, Modulo, PublicoObjetivo, TipoActividad
from casos.models import (
    Actuacion,
    Acuerdo,
    Autorizacion,
    AvisoPrivacidad,
    Caso,
    Compromiso,
    Estado,
    MedioAutorizacion,
    Parte,
    Persona,
    TipoActuacion,
    TipoConflicto,
)
from casos.plazos import sumar_dias_habiles
from gestores.models import EstadoGestor, Gestor, Perfil, Rol
from mediacion.models import Citacion, SesionMediacion, TipoLugar
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
from remisiones.models import Remision

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
    # Nombres que no son de persona: el de quien mira sale en la barra, y un nombre inventado
    # por Faker («Patricia Orozco») podía coincidir con el de una parte que la prueba busca que
    # NO aparezca en la página.
    first_name = factory.Sequence(lambda n: f"Usuaria{n}")
    last_name = "Deprueba"
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
    entidad = factory.Maybe(
        factory.LazyAttribute(lambda p: p.rol == Rol.ENLACE),
        yes_declaration=factory.LazyAttribute(
            lambda p: p.municipio.entidades.first() or EntidadFactory(municipio=p.municipio)
        ),
        no_declaration=None,
    )

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
    certificado_en = datetime.date(2026, 3, 1)  # certificado: puede responder por casos

    @factory.post_generation
    def sectores(gestor, create, extracted, **kwargs):
        if create and extracted:
            gestor.sectores.set(extracted)


def usuario_con_rol(rol: Rol, municipio: Municipio | None = None, **kwargs):
    """Atajo: el usuario (no el perfil) de un rol en un municipio."""
    if rol == Rol.GESTOR:
        return GestorFactory(perfil__municipio=municipio, **kwargs).perfil.usuario
    return PerfilFactory(rol=rol, municipio=municipio, **kwargs).usuario


# --- casos -------------------------------------------------------------------------------------


class TipoConflictoFactory(factory.django.DjangoModelFactory):
    """Por omisión, un tipo del catálogo sembrado por la migración."""

    class Meta:
        model = TipoConflicto
        django_get_or_create = ["nombre"]

    nombre = "Ruido y alteración de la tranquilidad"
    categoria = "tranquilidad"
    mediable = True


class CasoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Caso

    municipio = factory.SubFactory(MunicipioFactory)
    anio = 2026
    consecutivo = factory.Sequence(lambda n: n + 1)
    radicado = factory.LazyAttribute(lambda c: f"{c.municipio.sigla}-{c.anio}-{c.consecutivo:05d}")
    sector = factory.LazyAttribute(lambda c: SectorFactory(municipio=c.municipio))
    direccion = factory.Faker("street_address")
    fecha_hechos = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    fecha_recepcion = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=2)
    )
    canal = "presencial"
    tipo = factory.SubFactory(TipoConflictoFactory)
    relato = factory.Faker("paragraph", nb_sentences=3)
    nivel_riesgo = "bajo"
    gestor = factory.LazyAttribute(
        lambda c: GestorFactory(perfil__municipio=c.municipio).perfil.usuario
    )
    registrado_por = factory.SelfAttribute("gestor")


class PersonaFactory(factory.django.DjangoModelFactory):
    """Una persona del registro de un municipio (Galapa si no se dice). Con `autoriza_datos`
    (por omisión sí) lleva una autorización registrada y su contacto."""

    class Meta:
        model = Persona

    municipio = factory.LazyFunction(lambda: Municipio.objects.get(codigo_dane="08296"))
    tipo_documento = "CC"
    numero_documento = factory.Sequence(lambda n: f"{22_000_000 + n}")
    nombres = factory.Faker("first_name")
    apellidos = factory.Faker("last_name")
    sexo = "mujer"
    edad = 40
    telefono = factory.Faker("phone_number")
    direccion = factory.Faker("street_address")
    correo = factory.Sequence(lambda n: f"persona{n}@correo.invalid")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        autoriza = kwargs.pop("autoriza_datos", True)
        capturada_en = kwargs.pop("fecha_autorizacion", None) or timezone.now()
        telefono, direccion = kwargs.pop("telefono", ""), kwargs.pop("direccion", "")
        correo = kwargs.pop("correo", "")
        persona = model_class.objects.create(*args, **kwargs)
        if autoriza:
            persona.autorizacion = Autorizacion.objects.create(
                persona=persona,
                medio=MedioAutorizacion.ANTERIOR,
                aviso=AvisoPrivacidad.vigente(),
                finalidades="Gestión del caso",
                capturada_en=capturada_en,
            )
            persona.telefono, persona.direccion = telefono, direccion
            persona.correo = correo
            persona.save()
        return persona


class ParteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parte

    caso = factory.SubFactory(CasoFactory)
    persona = factory.SubFactory(
        PersonaFactory, municipio=factory.SelfAttribute("..caso.municipio")
    )
    rol = "solicitante"


class ActuacionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actuacion

    caso = factory.SubFactory(CasoFactory)
    tipo = TipoActuacion.LLAMADA
    descripcion = factory.Faker("sentence")
    autor = factory.SelfAttribute("caso.gestor")
    fecha = factory.LazyFunction(timezone.now)


class RemisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Remision

    caso = factory.SubFactory(CasoFactory)
    entidad = factory.LazyAttribute(
        lambda r: r.caso.municipio.entidades.first() or EntidadFactory(municipio=r.caso.municipio)
    )
    motivo = factory.Faker("sentence")
    medio = "oficio"
    fecha_envio = factory.LazyFunction(timezone.localdate)
    fecha_limite = factory.LazyAttribute(lambda r: sumar_dias_habiles(r.fecha_envio, 10))
    enviada_por = factory.SelfAttribute("caso.gestor")


class AcuerdoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Acuerdo

    caso = factory.SubFactory(CasoFactory)
    fecha = factory.LazyFunction(timezone.localdate)
    descripcion = factory.Faker("sentence")
    fecha_verificacion = factory.LazyAttribute(lambda a: a.fecha + datetime.timedelta(days=30))
    registrado_por = factory.SelfAttribute("caso.gestor")


class CompromisoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compromiso

    acuerdo = factory.SubFactory(AcuerdoFactory)
    parte = factory.LazyAttribute(lambda c: ParteFactory(caso=c.acuerdo.caso))
    descripcion = "Bajar el volumen de la música después de las 10 p. m."
    fecha_limite = factory.LazyAttribute(lambda c: c.acuerdo.fecha_verificacion)


# --- capacitaciones ------------------------------------------------------------------------------


class ModuloFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Modulo

    nombre = factory.Sequence(lambda n: f"Módulo {n}")
    horas = Decimal("4")
    orden = factory.Sequence(lambda n: n)
    obligatorio = True


def _hace(dias: int, hora: int = 9) -> datetime.datetime:
    fecha = timezone.localdate() - datetime.timedelta(days=dias)
    return datetime.datetime.combine(
        fecha, datetime.time(hora), tzinfo=timezone.get_current_timezone()
    )


class ActividadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actividad

    municipio = factory.SubFactory(MunicipioFactory)
    tipo = TipoActividad.SOCIALIZACION
    tema = "Socialización del Código de Convivencia"
    lugar = "Salón comunal"
    inicio = factory.LazyFunction(lambda: _hace(3))
    fin = factory.LazyAttribute(lambda a: a.inicio + datetime.timedelta(hours=2))
    publico_objetivo = PublicoObjetivo.JAC
    registrada_por = factory.LazyAttribute(
        lambda a: PerfilFactory(rol=Rol.COORDINADOR, municipio=a.municipio).usuario
    )


class AsistenciaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asistencia

    actividad = factory.SubFactory(ActividadFactory)
    persona = factory.SubFactory(
        PersonaFactory, municipio=factory.SelfAttribute("..actividad.municipio")
    )
    sexo = factory.SelfAttribute("persona.sexo")
    grupo_edad = "29_59"
    registrada_por = factory.SelfAttribute("actividad.registrada_por")


class SesionMediacionFactory(factory.django.DjangoModelFactory):
    """Una sesión programada de un caso en mediación (el caso no cambia de estado: para el ciclo
    completo, `mediacion.services.sesion_programar`). Sin citaciones: `CitacionFactory`."""

    class Meta:
        model = SesionMediacion

    caso = factory.SubFactory(CasoFactory, estado=Estado.EN_MEDIACION)
    numero = factory.Sequence(lambda n: n + 1)
    inicio = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))
    tipo_lugar = TipoLugar.SALON_COMUNAL
    lugar = "Salón comunal del barrio, calle 10 # 4-20"
    programada_por = factory.SelfAttribute("caso.gestor")


class CitacionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citacion

    sesion = factory.SubFactory(SesionMediacionFactory)
    parte = factory.LazyAttribute(lambda c: ParteFactory(caso=c.sesion.caso))
