"""El currículo en el admin: cada escritura pasa por el servicio y recalcula la certificación,
también el borrado en bloque de la lista (acción «Eliminar seleccionados»)."""

import datetime

import pytest
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import timezone

from capacitaciones import services
from capacitaciones.models import Modulo, TipoActividad
from tests.conftest import ingresar
from tests.factories import ActividadFactory, GestorFactory, ModuloFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superusuario(client):
    return ingresar(client, UserFactory(username="t.super", is_superuser=True, is_staff=True))


@pytest.fixture
def gestor_sin_un_modulo(galapa):
    """Cursó «Ley 1801» (obligatorio); le falta «Mediación» (obligatorio): no está certificado."""
    Modulo.objects.all().delete()
    gestor = GestorFactory(perfil__municipio=galapa, certificado_en=None)
    cursado = ModuloFactory(nombre="Ley 1801", horas=4)
    ModuloFactory(nombre="Mediación", horas=8)
    inicio = timezone.now() - datetime.timedelta(days=3)
    sesion = ActividadFactory(
        municipio=galapa,
        tipo=TipoActividad.CAPACITACION,
        modulo=cursado,
        inicio=inicio,
        fin=inicio + datetime.timedelta(hours=4),
        publico_objetivo="gestores",
    )
    services.asistencia_gestores_registrar(
        actividad=sesion, autor=sesion.registrada_por, gestores=[gestor]
    )
    services.actividad_marcar_realizada(actividad=sesion, autor=sesion.registrada_por)
    gestor.refresh_from_db()
    assert not gestor.certificado
    return gestor


def test_borrar_en_bloque_desde_la_lista_recalcula_la_certificacion(
    superusuario, gestor_sin_un_modulo
):
    faltante = Modulo.objects.get(nombre="Mediación")

    respuesta = superusuario.post(
        reverse("admin:capacitaciones_modulo_changelist"),
        {
            "action": "delete_selected",
            helpers.ACTION_CHECKBOX_NAME: [faltante.pk],
            "post": "yes",  # la confirmación de la acción
        },
    )

    assert respuesta.status_code == 302
    assert not Modulo.objects.filter(pk=faltante.pk).exists()
    gestor_sin_un_modulo.refresh_from_db()
    assert gestor_sin_un_modulo.certificado


def test_borrar_un_modulo_desde_su_ficha_recalcula_la_certificacion(
    superusuario, gestor_sin_un_modulo
):
    faltante = Modulo.objects.get(nombre="Mediación")

    respuesta = superusuario.post(
        reverse("admin:capacitaciones_modulo_delete", args=[faltante.pk]), {"post": "yes"}
    )

    assert respuesta.status_code == 302
    gestor_sin_un_modulo.refresh_from_db()
    assert gestor_sin_un_modulo.certificado


def test_volver_optativo_un_modulo_en_la_lista_recalcula_la_certificacion(
    superusuario, gestor_sin_un_modulo
):
    modulos = list(Modulo.objects.order_by("orden", "nombre"))
    datos = {
        "form-TOTAL_FORMS": str(len(modulos)),
        "form-INITIAL_FORMS": str(len(modulos)),
        "_save": "Guardar",
    }
    for i, modulo in enumerate(modulos):
        datos |= {
            f"form-{i}-id": str(modulo.pk),
            f"form-{i}-orden": str(modulo.orden),
            f"form-{i}-activo": "on",
        }
        if modulo.nombre != "Mediación":
            datos[f"form-{i}-obligatorio"] = "on"

    respuesta = superusuario.post(reverse("admin:capacitaciones_modulo_changelist"), datos)

    assert respuesta.status_code == 302
    assert not Modulo.objects.get(nombre="Mediación").obligatorio
    gestor_sin_un_modulo.refresh_from_db()
    assert gestor_sin_un_modulo.certificado
