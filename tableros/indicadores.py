"""Los indicadores de cada municipio, compuestos del catálogo (`tableros/catalogo/`), y su caché.

El tablero municipal, la comparación metropolitana y el informe mensual (HTML y XLSX) leen de
`calcular()`, así que no pueden dar cifras distintas. `consultas.reunir()` corre una vez cada
consulta agrupada (por municipio, en la base de datos: su número no crece con los datos ni con
los municipios comparados) y cada indicador del catálogo saca su cifra de esos grupos. Las
definiciones de cada cifra están en el catálogo, junto a la función que la calcula.
"""

import datetime

from django.conf import settings
from django.core.cache import cache

from comun.replica import corte_de_lectura
from municipios.alcance import municipio_de_alcance
from municipios.models import Municipio
from tableros import consultas
from tableros.catalogo import CATALOGO
from tableros.consultas import Datos
from tableros.periodos import Periodo

# Los que se calculan de los grupos de `reunir()` (no los que tienen su propia consulta).
CALCULADOS = [indicador for indicador in CATALOGO if indicador.calculo]


def cifras_del_municipio(datos: Datos, municipio: Municipio) -> dict:
    """{clave: cifra} de cada indicador del catálogo, con el enlace a la lista de las que lo
    tienen (en `clave_enlace`)."""
    cifras = {"municipio": municipio, "periodo": datos.periodo}
    for indicador in CALCULADOS:
        cifras[indicador.clave] = indicador.calculo(datos, municipio)
        if indicador.enlace:
            cifras[indicador.clave_enlace] = indicador.enlace(datos.periodo, municipio)
    return cifras


def calcular(user, municipios, periodo: Periodo, hoy: datetime.date | None = None) -> dict:
    """Todos los indicadores de cada municipio de `municipios` que `user` puede ver.

    Devuelve {municipio_id: {...}}; un municipio fuera del alcance no aparece. Las consultas son
    las de `consultas.reunir()`, las mismas para uno o para todos los municipios.
    """
    visibles = list(Municipio.objects.visible_para(user).filter(pk__in=[m.pk for m in municipios]))
    datos = consultas.reunir(user, [m.pk for m in visibles], periodo)
    return {municipio.pk: cifras_del_municipio(datos, municipio) for municipio in visibles}


def _ids_visibles(user, municipios) -> list[int]:
    return sorted(
        Municipio.objects.visible_para(user)
        .filter(pk__in=[m.pk for m in municipios])
        .values_list("pk", flat=True)
    )


def calcular_con_cache(
    user, municipios, periodo: Periodo, *, forzar: bool = False
) -> tuple[dict, datetime.datetime]:
    """`calcular()` guardado en la caché por `TABLEROS_CACHE_SEGUNDOS`, con la hora del corte.

    La clave son los municipios (ya filtrados por el alcance del usuario) y el periodo: quienes
    ven un tablero (coordinación, secretaría y AMB) ven todos los casos de su municipio, así que
    las cifras no dependen de quién las pide. Las páginas dicen la hora del corte.
    """
    ids = _ids_visibles(user, municipios)
    clave = f"tableros:{','.join(map(str, ids))}:{periodo.desde}:{periodo.hasta}"
    return _en_cache(clave, lambda: calcular(user, municipios, periodo), forzar)


def reincidencia_entre_municipios_con_cache(
    user, municipios, periodo: Periodo, *, forzar=False
) -> dict[int, int]:
    """Por municipio, los recibidos del periodo con alguien que ya tenía un caso en otro (el
    indicador `reincidentes_fuera`). Solo para quien ve todos los municipios (el equipo AMB):
    a los demás, nada."""
    if not municipio_de_alcance(user)[0]:
        return {}
    ids = sorted(m.pk for m in municipios)
    clave = f"reincidencia_fuera:{','.join(map(str, ids))}:{periodo.desde}:{periodo.hasta}"
    return _en_cache(
        clave, lambda: consultas.reincidentes_de_otro_municipio(user, ids, periodo), forzar
    )[0]


def tendencia_con_cache(user, municipios, periodo: Periodo, *, forzar=False) -> dict[int, dict]:
    """La serie mensual de la comparación metropolitana, en la caché como los tableros."""
    ids = _ids_visibles(user, municipios)
    clave = f"tendencia:{','.join(map(str, ids))}:{periodo.desde}:{periodo.hasta}"
    return _en_cache(clave, lambda: consultas.serie_mensual(ids, periodo), forzar)[0]


def _en_cache(clave: str, calculo, forzar: bool = False):
    segundos = settings.TABLEROS_CACHE_SEGUNDOS
    guardado = cache.get(clave) if segundos and not forzar else None
    if guardado is None:
        # La hora de los datos, antes de leerlos: la de la copia de lectura si se lee de ella.
        corte = corte_de_lectura()
        guardado = (calculo(), corte)
        if segundos:
            cache.set(clave, guardado, segundos)
    return guardado
