"""Las listas del admin de tablas grandes no recorren la tabla entera en cada página: sin
`date_hierarchy` (su primer nivel es un `SELECT DISTINCT DATE_TRUNC('year', …)` de toda la
tabla), sin facetas, sin el conteo completo y, sin filtros, con la estimación de PostgreSQL en vez
de `COUNT(*)`; con filtros o búsqueda, la cuenta es exacta (README, «El admin y sus exportes con
un millón de casos»)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core import checks
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from auditoria.models import EventoSeguridad
from capacitaciones.models import Actividad, Asistencia
from casos.models import Actuacion, Acuerdo, Adjunto, Autorizacion, Caso, Compromiso, Persona
from comun.admin_site import ListaGrande
from comun.paginacion import PaginadorEstimado
from gestores.models import Rol
from remisiones.models import Notificacion, Remision
from tests.auditoria.conftest import url_admin
from tests.conftest import ingresar
from tests.factories import ActuacionFactory, CasoFactory, PersonaFactory, usuario_con_rol

pytestmark = pytest.mark.django_db

# Las tablas que crecen con los casos (o con cada página que se abre, o con cada intento de
# ingreso): su lista es una ListaGrande.
GRANDES = [
    Caso,
    Persona,
    Autorizacion,
    Actuacion,
    Acuerdo,
    Compromiso,
    Adjunto,
    Remision,
    Notificacion,
    Asistencia,
    Actividad,
    EventoSeguridad,
    AccessAttempt,
]

solo_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_class.reltuples solo existe en PostgreSQL (CI corre estas pruebas allí); en SQLite "
    "el paginador siempre cuenta de verdad, y eso lo prueban las demás",
)


def _caso_recibido(municipio, fecha: datetime.date):
    return CasoFactory(
        municipio=municipio,
        anio=fecha.year,
        fecha_hechos=fecha - datetime.timedelta(days=1),
        fecha_recepcion=fecha,
    )


def _analizar(tabla: str):
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tabla}")


@pytest.mark.parametrize("modelo", GRANDES, ids=lambda m: m._meta.label)
def test_las_tablas_grandes_tienen_lista_grande(modelo):
    modelo_admin = admin.site._registry[modelo]

    assert isinstance(modelo_admin, ListaGrande)
    assert modelo_admin.date_hierarchy is None
    assert modelo_admin.show_full_result_count is False
    assert modelo_admin.show_facets is admin.ShowFacets.NEVER
    assert modelo_admin.paginator is PaginadorEstimado


def _con_indice(modelo, nombre: str) -> bool:
    nombre = nombre.lstrip("-")
    if nombre == "pk":
        return True
    campo = modelo._meta.get_field(nombre)
    if campo.primary_key or campo.unique or campo.db_index:
        return True
    return any(
        indice.fields and indice.fields[0].lstrip("-") == nombre for indice in modelo._meta.indexes
    )


# Las actividades (20.000 con un millón de casos) se ordenan por su inicio sin índice propio: unos
# milisegundos.
@pytest.mark.parametrize(
    "modelo", [m for m in GRANDES if m is not Actividad], ids=lambda m: m._meta.label
)
def test_el_orden_de_una_lista_grande_empieza_por_un_indice(modelo, rf, usuario_amb):
    # Sin índice, la base ordena la tabla entera para dar 50 filas (personas por apellido: 2,7 s
    # con 1,84 millones).
    request = rf.get("/")
    request.user = usuario_amb
    modelo_admin = admin.site._registry[modelo]

    orden = modelo_admin.get_ordering(request) or modelo._meta.ordering

    assert _con_indice(modelo, orden[0]), orden


def test_las_autorizaciones_de_todos_sin_filtro_y_las_de_un_municipio_solo_las_suyas(
    cliente_amb, client, galapa, malambo
):
    de_galapa = PersonaFactory(municipio=galapa).autorizacion
    de_malambo = PersonaFactory(municipio=malambo).autorizacion
    coordinador = usuario_con_rol(Rol.COORDINADOR, malambo, usuario__is_staff=True)
    coordinador.user_permissions.add(Permission.objects.get(codename="view_autorizacion"))
    ingresar(client, coordinador)

    del_equipo = cliente_amb.get(url_admin(Autorizacion, "changelist")).context["cl"]
    del_coordinador = client.get(url_admin(Autorizacion, "changelist")).context["cl"]

    # Sin filtro en la consulta: la lista del equipo AMB puede usar la estimación.
    assert not del_equipo.queryset.query.where
    assert {a.pk for a in del_equipo.result_list} >= {de_galapa.pk, de_malambo.pk}
    assert [a.pk for a in del_coordinador.result_list] == [de_malambo.pk]


def test_una_lista_grande_con_date_hierarchy_no_pasa_el_chequeo():
    class ConJerarquia(ListaGrande, admin.ModelAdmin):
        date_hierarchy = "fecha_recepcion"

    errores = ConJerarquia(Caso, admin.site).check()

    assert [error.id for error in errores] == ["comun.E001"]
    assert all(isinstance(error, checks.Error) for error in errores)


def test_la_lista_de_casos_no_busca_los_anios_con_distinct(cliente_amb, galapa):
    hoy = timezone.localdate()
    for anio in (hoy.year - 2, hoy.year - 1):
        _caso_recibido(galapa, datetime.date(anio, 3, 2))
    CasoFactory(municipio=galapa)

    with CaptureQueriesContext(connection) as consultas:
        respuesta = cliente_amb.get(url_admin(Caso, "changelist"))

    assert respuesta.status_code == 200
    sql = " ".join(consulta["sql"] for consulta in consultas).lower()
    assert "distinct" not in sql
    assert "date_trunc" not in sql  # django_date_trunc en SQLite, DATE_TRUNC en PostgreSQL
    # Los años, en el filtro de la fecha de recepción, del último al primero (el de hoy es
    # «Este año»).
    filtro = respuesta.context["cl"].filter_specs[-1]
    titulos = [opcion["display"] for opcion in filtro.choices(respuesta.context["cl"])]
    assert titulos[-2:] == [str(hoy.year - 1), str(hoy.year - 2)]
    assert titulos.count("Este año") == 1


def test_un_anio_del_filtro_lista_los_casos_de_ese_anio(cliente_amb, galapa):
    anio = timezone.localdate().year - 1
    _caso_recibido(galapa, datetime.date(anio, 5, 2))
    _caso_recibido(galapa, datetime.date(anio, 12, 31))
    CasoFactory(municipio=galapa)

    respuesta = cliente_amb.get(
        url_admin(Caso, "changelist"),
        {"fecha_recepcion__gte": f"{anio}-01-01", "fecha_recepcion__lt": f"{anio + 1}-01-01"},
    )

    assert respuesta.context["cl"].result_count == 2
    seleccionada = [
        opcion["display"]
        for opcion in respuesta.context["cl"].filter_specs[-1].choices(respuesta.context["cl"])
        if opcion["selected"]
    ]
    assert seleccionada == [str(anio)]


def test_los_anios_de_una_fecha_y_hora_van_por_la_hora_de_bogota(cliente_amb, galapa):
    # El 1 de enero a las 00:30 de Bogotá es 05:30 UTC del mismo día; el 31 de diciembre a las
    # 22:00 de Bogotá ya es 1 de enero en UTC: cuenta en el año de Bogotá.
    anio = timezone.localdate().year - 1
    bogota = timezone.get_current_timezone()
    caso = CasoFactory(municipio=galapa)
    ActuacionFactory(caso=caso, fecha=datetime.datetime(anio, 12, 31, 22, 0, tzinfo=bogota))
    ActuacionFactory(caso=caso)

    respuesta = cliente_amb.get(url_admin(Actuacion, "changelist"))

    cl = respuesta.context["cl"]
    anios = {
        opcion["display"]: opcion["query_string"] for opcion in cl.filter_specs[-1].choices(cl)
    }
    assert str(anio) in anios
    assert str(anio + 1) not in anios
    del_anio = cliente_amb.get(url_admin(Actuacion, "changelist") + anios[str(anio)])
    assert del_anio.context["cl"].result_count == 1


def test_sin_estimacion_la_lista_cuenta_de_verdad_y_lo_dice_sin_unos(cliente_amb, galapa):
    CasoFactory.create_batch(3, municipio=galapa)

    assert PaginadorEstimado(Caso.objects.all(), 50).count == 3
    assert PaginadorEstimado(Caso.objects.filter(municipio=galapa), 50).count == 3
    respuesta = cliente_amb.get(url_admin(Caso, "changelist"))
    assert respuesta.context["cl"].paginator.estimado is False
    assert "unos" not in respuesta.content.decode()


@solo_postgresql
def test_en_postgresql_una_tabla_grande_sin_filtros_usa_la_estimacion(galapa, settings):
    CasoFactory.create_batch(4, municipio=galapa)
    _analizar("casos_caso")
    CasoFactory(municipio=galapa)  # después del ANALYZE: la estimación no lo sabe
    settings.ADMIN_CONTEO_ESTIMADO_DESDE = 4

    paginador = PaginadorEstimado(Caso.objects.all(), 50)

    assert paginador.count == 4  # reltuples tras ANALYZE, no las 5 filas
    assert paginador.estimado is True
    assert paginador.cuenta_aproximada == "unos 4"
    filtrado = PaginadorEstimado(Caso.objects.filter(municipio=galapa), 50)
    assert (filtrado.count, filtrado.estimado) == (5, False)


@solo_postgresql
def test_en_postgresql_bajo_el_umbral_se_cuenta_de_verdad(galapa, settings):
    CasoFactory.create_batch(4, municipio=galapa)
    _analizar("casos_caso")
    CasoFactory(municipio=galapa)
    settings.ADMIN_CONTEO_ESTIMADO_DESDE = 5

    paginador = PaginadorEstimado(Caso.objects.all(), 50)

    assert (paginador.count, paginador.estimado) == (5, False)


@solo_postgresql
def test_la_lista_dice_que_la_cifra_es_una_estimacion_y_filtrada_cuenta_exacto(
    cliente_amb, galapa, malambo, settings
):
    CasoFactory.create_batch(4, municipio=galapa)
    _analizar("casos_caso")
    caso = CasoFactory(municipio=malambo)
    settings.ADMIN_CONTEO_ESTIMADO_DESDE = 4

    with CaptureQueriesContext(connection) as consultas:
        todos = cliente_amb.get(url_admin(Caso, "changelist"))

    assert "unos 4 casos" in " ".join(todos.content.decode().split())
    assert not any("count(" in consulta["sql"].lower() for consulta in consultas)
    lista = url_admin(Caso, "changelist")
    de_malambo = cliente_amb.get(lista, {"municipio__id__exact": malambo.pk})
    assert de_malambo.context["cl"].result_count == 1
    assert de_malambo.context["cl"].paginator.estimado is False
    assert "unos" not in de_malambo.content.decode()
    buscado = cliente_amb.get(url_admin(Caso, "changelist"), {"q": caso.radicado})
    assert buscado.context["cl"].result_count == 1
    assert buscado.context["cl"].paginator.estimado is False


def test_la_estimacion_se_redondea_a_dos_cifras(settings):
    paginador = PaginadorEstimado([], 50)
    for cuenta, texto in [
        (1_000_213, "unos 1.000.000"),
        (579_018, "unos 580.000"),
        (3_412_999, "unos 3.400.000"),
        (12_345, "unos 12.000"),
    ]:
        paginador.__dict__["count"] = cuenta
        assert paginador.cuenta_aproximada == texto
