import datetime

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language

from tableros.informe import Mes, Porcentaje

register = template.Library()


@register.filter
def celda(valor):
    """Una celda del informe: porcentajes con %, meses con su nombre, vacíos con raya."""
    if valor is None:
        return "—"
    if isinstance(valor, Porcentaje):
        return f"{number_format(valor, 1)}\u00a0%"
    if isinstance(valor, Mes):
        return date_format(valor, "F Y").capitalize()
    if isinstance(valor, datetime.date):
        return date_format(valor, "SHORT_DATE_FORMAT")
    if isinstance(valor, float):
        return number_format(valor, 1)
    return valor


class CifrasEnCacheNode(template.Node):
    def __init__(self, nodelist, clave):
        self.nodelist, self.clave = nodelist, clave

    def render(self, context):
        clave = self.clave.resolve(context)
        segundos = settings.TABLEROS_CACHE_SEGUNDOS
        if not (clave and segundos):
            return self.nodelist.render(context)
        clave = f"tablero-html:{get_language()}:{clave}"
        html = cache.get(clave)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(clave, html, segundos)
        return html


@register.tag
def cifras_en_cache(parser, token):
    """`{% cifras_en_cache clave %}…{% endcifras_en_cache %}`: el HTML de las cifras de un
    tablero, dibujado una vez por corte y servido de la caché mientras lo estén sus cifras.

    La `clave` la arma la vista con lo que decide esas cifras (municipios visibles, periodo y
    la hora del corte), así que nadie recibe por aquí otra cosa que lo que vería dibujándolas; lo
    que depende de quién mira o de la petición (el formulario del periodo, el estado de la
    copia, los enlaces por rol, el nonce de los scripts) queda fuera del bloque. Sin clave o con
    `TABLEROS_CACHE_SEGUNDOS=0`, dibuja siempre."""
    try:
        _nombre, clave = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("cifras_en_cache pide una clave") from None
    nodelist = parser.parse(("endcifras_en_cache",))
    parser.delete_first_token()
    return CifrasEnCacheNode(nodelist, parser.compile_filter(clave))
