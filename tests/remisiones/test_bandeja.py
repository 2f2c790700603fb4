"""La bandeja del enlace institucional: solo sus remisiones, y el caso solo a través de ellas."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casos.models import Estado
from gestores.models import Rol
from municipios.models import TipoEntidad
from remisiones import services
from remisiones.models import EstadoRemision
from tests.factories import CasoFactory, ParteFactory, usuario_con_rol

pytestmark = pytest.mark.django_db


def _remitir(galapa, tipo=TipoEntidad.ESTACION_MEBAR, **caso):
    c = CasoFactory(municipio=galapa, estado=Estado.EN_GESTION, **caso)
    ParteFactory(caso=c, persona__nombres="Yolanda", persona__telefono="3005550101")
    return services.caso_remitir(
        caso=c,
        autor=c.gestor,
        entidad=galapa.entidades.get(tipo=tipo),
        motivo="Riña con lesiones",
        medio="oficio",
        fecha_envio=timezone.localdate(),
    )


@pytest.fixture
def enlace_mebar(galapa):
    cliente = Client()
    cliente.force_login(
        usuario_con_rol(
            Rol.ENLACE, galapa, entidad=galapa.entidades.get(tipo=TipoEntidad.ESTACION_MEBAR)
        )
    )
    return cliente


def test_la_bandeja_muestra_solo_las_remisiones_a_su_entidad(enlace_mebar, galapa):
    propia = _remitir(galapa)
    ajena = _remitir(galapa, tipo=TipoEntidad.COMISARIA_FAMILIA)

    html = enlace_mebar.get(reverse("remisiones:bandeja")).content.decode()

    assert propia.caso.radicado in html
    assert ajena.caso.radicado not in html


def test_otra_remision_o_el_caso_mismo_responden_404(enlace_mebar, galapa):
    ajena = _remitir(galapa, tipo=TipoEntidad.COMISARIA_FAMILIA)
    propia = _remitir(galapa)

    assert enlace_mebar.get(reverse("remisiones:detalle", args=[ajena.pk])).status_code == 404
    assert enlace_mebar.post(reverse("remisiones:recibido", args=[ajena.pk])).status_code == 404
    assert (
        enlace_mebar.get(reverse("casos:detalle", args=[propia.caso.radicado])).status_code == 404
    )
    assert enlace_mebar.get(reverse("casos:lista")).context["pagina"].paginator.count == 0


def test_el_enlace_ve_lo_necesario_para_actuar(enlace_mebar, galapa):
    remision = _remitir(galapa)

    html = enlace_mebar.get(reverse("remisiones:detalle", args=[remision.pk])).content.decode()

    assert "Riña con lesiones" in html
    assert "Yolanda" in html
    assert "3005550101" in html
    assert remision.caso.relato in html


def test_acusar_recibo_y_responder_desde_la_bandeja(enlace_mebar, galapa):
    remision = _remitir(galapa)

    enlace_mebar.post(reverse("remisiones:recibido", args=[remision.pk]))
    respuesta = enlace_mebar.post(
        reverse("remisiones:respuesta", args=[remision.pk]),
        {
            "fecha": timezone.localdate().isoformat(),
            "respuesta": "Se impuso comparendo",
            "accion_tomada": "Orden de comparendo",
        },
    )

    remision.refresh_from_db()
    assert respuesta.status_code == 302
    assert remision.estado == EstadoRemision.RESPONDIDA
    assert remision.medio_recepcion == "sistema"
    assert remision.accion_tomada == "Orden de comparendo"


def test_una_respuesta_vacia_se_rechaza_y_conserva_lo_escrito(enlace_mebar, galapa):
    remision = _remitir(galapa)

    respuesta = enlace_mebar.post(
        reverse("remisiones:respuesta", args=[remision.pk]),
        {"fecha": "", "respuesta": "", "accion_tomada": "Texto escrito por el enlace"},
    )

    assert respuesta.status_code == 400
    assert "Este campo es obligatorio." in respuesta.content.decode()
    assert "Texto escrito por el enlace" in respuesta.content.decode()


def test_devolver_desde_la_bandeja(enlace_mebar, galapa):
    remision = _remitir(galapa)

    enlace_mebar.post(
        reverse("remisiones:devolver", args=[remision.pk]), {"motivo": "Es de la comisaría"}
    )

    remision.refresh_from_db()
    remision.caso.refresh_from_db()
    assert remision.estado == EstadoRemision.DEVUELTA
    assert remision.caso.estado == Estado.EN_GESTION


def test_una_respuesta_o_una_devolucion_de_diez_mil_letras_se_rechaza_con_su_motivo(
    enlace_mebar, galapa
):
    remision = _remitir(galapa)
    palabra = "x" * 10_000

    respuesta = enlace_mebar.post(
        reverse("remisiones:respuesta", args=[remision.pk]),
        {"fecha": timezone.localdate().isoformat(), "respuesta": palabra},
    )
    devolucion = enlace_mebar.post(
        reverse("remisiones:devolver", args=[remision.pk]), {"motivo": palabra}, follow=True
    )
    vacia = enlace_mebar.post(
        reverse("remisiones:devolver", args=[remision.pk]), {"motivo": ""}, follow=True
    )

    assert respuesta.status_code == 400
    assert "tenga como máximo 4000 caracteres" in respuesta.content.decode()
    assert "tenga como máximo 2000 caracteres" in devolucion.content.decode()
    assert "Diga por qué la entidad no es competente." in vacia.content.decode()
    remision.refresh_from_db()
    assert remision.estado == EstadoRemision.ENVIADA


@pytest.mark.parametrize("cliente", ["cliente_gestor_galapa", "cliente_amb"])
def test_la_bandeja_es_de_los_enlaces(cliente, request):
    assert request.getfixturevalue(cliente).get(reverse("remisiones:bandeja")).status_code == 403


def test_la_bandeja_no_crece_en_consultas(enlace_mebar, galapa):
    _remitir(galapa)

    def consultas():
        with CaptureQueriesContext(connection) as contexto:
            assert enlace_mebar.get(reverse("remisiones:bandeja")).status_code == 200
        return len(contexto)

    pocas = consultas()
    for _ in range(12):
        _remitir(galapa)

    assert consultas() == pocas


def test_el_inicio_del_enlace_cuenta_pendientes(enlace_mebar, galapa):
    _remitir(galapa)
    _remitir(galapa, tipo=TipoEntidad.COMISARIA_FAMILIA)

    respuesta = enlace_mebar.get(reverse("inicio"))

    assert respuesta.context["remisiones"] == {"pendientes": 1, "vencidas": 0}


def test_la_respuesta_con_archivo_la_descargan_el_enlace_y_el_gestor(
    enlace_mebar, galapa, settings, tmp_path, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = settings.STORAGES | {
        "privado": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        }
    }
    remision = _remitir(galapa)
    enlace_mebar.post(
        reverse("remisiones:respuesta", args=[remision.pk]),
        {
            "fecha": timezone.localdate().isoformat(),
            "respuesta": "Ver acta",
            "archivo": SimpleUploadedFile("acta.pdf", b"%PDF-1.4\nacta de la inspeccion"),
        },
    )
    url = reverse("remisiones:archivo", args=[remision.pk])
    client.force_login(remision.caso.gestor)
    otro_enlace = Client()
    otro_enlace.force_login(
        usuario_con_rol(
            Rol.ENLACE, galapa, entidad=galapa.entidades.get(tipo=TipoEntidad.COMISARIA_FAMILIA)
        )
    )

    del_enlace = enlace_mebar.get(url)
    del_gestor = client.get(url)

    assert b"".join(del_enlace.streaming_content) == b"%PDF-1.4\nacta de la inspeccion"
    assert del_gestor.status_code == 200
    assert otro_enlace.get(url).status_code == 404


def test_un_ejecutable_como_respuesta_se_rechaza(enlace_mebar, galapa):
    from django.core.files.uploadedfile import SimpleUploadedFile

    remision = _remitir(galapa)

    respuesta = enlace_mebar.post(
        reverse("remisiones:respuesta", args=[remision.pk]),
        {
            "fecha": timezone.localdate().isoformat(),
            "respuesta": "Adjunto",
            "archivo": SimpleUploadedFile("acta.pdf", b"MZ\x90\x00ejecutable"),
        },
    )

    assert respuesta.status_code == 400
    assert "Solo se aceptan archivos PDF, JPG o PNG" in respuesta.content.decode()
    remision.refresh_from_db()
    assert remision.estado == EstadoRemision.ENVIADA


def test_el_gestor_registra_el_recibido_diciendo_como_lo_supo(
    cliente_gestor_galapa, gestor_galapa, galapa
):
    remision = _remitir(galapa, gestor=gestor_galapa)

    cliente_gestor_galapa.post(
        reverse("remisiones:recibido_del_caso", args=[remision.caso.radicado, remision.pk]),
        {"fecha": timezone.localdate().isoformat(), "medio": "oficio"},
    )

    remision.refresh_from_db()
    assert (remision.estado, remision.medio_recepcion, remision.recibida_por) == (
        EstadoRemision.RECIBIDA,
        "oficio",
        gestor_galapa,
    )
