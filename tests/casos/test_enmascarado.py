"""Lo que se ve enmascarado en las pantallas no se abre por otra puerta (DESIGN §4, Ley 1581):
ni el certificado de asistencia, ni las evidencias del caso o el archivo de una respuesta, ni el
admin (autocompletar, títulos, migas, historia) con el nombre de un menor de edad."""

import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from capacitaciones.models import EstadoActividad
from casos.models import Adjunto
from gestores.models import Rol
from tests.conftest import ingresar
from tests.factories import (
    ActividadFactory,
    AsistenciaFactory,
    CasoFactory,
    CompromisoFactory,
    ParteFactory,
    PersonaFactory,
    RemisionFactory,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db


def _cliente(usuario) -> Client:
    return ingresar(Client(), usuario)


@pytest.fixture
def almacen(settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "privado": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        }
    }


@pytest.fixture
def clientes(galapa, gestor_galapa, gestor_malambo, usuario_amb, secretaria_galapa, enlace_galapa):
    """Un cliente por cada mirada sobre lo de Galapa."""
    return {
        "responsable": _cliente(gestor_galapa),
        "coordinador": _cliente(
            usuario_con_rol(Rol.COORDINADOR, galapa, usuario__username="e.coord")
        ),
        "amb": _cliente(usuario_amb),
        "otro gestor del municipio": _cliente(
            usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="e.otro")
        ),
        "secretaría": _cliente(secretaria_galapa),
        "enlace": _cliente(enlace_galapa),
        "gestor de otro municipio": _cliente(gestor_malambo),
    }


# --- certificados de asistencia -------------------------------------------------------------------


def _actividad_realizada(galapa, gestor, **asistente):
    actividad = ActividadFactory(
        municipio=galapa, registrada_por=gestor, estado=EstadoActividad.REALIZADA
    )
    # Un apellido que las fábricas no inventan: el nombre del usuario que mira (Faker) no puede
    # coincidir con el que la prueba busca que no aparezca.
    datos = {
        "nombres": "Marta Lucía",
        "apellidos": "Arizmendiola",
        "numero_documento": "1045111222",
    }
    persona = PersonaFactory(**(datos | asistente))
    return AsistenciaFactory(actividad=actividad, persona=persona)


@pytest.mark.parametrize("quien", ["responsable", "coordinador", "amb"])
def test_el_certificado_lo_imprime_quien_responde_por_la_actividad(
    clientes, galapa, gestor_galapa, quien
):
    asistencia = _actividad_realizada(galapa, gestor_galapa)

    respuesta = clientes[quien].get(reverse("capacitaciones:certificado", args=[asistencia.pk]))

    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Marta Lucía Arizmendiola" in html
    assert "CC 1045111222" in html


@pytest.mark.parametrize(
    "quien", ["otro gestor del municipio", "secretaría", "enlace", "gestor de otro municipio"]
)
def test_el_certificado_no_existe_para_quien_ve_los_nombres_enmascarados(
    clientes, galapa, gestor_galapa, quien
):
    asistencia = _actividad_realizada(galapa, gestor_galapa)

    respuesta = clientes[quien].get(reverse("capacitaciones:certificado", args=[asistencia.pk]))

    assert respuesta.status_code == 404
    assert "Arizmendiola" not in respuesta.content.decode()
    assert "1045111222" not in respuesta.content.decode()


def test_un_facilitador_gestor_tambien_imprime_el_certificado(galapa, gestor_galapa):
    asistencia = _actividad_realizada(galapa, gestor_galapa)
    facilitador = usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="e.facilita")
    asistencia.actividad.facilitadores.add(facilitador)

    respuesta = _cliente(facilitador).get(
        reverse("capacitaciones:certificado", args=[asistencia.pk])
    )

    assert respuesta.status_code == 200
    assert "Marta Lucía Arizmendiola" in respuesta.content.decode()


def test_el_certificado_de_un_menor_no_lo_abre_el_equipo_amb(clientes, galapa, gestor_galapa):
    asistencia = _actividad_realizada(galapa, gestor_galapa, tipo_documento="TI", edad=14)
    url = reverse("capacitaciones:certificado", args=[asistencia.pk])

    del_amb = clientes["amb"].get(url)

    assert del_amb.status_code == 404
    assert "Arizmendiola" not in del_amb.content.decode()
    assert clientes["responsable"].get(url).status_code == 200


def test_el_enlace_al_certificado_solo_se_ofrece_a_quien_puede_imprimirlo(
    clientes, galapa, gestor_galapa
):
    asistencia = _actividad_realizada(galapa, gestor_galapa)
    detalle = reverse("capacitaciones:detalle", args=[asistencia.actividad.pk])
    certificado = reverse("capacitaciones:certificado", args=[asistencia.pk])

    for quien in ("responsable", "coordinador", "amb"):
        html = clientes[quien].get(detalle).content.decode()
        assert certificado in html, quien
        assert "Marta Lucía Arizmendiola" in html, quien
    for quien in ("otro gestor del municipio", "secretaría"):
        respuesta = clientes[quien].get(detalle)
        assert respuesta.status_code == 200, quien
        assert certificado not in respuesta.content.decode(), quien
        assert "Arizmendiola" not in respuesta.content.decode(), quien


# --- evidencias del caso y archivo de la respuesta de una remisión ------------------------------


def _caso_con_evidencia(galapa, gestor, **parte):
    caso = CasoFactory(municipio=galapa, gestor=gestor, registrado_por=gestor)
    ParteFactory(caso=caso, persona=PersonaFactory(**parte))
    adjunto = Adjunto.objects.create(
        caso=caso,
        archivo=ContentFile(b"%PDF-1.4 acta", name="acta.pdf"),
        nombre_original="acta-de-conciliacion.pdf",
        tipo_contenido="application/pdf",
        tamano=13,
        subido_por=gestor,
    )
    url = reverse("casos:adjunto_descargar", args=[caso.radicado, adjunto.pk])
    return caso, url


@pytest.mark.parametrize("quien", ["responsable", "coordinador", "amb"])
def test_la_evidencia_la_descarga_quien_ve_los_datos_de_las_partes(
    almacen, clientes, galapa, gestor_galapa, quien
):
    caso, url = _caso_con_evidencia(galapa, gestor_galapa)

    respuesta = clientes[quien].get(url)
    detalle = clientes[quien].get(reverse("casos:detalle", args=[caso.radicado]))

    assert respuesta.status_code == 200
    assert b"".join(respuesta.streaming_content) == b"%PDF-1.4 acta"
    assert url in detalle.content.decode()


@pytest.mark.parametrize("quien", ["otro gestor del municipio", "secretaría"])
def test_la_evidencia_no_existe_para_quien_ve_el_caso_enmascarado(
    almacen, clientes, galapa, gestor_galapa, quien
):
    caso, url = _caso_con_evidencia(galapa, gestor_galapa)

    respuesta = clientes[quien].get(url)
    detalle = clientes[quien].get(reverse("casos:detalle", args=[caso.radicado]))

    assert respuesta.status_code == 404
    assert detalle.status_code == 200
    html = detalle.content.decode()
    assert url not in html
    assert "acta-de-conciliacion.pdf" not in html
    assert "reservada" in html  # dice que hay evidencias, no cuáles


def test_la_evidencia_de_un_caso_con_un_menor_es_solo_del_responsable_y_el_coordinador(
    almacen, clientes, galapa, gestor_galapa
):
    caso, url = _caso_con_evidencia(galapa, gestor_galapa, tipo_documento="TI", edad=15)

    assert clientes["responsable"].get(url).status_code == 200
    assert clientes["coordinador"].get(url).status_code == 200
    assert clientes["amb"].get(url).status_code == 404
    detalle = clientes["amb"].get(reverse("casos:detalle", args=[caso.radicado]))
    assert url not in detalle.content.decode()


def _remision_con_archivo(galapa, gestor, enlace):
    caso = CasoFactory(municipio=galapa, gestor=gestor, registrado_por=gestor)
    ParteFactory(caso=caso)
    remision = RemisionFactory(caso=caso, entidad=enlace.perfil.entidad)
    remision.archivo_respuesta.save("respuesta.pdf", ContentFile(b"%PDF-1.4 oficio"))
    return caso, reverse("remisiones:archivo", args=[remision.pk])


def test_el_archivo_de_la_respuesta_sigue_la_misma_regla(
    almacen, clientes, galapa, gestor_galapa, enlace_galapa
):
    caso, url = _remision_con_archivo(galapa, gestor_galapa, enlace_galapa)

    for quien in ("responsable", "coordinador", "amb", "enlace"):
        assert clientes[quien].get(url).status_code == 200, quien
    for quien in ("otro gestor del municipio", "secretaría", "gestor de otro municipio"):
        assert clientes[quien].get(url).status_code == 404, quien
        detalle = clientes[quien].get(reverse("casos:detalle", args=[caso.radicado]))
        assert url not in detalle.content.decode(), quien


# --- el admin y los menores de edad ---------------------------------------------------------------


@pytest.fixture
def menor(galapa):
    """Una niña parte de un caso, con un compromiso, y asistente a una actividad."""
    persona = PersonaFactory(
        nombres="Camila Andrea",
        apellidos="Reservada",
        tipo_documento="TI",
        numero_documento="1099887766",
        edad=12,
    )
    caso = CasoFactory(municipio=galapa)
    parte = ParteFactory(caso=caso, persona=persona, rol="afectado")
    compromiso = CompromisoFactory(acuerdo__caso=caso, parte=parte)
    asistencia = AsistenciaFactory(persona=persona, actividad=ActividadFactory(municipio=galapa))
    return {"persona": persona, "parte": parte, "compromiso": compromiso, "asistencia": asistencia}


def _sin_la_menor(html: str, donde: str):
    assert "Camila" not in html, donde
    assert "Reservada" not in html, donde
    assert "1099887766" not in html, donde


@pytest.mark.parametrize(
    ("origen", "termino"),
    [
        ("casos.parte", "1099887766"),
        ("capacitaciones.asistencia", "1099887766"),
        ("casos.parte", "Camila"),
    ],
)
def test_el_autocompletar_del_admin_no_muestra_menores(cliente_amb, menor, origen, termino):
    adulta = PersonaFactory(nombres="Rosa", apellidos="Adulta", numero_documento="52000111")
    ParteFactory(persona=adulta)
    url = reverse("admin:autocomplete")
    app, modelo = origen.split(".")

    respuesta = cliente_amb.get(
        url,
        {"app_label": app, "model_name": modelo, "field_name": "persona", "term": termino},
    )
    otra = cliente_amb.get(
        url,
        {"app_label": "casos", "model_name": "parte", "field_name": "persona", "term": "52000111"},
    )

    assert respuesta.status_code == 200
    _sin_la_menor(respuesta.content.decode(), "autocompletar")
    # Ni siquiera «reservado»: escribir el documento no confirma que exista un menor con él.
    assert respuesta.json()["results"] == []
    assert "Rosa Adulta" in otra.content.decode()  # la búsqueda sí funciona para adultos


def _titulos_y_migas(html: str) -> str:
    partes = re.findall(r"<title>.*?</title>", html, re.S)
    partes += re.findall(r"<h1.*?</h1>|<h2.*?</h2>", html, re.S)
    partes += re.findall(r'<div class="breadcrumbs">.*?</div>', html, re.S)
    return "\n".join(partes)


def test_las_paginas_del_admin_no_titulan_con_el_nombre_de_un_menor(cliente_amb, menor):
    asistencia, compromiso = menor["asistencia"], menor["compromiso"]
    paginas = {
        "ficha de la asistencia": reverse(
            "admin:capacitaciones_asistencia_change", args=[asistencia.pk]
        ),
        "historia de la asistencia": reverse(
            "admin:capacitaciones_asistencia_history", args=[asistencia.pk]
        ),
        "ficha del compromiso": reverse("admin:casos_compromiso_change", args=[compromiso.pk]),
        "historia del compromiso": reverse("admin:casos_compromiso_history", args=[compromiso.pk]),
        "historia de la persona": reverse(
            "admin:casos_persona_history", args=[menor["persona"].pk]
        ),
    }
    registro = compromiso.history.first()
    paginas["versión del compromiso"] = reverse(
        "admin:casos_compromiso_simple_history", args=[compromiso.pk, registro.history_id]
    )

    for donde, url in paginas.items():
        respuesta = cliente_amb.get(url)
        assert respuesta.status_code in (200, 403), f"{donde}: {respuesta.status_code}"
        html = respuesta.content.decode()
        assert _titulos_y_migas(html) or respuesta.status_code == 403, donde
        _sin_la_menor(html, donde)


def test_los_textos_de_los_modelos_no_llevan_el_nombre_de_un_menor(menor):
    for objeto in (menor["persona"], menor["parte"], menor["asistencia"], menor["compromiso"]):
        _sin_la_menor(str(objeto), type(objeto).__name__)
    assert menor["persona"].nombre_completo == "Camila Andrea Reservada"


def test_el_responsable_sigue_viendo_el_nombre_del_menor_en_el_caso(galapa, gestor_galapa):
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa, registrado_por=gestor_galapa)
    ParteFactory(
        caso=caso,
        persona=PersonaFactory(
            nombres="Camila", apellidos="Reservada", tipo_documento="TI", edad=9
        ),
    )

    html = _cliente(gestor_galapa).get(reverse("casos:detalle", args=[caso.radicado]))

    assert "Camila Reservada" in html.content.decode()
