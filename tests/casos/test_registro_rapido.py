"""Las dos páginas del gestor en la calle no crecen en consultas con los datos, y los campos
ligeros (`{% campo %}`) dibujan lo mismo que Django."""

import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casos.models import Estado
from convivencia.templatetags.formularios import campo
from tests.factories import (
    ActuacionFactory,
    CasoFactory,
    MunicipioFactory,
    ParteFactory,
    PersonaFactory,
    SectorFactory,
    TipoConflictoFactory,
)

pytestmark = pytest.mark.django_db


def _consultas(cliente, url) -> int:
    with CaptureQueriesContext(connection) as capturadas:
        assert cliente.get(url).status_code == 200
    return len(capturadas)


def test_el_formulario_de_registro_no_crece_en_consultas_y_solo_ofrece_los_sectores_propios(
    cliente_gestor_galapa, galapa, django_assert_max_num_queries
):
    url = reverse("casos:nuevo")
    TipoConflictoFactory()
    SectorFactory(municipio=galapa)
    pocas = _consultas(cliente_gestor_galapa, url)

    TipoConflictoFactory.create_batch(20)
    SectorFactory.create_batch(40, municipio=galapa)
    otro = MunicipioFactory()
    ajenos = SectorFactory.create_batch(5, municipio=otro)
    PersonaFactory.create_batch(30, municipio=galapa)
    with django_assert_max_num_queries(pocas):
        html = cliente_gestor_galapa.get(url).content.decode()
    assert pocas <= 12
    opciones = re.search(r'<select name="sector".*?</select>', html, re.S).group(0)
    assert opciones.count("<option") == 42  # «---------» y los 41 de Galapa
    assert all(s.nombre not in opciones for s in ajenos)


def test_el_detalle_del_gestor_no_crece_en_consultas(
    cliente_gestor_galapa, galapa, gestor_galapa, django_assert_max_num_queries
):
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa, estado=Estado.EN_GESTION)
    ParteFactory(caso=caso)
    ActuacionFactory(caso=caso)
    url = reverse("casos:detalle", args=[caso.radicado])
    pocas = _consultas(cliente_gestor_galapa, url)

    ParteFactory.create_batch(4, caso=caso)
    ActuacionFactory.create_batch(20, caso=caso)
    with django_assert_max_num_queries(pocas):
        assert cliente_gestor_galapa.get(url).status_code == 200
    assert pocas <= 25


class _Muestra(forms.Form):
    lista = forms.ChoiceField(
        label="Lista", choices=[("", "— Elija —"), ("a", "A & <b>"), ("b", "B")]
    )
    agrupada = forms.ChoiceField(
        label="Agrupada", choices=[("Grupo <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")]
    )
    texto = forms.CharField(label="Texto", max_length=10, help_text="Sin puntos")
    numero = forms.IntegerField(label="Número", required=False)
    fecha = forms.DateField(
        label="Fecha", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    largo = forms.CharField(label="Largo", widget=forms.Textarea(attrs={"rows": 2}))
    si = forms.BooleanField(label="Sí", required=False)
    oculto = forms.CharField(widget=forms.HiddenInput, required=False)


def _sin_espacios(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize(
    "datos",
    [
        None,
        {
            "lista": "a",
            "agrupada": "y",
            "texto": 'a"<x>',
            "numero": "x",
            "largo": "<i>",
            "si": "on",
        },
    ],
    ids=["sin enviar", "con errores y valores que escapar"],
)
def test_el_campo_ligero_dibuja_el_mismo_control_que_django(datos):
    form = _Muestra(datos)
    form.is_valid()
    for bf in form:
        clase = "" if bf.is_hidden else " is-invalid" if bf.errors else ""
        base = "form-check-input" if bf.name == "si" else "form-control"
        if bf.name in ("lista", "agrupada"):
            base = "form-select"
        esperado = bf.as_widget(attrs={} if bf.is_hidden else {"class": base + clase})
        assert _sin_espacios(esperado) in _sin_espacios(campo(bf)), bf.name
        if bf.errors:
            assert f'id="{bf.auto_id}_error"' in campo(bf)
            assert 'aria-invalid="true"' in campo(bf)
