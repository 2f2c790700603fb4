"""Listas del admin que no cuentan un millón de filas para decir cuántas hay."""

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property


class PaginadorEstimado(Paginator):
    """En PostgreSQL, una tabla grande sin filtros se cuenta con la estimación del planificador.

    `pg_class.reltuples` (la mantiene el autovacuum) cuesta una lectura; `COUNT(*)` de un millón
    de casos, cientos de milisegundos en cada página. Con filtros, o por debajo de `UMBRAL`
    filas, se cuenta de verdad: los filtros del admin usan índices y la cifra es exacta.
    """

    UMBRAL = 100_000

    @cached_property
    def count(self):
        consulta = self.object_list
        if isinstance(consulta, QuerySet) and not consulta.query.where:
            estimado = self._estimado(consulta)
            if estimado is not None and estimado >= self.UMBRAL:
                return estimado
        return super().count

    @staticmethod
    def _estimado(consulta) -> int | None:
        conexion = connections[consulta.db]
        if conexion.vendor != "postgresql":
            return None
        with conexion.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
                [consulta.model._meta.db_table],
            )
            fila = cursor.fetchone()
        return fila[0] if fila and fila[0] and fila[0] > 0 else None
