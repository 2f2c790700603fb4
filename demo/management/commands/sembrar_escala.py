from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.escala import sembrar


class Command(BaseCommand):
    help = (
        "Crea en bloque N casos realistas (con personas que reaparecen, partes, actuaciones, "
        "remisiones, acuerdos, actividades y asistencia) en los cinco municipios del AMB, para "
        "medir con `manage.py bench`. Solo para entornos de prueba."
    )

    def add_arguments(self, parser):
        parser.add_argument("--casos", type=int, required=True, help="Cuántos casos crear.")
        parser.add_argument("--semilla", type=int, default=2026, help="Semilla del azar.")
        parser.add_argument(
            "--forzar",
            action="store_true",
            help="Sembrar aunque DEBUG esté desactivado (llena la base de datos de prueba).",
        )

    def handle(self, *args, casos, semilla, forzar, **options):
        if not settings.DEBUG and not forzar:
            raise CommandError(
                "DEBUG está desactivado: esto parece producción y sembrar_escala llena la base "
                "con datos inventados. Use --forzar solo en una base de pruebas."
            )
        if casos <= 0:
            raise CommandError("--casos debe ser un número positivo.")
        self.stdout.write(f"Sembrando {casos} casos…")
        filas = sembrar(casos, semilla=semilla, salida=self.stdout.write)
        resumen = ", ".join(f"{n} {que}" for que, n in filas.items())
        self.stdout.write(self.style.SUCCESS(f"Filas nuevas: {resumen}."))
