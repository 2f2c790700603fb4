"""La guardia de la historia: `QuerySet.update()` y `bulk_update()` no pasan por `save()`, así
que django-simple-history no registra quién cambió qué. En el código del proyecto (no en las
pruebas), contra un modelo con historia o contra su historia, fallan salvo en `PERMITIDOS`: cada
uso con su razón. Se instala para toda la corrida (`tests/conftest.py`): cualquier camino que
las pruebas recorran queda vigilado."""

import sys

from django.db.models import QuerySet
from simple_history.models import HistoricalChanges

APPS = (
    "auditoria",
    "capacitaciones",
    "casos",
    "comun",
    "convivencia",
    "demo",
    "gestores",
    "habeas",
    "mediacion",
    "municipios",
    "remisiones",
    "tableros",
)

# (módulo, función) → por qué se escribe sin `save()`.
PERMITIDOS = {
    ("casos.personas", "autorizacion_revocar"): (
        "Ley 1581: la revocación borra el teléfono y la dirección también de la historia de la "
        "persona; guardar con save() dejaría otra versión con el dato que se quiere borrar."
    ),
    ("casos.personas", "personas_fusionar"): (
        "La fusión mueve en bloque las filas que apuntan al registro fusionado; la auditoría es "
        "la fila de FusionPersonas (quién, cuándo, cuántas filas de cada tabla)."
    ),
    ("habeas.services", "datos_anonimizar"): (
        "Ley 1581: la supresión anonimiza a la persona también en su historia; una versión "
        "nueva por save() conservaría los datos suprimidos."
    ),
    ("casos.management.commands.recalcular_seudonimos", "handle"): (
        "Cambio de clave del seudónimo: recalcula una columna derivada en millones de filas; no "
        "es un cambio de la persona que la historia deba contar."
    ),
}


class EscrituraSinHistoria(AssertionError):
    """Un update()/bulk_update() del proyecto saltó la historia de un modelo auditado."""


def con_historia(modelo) -> bool:
    return issubclass(modelo, HistoricalChanges) or hasattr(modelo, "history")


def _quien_llama():
    """(módulo, función) del primer marco que no es de una librería; None si es una prueba o
    una migración."""
    marco = sys._getframe(2)
    while marco is not None:
        modulo = marco.f_globals.get("__name__", "")
        raiz = modulo.split(".")[0]
        if raiz == "tests" or ".migrations." in modulo:
            return None  # las pruebas preparan datos; las migraciones mueven datos, no los cambian
        if raiz in APPS:
            return modulo, marco.f_code.co_name
        marco = marco.f_back
    return None


def _vigilado(original):
    def vigilado(self, *args, **kwargs):
        if con_historia(self.model):
            quien = _quien_llama()
            if quien is not None and quien not in PERMITIDOS:
                raise EscrituraSinHistoria(
                    f"{quien[0]}.{quien[1]} usa {original.__name__}() sobre "
                    f"{self.model.__name__}, que tiene historia: guarde con save() (servicio) "
                    "o agregue el uso a tests/historia.py::PERMITIDOS con su razón."
                )
        return original(self, *args, **kwargs)

    vigilado.__wrapped__ = original
    return vigilado


def vigilar():
    for nombre in ("update", "bulk_update"):
        actual = getattr(QuerySet, nombre)
        if not hasattr(actual, "__wrapped__"):
            setattr(QuerySet, nombre, _vigilado(actual))
