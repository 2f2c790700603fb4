"""El equipo AMB lee los documentos de la mediación en el admin, sin su contenido."""

import pytest
from django.urls import reverse

from tests.conftest import ingresar

pytestmark = pytest.mark.django_db


def test_el_equipo_amb_lee_los_documentos_sin_nombres(client, usuario_amb, acta):
    ingresar(client, usuario_amb)

    lista = client.get(reverse("admin:mediacion_documentomediacion_changelist"))
    detalle = client.get(reverse("admin:mediacion_documentomediacion_change", args=[acta.pk]))

    assert lista.status_code == 200
    assert acta.numero in lista.text
    assert detalle.status_code == 200
    for parte in acta.contenido["partes"]:
        assert parte["nombre"] not in detalle.text
    firmados = client.get(reverse("admin:mediacion_documentofirmado_changelist"))
    assert firmados.status_code == 200
