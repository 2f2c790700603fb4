"""Lo que pesa el registro de un caso en un teléfono: ≤ 150 KB la primera vez (todo lo que baja
mientras la página se instala: HTML, estilos, scripts, la fuente de íconos, el service worker y lo
que guarda para usarse sin señal) y ≤ 10 KB las siguientes, comprimido.

Cada recurso cuenta una vez, con sus cabeceras y su cuerpo comprimido con gzip (en producción
WhiteNoise sirve los estáticos en gzip o brotli, que pesa menos, y GZipMiddleware comprime el
HTML); lo que responde el service worker desde su caché no baja por la red y no cuenta. Las
cifras van al README («Rendimiento»): `pytest -s` las imprime.
"""

import gzip
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PRIMERA_VEZ = 150 * 1024
OTRA_VEZ = 10 * 1024
YA_COMPRIMIDOS = ("image/png", "font/woff2", "application/font-woff2")


class Balanza:
    def __init__(self, contexto):
        self.respuestas = []
        contexto.on("requestfinished", self._anotar)

    def _anotar(self, solicitud):
        respuesta = solicitud.response()
        if respuesta is None or respuesta.from_service_worker:
            return
        cabeceras = sum(len(c["name"]) + len(c["value"]) + 4 for c in respuesta.headers_array())
        self.respuestas.append((solicitud.url, cabeceras + self._cuerpo(solicitud, respuesta)))

    @staticmethod
    def _cuerpo(solicitud, respuesta) -> int:
        """El cuerpo como viaja en producción. Los estáticos se leen del disco (el servidor de
        pruebas no los comprime; las solicitudes del service worker no dejan leer su cuerpo) y
        se comprimen; lo demás ya llega comprimido por GZipMiddleware: su Content-Length."""
        ruta = urlsplit(solicitud.url).path
        estaticos = "/" + settings.STATIC_URL.lstrip("/")
        if ruta.startswith(estaticos):
            with open(finders.find(ruta.removeprefix(estaticos)), "rb") as archivo:
                datos = archivo.read()
            tipo = respuesta.headers.get("content-type", "")
            return len(datos if tipo.startswith(YA_COMPRIMIDOS) else gzip.compress(datos))
        return int(respuesta.headers.get("content-length") or len(respuesta.body()))

    def total(self) -> int:
        """Cada recurso una vez. En producción cada estático tiene nombre con resumen y
        `Cache-Control: max-age` de un año, `immutable` (WhiteNoise): lo que el service worker
        guarda después de que la página lo bajó sale de la caché HTTP del navegador, no de la
        red. El servidor de pruebas no manda esas cabeceras y el navegador lo vuelve a pedir."""
        vistos = {}
        for url, peso in self.respuestas:
            vistos.setdefault(urlsplit(url).path, peso)
        return sum(vistos.values())

    def vaciar(self):
        self.respuestas = []


def _sesion(contexto, base, usuario):
    """La cookie de sesión puesta a mano: la pantalla de ingreso no entra en la cuenta."""
    cliente = Client()
    cliente.force_login(get_user_model().objects.get(username=usuario))
    cookie = cliente.cookies[settings.SESSION_COOKIE_NAME]
    contexto.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])


def test_el_registro_pesa_poco_la_primera_vez_y_casi_nada_despues(demo, live_server, navegador):
    contexto = navegador.new_context(viewport={"width": 360, "height": 780}, locale="es-CO")
    pagina = contexto.new_page()
    base = live_server.url
    _sesion(contexto, base, "gestor.galapa")
    balanza = Balanza(contexto)

    pagina.goto(base + "/casos/nuevo/")
    pagina.evaluate("() => ConvivenciaPagina.listo")
    pagina.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    # Hasta que el teléfono guardó todo lo de la captura sin señal (parte de la primera vez).
    for _ in range(75):
        listo = pagina.evaluate(
            """() => Promise.all([
                 caches.open('convivencia-paginas').then(c => c.keys()).then(k => k.length),
                 caches.keys().then(n => n.filter(x => x.startsWith('convivencia-est')).length),
               ])"""
        )
        if listo == [3, 1]:
            break
        pagina.wait_for_timeout(200)
    pagina.wait_for_timeout(500)
    primera = balanza.total()

    balanza.vaciar()
    pagina.goto(base + "/casos/nuevo/")
    pagina.evaluate("() => ConvivenciaPagina.listo")
    pagina.wait_for_timeout(500)
    otra = balanza.total()
    contexto.close()

    print(f"\nPeso del registro de un caso: primera vez {primera} B, otra vez {otra} B")
    assert primera <= PRIMERA_VEZ, sorted(balanza.respuestas, key=lambda r: -r[1])
    assert otra <= OTRA_VEZ, balanza.respuestas
