"""Las `CheckConstraint` se validan en Python, sin ir a la base, cuando se puede.

`full_clean()` valida cada `CheckConstraint` con una consulta (`SELECT 1 WHERE …`) y, dentro de una
transacción (todos los servicios), con su `SAVEPOINT` y su `RELEASE`: tres idas y vueltas a la
base por restricción, aunque la fila no tenga nada nuevo. Registrar un caso con dos partes eran 21
restricciones (63 de sus 113 sentencias) y, con la máquina cargada, la mitad del tiempo del envío
(README, «Carga y resistencia»). Las condiciones de este proyecto son comparaciones simples de los
campos de la fila (opciones, fechas en orden, «si A entonces B»): se evalúan aquí con la lógica de
tres valores de SQL (una comparación con NULL no es ni verdadera ni falsa, y la restricción pasa,
como en la base).

Lo que no se sabe evaluar aquí (una función, una relación, un tipo que la base compararía distinto)
se valida como siempre, en la base; y la base sigue aplicando todas las restricciones al guardar.
`tests/convivencia/test_restricciones.py` compara esta evaluación con la de la base para cada
restricción del proyecto.
"""

import datetime
import decimal
import functools
import uuid

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.db.models import CheckConstraint, DateField, DecimalField, F, Q, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Cast

__all__ = ["NoEvaluable", "evaluar", "validar_en_python"]


class NoEvaluable(Exception):
    """La condición tiene algo que solo la base sabe comparar igual que al guardar."""


COMPARACIONES = {"exact", "in", "lt", "lte", "gt", "gte", "isnull"}


def _familia(valor) -> str:
    """Qué se compara con qué sin sorpresas: Python y SQL coinciden dentro de una familia."""
    if isinstance(valor, bool):
        return "booleano"
    if isinstance(valor, (int, float, decimal.Decimal)):
        return "número"
    if isinstance(valor, str):  # también las opciones de un TextChoices
        return "texto"
    if isinstance(valor, datetime.datetime):
        return "fecha y hora" if valor.tzinfo is not None else "fecha y hora sin zona"
    if isinstance(valor, datetime.date):
        return "fecha"
    if isinstance(valor, uuid.UUID):
        return "uuid"
    raise NoEvaluable(type(valor).__name__)


def _misma_familia(a, b):
    if _familia(a) != _familia(b):
        raise NoEvaluable(f"{type(a).__name__} y {type(b).__name__}")


def _valor(expresion, valores: dict):
    """El valor de un lado de una comparación: un literal, F("campo") o Cast(campo, DateField)."""
    if isinstance(expresion, F):
        if LOOKUP_SEP in expresion.name or expresion.name not in valores:
            raise NoEvaluable(expresion.name)
        return valores[expresion.name]
    if isinstance(expresion, Value):
        return expresion.value
    if isinstance(expresion, Cast) and isinstance(expresion.output_field, DateField):
        (origen,) = expresion.get_source_expressions()
        valor = _valor(origen, valores)
        if isinstance(valor, datetime.datetime):
            if valor.tzinfo is None:
                raise NoEvaluable("fecha y hora sin zona")
            # La conexión de Django va en UTC (USE_TZ): la fecha de la base es la de UTC.
            return valor.astimezone(datetime.UTC).date()
        return valor
    if hasattr(expresion, "resolve_expression"):
        raise NoEvaluable(type(expresion).__name__)
    return expresion


def _comparar(lookup: str, izquierda, derecha) -> bool | None:
    if lookup == "isnull":
        if not isinstance(derecha, bool):
            raise NoEvaluable("isnull")
        return (izquierda is None) == derecha
    if lookup == "exact" and derecha is None:
        return izquierda is None  # Django escribe `campo = None` como IS NULL
    if lookup == "in":
        opciones = [opcion for opcion in derecha if opcion is not None]
        if not opciones:
            raise NoEvaluable("in vacío")  # Django lo vuelve una condición imposible
        if izquierda is None:
            return None
        for opcion in opciones:
            _misma_familia(izquierda, opcion)
        return izquierda in opciones
    if izquierda is None or derecha is None:
        return None  # NULL comparado: desconocido
    _misma_familia(izquierda, derecha)
    if lookup == "exact":
        return izquierda == derecha
    if isinstance(izquierda, str):
        # El orden del texto depende de la intercalación de la base; contra "" no.
        if derecha != "":
            raise NoEvaluable("orden de texto")
        return {"gt": izquierda != "", "gte": True, "lt": False, "lte": izquierda == ""}[lookup]
    return {
        "lt": izquierda < derecha,
        "lte": izquierda <= derecha,
        "gt": izquierda > derecha,
        "gte": izquierda >= derecha,
    }[lookup]


def _hoja(clave: str, derecha, valores: dict) -> bool | None:
    campo, _, lookup = clave.partition(LOOKUP_SEP)
    lookup = lookup or "exact"
    if lookup not in COMPARACIONES or campo not in valores:
        raise NoEvaluable(clave)
    if lookup == "in":
        if hasattr(derecha, "resolve_expression") or isinstance(derecha, (str, bytes)):
            raise NoEvaluable(clave)
        derecha = [_valor(opcion, valores) for opcion in derecha]
    else:
        derecha = _valor(derecha, valores)
    return _comparar(lookup, valores[campo], derecha)


def evaluar(condicion, valores: dict) -> bool | None:
    """La condición (un `Q` de comparaciones) con los `valores` de la fila: True, False o None
    (desconocido, como un NULL en SQL). `NoEvaluable` si tiene algo que no se evalúa aquí."""
    if not isinstance(condicion, Q):
        raise NoEvaluable(type(condicion).__name__)
    resultados = []
    for hijo in condicion.children:
        if isinstance(hijo, Q):
            resultados.append(evaluar(hijo, valores))
        elif isinstance(hijo, tuple) and len(hijo) == 2 and isinstance(hijo[0], str):
            resultados.append(_hoja(hijo[0], hijo[1], valores))
        else:
            raise NoEvaluable(type(hijo).__name__)
    if condicion.connector == Q.AND:
        resultado = False if False in resultados else (None if None in resultados else True)
    elif condicion.connector == Q.OR:
        resultado = True if True in resultados else (None if None in resultados else False)
    else:
        raise NoEvaluable(condicion.connector)
    if condicion.negated:
        return None if resultado is None else not resultado
    return resultado


def _referencias(condicion, modelo) -> set[str]:
    """Los nombres de los campos que la condición usa (para saltarla si alguno se excluyó)."""
    nombres = set()
    pendientes = [condicion]
    while pendientes:
        nodo = pendientes.pop()
        if isinstance(nodo, Q):
            pendientes.extend(nodo.children)
        elif isinstance(nodo, tuple):
            nombres.add(nodo[0].split(LOOKUP_SEP)[0])
            pendientes.extend(nodo[1] if isinstance(nodo[1], (list, tuple)) else [nodo[1]])
        elif isinstance(nodo, F):
            nombres.add(nodo.name.split(LOOKUP_SEP)[0])
        elif hasattr(nodo, "get_source_expressions"):
            pendientes.extend(nodo.get_source_expressions())
    campos = set()
    for nombre in nombres:
        if nombre == "pk":
            campos.add(modelo._meta.pk.name)
            continue
        campo = next((c for c in modelo._meta.local_fields if nombre in (c.name, c.attname)), None)
        if campo is None:
            raise NoEvaluable(nombre)
        campos.add(campo.name)
    return campos


class _Incomparable:
    """Un valor que la base guardaría distinto de como está en Python: se compara allá."""


def _valores_de(instancia, modelo) -> dict:
    valores = {"pk": instancia.pk}
    for campo in modelo._meta.local_fields:
        if campo.generated or not campo.concrete:
            continue
        valor = getattr(instancia, campo.attname)
        if (
            isinstance(campo, DecimalField)
            and isinstance(valor, decimal.Decimal)
            and (not valor.is_finite() or -valor.as_tuple().exponent > campo.decimal_places)
        ):
            valor = _Incomparable()  # la base lo redondearía a sus decimales
        valores[campo.name] = valores[campo.attname] = valor
    return valores


def validar_en_python():
    """`CheckConstraint.validate` evalúa primero aquí; lo que no se sabe, en la base (lo de
    Django). Lo instala `comun.apps.ComunConfig.ready`, una vez."""
    original = CheckConstraint.validate
    if getattr(original, "en_python", False):
        return

    @functools.wraps(original)
    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            if exclude and _referencias(self.condition, model) & set(exclude):
                return None  # como Django: una restricción con un campo excluido no se mira
            cumple = evaluar(self.condition, _valores_de(instance, model))
        except NoEvaluable:
            return original(self, model, instance, exclude=exclude, using=using)
        if cumple is False:  # desconocido (NULL) pasa, como en la base
            raise ValidationError(
                self.get_violation_error_message(), code=self.violation_error_code
            )
        return None

    validate.en_python = True
    validate.original = original  # la de Django, en la base (las pruebas comparan las dos)
    CheckConstraint.validate = validate
