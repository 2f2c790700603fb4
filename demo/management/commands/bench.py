"""Mide las páginas pesadas: tablero municipal, comparación metropolitana, informe, lista de casos,
y las del gestor en la calle: el formulario de registro y el detalle de un caso.

Hace las peticiones dentro del proceso con el cliente de Django (toda la pila: middleware, vista,
consultas y plantilla; sin red), con DEBUG apagado durante la medición. Para cada página da la
mediana y el p95 del tiempo de servidor sobre N repeticiones (y el de la primera petición, con
la caché de los tableros vacía), cuántas consultas hace, cuánto
tardan esas consultas a través del ORM y cuánto tardan las mismas sentencias SQL ejecutadas a
mano (la diferencia es lo que cuesta Django: construir la consulta, convertir filas, plantillas).
"""

import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casos.models import Caso
from demo.sesiones import sesion_con_segundo_factor
from gestores.models import Perfil, Rol
from gestores.segundo_factor import requiere_segundo_factor
from municipios.models import Municipio


def _percentil(valores: list[float], p: float) -> float:
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, round(p * (len(ordenados) - 1)))]


class Command(BaseCommand):
    help = "Mide el tiempo de servidor y las consultas de las páginas pesadas (ver README)."

    def add_arguments(self, parser):
        parser.add_argument("--repeticiones", type=int, default=20)
        parser.add_argument(
            "--municipio",
            help="Código DANE del tablero a medir (por omisión, el municipio con más casos).",
        )
        parser.add_argument(
            "--solo", default="", help="Medir solo las páginas cuyo nombre contiene este texto."
        )
        parser.add_argument(
            "--forzar",
            action="store_true",
            help="Medir aunque DEBUG esté desactivado (crea tres usuarios de medición).",
        )

    def handle(self, *args, repeticiones, municipio, solo, forzar, **options):
        if not settings.DEBUG and not forzar:
            raise CommandError(
                "DEBUG está desactivado: bench crea usuarios de medición. Use --forzar solo en "
                "una base de pruebas."
            )
        if municipio:
            municipio = Municipio.objects.filter(codigo_dane=municipio).first()
        else:
            mayor = Caso.objects.values("municipio").annotate(n=Count("pk")).order_by("-n").first()
            municipio = Municipio.objects.filter(pk=mayor and mayor["municipio"]).first()
        if municipio is None:
            raise CommandError(
                "No hay casos que medir (use sembrar_escala) o el municipio no existe."
            )
        secretaria = self._usuario("bench.secretaria", Rol.SECRETARIA, municipio)
        amb = self._usuario("bench.amb", Rol.AMB, None)
        coordinador = self._usuario("bench.coordinador", Rol.COORDINADOR, municipio)
        mes = timezone.localdate().replace(day=1) - timezone.timedelta(days=1)
        tablero = f"/tableros/{municipio.codigo_dane}/"
        hoy = timezone.localdate()
        desde = hoy.replace(year=hoy.year - 3, day=1) + timezone.timedelta(days=32)
        rango = f"periodo=rango&desde={desde.replace(day=1):%Y-%m-%d}&hasta={hoy:%Y-%m-%d}"
        paginas = [
            ("Tablero municipal, 12 meses", secretaria, f"{tablero}?periodo=12m"),
            ("Tablero municipal, rango de 36 meses", secretaria, f"{tablero}?{rango}"),
            ("Comparación, rango de 36 meses", amb, f"/tableros/metropolitano/?{rango}"),
            ("Comparación metropolitana, 12 meses", amb, "/tableros/metropolitano/?periodo=12m"),
            ("Informe mensual (HTML)", secretaria, f"{tablero}informe/?mes={mes:%Y-%m}"),
            ("Lista de casos, primera página", secretaria, "/casos/"),
            ("Lista de casos filtrada (riesgo alto)", secretaria, "/casos/?nivel_riesgo=alto"),
            # Búsqueda por nombre (coordinador): un apellido de la siembra, nombre y apellido,
            # y un nombre que no existe.
            ("Buscar «rodriguez» (coordinador)", coordinador, "/casos/?q=rodriguez"),
            ("Buscar «diana polo» (coordinador)", coordinador, "/casos/?q=diana+polo"),
            ("Buscar «zzzyxw», sin resultados", coordinador, "/casos/?q=zzzyxw"),
        ]  # fmt: skip
        # Lo que un gestor abre en la calle: el formulario de registro y el detalle de su caso
        # con más partes (el gestor de la demo o de la siembra, no uno de medición).
        suyo = (
            Caso.objects.filter(municipio=municipio, gestor__perfil__rol=Rol.GESTOR)
            .annotate(n_partes=Count("partes"))
            .order_by("-n_partes", "-pk")
            .select_related("gestor")
            .first()
        )
        if suyo is not None:
            paginas += [
                ("Registrar un caso (formulario), gestor", suyo.gestor, "/casos/nuevo/"),
                (f"Detalle de un caso ({suyo.n_partes} partes), gestor", suyo.gestor,
                 f"/casos/{suyo.radicado}/"),
            ]  # fmt: skip
        total = Caso.objects.count()
        propios = Caso.objects.filter(municipio=municipio).count()
        self.stdout.write(
            f"{total} casos en la base ({connection.vendor}); tablero de {municipio} "
            f"({propios} casos); {repeticiones} repeticiones por página."
        )
        self.stdout.write(
            f"{'Página':38} {'primera':>10} {'mediana':>9} {'p95':>9} {'consultas':>9} "
            f"{'SQL ORM':>9} {'SQL crudo':>9}"
        )
        for nombre, usuario, url in paginas:
            if solo.lower() not in nombre.lower():
                continue
            self._medir(nombre, usuario, url, repeticiones)

    def _usuario(self, nombre, rol, municipio):
        usuario, creado = get_user_model().objects.get_or_create(username=nombre)
        if creado:
            usuario.set_unusable_password()
            usuario.save()
            Perfil.objects.create(usuario=usuario, rol=rol, municipio=municipio)
        elif usuario.perfil.municipio != municipio:
            usuario.perfil.municipio = municipio
            usuario.perfil.save()
        return usuario

    def _medir(self, nombre, usuario, url, repeticiones):
        cliente = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0])
        cliente.force_login(usuario)
        if requiere_segundo_factor(usuario):
            sesion_con_segundo_factor(cliente, usuario)
        cache.clear()  # la primera petición calcula todo: es la medida sin caché
        with CaptureQueriesContext(connection) as capturadas:
            inicio = time.perf_counter()
            respuesta = cliente.get(url, secure=True)
            primera = (time.perf_counter() - inicio) * 1000
        # Copia ya: cada petición nueva vacía el registro de consultas de la conexión.
        consultas = list(capturadas.captured_queries)
        if respuesta.status_code != 200:
            raise CommandError(f"{url} respondió {respuesta.status_code}")
        sql_orm = sum(float(q["time"]) for q in consultas) * 1000
        tiempos, crudos = [], []
        debug = settings.DEBUG
        settings.DEBUG = False  # sin el registro de consultas de DEBUG mientras se mide
        try:
            for _ in range(repeticiones):
                inicio = time.perf_counter()
                cliente.get(url, secure=True)
                tiempos.append((time.perf_counter() - inicio) * 1000)
            sentencias = [
                q["sql"]
                for q in consultas
                if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
            ]
            for _ in range(max(3, repeticiones // 4)):
                inicio = time.perf_counter()
                with connection.cursor() as cursor:
                    for sql in sentencias:
                        cursor.execute(sql)
                        cursor.fetchall()
                crudos.append((time.perf_counter() - inicio) * 1000)
        finally:
            settings.DEBUG = debug
        self.stdout.write(
            f"{nombre:38} {primera:8.0f}ms {statistics.median(tiempos):7.1f}ms "
            f"{_percentil(tiempos, 0.95):7.1f}ms {len(consultas):9d} {sql_orm:7.0f}ms "
            f"{statistics.median(crudos):7.0f}ms"
        )
