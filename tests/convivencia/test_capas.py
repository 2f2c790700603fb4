"""Las dependencias entre apps van en un solo sentido (README, «Arquitectura»): una app importa
solo de las de abajo. Se leen los `import` de cada módulo (sin migraciones) con `ast`."""

import ast
from pathlib import Path

from django.conf import settings

RAIZ = Path(settings.BASE_DIR)

# De abajo hacia arriba; las del mismo nivel no se importan entre sí.
NIVELES = {
    "comun": 0,
    "auditoria": 1,
    "municipios": 2,
    "gestores": 3,
    "casos": 4,
    "capacitaciones": 5,
    "remisiones": 5,
    "mediacion": 5,
    "habeas": 6,
    "tableros": 6,
    "agenda": 6,
    "sinsenal": 6,
    "convivencia": 7,
    "demo": 8,
}


def _importados(archivo: Path):
    for nodo in ast.walk(ast.parse(archivo.read_text(encoding="utf-8"))):
        if isinstance(nodo, ast.Import):
            yield from (alias.name for alias in nodo.names)
        elif isinstance(nodo, ast.ImportFrom) and nodo.module and nodo.level == 0:
            yield nodo.module


def test_ninguna_app_importa_de_una_de_arriba_ni_de_su_par():
    hacia_arriba = []
    for app, nivel in NIVELES.items():
        for archivo in sorted((RAIZ / app).rglob("*.py")):
            if "migrations" in archivo.parts:
                continue
            for modulo in _importados(archivo):
                destino = modulo.split(".")[0]
                if destino == app or destino not in NIVELES:
                    continue
                if NIVELES[destino] >= nivel:
                    hacia_arriba.append(f"{archivo.relative_to(RAIZ)} importa {modulo}")
    assert hacia_arriba == []


def test_cada_app_del_proyecto_tiene_su_nivel():
    propias = {
        app.split(".")[0] for app in settings.INSTALLED_APPS if (RAIZ / app.split(".")[0]).is_dir()
    }
    assert propias == set(NIVELES)
