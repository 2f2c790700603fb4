"""Casos con lo que la mediación imprime: una sesión realizada, una no realizada, un acuerdo con
compromisos, y los documentos emitidos por el servicio."""

import datetime

import pytest
from django.utils import timezone

from casos.models import DocumentoMediacionTipo, Estado
from gestores.models import Rol
from mediacion import services
from mediacion.models import EstadoSesion, SesionMediacion
from mediacion.services import documento_emitir
from tests.factories import (
    AcuerdoFactory,
    CasoFactory,
    CitacionFactory,
    CompromisoFactory,
    ParteFactory,
    PersonaFactory,
    SesionMediacionFactory,
    usuario_con_rol,
)


def sesion_registrada(caso, partes, *, asistencia, realizada=True):
    """Una sesión de ayer ya registrada, con una citación por parte (`asistencia`: vino o no)."""
    sesion = SesionMediacionFactory(
        caso=caso,
        inicio=timezone.now() - datetime.timedelta(days=1),
        estado=EstadoSesion.REALIZADA if realizada else EstadoSesion.NO_REALIZADA,
        registrada_en=timezone.now(),
        resumen="Se escucharon las dos versiones del ruido nocturno." if realizada else "",
    )
    for parte, vino in zip(partes, asistencia, strict=True):
        CitacionFactory(sesion=sesion, parte=parte, asistio=vino)
    return sesion


@pytest.fixture
def gestor(galapa):
    return usuario_con_rol(
        Rol.GESTOR,
        galapa,
        perfil__usuario__username="t.gestor.mediador",
        perfil__telefono="3001234567",
    )


@pytest.fixture
def caso_en_mediacion(galapa, gestor):
    caso = CasoFactory(
        municipio=galapa, gestor=gestor, registrado_por=gestor, estado=Estado.EN_MEDIACION
    )
    ParteFactory(
        caso=caso,
        rol="solicitante",
        persona=PersonaFactory(municipio=galapa, nombres="Rosalba", apellidos="Ternera Díaz"),
    )
    ParteFactory(
        caso=caso,
        rol="convocado",
        persona=PersonaFactory(municipio=galapa, nombres="Hernando", apellidos="Cantillo Pua"),
    )
    return caso


@pytest.fixture
def constancia_no_acuerdo(caso_en_mediacion, gestor):
    partes = list(caso_en_mediacion.partes.order_by("pk"))
    sesion = sesion_registrada(caso_en_mediacion, partes, asistencia=[True, True])
    return documento_emitir(
        caso=caso_en_mediacion, autor=gestor, tipo=DocumentoMediacionTipo.NO_ACUERDO, sesion=sesion
    )


@pytest.fixture
def constancia_inasistencia(caso_en_mediacion, gestor):
    partes = list(caso_en_mediacion.partes.order_by("pk"))
    sesion = sesion_registrada(caso_en_mediacion, partes, asistencia=[True, False], realizada=False)
    return documento_emitir(
        caso=caso_en_mediacion,
        autor=gestor,
        tipo=DocumentoMediacionTipo.INASISTENCIA,
        sesion=sesion,
    )


@pytest.fixture
def acta(caso_en_mediacion, gestor):
    caso = caso_en_mediacion
    partes = list(caso.partes.order_by("pk"))
    sesion_registrada(caso, partes, asistencia=[True, True])
    acuerdo = AcuerdoFactory(caso=caso, descripcion="Convivir sin ruido después de las diez.")
    CompromisoFactory(
        acuerdo=acuerdo, parte=partes[1], descripcion="Bajar el volumen del picó a las 10 p. m."
    )
    CompromisoFactory(
        acuerdo=acuerdo, parte=partes[0], descripcion="Avisar al gestor si el ruido vuelve."
    )
    caso.estado = Estado.ACUERDO
    caso.save(update_fields=["estado"])
    return documento_emitir(caso=caso, autor=gestor, tipo=DocumentoMediacionTipo.ACTA_TOTAL)


def datos_sesion(**cambios) -> services.DatosSesion:
    valores = {
        "inicio": timezone.now() + datetime.timedelta(days=2),
        "tipo_lugar": "salon_comunal",
        "lugar": "Salón comunal de La Esmeralda, calle 10 # 4-20",
    }
    return services.DatosSesion(**(valores | cambios))


def hacer_pasada(sesion, minutos=30):
    """La sesión empezó hace `minutos` (sus datos, no su estado: sin pasar por el servicio)."""
    SesionMediacion.objects.filter(pk=sesion.pk).update(
        inicio=timezone.now() - datetime.timedelta(minutes=minutos)
    )
    sesion.refresh_from_db()
    return sesion


@pytest.fixture
def caso_mediable(galapa, gestor_galapa):
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa, estado=Estado.EN_GESTION)
    ParteFactory(caso=caso, rol="solicitante")
    ParteFactory(caso=caso, rol="convocado")
    return caso
