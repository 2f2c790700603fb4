"""Evidencias adjuntas a un caso (las reglas de los archivos están en comun/archivos.py)."""

from django.db import transaction
from django.utils.translation import gettext as _

from casos.models import Adjunto, Caso, TipoActuacion
from casos.services import actuacion_anotar
from comun.archivos import evidencia_guardar


@transaction.atomic
def adjunto_subir(*, caso: Caso, autor, archivo, descripcion: str = "") -> Adjunto:
    """Adjunta una evidencia al caso y lo deja dicho en su línea de tiempo."""
    adjunto = evidencia_guardar(
        Adjunto, caso=caso, archivo=archivo, autor=autor, descripcion=descripcion
    )
    actuacion_anotar(
        caso,
        autor,
        TipoActuacion.NOTA,
        _("Evidencia adjunta: %(nombre)s") % {"nombre": adjunto.nombre_original},
    )
    return adjunto
