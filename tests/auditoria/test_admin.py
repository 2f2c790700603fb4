"""El admin entero: cada modelo registrado abre su lista, su formulario y su ficha con datos, sin
consultas que crezcan con las filas; cada grupo ve lo que sus permisos dejan; la reasignación en
bloque pasa por el servicio; el alcance también vale en el admin."""

import itertools
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from auditoria.models import EventoSeguridad, RegistroExporte
from capacitaciones.models import (
    AsistenciaGestor,
    ConteoAsistencia,
    ConteoEnfoque,
    EvidenciaActividad,
)
from casos.models import (
    Actuacion,
    Adjunto,
    Caso,
    ConsecutivoRadicado,
    FusionPersonas,
    Persona,
    PosibleDuplicado,
    TipoActuacion,
    es_menor_q,
)
from comun.paginacion import PaginadorEstimado
from gestores.models import Rol
from habeas.services import solicitud_registrar
from mediacion.models import DocumentoFirmado
from mediacion.services import documento_emitir
from remisiones.models import Notificacion, PlazoRemision
from tests.auditoria.conftest import exportar, url_admin
from tests.conftest import ingresar
from tests.factories import (
    ActividadFactory,
    ActuacionFactory,
    AcuerdoFactory,
    AsistenciaFactory,
    CasoFactory,
    CompromisoFactory,
    ContactoFactory,
    GestorFactory,
    ModuloFactory,
    OrganizacionComunitariaFactory,
    ParteFactory,
    PersonaFactory,
    RemisionFactory,
    UserFactory,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db

NUESTRAS_APPS = {"municipios", "gestores", "casos", "capacitaciones", "auditoria", "habeas"}
REGISTRADOS = sorted(admin.site._registry, key=lambda m: m._meta.label)
_serie = itertools.count()


def sembrar(municipio):
    """Una fila (más) de cada modelo que el admin muestra."""
    n = next(_serie)
    caso = CasoFactory(municipio=municipio)
    ParteFactory(caso=caso)
    ActuacionFactory(caso=caso)
    remision = RemisionFactory(caso=caso)
    CompromisoFactory(acuerdo__caso=caso)
    Adjunto.objects.create(
        caso=caso,
        archivo=ContentFile(b"%PDF-1.4 prueba", name="acta.pdf"),
        nombre_original="acta.pdf",
        tipo_contenido="application/pdf",
        tamano=15,
        subido_por=caso.gestor,
    )
    ConsecutivoRadicado.objects.get_or_create(municipio=municipio, anio=2000 + n)
    uno, otro = PersonaFactory(municipio=municipio), PersonaFactory(municipio=municipio)
    PosibleDuplicado.objects.create(
        municipio=municipio, persona=uno, otra=otro, motivo="nombre_edad"
    )
    FusionPersonas.objects.create(
        municipio=municipio,
        conservada=uno,
        fusionada_id=otro.pk + 1000,
        movidos={},
        autor=caso.gestor,
    )
    PlazoRemision.objects.get_or_create(
        tipo_entidad=["cai", "icbf", "personeria", "casa_justicia"][n % 4], dias_habiles=5
    )
    Notificacion.objects.create(
        tipo="remision_enviada", para=f"n{n}@example.org", asunto="Remisión", cuerpo="…"
    )
    ContactoFactory(entidad=municipio.entidades.first())
    OrganizacionComunitariaFactory(sector__municipio=municipio)
    actividad = ActividadFactory(municipio=municipio, modulo=ModuloFactory())
    AsistenciaFactory(actividad=actividad)
    ConteoAsistencia.objects.create(
        actividad=actividad, sexo="mujer", grupo_edad="18_28", cantidad=3
    )
    ConteoEnfoque.objects.create(actividad=actividad, enfoque="migrante", cantidad=1)
    AsistenciaGestor.objects.create(
        actividad=actividad,
        gestor=GestorFactory(perfil__municipio=municipio),
        registrada_por=actividad.registrada_por,
    )
    EvidenciaActividad.objects.create(
        actividad=actividad,
        archivo=ContentFile(b"%PDF-1.4 prueba", name="lista.pdf"),
        nombre_original="lista.pdf",
        tipo_contenido="application/pdf",
        tamano=15,
        subido_por=actividad.registrada_por,
    )
    AccessAttempt.objects.create(
        username=f"alguien{n}",
        ip_address="203.0.113.1",
        user_agent="prueba",
        http_accept="*/*",
        path_info="/cuenta/login/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )
    EventoSeguridad.objects.create(tipo="ingreso", usuario=caso.gestor, ip="203.0.113.1")
    solicitud_registrar(
        persona=caso.partes.first().persona,
        tipo="consulta",
        recibida_el=caso.fecha_recepcion,
        descripcion="Consulta",
        autor=caso.gestor,
    )
    con_acuerdo = CasoFactory(municipio=municipio, estado="acuerdo")
    AcuerdoFactory(caso=con_acuerdo)
    acta = documento_emitir(caso=con_acuerdo, autor=con_acuerdo.gestor, tipo="acta_total")
    DocumentoFirmado.objects.create(
        documento=acta,
        archivo=ContentFile(b"%PDF-1.4 firmado", name="firmado.pdf"),
        nombre_original="firmado.pdf",
        tipo_contenido="application/pdf",
        tamano=16,
        subido_por=con_acuerdo.gestor,
    )
    RegistroExporte.objects.create(
        usuario=caso.gestor,
        modelo="casos.caso",
        recurso="Casos",
        formato="csv",
        filas=1,
        datos_personales=False,
    )
    return remision


@pytest.fixture
def con_datos(galapa):
    sembrar(galapa)
    return galapa


@pytest.fixture
def superusuario(client):
    return ingresar(client, UserFactory(username="t.super", is_superuser=True, is_staff=True))


def test_cada_modelo_de_las_apps_esta_en_el_admin_o_en_un_formulario_de_otro():
    en_linea = {
        inline.model
        for modelo_admin in admin.site._registry.values()
        for inline in modelo_admin.inlines
    }
    sueltos = [
        modelo._meta.label
        for modelo in apps.get_models()
        if modelo._meta.app_label in NUESTRAS_APPS
        and not modelo.__name__.startswith("Historical")
        and modelo not in admin.site._registry
        and modelo not in en_linea
    ]
    assert sueltos == []


@pytest.mark.parametrize("modelo", REGISTRADOS, ids=lambda m: m._meta.label)
def test_cada_modelo_abre_su_lista_su_formulario_y_su_ficha_con_datos(
    superusuario, con_datos, modelo
):
    objeto = modelo._default_manager.order_by("pk").first()
    assert objeto is not None, f"Agregue una fila de {modelo._meta.label} a sembrar()"

    lista = superusuario.get(url_admin(modelo, "changelist"))
    nuevo = superusuario.get(url_admin(modelo, "add"))
    prefijo = f"admin:{modelo._meta.app_label}_{modelo._meta.model_name}"
    ficha = superusuario.get(reverse(f"{prefijo}_change", args=[objeto.pk]))
    historia = superusuario.get(reverse(f"{prefijo}_history", args=[objeto.pk]))

    assert lista.status_code == 200
    assert lista.context["cl"].result_count >= 1
    assert nuevo.status_code in (200, 403)  # 403: se escribe por las pantallas, no aquí
    assert ficha.status_code == 200
    assert historia.status_code == 200


@pytest.mark.parametrize("modelo", REGISTRADOS, ids=lambda m: m._meta.label)
def test_las_listas_del_admin_no_hacen_una_consulta_por_fila(superusuario, con_datos, modelo):
    url = url_admin(modelo, "changelist")

    def consultas():
        with CaptureQueriesContext(connection) as capturadas:
            assert superusuario.get(url).status_code == 200
        return len(capturadas)

    pocas = consultas()
    for _ in range(3):
        sembrar(con_datos)
    assert consultas() == pocas


def test_el_equipo_amb_ve_lo_que_sus_permisos_dejan(cliente_amb, con_datos):
    indice = cliente_amb.get(reverse("admin:index")).content.decode()

    for visible in ("Casos", "Bitácora de exportes", "Sectores", "Módulos", "Actividades"):
        assert visible in indice
    assert "Grupos" not in indice
    assert cliente_amb.get(url_admin(Group, "changelist")).status_code == 403
    assert cliente_amb.get(url_admin(Caso, "add")).status_code == 403
    assert cliente_amb.get(url_admin(Caso, "export")).status_code == 200
    assert cliente_amb.get(url_admin(type(con_datos.sectores.first()), "import")).status_code == 200


def test_un_miembro_del_personal_sin_permisos_no_ve_nada(client, con_datos):
    ingresar(client, UserFactory(is_staff=True))

    indice = client.get(reverse("admin:index"))

    assert indice.status_code == 200
    assert "No cuenta con permiso para ver ni editar nada" in indice.content.decode()
    assert client.get(url_admin(Caso, "changelist")).status_code == 403
    assert client.get(url_admin(Caso, "export")).status_code == 403


def test_solo_el_personal_entra_al_admin(client, gestor_galapa, secretaria_galapa):
    for usuario in (gestor_galapa, secretaria_galapa):
        client.force_login(usuario)
        assert client.get(reverse("admin:index")).status_code == 302
        assert client.get(url_admin(Caso, "export")).status_code == 302


def test_el_alcance_municipal_tambien_vale_en_el_admin(client, con_datos, malambo):
    """Si alguna vez se da acceso al admin a un coordinador, ve solo su municipio."""
    del_otro = CasoFactory(municipio=malambo)
    coordinador = usuario_con_rol(Rol.COORDINADOR, con_datos, usuario__is_staff=True)
    coordinador.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_caso", "export_caso"])
    )
    ingresar(client, coordinador)

    lista = client.get(url_admin(Caso, "changelist"))
    ficha = client.get(reverse("admin:casos_caso_change", args=[del_otro.pk]))
    filas = exportar(client, Caso)

    assert del_otro.radicado not in lista.content.decode()
    assert ficha.status_code == 302  # el admin trata lo que no está en su consulta como inexistente
    assert del_otro.radicado not in [fila[0] for fila in filas]
    assert {fila[1] for fila in filas[1:]} == {con_datos.nombre}


@pytest.fixture
def casos_de_malambo(malambo):
    return [CasoFactory(municipio=malambo) for _ in range(3)]


def _reasignar(cliente, casos, **extra):
    return cliente.post(
        url_admin(Caso, "changelist"),
        {"action": "reasignar", "_selected_action": [c.pk for c in casos], **extra},
    )


def test_reasignar_en_bloque_pasa_por_el_servicio_y_queda_auditado(
    cliente_amb, usuario_amb, casos_de_malambo, malambo
):
    nuevo = usuario_con_rol(Rol.GESTOR, malambo)

    formulario = _reasignar(cliente_amb, casos_de_malambo)
    assert formulario.status_code == 200
    assert "Reasignar casos de Malambo" in formulario.content.decode()

    respuesta = _reasignar(cliente_amb, casos_de_malambo, gestor=nuevo.pk, confirmar="1")

    assert respuesta.status_code == 302
    for caso in casos_de_malambo:
        caso.refresh_from_db()
        assert caso.gestor == nuevo
        assert caso.version == 2
        assert Actuacion.objects.filter(
            caso=caso, tipo=TipoActuacion.ASIGNACION, autor=usuario_amb
        ).exists()
        assert caso.history.first().history_user == usuario_amb
        assert LogEntry.objects.filter(object_id=str(caso.pk), user=usuario_amb).exists()


def test_un_gestor_sin_certificar_no_se_ofrece_ni_se_acepta(cliente_amb, casos_de_malambo, malambo):
    sin_certificar = GestorFactory(perfil__municipio=malambo, certificado_en=None).perfil.usuario

    respuesta = _reasignar(cliente_amb, casos_de_malambo, gestor=sin_certificar.pk, confirmar="1")

    assert respuesta.status_code == 200
    assert "Escoja una opción válida" in respuesta.content.decode()
    for caso in casos_de_malambo:
        caso.refresh_from_db()
        assert caso.version == 1


def test_reasignar_es_todo_o_nada(cliente_amb, casos_de_malambo, malambo):
    """Si el servicio rechaza uno (aquí, un caso viejo sin relato no pasa full_clean al
    guardarse), no cambia ninguno."""
    nuevo = usuario_con_rol(Rol.GESTOR, malambo)
    Caso.objects.filter(pk=casos_de_malambo[-1].pk).update(relato="")

    respuesta = _reasignar(cliente_amb, casos_de_malambo, gestor=nuevo.pk, confirmar="1")

    assert respuesta.status_code == 200
    assert "Este campo no puede estar en blanco." in respuesta.content.decode()
    assert not Caso.objects.filter(gestor=nuevo).exists()
    assert not Actuacion.objects.filter(tipo=TipoActuacion.ASIGNACION).exists()
    assert not LogEntry.objects.exists()


def test_no_se_reasignan_juntos_casos_de_dos_municipios(cliente_amb, casos_de_malambo, galapa):
    otro = CasoFactory(municipio=galapa)

    respuesta = _reasignar(cliente_amb, [*casos_de_malambo, otro])

    assert respuesta.status_code == 302
    mensajes = [str(m) for m in respuesta.wsgi_request._messages]
    assert mensajes == [
        "Elija casos de un solo municipio: el nuevo responsable es de un municipio."
    ]


def test_sin_el_permiso_no_hay_accion_de_reasignar(client, casos_de_malambo):
    usuario = UserFactory(is_staff=True)
    usuario.user_permissions.add(Permission.objects.get(codename="view_caso"))
    ingresar(client, usuario)

    lista = client.get(url_admin(Caso, "changelist"))

    assert "reasignar" not in lista.content.decode()


def test_la_lista_de_casos_no_cuenta_el_total_completo(cliente_amb, con_datos):
    respuesta = cliente_amb.get(
        url_admin(Caso, "changelist") + f"?municipio__id__exact={con_datos.pk}"
    )

    cl = respuesta.context["cl"]
    assert cl.show_full_result_count is False
    assert isinstance(cl.paginator, PaginadorEstimado)


def test_la_busqueda_es_por_radicado_o_documento_completos(cliente_amb, galapa):
    caso = CasoFactory(municipio=galapa)
    parte = ParteFactory(caso=caso)
    ActuacionFactory(caso=caso)

    def encontrados(modelo, termino):
        respuesta = cliente_amb.get(url_admin(modelo, "changelist"), {"q": termino})
        return respuesta.context["cl"].result_count

    assert encontrados(Caso, caso.radicado.lower()) == 1
    assert encontrados(Caso, caso.radicado[:8]) == 0  # un pedazo no basta (y no recorre la tabla)
    assert encontrados(Actuacion, caso.radicado) == caso.actuaciones.count()
    assert encontrados(type(parte.persona), parte.persona.numero_documento) == 1


def test_el_admin_no_muestra_los_datos_de_menores(cliente_amb, galapa):
    menor = PersonaFactory(nombres="Camila", apellidos="Menor", tipo_documento="TI", edad=12)
    adulta = PersonaFactory(nombres="Rosa", apellidos="Adulta")
    caso = CasoFactory(municipio=galapa)
    ParteFactory(caso=caso, persona=menor, rol="afectado")
    ParteFactory(caso=caso, persona=adulta)
    AsistenciaFactory(persona=menor, actividad=ActividadFactory(municipio=galapa))

    personas = cliente_amb.get(url_admin(type(menor), "changelist")).content.decode()
    ficha = cliente_amb.get(reverse("admin:casos_persona_change", args=[menor.pk]))
    historia = cliente_amb.get(reverse("admin:casos_persona_history", args=[menor.pk]))
    del_caso = cliente_amb.get(reverse("admin:casos_caso_change", args=[caso.pk])).content.decode()
    asistencias = cliente_amb.get(reverse("admin:capacitaciones_asistencia_changelist"))
    asistencias = asistencias.content.decode()

    assert "Rosa Adulta" in personas
    assert "Rosa Adulta" in del_caso
    for html in (personas, ficha.content.decode(), del_caso, asistencias):
        assert "Camila" not in html
        assert menor.numero_documento not in html
    assert "1 (sus datos son del gestor responsable y del coordinador)" in del_caso
    assert ficha.status_code == 200
    assert historia.status_code == 403


@pytest.mark.parametrize(
    ("datos", "dias_antes_de_los_18"),
    [
        ({"tipo_documento": "TI", "edad": None}, None),
        ({"tipo_documento": "RC", "edad": None}, None),
        ({"edad": 17}, None),
        ({"edad": 18}, None),
        ({"edad": None}, None),
        ({"edad": 40}, 1),  # la fecha de nacimiento manda: le falta un día para los 18
        ({"edad": 10}, 0),  # cumple 18 hoy
        ({"edad": 10}, -1),
    ],
)
def test_la_condicion_de_menor_en_la_base_es_la_misma_que_en_python(datos, dias_antes_de_los_18):
    hoy = timezone.localdate()
    if dias_antes_de_los_18 is not None:
        try:
            cumple_18 = hoy.replace(year=hoy.year - 18)
        except ValueError:  # hoy es 29 de febrero: los 18 se cumplieron el 28
            cumple_18 = hoy.replace(year=hoy.year - 18, day=28)
        datos = {**datos, "fecha_nacimiento": cumple_18 + timedelta(days=dias_antes_de_los_18)}
    persona = PersonaFactory(**datos)

    assert Persona.objects.filter(es_menor_q(), pk=persona.pk).exists() == persona.es_menor
