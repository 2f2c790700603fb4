"""El resumen de errores arriba de cada formulario (patrón GOV.UK) y los campos marcados.

Un formulario devuelto con errores lleva una caja «Hay N problemas» con un enlace por error al
campo (`href="#id_…"`), que existe en la página; cada campo con error lleva `aria-invalid` y
`aria-describedby` hacia el id de su mensaje.
"""

import re

import pytest
from django.urls import reverse

from casos.models import Estado
from tests.factories import ActividadFactory, CasoFactory, TipoConflictoFactory

pytestmark = pytest.mark.django_db


def _resumen(html: str) -> str:
    encontrado = re.search(r'<div class="alert alert-danger resumen-errores".*?</div>', html, re.S)
    assert encontrado, "La página no tiene el resumen de errores"
    return encontrado.group(0)


def _enlaces(resumen: str) -> list[str]:
    return re.findall(r'<a class="alert-link" href="#([^"]+)">', resumen)


def _etiqueta(html: str, id_: str) -> str:
    """La etiqueta HTML (de apertura) del elemento con ese id."""
    encontrado = re.search(rf'<[a-z]+[^>]*\sid="{re.escape(id_)}"[^>]*>', html)
    assert encontrado, f"No hay un elemento con id={id_}"
    return encontrado.group(0)


def test_el_registro_vacio_muestra_el_resumen_con_un_enlace_por_error(cliente_gestor_galapa):
    respuesta = cliente_gestor_galapa.post(
        reverse("casos:nuevo"),
        {
            "partes-TOTAL_FORMS": "1",
            "partes-INITIAL_FORMS": "0",
            "partes-MIN_NUM_FORMS": "1",
            "partes-MAX_NUM_FORMS": "12",
            "partes-0-rol": "",
            "partes-0-tipo_documento": "CC",
            "partes-0-numero_documento": "1045",
            "partes-0-nombres": "",
            "partes-0-telefono": "300 111 2233",
        },
    )
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    resumen = _resumen(html)
    assert 'tabindex="-1"' in resumen
    assert 'aria-labelledby="resumen-errores-titulo"' in resumen
    enlaces = _enlaces(resumen)
    form, partes = respuesta.context["form"], respuesta.context["partes"]
    formularios = [form, *partes.forms]
    errores = sum(len(c.errors) for f in formularios for c in f)
    visibles = sum(len(c.errors) for f in formularios for c in f.visible_fields())
    # Un enlace por error de un campo visible; los de campos ocultos (el token) van sin enlace.
    assert resumen.count("<li>") == errores
    assert len(enlaces) == visibles >= 6
    assert f"Hay {errores} problemas" in resumen
    # Los del caso y los de la parte 1: los obligatorios, y el teléfono sin autorización.
    for id_ in (
        "id_tipo",
        "id_canal",
        "id_fecha_hechos",
        "id_relato",
        "id_partes-0-rol",
        "id_partes-0-nombres",
        "id_partes-0-autorizacion_0",
    ):
        assert id_ in enlaces
    assert "Parte 1 — Nombres:" in resumen
    for id_ in enlaces:
        control = _etiqueta(html, id_)
        assert 'aria-invalid="true"' in control
        describe = re.search(r'aria-describedby="([^"]+)"', control).group(1)
        for mensaje in describe.split():
            assert f'id="{mensaje}"' in html
        if "autorizacion" not in id_:
            assert f"{id_}_error" in describe.split()


def test_sin_errores_no_hay_resumen_y_el_script_que_lo_enfoca_va_por_archivo(
    cliente_gestor_galapa,
):
    html = cliente_gestor_galapa.get(reverse("casos:nuevo")).content.decode()
    assert "resumen-errores" not in html.split("<main", 1)[1]
    assert re.search(r'<script nonce="[^"]+" src="[^"]*js/errores\.js"', html)
    assert "aria-invalid" not in html


def test_un_error_en_un_campo_plegado_abre_su_seccion(cliente_gestor_galapa):
    respuesta = cliente_gestor_galapa.post(
        reverse("casos:nuevo"),
        {
            "partes-TOTAL_FORMS": "1",
            "partes-INITIAL_FORMS": "0",
            "partes-MIN_NUM_FORMS": "1",
            "partes-MAX_NUM_FORMS": "12",
            "partes-0-rol": "solicitante",
            "partes-0-tipo_documento": "SD",
            "partes-0-nombres": "Ana",
            "partes-0-edad": "300",
            "fecha_recepcion": "no-es-fecha",
        },
    )
    html = respuesta.content.decode()
    sin_plantilla = re.sub(r"<template.*?</template>", "", html, flags=re.S)
    assert re.search(r'<details class="mb-2 mas-datos" open>', sin_plantilla)
    abiertas = re.findall(r"<details[^>]*\sopen>", sin_plantilla)
    # La de la fecha de recepción, la de «más datos» de la parte y el aviso de privacidad.
    assert len(abiertas) == 3
    assert "id_partes-0-edad" in _enlaces(_resumen(html))
    assert "id_fecha_recepcion" in _enlaces(_resumen(html))


def _caso_del_gestor(gestor, estado=Estado.EN_GESTION):
    return CasoFactory(municipio=gestor.perfil.municipio, gestor=gestor, estado=estado)


# Cada formulario del proyecto enviado vacío: (nombre, cómo armar la URL). Las vistas que hacen
# `Form(request.POST or None)` no ven un POST del todo vacío: se manda un campo de más.
FORMULARIOS = [
    ("editar", lambda g: reverse("casos:editar", args=[_caso_del_gestor(g).radicado])),
    ("actuacion", lambda g: reverse("casos:actuacion", args=[_caso_del_gestor(g).radicado])),
    ("remitir", lambda g: reverse("remisiones:remitir", args=[_caso_del_gestor(g).radicado])),
    ("cerrar", lambda g: reverse("casos:cerrar", args=[_caso_del_gestor(g).radicado])),
    ("adjunto", lambda g: reverse("casos:adjunto", args=[_caso_del_gestor(g).radicado])),
    (
        "acuerdo",
        lambda g: reverse(
            "casos:acuerdo", args=[_caso_del_gestor(g, Estado.EN_MEDIACION).radicado]
        ),
    ),
    ("actividad", lambda g: reverse("capacitaciones:nueva")),
    (
        "asistencia",
        lambda g: reverse(
            "capacitaciones:asistencia",
            args=[ActividadFactory(municipio=g.perfil.municipio, registrada_por=g).pk],
        ),
    ),
    (
        "conteos",
        lambda g: reverse(
            "capacitaciones:conteos",
            args=[ActividadFactory(municipio=g.perfil.municipio, registrada_por=g).pk],
        ),
    ),
    ("contrasena", lambda g: reverse("password_change")),
]


@pytest.mark.parametrize(("nombre", "url"), FORMULARIOS, ids=[f[0] for f in FORMULARIOS])
def test_cada_formulario_enviado_vacio_muestra_el_resumen(
    nombre, url, cliente_gestor_galapa, gestor_galapa
):
    TipoConflictoFactory()
    datos = {"c_mujer_0_5": "-3"} if nombre == "conteos" else {"enviado": "1"}
    respuesta = cliente_gestor_galapa.post(url(gestor_galapa), datos)
    assert respuesta.status_code in (200, 400), respuesta.status_code
    html = respuesta.content.decode()
    resumen = _resumen(html)
    assert re.search(r"Hay \d+ problemas?", resumen)
    enlaces = _enlaces(resumen)
    assert enlaces
    for id_ in enlaces:
        assert f'id="{id_}"' in html


def test_el_ingreso_fallido_muestra_el_resumen(client, gestor_galapa):
    respuesta = client.post(reverse("login"), {"username": "", "password": ""})
    resumen = _resumen(respuesta.content.decode())
    assert set(_enlaces(resumen)) == {"id_username", "id_password"}


def test_un_acuerdo_sin_compromisos_lo_dice_en_palabras_del_programa(
    cliente_gestor_galapa, gestor_galapa
):
    caso = _caso_del_gestor(gestor_galapa, Estado.EN_MEDIACION)
    respuesta = cliente_gestor_galapa.post(
        reverse("casos:acuerdo", args=[caso.radicado]),
        {
            "fecha": "2026-11-02",
            "descripcion": "Bajar el volumen después de las 10.",
            "fecha_verificacion": "2026-12-02",
            "version": caso.version,
            "compromisos-TOTAL_FORMS": "1",
            "compromisos-INITIAL_FORMS": "0",
            "compromisos-MIN_NUM_FORMS": "1",
            "compromisos-MAX_NUM_FORMS": "20",
        },
    )
    html = respuesta.content.decode()
    assert "Escriba al menos un compromiso: quién hace qué y para cuándo." in html
    assert "formulario como mínimo" not in html
    assert "Bajar el volumen después de las 10." in html  # lo escrito se queda


def test_sin_el_formulario_de_control_los_formsets_no_hablan_de_management_form():
    from casos.forms import CompromisosFormSet
    from casos.forms_personas import PartesFormSet

    for formset in (
        PartesFormSet({"relato": "Ruido"}, prefix="partes", form_kwargs={"aviso": None}),
        CompromisosFormSet({}, prefix="compromisos", form_kwargs={"partes": []}),
    ):
        assert not formset.is_valid()
        # Django reemplaza el aviso del formulario de control por el de «muy pocos»: los dos son
        # del programa, ninguno el de Django en inglés ni el «envíe N formularios».
        assert set(formset.non_form_errors()) <= {
            "El formulario llegó incompleto. Recargue la página y vuelva a escribirlo.",
            "Registre al menos una parte del caso.",
            "Escriba al menos un compromiso: quién hace qué y para cuándo.",
        }
        assert formset.non_form_errors()
