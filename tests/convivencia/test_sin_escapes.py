"""Sin salidas de emergencia (ASVS V5): nada marca datos como seguros y ningún formulario de
modelo acepta campos que no se nombraron. Estas pruebas leen el código: una línea nueva con
`|safe` o un ModelForm con `fields = "__all__"` las hace fallar."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django import forms

RAIZ = Path(__file__).resolve().parents[2]
APPS = [
    "convivencia",
    "municipios",
    "gestores",
    "casos",
    "capacitaciones",
    "tableros",
    "auditoria",
    "habeas",
]

# Plantillas de correo en texto plano: no son HTML, así que escapar las estropearía. Cada una
# solo lleva datos que no escribe el usuario que la recibe (dominio, enlace, nombre de usuario).
PERMITIDAS = {"templates/registration/password_reset_email.html": "correo de texto plano"}

# El dibujante ligero de campos arma el HTML de un control a mano (por velocidad) y escapa cada
# valor con conditional_escape; que dibuje lo mismo que Django, también con valores que escapar,
# lo prueba test_el_campo_ligero_dibuja_el_mismo_control_que_django (tests/casos/
# test_registro_rapido.py).
MODULOS_PERMITIDOS = {"convivencia/templatetags/formularios.py": "campos ligeros, ver arriba"}

EN_PLANTILLAS = re.compile(r"\|\s*safe(seq)?\b|{%\s*autoescape\s+off")
EN_PYTHON = re.compile(r"\bmark_safe\s*\(|\bSafeString\s*\(|\bmark_for_escaping\b|\|\s*safe\b")


def _plantillas():
    carpetas = [RAIZ / "templates", *(RAIZ / app / "templates" for app in APPS)]
    return [p for carpeta in carpetas if carpeta.exists() for p in carpeta.rglob("*.html")]


def _python():
    return [p for app in APPS for p in (RAIZ / app).rglob("*.py") if "migrations" not in p.parts]


def test_ninguna_plantilla_marca_datos_como_seguros():
    halladas = [
        f"{ruta.relative_to(RAIZ)}:{numero}: {linea.strip()}"
        for ruta in _plantillas()
        if str(ruta.relative_to(RAIZ)) not in PERMITIDAS
        for numero, linea in enumerate(ruta.read_text().splitlines(), start=1)
        if EN_PLANTILLAS.search(linea)
    ]
    assert halladas == []


def test_ningun_modulo_marca_datos_como_seguros():
    halladas = [
        f"{ruta.relative_to(RAIZ)}:{numero}: {linea.strip()}"
        for ruta in _python()
        if str(ruta.relative_to(RAIZ)) not in MODULOS_PERMITIDOS
        for numero, linea in enumerate(ruta.read_text().splitlines(), start=1)
        if EN_PYTHON.search(linea)
    ]
    assert halladas == []


def test_la_prueba_de_plantillas_si_detecta_un_safe(tmp_path):
    """La expresión no está rota: encuentra lo que debe encontrar."""
    for linea in ("{{ caso.relato|safe }}", "{{ x | safe }}", "{% autoescape off %}"):
        assert EN_PLANTILLAS.search(linea)
    assert not EN_PLANTILLAS.search("{{ caso.relato|safe_texto }}")
    assert EN_PYTHON.search("return mark_safe(html)")


def _modulos_de_formularios():
    for app in APPS:
        paquete = importlib.import_module(app)
        for modulo in pkgutil.walk_packages(paquete.__path__, prefix=f"{app}."):
            if "forms" in modulo.name.rsplit(".", 1)[-1]:
                importlib.import_module(modulo.name)


def _subclases(clase):
    for hija in clase.__subclasses__():
        yield hija
        yield from _subclases(hija)


def test_ningun_modelform_usa_all_ni_exclude():
    _modulos_de_formularios()
    propios = [
        clase
        for clase in _subclases(forms.ModelForm)
        if clase.__module__.split(".")[0] in APPS and clase._meta.model is not None
    ]
    assert propios, "no se encontró ningún ModelForm: la prueba no está mirando nada"
    malos = [f"{clase.__module__}.{clase.__name__}" for clase in propios if _abierto(clase)]
    assert malos == []


def _abierto(clase) -> bool:
    # Django cambia «__all__» por None en `_meta`: se mira la Meta tal como se escribió.
    meta = getattr(clase, "Meta", None)
    return getattr(meta, "fields", None) == forms.ALL_FIELDS or bool(getattr(meta, "exclude", None))


@pytest.mark.parametrize("campos", [{"fields": "__all__"}, {"exclude": ["relato"]}])
def test_la_prueba_de_modelforms_si_detecta_all_y_exclude(campos):
    from casos.models import Caso

    meta = type("Meta", (), {"model": Caso, **campos})
    clase = type("Malo", (forms.ModelForm,), {"Meta": meta, "__module__": "casos.forms_malos"})

    assert _abierto(clase)
