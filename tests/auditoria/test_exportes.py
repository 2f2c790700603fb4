"""Exportes del admin: el archivo dice lo que hay en la base, con los filtros de la lista, sin
fórmulas, en hora de Bogotá, seudonimizado sin permiso, y queda en la bitácora."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from auditoria.exportes import RESERVADO, ExportacionAdminMixin, seudonimo
from auditoria.models import RegistroExporte
from casos.models import Caso, Parte
from municipios.models import Contacto
from tests.auditoria.conftest import columna, datos_exporte, exportar, leer, url_admin
from tests.conftest import ingresar
from tests.factories import (
    ActividadFactory,
    ActuacionFactory,
    AsistenciaFactory,
    CasoFactory,
    CompromisoFactory,
    ContactoFactory,
    OrganizacionComunitariaFactory,
    ParteFactory,
    PersonaFactory,
    RemisionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BOGOTA = timezone.get_fixed_timezone(-300)


@pytest.fixture
def casos(galapa, malambo):
    """Dos casos de Galapa y tres de Malambo, uno registrado a las 22:30 de Bogotá del 28 de
    febrero (en UTC ya es 1 de marzo) para ver la hora local en el archivo."""
    registrado = datetime.datetime(2026, 2, 28, 22, 30, tzinfo=BOGOTA)
    resultado = {
        "galapa": [CasoFactory(municipio=galapa) for _ in range(2)],
        "malambo": [
            CasoFactory(
                municipio=malambo,
                fecha_hechos=datetime.date(2026, 2, 20),
                fecha_recepcion=datetime.date(2026, 2, 27),
                creado=registrado,
                nivel_riesgo="alto",
                relato='=HYPERLINK("http://malo.example","clic")',
            )
        ]
        + [CasoFactory(municipio=malambo) for _ in range(2)],
    }
    for caso in resultado["galapa"] + resultado["malambo"]:
        ParteFactory(caso=caso)
    return resultado


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
def test_el_exporte_de_casos_trae_cada_caso_con_sus_datos(
    cliente_con_datos_personales, casos, formato
):
    filas = exportar(cliente_con_datos_personales, Caso, formato=formato)

    esperados = Caso.objects.select_related("municipio", "tipo", "gestor")
    assert len(filas) == esperados.count() + 1
    assert filas[0][:3] == ["Radicado", "Municipio", "Código DANE"]
    por_radicado = {fila[0]: fila for fila in filas[1:]}
    for caso in esperados:
        fila = dict(zip(filas[0], por_radicado[caso.radicado], strict=True))
        assert fila["Municipio"] == caso.municipio.nombre
        assert fila["Código DANE"] == caso.municipio.codigo_dane
        assert fila["Tipo de conflicto"] == caso.tipo.nombre
        assert fila["Estado"] == caso.get_estado_display()
        assert fila["Nivel de riesgo"] == caso.get_nivel_riesgo_display()
        assert fila["Gestor responsable"] == caso.gestor.get_full_name()
        assert fila["Sector"] == caso.sector.nombre

    primero = dict(zip(filas[0], por_radicado[casos["malambo"][0].radicado], strict=True))
    if formato == "csv":
        assert primero["Fecha de recepción"] == "27/02/2026"
        assert primero["Registrado el"] == "28/02/2026 22:30"
    else:
        # XLSX: fechas reales (Excel las lee como fecha y hora), en hora de Bogotá.
        # (openpyxl devuelve fechas sin zona: la hora es la de Bogotá escrita en la celda)
        assert primero["Fecha de recepción"] == datetime.datetime(2026, 2, 27)  # noqa: DTZ001
        assert primero["Registrado el"] == datetime.datetime(2026, 2, 28, 22, 30)  # noqa: DTZ001
    # El relato con una fórmula sale como texto, con un apóstrofo delante.
    assert primero["Relato de los hechos"] == '\'=HYPERLINK("http://malo.example","clic")'


def test_el_exporte_respeta_los_filtros_y_la_busqueda_de_la_lista(cliente_amb, casos, malambo):
    de_malambo = exportar(cliente_amb, Caso, filtros=f"?municipio__id__exact={malambo.pk}")
    alto = exportar(
        cliente_amb, Caso, filtros=f"?municipio__id__exact={malambo.pk}&nivel_riesgo__exact=alto"
    )
    buscado = exportar(cliente_amb, Caso, filtros=f"?q={casos['galapa'][1].radicado}")

    assert sorted(columna(de_malambo, "Radicado")) == sorted(c.radicado for c in casos["malambo"])
    assert columna(alto, "Radicado") == [casos["malambo"][0].radicado]
    assert columna(buscado, "Radicado") == [casos["galapa"][1].radicado]


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
def test_una_fila_por_parte_trae_las_partes_de_los_casos_filtrados(
    cliente_amb, casos, malambo, formato
):
    segunda = ParteFactory(caso=casos["malambo"][1], rol="convocado")
    filas = exportar(
        cliente_amb,
        Caso,
        filtros=f"?municipio__id__exact={malambo.pk}",
        recurso=1,
        formato=formato,
    )

    partes = Parte.objects.filter(caso__municipio=malambo)
    assert len(filas) - 1 == partes.count() == 4
    assert sorted(columna(filas, "Código de la persona")) == sorted(
        seudonimo(p.persona_id) for p in partes
    )
    assert "Convocado" in columna(filas, "Rol en el caso")
    edades = columna(filas, "Edad")
    assert edades[0] == (40 if formato == "xlsx" else "40")  # un número real en el XLSX
    assert segunda.persona.nombres not in str(filas)  # sin el permiso: seudonimizado


def test_sin_el_permiso_los_datos_personales_salen_reservados_con_un_seudonimo_estable(
    cliente_amb, casos, malambo
):
    persona = casos["malambo"][0].partes.get().persona
    ParteFactory(caso=casos["galapa"][0], persona=persona, rol="convocado")

    filas = exportar(cliente_amb, Caso, recurso=1)
    otra_vez = exportar(cliente_amb, Caso, recurso=1)

    personales = ("Nombres", "Apellidos", "Número de documento", "Teléfono", "Dirección")
    for nombre in (*personales, "Correo electrónico"):
        assert set(columna(filas, nombre)) == {RESERVADO}
    assert "@correo.invalid" not in str(filas)
    codigos = columna(filas, "Código de la persona")
    assert codigos == columna(otra_vez, "Código de la persona")
    assert codigos.count(seudonimo(persona.pk)) == 2  # la reincidencia se sigue contando
    assert persona.numero_documento not in str(filas)
    casos_csv = exportar(cliente_amb, Caso)
    assert set(columna(casos_csv, "Relato de los hechos")) == {RESERVADO}
    assert RegistroExporte.objects.filter(datos_personales=True).count() == 0


def test_con_el_permiso_salen_los_datos_personales_salvo_los_de_menores(
    cliente_con_datos_personales, galapa
):
    adulto = PersonaFactory(nombres="Rosa", apellidos="Mercado", telefono="300 123 4567")
    menor = PersonaFactory(nombres="Camilo", tipo_documento="TI", edad=12)
    caso = CasoFactory(municipio=galapa)
    ParteFactory(caso=caso, persona=adulto)
    ParteFactory(caso=caso, persona=menor, rol="afectado")

    filas = exportar(cliente_con_datos_personales, Caso, recurso=1)

    nombres = dict(
        zip(columna(filas, "Código de la persona"), columna(filas, "Nombres"), strict=True)
    )
    assert nombres[seudonimo(adulto.pk)] == "Rosa"
    assert nombres[seudonimo(menor.pk)] == RESERVADO
    contacto = {
        codigo: (telefono, correo)
        for codigo, telefono, correo in zip(
            columna(filas, "Código de la persona"),
            columna(filas, "Teléfono"),
            columna(filas, "Correo electrónico"),
            strict=True,
        )
    }
    assert contacto[seudonimo(adulto.pk)] == (adulto.telefono, adulto.correo)
    assert adulto.correo.endswith("@correo.invalid")
    assert contacto[seudonimo(menor.pk)] == (RESERVADO, RESERVADO)
    registro = RegistroExporte.objects.get()
    assert registro.datos_personales is True


@pytest.mark.parametrize("peligroso", ["=1+1", "+57 300", "-2+3", "@SUMA(A1)", "\t=1", "\r=1"])
@pytest.mark.parametrize("formato", ["csv", "xlsx"])
def test_el_texto_que_parece_formula_se_neutraliza_y_los_numeros_siguen_siendo_numeros(
    cliente_con_datos_personales, galapa, peligroso, formato
):
    CasoFactory(municipio=galapa, relato=peligroso, direccion="Calle 5 # 3-20")
    ContactoFactory(entidad=galapa.entidades.first(), nombre=peligroso)

    filas = exportar(cliente_con_datos_personales, Caso, formato=formato)
    relato = columna(filas, "Relato de los hechos")[0]
    # (XML convierte un retorno de carro en salto de línea al leer el XLSX)
    assert relato.replace("\n", "\r") == "'" + peligroso.replace("\n", "\r")
    assert columna(filas, "Dirección o referencia") == ["Calle 5 # 3-20"]
    contactos = exportar(cliente_con_datos_personales, Contacto, formato=formato)
    assert columna(contactos, "Nombre")[0].startswith("'")
    if formato == "xlsx":
        assert isinstance(columna(filas, "Fecha de recepción")[0], datetime.datetime)


def test_caracteres_de_control_no_rompen_el_xlsx(cliente_con_datos_personales, galapa):
    CasoFactory(municipio=galapa, relato="antes\x07\x1bdespués")

    filas = exportar(cliente_con_datos_personales, Caso, formato="xlsx")

    assert columna(filas, "Relato de los hechos") == ["antesdespués"]


def test_cada_exporte_queda_en_la_bitacora(cliente_amb, usuario_amb, casos, malambo):
    exportar(cliente_amb, Caso, filtros=f"?municipio__id__exact={malambo.pk}", formato="xlsx")

    registro = RegistroExporte.objects.get()
    assert registro.usuario == usuario_amb
    assert registro.modelo == "casos.caso"
    assert registro.recurso == "Casos (una fila por caso)"
    assert registro.filtros == {"municipio__id__exact": str(malambo.pk)}
    assert registro.formato == "xlsx"
    assert registro.filas == 3
    assert registro.datos_personales is False
    assert registro.columnas[0] == "Radicado"
    assert timezone.now() - registro.creado < datetime.timedelta(minutes=1)


def test_la_bitacora_no_se_cambia_ni_se_borra(cliente_amb, casos):
    exportar(cliente_amb, Caso)
    registro = RegistroExporte.objects.get()

    registro.filas = 0
    with pytest.raises(PermissionDenied):
        registro.save()
    with pytest.raises(PermissionDenied):
        registro.delete()
    with pytest.raises(PermissionDenied):
        RegistroExporte.objects.update(filas=0)
    with pytest.raises(PermissionDenied):
        RegistroExporte.objects.all().delete()
    # Ni siquiera con SQL: un disparador de la base lo rechaza.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE auditoria_registroexporte SET filas = 0")
    assert RegistroExporte.objects.get().filas == 5

    detalle = cliente_amb.get(url_admin(RegistroExporte, "changelist") + f"{registro.pk}/change/")
    assert detalle.status_code == 200
    assert 'name="_save"' not in detalle.content.decode()
    assert (
        cliente_amb.post(
            url_admin(RegistroExporte, "changelist") + f"{registro.pk}/delete/"
        ).status_code
        == 403
    )
    assert cliente_amb.get(url_admin(RegistroExporte, "add")).status_code == 403


def test_exportar_pide_el_permiso_de_exportar(client, casos):
    sin_permiso = UserFactory(is_staff=True)
    sin_permiso.user_permissions.add(
        Permission.objects.get(codename="view_caso", content_type__app_label="casos")
    )
    ingresar(client, sin_permiso)

    lista = client.get(url_admin(Caso, "changelist"))
    exporte = client.post(url_admin(Caso, "export"), datos_exporte(Caso))

    assert lista.status_code == 200
    assert "export_link" not in lista.content.decode()
    assert exporte.status_code == 403
    assert not RegistroExporte.objects.exists()


def test_el_equipo_amb_ve_el_boton_exportar(cliente_amb, casos):
    lista = cliente_amb.get(url_admin(Caso, "changelist"))

    assert "export_link" in lista.content.decode()


def test_un_xlsx_demasiado_grande_se_rechaza_con_un_mensaje_claro(cliente_amb, casos, settings):
    settings.EXPORTE_XLSX_MAX_FILAS = 2

    respuesta = cliente_amb.post(url_admin(Caso, "export"), datos_exporte(Caso, formato="xlsx"))

    assert respuesta.status_code == 200
    assert "Content-Disposition" not in respuesta
    assert "Son 5 filas y un XLSX se arma hasta con 2" in respuesta.content.decode()
    assert not RegistroExporte.objects.exists()


def test_solo_las_columnas_elegidas(cliente_amb, casos):
    datos = datos_exporte(Caso, campos=["radicado", "estado"])
    filas = leer(cliente_amb.post(url_admin(Caso, "export"), datos), "csv")

    assert filas[0] == ["Radicado", "Estado"]
    assert RegistroExporte.objects.get().columnas == ["Radicado", "Estado"]


@pytest.fixture
def de_todo(galapa):
    """Al menos una fila de cada cosa que se exporta."""
    caso = CasoFactory(municipio=galapa)
    ActuacionFactory(caso=caso)
    RemisionFactory(caso=caso)
    CompromisoFactory(acuerdo__caso=caso)
    AsistenciaFactory(actividad=ActividadFactory(municipio=galapa))
    ContactoFactory(entidad=galapa.entidades.first())
    OrganizacionComunitariaFactory(sector__municipio=galapa)


EXPORTES = [
    (modelo, indice)
    for modelo, modelo_admin in admin.site._registry.items()
    if isinstance(modelo_admin, ExportacionAdminMixin)
    for indice, _ in enumerate(modelo_admin.get_export_resource_classes(None))
]


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("modelo", "recurso"), EXPORTES, ids=[f"{m._meta.label}-{i}" for m, i in EXPORTES]
)
def test_cada_exporte_del_admin_trae_todas_sus_filas(
    cliente_amb, de_todo, modelo, recurso, formato
):
    modelo_admin = admin.site._registry[modelo]
    clase = modelo_admin.get_export_resource_classes(None)[recurso]
    esperadas = clase().filas(modelo._default_manager.all()).count()

    filas = exportar(cliente_amb, modelo, recurso=recurso, formato=formato)

    assert filas[0] == [str(c.column_name) for c in clase().get_export_fields()]
    assert len(filas) - 1 == esperadas > 0
    assert all(len(fila) == len(filas[0]) for fila in filas)


@pytest.mark.parametrize(
    ("modelo", "recurso"), EXPORTES, ids=[f"{m._meta.label}-{i}" for m, i in EXPORTES]
)
def test_las_consultas_de_un_exporte_no_crecen_con_las_filas(cliente_amb, galapa, modelo, recurso):
    def consultas():
        with CaptureQueriesContext(connection) as capturadas:
            exportar(cliente_amb, modelo, recurso=recurso)
        return len(capturadas)

    def sembrar():
        caso = CasoFactory(municipio=galapa)
        ParteFactory(caso=caso)
        ActuacionFactory(caso=caso)
        RemisionFactory(caso=caso)
        CompromisoFactory(acuerdo__caso=caso)
        AsistenciaFactory(actividad=ActividadFactory(municipio=galapa))
        ContactoFactory(entidad=galapa.entidades.first())
        OrganizacionComunitariaFactory(sector__municipio=galapa)

    sembrar()
    pocas = consultas()
    for _ in range(4):
        sembrar()
    assert consultas() == pocas


@pytest.mark.parametrize(
    "filtros", ["?fecha_recepcion__gte=ayer", "?municipio__id__exact=no-es-un-numero"]
)
def test_filtros_que_la_lista_no_entiende_vuelven_a_la_lista_sin_error(cliente_amb, casos, filtros):
    formulario = cliente_amb.get(url_admin(Caso, "export") + filtros)
    exporte = cliente_amb.post(url_admin(Caso, "export") + filtros, datos_exporte(Caso))

    for respuesta in (formulario, exporte):
        assert respuesta.status_code in (302, 400)
    assert not RegistroExporte.objects.exists()


@pytest.mark.parametrize(
    "peligroso",
    [
        '\x01=HYPERLINK("http://malo.example","clic")',
        "\x1b\x1f=1+1",  # (un NUL no llega a la base: PostgreSQL lo rechaza y los formularios
        # también; neutralizar con NUL se prueba sin base, abajo)
        "   =1+1",
        "\t \t=1+1",
        " \x07 @SUMA(A1)",
        '\uff1dHYPERLINK("http://malo.example")',
        "\u3000\uff0b57 300",
        "\uff0d2+3",
        "\uff20SUMA(A1)",
        "=1",
        "+1",
        "-1",
        "@A1",
    ],
)
@pytest.mark.parametrize("formato", ["csv", "xlsx"])
def test_la_neutralizacion_va_despues_de_quitar_controles_y_espacios(
    cliente_con_datos_personales, galapa, peligroso, formato
):
    CasoFactory(municipio=galapa, relato=peligroso)

    respuesta = cliente_con_datos_personales.post(
        url_admin(Caso, "export"), datos_exporte(Caso, formato=formato)
    )
    contenido = b"".join(respuesta.streaming_content)

    if formato == "xlsx":
        import io

        import openpyxl

        hoja = openpyxl.load_workbook(io.BytesIO(contenido)).active
        encabezados = [celda.value for celda in hoja[1]]
        celda = hoja.cell(row=2, column=encabezados.index("Relato de los hechos") + 1)
        assert celda.data_type != "f"
        relato = celda.value
    else:
        filas = leer_csv(contenido)
        relato = columna(filas, "Relato de los hechos")[0]
    assert relato.startswith("'")
    assert not any(ord(letra) < 32 and letra not in "\t\n\r" for letra in relato)


def leer_csv(contenido: bytes) -> list[list]:
    import csv
    import io

    return list(csv.reader(io.StringIO(contenido.decode("utf-8-sig"))))


def test_neutralizar_quita_un_nul_antes_de_mirar_el_comienzo():
    from auditoria.exportes import neutralizar

    assert neutralizar("\x00\x1b=1+1") == "'=1+1"


@pytest.mark.parametrize(
    "inofensivo", ["Calle 5 # 3-20", "a=b", "Riña - vecinos", "correo@ejemplo.org"]
)
def test_el_texto_que_no_empieza_como_formula_sale_igual(inofensivo):
    from auditoria.exportes import neutralizar

    assert neutralizar(inofensivo) == inofensivo


def test_la_pagina_de_exporte_no_muestra_comentarios_ni_un_formato_en_blanco(cliente_amb, casos):
    import re

    respuesta = cliente_amb.get(url_admin(Caso, "export"))
    html = respuesta.content.decode()

    assert respuesta.status_code == 200
    assert "{#" not in html
    assert "#}" not in html
    assert "se conecta en static/js/exporte.js" not in html
    select = re.search(r'<select name="format"[^>]*>(.*?)</select>', html, re.S).group(1)
    opciones = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)
    assert [(valor, texto) for valor, _, texto in opciones] == [("0", "csv"), ("1", "xlsx")]
    assert opciones[0][1] == " selected"
    assert "---" not in select
