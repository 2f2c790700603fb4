"""Lo que comparten las reglas de los modelos (`clean()`) de varias apps."""

import functools

from django.db.models.base import DEFERRED
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

SECTOR_DE_OTRO_MUNICIPIO = _("El sector no es de este municipio.")


class RecuerdaLoCargado:
    """Mixin de modelo: recuerda los `campos_vigilados` como se leyeron de la base.

    `clean()` corre en cada guardado (los servicios llaman a `full_clean()`); con `cambio()` una
    regla que cuesta una consulta solo se revisa cuando la fila es nueva o cambió lo que la
    regla mira, y no impide cerrar un caso cuyo gestor se retiró después de asignado.
    """

    campos_vigilados: tuple[str, ...] = ()

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instancia = super().from_db(db, field_names, values, **kwargs)
        instancia._cargado = {
            campo: instancia.__dict__.get(campo, DEFERRED) for campo in cls.campos_vigilados
        }
        return instancia

    def cambio(self, *campos: str) -> bool:
        """¿Es nueva, o alguno de `campos` (attname, p. ej. "gestor_id") difiere de lo leído?"""
        cargado = getattr(self, "_cargado", None)
        if self._state.adding or cargado is None:
            return True
        return any(cargado.get(campo, DEFERRED) != getattr(self, campo) for campo in campos)


@functools.cache
def _etiquetas(campo) -> dict:
    # Las claves son los valores crudos (texto): no hace falta traducir las etiquetas para
    # buscarlas, como hace Django al volver hashable cada par (valor, etiqueta perezosa).
    return dict(campo.flatchoices)


class EtiquetasRapidas:
    """Mixin de modelo: `get_<campo>_display()` sin traducir todas las opciones en cada llamada.

    El de Django arma en cada llamada un diccionario con todas las opciones, y para eso traduce
    cada etiqueta; en el detalle de un caso eran unos 10 ms. Aquí el diccionario se arma una vez
    por campo y solo se traduce la etiqueta que se muestra.
    """

    def _get_FIELD_display(self, field):
        valor = getattr(self, field.attname)
        try:
            etiqueta = _etiquetas(field).get(valor, valor)
        except TypeError:  # un valor no hashable: lo resuelve Django
            return super()._get_FIELD_display(field)
        return force_str(etiqueta, strings_only=True)
