"""El registro de un caso con las partes que haya: una sola, agregar y quitar bloques (con y sin
JavaScript), un bloque vacío que no cuenta y uno a medias que dice qué le falta."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from casos.models import Caso, Persona, TipoConflicto

pytestmark = pytest.mark.django_db
URL = reverse("casos:nuevo")


def _bloques(html: str) -> list[str]:
    """Los prefijos de los bloques de parte que la página muestra (sin la plantilla)."""
    sin_plantilla = re.sub(r"<template.*?</template>", "", html, flags=re.S)
    return re.findall(r'data-prefijo="(partes-\d+)"', sin_plantilla)


def _datos(cliente, total=1, **cambios):
    html = cliente.get(URL).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    datos = {
        "token": token,
        "tipo": TipoConflicto.objects.get(nombre__startswith="Ruido").pk,
        "nivel_riesgo": "medio",
        "canal": "presencial",
        "fecha_hechos": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "fecha_recepcion": timezone.localdate().isoformat(),
        "sector": "",
        "direccion": "Carrera 19 # 12-30",
        "relato": "Música a todo volumen hasta la madrugada.",
        "gestor": str(cliente.session["_auth_user_id"]),
        "partes-TOTAL_FORMS": str(total),
        "partes-INITIAL_FORMS": "0",
        "partes-MIN_NUM_FORMS": "1",
        "partes-MAX_NUM_FORMS": "12",
        "partes-0-rol": "solicitante",
        "partes-0-tipo_documento": "CC",
        "partes-0-numero_documento": "1045678901",
        "partes-0-nombres": "Yolanda",
        "partes-0-apellidos": "Barrios",
        "partes-0-sexo": "mujer",
    }
    return datos | cambios


def _vacia(i):
    """Un bloque tal como lo envía el navegador si nadie lo toca."""
    return {
        f"partes-{i}-rol": "",
        f"partes-{i}-tipo_documento": "CC",
        f"partes-{i}-numero_documento": "",
        f"partes-{i}-nombres": "",
        f"partes-{i}-apellidos": "",
        f"partes-{i}-sexo": "no_informa",
        f"partes-{i}-edad": "",
        f"partes-{i}-fecha_nacimiento": "",
        f"partes-{i}-telefono": "",
        f"partes-{i}-direccion": "",
    }


def test_el_formulario_empieza_con_una_parte_y_el_rol_sin_elegir(cliente_gestor_galapa):
    html = cliente_gestor_galapa.get(URL).content.decode()

    assert _bloques(html) == ["partes-0"]
    assert 'name="partes-TOTAL_FORMS" value="1"' in html
    assert '<option value="" selected>— Elija el rol —</option>' in html
    # El botón sirve sin JavaScript: envía el formulario con su nombre.
    assert re.search(r'<button type="submit" name="agregar_parte"[^>]*>', html)
    assert "Quitar esta parte" not in re.sub(r"<template.*?</template>", "", html, flags=re.S)


def test_un_caso_con_una_sola_parte_se_registra(cliente_gestor_galapa):
    respuesta = cliente_gestor_galapa.post(URL, _datos(cliente_gestor_galapa))

    caso = Caso.objects.get()
    assert respuesta.status_code == 302
    assert list(caso.partes.values_list("persona__nombres", "rol")) == [("Yolanda", "solicitante")]


def test_un_bloque_extra_sin_tocar_no_cuenta(cliente_gestor_galapa):
    datos = _datos(cliente_gestor_galapa, total=2, **_vacia(1))

    respuesta = cliente_gestor_galapa.post(URL, datos)

    assert respuesta.status_code == 302
    assert Caso.objects.get().partes.count() == 1
    assert Persona.objects.count() == 1


def test_un_bloque_a_medias_dice_que_le_falta_y_no_guarda_nada(cliente_gestor_galapa):
    datos = _datos(
        cliente_gestor_galapa,
        total=2,
        **_vacia(1) | {"partes-1-numero_documento": "72190876", "partes-1-apellidos": "Mendoza"},
    )

    respuesta = cliente_gestor_galapa.post(URL, datos)

    html = respuesta.content.decode()
    errores = respuesta.context["partes"].errors
    assert respuesta.status_code == 200
    assert not Caso.objects.exists()
    assert not Persona.objects.exists()
    assert errores[0] == {}
    assert set(errores[1]) == {"rol", "nombres"}
    assert "Elija el rol de esta persona en el caso." in html
    assert "Este campo es obligatorio." in html
    # Lo escrito sigue en su sitio, en los dos bloques.
    assert _bloques(html) == ["partes-0", "partes-1"]
    assert 'value="72190876"' in html
    assert 'value="Mendoza"' in html
    assert 'value="Yolanda"' in html


def test_sin_ninguna_parte_el_error_lo_dice_en_espanol(cliente_gestor_galapa):
    sin_partes = {k: v for k, v in _datos(cliente_gestor_galapa).items() if "-0-" not in k}

    vacio = cliente_gestor_galapa.post(URL, sin_partes | _vacia(0))
    cero = cliente_gestor_galapa.post(URL, sin_partes | {"partes-TOTAL_FORMS": "0"})

    assert not Caso.objects.exists()
    for respuesta in (vacio, cero):
        assert respuesta.status_code == 200
        assert "Registre al menos una parte del caso." in respuesta.content.decode()
    # El bloque vacío dice además qué le falta.
    assert set(vacio.context["partes"].errors[0]) == {"rol", "numero_documento", "nombres"}


def test_agregar_parte_sin_javascript_suma_un_bloque_y_no_crea_nada(cliente_gestor_galapa):
    datos = _datos(
        cliente_gestor_galapa,
        total=2,
        agregar_parte="1",
        relato="",  # incompleto a propósito: agregar una parte no valida
        **_vacia(1) | {"partes-1-nombres": "Rafael", "partes-1-rol": "convocado"},
    )

    respuesta = cliente_gestor_galapa.post(URL, datos)

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert not Caso.objects.exists()
    assert not Persona.objects.exists()
    assert _bloques(html) == ["partes-0", "partes-1", "partes-2"]
    assert 'name="partes-TOTAL_FORMS" value="3"' in html
    assert 'name="partes-INITIAL_FORMS" value="0"' in html
    assert 'value="Yolanda"' in html
    assert 'value="Rafael"' in html
    assert '<option value="convocado" selected>' in html
    assert "Carrera 19 # 12-30" in html
    assert f'value="{datos["token"]}"' in html  # el mismo envío sigue siendo uno solo
    # Ni un error a la vista: la persona no ha terminado de escribir.
    assert "is-invalid" not in html
    assert "Este campo es obligatorio." not in html
    assert "alert-danger" not in html


def test_agregar_parte_no_pasa_del_maximo(cliente_gestor_galapa):
    datos = _datos(cliente_gestor_galapa, total=12, agregar_parte="1")
    for i in range(1, 12):
        datos |= _vacia(i)

    respuesta = cliente_gestor_galapa.post(URL, datos)

    html = respuesta.content.decode()
    assert len(_bloques(html)) == 12
    assert re.search(r"<button[^>]*name=\"agregar_parte\"[^>]*hidden", html)  # ya no se ofrece


def test_quitar_parte_sin_javascript_renumera_y_conserva_lo_demas(cliente_gestor_galapa):
    datos = _datos(
        cliente_gestor_galapa,
        total=3,
        quitar_parte="1",
        **_vacia(1)
        | {"partes-1-nombres": "Rafael"}
        | _vacia(2)
        | {"partes-2-nombres": "Ana", "partes-2-rol": "testigo"},
    )

    respuesta = cliente_gestor_galapa.post(URL, datos)

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert not Caso.objects.exists()
    assert _bloques(html) == ["partes-0", "partes-1"]
    assert "Rafael" not in html
    assert re.search(r'name="partes-1-nombres" value="Ana"', html)
    assert 'value="Yolanda"' in html
    assert "is-invalid" not in html


@pytest.mark.parametrize("valor", ["0", "7", "-1", "x", ""])
def test_quitar_la_primera_o_una_que_no_existe_no_quita_nada(cliente_gestor_galapa, valor):
    datos = _datos(cliente_gestor_galapa, total=2, quitar_parte=valor, **_vacia(1))

    respuesta = cliente_gestor_galapa.post(URL, datos)

    assert respuesta.status_code == 200
    assert _bloques(respuesta.content.decode()) == ["partes-0", "partes-1"]
    assert not Caso.objects.exists()


def test_lo_que_envia_el_navegador_tras_quitar_un_bloque_registra_el_caso(cliente_gestor_galapa):
    # El script renumera: tras agregar la 2 y la 3 y quitar la 2, la que era la 3 llega como 1.
    datos = _datos(
        cliente_gestor_galapa,
        total=2,
        **_vacia(1)
        | {"partes-1-nombres": "Ana", "partes-1-rol": "testigo", "partes-1-tipo_documento": "SD"},
    )

    respuesta = cliente_gestor_galapa.post(URL, datos)

    assert respuesta.status_code == 302
    partes = Caso.objects.get().partes.order_by("persona__nombres")
    assert list(partes.values_list("persona__nombres", "rol")) == [
        ("Ana", "testigo"),
        ("Yolanda", "solicitante"),
    ]
