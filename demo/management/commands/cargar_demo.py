from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.datos import CLAVE_DEMO, ENLACES, USUARIOS, cargar_demo
from gestores.models import Rol


def usuarios_de_la_demo() -> list[tuple[str, str]]:
    """(rol, usuario) de cada usuario con clave de la demo, en el orden del aviso."""
    return [(Rol(rol).label, usuario) for usuario, rol, *_ in USUARIOS] + [
        (f"{Rol.ENLACE.label} ({nombre})", usuario) for usuario, _tipo, nombre, _ in ENLACES
    ]


def donde_van_los_correos() -> str:
    mailer = settings.MAILERS["default"]
    backend = mailer["BACKEND"].rsplit(".", 2)[-2]
    if backend == "filebased":
        carpeta = Path(mailer["OPTIONS"]["file_path"])
        if carpeta.is_relative_to(settings.BASE_DIR):
            carpeta = carpeta.relative_to(settings.BASE_DIR)
        return f"en archivos de {carpeta}/ (no se envían)"
    if backend == "console":
        return "a la consola"
    if backend == "smtp":
        return f"por SMTP a {mailer['OPTIONS'].get('host', '')}"
    return f"al backend {mailer['BACKEND']}"


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
        usuarios = usuarios_de_la_demo()
        ancho = max(len(rol) for rol, _ in usuarios)
        lineas = [
            "",
            f"Convivencia: {settings.SITIO_URL.rstrip('/')}/",
            f"Usuarios de demostración (clave de todos: {CLAVE_DEMO}):",
            *(f"  {rol.ljust(ancho)}  {usuario}" for rol, usuario in usuarios),
            f"Correos de la demo: {donde_van_los_correos()}.",
            "",
        ]
        self.stdout.write("\n".join(lineas))
