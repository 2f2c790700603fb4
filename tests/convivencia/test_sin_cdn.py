"""Ningún recurso sale de fuera: ni las plantillas ni las páginas servidas enlazan otro sitio."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

RAIZ = Path(__file__).resolve().parents[2]
PLANTILLAS = [
    p
    for p in RAIZ.glob("**/templates/**/*")
    if p.is_file() and ".venv" not in p.parts and "node_modules" not in p.parts
]
# src=, href=, url(...) o @import que apunten a http(s):// o a //host (relativo al protocolo).
EXTERNO = re.compile(
    r"""(?:src|href|action|srcset)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["'](?:https?:)?//""",
    re.IGNORECASE,
)


def test_hay_plantillas_que_revisar():
    assert len(PLANTILLAS) > 10


@pytest.mark.parametrize("plantilla", PLANTILLAS, ids=lambda p: str(p.relative_to(RAIZ)))
def test_ninguna_plantilla_enlaza_recursos_externos(plantilla):
    assert not EXTERNO.search(plantilla.read_text(encoding="utf-8"))


def test_ningun_css_propio_o_vendido_carga_algo_de_fuera():
    for hoja in (RAIZ / "static").glob("**/*.css"):
        assert not re.search(r"url\(\s*[\"']?(?:https?:)?//", hoja.read_text(encoding="utf-8")), (
            hoja
        )


def test_las_licencias_de_lo_vendido_estan_junto_a_los_archivos():
    for paquete in ("bootstrap", "bootstrap-icons"):
        assert (RAIZ / "static" / "vendor" / paquete / "LICENSE").is_file()
        assert (RAIZ / "static" / "vendor" / paquete / "VERSION").is_file()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cliente",
    ["client", "cliente_gestor_galapa", "cliente_coordinador_malambo", "cliente_amb"],
)
def test_las_paginas_servidas_no_enlazan_recursos_externos(cliente, request, galapa):
    cliente = request.getfixturevalue(cliente)
    urls = ["/cuenta/login/", reverse("inicio"), reverse("municipios:lista")]
    urls.append(reverse("municipios:directorio", args=[galapa.codigo_dane]))
    for url in urls:
        respuesta = cliente.get(url)
        if respuesta.status_code == 200:
            assert not EXTERNO.search(respuesta.content.decode()), url
