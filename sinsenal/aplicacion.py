"""La aplicación instalable: qué guarda el service worker al instalarse y su versión.

El service worker guarda solo archivos estáticos, por su nombre con resumen (el de
`ManifestStaticFilesStorage` en producción), y la página «sin conexión», que no tiene datos de
nadie. Las páginas de captura (sin datos personales) las guarda la página misma, por usuario, y
se borran al salir; ninguna otra página entra en ninguna caché.
"""

import hashlib
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

# Lo que dibuja una página de captura sin red: estilos, íconos, scripts y la fuente de íconos.
ESTATICOS = [
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "css/convivencia.css",
    "img/favicon.svg",
    "img/icono-192.png",
    "js/errores.js",
    "js/partes.js",
    "js/asistencia.js",
    "js/sinsenal/almacen.js",
    "js/sinsenal/cola.js",
    "js/sinsenal/pagina.js",
    "js/sinsenal/captura.js",
    "js/sinsenal/pendientes.js",
]

# Días sin hablar con el servidor tras los cuales el teléfono borra la cola, la llave y las
# páginas guardadas (README, «Seguridad»).
DIAS_SIN_SINCRONIZAR = settings.SIN_SENAL_DIAS


def urls_estaticas() -> list[str]:
    return [static(ruta) for ruta in ESTATICOS]


@cache
def version() -> str:
    """Cambia con cualquier archivo guardado (su nombre con resumen en producción, su contenido
    en desarrollo) o con el service worker: así el teléfono cambia de caché al actualizar."""
    resumen = hashlib.sha256()
    for ruta in ESTATICOS:
        resumen.update(static(ruta).encode())
        if settings.DEBUG and (archivo := finders.find(ruta)):
            with open(archivo, "rb") as f:
                resumen.update(f.read())
    with open(settings.BASE_DIR / "sinsenal" / "templates" / "sinsenal" / "sw.js", "rb") as f:
        resumen.update(f.read())
    return resumen.hexdigest()[:12]


def urls_de_la_cola() -> dict[str, str]:
    """Lo que la cola y el service worker necesitan saber del servidor: sus direcciones y el aviso
    de un envío que el servidor no pudo recibir (va también en `data-sin-senal` de cada página
    con sesión)."""
    return {
        "mensaje_fallo": _(
            "El servidor no pudo recibir este envío (error %(n)s) después de varios intentos. "
            "Revíselo; si vuelve a pasar, descártelo y regístrelo en línea, o avise al equipo AMB."
        ),
        "estado": reverse("sinsenal:estado"),
        "caso": reverse("sinsenal:enviar_caso"),
        "asistencia": reverse("sinsenal:enviar_asistencia"),
        "conteos": reverse("sinsenal:enviar_conteos"),
        "nuevo_caso": reverse("casos:nuevo"),
        "pagina_caso": reverse("sinsenal:caso"),
        "pagina_asistencia": reverse("sinsenal:asistencia"),
        "pendientes": reverse("sinsenal:pendientes"),
        "sw": reverse("service_worker"),
    }
