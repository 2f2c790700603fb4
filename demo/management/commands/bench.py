"""Mide las páginas pesadas: tablero municipal, comparación metropolitana, informe, lista de casos,
y las del gestor en la calle: el formulario de registro y el detalle de un caso.

Hace las peticiones dentro del proceso con el cliente de Django (toda la pila: middleware, vista,
consultas y plantilla; sin red), con DEBUG apagado durante la medición. Para cada página da la
mediana *fría* (la caché de los tableros vaciada antes de cada petición) y el tiempo de sus
sentencias SQL ejecutadas a mano, y la mediana y el p95 *calientes* (la caché llena) con lo que
la página caliente tarda de más sobre sus propias sentencias (lo que cuesta Django: construir
las consultas, convertir filas, plantillas).
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
            f"{'Página':38} {'fría':>10} {'su SQL':>9} {'cons.':>6} {'caliente':>10} "
            f"{'p95':>9} {'cons.':>6} {'sobre su SQL':>9}"
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
        """Fría: la caché de los tableros vacía antes de cada petición (el proceso ya compiló las
        plantillas y tiene la sesión: lo que paga un rango a medida o un mes nuevo). Caliente:
        la respuesta servida con la caché llena. «Sobre su SQL» es lo que la página caliente
        tarda de más sobre sus propias sentencias ejecutadas a mano (Django, plantillas)."""
        cliente = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0])
        cliente.force_login(usuario)
        if requiere_segundo_factor(usuario):
            sesion_con_segundo_factor(cliente, usuario)
        respuesta = cliente.get(url, secure=True)  # compila plantillas y abre la conexión
        if respuesta.status_code != 200:
            raise CommandError(f"{url} respondió {respuesta.status_code}")
        frias, calientes = [], []
        debug = settings.DEBUG
        settings.DEBUG = False  # sin el registro de consultas de DEBUG mientras se mide
        try:
            for vuelta in range(max(3, repeticiones // 4)):
                cache.clear()
                with CaptureQueriesContext(connection) as capturadas:
                    inicio = time.perf_counter()
                    cliente.get(url, secure=True)
                    frias.append((time.perf_counter() - inicio) * 1000)
                if vuelta == 0:
                    # Copia ya: cada petición nueva vacía el registro de la conexión.
                    consultas_frias = list(capturadas.captured_queries)
            for _ in range(repeticiones):
                inicio = time.perf_counter()
                cliente.get(url, secure=True)
                calientes.append((time.perf_counter() - inicio) * 1000)
            with CaptureQueriesContext(connection) as capturadas:
                cliente.get(url, secure=True)
            consultas_calientes = list(capturadas.captured_queries)
            crudo_frio = self._sql_crudo(consultas_frias, repeticiones)
            crudo_caliente = self._sql_crudo(consultas_calientes, repeticiones)
        finally:
            settings.DEBUG = debug
        caliente = statistics.median(calientes)
        self.stdout.write(
            f"{nombre:38} {statistics.median(frias):8.0f}ms {crudo_frio:7.0f}ms "
            f"{len(consultas_frias):6d} {caliente:8.1f}ms {_percentil(calientes, 0.95):7.1f}ms "
            f"{len(consultas_calientes):6d} {caliente - crudo_caliente:7.1f}ms"
        )

    @staticmethod
    def _sql_crudo(consultas, repeticiones) -> float:
        """Mediana de lo que tardan las lecturas de una petición ejecutadas a mano, seguidas."""
        sentencias = [
            q["sql"] for q in consultas if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
        ]
        tiempos = []
        for _ in range(max(3, repeticiones // 4)):
            inicio = time.perf_counter()
            with connection.cursor() as cursor:
                for sql in sentencias:
                    cursor.execute(sql)
                    cursor.fetchall()
            tiempos.append((time.perf_counter() - inicio) * 1000)
        return statistics.median(tiempos)
