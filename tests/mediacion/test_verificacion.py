"""/verificar/<codigo>/ verifica también actas y constancias, sin ningún dato personal."""

import pytest
from django.urls import reverse

from mediacion.services import documento_corregir

pytestmark = pytest.mark.django_db


def test_la_verificacion_de_un_documento_no_muestra_datos_personales(client, acta):
    respuesta = client.get(reverse("verificar", args=[acta.codigo]))
    html = respuesta.content.decode()

    assert respuesta.status_code == 200
    assert "Acta de acuerdo total" in html
    assert acta.numero in html
    assert acta.municipio.nombre in html
    assert "Es la versión vigente." in html
    for parte in acta.caso.partes.select_related("persona"):
        assert parte.persona.nombres not in html
        assert parte.persona.apellidos not in html
        assert parte.persona.numero_documento not in html
    assert acta.caso.radicado not in html
    assert acta.caso.gestor.get_full_name() not in html


def test_una_version_reemplazada_dice_cual_la_reemplaza(client, gestor, acta):
    documento_corregir(documento=acta, autor=gestor, motivo="Fecha de verificación errada.")

    html = client.get(reverse("verificar", args=[acta.codigo])).content.decode()

    assert "Fue reemplazado por la versión 2" in html
    assert "Fecha de verificación errada." not in html


def test_un_codigo_desconocido_sigue_siendo_404(client, db):
    respuesta = client.get(reverse("verificar", args=["NoExisteEsteCodigo"]))

    assert respuesta.status_code == 404
    assert "No existe ningún certificado con ese código" in respuesta.content.decode()
