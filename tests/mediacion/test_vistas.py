"""Las pantallas de la mediación: quién programa, registra, reprograma, emite y corrige; qué
pasa con datos malos (mensaje en español, nada guardado, nunca un 500)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casos.models import DocumentoMediacionTipo, Estado
from gestores.models import Rol
from mediacion.forms import SesionForm
from mediacion.models import DocumentoFirmado, DocumentoMediacion, EstadoSesion, SesionMediacion
from tests.conftest import ingresar
from tests.factories import CasoFactory, ParteFactory, usuario_con_rol
from tests.mediacion.conftest import hacer_pasada

pytestmark = pytest.mark.django_db


def _datos(**cambios):
    manana = timezone.localdate() + datetime.timedelta(days=1)
    return {
        "fecha": manana.isoformat(),
        "hora": "09:30",
        "duracion": "60",
        "tipo_lugar": "salon_comunal",
        "lugar": "Salón comunal del barrio",
        "que_llevar": "Cédula",
        **cambios,
    }


def _programar(client, caso, **cambios):
    datos = _datos(partes=[p.pk for p in caso.partes.all()], version=caso.version) | cambios
    return client.post(reverse("mediacion:sesion_nueva", args=[caso.radicado]), datos)


def test_el_gestor_programa_desde_el_caso(client, caso_mediable):
    ingresar(client, caso_mediable.gestor)
    pagina = client.get(caso_mediable.get_absolute_url())
    assert reverse("mediacion:sesion_nueva", args=[caso_mediable.radicado]) in pagina.text

    respuesta = _programar(client, caso_mediable)

    sesion = SesionMediacion.objects.get(caso=caso_mediable)
    assert respuesta.status_code == 302
    assert respuesta.url == sesion.get_absolute_url()
    assert timezone.localtime(sesion.inicio).strftime("%H:%M") == "09:30"
    caso_mediable.refresh_from_db()
    assert caso_mediable.estado == Estado.EN_MEDIACION
    detalle = client.get(sesion.get_absolute_url())
    assert "Cuando empiece la sesión podrá registrar" in detalle.text
    assert "Reprogramar" in detalle.text
    assert "Cancelar" in detalle.text


@pytest.mark.parametrize(
    ("cambios", "mensaje"),
    [
        ({"fecha": "2020-01-01"}, "desde hoy en adelante"),
        ({"fecha": "3026-01-01"}, "un año de antelación"),
        ({"fecha": "31/02/2026"}, SesionForm.base_fields["fecha"].error_messages["invalid"]),
        ({"hora": "25:99"}, SesionForm.base_fields["hora"].error_messages["invalid"]),
        ({"lugar": "x" * 10_000}, "como máximo 200"),
        ({"tipo_lugar": "castillo"}, "Escoja una opción válida"),
        ({"duracion": "100000"}, "Escoja una opción válida"),
        ({"partes": ["999999"]}, "Escoja una opción válida"),
        ({"partes": []}, "Cite al menos a una parte"),
    ],
)
def test_datos_malos_dan_un_mensaje_y_no_guardan_nada(client, caso_mediable, cambios, mensaje):
    ingresar(client, caso_mediable.gestor)
    respuesta = _programar(client, caso_mediable, **cambios)

    assert respuesta.status_code == 400
    assert str(mensaje) in respuesta.text
    assert "Revise los datos marcados" in respuesta.text
    assert not SesionMediacion.objects.exists()
    caso_mediable.refresh_from_db()
    assert caso_mediable.estado == Estado.EN_GESTION


def test_la_parte_de_otro_caso_no_se_cita(client, caso_mediable):
    ajena = ParteFactory(caso=CasoFactory(municipio=caso_mediable.municipio))
    ingresar(client, caso_mediable.gestor)

    respuesta = _programar(client, caso_mediable, partes=[ajena.pk])

    assert respuesta.status_code == 400
    assert not SesionMediacion.objects.exists()


def test_otro_gestor_del_municipio_ve_la_sesion_pero_no_la_programa(client, caso_mediable):
    ingresar(client, caso_mediable.gestor)
    _programar(client, caso_mediable)
    sesion = SesionMediacion.objects.get()
    otro = usuario_con_rol(Rol.GESTOR, caso_mediable.municipio)
    ingresar(client, otro)

    assert (
        client.get(reverse("mediacion:sesion_nueva", args=[caso_mediable.radicado])).status_code
        == 403
    )
    detalle = client.get(sesion.get_absolute_url())
    assert detalle.status_code == 200
    assert "Registrar la sesión" not in detalle.text
    # Los nombres de las partes, enmascarados como en el caso.
    for parte in caso_mediable.partes.select_related("persona"):
        assert parte.persona.nombre_completo not in detalle.text
    assert (
        client.get(
            reverse("mediacion:sesion_registrar", args=[caso_mediable.radicado, sesion.pk])
        ).status_code
        == 403
    )


def test_registrar_con_una_ausencia_y_emitir_la_constancia(client, caso_mediable):
    ingresar(client, caso_mediable.gestor)
    _programar(client, caso_mediable)
    sesion = hacer_pasada(SesionMediacion.objects.get())
    primera, segunda = sesion.citaciones.order_by("parte")
    url = reverse("mediacion:sesion_registrar", args=[caso_mediable.radicado, sesion.pk])

    # Sin decir de una persona si vino: el formulario lo pide y guarda lo demás escrito.
    incompleto = client.post(url, {f"asistio_{primera.pk}": "si", "realizada": "no"})
    assert incompleto.status_code == 400
    assert "Diga si esta persona vino" in incompleto.text
    sesion.refresh_from_db()
    assert sesion.estado == EstadoSesion.PROGRAMADA

    respuesta = client.post(
        url, {f"asistio_{primera.pk}": "si", f"asistio_{segunda.pk}": "no", "realizada": "no"}
    )
    assert respuesta.status_code == 302
    sesion.refresh_from_db()
    assert sesion.estado == EstadoSesion.NO_REALIZADA
    assert "Emitir Constancia de inasistencia" in client.get(sesion.get_absolute_url()).text

    emitir = client.post(
        reverse("mediacion:documento_nuevo", args=[caso_mediable.radicado]),
        {"tipo": DocumentoMediacionTipo.INASISTENCIA, "sesion": sesion.pk},
    )
    documento = DocumentoMediacion.objects.get()
    assert emitir.url == documento.get_absolute_url()
    # Otra vez: no se emite dos veces.
    otra = client.post(
        reverse("mediacion:documento_nuevo", args=[caso_mediable.radicado]),
        {"tipo": DocumentoMediacionTipo.INASISTENCIA, "sesion": sesion.pk},
        follow=True,
    )
    assert "Ya se emitió" in otra.text
    assert DocumentoMediacion.objects.count() == 1


@pytest.mark.parametrize(
    "datos",
    [
        {"tipo": "cualquier_cosa"},
        {"tipo": DocumentoMediacionTipo.NO_ACUERDO, "sesion": "abc"},
        {"tipo": DocumentoMediacionTipo.NO_ACUERDO, "sesion": "99999999999999999999"},
        {"tipo": DocumentoMediacionTipo.ACTA_TOTAL},
    ],
)
def test_emitir_con_datos_malos_avisa_sin_emitir(client, caso_mediable, datos):
    ingresar(client, caso_mediable.gestor)
    respuesta = client.post(
        reverse("mediacion:documento_nuevo", args=[caso_mediable.radicado]), datos, follow=True
    )
    assert respuesta.status_code == 200
    assert not DocumentoMediacion.objects.exists()


def test_la_sesion_de_otro_caso_no_sirve_para_una_constancia(client, caso_mediable):
    ingresar(client, caso_mediable.gestor)
    _programar(client, caso_mediable)
    sesion = hacer_pasada(SesionMediacion.objects.get())
    otro = CasoFactory(
        municipio=caso_mediable.municipio, gestor=caso_mediable.gestor, estado=Estado.EN_MEDIACION
    )
    client.post(
        reverse("mediacion:documento_nuevo", args=[otro.radicado]),
        {"tipo": DocumentoMediacionTipo.INASISTENCIA, "sesion": sesion.pk},
    )
    assert not DocumentoMediacion.objects.exists()


def test_reprogramar_pide_motivo_y_deja_la_sesion_anterior(client, caso_mediable):
    ingresar(client, caso_mediable.gestor)
    _programar(client, caso_mediable)
    sesion = SesionMediacion.objects.get()
    url = reverse("mediacion:sesion_reprogramar", args=[caso_mediable.radicado, sesion.pk])
    formulario = client.get(url)
    assert 'value="Salón comunal del barrio"' in formulario.text

    sin_motivo = client.post(url, _datos(hora="15:00"))
    assert sin_motivo.status_code == 400
    assert "15:00" in sin_motivo.text

    respuesta = client.post(url, _datos(hora="15:00", motivo="Lluvia"))
    nueva = SesionMediacion.objects.get(estado=EstadoSesion.PROGRAMADA)
    assert respuesta.url == nueva.get_absolute_url()
    sesion.refresh_from_db()
    assert sesion.estado == EstadoSesion.REPROGRAMADA
    assert "Reprograma la sesión 1" in client.get(nueva.get_absolute_url()).text


def test_corregir_y_adjuntar_el_firmado(client, caso_mediable):
    ingresar(client, caso_mediable.gestor)
    _programar(client, caso_mediable)
    sesion = hacer_pasada(SesionMediacion.objects.get())
    primera, segunda = sesion.citaciones.order_by("parte")
    client.post(
        reverse("mediacion:sesion_registrar", args=[caso_mediable.radicado, sesion.pk]),
        {f"asistio_{primera.pk}": "si", f"asistio_{segunda.pk}": "no", "realizada": "no"},
    )
    client.post(
        reverse("mediacion:documento_nuevo", args=[caso_mediable.radicado]),
        {"tipo": DocumentoMediacionTipo.INASISTENCIA, "sesion": sesion.pk},
    )
    documento = DocumentoMediacion.objects.get()
    corregir = reverse("mediacion:documento_corregir", args=[caso_mediable.radicado, documento.pk])

    assert client.post(corregir, {"motivo": ""}).status_code == 400
    assert client.post(corregir, {"motivo": "x" * 10_000}).status_code == 400
    respuesta = client.post(corregir, {"motivo": "Apellido mal escrito"})
    nueva = DocumentoMediacion.objects.get(version=2)
    assert respuesta.url == nueva.get_absolute_url()
    # La versión corregida ya no se corrige: se corrige la vigente.
    assert client.post(corregir, {"motivo": "otra"}).status_code == 302
    assert DocumentoMediacion.objects.count() == 2

    firmado = reverse("mediacion:firmado", args=[caso_mediable.radicado, nueva.pk])
    falso = SimpleUploadedFile("acta.pdf", b"no es un pdf", content_type="application/pdf")
    malo = client.post(firmado, {"archivo": falso})
    assert malo.status_code == 400
    assert "Solo se aceptan archivos PDF, JPG o PNG" in malo.text
    pdf = SimpleUploadedFile("acta.pdf", b"%PDF-1.4 firmado", content_type="application/pdf")
    assert client.post(firmado, {"archivo": pdf, "descripcion": "Firmas"}).status_code == 302
    guardado = DocumentoFirmado.objects.get()
    pagina = client.get(nueva.get_absolute_url())
    descarga = reverse(
        "mediacion:firmado_descargar", args=[caso_mediable.radicado, nueva.pk, guardado.pk]
    )
    assert descarga in pagina.text
    assert client.get(descarga).status_code == 200


def test_la_secretaria_ve_la_seccion_sin_imprimir(client, caso_mediable, secretaria_galapa):
    ingresar(client, caso_mediable.gestor)
    _programar(client, caso_mediable)
    ingresar(client, secretaria_galapa)

    pagina = client.get(caso_mediable.get_absolute_url())

    assert "Sesión 1" in pagina.text
    assert "Programar sesión" not in pagina.text


def test_la_pagina_del_caso_no_crece_en_consultas_con_las_sesiones(
    client, caso_mediable, django_assert_max_num_queries
):
    ingresar(client, caso_mediable.gestor)
    _programar(client, caso_mediable)
    with CaptureQueriesContext(connection) as antes:
        client.get(caso_mediable.get_absolute_url())
    consultas = len(antes.captured_queries)  # la captura siguiente vacía el registro
    for _ in range(3):
        sesion = SesionMediacion.objects.get(estado=EstadoSesion.PROGRAMADA)
        client.post(
            reverse("mediacion:sesion_reprogramar", args=[caso_mediable.radicado, sesion.pk]),
            _datos(motivo="Otra fecha"),
        )
    assert SesionMediacion.objects.filter(caso=caso_mediable).count() == 4
    with django_assert_max_num_queries(consultas):
        client.get(caso_mediable.get_absolute_url())


def test_un_id_enorme_entre_las_partes_es_una_opcion_invalida(client, caso_mediable):
    ingresar(client, caso_mediable.gestor)
    respuesta = _programar(client, caso_mediable, partes=["99999999999999999999999", "-1", "x"])
    assert respuesta.status_code == 400
    assert not SesionMediacion.objects.exists()


def test_registrar_se_ofrece_cuando_la_sesion_empezo(client, caso_mediable):
    ingresar(client, caso_mediable.gestor)
    _programar(client, caso_mediable)
    sesion = SesionMediacion.objects.get()
    registrar = reverse("mediacion:sesion_registrar", args=[caso_mediable.radicado, sesion.pk])
    assert registrar not in client.get(sesion.get_absolute_url()).text
    hacer_pasada(sesion)
    assert registrar in client.get(sesion.get_absolute_url()).text


def test_un_resumen_demasiado_largo_dice_solo_eso(client, caso_mediable):
    ingresar(client, caso_mediable.gestor)
    _programar(client, caso_mediable)
    sesion = hacer_pasada(SesionMediacion.objects.get())
    datos = {f"asistio_{c.pk}": "si" for c in sesion.citaciones.all()}
    respuesta = client.post(
        reverse("mediacion:sesion_registrar", args=[caso_mediable.radicado, sesion.pk]),
        datos | {"realizada": "si", "resumen": "x" * 10_000},
    )
    assert respuesta.status_code == 400
    assert "como máximo 4000" in respuesta.text
    assert "Escriba un resumen" not in respuesta.text


def test_cancelar_la_sesion_deja_cerrar_el_caso(client, caso_mediable):
    ingresar(client, caso_mediable.gestor)
    _programar(client, caso_mediable)
    sesion = SesionMediacion.objects.get()
    cierre = client.post(
        reverse("casos:cerrar", args=[caso_mediable.radicado]),
        {"resultado": "desistimiento", "version": SesionMediacion.objects.get().caso.version},
    )
    assert cierre.status_code == 400
    assert "sigue programada" in cierre.text

    url = reverse("mediacion:sesion_cancelar", args=[caso_mediable.radicado, sesion.pk])
    assert client.post(url, {"motivo": ""}).status_code == 400
    assert client.post(url, {"motivo": "Las partes desistieron"}).status_code == 302
    sesion.refresh_from_db()
    assert sesion.estado == EstadoSesion.CANCELADA
    assert "Las partes desistieron" in client.get(sesion.get_absolute_url()).text
    caso_mediable.refresh_from_db()
    cierre = client.post(
        reverse("casos:cerrar", args=[caso_mediable.radicado]),
        {"resultado": "desistimiento", "version": caso_mediable.version},
    )
    assert cierre.status_code == 302


def test_la_version_reemplazada_dice_que_no_vale(client, caso_mediable):
    ingresar(client, caso_mediable.gestor)
    _programar(client, caso_mediable)
    sesion = hacer_pasada(SesionMediacion.objects.get())
    primera, segunda = sesion.citaciones.order_by("parte")
    client.post(
        reverse("mediacion:sesion_registrar", args=[caso_mediable.radicado, sesion.pk]),
        {f"asistio_{primera.pk}": "si", f"asistio_{segunda.pk}": "no", "realizada": "no"},
    )
    client.post(
        reverse("mediacion:documento_nuevo", args=[caso_mediable.radicado]),
        {"tipo": DocumentoMediacionTipo.INASISTENCIA, "sesion": sesion.pk},
    )
    vieja = DocumentoMediacion.objects.get()
    client.post(
        reverse("mediacion:documento_corregir", args=[caso_mediable.radicado, vieja.pk]),
        {"motivo": "Fecha mal escrita"},
    )
    nueva = DocumentoMediacion.objects.get(version=2)

    pagina = client.get(vieja.get_absolute_url()).text

    assert "Versión reemplazada: no es válida" in pagina
    assert nueva.get_absolute_url() in pagina
    assert reverse("mediacion:firmado", args=[caso_mediable.radicado, vieja.pk]) not in pagina
    assert "Versión reemplazada" not in client.get(nueva.get_absolute_url()).text


def test_sin_las_bibliotecas_de_pdf_avisa_y_no_cae(client, caso_mediable, monkeypatch):
    """Sin Pango en el servidor (WeasyPrint no carga) el PDF da un aviso, no un 500."""
    from mediacion import documentos

    def sin_pango(*args, **kwargs):
        raise documentos.PDFNoDisponible("libpango-1.0-0 no está instalada")

    monkeypatch.setattr(documentos, "pdf_de", sin_pango)
    ingresar(client, caso_mediable.gestor)
    _programar(client, caso_mediable)
    citacion = SesionMediacion.objects.get().citaciones.first()
    url = reverse(
        "mediacion:citacion_pdf", args=[caso_mediable.radicado, citacion.sesion_id, citacion.pk]
    )

    respuesta = client.get(url)

    assert respuesta.status_code == 503
    assert "use «Imprimir»" in respuesta.text
