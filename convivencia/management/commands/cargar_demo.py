from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from convivencia.demo import CLAVE_DEMO, USUARIOS, cargar_demo


class Command(BaseCommand):
    help = (
        "Carga datos de demostración: sectores, contactos y JAC de los municipios activos y un "
        "usuario por rol. Idempotente. Solo para desarrollo y demostraciones."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--casos",
            type=int,
            default=60,
            help="Casos por municipio activo (solo si el municipio aún no tiene casos).",
        )
        parser.add_argument(
            "--actividades",
            type=int,
            default=20,
            help="Actividades por municipio activo, además de la capacitación de los gestores.",
        )
        parser.add_argument(
            "--forzar",
            action="store_true",
            help="Cargar aunque DEBUG esté desactivado (crea usuarios con clave conocida).",
        )

    def handle(self, *args, forzar=False, casos=60, actividades=20, **options):
        if not settings.DEBUG and not forzar:
            raise CommandError(
                "DEBUG está desactivado: esto parece producción y cargar_demo crea usuarios con "
                "una clave conocida. Use --forzar solo si de verdad es un entorno de demostración."
            )
        creados = cargar_demo(casos_por_municipio=casos, actividades_por_municipio=actividades)
        resumen = ", ".join(f"{total} {que}" for que, total in creados.items())
        self.stdout.write(self.style.SUCCESS(f"Datos de demostración listos (nuevos: {resumen})."))
        usuarios = ", ".join(username for username, *_ in USUARIOS)
        self.stdout.write(f"Usuarios de demostración: {usuarios} — clave «{CLAVE_DEMO}».")
