import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from casos.models import Adjunto, Caso, Estado, TipoConflicto
from gestores.models import Rol
from tests.factories import (
    ActuacionFactory,
    CasoFactory,
    ParteFactory,
    PersonaFactory,
    RemisionFactory,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db
HOY = timezone.localdate


def _url(caso, nombre="casos:detalle", *args):
    return reverse(nombre, args=[caso.radicado, *args])


def _datos_nuevo(cliente, **cambios):
    html = cliente.get(reverse("casos:nuevo")).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    tipo = TipoConflicto.objects.get(nombre__startswith="Ruido").pk
    datos = {
        "token": token,
        "tipo": tipo,
        "nivel_riesgo": "medio",
        "canal": "presencial",
        "fecha_hechos": (HOY() - datetime.timedelta(days=2)).isoformat(),
        "fecha_recepcion": HOY().isoformat(),
        "sector": "",
        "direccion": "Carrera 19 # 12-30",
        "relato": "Música a todo volumen hasta la madrugada.",
        "gestor": str(cliente.session["_auth_user_id"]),
        "partes-TOTAL_FORMS": "2",
        "partes-INITIAL_FORMS": "0",
        "partes-MIN_NUM_FORMS": "1",
        "partes-MAX_NUM_FORMS": "12",
        "partes-0-rol": "solicitante",
        "partes-0-tipo_documento": "CC",
        "partes-0-numero_documento": "1045678901",
        "partes-0-nombres": "Yolanda",
        "partes-0-apellidos": "Barrios",
        "partes-0-sexo": "mujer",
        "partes-0-autorizacion": "verbal",
        "partes-0-telefono": "300 222 3344",
        "partes-1-rol": "convocado",
        "partes-1-tipo_documento": "CC",
        "partes-1-numero_documento": "72190876",
        "partes-1-nombres": "Rafael",
        "partes-1-apellidos": "Mendoza",
        "partes-1-sexo": "hombre",
    }
    return datos | cambios


# --- registrar ----------------------------------------------------------------------


def test_registrar_un_caso_con_dos_partes(cliente_gestor_galapa, gestor_galapa, galapa):
    respuesta = cliente_gestor_galapa.post(
        reverse("casos:nuevo"), _datos_nuevo(cliente_gestor_galapa)
    )

    caso = Caso.objects.get()
    assert respuesta.status_code == 302
    assert respuesta["Location"] == _url(caso)
    assert caso.municipio == galapa
    assert caso.gestor == gestor_galapa
    assert caso.registrado_por == gestor_galapa
    assert caso.estado == Estado.REGISTRADO
    assert sorted(caso.partes.values_list("persona__nombres", flat=True)) == ["Rafael", "Yolanda"]


def test_el_servidor_decide_municipio_y_estado_aunque_el_post_diga_otra_cosa(
    cliente_gestor_galapa, galapa, malambo
):
    datos = _datos_nuevo(
        cliente_gestor_galapa, municipio=str(malambo.pk), estado="cerrado", version="99"
    )

    cliente_gestor_galapa.post(reverse("casos:nuevo"), datos)

    caso = Caso.objects.get()
    assert (caso.municipio, caso.estado, caso.version) == (galapa, Estado.REGISTRADO, 1)


def test_un_sector_de_otro_municipio_se_rechaza(cliente_gestor_galapa, malambo):
    from tests.factories import SectorFactory

    ajeno = SectorFactory(municipio=malambo)
    datos = _datos_nuevo(cliente_gestor_galapa, sector=str(ajeno.pk))

    respuesta = cliente_gestor_galapa.post(reverse("casos:nuevo"), datos)

    assert respuesta.status_code == 200
    assert "sector" in respuesta.context["form"].errors
    assert not Caso.objects.exists()


def test_datos_invalidos_dan_mensajes_en_espanol_y_conservan_lo_escrito(cliente_gestor_galapa):
    manana = (HOY() + datetime.timedelta(days=1)).isoformat()
    datos = _datos_nuevo(
        cliente_gestor_galapa,
        fecha_recepcion=manana,
        **{"partes-0-nombres": "", "partes-1-autorizacion": "", "partes-1-telefono": "301"},
    )

    respuesta = cliente_gestor_galapa.post(reverse("casos:nuevo"), datos)

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert not Caso.objects.exists()
    assert "La fecha no puede estar en el futuro." in html
    assert "Este campo es obligatorio." in html
    assert "debe autorizar el tratamiento de sus datos" in html
    assert "Música a todo volumen hasta la madrugada." in html  # lo escrito sigue ahí
    assert 'value="Barrios"' in html


def test_enviar_dos_veces_el_mismo_formulario_crea_un_solo_caso(cliente_gestor_galapa):
    datos = _datos_nuevo(cliente_gestor_galapa)

    primera = cliente_gestor_galapa.post(reverse("casos:nuevo"), datos)
    segunda = cliente_gestor_galapa.post(reverse("casos:nuevo"), datos)

    assert Caso.objects.count() == 1
    assert primera["Location"] == segunda["Location"]


@pytest.mark.parametrize("cliente", ["cliente_secretaria_galapa", "cliente_amb"])
def test_solo_gestores_y_coordinadores_registran(cliente, request):
    assert request.getfixturevalue(cliente).get(reverse("casos:nuevo")).status_code == 403


# --- ver ----------------------------------------------------------------------


def test_el_caso_de_otro_municipio_responde_404(cliente_gestor_malambo, galapa):
    caso = CasoFactory(municipio=galapa)

    for url in (_url(caso), _url(caso, "casos:editar"), _url(caso, "casos:historial")):
        assert cliente_gestor_malambo.get(url).status_code == 404
    respuesta = cliente_gestor_malambo.post(
        _url(caso, "casos:actuacion"),
        {"tipo": "nota", "descripcion": "x", "fecha": "2026-01-01T10:00"},
    )
    assert respuesta.status_code == 404
    assert caso.actuaciones.count() == 0


def test_un_enlace_no_ve_casos_por_ahora(galapa, client):
    caso = CasoFactory(municipio=galapa)
    client.force_login(usuario_con_rol(Rol.ENLACE, galapa))

    assert client.get(_url(caso)).status_code == 404


def test_otro_gestor_del_municipio_ve_el_caso_sin_datos_personales_ni_acciones(galapa, client):
    caso = CasoFactory(municipio=galapa)
    ParteFactory(caso=caso, persona__nombres="Yolanda", persona__numero_documento="1045678901")
    client.force_login(usuario_con_rol(Rol.GESTOR, galapa))

    respuesta = client.get(_url(caso))

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Yolanda" not in html
    assert "1045678901" not in html
    assert "CC ****901" in html
    assert "Registrar actuación" not in html
    assert (
        client.post(_url(caso, "casos:cerrar"), {"resultado": "desistimiento"}).status_code == 403
    )


def test_la_secretaria_ve_nombres_y_documentos_enmascarados(cliente_secretaria_galapa, galapa):
    caso = CasoFactory(municipio=galapa)
    ParteFactory(caso=caso, persona__nombres="Yolanda", persona__apellidos="Barrios")

    html = cliente_secretaria_galapa.get(_url(caso)).content.decode()

    assert "Yolanda" not in html
    assert "Y*** B***" in html


def test_el_gestor_responsable_ve_el_correo_como_enlace_y_la_secretaria_no(
    gestor_galapa, client, cliente_secretaria_galapa, galapa
):
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa)
    ParteFactory(
        caso=caso,
        persona__nombres="Yolanda",
        persona__telefono="300 444 5566",
        persona__correo="yolanda@correo.invalid",
    )
    client.force_login(gestor_galapa)

    del_gestor = client.get(_url(caso)).content.decode()
    de_la_secretaria = cliente_secretaria_galapa.get(_url(caso)).content.decode()

    assert 'href="tel:300 444 5566"' in del_gestor
    assert 'href="mailto:yolanda@correo.invalid"' in del_gestor
    for dato in ("300 444 5566", "yolanda@correo.invalid", "mailto:"):
        assert dato not in de_la_secretaria
    assert "Datos personales reservados" in de_la_secretaria


def test_los_datos_de_un_menor_solo_los_ven_el_responsable_y_el_coordinador(
    malambo, coordinador_malambo, client
):
    caso = CasoFactory(municipio=malambo)
    ParteFactory(
        caso=caso, persona__nombres="Santiago", persona__tipo_documento="TI", persona__edad=14
    )

    def ve(usuario):
        client.force_login(usuario)
        return "Santiago" in client.get(_url(caso)).content.decode()

    assert ve(caso.gestor)
    assert ve(coordinador_malambo)
    assert not ve(usuario_con_rol(Rol.AMB))


def test_una_parte_muestra_sus_otros_casos_visibles(cliente_coordinador_malambo, malambo, galapa):
    persona = PersonaFactory()
    caso = CasoFactory(municipio=malambo)
    anterior = CasoFactory(municipio=malambo)
    ajeno = CasoFactory(municipio=galapa)
    for c in (caso, anterior, ajeno):
        ParteFactory(caso=c, persona=persona)

    html = cliente_coordinador_malambo.get(_url(caso)).content.decode()

    assert anterior.radicado in html
    assert ajeno.radicado not in html


def test_el_detalle_no_crece_en_consultas_con_50_actuaciones(
    cliente_coordinador_malambo, malambo, django_assert_max_num_queries
):
    caso = CasoFactory(municipio=malambo)
    ParteFactory.create_batch(2, caso=caso)
    RemisionFactory(caso=caso)
    ActuacionFactory.create_batch(5, caso=caso)

    def consultas():
        with CaptureQueriesContext(connection) as contexto:
            assert cliente_coordinador_malambo.get(_url(caso)).status_code == 200
        return len(contexto)

    pocas = consultas()
    ActuacionFactory.create_batch(45, caso=caso)
    ParteFactory.create_batch(3, caso=caso)
    RemisionFactory.create_batch(3, caso=caso)

    with django_assert_max_num_queries(pocas):
        respuesta = cliente_coordinador_malambo.get(_url(caso))
    assert len(respuesta.context["actuaciones"]) == 50
    assert pocas <= 25


# --- listas ----------------------------------------------------------------------


def test_la_lista_de_100_casos_hace_pocas_consultas(
    cliente_coordinador_malambo, malambo, django_assert_max_num_queries
):
    CasoFactory.create_batch(100, municipio=malambo)

    with django_assert_max_num_queries(15):
        respuesta = cliente_coordinador_malambo.get(reverse("casos:lista"), {"orden": "-fecha"})

    assert respuesta.status_code == 200
    assert respuesta.context["pagina"].paginator.count == 100
    assert len(respuesta.context["pagina"].object_list) == 25


def test_el_equipo_amb_ve_todos_los_municipios_y_filtra_por_uno(cliente_amb, malambo, galapa):
    de_malambo, de_galapa = CasoFactory(municipio=malambo), CasoFactory(municipio=galapa)

    todos = cliente_amb.get(reverse("casos:lista"))
    filtrados = cliente_amb.get(reverse("casos:lista"), {"municipio": galapa.pk})

    assert set(todos.context["pagina"].object_list) == {de_malambo, de_galapa}
    assert list(filtrados.context["pagina"].object_list) == [de_galapa]


def test_la_lista_solo_trae_casos_del_municipio(cliente_coordinador_malambo, malambo, galapa):
    propio, ajeno = CasoFactory(municipio=malambo), CasoFactory(municipio=galapa)

    html = cliente_coordinador_malambo.get(reverse("casos:lista")).content.decode()

    assert propio.radicado in html
    assert ajeno.radicado not in html


def test_filtrar_por_estado_y_buscar_por_documento(cliente_coordinador_malambo, malambo):
    buscado = CasoFactory(municipio=malambo, estado=Estado.EN_GESTION)
    ParteFactory(caso=buscado, persona__numero_documento="99887766")
    otro = CasoFactory(municipio=malambo)

    por_estado = cliente_coordinador_malambo.get(reverse("casos:lista"), {"estado": "en_gestion"})
    por_documento = cliente_coordinador_malambo.get(reverse("casos:lista"), {"q": "99887766"})

    assert list(por_estado.context["pagina"].object_list) == [buscado]
    assert list(por_documento.context["pagina"].object_list) == [buscado]
    assert otro.radicado not in por_documento.content.decode()


def test_la_secretaria_no_busca_casos_por_documento(cliente_secretaria_galapa, galapa):
    caso = CasoFactory(municipio=galapa)
    ParteFactory(caso=caso, persona__numero_documento="99887766")

    respuesta = cliente_secretaria_galapa.get(reverse("casos:lista"), {"q": "99887766"})

    assert list(respuesta.context["pagina"].object_list) == []


def test_mis_casos_pone_primero_los_vencidos_con_su_motivo(
    cliente_gestor_galapa, gestor_galapa, galapa
):
    al_dia = CasoFactory(municipio=galapa, gestor=gestor_galapa)
    ActuacionFactory(caso=al_dia)
    sin_seguimiento = CasoFactory(municipio=galapa, gestor=gestor_galapa, fecha_recepcion=HOY())
    ActuacionFactory(caso=sin_seguimiento, fecha=timezone.now() - datetime.timedelta(days=20))
    CasoFactory(municipio=galapa)  # de otro gestor

    respuesta = cliente_gestor_galapa.get(reverse("casos:mios"))

    casos = list(respuesta.context["pagina"].object_list)
    assert casos == [sin_seguimiento, al_dia]
    assert "Sin seguimiento en 15 días" in respuesta.content.decode()


def test_mis_casos_no_crece_en_consultas(cliente_gestor_galapa, gestor_galapa, galapa):
    def consultas():
        with CaptureQueriesContext(connection) as contexto:
            assert cliente_gestor_galapa.get(reverse("casos:mios")).status_code == 200
        return len(contexto)

    CasoFactory(municipio=galapa, gestor=gestor_galapa)
    pocas = consultas()
    CasoFactory.create_batch(30, municipio=galapa, gestor=gestor_galapa)

    assert consultas() == pocas


# --- acciones ----------------------------------------------------------------------


def test_remitir_a_una_entidad_de_otro_municipio_se_rechaza(
    cliente_coordinador_malambo, malambo, galapa
):
    caso = CasoFactory(municipio=malambo, estado=Estado.EN_GESTION)

    respuesta = cliente_coordinador_malambo.post(
        _url(caso, "remisiones:remitir"),
        {
            "entidad": galapa.entidades.first().pk,
            "medio": "oficio",
            "fecha_envio": HOY().isoformat(),
            "motivo": "Competencia de la inspección",
            "version": caso.version,
        },
    )

    assert respuesta.status_code == 400
    assert "Competencia de la inspección" in respuesta.content.decode()
    assert not caso.remisiones.exists()


def test_editar_a_la_vez_muestra_los_datos_vigentes_y_conserva_lo_escrito(
    cliente_coordinador_malambo, malambo, client
):
    caso = CasoFactory(municipio=malambo, relato="Relato original")
    client.force_login(caso.gestor)
    formulario = {
        "tipo": caso.tipo_id,
        "nivel_riesgo": "bajo",
        "canal": "presencial",
        "fecha_hechos": caso.fecha_hechos.isoformat(),
        "sector": caso.sector_id,
        "direccion": "",
        "version": 1,
    }
    client.post(_url(caso, "casos:editar"), formulario | {"relato": "Corrección del gestor"})

    respuesta = cliente_coordinador_malambo.post(
        _url(caso, "casos:editar"), formulario | {"relato": "Corrección del coordinador"}
    )

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Otra persona cambió este caso" in html
    assert "Corrección del gestor" in html  # lo vigente
    assert "Corrección del coordinador" in html  # lo que escribió, no se pierde
    caso.refresh_from_db()
    assert caso.relato == "Corrección del gestor"


def test_el_coordinador_ve_la_auditoria_y_el_gestor_no(
    cliente_coordinador_malambo, malambo, client
):
    caso = CasoFactory(municipio=malambo)
    from casos.services import caso_editar

    caso_editar(caso=caso, autor=caso.gestor, version=1, nivel_riesgo="alto")

    respuesta = cliente_coordinador_malambo.get(_url(caso, "casos:historial"))
    client.force_login(caso.gestor)

    assert respuesta.status_code == 200
    # En las palabras de la pantalla: el campo y las opciones por su nombre, no por su código.
    html = respuesta.content.decode()
    assert "Nivel de riesgo: «Bajo» → «Alto»" in html
    assert "cambiado" in html
    assert "Changed" not in html
    assert client.get(_url(caso, "casos:historial")).status_code == 403


# --- evidencias ----------------------------------------------------------------------


def _png_con_gps() -> bytes:
    imagen = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x8825] = {2: (10.0, 58.0, 0.0), 4: (74.0, 47.0, 0.0)}  # GPSInfo: latitud y longitud
    exif[0x010F] = "Telefono del gestor"
    salida = io.BytesIO()
    imagen.save(salida, format="JPEG", exif=exif)
    return salida.getvalue()


@pytest.fixture
def caso_propio(gestor_galapa, galapa, settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "privado": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        }
    }
    return CasoFactory(municipio=galapa, gestor=gestor_galapa)


def test_una_foto_se_guarda_sin_exif_ni_gps(cliente_gestor_galapa, caso_propio):
    original = _png_con_gps()
    assert b"Exif" in original

    respuesta = cliente_gestor_galapa.post(
        _url(caso_propio, "casos:adjunto"),
        {"archivo": SimpleUploadedFile("foto.jpg", original, "image/jpeg"), "descripcion": "Foto"},
    )

    assert respuesta.status_code == 302
    adjunto = Adjunto.objects.get()
    guardado = adjunto.archivo.read()
    assert b"Exif" not in guardado
    with Image.open(io.BytesIO(guardado)) as imagen:
        assert not imagen.getexif()
    assert "foto" not in adjunto.archivo.name  # nombre aleatorio


def test_un_ejecutable_renombrado_se_rechaza(cliente_gestor_galapa, caso_propio):
    respuesta = cliente_gestor_galapa.post(
        _url(caso_propio, "casos:adjunto"),
        {
            "archivo": SimpleUploadedFile(
                "acta.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf"
            )
        },
    )

    assert respuesta.status_code == 400
    assert "Solo se aceptan archivos PDF, JPG o PNG" in respuesta.content.decode()
    assert not Adjunto.objects.exists()


def test_un_archivo_de_mas_de_10_mb_se_rechaza(cliente_gestor_galapa, caso_propio):
    grande = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)

    respuesta = cliente_gestor_galapa.post(
        _url(caso_propio, "casos:adjunto"),
        {"archivo": SimpleUploadedFile("grande.pdf", grande, "application/pdf")},
    )

    assert respuesta.status_code == 400
    assert "pesa más de 10 MB" in respuesta.content.decode()


def test_la_descarga_aplica_el_alcance(cliente_gestor_galapa, cliente_gestor_malambo, caso_propio):
    cliente_gestor_galapa.post(
        _url(caso_propio, "casos:adjunto"),
        {"archivo": SimpleUploadedFile("acta.pdf", b"%PDF-1.4\nacta", "application/pdf")},
    )
    adjunto = Adjunto.objects.get()
    url = _url(caso_propio, "casos:adjunto_descargar", adjunto.pk)

    propia = cliente_gestor_galapa.get(url)
    ajena = cliente_gestor_malambo.get(url)

    assert propia.status_code == 200
    assert propia["Content-Disposition"].startswith("attachment")
    assert b"".join(propia.streaming_content) == b"%PDF-1.4\nacta"
    assert ajena.status_code == 404


# --- personas ----------------------------------------------------------------------


def test_buscar_persona_solo_devuelve_las_de_casos_propios(
    cliente_gestor_galapa, gestor_galapa, galapa
):
    propia = ParteFactory(caso=CasoFactory(municipio=galapa, gestor=gestor_galapa)).persona
    de_otro = ParteFactory(caso=CasoFactory(municipio=galapa)).persona
    url = reverse("casos:persona_buscar")

    encontrada = cliente_gestor_galapa.get(url, {"tipo": "CC", "numero": propia.numero_documento})
    oculta = cliente_gestor_galapa.get(url, {"tipo": "CC", "numero": de_otro.numero_documento})

    assert encontrada.json()["nombres"] == propia.nombres
    assert oculta.json() == {"encontrada": False}


def test_el_formulario_de_remision_muestra_el_contacto_vigente_de_cada_entidad(
    cliente_coordinador_malambo, malambo
):
    from tests.factories import ContactoFactory

    caso = CasoFactory(municipio=malambo, estado=Estado.EN_GESTION)
    mebar = malambo.entidades.get(tipo="estacion_mebar")
    ContactoFactory(entidad=mebar, nombre="Comandante Vigente", cargo="Comandante", telefono="3001")
    ContactoFactory(
        entidad=mebar,
        nombre="Comandante Anterior",
        vigente_desde=datetime.date(2020, 1, 1),
        vigente_hasta=datetime.date(2021, 1, 1),
    )

    html = cliente_coordinador_malambo.get(_url(caso, "remisiones:remitir")).content.decode()

    assert "Estación de Policía Malambo (MEBAR) — Comandante Vigente (Comandante, 3001)" in html
    assert "Comandante Anterior" not in html


def test_riesgo_alto_con_remision_inmediata_desde_el_formulario(cliente_gestor_galapa):
    datos = _datos_nuevo(cliente_gestor_galapa, nivel_riesgo="alto", remitir_a_mebar="on")

    cliente_gestor_galapa.post(reverse("casos:nuevo"), datos)

    caso = Caso.objects.get()
    assert caso.estado == Estado.REMITIDO
    assert caso.remisiones.get().entidad.tipo == "estacion_mebar"


@pytest.mark.parametrize("version", ["", "abc", "-3", "1"])
def test_iniciar_mediacion_con_una_version_rara_o_vieja_no_rompe_nada(
    cliente_coordinador_malambo, malambo, version
):
    caso = CasoFactory(municipio=malambo, estado=Estado.EN_GESTION, version=2)

    respuesta = cliente_coordinador_malambo.post(
        _url(caso, "casos:mediacion"), {"version": version}
    )

    assert respuesta.status_code == 302
    caso.refresh_from_db()
    assert caso.estado == Estado.EN_GESTION  # versión que no es la vigente: no cambia nada


def test_el_formulario_de_filtros_guardado_no_cruza_alcances(
    settings, cliente_secretaria_galapa, coordinador_malambo
):
    from django.core.cache import cache
    from django.test import Client

    from tests.factories import SectorFactory

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    SectorFactory(municipio=coordinador_malambo.perfil.municipio, nombre="Barrio Solo Malambo")
    assert "Barrio Solo Malambo" not in cliente_secretaria_galapa.get("/casos/").content.decode()
    malambo = Client()
    malambo.force_login(coordinador_malambo)
    assert "Barrio Solo Malambo" in malambo.get("/casos/").content.decode()
    # La segunda visita sale del fragmento guardado y dice lo mismo.
    assert "Barrio Solo Malambo" in malambo.get("/casos/").content.decode()
    cache.clear()


def test_cerrar_un_caso_no_trae_un_resultado_elegido(cliente_gestor_galapa, galapa, gestor_galapa):
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa, estado=Estado.EN_GESTION)
    html = cliente_gestor_galapa.get(reverse("casos:detalle", args=[caso.radicado])).content
    cierre = re.search(r'<form[^>]*action="[^"]*/cerrar/".*?</form>', html.decode(), re.S).group(0)
    assert '<option value="" selected>— Elija el resultado —</option>' in cierre
    assert cierre.count(" selected") == 1
    respuesta = cliente_gestor_galapa.post(
        reverse("casos:cerrar", args=[caso.radicado]), {"resultado": "", "version": caso.version}
    )
    assert "Elija el resultado" in respuesta.content.decode() or respuesta.status_code == 400
    caso.refresh_from_db()
    assert caso.estado == Estado.EN_GESTION


def test_una_busqueda_de_10000_caracteres_no_se_repite_entera(cliente_coordinador_malambo):
    termino = "x" * 10_000
    respuesta = cliente_coordinador_malambo.get(reverse("casos:lista"), {"q": termino})
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    # El campo y los enlaces la conservan; el texto que se lee (la línea de filtros, el aviso)
    # la repite acortada.
    sin_campos = re.sub(r"<[^>]*>", "", html)
    assert max(len(tramo) for tramo in re.findall(r"x+", sin_campos)) <= 60
    assert "x" * 59 + "…" in sin_campos
