"""La historia no se salta: update()/bulk_update() del proyecto contra un modelo auditado fallan
en toda la corrida de pruebas, salvo los usos de `tests/historia.py::PERMITIDOS`."""

import importlib
import types

import pytest
from django.db.models import QuerySet

from casos.models import Caso, Persona, TipoActuacion
from remisiones.models import Remision
from tests import historia
from tests.factories import CasoFactory


def _como_si_fuera(modulo: str, funcion):
    """Ejecuta `funcion` como si estuviera definida en `modulo` (código del proyecto)."""
    codigo = funcion.__code__
    globales = {**funcion.__globals__, "__name__": modulo}
    return types.FunctionType(codigo, globales, closure=funcion.__closure__)


@pytest.mark.django_db
def test_un_update_del_proyecto_sobre_un_modelo_con_historia_falla(galapa):
    caso = CasoFactory(municipio=galapa)

    def cambiar_en_bloque():
        Caso.objects.filter(pk=caso.pk).update(relato="sin historia")

    with pytest.raises(historia.EscrituraSinHistoria, match="Caso, que tiene historia"):
        _como_si_fuera("casos.services", cambiar_en_bloque)()
    caso.refresh_from_db()
    assert caso.relato != "sin historia"


@pytest.mark.django_db
def test_un_bulk_update_sobre_remisiones_o_la_historia_falla(galapa):
    def en_bloque():
        Remision.objects.bulk_update([], ["estado"])

    def sobre_la_historia():
        Persona.history.filter(pk=0).update(nombres="x")

    with pytest.raises(historia.EscrituraSinHistoria):
        _como_si_fuera("remisiones.services", en_bloque)()
    with pytest.raises(historia.EscrituraSinHistoria):
        _como_si_fuera("habeas.selectors", sobre_la_historia)()


@pytest.mark.django_db
def test_sin_historia_o_desde_las_pruebas_se_puede(galapa):
    from casos.models import Actuacion

    def sin_historia():
        return Actuacion.objects.filter(tipo=TipoActuacion.NOTA).update(descripcion="x")

    assert _como_si_fuera("casos.services", sin_historia)() == 0
    assert Caso.objects.filter(pk=0).update(relato="x") == 0  # una prueba prepara sus datos


def test_la_guardia_esta_puesta_y_cada_permiso_existe_y_dice_por_que():
    assert hasattr(QuerySet.update, "__wrapped__")
    assert hasattr(QuerySet.bulk_update, "__wrapped__")
    for (modulo, funcion), razon in historia.PERMITIDOS.items():
        objeto = importlib.import_module(modulo)
        if funcion == "handle":
            objeto = objeto.Command
        assert callable(getattr(objeto, funcion)), (modulo, funcion)
        assert len(razon) > 40
