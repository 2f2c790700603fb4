"""Mide las listas del admin sobre una base grande sin escribir en ella.

A diferencia de `bench_exportes` (que crea un usuario de medición e ingresa con su sesión), cada
lista se pide a la vista del admin con `RequestFactory` y un superusuario que no se guarda, dentro
de una transacción de solo lectura (`SET TRANSACTION READ ONLY`) que al final se deshace: sirve
para medir una copia de producción o una base sembrada que otros usan. No pasa por el middleware
(sesión, usuario, permisos: unos milisegundos iguales para todas las listas).

Por lista: la primera petición, la mediana y el p95 de las siguientes, las consultas, la cuenta
que muestra la página («unos 1.000.000» si es la estimación), si alguna consulta es un DISTINCT y
la consulta más lenta. Uso (ver README, «El admin y sus exportes con un millón de casos»):
`python manage.py bench_admin --forzar`.
"""

import re
import statistics
import time

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from casos.models import Caso
from municipios.models import Municipio

ANIO = "fecha_recepcion__gte=2025-01-01&fecha_recepcion__lt=2026-01-01"
LISTAS = [
    ("Casos, sin filtros", "casos.Caso", ""),
    ("Casos del municipio mayor", "casos.Caso", "municipio__id__exact={mayor}"),
    ("Casos recibidos en 2025", "casos.Caso", ANIO),
    ("Casos en riesgo alto", "casos.Caso", "nivel_riesgo__exact=alto"),
    ("Casos, buscar un radicado", "casos.Caso", "q={radicado}"),
    ("Personas", "casos.Persona", ""),
    ("Autorizaciones", "casos.Autorizacion", ""),
    ("Actuaciones", "casos.Actuacion", ""),
    ("Acuerdos", "casos.Acuerdo", ""),
    ("Compromisos", "casos.Compromiso", ""),
    ("Remisiones", "remisiones.Remision", ""),
    ("Correos", "remisiones.Notificacion", ""),
    ("Actividades", "capacitaciones.Actividad", ""),
    ("Asistencias", "capacitaciones.Asistencia", ""),
    ("Eventos de seguridad", "auditoria.EventoSeguridad", ""),
    ("Intentos de ingreso", "axes.AccessAttempt", ""),
]
CUENTA = re.compile(r'class="paginator"[\s\S]*?(?:</ul>|>)\s*([^<]*?\d[^<]*?)\s*(?:<a|</nav>)')


def _percentil(valores, p):
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, round(p * (len(ordenados) - 1)))]


class Command(BaseCommand):
    help = "Mide las listas del admin sin escribir en la base (ver README)."

    def add_arguments(self, parser):
        parser.add_argument("--repeticiones", type=int, default=10)
        parser.add_argument("--forzar", action="store_true", help="Medir con DEBUG desactivado.")
        parser.add_argument("--solo", help="Solo las listas cuyo nombre contiene este texto.")

    def handle(self, *args, repeticiones, forzar, solo, **options):
        if settings.DEBUG and not forzar:
            raise CommandError("Con DEBUG activo se mide otra cosa: desactívelo o use --forzar.")
        settings.DEBUG = False
        usuario = get_user_model()(
            pk=0, username="medicion", is_superuser=True, is_staff=True, is_active=True
        )
        usuario.is_verified = lambda: True  # el sitio del admin pide el segundo factor
        fabrica = RequestFactory()

        def pedir(modelo, consulta):
            request = fabrica.get(f"/admin/?{consulta}", secure=True)
            request.user, request.session, request._csp_nonce = usuario, {}, "medicion"
            request._messages = CookieStorage(request)
            respuesta = admin.site._registry[modelo].changelist_view(request)
            respuesta.render()
            if respuesta.status_code != 200:
                raise CommandError(f"{modelo.__name__} ?{consulta}: {respuesta.status_code}")
            return respuesta

        solo_lectura = connection.vendor == "postgresql" and not connection.in_atomic_block
        with transaction.atomic():
            if solo_lectura:  # dentro de otra transacción (las pruebas) ya no se puede pedir
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION READ ONLY")
            datos = {
                "mayor": Municipio.objects.order_by("-poblacion").values_list("pk", flat=True)[0],
                "radicado": Caso.objects.order_by("pk").values_list("radicado", flat=True)[0],
            }
            self.stdout.write(
                f"{'Lista del admin':<28} {'primera':>8} {'mediana':>8} {'p95':>8} consultas  "
                "cuenta · la consulta más lenta"
            )
            for nombre, etiqueta, consulta in LISTAS:
                if solo and solo.lower() not in nombre.lower():
                    continue
                modelo, consulta = apps.get_model(etiqueta), consulta.format(**datos)
                with CaptureQueriesContext(connection) as capturadas:
                    inicio = time.perf_counter()
                    respuesta = pedir(modelo, consulta)
                    primera = (time.perf_counter() - inicio) * 1000
                tiempos = []
                for _ in range(repeticiones):
                    inicio = time.perf_counter()
                    pedir(modelo, consulta)
                    tiempos.append((time.perf_counter() - inicio) * 1000)
                cuenta = CUENTA.search(respuesta.content.decode())
                lenta = max(capturadas.captured_queries, key=lambda c: float(c["time"]))
                distinct = any("DISTINCT" in c["sql"].upper() for c in capturadas)
                self.stdout.write(
                    f"{nombre:<28} {primera:>6.0f}ms {statistics.median(tiempos):>6.1f}ms "
                    f"{_percentil(tiempos, 0.95):>6.1f}ms {len(capturadas):>9}  "
                    f"{' '.join(cuenta.group(1).split()) if cuenta else '?'}"
                    f"{' · DISTINCT' if distinct else ''} · {float(lenta['time']) * 1000:.0f} ms "
                    f"{lenta['sql'][:70]}"
                )
            transaction.set_rollback(True)
