import datetime

import pytest
from django.db import IntegrityError, transaction

from municipios.models import Contacto, Entidad, Municipio, TipoEntidad
from tests.factories import ContactoFactory, EntidadFactory, MunicipioFactory, SectorFactory

pytestmark = pytest.mark.django_db


def test_la_migracion_carga_los_cinco_municipios_del_amb_con_su_codigo_dane():
    municipios = dict(Municipio.objects.values_list("codigo_dane", "nombre"))
    assert municipios == {
        "08001": "Barranquilla",
        "08296": "Galapa",
        "08433": "Malambo",
        "08573": "Puerto Colombia",
        "08758": "Soledad",
    }
    activos = set(Municipio.objects.activos().values_list("nombre", flat=True))
    assert activos == {"Puerto Colombia", "Galapa", "Malambo"}


@pytest.mark.parametrize("codigo", ["08296", "08433", "08573"])
def test_cada_municipio_activo_tiene_sus_instituciones(codigo):
    tipos = set(
        Entidad.objects.filter(municipio__codigo_dane=codigo).values_list("tipo", flat=True)
    )
    assert tipos == {
        TipoEntidad.SECRETARIA_GOBIERNO,
        TipoEntidad.INSPECCION_URBANA,
        TipoEntidad.INSPECCION_RURAL,
        TipoEntidad.ESTACION_MEBAR,
        TipoEntidad.COMISARIA_FAMILIA,
    }


def test_la_migracion_no_inventa_personas():
    assert not Contacto.objects.exists()
    assert not Entidad.objects.exclude(telefono="").exists()
    assert not Entidad.objects.filter(municipio__activo=False).exists()


def test_contactos_vigentes_segun_sus_fechas():
    entidad = EntidadFactory()
    hoy = datetime.date(2026, 6, 15)
    anterior = ContactoFactory(
        entidad=entidad,
        vigente_desde=datetime.date(2024, 1, 1),
        vigente_hasta=datetime.date(2025, 12, 31),
    )
    actual = ContactoFactory(entidad=entidad, vigente_desde=datetime.date(2026, 1, 1))
    hasta_hoy = ContactoFactory(
        entidad=entidad, vigente_desde=datetime.date(2026, 1, 1), vigente_hasta=hoy
    )
    futuro = ContactoFactory(entidad=entidad, vigente_desde=datetime.date(2026, 7, 1))

    vigentes = set(Contacto.objects.vigentes(hoy))

    assert vigentes == {actual, hasta_hoy}
    assert anterior not in vigentes
    assert futuro not in vigentes


def test_la_base_de_datos_rechaza_una_vigencia_al_reves():
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactoFactory(
            vigente_desde=datetime.date(2026, 5, 1), vigente_hasta=datetime.date(2026, 4, 1)
        )


def test_nombre_de_sector_unico_por_municipio_sin_importar_mayusculas():
    # LOWER() de SQLite solo pliega ASCII; PostgreSQL pliega también tildes y eñes.
    sector = SectorFactory(nombre="Mundo Feliz")
    SectorFactory(nombre="Mundo Feliz", municipio=MunicipioFactory())  # otro municipio: vale
    with pytest.raises(IntegrityError), transaction.atomic():
        SectorFactory(nombre="MUNDO FELIZ", municipio=sector.municipio)


def test_la_base_de_datos_exige_un_codigo_dane_de_cinco_caracteres():
    with pytest.raises(IntegrityError), transaction.atomic():
        MunicipioFactory(codigo_dane="0829")


def test_tipo_de_entidad_fuera_del_catalogo_se_rechaza_en_la_base_de_datos():
    with pytest.raises(IntegrityError), transaction.atomic():
        EntidadFactory(tipo="notaria")
