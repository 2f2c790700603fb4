"""Ningún recurso sale de fuera: ni las plantillas ni las páginas servidas enlazan otro sitio."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.urls import reverse
from fontTools.ttLib import TTFont

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


# Bootstrap Icons va recortado a los íconos que usa el código (scripts/iconos.py, `make vendor`);
# la prueba busca las clases con la misma función que el script.
_spec = importlib.util.spec_from_file_location("iconos", RAIZ / "scripts" / "iconos.py")
iconos = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(iconos)
ICONOS = RAIZ / "static" / "vendor" / "bootstrap-icons"


def test_cada_icono_que_usa_el_codigo_esta_en_el_css_vendido():
    usados, al_vuelo = iconos.iconos_usados()
    assert "bi-people-fill" in usados  # la marca de la barra de navegación: la búsqueda funciona
    assert not al_vuelo, (
        f'Escriba la clase entera del ícono (icono="bi-inbox"), no la arme al vuelo: {al_vuelo}'
    )
    vendidos = iconos.codigos_del_css((ICONOS / iconos.CSS).read_text(encoding="utf-8"))
    faltan = {clase: usados[clase] for clase in usados if clase not in vendidos}
    assert not faltan, (
        f"Corra `make vendor`: static/vendor/bootstrap-icons no trae estos íconos que usa el "
        f"código (o el nombre está mal escrito): {faltan}"
    )


def test_la_woff2_vendida_tiene_un_glifo_por_cada_icono_del_css():
    vendidos = iconos.codigos_del_css((ICONOS / iconos.CSS).read_text(encoding="utf-8"))
    assert vendidos
    glifos = TTFont(ICONOS / iconos.WOFF2).getBestCmap()
    sin_glifo = [
        f"{clase} (U+{codigo:04X})" for clase, codigo in vendidos.items() if codigo not in glifos
    ]
    assert not sin_glifo, (
        f"Corra `make vendor`: la fuente {iconos.WOFF2} no tiene el glifo de {sin_glifo}"
    )


def test_el_css_de_iconos_pide_solo_la_woff2_vendida():
    css = (ICONOS / iconos.CSS).read_text(encoding="utf-8")
    urls = re.findall(r"url\(\"?([^\")]+)", css)
    assert len(urls) == 1, urls
    assert urls[0].startswith(f"{iconos.WOFF2}?"), urls
    assert not (ICONOS / "fonts" / "bootstrap-icons.woff").exists()
