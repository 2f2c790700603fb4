"""La citación por correo: solo a la parte que autorizó sus datos y dio su correo, una vez, después
del commit, con el PDF adjunto y sin datos de las otras partes en el mensaje."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from casos.models import Estado
from mediacion.models import Citacion, TipoLugar
from mediacion.services import DatosSesion, sesion_programar, sesion_reprogramar
from tests.factories import CasoFactory, ParteFactory, PersonaFactory

pytestmark = pytest.mark.django_db


def _con_correo(persona, correo):
    persona.correo = correo
    persona.save()
    return persona


def _datos(dias=3):
    return DatosSesion(
        inicio=timezone.now() + datetime.timedelta(days=dias),
        tipo_lugar=TipoLugar.CASA_JUSTICIA,
        lugar="Casa de justicia, carrera 19 # 12-40",
    )


@pytest.fixture
def caso_con_partes(galapa, gestor):
    caso = CasoFactory(municipio=galapa, gestor=gestor, registrado_por=gestor)
    autorizada = _con_correo(
        PersonaFactory(municipio=galapa, nombres="Yadira", apellidos="Mercado"),
        "yadira@example.org",
    )
    sin_correo = _con_correo(
        PersonaFactory(municipio=galapa, nombres="Eusebio", apellidos="Polo"), ""
    )
    sin_autorizacion = PersonaFactory(
        municipio=galapa, nombres="Nubia", apellidos="Charris", autoriza_datos=False
    )
    for persona in (autorizada, sin_correo, sin_autorizacion):
        ParteFactory(caso=caso, persona=persona, rol="convocado")
    return caso


def _programar(caso, gestor):
    return sesion_programar(
        caso=caso, autor=gestor, datos=_datos(), partes=list(caso.partes.order_by("pk"))
    )


def test_se_envia_solo_a_quien_autorizo_y_tiene_correo_con_el_pdf(
    caso_con_partes, gestor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sesion = _programar(caso_con_partes, gestor)

    assert [m.to for m in mail.outbox] == [["yadira@example.org"]]
    mensaje = mail.outbox[0]
    assert caso_con_partes.radicado in mensaje.subject
    assert caso_con_partes.radicado in mensaje.body
    assert "Casa de justicia, carrera 19 # 12-40" in mensaje.body
    for nombre in ("Yadira", "Eusebio", "Nubia"):
        assert nombre not in mensaje.body
    [(nombre, contenido, tipo)] = mensaje.attachments
    assert tipo == "application/pdf"
    assert nombre.startswith(f"citacion-{caso_con_partes.radicado}-")
    assert contenido.startswith(b"%PDF")
    enviada = Citacion.objects.get(sesion=sesion, parte__persona__nombres="Yadira")
    assert enviada.enviada_por_correo_en is not None
    assert enviada.history.first().history_user == gestor
    assert not Citacion.objects.filter(sesion=sesion, enviada_por_correo_en__isnull=False).exclude(
        pk=enviada.pk
    )


def test_no_se_envia_antes_del_commit(caso_con_partes, gestor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as pendientes:
        _programar(caso_con_partes, gestor)

    assert mail.outbox == []
    assert len(pendientes) == 1


def test_se_envia_una_sola_vez(caso_con_partes, gestor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as pendientes:
        _programar(caso_con_partes, gestor)
    pendientes[0]()  # el mismo aviso otra vez: ya se envió

    assert len(mail.outbox) == 1


def test_al_reprogramar_se_envia_la_citacion_nueva(
    caso_con_partes, gestor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sesion = _programar(caso_con_partes, gestor)
    with django_capture_on_commit_callbacks(execute=True):
        nueva = sesion_reprogramar(
            sesion=sesion, autor=gestor, datos=_datos(dias=10), motivo="El salón no estaba libre."
        )

    assert len(mail.outbox) == 2
    assert nueva.citaciones.filter(enviada_por_correo_en__isnull=False).count() == 1
    caso_con_partes.refresh_from_db()
    assert caso_con_partes.estado == Estado.EN_MEDIACION
