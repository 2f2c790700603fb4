"""Registrar un caso solo con el teclado (Tab, Mayús+Tab, escribir, flechas, Espacio, Enter).

Quien no usa el dedo ni el ratón (lector de pantalla, teclado externo, un brazo que no
responde) llega a cada campo en orden y ve siempre dónde está el foco. Los campos se buscan
por su etiqueta y se alcanzan tabulando, así que la prueba sobrevive a que el formulario se
reordene o pliegue lo opcional; solo usa los campos obligatorios.
"""

import re

import pytest
from django.utils import timezone

from casos.models import Caso
from tests.e2e.conftest import ingresar_en_navegador

pytestmark = [
    pytest.mark.navegador,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# El foco se ve si el elemento enfocado tiene contorno o sombra (el anillo de Bootstrap). En un
# campo de fecha, la última parada de Tab es el botón del calendario, dentro del campo: el campo
# deja de coincidir con :focus y Chromium dibuja su propio anillo negro sobre el icono (visto en
# una captura); esa parada se anota aparte.
FOCO = """() => {
  const el = document.activeElement;
  if (/^(date|time|datetime-local)$/.test(el.type) && !el.matches(':focus')) {
    return {nombre: (el.name || el.id) + ' (calendario)', visible: true};
  }
  const estilo = getComputedStyle(el);
  const contorno = estilo.outlineStyle !== 'none' && parseFloat(estilo.outlineWidth) > 0;
  const sombra = estilo.boxShadow && estilo.boxShadow !== 'none';
  return {nombre: el.name || el.id || el.tagName.toLowerCase(), visible: contorno || sombra};
}"""


class Teclado:
    def __init__(self, pagina):
        self.pagina = pagina
        self.recorrido: list[str] = []
        self.sin_foco_visible: list[str] = []

    def _anotar(self):
        foco = self.pagina.evaluate(FOCO)
        self.recorrido.append(foco["nombre"])
        if not foco["visible"]:
            self.sin_foco_visible.append(foco["nombre"])

    def tabular_hasta(self, localizador, *, atras=False, limite=80):
        """Tab (o Mayús+Tab) hasta que el foco llegue a `localizador`, anotando cada parada."""
        for _ in range(limite):
            self.pagina.keyboard.press("Shift+Tab" if atras else "Tab")
            self._anotar()
            if localizador.evaluate("el => el === document.activeElement"):
                return
        raise AssertionError(f"El teclado no llegó a {localizador}: {self.recorrido[-limite:]}")

    def elegir(self, localizador):
        """En una lista cerrada, la flecha abajo elige la primera opción con valor."""
        self.tabular_hasta(localizador)
        for _ in range(5):
            if localizador.input_value():
                return
            self.pagina.keyboard.press("ArrowDown")
        assert localizador.input_value(), f"La flecha no eligió nada en {localizador}"

    def fecha_con_flechas(self, localizador):
        """Un campo de fecha de Chromium: la flecha arriba pone 1 en el día y el mes, y el año en
        curso; Tab pasa de una parte a la otra. Así no depende del orden de la región (el
        Chromium de Debian sin pantalla usa mes/día/año aunque la página sea es-CO)."""
        self.tabular_hasta(localizador)
        self.pagina.keyboard.press("ArrowUp")
        for _ in range(2):
            self.pagina.keyboard.press("Tab")
            self._anotar()
            self.pagina.keyboard.press("ArrowUp")

    def escribir(self, localizador, texto):
        self.tabular_hasta(localizador)
        self.pagina.keyboard.type(texto)


def test_un_gestor_registra_un_caso_sin_tocar_el_raton(demo, live_server, telefono):
    ingresar_en_navegador(telefono, live_server.url, "gestor.galapa")
    telefono.goto(live_server.url + "/casos/nuevo/")
    teclado = Teclado(telefono)

    teclado.elegir(telefono.get_by_label("Tipo de conflicto"))
    riesgo = telefono.get_by_label("Nivel de riesgo")
    teclado.tabular_hasta(riesgo)
    telefono.keyboard.press("ArrowDown")  # de «Bajo» a «Medio»
    assert riesgo.input_value() == "medio"
    teclado.elegir(telefono.get_by_label("Canal"))
    hechos = timezone.localdate().replace(month=1, day=1)
    fecha = telefono.get_by_label("Fecha de los hechos")
    teclado.fecha_con_flechas(fecha)
    assert fecha.input_value() == hechos.isoformat()
    teclado.escribir(telefono.get_by_label("Relato de los hechos"), "Ruido de un taller de noche.")
    # Mayús+Tab vuelve a un campo anterior y el foco se sigue viendo.
    teclado.tabular_hasta(telefono.get_by_label("Tipo de conflicto"), atras=True)

    parte = telefono.locator("#partes .parte").first
    teclado.elegir(parte.get_by_label("Rol en el caso"))
    teclado.escribir(parte.get_by_label("Número de documento"), "1045999123")
    teclado.escribir(parte.get_by_label("Nombres"), "Marlene")
    registrar = telefono.get_by_role("button", name="Registrar el caso")
    teclado.tabular_hasta(registrar)
    telefono.keyboard.press("Enter")

    telefono.get_by_text(re.compile(r"Caso GAL-\d{4}-\d{5} registrado\.")).wait_for()
    caso = Caso.objects.get(radicado=telefono.get_by_role("heading", level=1).inner_text())
    assert caso.tipo_id is not None
    assert (caso.nivel_riesgo, caso.fecha_hechos) == ("medio", hechos)
    assert caso.relato == "Ruido de un taller de noche."
    assert list(caso.partes.values_list("persona__nombres", "persona__numero_documento")) == [
        ("Marlene", "1045999123")
    ]
    assert len(teclado.recorrido) > 10
    assert teclado.sin_foco_visible == [], teclado.recorrido
