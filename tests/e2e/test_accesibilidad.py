"""Accesibilidad en el teléfono (360 px): axe-core y los objetivos táctiles, por rol.

Cada rol de la demo entra y recorre las páginas a las que llega por sus propios enlaces (una
página por forma de URL: un caso, una remisión, una actividad, un municipio…), más, para el
equipo AMB, las del admin que usa. En cada página: axe-core (el de axe-playwright-python, sin
CDN) no debe encontrar nada grave ni crítico, y todo lo que se toca mide al menos 44 x 44 px.
"""

import re
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from capacitaciones.models import Actividad
from casos.models import (
    Actuacion,
    Acuerdo,
    Caso,
    MotivoDuplicado,
    Persona,
    PosibleDuplicado,
    es_menor_q,
)
from demo.datos import CLAVE_DEMO
from gestores.models import Perfil
from habeas.models import TipoSolicitud
from habeas.services import solicitud_registrar
from mediacion.models import SesionMediacion
from remisiones.models import Remision
from tests.gestores.test_segundo_factor import codigo_de

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Axe()
IMPACTOS_QUE_FALLAN = {"serious", "critical"}
MAXIMO_DE_PAGINAS = 45  # por rol: el recorrido cubre cada forma de URL una vez

# Lo que un enlace abre y no es una página: descargas, el QR, el admin (aparte, para el AMB).
NO_SON_PAGINAS = re.compile(
    r"\.(xlsx|csv|svg|pdf|png|jpe?g)$|/adjuntos/\d+/$|/archivo/$|/evidencias/\d+/$|^/admin/"
    r"|^/static/|^/media/|^/cuenta/(logout|password_reset)"
)

# Todo lo que se toca, visible, y su caja; casillas y radios cuentan con su etiqueta (tocar la
# etiqueta las marca). Se exceptúan, como WCAG 2.5.8, los enlaces dentro de un párrafo de texto
# corrido (partirlo en botones de 44 px rompe la lectura; la hoja de estilos igual los agranda
# dentro de <main>) y lo que está oculto hasta recibir el
# foco («Saltar al contenido», de 1 x 1 px hasta que se enfoca, y entonces mide más de 44).
OBJETIVOS_PEQUENOS = """
() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[role=button]';
  const malos = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.getClientRects().length) continue;
    const estilo = getComputedStyle(el);
    if (estilo.visibility === 'hidden') continue;
    let caja = el.getBoundingClientRect();
    if (caja.width <= 1 || caja.height <= 1) continue;
    // Un enlace estirado (Bootstrap .stretched-link) se toca en toda su tarjeta.
    if (el.classList.contains('stretched-link') && el.offsetParent) {
      caja = el.offsetParent.getBoundingClientRect();
    }
    if (el.tagName === 'A' && estilo.display === 'inline') {
      const parrafo = el.parentElement.closest('p');
      if (parrafo && parrafo.textContent.trim().length > el.textContent.trim().length) continue;
    }
    if (el.type === 'checkbox' || el.type === 'radio') {
      let [x1, y1, x2, y2] = [caja.left, caja.top, caja.right, caja.bottom];
      for (const etiqueta of el.labels || []) {
        const c = etiqueta.getBoundingClientRect();
        if (!c.width) continue;
        [x1, y1, x2, y2] = [Math.min(x1, c.left), Math.min(y1, c.top),
                            Math.max(x2, c.right), Math.max(y2, c.bottom)];
      }
      caja = {width: x2 - x1, height: y2 - y1};
    }
    if (caja.width < 43.5 || caja.height < 43.5) {
      const nombre = (el.getAttribute('aria-label') || el.textContent || el.name || el.type || '')
        .trim().replace(/\\s+/g, ' ').slice(0, 40);
      const id = el.id ? '#' + el.id : '';
      malos.push(`${el.tagName.toLowerCase()}${id} «${nombre}» `
        + `${Math.round(caja.width)}x${Math.round(caja.height)}`);
    }
  }
  return malos;
}
"""

LARGO = "ruidoalasdosdelamadrugada" * 400
PIXELES_DE_ANCHO = "document.documentElement.scrollWidth"


@pytest.fixture
def demo_completa(settings):
    # Pocos casos y actividades por municipio: basta con que haya uno de cada cosa.
    settings.DEBUG = True
    call_command("cargar_demo", "--casos", "8", "--actividades", "3", verbosity=0)
    settings.DEBUG = False
    # Textos libres de 10.000 caracteres sin un espacio (un relato pegado de un chat): cada página
    # que los muestre debe partirlos y no pasar de 360 px de ancho.
    Caso.objects.update(relato=LARGO, direccion=LARGO[:200])
    Actuacion.objects.update(descripcion=LARGO)
    Remision.objects.update(motivo=LARGO)
    Remision.objects.exclude(respuesta="").update(respuesta=LARGO, accion_tomada=LARGO)
    Acuerdo.objects.update(descripcion=LARGO)
    Actividad.objects.update(compromisos=LARGO)
    SesionMediacion.objects.update(lugar=LARGO[:200], resumen=LARGO, que_llevar=LARGO[:300])
    # Un posible duplicado y una solicitud de habeas data en Malambo: sus páginas también se ven.
    una, otra = Persona.objects.filter(municipio__codigo_dane="08433").exclude(es_menor_q())[:2]
    PosibleDuplicado.objects.create(
        municipio=una.municipio, persona=una, otra=otra, motivo=MotivoDuplicado.NOMBRE_Y_EDAD
    )
    solicitud_registrar(
        persona=una,
        tipo=TipoSolicitud.CONSULTA,
        recibida_el=timezone.localdate(),
        descripcion=LARGO,
        autor=get_user_model().objects.get(username="coord.malambo"),
    )


class Revision:
    """Lo que encontró el recorrido de un rol: violaciones de axe y objetivos pequeños."""

    def __init__(self, rol):
        self.rol = rol
        self.visitadas: list[str] = []
        self.graves: list[str] = []
        self.leves: list[str] = []  # moderadas y menores: se informan, no fallan
        self.pequenos: list[str] = []
        self.anchas: list[str] = []
        self.errores: list[str] = []
        self.por_impacto: Counter = Counter()

    def revisar(self, pagina, ruta):
        self.visitadas.append(ruta)
        resultado = AXE.run(pagina).response
        for violacion in resultado["violations"]:
            self.por_impacto[violacion["impact"]] += len(violacion["nodes"])
            objetivos = "; ".join(
                " ".join(map(str, nodo["target"])) for nodo in violacion["nodes"][:5]
            )
            lista = self.graves if violacion["impact"] in IMPACTOS_QUE_FALLAN else self.leves
            lista.append(
                f"{ruta}: {violacion['impact']} {violacion['id']} "
                f"({len(violacion['nodes'])}): {objetivos}"
            )
        pequenos = pagina.evaluate(OBJETIVOS_PEQUENOS)
        if pequenos:
            self.pequenos.append(f"{ruta}: " + " | ".join(pequenos[:12]) + f" [{len(pequenos)}]")
        if pagina.evaluate(PIXELES_DE_ANCHO) > 360:
            self.anchas.append(f"{ruta}: {pagina.evaluate(PIXELES_DE_ANCHO)} px")

    def informe(self) -> str:
        return (
            f"\n== {self.rol}: {len(self.visitadas)} páginas; axe por impacto "
            f"{dict(self.por_impacto)}\n"
            + "\n".join(self.visitadas)
            + "\n-- axe graves o críticas:\n"
            + "\n".join(self.graves)
            + "\n-- axe moderadas o menores (no fallan):\n"
            + "\n".join(self.leves)
            + "\n-- objetivos de menos de 44 x 44 px:\n"
            + "\n".join(self.pequenos)
            + "\n-- más anchas que la pantalla:\n"
            + "\n".join(self.anchas)
            + "\n-- errores:\n"
            + "\n".join(self.errores)
        )


def _patron(ruta: str) -> str:
    """La forma de una ruta: cada tramo con cifras (pk, radicado, código DANE) es uno solo."""
    return "/".join("*" if re.search(r"\d", tramo) else tramo for tramo in ruta.split("/"))


def ingresar(pagina, url, usuario):
    """Ingreso con la clave de la demo; si el rol lo exige, configura el segundo factor."""
    pagina.goto(url + "/cuenta/login/")
    pagina.get_by_label("Nombre de usuario").fill(usuario)
    pagina.get_by_label("Contraseña").fill(CLAVE_DEMO)
    pagina.get_by_role("button", name="Ingresar").click()
    saludo = pagina.get_by_role("heading", name=re.compile("^Hola"))
    configurar = pagina.get_by_role("heading", name="Configurar el segundo factor")
    saludo.or_(configurar).wait_for()
    if configurar.is_visible():
        clave = pagina.locator("code.user-select-all").inner_text().strip()
        pagina.get_by_label("Código de 6 dígitos").fill(codigo_de(clave))
        pagina.get_by_role("button", name="Confirmar").click()
        saludo.wait_for()


def recorrer(pagina, url, revision, inicio="/", permitir=NO_SON_PAGINAS, limite=MAXIMO_DE_PAGINAS):
    """Recorre, a lo ancho, las páginas enlazadas desde `inicio`: una por forma de URL."""
    pendientes = deque([inicio])
    formas = set()
    while pendientes and len(revision.visitadas) < limite:
        ruta = pendientes.popleft()
        forma = _patron(ruta)
        if forma in formas:
            continue
        formas.add(forma)
        respuesta = pagina.goto(url + ruta)
        if respuesta.status != 200:
            revision.errores.append(f"{ruta}: {respuesta.status}")
            continue
        if "text/html" not in respuesta.headers.get("content-type", ""):
            continue
        revision.revisar(pagina, ruta)
        for href in pagina.eval_on_selector_all(
            "a[href]", "enlaces => enlaces.map(a => a.getAttribute('href'))"
        ):
            destino = urlsplit(urljoin(pagina.url, href))
            if destino.netloc != urlsplit(url).netloc or permitir.search(destino.path):
                continue
            pendientes.append(destino.path)


ROLES = {
    "gestor": "gestor.galapa",
    "coordinador": "coord.malambo",
    "secretaria": "secretaria.galapa",
    "enlace": None,  # el de la entidad de Galapa que recibió una remisión
    "amb": "amb",
}


def test_cada_rol_recorre_sus_paginas_sin_barreras(demo_completa, live_server, navegador):
    # Una sola prueba para los cinco roles: la demo se carga una vez y el navegador arranca una
    # vez (cada rol, en su propio contexto: su sesión); el informe va rol por rol.
    revisiones = []
    for rol, usuario in ROLES.items():
        contexto = navegador.new_context(
            viewport={"width": 360, "height": 740},
            locale="es-CO",
            timezone_id="America/Bogota",
            has_touch=True,
        )
        pagina = contexto.new_page()
        pagina.set_default_timeout(15_000)
        revision = Revision(rol)
        pagina.on(
            "pageerror", lambda error, r=revision, p=pagina: r.errores.append(f"{p.url}: {error}")
        )
        if usuario is None:
            perfil = Perfil.objects.filter(entidad__remisiones__isnull=False).first()
            usuario = perfil.usuario.username
        ingresar(pagina, live_server.url, usuario)
        recorrer(pagina, live_server.url, revision)
        if rol == "amb":
            recorrer_admin(pagina, live_server.url, revision)
        contexto.close()
        revisiones.append(revision)

    informe = "".join(revision.informe() for revision in revisiones)
    print(informe)
    for revision in revisiones:
        assert revision.graves == [], informe
        assert revision.pequenos == [], informe
        assert revision.anchas == [], informe
        assert revision.errores == [], informe


def recorrer_admin(pagina, url, revision):
    """Las páginas del admin del equipo AMB: índice, listas, un caso, su historial, el exporte."""
    caso = Caso.objects.order_by("pk").first()
    persona = caso.partes.first().persona
    rutas = ["/admin/"]
    pagina.goto(url + "/admin/")
    for href in pagina.eval_on_selector_all(
        "#content-main a[href]", "enlaces => enlaces.map(a => a.getAttribute('href'))"
    ):
        if re.fullmatch(r"/admin/\w+/\w+/", href) and href not in rutas:
            rutas.append(href)
    rutas += [
        f"/admin/casos/caso/{caso.pk}/change/",
        f"/admin/casos/caso/{caso.pk}/history/",
        f"/admin/casos/persona/{persona.pk}/change/",
        "/admin/casos/caso/export/",
        "/admin/casos/caso/?q=a",
    ]
    for ruta in rutas:
        respuesta = pagina.goto(url + ruta)
        if respuesta.status != 200:
            revision.errores.append(f"{ruta}: {respuesta.status}")
            continue
        revision.revisar(pagina, ruta)
