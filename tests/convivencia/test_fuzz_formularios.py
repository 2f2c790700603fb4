"""Hypothesis contra cada formulario del sitio con cadenas hostiles: XSS, fórmulas, SQL, bytes
NUL, texto de derecha a izquierda, 10.000 caracteres, emoji. Nunca una excepción (en una vista,
un error 500): o el formulario es válido o cada problema queda como error de campo; el texto
válido vuelve igual (sin los espacios de los bordes) y, dibujado en HTML, escapado.

Se recorren los módulos de formularios de las apps: un formulario nuevo sin sus argumentos en
ARGUMENTOS hace fallar la prueba. Ejemplos por formulario: 200 (perfil «ci»); `make fuzz` corre el
perfil «largo».
"""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casos.models import Persona
from tests.factories import (
    ActividadFactory,
    CasoFactory,
    CitacionFactory,
    ParteFactory,
    SesionMediacionFactory,
)

APPS = [
    "convivencia",
    "municipios",
    "gestores",
    "casos",
    "capacitaciones",
    "mediacion",
    "tableros",
    "habeas",
]

HOSTILES = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://malo.example")',
    "+57 300 000 0000",
    "-1+1",
    "@SUM(A1:A2)",
    "'; DROP TABLE casos_caso; --",
    "1 OR 1=1",
    "texto\x00con NUL",
    "\u202etxt.exe\u202c derecha a izquierda",
    "مرحبا بالعالم",
    "🙂👨‍👩‍👧‍👦🇨🇴",
    "x" * 10_000,
    "   ",
    "",
    "0",
    "-5",
    "99999999999999999999",
    "2026-02-30",
    "31/12/2026",
]
hostil = st.one_of(st.sampled_from(HOSTILES), st.text(max_size=200))


def _formularios():
    for app in APPS:
        paquete = importlib.import_module(app)
        for modulo in pkgutil.walk_packages(paquete.__path__, prefix=f"{app}."):
            corto = modulo.name.rsplit(".", 1)[-1]
            if "forms" in corto or corto in ("views", "periodos"):
                importlib.import_module(modulo.name)

    def subclases(clase):
        for hija in clase.__subclasses__():
            yield hija
            yield from subclases(hija)

    vistas = set()
    for clase in subclases(forms.BaseForm):
        if clase.__module__.split(".")[0] in APPS and clase.__name__ not in vistas:
            vistas.add(clase.__name__)
            yield clase


FORMULARIOS = sorted(_formularios(), key=lambda c: f"{c.__module__}.{c.__name__}")


@pytest.fixture
def contexto(galapa, gestor_galapa):
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa)
    partes = [ParteFactory(caso=caso)]
    sesion = SesionMediacionFactory(caso=caso)
    CitacionFactory(sesion=sesion, parte=partes[0])
    return {
        "sesion": sesion,
        "caso": caso,
        "municipio": galapa,
        "user": gestor_galapa,
        "actividad": ActividadFactory(municipio=galapa),
        "personas": Persona.objects.all(),
        "partes": caso.partes.all(),
        "instance": partes[0].persona,
    }


def _argumentos(clase, contexto) -> dict:
    """Los argumentos por nombre que pide el formulario, tomados del contexto."""
    firma = inspect.signature(clase.__init__)
    faltan = [
        nombre
        for nombre, p in firma.parameters.items()
        if p.kind is p.KEYWORD_ONLY and p.default is p.empty and nombre not in contexto
    ]
    assert not faltan, f"{clase.__name__} pide {faltan}: agréguelos al contexto de la prueba"
    argumentos = {
        nombre: contexto[nombre]
        for nombre, p in firma.parameters.items()
        if p.kind is p.KEYWORD_ONLY and nombre in contexto
    }
    if issubclass(clase, forms.ModelForm) and clase._meta.model is Persona:
        argumentos["instance"] = contexto["instance"]
    return argumentos


def test_el_recorrido_encuentra_los_formularios():
    nombres = {c.__name__ for c in FORMULARIOS}
    assert {
        "CasoForm",
        "ActuacionForm",
        "AsistenciaForm",
        "NuevaSolicitudForm",
        "ProgramarForm",
        "RegistroSesionForm",
    } <= nombres


@pytest.mark.django_db
@pytest.mark.parametrize("clase", FORMULARIOS, ids=lambda c: c.__name__)
def test_cada_formulario_aguanta_entradas_hostiles(contexto, clase):
    argumentos = _argumentos(clase, contexto)
    campos = list(clase(**argumentos).fields)

    @settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(datos=st.fixed_dictionaries(dict.fromkeys(campos, hostil)))
    def probar(datos):
        form = clase(data=datos, **argumentos)
        valido = form.is_valid()  # nunca una excepción
        if not valido:
            assert form.errors
        for campo, valor in datos.items():
            limpio = form.cleaned_data.get(campo) if valido else None
            if isinstance(limpio, str) and isinstance(form.fields[campo], forms.CharField):
                assert limpio in (valor, valor.strip(), " ".join(valor.split()), valor.upper())
        html = str(form)
        assert "<script>alert" not in html
        assert "<img src=x onerror" not in html

    probar()


@pytest.mark.django_db
@pytest.mark.parametrize("texto", [h for h in HOSTILES if h.strip() and "\x00" not in h])
def test_lo_guardado_vuelve_igual_y_escapado(cliente_gestor_galapa, gestor_galapa, galapa, texto):
    """Por la pantalla de verdad: se guarda tal cual y la página lo muestra escapado."""
    from django.utils import timezone
    from django.utils.html import escape

    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa)
    url = reverse("casos:actuacion", args=[caso.radicado])
    ahora = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    respuesta = cliente_gestor_galapa.post(
        url, {"tipo": "nota", "fecha": ahora, "descripcion": texto}
    )

    assert respuesta.status_code == 302
    guardada = caso.actuaciones.get(tipo="nota")
    assert guardada.descripcion == texto.strip()
    html = cliente_gestor_galapa.get(reverse("casos:detalle", args=[caso.radicado])).content
    html = html.decode()
    assert escape(texto.strip()) in html
    if "<" in texto:
        assert texto.strip() not in html
