"""Nombres que se encuentran con grep (ARCHITECTURE.md): cada servicio público dice qué hace y
qué regla cuida, ninguna vista se llama como un servicio y no hay alias de una letra."""

import ast
from pathlib import Path

from django.conf import settings

from tests.convivencia.test_capas import NIVELES

RAIZ = Path(settings.BASE_DIR)
# Los módulos de escrituras: services.py de cada app y los de casos que lo son por subdominio.
SERVICIOS = [RAIZ / app / "services.py" for app in NIVELES] + [
    RAIZ / "casos" / "personas.py",
    RAIZ / "casos" / "adjuntos.py",
]


def _funciones(archivo: Path):
    arbol = ast.parse(archivo.read_text(encoding="utf-8"))
    return [n for n in arbol.body if isinstance(n, ast.FunctionDef)]


def _modulos():
    for app in NIVELES:
        for archivo in sorted((RAIZ / app).rglob("*.py")):
            if "migrations" not in archivo.parts:
                yield archivo


def test_cada_servicio_publico_tiene_su_docstring():
    sin_docstring = [
        f"{archivo.relative_to(RAIZ)}::{funcion.name}"
        for archivo in SERVICIOS
        if archivo.exists()
        for funcion in _funciones(archivo)
        if not funcion.name.startswith("_") and not ast.get_docstring(funcion)
    ]
    assert sin_docstring == []


def test_ninguna_vista_se_llama_como_un_servicio():
    servicios = {
        funcion.name for archivo in SERVICIOS if archivo.exists() for funcion in _funciones(archivo)
    }
    choques = [
        f"{archivo.relative_to(RAIZ)}::{funcion.name}"
        for archivo in _modulos()
        if archivo.name.startswith("views")
        for funcion in _funciones(archivo)
        if funcion.name in servicios
    ]
    assert choques == []


def test_sin_alias_de_una_letra():
    alias = []
    for archivo in _modulos():
        for nodo in ast.parse(archivo.read_text(encoding="utf-8")).body:
            if isinstance(nodo, ast.Assign):
                alias += [
                    f"{archivo.relative_to(RAIZ)}:{nodo.lineno} {destino.id}"
                    for destino in nodo.targets
                    if isinstance(destino, ast.Name) and len(destino.id) == 1
                ]
            elif isinstance(nodo, ast.ImportFrom | ast.Import):
                alias += [
                    f"{archivo.relative_to(RAIZ)}:{nodo.lineno} {nombre.asname}"
                    for nombre in nodo.names
                    if nombre.asname and len(nombre.asname) == 1 and nombre.asname != "_"
                ]
    assert alias == []


def test_cada_modelo_se_importa_por_su_modulo():
    """`manage.py shell` importa cada modelo por `__module__`; también las historias de los
    modelos partidos en paquetes (`casos/models/`)."""
    import importlib

    from django.apps import apps

    perdidos = [
        f"{modelo.__module__}.{modelo.__name__}"
        for modelo in apps.get_models()
        if getattr(importlib.import_module(modelo.__module__), modelo.__name__, None) is not modelo
    ]
    assert perdidos == []
