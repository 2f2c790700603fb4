"""Los envíos de la cola del teléfono (sinsenal/envios.py): cada uno llega una sola vez por su
token (también dos a la vez, en PostgreSQL); lo que el servidor no acepta vuelve con un mensaje en
español y sin nada guardado a medias; un token ajeno no revela nada; los roles que no capturan
reciben 403 y sin sesión, el ingreso; ninguna entrada hostil responde 500."""

import json
import threading
import time
import uuid

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capacitaciones.models import (
    Actividad,
    Asistencia,
    ConteoAsistencia,
    ConteoEnfoque,
)
from capacitaciones.services import actividad_cancelar, conteos_guardar
from casos.forms import FORMSET_INCOMPLETO
from casos.models import Autorizacion, Caso, ConsecutivoRadicado, Parte, Persona, TipoConflicto
from casos.services import ENVIO_AJENO
from comun.modelos import fila_bloqueada
from gestores.models import Gestor, Rol
from sinsenal.envios import (
    ACTIVIDAD_AJENA,
    CATALOGO_CAMBIO,
    NO_CAPTURA,
    SIN_CERTIFICACION,
    SIN_TOKEN,
)
from tests.conftest import ingresar
from tests.factories import (
    ActividadFactory,
    AsistenciaFactory,
    ParteFactory,
    PersonaFactory,
    usuario_con_rol,
)
from tests.sinsenal.conftest import (
    URL_ASISTENCIA,
    URL_CASO,
    URL_CONTEOS,
    caso_anterior,
    cliente_de,
    datos_asistente,
    datos_caso,
    datos_conteos,
    parte,
)

pytestmark = pytest.mark.django_db

solo_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="dos solicitudes a la vez necesitan bloqueos de fila de verdad (select_for_update): "
    "SQLite bloquea la base entera y la prueba se quedaría esperando (CI corre esta prueba en "
    "PostgreSQL); en SQLite, el reenvío en serie lo prueban las anteriores",
)


def _radicado(municipio, numero: int) -> str:
    return f"{municipio.sigla}-{timezone.localdate().year}-{numero:05d}"


def _cuentas() -> dict[str, int]:
    """Cuántas filas hay de todo lo que un envío puede crear."""
    modelos = (
        Caso,
        Parte,
        Persona,
        Autorizacion,
        Asistencia,
        ConteoAsistencia,
        ConteoEnfoque,
    )
    return {modelo.__name__: modelo.objects.count() for modelo in modelos}


def _texto(respuesta) -> str:
    """La respuesta cruda y su JSON con las tildes tal cual: lo que se busca no debe estar en
    ninguna de las dos formas."""
    return respuesta.content.decode() + json.dumps(respuesta.json(), ensure_ascii=False)


def _devuelto(respuesta, estado=422) -> dict:
    assert respuesta.status_code == estado, respuesta.content
    assert respuesta["Content-Type"] == "application/json"
    cuerpo = respuesta.json()
    assert cuerpo["resultado"] == "devuelto"
    assert cuerpo["mensaje"].strip()
    assert set(cuerpo) == {"resultado", "mensaje", "errores", "generales"}
    return cuerpo


def _conteos(actividad) -> tuple[set, set]:
    return (
        set(
            ConteoAsistencia.objects.filter(actividad=actividad).values_list(
                "sexo", "grupo_edad", "cantidad"
            )
        ),
        set(ConteoEnfoque.objects.filter(actividad=actividad).values_list("enfoque", "cantidad")),
    )


CONTADOS = ({("mujer", "29_59", 12), ("hombre", "18_28", 7)}, {("victima", 3)})


# --- una sola vez ---------------------------------------------------------------------------------


def test_el_mismo_caso_enviado_dos_veces_es_un_solo_caso(
    cliente_gestor_galapa, gestor_galapa, galapa
):
    datos = datos_caso(gestor_galapa)

    primero = cliente_gestor_galapa.post(URL_CASO, datos)
    segundo = cliente_gestor_galapa.post(URL_CASO, datos)

    caso = Caso.objects.get()
    assert primero.status_code == 201
    assert primero.json()["resultado"] == "creado"
    assert primero.json()["radicado"] == caso.radicado == _radicado(galapa, 1)
    assert primero.json()["url"] == caso.get_absolute_url()
    assert caso.radicado in primero.json()["mensaje"]
    assert segundo.status_code == 200
    assert segundo.json()["resultado"] == "ya_recibido"
    assert (segundo.json()["radicado"], segundo.json()["url"]) == (
        caso.radicado,
        caso.get_absolute_url(),
    )
    assert str(caso.token_registro) == datos["token"]
    assert (caso.registrado_por, caso.gestor) == (gestor_galapa, gestor_galapa)
    assert Parte.objects.count() == Persona.objects.count() == 1
    assert ConsecutivoRadicado.objects.get(municipio=galapa).ultimo == 1


def test_el_reenvio_de_un_caso_ya_recibido_no_vuelve_aunque_despues_cambie_el_catalogo(
    cliente_gestor_galapa, gestor_galapa
):
    """La respuesta se perdió; mientras tanto, el tipo salió del catálogo y la certificación
    venció: el caso ya está, y el reenvío lo dice en vez de devolverlo."""
    datos = datos_caso(gestor_galapa)
    radicado = cliente_gestor_galapa.post(URL_CASO, datos).json()["radicado"]
    TipoConflicto.objects.filter(nombre__startswith="Ruido").update(activo=False)
    Gestor.objects.filter(perfil__usuario=gestor_galapa).update(certificado_en=None)

    reenvio = cliente_gestor_galapa.post(URL_CASO, datos)

    assert reenvio.status_code == 200
    assert reenvio.json()["radicado"] == radicado
    assert Caso.objects.count() == 1


def test_tres_casos_con_tres_tokens_reciben_radicados_seguidos(
    cliente_gestor_galapa, gestor_galapa, galapa
):
    respuestas = [
        cliente_gestor_galapa.post(
            URL_CASO,
            datos_caso(gestor_galapa, partes=[parte(numero_documento=f"104500011{i}")]),
        )
        for i in range(3)
    ]

    assert [r.status_code for r in respuestas] == [201, 201, 201]
    assert [r.json()["radicado"] for r in respuestas] == [_radicado(galapa, n) for n in (1, 2, 3)]
    assert sorted(Caso.objects.values_list("consecutivo", flat=True)) == [1, 2, 3]


def test_la_misma_asistencia_enviada_dos_veces_es_una_sola(
    cliente_gestor_galapa, gestor_galapa, actividad
):
    datos = datos_asistente(actividad)

    primera = cliente_gestor_galapa.post(URL_ASISTENCIA, datos)
    segunda = cliente_gestor_galapa.post(URL_ASISTENCIA, datos)

    assert primera.status_code == 201
    assert primera.json()["resultado"] == "creado"
    assert primera.json()["actividad"] == actividad.get_absolute_url()
    assert segunda.status_code == 200
    assert segunda.json()["resultado"] == "ya_recibido"
    assert segunda.json()["actividad"] == actividad.get_absolute_url()
    asistencia = Asistencia.objects.get()
    assert str(asistencia.token_registro) == datos["token"]
    assert asistencia.registrada_por == gestor_galapa
    assert (asistencia.persona.nombres, asistencia.persona.numero_documento) == (
        "Marta",
        "1045111222",
    )
    assert Persona.objects.count() == 1


def test_los_mismos_conteos_enviados_dos_veces_se_guardan_una_vez(cliente_gestor_galapa, actividad):
    token = uuid.uuid4()

    primeros = cliente_gestor_galapa.post(URL_CONTEOS, datos_conteos(actividad, token))
    # El reenvío trae lo mismo; aunque trajera otra cosa, el token ya se usó: no cambia nada.
    reenvio = cliente_gestor_galapa.post(
        URL_CONTEOS, datos_conteos(actividad, token, c_mujer_29_59="99")
    )

    assert primeros.status_code == 201
    assert primeros.json()["resultado"] == "creado"
    assert reenvio.status_code == 200
    assert reenvio.json()["resultado"] == "ya_recibido"
    assert _conteos(actividad) == CONTADOS
    actividad.refresh_from_db()
    assert actividad.token_conteos == token


# --- dos a la vez (PostgreSQL) ----------------------------------------------------------------


def _esperar_bloqueados(cuantos: int, segundos: float = 30):
    """Espera a que `cuantos` conexiones esperen un bloqueo (el que tiene la prueba). Dentro de
    una transacción, pg_stat_activity se lee de una foto: se borra antes de cada mirada."""
    limite = time.monotonic() + segundos
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] >= cuantos:
                return
            assert time.monotonic() < limite, "las solicitudes no llegaron al bloqueo"
            time.sleep(0.05)


def _dos_a_la_vez(usuario, url, datos, bloquear) -> list:
    """Dos solicitudes iguales (dos clientes del mismo usuario, en dos hilos) que pasan a la vez
    lo que la vista revisa antes del servicio: la prueba tiene la fila que el servicio bloquea
    (`bloquear()`) hasta que las dos esperan en ella, y entonces la suelta."""
    clientes = [ingresar(Client(), usuario) for _ in range(2)]
    respuestas, errores = {}, []

    def correr(i):
        try:
            respuestas[i] = clientes[i].post(url, datos)
        except Exception as error:
            errores.append(error)
        finally:
            connection.close()

    hilos = [threading.Thread(target=correr, args=(i,)) for i in range(2)]
    try:
        with transaction.atomic():
            bloquear()
            for hilo in hilos:
                hilo.start()
            _esperar_bloqueados(2)
    finally:
        for hilo in hilos:
            hilo.join(timeout=60)
    assert not errores, errores
    return [respuestas[0], respuestas[1]]


@solo_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_el_mismo_caso_desde_dos_conexiones_a_la_vez_es_un_solo_caso(gestor_galapa, galapa):
    anio = timezone.localdate().year

    respuestas = _dos_a_la_vez(
        gestor_galapa,
        URL_CASO,
        datos_caso(gestor_galapa),
        lambda: fila_bloqueada(ConsecutivoRadicado, municipio=galapa, anio=anio),
    )

    assert sorted(r.status_code for r in respuestas) == [200, 201]
    assert sorted(r.json()["resultado"] for r in respuestas) == ["creado", "ya_recibido"]
    caso = Caso.objects.get()
    assert {r.json()["radicado"] for r in respuestas} == {caso.radicado}
    assert Persona.objects.count() == Parte.objects.count() == 1
    assert ConsecutivoRadicado.objects.get(municipio=galapa, anio=anio).ultimo == 1


@solo_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_la_misma_asistencia_desde_dos_conexiones_a_la_vez_es_una_sola(gestor_galapa, actividad):
    respuestas = _dos_a_la_vez(
        gestor_galapa,
        URL_ASISTENCIA,
        datos_asistente(actividad),
        lambda: Actividad.objects.select_for_update().get(pk=actividad.pk),
    )

    assert sorted(r.status_code for r in respuestas) == [200, 201]
    assert sorted(r.json()["resultado"] for r in respuestas) == ["creado", "ya_recibido"]
    assert Asistencia.objects.count() == Persona.objects.count() == 1


@solo_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_los_mismos_conteos_desde_dos_conexiones_a_la_vez_se_guardan_una_vez(
    gestor_galapa, actividad
):
    respuestas = _dos_a_la_vez(
        gestor_galapa,
        URL_CONTEOS,
        datos_conteos(actividad),
        lambda: Actividad.objects.select_for_update().get(pk=actividad.pk),
    )

    assert sorted(r.status_code for r in respuestas) == [200, 201]
    assert sorted(r.json()["resultado"] for r in respuestas) == ["creado", "ya_recibido"]
    assert _conteos(actividad) == CONTADOS


# --- lo que vuelve, sin nada a medias ------------------------------------------------------------


def test_un_gestor_cuya_certificacion_vencio_recibe_el_caso_de_vuelta(
    cliente_gestor_galapa, gestor_galapa
):
    gestor = Gestor.objects.get(perfil__usuario=gestor_galapa)
    gestor.certificado_en = None
    gestor.save()
    antes = _cuentas()

    cuerpo = _devuelto(cliente_gestor_galapa.post(URL_CASO, datos_caso(gestor_galapa)))

    assert cuerpo["mensaje"] == str(SIN_CERTIFICACION)
    assert "certificación" in cuerpo["mensaje"]
    assert _cuentas() == antes
    assert not ConsecutivoRadicado.objects.filter(ultimo__gt=0).exists()


def test_un_tipo_de_conflicto_desactivado_despues_de_capturar_vuelve_marcado_en_tipo(
    cliente_gestor_galapa, gestor_galapa
):
    datos = datos_caso(gestor_galapa)  # capturado sin señal con «Ruido…»
    tipo = TipoConflicto.objects.get(pk=datos["tipo"])
    tipo.activo = False
    tipo.save()
    antes = _cuentas()

    cuerpo = _devuelto(cliente_gestor_galapa.post(URL_CASO, datos))

    assert cuerpo["errores"]["tipo"] == [str(CATALOGO_CAMBIO)]
    assert "catálogo" in cuerpo["errores"]["tipo"][0]
    assert "Revise lo marcado" in cuerpo["mensaje"]
    assert _cuentas() == antes


@pytest.fixture
def conocida(galapa, gestor_galapa):
    """Una parte de un caso del gestor: la ve sin enmascarar."""
    persona = PersonaFactory(
        municipio=galapa,
        numero_documento="55443322",
        nombres="Rosa Elena",
        apellidos="Martínez Ruiz",
        telefono="300 111 2233",
    )
    ParteFactory(caso=caso_anterior(galapa, gestor_galapa), persona=persona)
    return persona


def _sin_cambios(persona):
    guardada = Persona.objects.get(pk=persona.pk)
    campos = ("nombres", "apellidos", "telefono", "direccion", "correo", "autorizacion_id")
    assert [getattr(guardada, c) for c in campos] == [getattr(persona, c) for c in campos]


def test_una_parte_con_el_documento_de_alguien_que_el_gestor_ve_y_otro_nombre_vuelve(
    cliente_gestor_galapa, gestor_galapa, conocida
):
    antes = _cuentas()

    cuerpo = _devuelto(
        cliente_gestor_galapa.post(
            URL_CASO,
            datos_caso(
                gestor_galapa,
                partes=[parte(numero_documento="55443322", nombres="Rosa", apellidos="Pérez")],
            ),
        )
    )

    # El aviso nombra a la persona registrada (el gestor la ve) y dice qué hacer.
    assert "Rosa Elena Martínez Ruiz" in cuerpo["mensaje"]
    # Junto al documento de la parte que choca.
    assert "Rosa Elena Martínez Ruiz" in " ".join(cuerpo["errores"]["partes-0-numero_documento"])
    assert "55443322" in cuerpo["mensaje"]
    assert "Rosa Pérez" in cuerpo["mensaje"]
    assert _cuentas() == antes
    _sin_cambios(conocida)


def test_una_parte_con_el_mismo_nombre_y_otro_telefono_vuelve(
    cliente_gestor_galapa, gestor_galapa, conocida
):
    antes = _cuentas()

    cuerpo = _devuelto(
        cliente_gestor_galapa.post(
            URL_CASO,
            datos_caso(
                gestor_galapa,
                partes=[
                    parte(
                        numero_documento="55443322",
                        nombres="Rosa Elena",
                        apellidos="Martínez Ruiz",
                        telefono="301 999 8877",
                        autorizacion="verbal",
                    )
                ],
            ),
        )
    )

    assert "Rosa Elena Martínez Ruiz" in cuerpo["mensaje"]
    assert "teléfono" in cuerpo["mensaje"]
    assert _cuentas() == antes
    _sin_cambios(conocida)


def test_una_parte_con_el_mismo_documento_y_nombre_se_une_a_la_persona_registrada(
    cliente_gestor_galapa, gestor_galapa, conocida
):
    """Mayúsculas, tildes y espacios de más no hacen otro nombre; el teléfono guardado queda."""
    personas = Persona.objects.count()

    respuesta = cliente_gestor_galapa.post(
        URL_CASO,
        datos_caso(
            gestor_galapa,
            partes=[
                parte(numero_documento="55443322", nombres="ROSA  ELENA", apellidos="martinez ruiz")
            ],
        ),
    )

    assert respuesta.status_code == 201, respuesta.content
    parte_nueva = Parte.objects.get(caso__radicado=respuesta.json()["radicado"])
    assert parte_nueva.persona == conocida
    assert Persona.objects.count() == personas
    _sin_cambios(conocida)
    assert Persona.objects.get(pk=conocida.pk).telefono == "300 111 2233"


def test_el_documento_de_alguien_que_el_gestor_no_ve_crea_otra_persona_sin_decir_nada(
    cliente_gestor_galapa, gestor_galapa, otro_gestor_galapa, galapa
):
    """Ni el nombre, ni el teléfono, ni el caso de la persona que ya estaba: nada dice que el
    documento estaba registrado (sin oráculo). Queda otra persona, por revisar."""
    ajena = PersonaFactory(
        municipio=galapa,
        numero_documento="66554433",
        nombres="Herminia",
        apellidos="Castro Villa",
        telefono="300 222 3344",
    )
    caso_ajeno = caso_anterior(galapa, otro_gestor_galapa)
    ParteFactory(caso=caso_ajeno, persona=ajena)

    respuesta = cliente_gestor_galapa.post(
        URL_CASO,
        datos_caso(
            gestor_galapa,
            partes=[parte(numero_documento="66554433", nombres="Luz Dary", apellidos="Ortiz")],
        ),
    )

    assert respuesta.status_code == 201, respuesta.content
    assert respuesta.json()["resultado"] == "creado"
    texto = _texto(respuesta)
    for dato in ("Herminia", "Castro", "300 222 3344", caso_ajeno.radicado):
        assert dato not in texto
    nueva = Parte.objects.get(caso__radicado=respuesta.json()["radicado"]).persona
    assert nueva != ajena
    assert (nueva.nombres, nueva.apellidos, nueva.numero_documento) == (
        "Luz Dary",
        "Ortiz",
        "66554433",
    )
    assert nueva.revisar_duplicado
    _sin_cambios(ajena)


def test_una_asistencia_con_el_documento_de_alguien_que_el_gestor_ve_y_otro_nombre_vuelve(
    cliente_gestor_galapa, actividad, conocida
):
    antes = _cuentas()

    cuerpo = _devuelto(
        cliente_gestor_galapa.post(
            URL_ASISTENCIA,
            datos_asistente(actividad, numero_documento="55443322", nombres="Rosa", apellidos=""),
        )
    )

    # Junto al campo del documento en la página de asistencia; arriba, la misma explicación.
    assert "Rosa Elena Martínez Ruiz" in cuerpo["errores"]["numero_documento"][0]
    assert "ya está registrado a nombre de" in cuerpo["mensaje"]
    assert _cuentas() == antes
    _sin_cambios(conocida)


def test_la_asistencia_a_una_actividad_cancelada_vuelve(cliente_gestor_galapa, actividad):
    actividad_cancelar(actividad=actividad, autor=actividad.registrada_por, motivo="Lluvia")
    antes = _cuentas()

    cuerpo = _devuelto(cliente_gestor_galapa.post(URL_ASISTENCIA, datos_asistente(actividad)))

    assert "cancelada" in cuerpo["mensaje"]
    assert _cuentas() == antes


def test_los_conteos_de_una_actividad_cancelada_vuelven(cliente_gestor_galapa, actividad):
    actividad_cancelar(actividad=actividad, autor=actividad.registrada_por, motivo="Lluvia")

    cuerpo = _devuelto(cliente_gestor_galapa.post(URL_CONTEOS, datos_conteos(actividad)))

    assert "cancelada" in cuerpo["mensaje"]
    assert _conteos(actividad) == (set(), set())


def test_los_conteos_a_una_actividad_que_ya_tiene_conteos_vuelven_sin_tocarlos(
    cliente_gestor_galapa, gestor_galapa, actividad
):
    conteos_guardar(
        actividad=actividad,
        autor=gestor_galapa,
        por_sexo_y_edad={("mujer", "29_59"): 5},
        por_enfoque={"victima": 1},
    )

    cuerpo = _devuelto(cliente_gestor_galapa.post(URL_CONTEOS, datos_conteos(actividad)))

    assert "ya tiene conteos" in cuerpo["mensaje"]
    assert _conteos(actividad) == ({("mujer", "29_59", 5)}, {("victima", 1)})
    actividad.refresh_from_db()
    assert actividad.token_conteos is None


def test_conteos_con_un_enfoque_mayor_que_el_total_vuelven(cliente_gestor_galapa, actividad):
    cuerpo = _devuelto(
        cliente_gestor_galapa.post(URL_CONTEOS, datos_conteos(actividad, e_victima="500"))
    )

    assert "enfoque" in cuerpo["mensaje"]
    assert _conteos(actividad) == (set(), set())
    actividad.refresh_from_db()
    assert actividad.token_conteos is None


def _datos_para(url, usuario, actividad, /, **cambios) -> dict:
    if url == URL_CASO:
        return datos_caso(usuario, **cambios)
    if url == URL_ASISTENCIA:
        return datos_asistente(actividad, **cambios)
    return datos_conteos(actividad, **cambios)


ENVIOS = [URL_CASO, URL_ASISTENCIA, URL_CONTEOS]


@pytest.mark.parametrize("url", ENVIOS)
@pytest.mark.parametrize("token", [None, "", "no-es-un-uuid", "1" * 10_000, "' OR 1=1 --"])
def test_sin_token_o_con_uno_invalido_el_envio_vuelve(
    cliente_gestor_galapa, gestor_galapa, actividad, url, token
):
    datos = _datos_para(url, gestor_galapa, actividad)
    if token is None:
        del datos["token"]
    else:
        datos["token"] = token
    antes = _cuentas()

    cuerpo = _devuelto(cliente_gestor_galapa.post(url, datos))

    assert cuerpo["mensaje"] == str(SIN_TOKEN)
    assert _cuentas() == antes
    assert not Actividad.objects.filter(token_conteos__isnull=False).exists()


# --- tokens ajenos --------------------------------------------------------------------------------


@pytest.mark.parametrize("de_otro_municipio", [False, True])
def test_el_token_de_otro_usuario_no_devuelve_su_caso(
    cliente_gestor_galapa, gestor_galapa, otro_gestor_galapa, gestor_malambo, de_otro_municipio
):
    token = uuid.uuid4()
    dueno = gestor_malambo if de_otro_municipio else otro_gestor_galapa
    suyo = ingresar(Client(), dueno).post(
        URL_CASO,
        datos_caso(
            dueno,
            token=token,
            partes=[parte(numero_documento="66554433", nombres="Herminia", apellidos="Castro")],
        ),
    )
    assert suyo.status_code == 201
    caso = Caso.objects.get()

    respuesta = cliente_gestor_galapa.post(URL_CASO, datos_caso(gestor_galapa, token=token))

    cuerpo = _devuelto(respuesta)
    assert cuerpo["mensaje"] == str(ENVIO_AJENO)
    texto = _texto(respuesta)
    for dato in (caso.radicado, caso.get_absolute_url(), "Herminia", "Castro", "radicado"):
        assert dato not in texto
    assert Caso.objects.count() == 1
    assert Persona.objects.count() == 1


def test_el_token_de_la_asistencia_de_otro_usuario_no_devuelve_la_suya(
    cliente_gestor_galapa, otro_gestor_galapa, actividad
):
    token = uuid.uuid4()
    suya = ingresar(Client(), otro_gestor_galapa).post(
        URL_ASISTENCIA, datos_asistente(actividad, token, nombres="Herminia", apellidos="Castro")
    )
    assert suya.status_code == 201

    respuesta = cliente_gestor_galapa.post(URL_ASISTENCIA, datos_asistente(actividad, token))

    cuerpo = _devuelto(respuesta)
    assert cuerpo["mensaje"] == str(ENVIO_AJENO)
    assert "Herminia" not in _texto(respuesta)
    assert Asistencia.objects.count() == 1
    assert Asistencia.objects.get().persona.nombres == "Herminia"


def test_el_token_de_unos_conteos_no_sirve_para_otra_actividad(
    cliente_gestor_galapa, galapa, actividad
):
    """Un token ya usado en los conteos de una actividad, en otra: vuelve (nunca 500), y la otra
    queda sin conteos."""
    otra = ActividadFactory(municipio=galapa, inicio=timezone.now(), tema="Otra actividad")
    token = uuid.uuid4()
    assert cliente_gestor_galapa.post(URL_CONTEOS, datos_conteos(actividad, token)).status_code == (
        201
    )

    cuerpo = _devuelto(cliente_gestor_galapa.post(URL_CONTEOS, datos_conteos(otra, token)))

    assert cuerpo["mensaje"] == str(ENVIO_AJENO)
    assert _conteos(otra) == (set(), set())
    assert _conteos(actividad) == CONTADOS
    otra.refresh_from_db()
    assert otra.token_conteos is None


# --- actividades ajenas ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [URL_ASISTENCIA, URL_CONTEOS])
@pytest.mark.parametrize(
    "cual", ["otro_municipio", "no_existe", "texto", "vacia", "enorme", "negativa"]
)
def test_una_actividad_ajena_o_que_no_existe_vuelve_marcada_en_actividad(
    cliente_gestor_galapa, malambo, url, cual
):
    de_malambo = ActividadFactory(municipio=malambo, inicio=timezone.now())
    valor = {
        "otro_municipio": str(de_malambo.pk),
        "no_existe": str(de_malambo.pk + 1000),
        "texto": "abc",
        "vacia": "",
        "enorme": "9" * 40,
        "negativa": "-1",
    }[cual]
    antes = _cuentas()

    cuerpo = _devuelto(
        cliente_gestor_galapa.post(url, _datos_para(url, None, de_malambo, actividad=valor))
    )

    assert cuerpo["errores"]["actividad"] == [str(ACTIVIDAD_AJENA)]
    assert _cuentas() == antes
    de_malambo.refresh_from_db()
    assert de_malambo.token_conteos is None


def test_el_gestor_de_otro_municipio_no_registra_en_una_actividad_que_no_ve(
    cliente_gestor_malambo, actividad
):
    cuerpo = _devuelto(cliente_gestor_malambo.post(URL_ASISTENCIA, datos_asistente(actividad)))

    assert "actividad" in cuerpo["errores"]
    assert not Asistencia.objects.exists()


# --- quién envía ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rol", [Rol.SECRETARIA, Rol.ENLACE, Rol.AMB])
@pytest.mark.parametrize("url", ENVIOS)
def test_los_roles_que_no_capturan_reciben_403_en_json(galapa, gestor_galapa, actividad, rol, url):
    cliente = cliente_de(rol, None if rol == Rol.AMB else galapa)
    antes = _cuentas()

    cuerpo = _devuelto(cliente.post(url, _datos_para(url, gestor_galapa, actividad)), estado=403)

    assert cuerpo["mensaje"] == str(NO_CAPTURA)
    assert _cuentas() == antes
    assert not Actividad.objects.filter(token_conteos__isnull=False).exists()


@pytest.mark.parametrize("url", ENVIOS)
def test_sin_sesion_el_envio_recibe_el_ingreso(client, gestor_galapa, actividad, url):
    antes = _cuentas()

    respuesta = client.post(url, _datos_para(url, gestor_galapa, actividad))

    assert respuesta.status_code == 302
    assert respuesta.url.startswith(reverse("login"))
    assert _cuentas() == antes


@pytest.mark.parametrize("url", ENVIOS)
def test_los_envios_solo_aceptan_post(cliente_gestor_galapa, url):
    assert cliente_gestor_galapa.get(url).status_code == 405


def test_el_coordinador_registra_un_caso_a_nombre_de_un_gestor(galapa, gestor_galapa):
    coordinador = usuario_con_rol(Rol.COORDINADOR, galapa)

    respuesta = ingresar(Client(), coordinador).post(URL_CASO, datos_caso(gestor_galapa))

    assert respuesta.status_code == 201, respuesta.content
    caso = Caso.objects.get()
    assert (caso.gestor, caso.registrado_por) == (gestor_galapa, coordinador)


# --- entradas hostiles ----------------------------------------------------------------------------

LARGO = "x" * 10_000

HOSTILES_CASO = [
    {"relato": LARGO},
    {"direccion": LARGO},
    {"partes-0-nombres": LARGO},
    {"partes-0-numero_documento": LARGO},
    {"partes-0-telefono": LARGO, "partes-0-autorizacion": "verbal"},
    {"fecha_hechos": "2026-02-30"},
    {"fecha_recepcion": "0000-00-00"},
    {"fecha_hechos": "99999-01-01"},
    {"partes-0-fecha_nacimiento": "2026-02-30"},
    {"partes-0-edad": "99999999999999999999999"},
    {"partes-0-edad": "1e400"},
    {"tipo": "abc"},
    {"tipo": "99999999999999999999999"},
    {"sector": "1 OR 1=1"},
    {"gestor": "99999999999999999999999"},
    {"gestor": "-1"},
    {"canal": LARGO},
    {"nivel_riesgo": "alto", "remitir_a_mebar": "on"},
    {"relato": "antes\x00después"},
    {"partes-0-nombres": "Yo\x00landa"},
    {"partes-0-autorizacion": "escrita"},
    {"partes-TOTAL_FORMS": "abc"},
    {"partes-TOTAL_FORMS": "-1"},
    {"partes-TOTAL_FORMS": "100000"},
    {"partes-TOTAL_FORMS": "99999999999999999999999"},
    {"partes-TOTAL_FORMS": "2"},
    {"partes-TOTAL_FORMS": "0"},
]


@pytest.mark.parametrize("cambios", HOSTILES_CASO)
def test_un_caso_hostil_nunca_responde_500(cliente_gestor_galapa, gestor_galapa, cambios):
    respuesta = cliente_gestor_galapa.post(URL_CASO, datos_caso(gestor_galapa, **cambios))

    assert respuesta.status_code in (201, 422), respuesta.content
    if respuesta.status_code == 422:
        _devuelto(respuesta)
        assert not Caso.objects.exists()


@pytest.mark.parametrize(
    ("campo", "aviso"),
    [
        ("partes-INITIAL_FORMS", FORMSET_INCOMPLETO),
        # Sin el total, Django cuenta cero bloques y su «mínimo uno» reemplaza el otro aviso.
        ("partes-TOTAL_FORMS", "Registre al menos una parte del caso."),
    ],
)
def test_sin_el_formulario_de_control_de_las_partes_vuelve_con_un_aviso_general(
    cliente_gestor_galapa, gestor_galapa, campo, aviso
):
    datos = datos_caso(gestor_galapa)
    del datos[campo]

    cuerpo = _devuelto(cliente_gestor_galapa.post(URL_CASO, datos))

    assert str(aviso) in cuerpo["generales"]
    assert not Caso.objects.exists()
    assert not Persona.objects.exists()


def test_una_fecha_que_no_existe_vuelve_marcada_en_su_campo_con_el_prefijo_de_la_parte(
    cliente_gestor_galapa, gestor_galapa
):
    datos = datos_caso(
        gestor_galapa,
        partes=[parte(), parte(1, numero_documento="72190876", fecha_nacimiento="2026-02-30")],
        fecha_hechos="2026-02-30",
    )

    cuerpo = _devuelto(cliente_gestor_galapa.post(URL_CASO, datos))

    assert set(cuerpo["errores"]) == {"fecha_hechos", "partes-1-fecha_nacimiento"}
    assert not Caso.objects.exists()
    assert not Persona.objects.exists()


HOSTILES_ASISTENCIA = [
    {"nombres": LARGO},
    {"numero_documento": LARGO},
    {"edad": "1e400"},
    {"edad": "99999999999999999999999"},
    {"organizacion": "99999999999999999999999"},
    {"organizacion": "abc"},
    {"tipo_documento": "ZZ"},
    {"sexo": LARGO},
    {"comparendo": LARGO},
    {"nombres": "Mar\x00ta"},
    {"autorizacion": "escrita"},
]


@pytest.mark.parametrize("cambios", HOSTILES_ASISTENCIA)
def test_una_asistencia_hostil_nunca_responde_500(cliente_gestor_galapa, actividad, cambios):
    respuesta = cliente_gestor_galapa.post(URL_ASISTENCIA, datos_asistente(actividad, **cambios))

    assert respuesta.status_code in (201, 422), respuesta.content
    if respuesta.status_code == 422:
        _devuelto(respuesta)
        assert not Asistencia.objects.exists()


HOSTILES_CONTEOS = [
    {"c_mujer_29_59": "-1"},
    {"c_mujer_29_59": "1e9"},
    {"c_mujer_29_59": "99999999999999999999999"},
    {"c_mujer_29_59": LARGO},
    {"e_victima": "-5"},
    {"c_zz_99": "5"},
]


@pytest.mark.parametrize("cambios", HOSTILES_CONTEOS)
def test_unos_conteos_hostiles_nunca_responden_500(cliente_gestor_galapa, actividad, cambios):
    respuesta = cliente_gestor_galapa.post(URL_CONTEOS, datos_conteos(actividad, **cambios))

    assert respuesta.status_code in (201, 422), respuesta.content
    if respuesta.status_code == 422:
        _devuelto(respuesta)
        assert _conteos(actividad) == (set(), set())


TEXTO = st.one_of(st.text(max_size=60), st.sampled_from(["", "0", "-1", "abc", "2026-02-30"]))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cambios=st.dictionaries(
        st.sampled_from(
            [
                "tipo",
                "nivel_riesgo",
                "canal",
                "fecha_hechos",
                "fecha_recepcion",
                "sector",
                "direccion",
                "relato",
                "gestor",
                "remitir_a_mebar",
                "partes-TOTAL_FORMS",
                "partes-0-rol",
                "partes-0-tipo_documento",
                "partes-0-numero_documento",
                "partes-0-nombres",
                "partes-0-edad",
                "partes-0-fecha_nacimiento",
                "partes-0-telefono",
                "partes-0-correo",
                "partes-0-autorizacion",
                "partes-0-aviso_version",
            ]
        ),
        TEXTO,
        max_size=6,
    )
)
def test_un_caso_aleatorio_nunca_responde_500(cliente_gestor_galapa, gestor_galapa, cambios):
    respuesta = cliente_gestor_galapa.post(URL_CASO, datos_caso(gestor_galapa, **cambios))

    assert respuesta.status_code in (201, 422), respuesta.content
    assert respuesta.json()["resultado"] in ("creado", "devuelto")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    url=st.sampled_from([URL_ASISTENCIA, URL_CONTEOS]),
    cambios=st.dictionaries(
        st.sampled_from(
            [
                "actividad",
                "token",
                "tipo_documento",
                "numero_documento",
                "nombres",
                "sexo",
                "edad",
                "organizacion",
                "autorizacion",
                "c_mujer_29_59",
                "c_hombre_60_mas",
                "e_migrante",
            ]
        ),
        TEXTO,
        max_size=5,
    ),
)
def test_una_asistencia_o_unos_conteos_aleatorios_nunca_responden_500(
    cliente_gestor_galapa, actividad, url, cambios
):
    respuesta = cliente_gestor_galapa.post(url, _datos_para(url, None, actividad, **cambios))

    assert respuesta.status_code in (200, 201, 422), respuesta.content
    assert respuesta.json()["resultado"] in ("creado", "ya_recibido", "devuelto")


def test_una_asistencia_de_una_persona_ya_en_la_actividad_vuelve(
    cliente_gestor_galapa, gestor_galapa, actividad, conocida
):
    """Quien ya asistió (y el gestor la ve) no se registra dos veces: vuelve marcado."""
    AsistenciaFactory(actividad=actividad, persona=conocida)

    cuerpo = _devuelto(
        cliente_gestor_galapa.post(
            URL_ASISTENCIA,
            datos_asistente(
                actividad,
                numero_documento="55443322",
                nombres="Rosa Elena",
                apellidos="Martínez Ruiz",
            ),
        )
    )

    assert "ya está registrada" in cuerpo["errores"]["numero_documento"][0]
    assert Asistencia.objects.count() == 1


def test_unos_conteos_vacios_no_se_guardan(cliente_gestor_galapa, actividad):
    """Sin nadie contado no hay conteos que crear: vuelve con su aviso y nada cambia."""
    respuesta = cliente_gestor_galapa.post(
        URL_CONTEOS, {"actividad": actividad.pk, "token": str(uuid.uuid4())}
    )
    assert respuesta.status_code == 422
    assert "No hay nadie contado" in respuesta.json()["mensaje"]
    assert not ConteoAsistencia.objects.filter(actividad=actividad).exists()
    assert Actividad.objects.get(pk=actividad.pk).token_conteos is None
