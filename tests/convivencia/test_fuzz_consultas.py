"""Hypothesis contra la cadena de consulta de cada página GET (listas, calendario, tableros,
búsquedas), con cada rol: los parámetros que el sitio lee, con valores hostiles (enteros enormes,
negativos, meses 0001-01 y 9999-12, fechas imposibles, NUL, 10.000 caracteres, listas). Nunca un
500: la página con un mensaje, un 400, o el 403/404 del alcance.

Pocos ejemplos por vista en el perfil «ci» (CI corta); `make fuzz` corre el perfil «largo».
"""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hipotesis
from hypothesis import strategies as st

from capacitaciones.filters import ActividadFilter
from casos.filters import CasoFilter
from gestores.models import Rol
from tableros.periodos import PeriodoForm
from tableros.views import MesForm
from tests.conftest import GALAPA, ingresar
from tests.factories import ActividadFactory, CasoFactory, usuario_con_rol

# (nombre de la URL, argumentos): cada página que responde a GET sin un objeto propio, más las
# de un municipio (tableros, directorio).
VISTAS_GET = [
    ("inicio", []),
    ("casos:lista", []),
    ("casos:mios", []),
    ("casos:duplicados", []),
    ("casos:persona_buscar", []),
    ("remisiones:bandeja", []),
    ("capacitaciones:lista", []),
    ("capacitaciones:curriculo", []),
    ("capacitaciones:persona_buscar", []),
    ("tableros:inicio", []),
    ("tableros:metropolitano", []),
    ("tableros:municipal", [GALAPA]),
    ("tableros:informe", [GALAPA]),
    ("tableros:informe_xlsx", [GALAPA]),
    ("habeas:lista", []),
    ("habeas:nueva", []),
    ("municipios:lista", []),
    ("municipios:directorio", [GALAPA]),
]

# Lo que leen las vistas de request.GET, más los campos de sus filtros y formularios.
PARAMETROS = sorted(
    {"pagina", "vista", "mes", "q", "mas", "persona", "tipo", "numero", "next", "e"}
    | set(CasoFilter.base_filters)
    | set(ActividadFilter.base_filters)
    | set(PeriodoForm.base_fields)
    | set(MesForm.base_fields)
)

HOSTILES = [
    "0001-01",
    "9999-12",
    "1-1",
    "0-0",
    "2026-13",
    "-2026-01",
    "10000-01",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "31/12/2026",
    "calendario",
    "0",
    "-1",
    "1e308",
    "nan",
    "inf",
    "99999999999999999999999999",
    "9" * 5000,
    "x" * 10_000,
    "texto\x00con NUL",
    "\x00",
    "ñandú 🙂 مرحبا",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "True",
    "-fecha_recepcion",
    "",
]
# Los que más han roto (para la prueba determinista, que no puede probarlos todos: CI corta).
MAS_HOSTILES = ["0001-01", "9999-12", "1-1", "2026-13", "0001-01-01", "9999-12-31", "-1"]
MAS_HOSTILES += ["9" * 5000, "x" * 10_000, "\x00"]
valor = st.one_of(st.sampled_from(HOSTILES), st.integers().map(str), st.text(max_size=50))
consulta = st.dictionaries(
    st.sampled_from(PARAMETROS),
    st.one_of(valor, st.lists(valor, min_size=2, max_size=3)),
    max_size=5,
)
# La mitad de las veces con vista=calendario (si no, el mes no se lee).
consulta = st.one_of(consulta, consulta.map(lambda d: {**d, "vista": "calendario"}))
# 10 ejemplos por vista con el perfil «ci» (200), 250 con el «largo» (5.000).
EJEMPLOS = max(5, hipotesis.default.max_examples // 20)


@pytest.fixture
def clientes(galapa, malambo):
    CasoFactory(municipio=galapa)
    ActividadFactory(municipio=galapa)
    usuarios = {
        "gestor": usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="f.gestor"),
        "coordinador": usuario_con_rol(Rol.COORDINADOR, malambo, usuario__username="f.coord"),
        "secretaria": usuario_con_rol(Rol.SECRETARIA, galapa, usuario__username="f.secretaria"),
        "amb": usuario_con_rol(Rol.AMB, None, usuario__username="f.amb"),
        "enlace": usuario_con_rol(
            Rol.ENLACE, galapa, entidad=galapa.entidades.first(), usuario__username="f.enlace"
        ),
    }
    return {rol: ingresar(Client(), usuario) for rol, usuario in usuarios.items()}


def test_la_lista_de_vistas_resuelve_y_cubre_los_parametros():
    for nombre, argumentos in VISTAS_GET:
        reverse(nombre, args=argumentos)
    assert {"pagina", "mes", "vista", "periodo", "desde", "hasta", "q"} <= set(PARAMETROS)


@pytest.mark.parametrize(("nombre", "argumentos"), VISTAS_GET, ids=[v[0] for v in VISTAS_GET])
def test_ninguna_cadena_de_consulta_da_500(clientes, nombre, argumentos):
    url = reverse(nombre, args=argumentos)

    @hipotesis(
        max_examples=EJEMPLOS,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(rol=st.sampled_from(sorted(clientes)), parametros=consulta)
    def probar(rol, parametros):
        respuesta = clientes[rol].get(url, parametros)
        assert respuesta.status_code < 500, (rol, url, parametros)

    probar()


@pytest.mark.parametrize(("nombre", "argumentos"), VISTAS_GET, ids=[v[0] for v in VISTAS_GET])
def test_cada_parametro_con_cada_valor_hostil(clientes, nombre, argumentos):
    """Lo determinista: todos los parámetros a la vez con cada valor hostil, con y sin
    calendario (en la lista de actividades), con el rol que ve la página (el enlace en la
    bandeja, el equipo AMB en el resto)."""
    url = reverse(nombre, args=argumentos)
    cliente = clientes["enlace" if nombre == "remisiones:bandeja" else "amb"]
    fallas = []
    for hostil in MAS_HOSTILES:
        for extra in ({}, {"vista": "calendario"}) if nombre == "capacitaciones:lista" else ({},):
            parametros = dict.fromkeys(PARAMETROS, hostil) | extra
            try:
                estado = cliente.get(url, parametros).status_code
            except Exception as error:
                estado = repr(error)[:200]
            if not isinstance(estado, int) or estado >= 500:
                fallas.append((hostil[:20], extra, estado))
    assert not fallas, fallas


@pytest.mark.parametrize(
    "mes", ["0001-01", "9999-12", "1-1", "0-0", "2026-13", "10000-01", "x" * 10_000, "\x00"]
)
def test_el_calendario_con_un_mes_imposible_muestra_el_actual_con_un_aviso(clientes, mes):
    respuesta = clientes["gestor"].get(
        reverse("capacitaciones:lista"), {"vista": "calendario", "mes": mes}
    )

    assert respuesta.status_code == 200
    assert "no es un mes válido" in respuesta.content.decode()
