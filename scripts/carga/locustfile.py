"""Carga con los recorridos reales de cada rol (locust, sin interfaz; ver scripts/carga.sh).

- Gestores (la mayoría): Mis casos, registrar un caso con una parte, abrirlo y anotar una
  actuación.
- Coordinador: la lista de casos del municipio con filtros y un caso.
- Secretaría: el tablero del municipio y la lista que hay detrás de una cifra.

Solo se habla con el servidor local (127.0.0.1, HTTPS con un certificado propio de la prueba).
"""

import os
import random
import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from locust import HttpUser, between, task

CLAVE = "convivencia-demo"
BOGOTA = ZoneInfo("America/Bogota")
MUNICIPIOS = {"08296": "galapa", "08433": "malambo", "08573": "puerto"}


def _campo(html: str, nombre: str) -> str:
    return re.search(rf'name="{nombre}" value="([^"]*)"', html).group(1)


def _opciones(html: str, nombre: str) -> list[str]:
    bloque = re.search(rf'<select name="{nombre}"[^>]*>.*?</select>', html, re.S).group(0)
    return [v for v in re.findall(r'<option value="([^"]+)"', bloque) if v]


class Rol(HttpUser):
    abstract = True
    # Pausas de una persona de verdad entre una pantalla y la siguiente (leer la lista, escribir
    # el relato en el teléfono). PAUSA=rapida las baja a 1-4 s para forzar la máquina.
    wait_time = between(1, 4) if os.environ.get("PAUSA") == "rapida" else between(5, 15)
    usuario = ""

    def on_start(self):
        self.client.verify = False
        self.client.headers["Referer"] = self.host + "/cuenta/login/"
        pagina = self.client.get("/cuenta/login/", name="ingreso")
        respuesta = self.client.post(
            "/cuenta/login/",
            {
                "csrfmiddlewaretoken": _campo(pagina.text, "csrfmiddlewaretoken"),
                "username": self.usuario,
                "password": CLAVE,
            },
            name="ingreso",
        )
        if "/cuenta/login/" in respuesta.url:
            raise RuntimeError(f"{self.usuario} no pudo ingresar")

    def _post(self, url, datos, nombre, html):
        datos = {"csrfmiddlewaretoken": _campo(html, "csrfmiddlewaretoken"), **datos}
        return self.client.post(url, datos, name=nombre, headers={"Referer": self.host + url})


class Gestor(Rol):
    weight = 6

    def on_start(self):
        self.municipio = random.choice(list(MUNICIPIOS.values()))
        self.usuario = f"gestor.{self.municipio}"
        super().on_start()
        self.radicados = []

    @task(3)
    def mis_casos(self):
        self.client.get("/casos/mios/", name="mis casos")

    @task(2)
    def registrar_y_seguir(self):
        formulario = self.client.get("/casos/nuevo/", name="registrar (formulario)").text
        hoy = datetime.now(BOGOTA).date()
        datos = {
            "token": _campo(formulario, "token"),
            "tipo": random.choice(_opciones(formulario, "tipo")),
            "nivel_riesgo": random.choice(["bajo", "medio"]),
            "canal": "presencial",
            "fecha_hechos": (hoy - timedelta(days=2)).isoformat(),
            "fecha_recepcion": hoy.isoformat(),
            "direccion": "Calle 10 # 5-20",
            "relato": "Conflicto por ruido entre vecinos; prueba de carga.",
            "gestor": _campo(formulario, "gestor"),  # el gestor responde por lo que registra
            "partes-TOTAL_FORMS": "1",
            "partes-INITIAL_FORMS": "0",
            "partes-MIN_NUM_FORMS": "1",
            "partes-MAX_NUM_FORMS": "12",
            "partes-0-rol": "solicitante",
            "partes-0-tipo_documento": "CC",
            "partes-0-numero_documento": str(random.randint(10**7, 10**10)),
            "partes-0-nombres": "Persona",
            "partes-0-apellidos": f"Carga {uuid.uuid4().hex[:6]}",
            "partes-0-sexo": random.choice(["mujer", "hombre"]),
            "partes-0-edad": str(random.randint(18, 80)),
        }
        respuesta = self._post("/casos/nuevo/", datos, "registrar (enviar)", formulario)
        radicado = re.search(r"/casos/([A-Z]{3}-\d{4}-\d{5})/", respuesta.url or "")
        if not radicado:
            respuesta.failure("el registro no llevó al caso")
            return
        url = f"/casos/{radicado.group(1)}/"
        detalle = self.client.get(url, name="caso").text
        self._post(
            f"{url}actuaciones/",
            {
                "tipo": "llamada",
                "fecha": (datetime.now(BOGOTA) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M"),
                "descripcion": "Llamada de seguimiento.",
            },
            "actuación",
            detalle,
        )


class Coordinador(Rol):
    weight = 2
    usuario = "coord.malambo"

    @task(3)
    def lista_filtrada(self):
        filtro = random.choice(
            ["", "?estado=en_gestion", "?nivel_riesgo=alto", "?orden=-fecha", "?estado=registrado"]
        )
        pagina = self.client.get(f"/casos/{filtro}", name="lista de casos").text
        radicados = re.findall(r'href="/casos/([A-Z]{3}-\d{4}-\d{5})/"', pagina)
        if radicados:
            self.client.get(f"/casos/{random.choice(radicados)}/", name="caso")


class Secretaria(Rol):
    weight = 2
    usuario = "secretaria.galapa"

    @task
    def tablero(self):
        periodo = random.choice(["mes", "3m", "12m"])
        self.client.get(f"/tableros/08296/?periodo={periodo}", name="tablero")
        self.client.get("/casos/?nivel_riesgo=alto", name="lista de casos")
