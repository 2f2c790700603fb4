"""Datos al azar contra el formulario de caso y el formset de partes: nunca un error 500."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casos.models import Caso

texto = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["", " ", "0", "-1", "9" * 30, "2026-02-30", "2999-01-01", "<script>", "'; --"]
    ),
)
fecha = st.one_of(st.dates().map(str), texto)
numero = st.one_of(st.integers(-5, 10**12).map(str), texto)


@st.composite
def parte(draw, i):
    return {
        f"partes-{i}-rol": draw(st.sampled_from(["solicitante", "convocado", "x", ""])),
        f"partes-{i}-tipo_documento": draw(st.sampled_from(["CC", "TI", "SD", "PA", "ZZ", ""])),
        f"partes-{i}-numero_documento": draw(numero),
        f"partes-{i}-nombres": draw(texto),
        f"partes-{i}-apellidos": draw(texto),
        f"partes-{i}-sexo": draw(st.sampled_from(["mujer", "hombre", "otro", ""])),
        f"partes-{i}-edad": draw(numero),
        f"partes-{i}-fecha_nacimiento": draw(fecha),
        f"partes-{i}-autorizacion": draw(st.sampled_from(["verbal", "", "escrita", "on"])),
        f"partes-{i}-telefono": draw(texto),
        f"partes-{i}-correo": draw(st.one_of(texto, st.emails())),
        f"partes-{i}-direccion": draw(texto),
        f"partes-{i}-enfoque_migrante": draw(st.sampled_from(["on", ""])),
    }


@st.composite
def envio(draw):
    total = draw(st.one_of(st.integers(0, 3).map(str), texto))
    datos = {
        "token": draw(st.one_of(st.uuids().map(str), texto)),
        "tipo": draw(numero),
        "nivel_riesgo": draw(st.sampled_from(["bajo", "medio", "alto", "extremo", ""])),
        "remitir_a_mebar": draw(st.sampled_from(["on", ""])),
        "canal": draw(st.sampled_from(["presencial", "telefono", "fax", ""])),
        "fecha_hechos": draw(fecha),
        "fecha_recepcion": draw(fecha),
        "sector": draw(numero),
        "direccion": draw(texto),
        "relato": draw(texto),
        "gestor": draw(numero),
        "municipio": draw(numero),
        "partes-TOTAL_FORMS": total,
        "partes-INITIAL_FORMS": draw(st.sampled_from(["0", "1", "x"])),
        "partes-MIN_NUM_FORMS": "1",
        "partes-MAX_NUM_FORMS": "12",
    }
    for i in range(draw(st.integers(0, 3))):
        datos |= draw(parte(i))
    # Los botones de agregar y quitar una parte (sin JavaScript) con lo que sea.
    boton = draw(st.sampled_from([None, "agregar_parte", "quitar_parte"]))
    if boton:
        datos[boton] = draw(numero)
    return datos


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(datos=envio())
def test_el_formulario_de_caso_nunca_responde_500(cliente_gestor_galapa, datos):
    antes = Caso.objects.count()

    respuesta = cliente_gestor_galapa.post(reverse("casos:nuevo"), datos)

    assert respuesta.status_code in (200, 302)
    if respuesta.status_code == 200:
        assert Caso.objects.count() == antes  # con errores no se guarda nada
