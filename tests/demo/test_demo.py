import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from capacitaciones.models import Actividad, Asistencia, ConteoAsistencia
from casos.models import Actuacion, Acuerdo, Caso, Estado, Persona
from demo.datos import CLAVE_DEMO
from gestores.models import Gestor
from municipios.models import Contacto, Municipio, OrganizacionComunitaria, Sector, TipoEntidad
from remisiones.models import Remision
from tests.gestores.test_segundo_factor import verificar_con_el_codigo_de_la_pantalla

pytestmark = pytest.mark.django_db

# Usuario de la demo → lo que su inicio debe decir.
INICIOS = {
    "amb": "Equipo AMB · todos los municipios",
    "coord.malambo": "Coordinador municipal · Malambo",
    "secretaria.galapa": "Secretaría de Gobierno · Galapa",
    "gestor.galapa": "Gestor de convivencia · Galapa",
    "gestor.malambo": "Gestor de convivencia · Malambo",
    "gestor.puerto": "Gestor de convivencia · Puerto Colombia",
    "enlace.mebar.galapa": "Remisiones a Estación de Policía Galapa (MEBAR)",
    "enlace.inspeccion.galapa": "Remisiones a Inspección de Policía Urbana de Galapa",
    "enlace.comisaria.galapa": "Remisiones a Comisaría de Familia de Galapa",
}


def _totales():
    return {
        modelo.__name__: modelo.objects.count()
        for modelo in (
            Sector,
            Contacto,
            OrganizacionComunitaria,
            Gestor,
            get_user_model(),
            Caso,
            Persona,
            Actuacion,
        )
    }


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("cargar_demo", "--casos", "2", "--actividades", "1", verbosity=0)


def test_cargar_demo_es_idempotente(demo, settings):
    antes = _totales()

    call_command("cargar_demo", "--casos", "2", "--actividades", "1", verbosity=0)

    assert _totales() == antes
    assert antes["Sector"] >= 18
    assert antes["Contacto"] >= 15


def test_cargar_demo_se_niega_sin_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG está desactivado"):
        call_command("cargar_demo")

    assert not get_user_model().objects.exists()


def test_cargar_demo_con_forzar_carga_aunque_no_haya_debug(settings):
    settings.DEBUG = False

    call_command("cargar_demo", "--forzar", "--casos", "0", "--actividades", "0", verbosity=0)

    assert get_user_model().objects.filter(username="gestor.galapa").exists()


def test_cada_municipio_activo_queda_con_su_directorio_completo(demo):
    for municipio in Municipio.objects.activos():
        entidades = municipio.entidades.all()
        assert Contacto.objects.vigentes().filter(entidad__in=entidades).count() == len(entidades)
        assert Sector.objects.filter(municipio=municipio).exists()
        assert OrganizacionComunitaria.objects.filter(
            sector__municipio=municipio, tipo="jac"
        ).exists()
    # Los comandantes rotan: cada estación MEBAR tiene uno anterior que ya no está vigente.
    mebar = Contacto.objects.filter(entidad__tipo=TipoEntidad.ESTACION_MEBAR)
    assert mebar.count() == 6
    assert mebar.vigentes().count() == 3


@pytest.mark.parametrize(("usuario", "texto"), INICIOS.items())
def test_cada_usuario_de_la_demo_ingresa_y_ve_el_inicio_de_su_rol(demo, usuario, texto):
    cliente = Client()

    respuesta = cliente.post(
        reverse("login"), {"username": usuario, "password": CLAVE_DEMO}, follow=True
    )

    if usuario == "amb":
        # El equipo AMB ve todos los municipios: primero configura su segundo factor.
        assert respuesta.redirect_chain[-1][0].startswith(reverse("segundo_factor_configurar"))
        respuesta = verificar_con_el_codigo_de_la_pantalla(cliente, respuesta)
    assert respuesta.redirect_chain[-1][0] == reverse("inicio")
    assert texto in respuesta.content.decode()


@pytest.mark.parametrize("codigo", ["08296", "08433", "08573"])
def test_el_directorio_de_cada_municipio_activo_muestra_sus_contactos_vigentes(demo, codigo):
    cliente = Client()
    configurar = cliente.post(
        reverse("login"), {"username": "amb", "password": CLAVE_DEMO}, follow=True
    )
    verificar_con_el_codigo_de_la_pantalla(cliente, configurar)

    html = cliente.get(reverse("municipios:directorio", args=[codigo])).content.decode()

    for contacto in Contacto.objects.vigentes().filter(entidad__municipio__codigo_dane=codigo):
        assert contacto.nombre in html
    for contacto in Contacto.objects.filter(
        entidad__municipio__codigo_dane=codigo, vigente_hasta__isnull=False
    ):
        assert contacto.nombre not in html


def test_la_demo_trae_60_casos_por_municipio_en_todos_los_estados(settings):
    settings.DEBUG = True

    call_command("cargar_demo", verbosity=0)

    for municipio in Municipio.objects.activos():
        assert Caso.objects.filter(municipio=municipio).count() == 60
    assert set(Caso.objects.values_list("estado", flat=True)) == set(Estado.values)
    hace_un_anio = timezone.localdate() - datetime.timedelta(days=365)
    assert not Caso.objects.filter(fecha_recepcion__lt=hace_un_anio).exists()
    # Reincidencia: personas que son parte de varios casos.
    assert Persona.objects.annotate(n=Count("partes")).filter(n__gt=1).exists()
    assert set(Remision.objects.values_list("estado", flat=True)) == {
        "enviada",
        "recibida",
        "respondida",
        "devuelta",
    }
    # Cada enlace de Galapa tiene remisiones en su bandeja.
    for tipo in ("inspeccion_urbana", "estacion_mebar", "comisaria_familia"):
        assert Remision.objects.filter(
            entidad__municipio__codigo_dane="08296", entidad__tipo=tipo
        ).exists()
    assert Remision.objects.vencidas().exists()
    assert Acuerdo.objects.exclude(resultado_verificacion="").exists()
    assert Acuerdo.objects.filter(resultado_verificacion="").exists()
    assert Caso.objects.con_alertas().filter(vencido=True).exists()
    # Formación y actividades: los tres gestores principales certificados, los demás no.
    certificados = set(
        Gestor.objects.filter(certificado_en__isnull=False).values_list(
            "perfil__usuario__username", flat=True
        )
    )
    assert certificados == {"gestor.galapa", "gestor.malambo", "gestor.puerto"}
    assert set(Caso.objects.values_list("gestor__username", flat=True)) <= certificados
    for municipio in Municipio.objects.activos():
        otras = Actividad.objects.filter(municipio=municipio).exclude(tipo="capacitacion")
        assert otras.count() == 20
    assert Asistencia.objects.exists()
    assert ConteoAsistencia.objects.exists()
    assert Asistencia.objects.exclude(comparendo="").exists()
