"""Lo que halló la prueba de afuera del registro en la calle: una dirección de un botón abierta
directamente da una página en español (no una en blanco) y el informe no se arma para meses
imposibles."""

import pytest

from tests.conftest import ingresar


def test_abrir_la_direccion_de_un_boton_da_una_pagina_en_espanol(cliente_gestor_galapa):
    respuesta = cliente_gestor_galapa.get("/casos/GAL-2026-00001/adjuntos/")

    html = respuesta.content.decode()
    assert respuesta.status_code == 405
    assert "no se abre directamente" in html
    assert respuesta["X-Request-ID"] in html
    assert respuesta["Allow"] == "POST"


@pytest.mark.parametrize("mes", ["0001-01", "1999-12", "9999-12"])
def test_el_informe_de_un_mes_imposible_muestra_el_ultimo_mes_con_un_aviso(
    coordinador_malambo, malambo, mes
):
    from django.test import Client

    cliente = ingresar(Client(), coordinador_malambo)
    respuesta = cliente.get(f"/tableros/{malambo.codigo_dane}/informe/?mes={mes}")

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "se muestra el último mes completo" in html
    assert f"de {mes[:4]}" not in html
