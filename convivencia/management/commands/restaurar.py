"""Restaura una copia de `respaldar` en la base configurada (DATABASE_URL) y en MEDIA_ROOT.

    python manage.py restaurar --respaldo respaldos/convivencia-20261125-070000.dump

La base debe estar recién creada (`createdb`); con --reemplazar, borra antes lo que haya
(`pg_restore --clean`). Los archivos se toman del .tar.gz del mismo nombre, si existe.
"""

import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from convivencia.management.commands.respaldar import entorno_pg


class Command(BaseCommand):
    help = "Restaura una copia de respaldo (pg_restore y los archivos subidos)."

    def add_arguments(self, parser):
        parser.add_argument("--respaldo", required=True, help="El .dump de `respaldar`.")
        parser.add_argument("--reemplazar", action="store_true")

    def handle(self, *args, respaldo, reemplazar, **options):
        volcado = Path(respaldo)
        if not volcado.exists():
            raise CommandError(f"No existe {volcado}.")
        archivos = volcado.with_name(volcado.stem + "-archivos.tar.gz")
        orden = ["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction"]
        if reemplazar:
            orden += ["--clean", "--if-exists"]
        connection.close()
        entorno = entorno_pg(connection.settings_dict)
        resultado = subprocess.run(
            [*orden, f"--dbname={entorno['PGDATABASE']}", str(volcado)],
            env=entorno,
            capture_output=True,
            text=True,
        )
        if resultado.returncode != 0:
            raise CommandError(f"pg_restore falló: {resultado.stderr.strip()}")
        self.stdout.write(f"Base restaurada desde {volcado}.")
        if archivos.exists():
            media = Path(settings.MEDIA_ROOT)
            media.mkdir(parents=True, exist_ok=True)
            with tarfile.open(archivos, "r:gz") as tar:
                tar.extractall(media, filter="data")
            self.stdout.write(f"Archivos restaurados en {media}.")
