"""Mide el admin del equipo AMB con muchos casos: listas y exportes (tiempo y memoria).

- Listas del admin (casos sin filtro, de un municipio, de un año, y actuaciones): mediana y p95
  del tiempo de servidor y número de consultas, con el cliente de Django dentro del proceso.
- Exportes: cada uno en un proceso nuevo (`--exporte`), para que el pico de memoria (ru_maxrss)
  sea el del exporte y no el de lo medido antes. Se consume la respuesta por partes, como la
  recibiría el navegador, y se cuentan filas y bytes.

Uso (ver README, «Rendimiento»): `python manage.py bench_exportes --forzar`.
"""

import json
import resource
import statistics
import subprocess
import sys
import time

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from auditoria.models import RegistroExporte
from casos.models import Caso
from demo.sesiones import sesion_con_segundo_factor
from gestores.models import Perfil, Rol
from gestores.segundo_factor import requiere_segundo_factor
from municipios.models import Municipio

FORMATOS = {"csv": 0, "xlsx": 1}
# El enlace «2026» del filtro de la fecha de recepción (comun.admin_site.FechaConAnios).
ANIO_2026 = "fecha_recepcion__gte=2026-01-01&fecha_recepcion__lt=2027-01-01"


def _memoria_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _percentil(valores, p):
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, round(p * (len(ordenados) - 1)))]


class Command(BaseCommand):
    help = "Mide las listas y los exportes del admin con muchos casos (ver README)."

    def add_arguments(self, parser):
        parser.add_argument("--repeticiones", type=int, default=10)
        parser.add_argument("--forzar", action="store_true", help="Medir con DEBUG desactivado.")
        parser.add_argument(
            "--exporte",
            help="Solo un exporte, en este proceso: JSON con formato, recurso y filtros.",
        )

    def handle(self, *args, repeticiones, forzar, exporte, **options):
        if not settings.DEBUG and not forzar:
            raise CommandError("bench_exportes crea un usuario de medición: use --forzar.")
        settings.DEBUG = False
        amb = self._usuario()
        if exporte:
            self._un_exporte(amb, **json.loads(exporte))
            return
        total = Caso.objects.count()
        self.stdout.write(f"{total} casos en la base ({connection.vendor}).")
        self._listas(amb, repeticiones)
        mayor = Municipio.objects.activos().order_by("-poblacion").first()
        for formato, recurso, filtros in (
            ("csv", 0, ""),
            ("csv", 1, f"?municipio__id__exact={mayor.pk}"),
            ("xlsx", 0, f"?municipio__id__exact={mayor.pk}"),
        ):
            parametros = json.dumps({"formato": formato, "recurso": recurso, "filtros": filtros})
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "bench_exportes",
                    "--forzar",
                    "--exporte",
                    parametros,
                ],
                check=True,
            )

    def _usuario(self):
        usuario, creado = get_user_model().objects.get_or_create(
            username="bench.exportes", defaults={"is_staff": True}
        )
        if creado:
            Perfil.objects.create(usuario=usuario, rol=Rol.AMB)
            usuario.groups.add(Group.objects.get(name="Equipo AMB"))
        return usuario

    def _cliente(self, usuario):
        # Como en producción: un host permitido y HTTPS (secure=True en cada petición).
        cliente = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0])
        cliente.force_login(usuario)
        if requiere_segundo_factor(usuario):
            sesion_con_segundo_factor(cliente, usuario)
        return cliente

    def _listas(self, amb, repeticiones):
        """Cada lista del admin: las de siempre y, para casos, las vistas filtradas más usadas."""
        cliente = self._cliente(amb)
        mayor = Municipio.objects.activos().order_by("-poblacion").first()
        casos = reverse("admin:casos_caso_changelist")
        paginas = [
            (f"Casos de {mayor}", f"{casos}?municipio__id__exact={mayor.pk}"),
            ("Casos recibidos en 2026", f"{casos}?{ANIO_2026}"),
            ("Casos en riesgo alto", f"{casos}?nivel_riesgo__exact=alto"),
            ("Casos, buscar un radicado", f"{casos}?q={Caso.objects.first().radicado}"),
        ] + [
            (str(modelo._meta.verbose_name_plural).capitalize(), reverse(
                f"admin:{modelo._meta.app_label}_{modelo._meta.model_name}_changelist"
            ))
            for modelo in sorted(admin.site._registry, key=lambda m: m._meta.label)
            if amb.has_perm(f"{modelo._meta.app_label}.view_{modelo._meta.model_name}")
        ]  # fmt: skip
        self.stdout.write(
            f"{'Lista del admin':<40} {'primera':>9} {'mediana':>9} {'p95':>9} consultas"
        )
        for nombre, url in paginas:
            consultas = []

            def contar(ejecutar, sql, params, many, context, consultas=consultas):
                consultas.append(sql)
                return ejecutar(sql, params, many, context)

            with connection.execute_wrapper(contar):
                inicio = time.perf_counter()
                respuesta = cliente.get(url, secure=True)
                primera = (time.perf_counter() - inicio) * 1000
            if respuesta.status_code != 200:
                raise CommandError(f"{url}: {respuesta.status_code}")
            tiempos = []
            for _ in range(repeticiones):
                inicio = time.perf_counter()
                cliente.get(url, secure=True)
                tiempos.append((time.perf_counter() - inicio) * 1000)
            self.stdout.write(
                f"{nombre:<40} {primera:>7.0f}ms {statistics.median(tiempos):>7.1f}ms "
                f"{_percentil(tiempos, 0.95):>7.1f}ms {len(consultas):>6}"
            )

    def _un_exporte(self, amb, *, formato, recurso, filtros):
        cliente = self._cliente(amb)
        modelo_admin = admin.site._registry[Caso]
        clase = modelo_admin.get_export_resource_classes(None)[recurso]
        datos = {"format": str(FORMATOS[formato]), "resource": str(recurso)}
        for campo in clase().get_export_order():
            datos[f"{clase.__name__.lower()}_{campo}"] = "on"
        antes = _memoria_mb()
        inicio = time.perf_counter()
        respuesta = cliente.post(reverse("admin:casos_caso_export") + filtros, datos, secure=True)
        if respuesta.status_code != 200 or not respuesta.has_header("Content-Disposition"):
            raise CommandError(f"El exporte no salió: {respuesta.status_code}")
        primer_byte = None
        tamano = lineas = 0
        for trozo in respuesta.streaming_content:
            if primer_byte is None:
                primer_byte = time.perf_counter() - inicio
            tamano += len(trozo)
            lineas += trozo.count(b"\r\n")  # fin de fila del csv (un relato puede traer \n)
        segundos = time.perf_counter() - inicio
        filas = RegistroExporte.objects.filter(usuario=amb).latest("creado").filas
        if formato == "csv" and lineas - 1 != filas:
            raise CommandError(f"El CSV trae {lineas - 1} líneas y la bitácora dice {filas}.")
        self.stdout.write(
            f"Exporte {clase.get_display_name()} {formato.upper()} {filtros or '(todo)'}: "
            f"{filas} filas, {tamano / 1e6:.0f} MB en {segundos:.1f} s "
            f"(primer byte a los {primer_byte:.2f} s); memoria del proceso: {antes:.0f} MB antes, "
            f"pico {_memoria_mb():.0f} MB."
        )
