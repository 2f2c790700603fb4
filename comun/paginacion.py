"""Paginación: la de las pantallas (`paginar`), la de una búsqueda con tope y la del admin, que
no cuenta un millón de filas para decir cuántas hay."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

# Filas por página en todas las listas de las pantallas.
POR_PAGINA = 25
PARAMETRO = "pagina"


def paginar(request, objetos, *, paginador=Paginator, quitar=()) -> tuple[Page, str]:
    """La página pedida en `?pagina=` (una inválida da la primera o la última, nunca un error) y
    los demás parámetros de la consulta, para que los enlaces de página conserven los filtros.

    `quitar`: parámetros que valen para una sola página (p. ej. abrir el panel de filtros).
    """
    pagina = paginador(objetos, POR_PAGINA).get_page(request.GET.get(PARAMETRO))
    parametros = request.GET.copy()
    for nombre in (PARAMETRO, *quitar):
        parametros.pop(nombre, None)
    return pagina, parametros.urlencode()


class PaginadorConTope(Paginator):
    """Para una búsqueda: cuenta hasta `TOPE` filas, en el orden de la lista.

    Contar todos los casos de un nombre común (la mitad de un municipio grande) obliga a leer
    cada persona que lo lleva; con tope, la cuenta recorre las filas en el orden de la lista y
    se detiene (ver README, «Rendimiento»). Más de `TOPE` es una búsqueda que hay que afinar.
    """

    TOPE = 100

    @cached_property
    def _hasta_tope(self) -> int:
        return self.object_list[: self.TOPE + 1].count()

    @property
    def hay_mas(self) -> bool:
        return self._hasta_tope > self.TOPE

    @cached_property
    def count(self):
        return min(self._hasta_tope, self.TOPE)


class PaginadorEstimado(Paginator):
    """En PostgreSQL, una tabla grande sin filtros se cuenta con la estimación del planificador.

    `pg_class.reltuples` (la mantiene el autovacuum) cuesta una lectura; `COUNT(*)` de un millón
    de casos, decenas o cientos de milisegundos en cada página. Con filtros o búsqueda, por
    debajo de `settings.ADMIN_CONTEO_ESTIMADO_DESDE` filas estimadas, o en SQLite, se cuenta de
    verdad: los filtros del admin usan índices y la cifra es exacta. `estimado` dice cuál fue, y
    la lista lo muestra («unos 1.000.000 casos», `cuenta_aproximada`).
    """

    estimado = False

    @cached_property
    def count(self):
        consulta = self.object_list
        if isinstance(consulta, QuerySet) and not consulta.query.where:
            estimado = estimacion_de_filas(consulta)
            if estimado is not None and estimado >= settings.ADMIN_CONTEO_ESTIMADO_DESDE:
                self.estimado = True
                return estimado
        return super().count

    @property
    def cuenta_aproximada(self) -> str:
        """«unos 1.000.000»: la estimación con dos cifras significativas (la de PostgreSQL no da
        para más) y separador de miles."""
        redondeado = round(self.count, 2 - len(str(self.count)))
        return _("unos %(n)s") % {"n": number_format(redondeado, force_grouping=True)}


def estimacion_de_filas(consulta: QuerySet) -> int | None:
    """Filas de la tabla de `consulta` según PostgreSQL: `reltuples`, al día tras el último
    ANALYZE o autovacuum; si la tabla nunca se analizó (-1: una tabla llenada por una migración
    antes de que pase el autovacuum), las filas vivas que cuentan sus estadísticas de uso. None
    en otra base o si ninguna de las dos sabe."""
    conexion = connections[consulta.db]
    if conexion.vendor != "postgresql":
        return None
    with conexion.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN reltuples >= 0 THEN reltuples::bigint"
            " ELSE pg_stat_get_live_tuples(oid) END"
            " FROM pg_class WHERE oid = to_regclass(%s)",
            [consulta.model._meta.db_table],
        )
        fila = cursor.fetchone()
    return fila[0] if fila and fila[0] and fila[0] > 0 else None
