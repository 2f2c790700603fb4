"""Copia de respaldo: la base con pg_dump (formato propio de PostgreSQL, comprimido) y los
archivos subidos (MEDIA_ROOT: evidencias y respuestas) en un .tar.gz, con la misma marca de hora.

    python manage.py respaldar --destino /srv/respaldos

Restaurar: `python manage.py restaurar` (ver README, «Copias de respaldo»).
"""

import os
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


def entorno_pg(base=None) -> dict:
    """Variables PG* de la conexión configurada (o de `base`, un dict de DATABASES)."""
    base = base or settings.DATABASES["default"]
    if base["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError("Las copias con pg_dump son de PostgreSQL: defina DATABASE_URL.")
    entorno = dict(os.environ)
    for variable, clave in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if base.get(clave):
            entorno[variable] = str(base[clave])
    return entorno


class Command(BaseCommand):
    help = "Copia la base (pg_dump) y los archivos subidos (MEDIA_ROOT) a --destino."

    def add_arguments(self, parser):
        parser.add_argument("--destino", default="respaldos")

    def handle(self, *args, destino, **options):
        destino = Path(destino)
        destino.mkdir(parents=True, exist_ok=True)
        marca = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        volcado = destino / f"convivencia-{marca}.dump"
        archivos = destino / f"convivencia-{marca}-archivos.tar.gz"
        entorno = entorno_pg(connection.settings_dict)
        resultado = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={volcado}"],
            env=entorno,
            capture_output=True,
            text=True,
        )
        if resultado.returncode != 0:
            raise CommandError(f"pg_dump falló: {resultado.stderr.strip()}")
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(archivos, "w:gz") as tar:
            if media.exists():
                tar.add(media, arcname=".")
        self.stdout.write(f"Base: {volcado} ({volcado.stat().st_size / 1e6:.1f} MB)")
        self.stdout.write(f"Archivos: {archivos} ({archivos.stat().st_size / 1e6:.1f} MB)")
