"""Toda URL del sitio exige sesión, salvo las públicas de esta lista.

Se recorre el resolvedor de URLs entero: una vista nueva no puede escaparse del control.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

pytestmark = pytest.mark.django_db

PUBLICAS = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "salud",
    "verificar",
    # El feed ICS de la agenda: lo piden Google Calendar u Outlook, sin sesión; lo protege su
    # URL secreta (256 bits) y revocable. Sus pruebas: tests/agenda/test_calendario.py.
    "agenda:feed",
    # La aplicación instalable: el navegador pide el service worker y el manifiesto sin mirar la
    # sesión, y la página «sin conexión» se guarda igual para todos. Ninguna tiene datos de nadie
    # (tests/sinsenal/test_aplicacion.py).
    "service_worker",
    "manifiesto",
    "sinsenal:sin_conexion",
}
# El admin protege sus vistas con su propio login (admin:login), que es público.
PUBLICAS_ADMIN = {"admin:login"}


def _patrones(resolver=None, prefijo="", espacio=""):
    resolver = resolver or get_resolver()
    for patron in resolver.url_patterns:
        if isinstance(patron, URLResolver):
            nuevo = f"{espacio}{patron.namespace}:" if patron.namespace else espacio
            yield from _patrones(patron, prefijo + str(patron.pattern), nuevo)
        elif isinstance(patron, URLPattern):
            nombre = f"{espacio}{patron.name}" if patron.name else None
            yield prefijo + str(patron.pattern), nombre, patron


CANDIDATOS = ["1", "x", str(uuid.uuid4()), "08296", "auth", "user", "municipios"]


def _ruta_de_ejemplo(ruta: str, patron: URLPattern) -> str | None:
    """Una ruta concreta que el resolvedor lleve a la misma vista, o None si no se halla."""
    ruta = ruta.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    # Variables: <conversor:nombre>, grupos con nombre (?P<n>…) y grupos sin nombre (…).
    partes = re.split(r"(<[^>]+>|\(\?P<[^>]+>[^)]*\)|\([^)]*\))", ruta)
    variables = [i for i, parte in enumerate(partes) if parte.startswith(("<", "("))]
    for candidato in CANDIDATOS:
        for i in variables:
            alternativas = re.match(r"\(\?P<[^>]+>([a-z_|]+)\)$", partes[i])
            partes[i] = alternativas.group(1).split("|")[0] if alternativas else candidato
        concreta = "/" + "".join(partes)
        try:
            if resolve(concreta).func == patron.callback:
                return concreta
        except Resolver404:
            continue
    return None


TODAS = list(_patrones())
PRIVADAS = [p for p in TODAS if p[1] not in PUBLICAS | PUBLICAS_ADMIN]


def test_el_recorrido_encuentra_las_urls_del_sitio():
    nombres = {nombre for _, nombre, _ in TODAS}
    assert {"inicio", "municipios:directorio", "municipios:lista", "admin:index"} <= nombres
    assert nombres >= PUBLICAS | PUBLICAS_ADMIN


@pytest.mark.parametrize(("ruta", "nombre", "patron"), PRIVADAS, ids=[r for r, _, _ in PRIVADAS])
def test_cada_url_exige_sesion(client, ruta, nombre, patron):
    concreta = _ruta_de_ejemplo(ruta, patron)
    assert concreta, f"no se pudo construir una URL de ejemplo para {ruta}"

    respuesta = client.get(concreta)

    assert respuesta.status_code == 302, f"{concreta} respondió {respuesta.status_code}"
    destino = respuesta["Location"]
    assert destino.startswith(("/cuenta/login/", "/admin/login/")), destino


@pytest.mark.parametrize(
    "url", ["/cuenta/login/", "/cuenta/password_reset/", "/cuenta/password_reset/done/", "/salud/"]
)
def test_las_paginas_publicas_abren_sin_sesion(client, url):
    assert client.get(url).status_code == 200


def test_las_publicas_son_exactamente_las_declaradas():
    """Solo las vistas de la lista llevan @login_not_required (fuera del admin, que se protege)."""
    publicas = {
        nombre
        for _, nombre, patron in TODAS
        if not getattr(patron.callback, "login_required", True)
        and not (nombre or "").startswith("admin:")
    }
    assert publicas == PUBLICAS


def test_la_pagina_de_ingreso_esta_en_espanol(client):
    respuesta = client.get("/cuenta/login/")

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert '<html lang="es-CO">' in html
    assert "Ingresar a Convivencia" in html
    assert "Nombre de usuario" in html
    assert "Contraseña" in html
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html


def test_el_restablecimiento_de_clave_envia_un_correo_en_espanol(client, gestor_galapa, mailoutbox):
    respuesta = client.post("/cuenta/password_reset/", {"email": gestor_galapa.email})

    assert respuesta.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Convivencia: restablecer su contraseña"
    assert gestor_galapa.username in mailoutbox[0].body


def test_el_ingreso_equivocado_responde_en_espanol_y_conserva_el_usuario(client, gestor_galapa):
    respuesta = client.post(
        "/cuenta/login/", {"username": gestor_galapa.username, "password": "no-es-la-clave"}
    )

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Por favor, introduzca un nombre de usuario y clave correctos" in html
    assert f'value="{gestor_galapa.username}"' in html
