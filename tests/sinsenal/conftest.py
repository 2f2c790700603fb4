"""Lo que comparten las pruebas de la captura sin señal: lo que manda la cola del teléfono (un
caso con sus partes, un asistente, unos conteos), una actividad de esta semana y un caso de otro
año para las personas que ya estaban (sin chocar con los radicados de este)."""

import datetime
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casos.models import TipoConflicto
from gestores.models import Rol
from tests.conftest import ingresar
from tests.factories import ActividadFactory, CasoFactory, usuario_con_rol

URL_CASO = reverse("sinsenal:enviar_caso")
URL_ASISTENCIA = reverse("sinsenal:enviar_asistencia")
URL_CONTEOS = reverse("sinsenal:enviar_conteos")


def parte(i=0, **campos) -> dict:
    """Un bloque de parte como lo manda el formulario de captura (prefijo `partes-i-`)."""
    base = {
        "rol": "solicitante",
        "tipo_documento": "CC",
        "numero_documento": "1045678901",
        "nombres": "Yolanda",
        "apellidos": "Barrios",
        "sexo": "mujer",
        "edad": "",
        "fecha_nacimiento": "",
        "telefono": "",
        "direccion": "",
        "correo": "",
        "autorizacion": "",
    }
    return {f"partes-{i}-{campo}": valor for campo, valor in (base | campos).items()}


def datos_caso(usuario, /, token=None, partes=None, **cambios) -> dict:
    """Lo que la cola manda de un caso de `usuario` (gestor: responsable él mismo)."""
    hoy = timezone.localdate()
    partes = [parte()] if partes is None else partes
    datos = {
        "token": str(uuid.uuid4() if token is None else token),
        "tipo": str(TipoConflicto.objects.get(nombre__startswith="Ruido").pk),
        "nivel_riesgo": "medio",
        "canal": "presencial",
        "fecha_hechos": (hoy - datetime.timedelta(days=2)).isoformat(),
        "fecha_recepcion": hoy.isoformat(),
        "sector": "",
        "direccion": "Carrera 19 # 12-30",
        "relato": "Música a todo volumen hasta la madrugada.",
        "gestor": str(usuario.pk),
        "partes-TOTAL_FORMS": str(len(partes)),
        "partes-INITIAL_FORMS": "0",
        "partes-MIN_NUM_FORMS": "1",
        "partes-MAX_NUM_FORMS": "12",
    }
    for bloque in partes:
        datos |= bloque
    return datos | cambios


def datos_asistente(actividad, /, token=None, **cambios) -> dict:
    return {
        "token": str(uuid.uuid4() if token is None else token),
        "actividad": str(actividad.pk),
        "tipo_documento": "CC",
        "numero_documento": "1045111222",
        "nombres": "Marta",
        "apellidos": "Orozco",
        "sexo": "mujer",
        "edad": "52",
        "comparendo": "",
        "autorizacion": "",
    } | cambios


def datos_conteos(actividad, /, token=None, **cambios) -> dict:
    return {
        "token": str(uuid.uuid4() if token is None else token),
        "actividad": str(actividad.pk),
        "c_mujer_29_59": "12",
        "c_hombre_18_28": "7",
        "e_victima": "3",
    } | cambios


def caso_anterior(municipio, gestor, **campos):
    """Un caso ya registrado (de otro año: su radicado no choca con los que numera la prueba)."""
    return CasoFactory(municipio=municipio, gestor=gestor, anio=2020, **campos)


def cliente_de(rol, municipio) -> Client:
    return ingresar(Client(), usuario_con_rol(rol, municipio))


@pytest.fixture
def actividad(galapa):
    """Una actividad programada de Galapa de esta semana (hoy), registrada por su coordinador."""
    return ActividadFactory(
        municipio=galapa, inicio=timezone.now(), tema="Taller de convivencia en el parque"
    )


@pytest.fixture
def otro_gestor_galapa(galapa):
    return usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="t.otro.galapa")
