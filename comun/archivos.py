"""Archivos de evidencia: PDF, JPG o PNG comprobados por su contenido, a lo sumo 10 MB.

Las imágenes se vuelven a guardar con Pillow sin metadatos (EXIF, GPS): la ubicación de una
víctima no puede filtrarse en una foto. Se guardan con nombre aleatorio en el almacén privado y
solo se descargan por vistas que aplican el alcance. Lo usan casos, remisiones, personas y
actividades.
"""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FIRMAS = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
FORMATO_PIL = {"image/jpeg": "JPEG", "image/png": "PNG"}


def tipo_por_contenido(cabecera: bytes) -> str | None:
    return next((tipo for firma, tipo in FIRMAS.items() if cabecera.startswith(firma)), None)


def _demasiados_pixeles(tamano: tuple[int, int] | None = None) -> ValidationError:
    megapixeles = f"{settings.IMAGEN_PIXELES_MAXIMOS / 1_000_000:g}".replace(".", ",")
    mensaje = _(
        "La imagen tiene demasiados píxeles: se aceptan hasta %(mp)s megapíxeles. "
        "Reduzca su tamaño e intente de nuevo."
    ) % {"mp": megapixeles}
    if tamano:
        ancho, alto = (f"{lado:,}".replace(",", ".") for lado in tamano)
        mensaje += " " + _("Esta mide %(ancho)s x %(alto)s.") % {"ancho": ancho, "alto": alto}
    return ValidationError({"archivo": mensaje})


def _imagen_limpia(contenido: bytes, tipo: str) -> bytes:
    """La imagen vuelta a codificar, solo sus píxeles: sin EXIF, GPS ni otros metadatos.

    Las dimensiones se miran en la cabecera, antes de decodificar nada: una PNG de 47 KB puede
    declarar 7.000 x 7.000 píxeles y tardar segundos en decodificarse (o agotar la memoria).
    """
    try:
        with warnings.catch_warnings():
            # Pillow avisa (DecompressionBombWarning) entre ~89 y ~179 millones de píxeles y se
            # niega (DecompressionBombError) por encima: ambos son «demasiados píxeles».
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(contenido)) as imagen:
                ancho, alto = imagen.size  # solo la cabecera
                if ancho * alto > settings.IMAGEN_PIXELES_MAXIMOS:
                    raise _demasiados_pixeles(imagen.size)
                imagen.verify()
            with Image.open(io.BytesIO(contenido)) as imagen:
                imagen = ImageOps.exif_transpose(imagen)  # conserva la orientación, no el EXIF
                modo = "RGB" if tipo == "image/jpeg" else ("RGBA" if "A" in imagen.mode else "RGB")
                limpia = Image.new(modo, imagen.size)
                limpia.paste(imagen.convert(modo))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _demasiados_pixeles() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError({"archivo": _("El archivo no es una imagen válida.")}) from error
    salida = io.BytesIO()
    limpia.save(salida, format=FORMATO_PIL[tipo], quality=88)
    return salida.getvalue()


def archivo_comprobado(archivo) -> str:
    """Tipo MIME de un archivo subido, mirado sin decodificarlo (peso, firma, píxeles de la
    cabecera), o ValidationError con la clave «archivo». Lo usan los formularios para poner el
    error junto a su campo; el servicio vuelve a limpiar el archivo con contenido_validado."""
    if archivo.size > settings.ADJUNTO_TAMANO_MAXIMO:
        raise ValidationError(
            {"archivo": _("El archivo pesa más de 10 MB. Reduzca su tamaño e intente de nuevo.")}
        )
    archivo.seek(0)
    cabecera = archivo.read(64 * 1024)
    archivo.seek(0)
    tipo = tipo_por_contenido(cabecera[:16])
    if tipo is None:
        raise ValidationError(
            {
                "archivo": _(
                    "Solo se aceptan archivos PDF, JPG o PNG "
                    "(se revisa el contenido, no el nombre)."
                )
            }
        )
    if tipo in FORMATO_PIL:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(archivo) as imagen:
                    tamano = imagen.size  # solo la cabecera
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _demasiados_pixeles() from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ValidationError({"archivo": _("El archivo no es una imagen válida.")}) from error
        finally:
            archivo.seek(0)
        if tamano[0] * tamano[1] > settings.IMAGEN_PIXELES_MAXIMOS:
            raise _demasiados_pixeles(tamano)
    return tipo


def contenido_validado(archivo) -> tuple[bytes, str]:
    """(contenido listo para guardar, tipo MIME) de un archivo subido, o ValidationError.

    Lo usan las evidencias de casos y de actividades: las mismas reglas para ambas.
    """
    tipo = archivo_comprobado(archivo)  # peso, firma y píxeles de la cabecera
    contenido = archivo.read()
    if tipo in FORMATO_PIL:
        contenido = _imagen_limpia(contenido, tipo)
    return contenido, tipo


def respuesta_de_descarga(evidencia) -> FileResponse:
    """El archivo como descarga (nunca para mostrar en el navegador), sin caché compartida."""
    respuesta = FileResponse(
        evidencia.archivo.open("rb"),
        as_attachment=True,
        filename=evidencia.nombre_original,
        content_type=evidencia.tipo_contenido,
    )
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta


def evidencia_guardar(modelo, *, archivo, autor, descripcion: str = "", **dueno):
    """Crea la evidencia (`Adjunto` de un caso, `EvidenciaActividad`…) de un archivo subido.

    El archivo se comprueba por su contenido (`contenido_validado`), las imágenes pierden sus
    metadatos, se guarda con nombre aleatorio y la fila pasa por `full_clean()`; si la fila
    falla, el archivo se borra. `dueno`: el caso o la actividad a la que pertenece.
    """
    contenido, tipo = contenido_validado(archivo)
    instancia = modelo(
        **dueno,
        nombre_original=archivo.name[-200:],
        tipo_contenido=tipo,
        tamano=len(contenido),
        descripcion=descripcion,
        subido_por=autor,
    )
    instancia.archivo.save("evidencia", ContentFile(contenido), save=False)
    try:
        instancia.full_clean()
        instancia.save()
    except Exception:
        instancia.archivo.delete(save=False)
        raise
    return instancia
