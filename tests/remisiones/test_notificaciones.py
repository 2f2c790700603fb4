import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from casos.models import Estado
from gestores.models import Rol
from municipios.models import TipoEntidad
from remisiones import services
from remisiones.models import EstadoNotificacion, Notificacion, Remision
from tableros import diarios
from tests.factories import (
    ActuacionFactory,
    CasoFactory,
    ContactoFactory,
    ParteFactory,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db
HOY = timezone.localdate


@pytest.fixture
def mebar(galapa):
    entidad = galapa.entidades.get(tipo=TipoEntidad.ESTACION_MEBAR)
    ContactoFactory(entidad=entidad, correo="comandante@example.org")
    usuario_con_rol(Rol.ENLACE, galapa, entidad=entidad, usuario__email="enlace.mebar@example.org")
    return entidad


def _caso(galapa):
    caso = CasoFactory(municipio=galapa, estado=Estado.EN_GESTION)
    ParteFactory(caso=caso, persona__nombres="Yolanda", persona__numero_documento="1045678901")
    return caso


def _remitir(caso, entidad):
    return services.caso_remitir(
        caso=caso,
        autor=caso.gestor,
        entidad=entidad,
        motivo="Riña",
        medio="oficio",
        fecha_envio=HOY(),
    )


def test_remitir_avisa_a_la_entidad_despues_del_commit(
    galapa, mebar, mailoutbox, django_capture_on_commit_callbacks
):
    caso = _caso(galapa)

    with django_capture_on_commit_callbacks(execute=True):
        remision = _remitir(caso, mebar)
        assert mailoutbox == []  # nada sale antes del commit

    assert sorted(m.to[0] for m in mailoutbox) == [
        "comandante@example.org",
        "enlace.mebar@example.org",
    ]
    cuerpo = mailoutbox[0].body
    assert caso.radicado in cuerpo
    assert f"/remisiones/{remision.pk}/" in cuerpo
    assert "Yolanda" not in cuerpo
    assert "1045678901" not in cuerpo
    assert set(Notificacion.objects.values_list("estado", flat=True)) == {
        EstadoNotificacion.ENVIADA
    }


def test_si_la_transaccion_se_deshace_no_sale_ningun_correo(
    galapa, mebar, mailoutbox, django_capture_on_commit_callbacks
):
    caso = _caso(galapa)

    with (  # noqa: PT012
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _remitir(caso, mebar)
        raise RuntimeError("algo falla después")

    assert mailoutbox == []
    assert not Notificacion.objects.exists()
    assert not Remision.objects.exists()


def test_un_fallo_del_correo_se_registra_y_la_remision_queda(
    galapa, mebar, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "tests.remisiones.correo_roto.EmailBackend"}}
    caso = _caso(galapa)

    with django_capture_on_commit_callbacks(execute=True):
        remision = _remitir(caso, mebar)

    assert Remision.objects.filter(pk=remision.pk).exists()
    fallidas = Notificacion.objects.filter(estado=EstadoNotificacion.FALLIDA)
    assert fallidas.count() == 2
    assert "no responde" in fallidas.first().error


def test_responder_avisa_al_gestor(galapa, mebar, mailoutbox, django_capture_on_commit_callbacks):
    caso = _caso(galapa)
    caso.gestor.email = "gestor@example.org"
    caso.gestor.save()
    remision = _remitir(caso, mebar)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.remision_registrar_respuesta(
            remision=remision, autor=caso.gestor, fecha=HOY(), respuesta="Listo"
        )

    assert [m.to for m in mailoutbox] == [["gestor@example.org"]]
    assert f"/casos/{caso.radicado}/" in mailoutbox[0].body


def test_los_recordatorios_salen_una_vez_por_dia(
    galapa, mebar, mailoutbox, capsys, django_capture_on_commit_callbacks
):
    caso = _caso(galapa)
    caso.gestor.email = "gestor@example.org"
    caso.gestor.save()
    ActuacionFactory(caso=caso, fecha=timezone.now() - datetime.timedelta(days=20))
    Remision.objects.filter(pk=_remitir(caso, mebar).pk).update(
        fecha_limite=HOY() - datetime.timedelta(days=1)
    )
    diarios.actualizar(abiertos={caso.pk})  # update() no pasa por las señales de los resúmenes
    coordinador = usuario_con_rol(Rol.COORDINADOR, galapa, usuario__email="coord@example.org")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("enviar_recordatorios")
    primera = capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=True):
        call_command("enviar_recordatorios")
    segunda = capsys.readouterr().out

    destinatarios = sorted(m.to[0] for m in mailoutbox)
    assert destinatarios == ["coord@example.org", "enlace.mebar@example.org", "gestor@example.org"]
    assert "Recordatorios enviados: 3." in primera
    assert "enlace.mebar@example.org: Remisiones por responder: 1" in primera
    assert "Recordatorios enviados: 0." in segunda
    assert coordinador.notificaciones.count() == 1
