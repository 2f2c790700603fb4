"""Un mundo pequeño para la agenda: dos gestores y un coordinador de Galapa, un gestor de
Malambo, sesiones, acuerdos por verificar y actividades, con partes de nombre reconocible (para
comprobar que no aparecen)."""

import datetime

import pytest
from django.utils import timezone

from capacitaciones.models import EstadoActividad
from casos.models import Estado
from gestores.models import Rol
from tests.factories import (
    ActividadFactory,
    AcuerdoFactory,
    CasoFactory,
    CitacionFactory,
    ParteFactory,
    SesionMediacionFactory,
    usuario_con_rol,
)

NOMBRE_PARTE = "Yolanda"
APELLIDO_PARTE = "Pertuz"
DOCUMENTO_PARTE = "1045678901"


def a_las(dias: int, hora: int, minuto: int = 0) -> datetime.datetime:
    """Hoy + `dias` a la hora dada, en la hora de Colombia."""
    dia = timezone.localdate() + datetime.timedelta(days=dias)
    return timezone.make_aware(datetime.datetime.combine(dia, datetime.time(hora, minuto)))


def hoy_mas(dias: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=dias)


def caso_en_mediacion(municipio, gestor, **kwargs):
    caso = CasoFactory(
        municipio=municipio, gestor=gestor, registrado_por=gestor, estado=Estado.EN_MEDIACION
    )
    ParteFactory(
        caso=caso,
        persona__nombres=kwargs.get("nombres", NOMBRE_PARTE),
        persona__apellidos=APELLIDO_PARTE,
        persona__numero_documento=kwargs.get("documento", DOCUMENTO_PARTE),
        persona__municipio=municipio,
    )
    return caso


def sesion_de(caso, inicio, **kwargs):
    sesion = SesionMediacionFactory(caso=caso, inicio=inicio, **kwargs)
    CitacionFactory(sesion=sesion, parte=caso.partes.first())
    return sesion


@pytest.fixture
def mundo(galapa, malambo):
    gestor = usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="a.gestor")
    gestor.first_name, gestor.last_name, gestor.email = "Ana", "Gestora", "ana@example.org"
    gestor.save()
    otro = usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="a.otro")
    otro.first_name, otro.last_name = "Beto", "Otro"
    otro.save()
    coordinador = usuario_con_rol(Rol.COORDINADOR, galapa, usuario__username="a.coord")
    gestor_malambo = usuario_con_rol(Rol.GESTOR, malambo, perfil__usuario__username="a.malambo")

    caso = caso_en_mediacion(galapa, gestor)
    caso_otro = caso_en_mediacion(galapa, otro, documento="1045678902")
    caso_malambo = caso_en_mediacion(malambo, gestor_malambo, documento="1045678903")
    return {
        "gestor": gestor,
        "otro": otro,
        "coordinador": coordinador,
        "gestor_malambo": gestor_malambo,
        "caso": caso,
        "caso_otro": caso_otro,
        "caso_malambo": caso_malambo,
        "sesion": sesion_de(caso, a_las(1, 9), lugar="Salón comunal Villa Olímpica"),
        "sesion_otro": sesion_de(caso_otro, a_las(2, 15), lugar="Casa de justicia, piso 2"),
        "sesion_malambo": sesion_de(caso_malambo, a_las(1, 10), lugar="Salón de Malambo"),
        "acuerdo": AcuerdoFactory(caso=caso, fecha=hoy_mas(-20), fecha_verificacion=hoy_mas(3)),
        "acuerdo_vencido": AcuerdoFactory(
            caso=caso, fecha=hoy_mas(-40), fecha_verificacion=hoy_mas(-5)
        ),
        "acuerdo_otro": AcuerdoFactory(
            caso=caso_otro, fecha=hoy_mas(-20), fecha_verificacion=hoy_mas(4)
        ),
        "actividad": _actividad(
            galapa, coordinador, a_las(2, 8), "Jornada en el barrio Centro", [gestor]
        ),
        "actividad_coordinador": _actividad(
            galapa, coordinador, a_las(5, 14), "Mesa de convivencia", []
        ),
        "actividad_malambo": _actividad(
            malambo, gestor_malambo, a_las(2, 8), "Jornada de Malambo", [gestor_malambo]
        ),
    }


def _actividad(municipio, registrada_por, inicio, lugar, facilitadores):
    actividad = ActividadFactory(
        municipio=municipio,
        registrada_por=registrada_por,
        inicio=inicio,
        fin=inicio + datetime.timedelta(hours=2),
        lugar=lugar,
        estado=EstadoActividad.PROGRAMADA,
    )
    actividad.facilitadores.set(facilitadores)
    return actividad
