"""Una frase por gráfico, con las mismas cifras (WCAG 1.1.1: el texto que dice lo que muestra).

Se arman en el servidor a partir de las cifras ya agrupadas por la base (`indicadores`): no hacen
consultas. Cada gráfico lleva además su tabla con todos los valores.
"""

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def porcentaje(parte: int | float, total: int | float) -> str:
    """«35 %» o «33,3 %», con espacio que no se parte."""
    valor = round(100 * parte / total, 1)
    return f"{number_format(valor, 0 if valor == int(valor) else 1)}\u00a0%"


def _juntar(etiquetas: list[str]) -> str:
    if len(etiquetas) == 1:
        return etiquetas[0]
    return _("%(varias)s y %(ultima)s") % {
        "varias": ", ".join(etiquetas[:-1]),
        "ultima": etiquetas[-1],
    }


def mas_frecuente(filas: list[dict], que: str, unidad: str, vacio: str) -> str:
    """«Tipo de conflicto más frecuente: Ruido, con 42 de 120 casos (35 %).» `que` es el
    comienzo de la frase; los empates se nombran todos."""
    total = sum(fila["n"] for fila in filas)
    if not total:
        return vacio
    mayor = max(fila["n"] for fila in filas)
    primeras = [str(fila["etiqueta"]) for fila in filas if fila["n"] == mayor]
    datos = {
        "que": que,
        "etiquetas": _juntar(primeras),
        "n": mayor,
        "total": total,
        "unidad": unidad,
        "pct": porcentaje(mayor, total),
    }
    if len(primeras) > 1:
        return (
            _(
                "%(que)s (empate): %(etiquetas)s, con %(n)s de %(total)s %(unidad)s "
                "cada uno (%(pct)s)."
            )
            % datos
        )
    return _("%(que)s: %(etiquetas)s, con %(n)s de %(total)s %(unidad)s (%(pct)s).") % datos


def por_mes(meses, recibidos: list[int], cerrados: list[int]) -> str:
    """«12 casos recibidos y 9 cerrados; el mes con más recibidos fue octubre 2026 (5).»"""
    total_recibidos, total_cerrados = sum(recibidos), sum(cerrados)
    if not (total_recibidos or total_cerrados):
        return _("Ningún caso recibido ni cerrado en el periodo.")
    frase = ngettext(
        "%(r)s caso recibido y %(c)s cerrados en el periodo.",
        "%(r)s casos recibidos y %(c)s cerrados en el periodo.",
        total_recibidos,
    ) % {"r": total_recibidos, "c": total_cerrados}
    if total_recibidos and len(meses) > 1:
        mayor = max(recibidos)
        mes = meses[recibidos.index(mayor)]
        frase += " " + _("El mes con más casos recibidos fue %(mes)s (%(n)s).") % {
            "mes": date_format(mes, "F \\d\\e Y").lower(),
            "n": mayor,
        }
    return frase


def municipal(cifras: dict) -> dict[str, str]:
    """Las frases de los gráficos del tablero de un municipio, por el id de cada gráfico."""
    casos, participantes = _("casos"), _("participantes")
    sin_casos = _("Ningún caso recibido en el periodo.")
    sin_participantes = _("Sin participantes en actividades realizadas en el periodo.")
    serie = cifras["serie"]
    return {
        "meses": por_mes(serie["meses"], serie["recibidos"], serie["cerrados"]),
        "tipo": mas_frecuente(
            cifras["por_tipo"], _("Tipo de conflicto más frecuente"), casos, sin_casos
        ),
        "riesgo": mas_frecuente(
            cifras["por_riesgo"], _("Nivel de riesgo más frecuente"), casos, sin_casos
        ),
        "zona": mas_frecuente(cifras["por_zona"], _("Zona con más casos"), casos, sin_casos),
        "sexo": mas_frecuente(
            cifras["por_sexo"], _("Sexo más frecuente"), participantes, sin_participantes
        ),
        "edad": mas_frecuente(
            cifras["por_edad"], _("Grupo de edad más frecuente"), participantes, sin_participantes
        ),
    }


def metropolitano(columnas: list[dict], tendencia: list[tuple]) -> dict[str, str]:
    """Las frases de la comparación: quién recibió más casos en 12 meses y las tasas extremas."""
    filas = [
        {"etiqueta": c["municipio"].nombre, "n": sum(valores[i] for _mes, valores in tendencia)}
        for i, c in enumerate(columnas)
    ]
    resumen = {
        "tendencia": mas_frecuente(
            filas,
            _("Municipio con más casos recibidos en los últimos 12 meses"),
            _("casos"),
            _("Ningún caso recibido en los últimos 12 meses."),
        )
    }
    con_tasa = [c for c in columnas if c["por_10000"] is not None]
    if not con_tasa:
        resumen["tasa"] = _("Sin población registrada para calcular la tasa.")
        return resumen
    if len(con_tasa) == 1:
        resumen["tasa"] = _("%(m)s: %(t)s casos por 10.000 habitantes.") % {
            "m": con_tasa[0]["municipio"].nombre,
            "t": number_format(con_tasa[0]["por_10000"], 2),
        }
        return resumen
    alta = max(con_tasa, key=lambda c: c["por_10000"])
    baja = min(con_tasa, key=lambda c: c["por_10000"])
    resumen["tasa"] = _(
        "Tasa más alta: %(alta)s, con %(ta)s casos por 10.000 habitantes; más baja: %(baja)s, "
        "con %(tb)s."
    ) % {
        "alta": alta["municipio"].nombre,
        "ta": number_format(alta["por_10000"], 2),
        "baja": baja["municipio"].nombre,
        "tb": number_format(baja["por_10000"], 2),
    }
    return resumen
