"""Evidencias adjuntas a un caso (las reglas de los archivos están en casos/archivos.py)."""

from django.db import transaction
from django.utils.translation import gettext as _

from casos.archivos import contenido_validado, guardar_evidencia
from casos.models import Adjunto, Caso, TipoActuacion
from casos.services import _actuacion


@transaction.atomic
def adjunto_subir(*, caso: Caso, autor, archivo, descripcion: str = "") -> Adjunto:
    contenido, tipo = contenido_validado(archivo)
    adjunto = guardar_evidencia(
        Adjunto(
            caso=caso,
            nombre_original=archivo.name[-200:],
            tipo_contenido=tipo,
            tamano=len(contenido),
            descripcion=descripcion,
            subido_por=autor,
        ),
        contenido,
    )
    _actuacion(
        caso,
        autor,
        TipoActuacion.NOTA,
        _("Evidencia adjunta: %(nombre)s") % {"nombre": adjunto.nombre_original},
    )
    return adjunto
