"""Content Security Policy en todas las páginas, el admin incluido, con nonce en los scripts."""

import re

import pytest
from django.urls import reverse

from tests.factories import CasoFactory

pytestmark = pytest.mark.django_db

DIRECTIVAS = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def _politica(respuesta) -> dict[str, str]:
    cabecera = respuesta["Content-Security-Policy"]
    return {
        partes[0]: " ".join(partes[1:])
        for partes in (d.strip().split() for d in cabecera.split(";"))
        if partes
    }


@pytest.mark.parametrize(
    "url", ["login", "inicio", "casos:lista", "admin:index", "admin:casos_caso_changelist"]
)
def test_cada_pagina_lleva_la_politica(cliente_amb, url):
    respuesta = cliente_amb.get(reverse(url))

    politica = _politica(respuesta)
    for directiva, valor in DIRECTIVAS.items():
        assert politica[directiva] == valor
    assert "'unsafe-inline'" not in respuesta["Content-Security-Policy"]
    assert "'unsafe-eval'" not in respuesta["Content-Security-Policy"]


def test_los_scripts_propios_llevan_el_nonce_de_la_politica(cliente_gestor_galapa, galapa):
    respuesta = cliente_gestor_galapa.get(reverse("casos:nuevo"))

    nonce = re.search(r"'nonce-([^']+)'", _politica(respuesta)["script-src"]).group(1)
    html = respuesta.content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts
    for script in scripts:
        if 'type="application/json"' in script:
            continue  # datos de json_script: no se ejecutan
        assert f'nonce="{nonce}"' in script


def test_ninguna_pagina_lleva_scripts_ni_estilos_en_linea(cliente_amb, galapa):
    caso = CasoFactory(municipio=galapa)
    for url in (
        reverse("inicio"),
        reverse("casos:detalle", args=[caso.radicado]),
        reverse("tableros:municipal", args=[galapa.codigo_dane]),
        reverse("admin:casos_caso_export"),
    ):
        html = cliente_amb.get(url).content.decode()
        assert not re.search(r"\son[a-z]+=\"", html), url
        assert ' style="' not in html, url
        for script in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html):
            assert 'type="application/json"' in script, (url, script)
