import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capacitaciones.models import Actividad, Asistencia, EstadoActividad, TipoActividad
from gestores.models import Rol
from tests.factories import (
    ActividadFactory,
    AsistenciaFactory,
    CasoFactory,
    GestorFactory,
    ModuloFactory,
    ParteFactory,
    PersonaFactory,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db


def _url(actividad, nombre="capacitaciones:detalle"):
    return reverse(nombre, args=[actividad.pk])


@pytest.fixture
def pedagogica(galapa):
    return ActividadFactory(
        municipio=galapa,
        tipo=TipoActividad.PEDAGOGICA,
        publico_objetivo="remitidos",
        tema="Actividad pedagógica: ruido (art. 33)",
    )


def test_las_pantallas_de_otro_municipio_responden_404(cliente_gestor_malambo, pedagogica):
    asistencia = AsistenciaFactory(actividad=pedagogica)
    pedagogica.estado = EstadoActividad.REALIZADA
    pedagogica.save(update_fields=["estado"])

    for url in (
        _url(pedagogica),
        _url(pedagogica, "capacitaciones:asistencia"),
        _url(pedagogica, "capacitaciones:conteos"),
        reverse("capacitaciones:certificado", args=[asistencia.pk]),
    ):
        assert cliente_gestor_malambo.get(url).status_code == 404, url
    assert (
        cliente_gestor_malambo.post(_url(pedagogica, "capacitaciones:realizada")).status_code == 404
    )


def test_la_secretaria_lee_pero_no_registra(cliente_secretaria_galapa, pedagogica):
    assert cliente_secretaria_galapa.get(_url(pedagogica)).status_code == 200
    assert (
        cliente_secretaria_galapa.get(_url(pedagogica, "capacitaciones:asistencia")).status_code
        == 403
    )
    assert cliente_secretaria_galapa.get(reverse("capacitaciones:nueva")).status_code == 403


def test_registrar_una_actividad(cliente_gestor_galapa, galapa, gestor_galapa):
    inicio = timezone.localtime() + datetime.timedelta(days=3)
    datos = {
        "tipo": "socializacion",
        "tema": "Socialización con la JAC de Villa Olímpica",
        "publico_objetivo": "jac",
        "inicio": inicio.strftime("%Y-%m-%dT%H:%M"),
        "fin": (inicio + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "lugar": "Salón comunal",
        "municipio": "999",
    }

    respuesta = cliente_gestor_galapa.post(reverse("capacitaciones:nueva"), datos)

    actividad = Actividad.objects.get()
    assert respuesta.status_code == 302
    assert (actividad.municipio, actividad.registrada_por) == (galapa, gestor_galapa)
    assert list(actividad.facilitadores.all()) == [gestor_galapa]


def test_una_actividad_invalida_se_rechaza_en_espanol_y_conserva_lo_escrito(cliente_gestor_galapa):
    inicio = timezone.localtime()
    datos = {
        "tipo": "capacitacion",
        "tema": "Tema escrito por el gestor",
        "publico_objetivo": "gestores",
        "inicio": inicio.strftime("%Y-%m-%dT%H:%M"),
        "fin": (inicio - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "lugar": "",
    }

    respuesta = cliente_gestor_galapa.post(reverse("capacitaciones:nueva"), datos)

    html = respuesta.content.decode()
    assert not Actividad.objects.exists()
    assert "La actividad debe terminar después de empezar." in html
    assert "Una capacitación de gestores cubre un módulo del currículo." in html
    assert "Tema escrito por el gestor" in html


def _asistente(**cambios):
    return {
        "tipo_documento": "CC",
        "numero_documento": "1045111222",
        "nombres": "Marta",
        "apellidos": "Orozco",
        "sexo": "mujer",
        "edad": "52",
        "comparendo": "08-296-123456",
        "autorizacion": "verbal",
    } | cambios


def test_registrar_asistentes_y_rechazar_repetidos(
    cliente_gestor_galapa, gestor_galapa, pedagogica
):
    """A quien responde por la actividad (la facilita) se le dice que ya está; a otro gestor que
    ayuda a registrar, no (tests/casos/test_personas.py)."""
    pedagogica.facilitadores.add(gestor_galapa)
    url = _url(pedagogica, "capacitaciones:asistencia")

    primera = cliente_gestor_galapa.post(url, _asistente())
    repetida = cliente_gestor_galapa.post(url, _asistente(nombres="Otra"))

    assert primera.status_code == 302
    assert repetida.status_code == 400
    assert "ya está registrada" in repetida.content.decode()
    asistencia = Asistencia.objects.get()
    assert (asistencia.comparendo, asistencia.grupo_edad) == ("08-296-123456", "29_59")


def test_una_persona_conocida_por_casos_se_reconoce_por_su_documento(
    cliente_gestor_galapa, gestor_galapa, galapa, pedagogica
):
    """Una persona de los casos del gestor (la ve sin enmascarar) se reconoce; las demás, no
    (tests/casos/test_personas.py)."""
    conocida = PersonaFactory(municipio=galapa, numero_documento="55443322", nombres="Conocida")
    ParteFactory(caso=CasoFactory(municipio=galapa, gestor=gestor_galapa), persona=conocida)

    cliente_gestor_galapa.post(
        _url(pedagogica, "capacitaciones:asistencia"),
        _asistente(numero_documento="55443322", nombres="X"),
    )

    assert Asistencia.objects.get().persona == conocida


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    datos=st.fixed_dictionaries(
        {
            "tipo_documento": st.sampled_from(["CC", "TI", "SD", "ZZ", ""]),
            "numero_documento": st.text(max_size=30),
            "nombres": st.text(max_size=120),
            "apellidos": st.text(max_size=120),
            "sexo": st.sampled_from(["mujer", "hombre", "x", ""]),
            "edad": st.one_of(st.integers(-10, 500).map(str), st.text(max_size=5)),
            "organizacion": st.one_of(st.integers(-1, 10**6).map(str), st.text(max_size=5)),
            "comparendo": st.text(max_size=40),
            "autorizacion": st.sampled_from(["verbal", "", "escrita"]),
            "enfoque_victima": st.sampled_from(["on", ""]),
        }
    )
)
def test_el_formulario_de_asistencia_nunca_responde_500(cliente_gestor_galapa, pedagogica, datos):
    respuesta = cliente_gestor_galapa.post(_url(pedagogica, "capacitaciones:asistencia"), datos)

    assert respuesta.status_code in (302, 400)


def test_una_actividad_con_300_asistentes_hace_pocas_consultas(
    cliente_coordinador_malambo, malambo, django_assert_max_num_queries
):
    actividad = ActividadFactory(municipio=malambo, estado=EstadoActividad.REALIZADA)
    AsistenciaFactory.create_batch(300, actividad=actividad)

    with django_assert_max_num_queries(25):
        respuesta = cliente_coordinador_malambo.get(_url(actividad))

    assert respuesta.context["cifras"]["total"] == 300
    assert respuesta.content.decode().count("Certificado") >= 300


def test_la_lista_de_actividades_no_crece_en_consultas(cliente_coordinador_malambo, malambo):
    def consultas():
        with CaptureQueriesContext(connection) as contexto:
            assert (
                cliente_coordinador_malambo.get(reverse("capacitaciones:lista")).status_code == 200
            )
        return len(contexto)

    ActividadFactory(municipio=malambo)
    pocas = consultas()
    for actividad in ActividadFactory.create_batch(20, municipio=malambo):
        AsistenciaFactory.create_batch(2, actividad=actividad)

    assert consultas() == pocas


def test_el_calendario_muestra_las_actividades_del_mes(
    cliente_coordinador_malambo, malambo, galapa
):
    propia = ActividadFactory(municipio=malambo, tema="Jornada en el parque")
    ActividadFactory(municipio=galapa, tema="De otro municipio")
    mes = timezone.localtime(propia.inicio).strftime("%Y-%m")

    html = cliente_coordinador_malambo.get(
        reverse("capacitaciones:lista"), {"vista": "calendario", "mes": mes}
    ).content.decode()

    assert "Jornada en el parque" in html
    assert "De otro municipio" not in html


# --- certificados ---------------------------------------------------------------------------------


@pytest.fixture
def certificada(pedagogica):
    asistencia = AsistenciaFactory(
        actividad=pedagogica,
        persona__nombres="Marta Lucía",
        persona__apellidos="Orozco",
        persona__numero_documento="1045111222",
    )
    pedagogica.estado = EstadoActividad.REALIZADA
    pedagogica.save(update_fields=["estado"])
    return asistencia


def test_el_certificado_tiene_lo_necesario(cliente_gestor_galapa, gestor_galapa, certificada):
    certificada.actividad.facilitadores.add(gestor_galapa)  # lo imprime quien la dirigió
    html = cliente_gestor_galapa.get(
        reverse("capacitaciones:certificado", args=[certificada.pk])
    ).content.decode()

    for texto in ("Galapa", "Marta Lucía Orozco", "CC 1045111222", "2,0 horas", certificada.codigo):
        assert texto in html, texto
    assert "css/certificado.css" in html  # hoja de impresión de una página (A4 o carta)
    assert '<html lang="es-CO">' in html  # el lector de pantalla lo lee con voz en español
    assert "Actividad pedagógica: ruido (art. 33)" in html


def test_verificar_un_certificado_valido_muestra_solo_iniciales(client, certificada):
    respuesta = client.get(reverse("verificar", args=[certificada.codigo]))

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Certificado válido" in html
    assert "M.L.O." in html
    assert "Marta" not in html
    assert "1045111222" not in html


@pytest.mark.parametrize(
    "alterar",
    [lambda c: c[:-1] + ("A" if c[-1] != "A" else "B"), lambda c: "x" * 16, lambda c: c + "0"],
)
def test_un_codigo_alterado_o_desconocido_responde_404(client, certificada, alterar):
    respuesta = client.get(reverse("verificar", args=[alterar(certificada.codigo)]))

    assert respuesta.status_code == 404
    assert "No existe ningún certificado con ese código" in respuesta.content.decode()


def test_una_actividad_no_realizada_no_certifica(client, pedagogica):
    asistencia = AsistenciaFactory(actividad=pedagogica)

    assert client.get(reverse("verificar", args=[asistencia.codigo])).status_code == 404


def test_los_codigos_no_se_repiten_ni_se_adivinan(pedagogica):
    codigos = {AsistenciaFactory(actividad=pedagogica).codigo for _ in range(200)}

    assert len(codigos) == 200
    assert all(len(c) == 16 for c in codigos)


# --- currículo ----------------------------------------------------------------------


def test_el_coordinador_ve_el_avance_de_los_gestores_de_su_municipio(
    cliente_coordinador_malambo, malambo, galapa
):
    ModuloFactory(nombre="Ley 1801", horas=4)
    GestorFactory(perfil__municipio=malambo, perfil__usuario__first_name="Certificada")
    GestorFactory(
        perfil__municipio=malambo, perfil__usuario__first_name="Aprendiz", certificado_en=None
    )
    GestorFactory(perfil__municipio=galapa, perfil__usuario__first_name="Ajena")

    html = cliente_coordinador_malambo.get(reverse("capacitaciones:curriculo")).content.decode()

    assert "Ley 1801" in html
    assert "Certificada" in html
    assert "Aprendiz" in html
    assert "Ajena" not in html
    assert "En formación" in html


def test_un_enlace_no_ve_el_curriculo(client, galapa):
    client.force_login(usuario_con_rol(Rol.ENLACE, galapa))

    assert client.get(reverse("capacitaciones:curriculo")).status_code == 403


# --- otras entradas inválidas y evidencias ---------------------------------------------------


def test_conteos_negativos_o_imposibles_se_rechazan_en_espanol(cliente_gestor_galapa, pedagogica):
    url = _url(pedagogica, "capacitaciones:conteos")

    negativo = cliente_gestor_galapa.post(url, {"c_mujer_18_28": "-3"})
    imposible = cliente_gestor_galapa.post(url, {"c_mujer_18_28": "2", "e_migrante": "5"})
    valido = cliente_gestor_galapa.post(url, {"c_mujer_18_28": "7", "e_migrante": "2"})

    assert "mayor o igual a 0" in negativo.content.decode()
    assert "más personas con el enfoque" in imposible.content.decode()
    assert valido.status_code == 302
    assert pedagogica.conteos.get().cantidad == 7


def test_cancelar_sin_motivo_no_cancela(cliente_gestor_galapa, galapa):
    inicio = timezone.now() + datetime.timedelta(days=1)
    actividad = ActividadFactory(
        municipio=galapa, inicio=inicio, fin=inicio + datetime.timedelta(hours=1)
    )

    cliente_gestor_galapa.post(_url(actividad, "capacitaciones:cancelar"), {"motivo": ""})
    actividad.refresh_from_db()
    assert actividad.estado == EstadoActividad.PROGRAMADA

    cliente_gestor_galapa.post(
        _url(actividad, "capacitaciones:cancelar"), {"motivo": "Paro de transporte"}
    )
    actividad.refresh_from_db()
    assert (actividad.estado, actividad.motivo_cancelacion) == ("cancelada", "Paro de transporte")


def test_evidencias_de_una_actividad_con_las_reglas_de_los_casos(
    cliente_gestor_galapa, cliente_gestor_malambo, pedagogica, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = settings.STORAGES | {
        "privado": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        }
    }
    url = _url(pedagogica, "capacitaciones:evidencia")
    cliente_gestor_galapa.post(
        url, {"archivo": SimpleUploadedFile("lista.pdf", b"%PDF-1.4\nlista")}
    )
    cliente_gestor_galapa.post(
        url, {"archivo": SimpleUploadedFile("foto.png", b"MZ\x90\x00binario")}
    )

    evidencia = pedagogica.evidencias.get()
    descarga = reverse("capacitaciones:evidencia_descargar", args=[pedagogica.pk, evidencia.pk])
    assert evidencia.tipo_contenido == "application/pdf"
    assert cliente_gestor_galapa.get(descarga).status_code == 200
    assert cliente_gestor_malambo.get(descarga).status_code == 404


def test_la_busqueda_de_asistentes_solo_revela_personas_del_municipio(
    cliente_gestor_galapa, gestor_galapa, pedagogica, malambo
):
    pedagogica.facilitadores.add(gestor_galapa)  # responde por ella: ve a sus asistentes
    propia = AsistenciaFactory(actividad=pedagogica).persona
    ajena = AsistenciaFactory(actividad=ActividadFactory(municipio=malambo)).persona
    url = reverse("capacitaciones:persona_buscar")

    encontrada = cliente_gestor_galapa.get(url, {"tipo": "CC", "numero": propia.numero_documento})
    oculta = cliente_gestor_galapa.get(url, {"tipo": "CC", "numero": ajena.numero_documento})

    assert encontrada.json()["nombres"] == propia.nombres
    assert oculta.json() == {"encontrada": False}


def test_en_una_capacitacion_no_se_marca_un_gestor_de_otro_municipio(
    cliente_coordinador_malambo, malambo, galapa
):
    sesion = ActividadFactory(
        municipio=malambo, tipo=TipoActividad.CAPACITACION, modulo=ModuloFactory()
    )
    propio = GestorFactory(perfil__municipio=malambo)
    ajeno = GestorFactory(perfil__municipio=galapa)
    url = _url(sesion, "capacitaciones:gestores")

    rechazo = cliente_coordinador_malambo.post(url, {"gestores": [ajeno.pk]})
    aceptado = cliente_coordinador_malambo.post(url, {"gestores": [propio.pk]})

    assert "Escoja una opción válida" in rechazo.content.decode()
    assert aceptado.status_code == 302
    assert list(sesion.asistencias_gestores.values_list("gestor", flat=True)) == [propio.pk]


def test_una_evidencia_invalida_vuelve_al_formulario_con_el_resumen_y_lo_escrito(
    cliente_gestor_galapa, pedagogica
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    respuesta = cliente_gestor_galapa.post(
        _url(pedagogica, "capacitaciones:evidencia"),
        {
            "archivo": SimpleUploadedFile("foto.png", b"MZ\x90\x00binario"),
            "descripcion": "Lista de asistencia firmada",
        },
    )

    html = respuesta.content.decode()
    assert respuesta.status_code == 400
    assert "Hay 1 problema" in html
    assert 'href="#id_archivo"' in html
    assert "Lista de asistencia firmada" in html
    assert not pedagogica.evidencias.exists()
