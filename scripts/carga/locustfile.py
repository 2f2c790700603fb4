"""Carga con los recorridos reales de cada rol (locust, sin interfaz; ver scripts/carga.sh).

- Gestores (la mayoría): Mis casos; registrar un caso con una a tres partes, abrirlo y anotar una
  actuación; cerrar uno de sus casos abiertos (desistimiento o no localizado: «sin acuerdo» pide
  antes el documento de la mediación).
- Coordinador: la lista de casos del municipio con filtros y un caso.
- Secretaría: el tablero del municipio y la lista que hay detrás de una cifra.

Como un navegador: cada envío sigue su redirección (el registro, la actuación y el cierre llevan
a la página del caso, y su tiempo la incluye). `FastHttpUser` (geventhttpclient) en vez del
cliente de `requests`: las mismas peticiones con una fracción de la CPU, que en esta prueba es la
misma máquina del servidor y la base (README, «Carga y resistencia»).

Solo se habla con el servidor local (127.0.0.1, HTTPS con un certificado propio de la prueba).
"""

import itertools
import os
import random
import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

CLAVE = "convivencia-demo"
BOGOTA = ZoneInfo("America/Bogota")
MUNICIPIOS = {"08296": "galapa", "08433": "malambo", "08573": "puerto"}  # como cuentas.py
_gestores = itertools.count(1)
RADICADO = r"[A-Z]{3}-\d{4}-\d{5}"
ROLES_DE_PARTES = ["solicitante", "convocado", "afectado"]
CIERRES_SIN_DOCUMENTO = {"desistimiento", "no_localizado"}


def _campo(html: str, nombre: str) -> str:
    return re.search(rf'name="{nombre}" value="([^"]*)"', html).group(1)


def _opciones(html: str, nombre: str) -> list[str]:
    bloque = re.search(rf'<select name="{nombre}"[^>]*>.*?</select>', html, re.S)
    if not bloque:
        return []
    return [v for v in re.findall(r'<option value="([^"]+)"', bloque.group(0)) if v]


# Cada petición (segundo desde el arranque, nombre, milisegundos, si falló) en el archivo MUESTRAS:
# carga.sh saca de ahí el p95 sin el primer minuto, el de los 50 ingresos (PBKDF2, a propósito
# lento) que se amontonan al arrancar.
_muestras: list[tuple[float, str, float, int]] = []


@events.request.add_listener
def _anotar(request_type, name, response_time, exception, start_time=0.0, **kwargs):
    _muestras.append((start_time, name, response_time, int(exception is not None)))


@events.quitting.add_listener
def _guardar(environment, **kwargs):
    if destino := os.environ.get("MUESTRAS"):
        inicio = min((m[0] for m in _muestras), default=0.0)
        with open(destino, "w", encoding="utf-8") as archivo:
            for momento, nombre, milisegundos, fallo in _muestras:
                archivo.write(f"{momento - inicio:.3f}\t{nombre}\t{milisegundos:.1f}\t{fallo}\n")


class Rol(FastHttpUser):
    abstract = True
    insecure = True  # el certificado propio de la prueba
    # Pausas de una persona de verdad entre una pantalla y la siguiente (leer la lista, escribir
    # el relato en el teléfono). PAUSA=rapida las baja a 1-4 s para forzar la máquina.
    wait_time = between(1, 4) if os.environ.get("PAUSA") == "rapida" else between(5, 15)
    usuario = ""

    def on_start(self):
        pagina = self._get("/cuenta/login/", "ingreso")
        respuesta = self._post(
            "/cuenta/login/", {"username": self.usuario, "password": CLAVE}, "ingreso", pagina
        )
        if 'name="password"' in (respuesta.text or ""):
            raise RuntimeError(f"{self.usuario} no pudo ingresar")

    def _get(self, url, nombre) -> str:
        return self.client.get(url, name=nombre).text or ""

    def _post(self, url, datos, nombre, html):
        # El Referer: Django lo exige en los envíos por HTTPS (CSRF).
        datos = {"csrfmiddlewaretoken": _campo(html, "csrfmiddlewaretoken"), **datos}
        return self.client.post(url, data=datos, name=nombre, headers={"Referer": self.host + url})


class Gestor(Rol):
    weight = 6

    def on_start(self):
        # Cada usuario virtual con su cuenta (`scripts/carga/cuentas.py`): sus propios casos.
        numero = next(_gestores)
        self.municipio = list(MUNICIPIOS.values())[numero % len(MUNICIPIOS)]
        self.usuario = f"carga.gestor{numero:02d}"
        super().on_start()

    @task(3)
    def mis_casos(self):
        self._get("/casos/mios/", "mis casos")

    @task(2)
    def registrar_y_seguir(self):
        formulario = self._get("/casos/nuevo/", "registrar (formulario)")
        hoy = datetime.now(BOGOTA).date()
        partes = random.randint(1, 3)  # quien pide, y a veces con quién es el conflicto
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
            "partes-TOTAL_FORMS": str(partes),
            "partes-INITIAL_FORMS": "0",
            "partes-MIN_NUM_FORMS": "1",
            "partes-MAX_NUM_FORMS": "12",
        }
        for i, rol in enumerate(ROLES_DE_PARTES[:partes]):
            datos |= {
                f"partes-{i}-rol": rol,
                f"partes-{i}-tipo_documento": "CC",
                f"partes-{i}-numero_documento": str(random.randint(10**7, 10**10)),
                f"partes-{i}-nombres": "Persona",
                f"partes-{i}-apellidos": f"Carga {uuid.uuid4().hex[:6]}",
                f"partes-{i}-sexo": random.choice(["mujer", "hombre"]),
                f"partes-{i}-edad": str(random.randint(18, 80)),
            }
        with self.client.post(
            "/casos/nuevo/",
            data={"csrfmiddlewaretoken": _campo(formulario, "csrfmiddlewaretoken"), **datos},
            name="registrar (enviar)",
            headers={"Referer": self.host + "/casos/nuevo/"},
            catch_response=True,
        ) as respuesta:
            # La redirección lleva a la página del caso: su formulario de actuaciones lo nombra.
            radicado = re.search(rf"/casos/({RADICADO})/actuaciones/", respuesta.text or "")
            if not radicado:
                respuesta.failure("el registro no llevó al caso")
                return
        url = f"/casos/{radicado.group(1)}/"
        detalle = self._get(url, "caso")
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

    @task(1)
    def cerrar_uno(self):
        """Uno de sus casos abiertos, el primero de «Mis casos» que se pueda cerrar."""
        lista = self._get("/casos/mios/", "mis casos")
        radicados = re.findall(rf'href="/casos/({RADICADO})/"', lista)
        if not radicados:
            return
        url = f"/casos/{random.choice(radicados[:10])}/"
        detalle = self._get(url, "caso")
        resultados = set(_opciones(detalle, "resultado")) & CIERRES_SIN_DOCUMENTO
        if not resultados:
            return  # con acuerdo, o remitido: se cierra con otros pasos
        self._post(
            f"{url}cerrar/",
            {
                "resultado": random.choice(sorted(resultados)),
                "observacion": "Cierre de la prueba de carga.",
                "version": _campo(detalle, "version"),
            },
            "cerrar",
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
        pagina = self._get(f"/casos/{filtro}", "lista de casos")
        radicados = re.findall(rf'href="/casos/({RADICADO})/"', pagina)
        if radicados:
            self._get(f"/casos/{random.choice(radicados)}/", "caso")


class Secretaria(Rol):
    weight = 2
    usuario = "secretaria.galapa"

    @task
    def tablero(self):
        periodo = random.choice(["mes", "3m", "12m"])
        self._get(f"/tableros/08296/?periodo={periodo}", "tablero")
        self._get("/casos/?nivel_riesgo=alto", "lista de casos")
