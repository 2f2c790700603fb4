"""Filas en bloque para la siembra a escala: `COPY` en PostgreSQL, `executemany` en SQLite, con
los valores como el ORM los guardaría. Sin validación de modelo: las restricciones de la base
revisan cada fila."""

import datetime
import io
import uuid
from collections import defaultdict

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max


def _texto_copy(valor) -> str:
    if valor is None:
        return r"\N"
    if valor is True:
        return "t"
    if valor is False:
        return "f"
    texto = str(valor)
    if "\\" in texto or "\t" in texto or "\n" in texto or "\r" in texto:
        texto = (
            texto.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return texto


def _valor_sqlite(valor):
    """Lo que el ORM guardaría en SQLite: UUID en hexadecimal, fecha y hora en UTC sin zona."""
    if isinstance(valor, uuid.UUID):
        return valor.hex
    if isinstance(valor, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(valor)
    if isinstance(valor, datetime.date):
        return valor.isoformat()
    return valor


class Escritor:
    """Escribe filas (tuplas en el orden de `campos`) en la tabla de un modelo, en bloque."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.filas_escritas: dict[str, int] = defaultdict(int)

    def escribir(self, modelo, campos: list[str], filas: list[tuple]):
        if not filas:
            return
        tabla = modelo._meta.db_table
        columnas = [modelo._meta.get_field(c).column for c in campos]
        nombres = ", ".join(connection.ops.quote_name(c) for c in columnas)
        with connection.cursor() as cursor:
            if self.postgres:
                texto = "\n".join("\t".join(map(_texto_copy, fila)) for fila in filas) + "\n"
                cursor.cursor.copy_expert(
                    f"COPY {connection.ops.quote_name(tabla)} ({nombres}) FROM STDIN",
                    io.StringIO(texto),
                )
            else:
                marcas = ", ".join(["%s"] * len(columnas))
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(tabla)} ({nombres}) VALUES ({marcas})",
                    [tuple(map(_valor_sqlite, fila)) for fila in filas],
                )
        self.filas_escritas[modelo._meta.verbose_name_plural] += len(filas)

    def reiniciar_secuencias(self, modelos):
        if self.postgres:
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), modelos):
                    cursor.execute(sql)


def siguiente_id(modelo) -> int:
    """El primer id libre de la tabla del modelo (las filas en bloque traen su propio id)."""
    return (modelo.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
