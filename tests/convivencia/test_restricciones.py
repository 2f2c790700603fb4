"""Las `CheckConstraint` se validan en Python (comun/restricciones.py) y dicen lo mismo que la base.

Para cada restricción de las apps del proyecto, Hypothesis arma filas con valores de cada tipo
(opciones válidas y no, texto vacío, NULL, fechas a ambos lados, horas cerca de la medianoche de
UTC) y compara lo que dice Python con lo que dice la consulta de Django (`Q.check`, la de siempre).
Ninguna restricción del proyecto cae a la base: una nueva que no se sepa evaluar hace fallar
`test_cada_restriccion_del_proyecto_se_evalua_en_python`.
"""

import datetime
import decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import CheckConstraint, F, Q
from django.db.models.functions import Cast, Lower
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casos import services
from casos.models import Caso
from comun.restricciones import NoEvaluable, evaluar
from tests.factories import CasoFactory

pytestmark = pytest.mark.django_db

APPS = {
    "auditoria",
    "municipios",
    "gestores",
    "casos",
    "capacitaciones",
    "remisiones",
    "mediacion",
    "habeas",
    "agenda",
    "sinsenal",
}
RESTRICCIONES = [
    (modelo, restriccion)
    for modelo in apps.get_models()
    if modelo._meta.app_label in APPS
    for restriccion in modelo._meta.constraints
    if isinstance(restriccion, CheckConstraint)
]
# Con una función de la base (longitud, expresión regular) se validan allá, como siempre: son de
# filas que se escriben poco (el catálogo de municipios, el alta de un gestor, un calendario).
EN_LA_BASE = {
    "municipio_codigo_dane_cinco_digitos",
    "municipio_sigla_tres_letras",
    "gestor_documento_digitos",
    "calendario_huella_sha256",
}
BOGOTA = datetime.timezone(datetime.timedelta(hours=-5))
DIA = datetime.date(2026, 3, 1)


def _de_django(restriccion, modelo, instancia) -> bool:
    try:
        CheckConstraint.validate.original(restriccion, modelo, instancia)
    except ValidationError:
        return False
    return True


def _de_python(restriccion, modelo, instancia) -> bool:
    try:
        restriccion.validate(modelo, instancia)
    except ValidationError:
        return False
    return True


def _valores(campo):
    """Valores de prueba del tipo del campo: los que la fila podría tener antes de guardarse."""
    if campo.choices:
        base = st.sampled_from([valor for valor, _ in campo.flatchoices] + ["", "otra"])
    elif isinstance(campo, models.BooleanField):
        base = st.booleans()
    elif isinstance(campo, models.DecimalField):
        base = st.decimals(min_value=-2, max_value=200, places=campo.decimal_places)
    elif isinstance(campo, (models.IntegerField, models.ForeignKey)):
        base = st.integers(min_value=-2, max_value=200)
    elif isinstance(campo, models.DateTimeField):
        # Alrededor de la medianoche de UTC (19:00 en Bogotá): ahí se separan las fechas.
        base = st.integers(min_value=-3 * 24 * 4, max_value=3 * 24 * 4).map(
            lambda cuartos: (
                datetime.datetime(2026, 3, 1, 19, tzinfo=BOGOTA)
                + datetime.timedelta(minutes=15 * cuartos)
            )
        )
    elif isinstance(campo, models.DateField):
        base = st.integers(min_value=-3, max_value=3).map(
            lambda dias: DIA + datetime.timedelta(days=dias)
        )
    elif isinstance(campo, (models.CharField, models.TextField, models.FileField)):
        base = st.sampled_from(["", "a", "zz", "Cancelada por lluvia"])
    else:
        raise AssertionError(f"Sin valores de prueba para {campo!r}")
    return base | st.none() if campo.null else base


def _campos_de(modelo, condicion) -> list:
    nombres, pendientes = set(), [condicion]
    while pendientes:
        nodo = pendientes.pop()
        if isinstance(nodo, Q):
            pendientes.extend(nodo.children)
        elif isinstance(nodo, tuple):
            nombres.add(nodo[0].split("__")[0])
            pendientes.extend(nodo[1] if isinstance(nodo[1], (list, tuple)) else [nodo[1]])
        elif isinstance(nodo, F):
            nombres.add(nodo.name)
        elif hasattr(nodo, "get_source_expressions"):
            pendientes.extend(nodo.get_source_expressions())
    return [modelo._meta.get_field(nombre) for nombre in sorted(nombres)]


@pytest.mark.parametrize(
    ("modelo", "restriccion"),
    RESTRICCIONES,
    ids=[f"{m._meta.label}:{r.name}" for m, r in RESTRICCIONES],
)
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(datos=st.data())
def test_python_y_la_base_dicen_lo_mismo(modelo, restriccion, datos):
    instancia = modelo()
    for campo in _campos_de(modelo, restriccion.condition):
        setattr(instancia, campo.attname, datos.draw(_valores(campo), label=campo.name))

    assert _de_python(restriccion, modelo, instancia) == _de_django(restriccion, modelo, instancia)


@pytest.mark.parametrize(
    ("modelo", "restriccion"),
    RESTRICCIONES,
    ids=[f"{m._meta.label}:{r.name}" for m, r in RESTRICCIONES],
)
def test_cada_restriccion_del_proyecto_se_evalua_en_python(modelo, restriccion):
    instancia = modelo()
    valores = {"pk": None}
    for campo in modelo._meta.local_concrete_fields:
        valor = getattr(instancia, campo.attname)
        valores[campo.name] = valores[campo.attname] = valor
    for campo in _campos_de(modelo, restriccion.condition):
        ejemplo = {
            models.DateTimeField: datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC),
            models.DateField: DIA,
            models.DecimalField: decimal.Decimal("1.0"),
            models.BooleanField: True,
        }
        valor = next(
            (v for tipo, v in ejemplo.items() if isinstance(campo, tipo)),
            campo.flatchoices[0][0] if campo.choices else "a",
        )
        if isinstance(campo, (models.IntegerField, models.ForeignKey)) and not campo.choices:
            valor = 1
        valores[campo.name] = valores[campo.attname] = valor

    if restriccion.name in EN_LA_BASE:
        with pytest.raises(NoEvaluable):
            evaluar(restriccion.condition, valores)
    else:
        evaluar(restriccion.condition, valores)  # no levanta NoEvaluable


def test_null_no_viola_la_restriccion_como_en_la_base():
    assert evaluar(Q(edad__lte=120), {"edad": None}) is None
    assert evaluar(~Q(edad__lte=120), {"edad": None}) is None
    assert evaluar(Q(edad__isnull=True) | Q(edad__lte=120), {"edad": None}) is True
    assert evaluar(Q(edad__lte=120) & Q(edad__gte=0), {"edad": 121}) is False
    assert evaluar(Q(edad=None), {"edad": None}) is True  # `= None` es IS NULL en Django


def test_lo_que_no_se_sabe_evaluar_se_dice():
    with pytest.raises(NoEvaluable):
        evaluar(Q(nombre__lt="b"), {"nombre": "a"})  # depende de la intercalación de la base
    with pytest.raises(NoEvaluable):
        evaluar(Q(nombre=Lower("otro")), {"nombre": "a", "otro": "A"})
    with pytest.raises(NoEvaluable):
        evaluar(Q(caso__estado="cerrado"), {"caso": 1})
    with pytest.raises(NoEvaluable):
        evaluar(Q(dia__lte=F("momento")), {"dia": DIA, "momento": datetime.datetime.now(BOGOTA)})


def test_la_fecha_de_una_hora_es_la_de_utc_como_en_la_base():
    # 22:00 del 1 de marzo en Bogotá es el 2 de marzo en UTC (la conexión de Django va en UTC).
    noche = datetime.datetime(2026, 3, 1, 22, tzinfo=BOGOTA)
    condicion = Q(fecha_recepcion__lte=Cast("creado", models.DateField()))

    assert evaluar(condicion, {"fecha_recepcion": datetime.date(2026, 3, 2), "creado": noche})


def test_una_escritura_no_pregunta_a_la_base_por_las_restricciones(galapa):
    caso = CasoFactory(municipio=galapa)

    with CaptureQueriesContext(connection) as consultas:
        services.actuacion_registrar(
            caso=caso, autor=caso.gestor, tipo="llamada", descripcion="Llamada."
        )

    assert not any('"_check"' in consulta["sql"] for consulta in consultas)
    caso.refresh_from_db()
    assert caso.estado == "en_gestion"


def test_la_restriccion_violada_da_su_mensaje_sin_consultar(galapa):
    caso = CasoFactory.build(municipio=galapa, fecha_hechos=DIA, fecha_recepcion=DIA)
    caso.fecha_hechos = DIA + datetime.timedelta(days=1)
    restriccion = next(
        r
        for r in Caso._meta.constraints
        if isinstance(r, CheckConstraint) and "fecha_hechos" in str(r.condition)
    )

    with CaptureQueriesContext(connection) as consultas, pytest.raises(ValidationError) as error:
        restriccion.validate(Caso, caso)

    assert error.value.messages == [restriccion.get_violation_error_message()]
    assert len(consultas) == 0
