"""Impresión y PDF de actas, constancias y citaciones: lo que dicen (leído del PDF con pypdf) y
quién puede sacarlos."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from casos.models import DocumentoMediacionTipo
from gestores.models import Rol
from mediacion.services import documento_corregir, documento_emitir
from tests.conftest import ingresar
from tests.factories import CasoFactory, ParteFactory, PersonaFactory, usuario_con_rol
from tests.mediacion.conftest import sesion_registrada

pytestmark = pytest.mark.django_db


def _sin_espacios(texto: str) -> str:
    return re.sub(r"\s+", "", texto)


def _texto_pdf(respuesta) -> str:
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert {"private", "no-store"} <= set(respuesta["Cache-Control"].replace(" ", "").split(","))
    lector = PdfReader(io.BytesIO(respuesta.content))
    return _sin_espacios(" ".join(pagina.extract_text() for pagina in lector.pages))


def _pdf_documento(cliente, documento):
    url = reverse("mediacion:documento_pdf", args=[documento.caso.radicado, documento.pk])
    return cliente.get(url)


def _nombres(caso):
    return [p.persona.nombre_completo for p in caso.partes.select_related("persona")]


def _esta(fragmento, texto):
    return _sin_espacios(fragmento) in texto


def test_el_pdf_del_acta_trae_partes_compromisos_verificacion_y_firmas(client, gestor, acta):
    respuesta = _pdf_documento(ingresar(client, gestor), acta)
    texto = _texto_pdf(respuesta)

    assert respuesta["Content-Disposition"] == f'inline; filename="{acta.numero}.pdf"'
    for fragmento in [
        "Acta de acuerdo total",
        acta.numero,
        acta.caso.radicado,
        *_nombres(acta.caso),
        "Bajar el volumen del picó a las 10 p. m.",
        "Avisar al gestor si el ruido vuelve.",
        "verificará el cumplimiento de los compromisos",
        "Ley 1801 de 2016, art. 233",
        acta.codigo,
        f"http://testserver/verificar/{acta.codigo}/",
        "Gestor(a) de convivencia",
    ]:
        assert _esta(fragmento, texto), fragmento


def test_la_constancia_de_no_acuerdo_dice_quien_vino_y_que_no_hubo_acuerdo(
    client, gestor, constancia_no_acuerdo
):
    texto = _texto_pdf(_pdf_documento(ingresar(client, gestor), constancia_no_acuerdo))

    for fragmento in [
        "Constancia de no acuerdo",
        constancia_no_acuerdo.numero,
        constancia_no_acuerdo.caso.radicado,
        *_nombres(constancia_no_acuerdo.caso),
        "no llegaron a un acuerdo",
        f"/verificar/{constancia_no_acuerdo.codigo}/",
    ]:
        assert _esta(fragmento, texto), fragmento


def test_la_constancia_de_inasistencia_dice_a_quien_se_cito_y_quien_no_vino(
    client, gestor, constancia_inasistencia
):
    texto = _texto_pdf(_pdf_documento(ingresar(client, gestor), constancia_inasistencia))

    for fragmento in [
        "Constancia de inasistencia",
        constancia_inasistencia.numero,
        "Personas citadas",
        *_nombres(constancia_inasistencia.caso),
        "la sesión no se realizó",
        f"/verificar/{constancia_inasistencia.codigo}/",
    ]:
        assert _esta(fragmento, texto), fragmento


def test_una_version_2_dice_su_numero_su_version_y_el_motivo(client, gestor, acta):
    nueva = documento_corregir(
        documento=acta, autor=gestor, motivo="El nombre del convocado estaba mal escrito."
    )

    respuesta = _pdf_documento(ingresar(client, gestor), nueva)
    texto = _texto_pdf(respuesta)

    assert respuesta["Content-Disposition"] == f'inline; filename="{acta.numero}-v2.pdf"'
    assert _esta(f"{acta.numero} v2", texto)
    assert _esta("Versión 2: corrige la versión 1", texto)
    assert _esta("El nombre del convocado estaba mal escrito.", texto)
    assert _esta(nueva.codigo, texto)


def test_el_documento_se_pinta_de_su_copia_congelada(client, gestor, constancia_no_acuerdo):
    """Cambiar el nombre de la persona después de emitir no cambia el documento."""
    persona = constancia_no_acuerdo.caso.partes.order_by("pk").first().persona
    antes = persona.nombre_completo
    persona.nombres = "Otronombre"
    persona.save()

    texto = _texto_pdf(_pdf_documento(ingresar(client, gestor), constancia_no_acuerdo))

    assert _esta(antes, texto)
    assert "Otronombre" not in texto


def test_el_pdf_de_la_citacion_trae_lo_que_la_parte_necesita(client, gestor, caso_en_mediacion):
    partes = list(caso_en_mediacion.partes.order_by("pk"))
    sesion = sesion_registrada(caso_en_mediacion, partes, asistencia=[None, None])
    citacion = sesion.citaciones.order_by("pk").first()
    url = reverse(
        "mediacion:citacion_pdf", args=[caso_en_mediacion.radicado, sesion.pk, citacion.pk]
    )

    respuesta = ingresar(client, gestor).get(url)
    texto = _texto_pdf(respuesta)

    assert respuesta["Content-Disposition"] == (
        f'inline; filename="citacion-{caso_en_mediacion.radicado}-{citacion.pk}.pdf"'
    )
    for fragmento in [
        "Citación a sesión de mediación",
        caso_en_mediacion.radicado,
        partes[0].persona.nombre_completo,
        sesion.lugar,
        str(sesion.que_llevar),
        gestor.get_full_name(),
        gestor.email,
        "3001234567",
        "Ley 1581 de 2012",
    ]:
        assert _esta(fragmento, texto), fragmento
    assert not _esta(partes[1].persona.nombre_completo, texto)  # la citación es de una parte


def test_la_vista_de_impresion_usa_el_mismo_cuerpo_y_carga_el_js_propio(client, gestor, acta):
    url = reverse("mediacion:documento", args=[acta.caso.radicado, acta.pk])

    respuesta = ingresar(client, gestor).get(url)
    html = respuesta.content.decode()

    assert respuesta.status_code == 200
    assert "Bajar el volumen del picó" in html
    assert 'class="btn btn-primary tap-target" data-imprimir' in html
    assert "data-compartir" in html
    assert " hidden>" in html  # el botón de compartir: el JS lo muestra si el teléfono puede
    assert "js/compartir.js" in html
    assert "<script>" not in html  # nada en línea (CSP)
    assert reverse("mediacion:documento_pdf", args=[acta.caso.radicado, acta.pk]) in html


def test_solo_get(client, gestor, acta):
    url = reverse("mediacion:documento_pdf", args=[acta.caso.radicado, acta.pk])

    assert ingresar(client, gestor).post(url).status_code == 405


@pytest.fixture
def usuarios(galapa, malambo):
    return {
        "gestor de otro municipio": usuario_con_rol(Rol.GESTOR, malambo),
        "secretaría del municipio": usuario_con_rol(Rol.SECRETARIA, galapa),
        "otro gestor del municipio": usuario_con_rol(Rol.GESTOR, galapa),
        "coordinador del municipio": usuario_con_rol(Rol.COORDINADOR, galapa),
        "equipo AMB": usuario_con_rol(Rol.AMB, None),
        "enlace del municipio": usuario_con_rol(Rol.ENLACE, galapa),
    }


ESPERADO = {
    "gestor de otro municipio": 404,
    "secretaría del municipio": 404,
    "otro gestor del municipio": 404,
    "coordinador del municipio": 200,
    "equipo AMB": 200,
    "enlace del municipio": 404,
}


def _urls(documento):
    caso = documento.caso
    citacion = documento.sesion.citaciones.order_by("pk").first()
    return [
        reverse("mediacion:documento", args=[caso.radicado, documento.pk]),
        reverse("mediacion:documento_pdf", args=[caso.radicado, documento.pk]),
        reverse("mediacion:citacion", args=[caso.radicado, documento.sesion_id, citacion.pk]),
        reverse("mediacion:citacion_pdf", args=[caso.radicado, documento.sesion_id, citacion.pk]),
    ]


def test_quien_imprime_los_documentos(client, gestor, usuarios, constancia_no_acuerdo):
    obtenido = {}
    for rol, usuario in {"gestor responsable": gestor, **usuarios}.items():
        client.logout()
        ingresar(client, usuario)
        obtenido[rol] = {client.get(url).status_code for url in _urls(constancia_no_acuerdo)}

    assert obtenido == {"gestor responsable": {200}, **{r: {e} for r, e in ESPERADO.items()}}


def test_con_una_parte_menor_de_edad_el_equipo_amb_no_imprime(
    client, gestor, usuarios, caso_en_mediacion
):
    menor = PersonaFactory(
        municipio=caso_en_mediacion.municipio, tipo_documento="TI", edad=14, nombres="Menorcita"
    )
    ParteFactory(caso=caso_en_mediacion, persona=menor, rol="afectado")
    sesion = sesion_registrada(
        caso_en_mediacion, list(caso_en_mediacion.partes.order_by("pk")), asistencia=[True] * 3
    )
    documento = documento_emitir(
        caso=caso_en_mediacion,
        autor=gestor,
        tipo=DocumentoMediacionTipo.NO_ACUERDO,
        sesion=sesion,
    )

    ingresar(client, usuarios["equipo AMB"])
    assert {client.get(url).status_code for url in _urls(documento)} == {404}
    client.logout()
    ingresar(client, usuarios["coordinador del municipio"])
    assert {client.get(url).status_code for url in _urls(documento)} == {200}


def test_un_documento_o_una_citacion_de_otro_caso_no_se_abre_por_este_radicado(
    client, gestor, constancia_no_acuerdo
):
    """Otro caso del mismo gestor: su radicado no abre los documentos de este."""
    otro = CasoFactory(municipio=constancia_no_acuerdo.municipio, gestor=gestor)
    citacion = constancia_no_acuerdo.sesion.citaciones.first()
    ingresar(client, gestor)

    urls = [
        reverse("mediacion:documento", args=[otro.radicado, constancia_no_acuerdo.pk]),
        reverse("mediacion:documento_pdf", args=[otro.radicado, constancia_no_acuerdo.pk]),
        reverse("mediacion:citacion", args=[otro.radicado, citacion.sesion_id, citacion.pk]),
        reverse(
            "mediacion:citacion_pdf",
            args=[constancia_no_acuerdo.caso.radicado, citacion.sesion_id + 1, citacion.pk],
        ),
    ]
    assert [client.get(url).status_code for url in urls] == [404] * 4
