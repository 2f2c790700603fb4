"""Importes de datos de referencia por el admin: vista previa sin guardar, errores fila por fila
en español, y un archivo con una fila mala no importa nada."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from tablib import Dataset

from casos.models import TipoConflicto
from casos.recursos import TipoConflictoRecurso
from municipios.models import Contacto, Entidad, OrganizacionComunitaria, Sector
from municipios.recursos import SectorRecurso
from tests.auditoria.conftest import FORMATOS, url_admin
from tests.conftest import ingresar
from tests.factories import SectorFactory, UserFactory

pytestmark = pytest.mark.django_db

COL_MUNICIPIO = "Municipio (código DANE)"


def archivo_csv(filas: list[list]) -> SimpleUploadedFile:
    texto = io.StringIO()
    csv.writer(texto).writerows(filas)
    return SimpleUploadedFile("datos.csv", texto.getvalue().encode(), content_type="text/csv")


def archivo_xlsx(filas: list[list]) -> SimpleUploadedFile:
    libro = openpyxl.Workbook()
    for fila in filas:
        libro.active.append(fila)
    contenido = io.BytesIO()
    libro.save(contenido)
    return SimpleUploadedFile("datos.xlsx", contenido.getvalue())


def subir(cliente, modelo, archivo, formato="csv"):
    return cliente.post(
        url_admin(modelo, "import"),
        {"resource": "0", "format": str(FORMATOS[formato]), "import_file": archivo},
    )


def confirmar(cliente, modelo, vista_previa):
    html = vista_previa.content.decode()
    datos = {
        nombre: re.search(rf'name="{nombre}" value="([^"]*)"', html).group(1)
        for nombre in ("import_file_name", "original_file_name", "format", "resource")
    }
    return cliente.post(url_admin(modelo, "process_import"), datos)


SECTORES = [
    [COL_MUNICIPIO, "Nombre", "Tipo", "Zona"],
    ["08296", "Villa Olímpica Nueva", "Barrio", "urbana"],
    ["08433", "Caracolí Alto", "urbanización", "Urbana"],
    ["08433", "Vereda El Tesoro", "VEREDA", "rural"],
]


def test_la_vista_previa_no_guarda_y_confirmar_importa(cliente_amb, galapa, malambo):
    antes = Sector.objects.count()

    vista_previa = subir(cliente_amb, Sector, archivo_csv(SECTORES))

    assert vista_previa.status_code == 200
    html = vista_previa.content.decode()
    assert "Villa Olímpica Nueva" in html
    assert "Vereda El Tesoro" in html
    assert Sector.objects.count() == antes  # la vista previa no guarda

    confirmado = confirmar(cliente_amb, Sector, vista_previa)

    assert confirmado.status_code == 302
    assert Sector.objects.count() == antes + 3
    vereda = Sector.objects.get(nombre="Vereda El Tesoro")
    assert (vereda.municipio, vereda.tipo, vereda.zona) == (malambo, "vereda", "rural")
    # Cada fila importada queda en la historia del sector, con quién la importó.
    assert vereda.history.get().history_user.username == "t.amb"


def test_un_archivo_con_filas_malas_muestra_cada_error_y_no_importa_nada(cliente_amb, galapa):
    antes = Sector.objects.count()
    SectorFactory(municipio=galapa, nombre="Centro Histórico")
    filas = [
        *SECTORES,
        ["99999", "Sin municipio", "Barrio", "Urbana"],
        ["08296", "Otro", "Manzana", "Urbana"],
        ["08296", "centro histórico", "Barrio", "Fluvial"],
    ]

    vista_previa = subir(cliente_amb, Sector, archivo_csv(filas))

    html = vista_previa.content.decode()
    assert vista_previa.status_code == 200
    assert "No existe municipio con código «99999»." in html
    assert "«Manzana» no es una opción válida. Opciones: Barrio, Urbanización" in html
    assert "«Fluvial» no es una opción válida. Opciones: Urbana, Rural." in html
    assert 'name="import_file_name"' not in html  # no se ofrece confirmar
    assert Sector.objects.count() == antes + 1


def test_un_importe_con_una_fila_mala_no_deja_nada_a_medias(galapa):
    """Sin pasar por la vista previa (p. ej. un error que aparece solo al guardar)."""
    dataset = Dataset(headers=SECTORES[0])
    for fila in SECTORES[1:]:
        dataset.append(fila)
    dataset.append(["08296", "", "Barrio", "Urbana"])  # sin nombre: no pasa full_clean
    antes = Sector.objects.count()

    resultado = SectorRecurso().import_data(dataset, dry_run=False, use_transactions=True)

    assert resultado.has_validation_errors()
    assert Sector.objects.count() == antes


def test_el_importe_actualiza_lo_que_ya_existe_sin_importar_mayusculas(cliente_amb, galapa):
    existente = SectorFactory(municipio=galapa, nombre="La Floresta", tipo="barrio")
    filas = [SECTORES[0], ["08296", "LA FLORESTA", "Urbanización", "Urbana"]]

    confirmar(cliente_amb, Sector, subir(cliente_amb, Sector, archivo_csv(filas)))

    existente.refresh_from_db()
    assert existente.tipo == "urbanizacion"
    assert Sector.objects.filter(nombre__iexact="la floresta").count() == 1


def test_importar_contactos_desde_xlsx_con_fechas_reales(cliente_amb, galapa):
    estacion = Entidad.objects.get(municipio=galapa, tipo="estacion_mebar")
    encabezados = [COL_MUNICIPIO, "Entidad", "Nombre", "Cargo", "Teléfono", "Correo electrónico"]
    enero = datetime.datetime(2026, 1, 15)  # noqa: DTZ001 (una celda de fecha de Excel)
    filas = [
        [*encabezados, "Vigente desde", "Vigente hasta"],
        [
            "08296",
            estacion.nombre.upper(),
            "Mayor Ana Ríos",
            "Comandante",
            "3001234567",
            "ana.rios@policia.invalid",
            enero,
            None,
        ],
        [
            "08296",
            estacion.nombre,
            "Capitán Luis Mora",
            "Comandante",
            "",
            "",
            "01/06/2025",
            "14/01/2026",
        ],
    ]

    vista_previa = subir(cliente_amb, Contacto, archivo_xlsx(filas), formato="xlsx")
    confirmar(cliente_amb, Contacto, vista_previa)

    ana = Contacto.objects.get(nombre="Mayor Ana Ríos")
    luis = Contacto.objects.get(nombre="Capitán Luis Mora")
    assert ana.entidad == estacion
    assert ana.vigente_desde == datetime.date(2026, 1, 15)
    assert ana.vigente_hasta is None
    assert (luis.vigente_desde, luis.vigente_hasta) == (
        datetime.date(2025, 6, 1),
        datetime.date(2026, 1, 14),
    )


def test_las_entidades_de_un_contacto_se_buscan_en_el_municipio_de_la_fila(cliente_amb, galapa):
    filas = [
        [COL_MUNICIPIO, "Entidad", "Nombre", "Cargo", "Vigente desde"],
        ["08433", "Entidad que no está", "Pedro", "Inspector", "31/02/2026"],
    ]

    html = subir(cliente_amb, Contacto, archivo_csv(filas)).content.decode()

    assert "No existe en ese municipio la entidad «Entidad que no está»." in html
    assert "«31/02/2026» no es una fecha: escríbala como dd/mm/aaaa" in html
    assert not Contacto.objects.filter(nombre="Pedro").exists()


def test_importar_organizaciones_por_el_sector_de_su_municipio(cliente_amb, malambo):
    sector = SectorFactory(municipio=malambo, nombre="El Concord")
    filas = [
        [COL_MUNICIPIO, "Sector", "Nombre", "Tipo", "Persona de contacto", "Activa"],
        ["08433", "el concord", "JAC El Concord", "Junta de Acción Comunal", "Marta Díaz", "Sí"],
    ]

    confirmar(
        cliente_amb,
        OrganizacionComunitaria,
        subir(cliente_amb, OrganizacionComunitaria, archivo_csv(filas)),
    )

    jac = OrganizacionComunitaria.objects.get(nombre="JAC El Concord")
    assert (jac.sector, jac.tipo, jac.activa) == (sector, "jac", True)


def test_un_tipo_no_mediable_sin_entidad_se_rechaza_con_la_regla_del_modelo(cliente_amb, db):
    filas = [
        ["Nombre", "Categoría (Ley 1801, art. 6)", "Mediable", "Entidad a la que suele remitirse"],
        ["Maltrato animal grave", "Ambiente", "No", ""],
        ["Ocupación de andenes", "Tranquilidad", "Sí", ""],
    ]

    html = subir(cliente_amb, TipoConflicto, archivo_csv(filas)).content.decode()

    assert "Un tipo no mediable debe decir a qué entidad se remite." in html
    assert not TipoConflicto.objects.filter(nombre="Ocupación de andenes").exists()


def test_exportar_e_importar_el_catalogo_deja_todo_igual(db):
    """El exporte sirve de plantilla: reimportarlo no cambia nada."""
    recurso = TipoConflictoRecurso()
    dataset = Dataset(headers=[str(c.column_name) for c in recurso.get_export_fields()])
    for tipo in TipoConflicto.objects.all():
        dataset.append(
            [recurso.valor(c, tipo, con_datos_personales=True) for c in recurso.get_export_fields()]
        )

    resultado = recurso.import_data(dataset, dry_run=False)

    assert not resultado.has_errors()
    assert not resultado.has_validation_errors()
    assert resultado.totals["new"] == 0
    assert resultado.totals["update"] + resultado.totals["skip"] == TipoConflicto.objects.count()


def test_importar_pide_el_permiso_de_importar(client, db):
    usuario = UserFactory(is_staff=True)
    usuario.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_sector", "add_sector", "change_sector"])
    )
    ingresar(client, usuario)

    assert client.get(url_admin(Sector, "import")).status_code == 403
    assert "import_link" not in client.get(url_admin(Sector, "changelist")).content.decode()


@pytest.mark.parametrize(
    ("archivo", "formato"),
    [
        (SimpleUploadedFile("roto.xlsx", b"esto no es un libro de Excel"), "xlsx"),
        (SimpleUploadedFile("latin1.csv", "Municipio,Año\n08296,Ñ\n".encode("latin-1")), "csv"),
    ],
    ids=["xlsx-roto", "csv-latin1"],
)
def test_un_archivo_ilegible_se_explica_sin_error(cliente_amb, db, archivo, formato):
    antes = Sector.objects.count()

    respuesta = subir(cliente_amb, Sector, archivo, formato=formato)

    assert respuesta.status_code == 200
    assert 'class="errorlist' in respuesta.content.decode()
    assert Sector.objects.count() == antes


def test_un_archivo_sin_las_columnas_que_identifican_la_fila_se_explica(cliente_amb, db):
    respuesta = subir(cliente_amb, Sector, archivo_csv([["Nombre", "Tipo"], ["Centro", "Barrio"]]))

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Al archivo le faltan columnas: Municipio (código DANE)." in html
    assert "Traceback" not in html
    assert 'name="import_file_name"' not in html
