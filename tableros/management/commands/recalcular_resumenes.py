import time

from django.core.management.base import BaseCommand

from tableros import diarios


class Command(BaseCommand):
    help = (
        "Rehace desde las tablas de base las tablas de resumen de los tableros y la reincidencia "
        "guardada de cada caso (después de una carga en bloque, o si verificar_resumenes falla)."
    )

    def handle(self, *args, **options):
        inicio = time.monotonic()
        filas = diarios.recalcular(salida=self.stdout.write)
        resumen = ", ".join(f"{nombre}: {n}" for nombre, n in filas.items())
        segundos = time.monotonic() - inicio
        self.stdout.write(self.style.SUCCESS(f"Rehechos en {segundos:.0f} s ({resumen})."))
