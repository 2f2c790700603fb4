"""Dónde se va el tiempo de cada petición de la carga (ver README, «Carga y resistencia»).

Repite dentro de un proceso, con el cliente de Django y sin red, los recorridos de
`locustfile.py` (los mismos usuarios, URL y envíos) y da, por tipo de petición, la mediana y el
p95 del tiempo de servidor, las consultas y su tiempo; con `--perfil NOMBRE`, las funciones que
más tiempo acumulan en esa petición (cProfile). Escribe en la base: úselo sobre la de la carga.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/convivencia_carga DEBUG=0 \\
      SECRET_KEY=perfil ALLOWED_HOSTS=127.0.0.1 STATIC_ROOT=/tmp/perfil-static \\
      CACHE_TABLA=convivencia_cache scripts/uv run python scripts/carga/perfil.py \\
      --vueltas 30 --perfil "registrar (formulario)"
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
import uuid
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convivencia.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

CLAVE = "convivencia-demo"
HOST = "127.0.0.1"


def _campo(html: str, nombre: str) -> str:
    return re.search(rf'name="{nombre}" value="([^"]*)"', html).group(1)


def _opciones(html: str, nombre: str) -> list[str]:
    bloque = re.search(rf'<select name="{nombre}"[^>]*>.*?</select>', html, re.S).group(0)
    return [v for v in re.findall(r'<option value="([^"]+)"', bloque) if v]


class Medidor:
    def __init__(self, perfilar: str | None, ver_sql: str | None = None):
        self.ver_sql = ver_sql
        self.tiempos = defaultdict(list)
        self.cpu = defaultdict(list)
        self.consultas = defaultdict(list)
        self.sql = defaultdict(list)
        self.perfilar = perfilar
        self.perfil = cProfile.Profile()

    def pedir(self, cliente: Client, metodo: str, url: str, nombre: str, datos=None):
        sql = []

        def contar(ejecutar, consulta, params, many, context):
            inicio = time.perf_counter()
            try:
                return ejecutar(consulta, params, many, context)
            finally:
                sql.append(time.perf_counter() - inicio)
                if nombre == self.ver_sql:
                    print(f"  {sql[-1] * 1000:6.2f} ms  {consulta[:300]}")

        perfilar = nombre == self.perfilar
        with connection.execute_wrapper(contar):
            if perfilar:
                self.perfil.enable()
            inicio, cpu = time.perf_counter(), time.process_time()
            respuesta = getattr(cliente, metodo)(url, datos or {}, secure=True)
            if hasattr(respuesta, "streaming_content"):
                b"".join(respuesta.streaming_content)
            segundos = time.perf_counter() - inicio
            cpu = time.process_time() - cpu
            if perfilar:
                self.perfil.disable()
        if nombre == self.ver_sql:
            print(f"--- {nombre}: {len(sql)} consultas, {segundos * 1000:.1f} ms")
            self.ver_sql = None  # una sola vez
        if respuesta.status_code >= 400:
            raise RuntimeError(f"{nombre} {url}: {respuesta.status_code}")
        self.tiempos[nombre].append(segundos * 1000)
        self.cpu[nombre].append(cpu * 1000)
        self.consultas[nombre].append(len(sql))
        self.sql[nombre].append(sum(sql) * 1000)
        return respuesta

    def informe(self):
        print(
            f"{'petición':<24} {'n':>4} {'mediana':>9} {'p95':>9} {'CPU':>8} {'consultas':>9} "
            f"{'SQL':>8}"
        )
        for nombre, tiempos in sorted(self.tiempos.items()):
            ordenados = sorted(tiempos)
            p95 = ordenados[min(len(ordenados) - 1, round(0.95 * (len(ordenados) - 1)))]
            print(
                f"{nombre:<24} {len(tiempos):>4} {statistics.median(tiempos):>7.1f}ms "
                f"{p95:>7.1f}ms {statistics.median(self.cpu[nombre]):>6.1f}ms "
                f"{statistics.median(self.consultas[nombre]):>9.0f} "
                f"{statistics.median(self.sql[nombre]):>6.1f}ms"
            )
        if self.perfilar:
            salida = io.StringIO()
            estadisticas = pstats.Stats(self.perfil, stream=salida)
            estadisticas.sort_stats("cumulative").print_stats(40)
            estadisticas.sort_stats("tottime").print_stats(30)
            print(salida.getvalue())


def ingresar(medidor: Medidor, usuario: str) -> Client:
    cliente = Client(HTTP_HOST=HOST)
    medidor.pedir(cliente, "get", "/cuenta/login/", "ingreso (formulario)")
    respuesta = medidor.pedir(
        cliente, "post", "/cuenta/login/", "ingreso", {"username": usuario, "password": CLAVE}
    )
    if respuesta.status_code != 302 or "/cuenta/login/" in respuesta["Location"]:
        raise RuntimeError(f"{usuario} no pudo ingresar")
    return cliente


def gestor(medidor: Medidor, cliente: Client):
    medidor.pedir(cliente, "get", "/casos/mios/", "mis casos")
    formulario = medidor.pedir(cliente, "get", "/casos/nuevo/", "registrar (formulario)")
    html = formulario.content.decode()
    hoy = timezone.localdate()
    datos = {
        "token": _campo(html, "token"),
        "tipo": _opciones(html, "tipo")[0],
        "nivel_riesgo": "bajo",
        "canal": "presencial",
        "fecha_hechos": (hoy - timedelta(days=2)).isoformat(),
        "fecha_recepcion": hoy.isoformat(),
        "direccion": "Calle 10 # 5-20",
        "relato": "Conflicto por ruido entre vecinos; perfil de la carga.",
        "gestor": _campo(html, "gestor"),
        "partes-TOTAL_FORMS": "2",
        "partes-INITIAL_FORMS": "0",
        "partes-MIN_NUM_FORMS": "1",
        "partes-MAX_NUM_FORMS": "12",
    }
    for i, rol in enumerate(["solicitante", "convocado"]):
        datos |= {
            f"partes-{i}-rol": rol,
            f"partes-{i}-tipo_documento": "CC",
            f"partes-{i}-numero_documento": str(uuid.uuid4().int % 10**10),
            f"partes-{i}-nombres": "Persona",
            f"partes-{i}-apellidos": f"Perfil {uuid.uuid4().hex[:6]}",
            f"partes-{i}-sexo": "mujer",
            f"partes-{i}-edad": "40",
        }
    respuesta = medidor.pedir(cliente, "post", "/casos/nuevo/", "registrar (enviar)", datos)
    if respuesta.status_code != 302:
        errores = re.findall(r"<strong>(.*?)</strong>", respuesta.content.decode())
        raise RuntimeError(f"El registro no llevó al caso: {errores}")
    url = respuesta["Location"]
    medidor.pedir(cliente, "get", url, "caso")
    medidor.pedir(
        cliente,
        "post",
        f"{url}actuaciones/",
        "actuación",
        {
            "tipo": "llamada",
            "fecha": (timezone.localtime() - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M"),
            "descripcion": "Llamada de seguimiento.",
        },
    )


def coordinador(medidor: Medidor, cliente: Client, vuelta: int):
    filtros = [
        "",
        "?estado=en_gestion",
        "?nivel_riesgo=alto",
        "?orden=-fecha",
        "?estado=registrado",
    ]
    pagina = medidor.pedir(cliente, "get", f"/casos/{filtros[vuelta % 5]}", "lista de casos")
    radicados = re.findall(r'href="/casos/([A-Z]{3}-\d{4}-\d{5})/"', pagina.content.decode())
    if radicados:
        medidor.pedir(cliente, "get", f"/casos/{radicados[0]}/", "caso")


def secretaria(medidor: Medidor, cliente: Client, vuelta: int):
    periodo = ["mes", "3m", "12m"][vuelta % 3]
    medidor.pedir(cliente, "get", f"/tableros/08296/?periodo={periodo}", "tablero")
    medidor.pedir(cliente, "get", "/casos/?nivel_riesgo=alto", "lista de casos")


def main():
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--vueltas", type=int, default=20)
    argumentos.add_argument("--perfil", help="Nombre de la petición que se perfila (cProfile).")
    argumentos.add_argument("--sql", help="Nombre de la petición cuyas consultas se muestran.")
    opciones = argumentos.parse_args()
    medidor = Medidor(opciones.perfil, opciones.sql)
    clientes = {
        "gestor": ingresar(medidor, "gestor.malambo"),
        "coordinador": ingresar(medidor, "coord.malambo"),
        "secretaria": ingresar(medidor, "secretaria.galapa"),
    }
    for vuelta in range(opciones.vueltas):
        gestor(medidor, clientes["gestor"])
        coordinador(medidor, clientes["coordinador"], vuelta)
        secretaria(medidor, clientes["secretaria"], vuelta)
    medidor.informe()


if __name__ == "__main__":
    main()
