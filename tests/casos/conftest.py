import datetime

import pytest
from django.utils import timezone

from casos.models import TipoConflicto
from casos.personas import DatosAutorizacion
from casos.services import DatosParte, caso_registrar


def datos_parte(**cambios) -> DatosParte:
    base = {
        "rol": "solicitante",
        "tipo_documento": "CC",
        "numero_documento": "22456789",
        "nombres": "Luz Marina",
        "apellidos": "Pérez Ortega",
        "sexo": "mujer",
        "edad": 45,
        "telefono": "300 555 0101",
        "direccion": "Calle 12 # 8-40",
    }
    datos = base | cambios
    medio = "verbal" if datos.pop("autoriza_datos", True) else ""
    return DatosParte(**datos, autorizacion=DatosAutorizacion(medio=medio))


@pytest.fixture
def ruido(db):
    return TipoConflicto.objects.get(nombre="Ruido y alteración de la tranquilidad")


@pytest.fixture
def vif(db):
    return TipoConflicto.objects.get(nombre="Violencia intrafamiliar")


@pytest.fixture
def registrar(galapa, gestor_galapa, ruido):
    """Registra un caso en Galapa a nombre de gestor_galapa; cada argumento cambia lo suyo."""

    def _registrar(**cambios):
        hoy = timezone.localdate()
        argumentos = {
            "municipio": galapa,
            "autor": gestor_galapa,
            "gestor": gestor_galapa,
            "tipo": ruido,
            "sector": None,
            "direccion": "Carrera 15 # 10-20",
            "fecha_hechos": hoy - datetime.timedelta(days=1),
            "fecha_recepcion": hoy,
            "canal": "presencial",
            "relato": "Música a alto volumen todas las noches.",
            "nivel_riesgo": "bajo",
            "partes": [
                datos_parte(),
                datos_parte(
                    rol="convocado",
                    numero_documento="72111222",
                    nombres="Jorge",
                    apellidos="Díaz",
                    sexo="hombre",
                ),
            ],
        }
        return caso_registrar(**(argumentos | cambios))[0]

    return _registrar
