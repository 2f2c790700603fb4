"""La aplicación instalable (sinsenal/views.py): el service worker guarda solo estáticos y la
página «sin conexión»; el manifiesto y sus íconos; las páginas que el teléfono guarda no llevan
datos de nadie; `estado` dice quién es sin su nombre y su versión cambia con el catálogo; salir
borra lo guardado; las consultas no crecen con los datos; la política de contenido sigue
estricta."""

import datetime
import json
import re
import struct
from html import unescape as html_unescape

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP

from capacitaciones.models import EstadoActividad
from capacitaciones.services import actividad_cancelar, conteos_guardar
from casos.models import TipoConflicto
from gestores.models import Rol
from sinsenal import aplicacion
from sinsenal.identidad import resumen_de_usuario
from tests.conftest import ingresar
from tests.factories import (
    ActividadFactory,
    AsistenciaFactory,
    OrganizacionComunitariaFactory,
    ParteFactory,
    PersonaFactory,
    SectorFactory,
    TipoConflictoFactory,
    usuario_con_rol,
)
from tests.sinsenal.conftest import URL_CASO, caso_anterior, cliente_de, datos_caso

pytestmark = pytest.mark.django_db

SW = "/sw.js"
MANIFIESTO = "/manifest.webmanifest"
SIN_CONEXION = reverse("sinsenal:sin_conexion")
ESTADO = reverse("sinsenal:estado")
CAPTURA = ["sinsenal:caso", "sinsenal:asistencia", "sinsenal:pendientes"]


def _variable(js: str, nombre: str):
    """El valor (JSON) de `var NOMBRE = …;` en el service worker."""
    return json.loads(re.search(rf"^var {nombre} = (.*);$", js, re.M).group(1))


def _archivo_estatico(url: str) -> str | None:
    assert url.startswith(settings.STATIC_URL), url
    return finders.find(url.removeprefix(settings.STATIC_URL))


# --- el service worker ----------------------------------------------------------------------------


def test_el_service_worker_se_sirve_sin_sesion_y_sin_cache(client):
    respuesta = client.get(SW)

    assert respuesta.status_code == 200
    assert respuesta["Content-Type"].split(";")[0] == "text/javascript"
    assert respuesta["Cache-Control"] == "no-cache"
    assert "Set-Cookie" not in respuesta
    assert f"versión {aplicacion.version()}" in respuesta.content.decode()


def test_el_service_worker_guarda_solo_estaticos_y_la_pagina_sin_conexion(client):
    js = client.get(SW).content.decode()
    estaticos = _variable(js, "ESTATICOS")

    assert estaticos
    assert all(url.startswith(settings.STATIC_URL) for url in estaticos)
    assert _variable(js, "SIN_CONEXION") == SIN_CONEXION
    # Al instalarse guarda eso y nada más; `cache.addAll` falla entero si falta un archivo.
    assert re.findall(r"cache\.addAll\(([^;]*)\)", js) == ["ESTATICOS.concat([SIN_CONEXION])"]
    for url in estaticos:
        assert _archivo_estatico(url), f"{url} no existe: el service worker no se instalaría"
    # Ninguna página de la aplicación entre lo guardado al instalarse.
    paginas = set(aplicacion.urls_de_la_cola().values()) | {reverse("inicio")}
    assert not paginas & set(estaticos)
    # Lo que la red trae solo se guarda en estatico(), para las rutas de ESTATICOS.
    puts = [m.start() for m in re.finditer(r"\.put\(", js)]
    assert len(puts) == 1
    assert js.index("function estatico(") < puts[0] < js.index("function paginaSinRed(")
    # Las páginas de captura las guarda la página, por usuario: el service worker solo las lee.
    assert re.findall(
        r"caches\.open\(CACHE_PAGINAS\)\.then\(function \(cache\) \{ return cache\.(\w+)", js
    ) == ["match"]
    # Los scripts de la cola que importa: estáticos que existen.
    importados = json.loads(re.search(r"importScripts\.apply\(self, (\[.*?\])\)", js).group(1))
    assert importados
    assert all(_archivo_estatico(url) for url in importados)


def test_la_pagina_guarda_solo_las_paginas_de_captura():
    """Fuera del service worker, solo `pagina.js` escribe en una caché: las tres páginas de
    captura, las mismas que estas pruebas revisan sin datos de nadie."""
    with open(finders.find("js/sinsenal/pagina.js"), encoding="utf-8") as archivo:
        js = archivo.read()
    urls = aplicacion.urls_de_la_cola()

    guardadas = {urls[clave] for clave in re.findall(r"paginas\.push\(urls\.(\w+)\)", js)}

    assert guardadas == {reverse(nombre) for nombre in CAPTURA}
    assert len(re.findall(r"\.put\(", js)) == 1


# --- el manifiesto --------------------------------------------------------------------------------


def test_el_manifiesto_es_json_valido_con_sus_iconos_png(client):
    respuesta = client.get(MANIFIESTO)

    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/manifest+json"
    manifiesto = json.loads(respuesta.content.decode("utf-8"))
    assert manifiesto["name"] == "Convivencia AMB"
    assert manifiesto["short_name"]
    assert manifiesto["start_url"] == reverse("inicio")
    assert manifiesto["display"] == "standalone"
    tamanos = set()
    for icono in manifiesto["icons"]:
        assert icono["type"] == "image/png"
        ruta = _archivo_estatico(icono["src"])
        assert ruta, f"{icono['src']} no existe"
        with open(ruta, "rb") as archivo:
            contenido = archivo.read(24)
        assert contenido[:8] == b"\x89PNG\r\n\x1a\n"
        # El tamaño que declara es el de la imagen (cabecera IHDR).
        ancho, alto = struct.unpack(">II", contenido[16:24])
        assert f"{ancho}x{alto}" == icono["sizes"]
        if icono.get("purpose", "any") == "any":
            tamanos.add(icono["sizes"])
    assert {"192x192", "512x512"} <= tamanos
    for atajo in manifiesto["shortcuts"]:
        assert atajo["url"].startswith("/")


# --- la página sin conexión ----------------------------------------------------------------------


def _sin_lo_que_cambia(html: str) -> str:
    """Sin el nonce de la política de contenido ni una ficha CSRF."""
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_la_pagina_sin_conexion_es_la_misma_con_y_sin_sesion(
    client, cliente_gestor_galapa, gestor_galapa
):
    anonima = client.get(SIN_CONEXION)
    con_sesion = cliente_gestor_galapa.get(SIN_CONEXION)

    assert anonima.status_code == con_sesion.status_code == 200
    html = con_sesion.content.decode()
    assert _sin_lo_que_cambia(html) == _sin_lo_que_cambia(anonima.content.decode())
    for dato in (
        "data-usuario",
        "data-sin-senal",
        "csrfmiddlewaretoken",
        gestor_galapa.username,
        gestor_galapa.get_full_name(),
        gestor_galapa.last_name,
        gestor_galapa.email,
        resumen_de_usuario(gestor_galapa),
    ):
        assert dato not in html
    # Lleva a las páginas de captura, que sirven sin red.
    for nombre in CAPTURA:
        assert f'href="{reverse(nombre)}"' in html


# --- las páginas de captura ----------------------------------------------------------------------


@pytest.fixture
def con_datos(galapa, gestor_galapa):
    """El gestor tiene casos con partes y una actividad de esta semana con asistentes: nada de
    eso sale en las páginas de captura. Devuelve lo que no debe aparecer."""
    parte = PersonaFactory(
        municipio=galapa, nombres="Rosalba", apellidos="Charris Mendoza", numero_documento="3311"
    )
    ParteFactory(caso=caso_anterior(galapa, gestor_galapa), persona=parte)
    actividad = ActividadFactory(
        municipio=galapa,
        inicio=timezone.now(),
        tema="Taller de convivencia en el parque",
        registrada_por=gestor_galapa,
    )
    asistente = PersonaFactory(
        municipio=galapa, nombres="Eufemia", apellidos="Polo Ariza", numero_documento="4422"
    )
    AsistenciaFactory(actividad=actividad, persona=asistente)
    return [
        "Rosalba",
        "Charris",
        "Eufemia",
        "Polo Ariza",
        "3311",
        "4422",
        parte.telefono,
        asistente.telefono,
    ]


@pytest.mark.parametrize("nombre", CAPTURA)
def test_las_paginas_de_captura_no_llevan_datos_de_nadie(
    cliente_gestor_galapa, gestor_galapa, con_datos, nombre
):
    respuesta = cliente_gestor_galapa.get(reverse(nombre))

    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    for dato in (
        gestor_galapa.username,
        gestor_galapa.get_full_name(),
        gestor_galapa.first_name,
        gestor_galapa.last_name,
        gestor_galapa.email,
        "csrfmiddlewaretoken",
        *con_datos,
    ):
        assert dato not in html, dato
    # La versión del catálogo con que se dibujó: la misma que `estado` le dice al teléfono.
    version = re.search(r'data-version="([0-9a-f]+)"', html).group(1)
    assert version == cliente_gestor_galapa.get(ESTADO).json()["version"]


def test_la_pagina_de_asistencia_ofrece_las_actividades_de_la_semana(
    cliente_gestor_galapa, galapa, con_datos
):
    ActividadFactory(
        municipio=galapa,
        inicio=timezone.now() + datetime.timedelta(days=1),
        tema="Actividad cancelada por lluvia",
        estado=EstadoActividad.CANCELADA,
        motivo_cancelacion="Lluvia",
    )
    ActividadFactory(
        municipio=galapa,
        inicio=timezone.now() - datetime.timedelta(days=30),
        tema="Actividad del mes pasado",
    )

    html = cliente_gestor_galapa.get(reverse("sinsenal:asistencia")).content.decode()

    assert "Taller de convivencia en el parque" in html
    assert "Actividad cancelada por lluvia" not in html
    assert "Actividad del mes pasado" not in html


@pytest.mark.parametrize("rol", [Rol.SECRETARIA, Rol.ENLACE, Rol.AMB])
@pytest.mark.parametrize("nombre", CAPTURA)
def test_quien_no_captura_no_recibe_las_paginas_de_captura(galapa, rol, nombre):
    cliente = cliente_de(rol, None if rol == Rol.AMB else galapa)

    assert cliente.get(reverse(nombre)).status_code == 403


@pytest.mark.parametrize(
    ("rol", "captura"),
    [
        (Rol.GESTOR, True),
        (Rol.COORDINADOR, True),
        (Rol.SECRETARIA, False),
        (Rol.ENLACE, False),
        (Rol.AMB, False),
    ],
)
def test_la_barra_ofrece_pendientes_solo_a_quien_captura(galapa, rol, captura):
    """A los demás, «pendientes por enviar» respondería 403."""
    cliente = cliente_de(rol, None if rol == Rol.AMB else galapa)

    html = cliente.get(reverse("inicio")).content.decode()

    assert (f'href="{reverse("sinsenal:pendientes")}"' in html) is captura


@pytest.mark.parametrize("nombre", CAPTURA)
def test_sin_sesion_las_paginas_de_captura_piden_ingresar(client, nombre):
    respuesta = client.get(reverse(nombre))

    assert respuesta.status_code == 302
    assert respuesta.url.startswith(reverse("login"))


# --- estado y la versión del catálogo -----------------------------------------------------------


def test_estado_dice_quien_es_sin_su_nombre(cliente_gestor_galapa, gestor_galapa, galapa):
    otro = cliente_de(Rol.GESTOR, galapa)

    respuesta = cliente_gestor_galapa.get(ESTADO)

    assert respuesta.status_code == 200
    estado = respuesta.json()
    assert estado["usuario"] == resumen_de_usuario(gestor_galapa)
    assert estado["usuario"] != otro.get(ESTADO).json()["usuario"]
    texto = respuesta.content.decode()
    for dato in (gestor_galapa.username, gestor_galapa.last_name, gestor_galapa.email):
        assert dato not in texto
    assert re.fullmatch(r"[0-9a-f]{16}", estado["version"])
    assert len(estado["csrf"]) >= 32
    assert estado["captura"] == {"casos": True, "asistencia": True}
    assert estado["dias"] == aplicacion.DIAS_SIN_SINCRONIZAR


def test_estado_sin_sesion_pide_ingresar(client):
    assert client.get(ESTADO).status_code == 302


def test_la_ficha_csrf_de_estado_sirve_para_enviar(gestor_galapa, galapa):
    """El teléfono envía con la ficha que le dio `estado` (con la revisión CSRF de verdad)."""
    cliente = ingresar(Client(enforce_csrf_checks=True), gestor_galapa)
    ficha = cliente.get(ESTADO).json()["csrf"]

    sin_ficha = cliente.post(URL_CASO, datos_caso(gestor_galapa))
    con_ficha = cliente.post(URL_CASO, datos_caso(gestor_galapa), headers={"X-CSRFToken": ficha})

    assert sin_ficha.status_code == 403
    assert con_ficha.status_code == 201, con_ficha.content


def _version(cliente) -> str:
    return cliente.get(ESTADO).json()["version"]


def test_la_version_no_cambia_si_nada_cambia(cliente_gestor_galapa, con_datos):
    assert _version(cliente_gestor_galapa) == _version(cliente_gestor_galapa)


def _tipo_nuevo(**_):
    TipoConflictoFactory(nombre="Conflicto por parqueo de motos", categoria="ambiente")


def _tipo_desactivado(**_):
    tipo = TipoConflicto.objects.get(nombre__startswith="Ruido")
    tipo.activo = False
    tipo.save()


def _actividad_cancelada(actividad, **_):
    actividad_cancelar(actividad=actividad, autor=actividad.registrada_por, motivo="Lluvia")


def _actividad_nueva(galapa, **_):
    ActividadFactory(municipio=galapa, inicio=timezone.now() + datetime.timedelta(days=2))


def _conteos_guardados(actividad, **_):
    conteos_guardar(
        actividad=actividad,
        autor=actividad.registrada_por,
        por_sexo_y_edad={("mujer", "29_59"): 4},
        por_enfoque={},
    )


def _organizacion_nueva(galapa, **_):
    OrganizacionComunitariaFactory(sector=SectorFactory(municipio=galapa))


@pytest.mark.parametrize(
    "cambio",
    [
        _tipo_nuevo,
        _tipo_desactivado,
        _actividad_cancelada,
        _actividad_nueva,
        _conteos_guardados,
        _organizacion_nueva,
    ],
)
def test_la_version_cambia_con_el_catalogo(cliente_gestor_galapa, galapa, actividad, cambio):
    antes = _version(cliente_gestor_galapa)

    cambio(galapa=galapa, actividad=actividad)

    assert _version(cliente_gestor_galapa) != antes


def test_la_version_de_un_municipio_no_cambia_con_otro(cliente_gestor_galapa, malambo):
    antes = _version(cliente_gestor_galapa)

    ActividadFactory(municipio=malambo, inicio=timezone.now())
    SectorFactory(municipio=malambo)

    assert _version(cliente_gestor_galapa) == antes


# --- salir --------------------------------------------------------------------------------------


def test_salir_borra_lo_guardado_y_cierra_la_sesion(cliente_gestor_galapa):
    respuesta = cliente_gestor_galapa.post(reverse("logout"))

    assert respuesta["Clear-Site-Data"] == '"cache", "storage"'
    assert respuesta.status_code == 302
    assert respuesta.url == reverse("login")
    assert "_auth_user_id" not in cliente_gestor_galapa.session
    assert cliente_gestor_galapa.get(ESTADO).status_code == 302


def test_salir_es_solo_por_post(cliente_gestor_galapa):
    assert cliente_gestor_galapa.get(reverse("logout")).status_code == 405
    assert cliente_gestor_galapa.get(ESTADO).status_code == 200


# --- consultas --------------------------------------------------------------------------------


def _mas_datos(galapa, gestor, n):
    """De todo lo que las páginas de captura y `estado` recorren, `n` más."""
    for i in range(n):
        actividad = ActividadFactory(
            municipio=galapa,
            inicio=timezone.now() + datetime.timedelta(hours=i + 1),
            registrada_por=gestor,
        )
        AsistenciaFactory.create_batch(2, actividad=actividad)
        conteos_guardar(
            actividad=actividad,
            autor=gestor,
            por_sexo_y_edad={("hombre", "18_28"): 3},
            por_enfoque={"migrante": 1},
        )
        OrganizacionComunitariaFactory(sector=SectorFactory(municipio=galapa))
        ParteFactory(caso=caso_anterior(galapa, gestor))
        TipoConflictoFactory(nombre=f"Tipo de prueba {i}", categoria="seguridad")
    usuario_con_rol(Rol.GESTOR, galapa)


def _consultas(cliente, url) -> int:
    with CaptureQueriesContext(connection) as consultas:
        assert cliente.get(url).status_code == 200
    return len(consultas)


@pytest.mark.parametrize("url", [ESTADO, *(reverse(nombre) for nombre in CAPTURA)])
def test_las_consultas_no_crecen_con_los_datos(
    cliente_gestor_galapa, gestor_galapa, galapa, url, django_assert_max_num_queries
):
    _mas_datos(galapa, gestor_galapa, 1)
    cliente_gestor_galapa.get(url)  # lo que se carga una sola vez por proceso
    pocas = _consultas(cliente_gestor_galapa, url)

    _mas_datos(galapa, gestor_galapa, 8)

    with django_assert_max_num_queries(pocas):
        assert cliente_gestor_galapa.get(url).status_code == 200


# --- la política de contenido ------------------------------------------------------------------


def test_la_politica_de_contenido_sigue_estricta():
    for directiva, valores in settings.SECURE_CSP.items():
        for valor in valores:
            assert "unsafe" not in str(valor).lower(), directiva
            assert str(valor) not in ("*", "http:", "https:", "blob:"), directiva
    # El service worker y los scripts que importa: del sitio mismo.
    trabajador = settings.SECURE_CSP.get(
        "worker-src", settings.SECURE_CSP.get("script-src", settings.SECURE_CSP["default-src"])
    )
    assert CSP.SELF in trabajador


@pytest.mark.parametrize("nombre", CAPTURA)
def test_las_paginas_de_captura_registran_el_service_worker_del_sitio_con_scripts_con_nonce(
    cliente_gestor_galapa, nombre
):
    respuesta = cliente_gestor_galapa.get(reverse(nombre))
    politica = respuesta["Content-Security-Policy"]
    html = respuesta.content.decode()

    assert "unsafe-inline" not in politica
    assert "unsafe-eval" not in politica
    nonce = re.search(r"'nonce-([^']+)'", politica).group(1)
    for script in re.findall(r"<script[^>]*>", html):
        assert f'nonce="{nonce}"' in script, script
        assert 'src="/' in script, script
    assert not re.search(r"<script[^>]*>\s*[^<\s]", html), "un script en línea"
    urls = json.loads(html_unescape(re.search(r'data-sin-senal="([^"]*)"', html).group(1)))
    assert urls["sw"] == reverse("service_worker") == SW
    assert urls["sw"].startswith("/")
    assert not urls["sw"].startswith("//")


@pytest.mark.parametrize("url", [SW, MANIFIESTO, SIN_CONEXION])
def test_lo_publico_de_la_aplicacion_lleva_la_politica(client, url):
    politica = client.get(url)["Content-Security-Policy"]

    assert "default-src 'self'" in politica
    assert "unsafe-inline" not in politica
    assert "unsafe-eval" not in politica
