"""Calcula de antemano los tableros de los últimos 12 meses (y este mes y los últimos 3) de cada
municipio activo y la comparación metropolitana, y los deja en la caché. Para cron, con una caché
compartida (CACHE_TABLA) y un intervalo menor que TABLEROS_CACHE_SEGUNDOS: así quien abre un
tablero lo encuentra hecho."""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from comun.replica import leyendo_de_la_replica
from municipios.models import Municipio
from tableros import indicadores
from tableros.periodos import Periodo


class Command(BaseCommand):
    help = "Deja en la caché los tableros de uso más común (para cron; ver README)."

    def handle(self, *args, **options):
        if settings.TABLEROS_CACHE_SEGUNDOS <= 0:
            raise CommandError("TABLEROS_CACHE_SEGUNDOS es 0: no hay caché que calentar.")
        # Un usuario sin guardar con alcance total: calcula lo mismo que vería el equipo AMB.
        sistema = get_user_model()(username="calentar_tableros", is_superuser=True)
        # Como los tableros, lee de la copia de lectura si la hay (DATABASE_REPLICA_URL).
        with leyendo_de_la_replica():
            self._calentar(sistema)

    def _calentar(self, sistema):
        activos = list(Municipio.objects.filter(activo=True))
        for meses, nombre in ((12, "12 meses"), (3, "3 meses"), (1, "este mes")):
            periodo = Periodo.ultimos_meses(meses)
            for municipio in activos:
                self._medir(f"{municipio}, {nombre}", indicadores.calcular_con_cache,
                            sistema, [municipio], periodo)  # fmt: skip
            self._medir(f"Comparación, {nombre}", indicadores.calcular_con_cache,
                        sistema, activos, periodo)  # fmt: skip
            self._medir(f"Reincidencia entre municipios, {nombre}",
                        indicadores.reincidencia_entre_municipios_con_cache,
                        sistema, activos, periodo)  # fmt: skip
        self._medir("Tendencia de 12 meses", indicadores.tendencia_con_cache, sistema, activos,
                    Periodo.ultimos_meses(12))  # fmt: skip

    def _medir(self, nombre, funcion, *argumentos):
        inicio = time.perf_counter()
        funcion(*argumentos, forzar=True)
        self.stdout.write(f"{nombre}: {(time.perf_counter() - inicio) * 1000:.0f} ms")
