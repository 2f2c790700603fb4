"""Una imagen con demasiados píxeles se rechaza por su cabecera, sin decodificarla, en cada
camino de subida: evidencia del caso, evidencia de la actividad, archivo de la respuesta de una
remisión y formato de autorización firmado."""

import functools
import struct
import time
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from capacitaciones.models import EvidenciaActividad, TipoActividad
from casos.models import Adjunto, Caso, Persona
from comun.archivos import contenido_validado
from remisiones.models import Remision
from tests.casos.test_personas import _caso_nuevo
from tests.factories import ActividadFactory, CasoFactory, usuario_con_rol
from tests.remisiones.test_bandeja import _remitir

MENSAJE = "La imagen tiene demasiados píxeles: se aceptan hasta 25 megapíxeles."


def _trozo(tipo: bytes, datos: bytes) -> bytes:
    return (
        struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos))
    )


@functools.cache
def png_en_blanco(ancho: int, alto: int) -> bytes:
    """Una PNG de 1 bit por píxel, toda en ceros: pocos KB aunque declare millones de píxeles."""
    fila = b"\x00" * (1 + (ancho + 7) // 8)  # byte de filtro + la fila
    compresor = zlib.compressobj(9)
    datos = b"".join(compresor.compress(fila) for _ in range(alto)) + compresor.flush()
    cabecera = struct.pack(">IIBBBBB", ancho, alto, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _trozo(b"IHDR", cabecera)
        + _trozo(b"IDAT", datos)
        + _trozo(b"IEND", b"")
    )


@pytest.fixture(params=[(15_000, 15_000), (7_000, 7_000)], ids=["15000x15000", "7000x7000"])
def imagen_enorme(request, monkeypatch):
    """La PNG enorme; y si algo la decodificara (verify, load), la prueba falla."""
    png = png_en_blanco(*request.param)

    def _prohibido(*args, **kwargs):
        raise AssertionError("la imagen se decodificó antes de mirar sus dimensiones")

    monkeypatch.setattr(Image.Image, "load", _prohibido)
    monkeypatch.setattr(Image.Image, "verify", _prohibido)
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", _prohibido)
    monkeypatch.setattr("PIL.PngImagePlugin.PngImageFile.verify", _prohibido)
    monkeypatch.setattr("PIL.PngImagePlugin.PngImageFile.load", _prohibido, raising=False)
    return png


@pytest.fixture
def almacen_temporal(settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "privado": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        }
    }
    return tmp_path


def _archivo(png: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("foto.png", png, content_type="image/png")


def _sin_archivos(carpeta) -> bool:
    return not [ruta for ruta in carpeta.rglob("*") if ruta.is_file()]


def test_las_png_de_prueba_son_pequenas_y_declaran_lo_que_dicen():
    assert len(png_en_blanco(7_000, 7_000)) < 60_000
    assert len(png_en_blanco(15_000, 15_000)) < 300_000
    with Image.open(__import__("io").BytesIO(png_en_blanco(7_000, 7_000))) as imagen:
        assert imagen.size == (7_000, 7_000)


def test_una_foto_de_telefono_de_24_mp_cabe_y_una_de_7000_por_7000_no(settings):
    assert 6_000 * 4_000 <= settings.IMAGEN_PIXELES_MAXIMOS < 7_000 * 7_000


def test_el_rechazo_es_rapido_y_no_decodifica(imagen_enorme):
    inicio = time.perf_counter()
    with pytest.raises(ValidationError) as error:
        contenido_validado(_archivo(imagen_enorme))
    assert time.perf_counter() - inicio < 0.5
    assert MENSAJE in str(error.value)
    if struct.unpack(">I", imagen_enorme[16:20])[0] == 7_000:  # la de 15.000 Pillow la
        # rechaza al abrirla (DecompressionBombError), sin decir sus dimensiones
        assert "Esta mide 7.000 x 7.000." in str(error.value)


def test_el_limite_es_un_ajuste(settings):
    settings.IMAGEN_PIXELES_MAXIMOS = 1_000
    with pytest.raises(ValidationError) as error:
        contenido_validado(_archivo(png_en_blanco(40, 40)))
    assert "0,001 megapíxeles" in str(error.value)
    settings.IMAGEN_PIXELES_MAXIMOS = 2_000
    contenido, tipo = contenido_validado(_archivo(png_en_blanco(40, 40)))
    assert tipo == "image/png"
    assert contenido.startswith(b"\x89PNG")


def test_evidencia_del_caso(
    cliente_gestor_galapa, gestor_galapa, galapa, almacen_temporal, imagen_enorme
):
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa)

    respuesta = cliente_gestor_galapa.post(
        reverse("casos:adjunto", args=[caso.radicado]), {"archivo": _archivo(imagen_enorme)}
    )

    assert respuesta.status_code == 400
    assert MENSAJE in respuesta.content.decode()
    assert not Adjunto.objects.exists()
    assert _sin_archivos(almacen_temporal)


def test_evidencia_de_la_actividad(cliente_gestor_galapa, galapa, almacen_temporal, imagen_enorme):
    actividad = ActividadFactory(
        municipio=galapa, tipo=TipoActividad.PEDAGOGICA, publico_objetivo="remitidos"
    )

    respuesta = cliente_gestor_galapa.post(
        reverse("capacitaciones:evidencia", args=[actividad.pk]),
        {"archivo": _archivo(imagen_enorme)},
        follow=True,
    )

    assert respuesta.status_code < 500
    assert MENSAJE in respuesta.content.decode()
    assert not EvidenciaActividad.objects.exists()
    assert _sin_archivos(almacen_temporal)


def test_archivo_de_la_respuesta_de_una_remision(client, galapa, almacen_temporal, imagen_enorme):
    from gestores.models import Rol
    from municipios.models import TipoEntidad

    remision = _remitir(galapa)
    client.force_login(
        usuario_con_rol(
            Rol.ENLACE, galapa, entidad=galapa.entidades.get(tipo=TipoEntidad.ESTACION_MEBAR)
        )
    )

    respuesta = client.post(
        reverse("remisiones:respuesta", args=[remision.pk]),
        {
            "fecha": timezone.localdate().isoformat(),
            "respuesta": "Ver la foto",
            "archivo": _archivo(imagen_enorme),
        },
    )

    assert respuesta.status_code == 400
    assert MENSAJE in respuesta.content.decode()
    remision = Remision.objects.get(pk=remision.pk)
    assert not remision.archivo_respuesta
    assert not remision.respuesta
    assert _sin_archivos(almacen_temporal)


def test_formato_de_autorizacion_firmado(
    cliente_gestor_galapa, gestor_galapa, almacen_temporal, imagen_enorme
):
    from casos.models import TipoConflicto

    respuesta = _caso_nuevo(
        cliente_gestor_galapa,
        gestor_galapa,
        tipo=str(TipoConflicto.objects.get(nombre="Ruido y alteración de la tranquilidad").pk),
        numero_documento="7020203",
        nombres="Bomba",
        autorizacion="escrita",
        soporte_autorizacion=_archivo(imagen_enorme),
    )

    assert respuesta.status_code == 200
    assert MENSAJE in respuesta.content.decode()
    assert not Caso.objects.exists()
    assert not Persona.objects.exists()
    assert _sin_archivos(almacen_temporal)
