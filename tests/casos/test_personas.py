"""El registro de personas (issue «Personas»): la identidad de un ciudadano llega solo a quien
tiene derecho a ella. Cada prueba nombra el hueco que cerró; se escribieron antes del arreglo.
"""

import datetime
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from capacitaciones.models import Asistencia, EstadoActividad
from casos.models import (
    Autorizacion,
    Caso,
    EstadoDuplicado,
    FusionPersonas,
    MedioAutorizacion,
    MotivoDuplicado,
    Parte,
    Persona,
    PosibleDuplicado,
)
from casos.personas import (
    DatosAutorizacion,
    duplicados_detectar,
    personas_fusionar,
    similitud,
)
from gestores.models import Rol
from habeas.models import SolicitudHabeasData
from tests.conftest import ingresar
from tests.factories import (
    ActividadFactory,
    AsistenciaFactory,
    CasoFactory,
    CompromisoFactory,
    ParteFactory,
    PersonaFactory,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db
HOY = timezone.localdate


def _caso_nuevo(cliente, gestor, **parte):
    datos = {
        "tipo": "1",
        "nivel_riesgo": "bajo",
        "canal": "presencial",
        "fecha_hechos": (HOY() - datetime.timedelta(days=1)).isoformat(),
        "fecha_recepcion": HOY().isoformat(),
        "direccion": "Carrera 19 # 12-30",
        "relato": "Ruido en la noche.",
        "gestor": str(gestor.pk),
        "partes-TOTAL_FORMS": "1",
        "partes-INITIAL_FORMS": "0",
        "partes-MIN_NUM_FORMS": "1",
        "partes-MAX_NUM_FORMS": "12",
        "partes-0-rol": "solicitante",
        "partes-0-tipo_documento": "CC",
        "partes-0-sexo": "no_informa",
    }
    datos["token"] = str(uuid.uuid4())
    datos.update({f"partes-0-{k}": v for k, v in parte.items()})
    return cliente.post(reverse("casos:nuevo"), datos)


@pytest.fixture
def ruido_pk(db):
    from casos.models import TipoConflicto

    return TipoConflicto.objects.get(nombre="Ruido y alteración de la tranquilidad").pk


@pytest.fixture
def menor_de_malambo(malambo, gestor_malambo):
    """Una adolescente de un caso de Malambo, con su contacto autorizado."""
    persona = PersonaFactory(
        municipio=malambo,
        tipo_documento="TI",
        numero_documento="1045999888",
        nombres="Valentina",
        apellidos="Cárdenas Ruiz",
        edad=14,
        telefono="301 444 5566",
        direccion="Calle 3 # 2-10",
    )
    ParteFactory(caso=CasoFactory(municipio=malambo, gestor=gestor_malambo), persona=persona)
    return persona


# --- 1. Identidad dentro del alcance -------------------------------------------------------------


@pytest.fixture
def registrar_caso(cliente_gestor_galapa, gestor_galapa, ruido_pk):
    def _registrar(**parte):
        respuesta = _caso_nuevo(cliente_gestor_galapa, gestor_galapa, tipo=str(ruido_pk), **parte)
        assert respuesta.status_code == 302, respuesta.content.decode()[:3000]
        return Caso.objects.get(radicado=respuesta["Location"].rstrip("/").split("/")[-1])

    return _registrar


def test_un_documento_de_otro_municipio_no_trae_sus_datos_ni_los_cambia(
    cliente_gestor_galapa, menor_de_malambo, registrar_caso, galapa
):
    caso = registrar_caso(
        tipo_documento="TI",
        numero_documento="1045999888",
        nombres="Inventado",
        apellidos="Pérez",
        edad="30",
        autorizacion="verbal",
        telefono="300 000 0000",
        direccion="Otra dirección",
    )

    persona = caso.partes.get().persona
    assert persona.pk != menor_de_malambo.pk
    assert persona.municipio == galapa
    html = cliente_gestor_galapa.get(reverse("casos:detalle", args=[caso.radicado])).content
    html = html.decode()
    assert "Inventado" in html
    # Nombre y apellidos enteros: las fábricas inventan nombres que pueden traer uno suelto.
    for dato in (
        "Valentina Cárdenas",
        "Cárdenas Ruiz",
        "14 años",
        "301 444 5566",
        "Calle 3 # 2-10",
    ):
        assert dato not in html
    menor_de_malambo.refresh_from_db()
    assert (menor_de_malambo.nombres, menor_de_malambo.telefono) == ("Valentina", "301 444 5566")
    assert menor_de_malambo.autorizaciones.count() == 1  # la suya, no una nueva


def test_un_documento_de_otro_gestor_del_municipio_crea_un_registro_por_revisar(
    cliente_gestor_galapa, galapa, registrar_caso
):
    """Dentro del municipio, quien no ve a la persona no la reconoce: queda otro registro con lo
    que escribió y un par por revisar para el coordinador."""
    otro = usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="otro.gestor")
    ajena = PersonaFactory(municipio=galapa, numero_documento="7001234", nombres="Ramiro")
    ParteFactory(caso=CasoFactory(municipio=galapa, gestor=otro), persona=ajena)

    caso = registrar_caso(numero_documento="7001234", nombres="Escrito", apellidos="Aquí")

    nueva = caso.partes.get().persona
    assert nueva.pk != ajena.pk
    assert nueva.revisar_duplicado
    assert str(nueva) == "Escrito Aquí"
    par = PosibleDuplicado.objects.get()
    assert {par.persona_id, par.otra_id} == {nueva.pk, ajena.pk}
    assert par.motivo == MotivoDuplicado.MISMO_DOCUMENTO
    assert (
        "Ramiro"
        not in cliente_gestor_galapa.get(
            reverse("casos:detalle", args=[caso.radicado])
        ).content.decode()
    )


def test_la_persona_de_sus_propios_casos_si_se_reconoce(gestor_galapa, registrar_caso):
    primero = registrar_caso(numero_documento="7005555", nombres="Marta")
    segundo = registrar_caso(numero_documento="7005555", nombres="Marta")

    assert primero.partes.get().persona == segundo.partes.get().persona
    assert not PosibleDuplicado.objects.exists()


def test_la_pista_de_persona_registrada_solo_para_quien_la_ve(
    cliente_gestor_galapa, gestor_galapa, galapa, menor_de_malambo
):
    url = reverse("casos:persona_buscar")
    ajena = cliente_gestor_galapa.get(url, {"tipo": "TI", "numero": "1045999888"}).json()
    assert ajena == {"encontrada": False}

    propia = PersonaFactory(municipio=galapa, numero_documento="7006666", nombres="Nora")
    ParteFactory(caso=CasoFactory(municipio=galapa, gestor=gestor_galapa), persona=propia)
    datos = cliente_gestor_galapa.get(url, {"tipo": "CC", "numero": "7006666"}).json()
    assert datos["encontrada"]
    assert datos["nombres"] == "Nora"


def test_la_asistencia_no_revela_el_nombre_de_una_menor_de_otro_municipio(
    cliente_gestor_galapa, galapa, menor_de_malambo
):
    """Hueco: un gestor sin casos escribía un TI en la asistencia y leía «<nombre real> quedó
    registrada»."""
    actividad = ActividadFactory(municipio=galapa)
    pista = cliente_gestor_galapa.get(
        reverse("capacitaciones:persona_buscar"), {"tipo": "TI", "numero": "1045999888"}
    ).json()
    assert pista == {"encontrada": False}
    url = reverse("capacitaciones:asistencia", args=[actividad.pk])
    respuesta = cliente_gestor_galapa.post(
        url,
        {
            "tipo_documento": "TI",
            "numero_documento": "1045999888",
            "nombres": "Otro",
            "apellidos": "Nombre",
            "sexo": "no_informa",
            "edad": "15",
        },
        follow=True,
    )

    html = respuesta.content.decode()
    assert "Otro Nombre" in html
    assert "Valentina Cárdenas" not in html
    assert Asistencia.objects.get().persona.municipio == galapa


# --- 2. Autorización con prueba ------------------------------------------------------------------


def test_la_autorizacion_verbal_queda_con_quien_cuando_y_el_aviso(gestor_galapa, registrar_caso):
    caso = registrar_caso(
        numero_documento="7007777", nombres="Luz", autorizacion="verbal", telefono="300 1"
    )

    persona = caso.partes.get().persona
    autorizacion = persona.autorizacion
    assert autorizacion.medio == MedioAutorizacion.VERBAL
    assert autorizacion.capturada_por == gestor_galapa
    assert autorizacion.aviso.version == "v1"
    assert autorizacion.finalidades
    assert persona.telefono == "300 1"


def test_sin_autorizacion_no_se_guarda_el_telefono_y_el_formulario_lo_dice(
    cliente_gestor_galapa, gestor_galapa, ruido_pk
):
    respuesta = _caso_nuevo(
        cliente_gestor_galapa,
        gestor_galapa,
        tipo=str(ruido_pk),
        numero_documento="7008888",
        nombres="Sin",
        telefono="300 2",
    )

    assert respuesta.status_code == 200
    assert "debe autorizar" in respuesta.content.decode()
    assert not Caso.objects.exists()
    assert not Persona.objects.exists()


def test_con_autorizacion_el_correo_se_guarda_junto_al_telefono(registrar_caso):
    caso = registrar_caso(
        numero_documento="7007778",
        nombres="Luz",
        autorizacion="verbal",
        telefono="300 1",
        correo="  luz.perez@correo.invalid ",
    )

    persona = caso.partes.get().persona
    assert persona.autorizacion is not None
    assert (persona.telefono, persona.correo) == ("300 1", "luz.perez@correo.invalid")


def test_sin_autorizacion_no_se_guarda_el_correo_y_el_formulario_lo_dice(
    cliente_gestor_galapa, gestor_galapa, ruido_pk
):
    respuesta = _caso_nuevo(
        cliente_gestor_galapa,
        gestor_galapa,
        tipo=str(ruido_pk),
        numero_documento="7008889",
        nombres="Sin",
        correo="sin@correo.invalid",
    )

    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Para guardar teléfono, dirección o correo, la persona debe autorizar" in html
    assert 'value="sin@correo.invalid"' in html  # lo escrito vuelve en el formulario
    assert not Caso.objects.exists()
    assert not Persona.objects.exists()


def test_un_correo_mal_escrito_da_un_mensaje_claro_y_conserva_lo_escrito(
    cliente_gestor_galapa, gestor_galapa, ruido_pk
):
    respuesta = _caso_nuevo(
        cliente_gestor_galapa,
        gestor_galapa,
        tipo=str(ruido_pk),
        numero_documento="7008890",
        nombres="Mal",
        autorizacion="verbal",
        telefono="300 3",
        correo="mal@correo",
    )

    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Escriba un correo completo, como nombre@ejemplo.com." in html
    assert 'value="mal@correo"' in html
    assert 'value="300 3"' in html
    assert not Persona.objects.exists()


def test_el_formulario_de_parte_pide_autorizacion_para_el_correo_y_lo_entrega():
    from casos.forms_personas import ParteForm

    base = {"rol": "solicitante", "tipo_documento": "CC", "numero_documento": "7008891"}
    base |= {"nombres": "Ana", "sexo": "no_informa", "correo": "ana@correo.invalid"}

    sin = ParteForm(data=base)
    assert not sin.is_valid()
    assert "autorizacion" in sin.errors

    con = ParteForm(data=base | {"autorizacion": "verbal"})
    assert con.is_valid(), con.errors
    assert con.datos_parte().correo == "ana@correo.invalid"


def test_a_una_persona_conocida_el_correo_solo_se_le_cambia_con_su_autorizacion(
    gestor_galapa, registrar_caso
):
    primero = registrar_caso(
        numero_documento="7005556",
        nombres="Marta",
        autorizacion="verbal",
        correo="marta@correo.invalid",
    )
    persona = primero.partes.get().persona

    registrar_caso(numero_documento="7005556", nombres="Marta")  # sin autorización nueva
    persona.refresh_from_db()
    assert persona.correo == "marta@correo.invalid"

    registrar_caso(numero_documento="7005556", nombres="Marta", autorizacion="verbal")
    persona.refresh_from_db()
    assert persona.correo == "marta@correo.invalid"  # vacío no borra lo guardado

    registrar_caso(
        numero_documento="7005556",
        nombres="Marta",
        autorizacion="verbal",
        correo="marta.nuevo@correo.invalid",
    )
    persona.refresh_from_db()
    assert persona.correo == "marta.nuevo@correo.invalid"


def test_lo_escrito_no_cambia_el_correo_de_quien_no_se_ve(
    cliente_gestor_galapa, galapa, registrar_caso
):
    otro = usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="otro.gestor.correo")
    ajena = PersonaFactory(
        municipio=galapa, numero_documento="7001235", correo="ramiro@correo.invalid"
    )
    # Un consecutivo lejos del que el registro va a tomar.
    ParteFactory(caso=CasoFactory(municipio=galapa, gestor=otro, consecutivo=90_001), persona=ajena)

    caso = registrar_caso(
        numero_documento="7001235",
        nombres="Escrito",
        autorizacion="verbal",
        correo="escrito@correo.invalid",
    )

    nueva = caso.partes.get().persona
    assert nueva.pk != ajena.pk
    assert nueva.correo == "escrito@correo.invalid"
    ajena.refresh_from_db()
    assert ajena.correo == "ramiro@correo.invalid"
    html = cliente_gestor_galapa.get(reverse("casos:detalle", args=[caso.radicado])).content
    assert "ramiro@correo.invalid" not in html.decode()


def test_la_autorizacion_escrita_pide_el_formato_y_lo_guarda(
    cliente_gestor_galapa, gestor_galapa, ruido_pk
):
    sin_formato = _caso_nuevo(
        cliente_gestor_galapa,
        gestor_galapa,
        tipo=str(ruido_pk),
        numero_documento="7009999",
        nombres="Escrita",
        autorizacion="escrita",
    )
    assert "Adjunte el formato" in sin_formato.content.decode()
    assert not Persona.objects.exists()

    con_formato = _caso_nuevo(
        cliente_gestor_galapa,
        gestor_galapa,
        tipo=str(ruido_pk),
        numero_documento="7009999",
        nombres="Escrita",
        autorizacion="escrita",
        soporte_autorizacion=SimpleUploadedFile(
            "firmado.pdf", b"%PDF-1.4 firmado", content_type="application/pdf"
        ),
    )
    assert con_formato.status_code == 302
    autorizacion = Autorizacion.objects.get()
    assert autorizacion.medio == MedioAutorizacion.ESCRITA
    assert autorizacion.soporte.name.startswith("autorizaciones/")
    assert autorizacion.tipo_contenido == "application/pdf"


def test_revocar_quita_el_contacto_de_la_fila_y_de_su_historia(
    cliente_gestor_galapa, registrar_caso
):
    caso = registrar_caso(
        numero_documento="7001111", nombres="Ana", autorizacion="verbal", telefono="300 9"
    )
    persona = caso.partes.get().persona

    respuesta = cliente_gestor_galapa.post(
        reverse("casos:autorizacion_revocar", args=[persona.pk]),
        {"motivo": "Lo pidió por teléfono el 30/11.", "siguiente": "/casos/"},
    )

    assert respuesta.status_code == 302
    assert respuesta["Location"] == "/casos/"
    persona.refresh_from_db()
    assert persona.autorizacion is None
    assert persona.telefono == ""
    assert not Persona.history.filter(id=persona.pk).exclude(telefono="").exists()
    revocada = Autorizacion.objects.get()
    assert revocada.revocada_en
    assert revocada.motivo_revocacion.startswith("Lo pidió")


def test_revocar_quita_el_correo_de_la_fila_y_de_su_historia(cliente_gestor_galapa, registrar_caso):
    caso = registrar_caso(
        numero_documento="7001112",
        nombres="Ana",
        autorizacion="verbal",
        correo="ana.revoca@correo.invalid",
    )
    persona = caso.partes.get().persona
    assert persona.correo == "ana.revoca@correo.invalid"

    respuesta = cliente_gestor_galapa.post(
        reverse("casos:autorizacion_revocar", args=[persona.pk]),
        {"motivo": "Lo pidió en la oficina.", "siguiente": "/casos/"},
    )

    assert respuesta.status_code == 302
    persona.refresh_from_db()
    assert (persona.autorizacion, persona.correo) == (None, "")
    assert not Persona.history.filter(id=persona.pk).exclude(correo="").exists()


def test_nadie_revoca_la_autorizacion_de_quien_no_ve(cliente_gestor_galapa, menor_de_malambo):
    respuesta = cliente_gestor_galapa.post(
        reverse("casos:autorizacion_revocar", args=[menor_de_malambo.pk]), {"motivo": "x"}
    )

    assert respuesta.status_code == 404
    menor_de_malambo.refresh_from_db()
    assert menor_de_malambo.autorizacion is not None


def test_la_base_no_acepta_contacto_sin_autorizacion(galapa):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Persona.objects.create(
            municipio=galapa, tipo_documento="CC", numero_documento="1", nombres="X", telefono="3"
        )


def test_la_base_no_acepta_un_correo_sin_autorizacion(galapa):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Persona.objects.create(
            municipio=galapa,
            tipo_documento="CC",
            numero_documento="2",
            nombres="X",
            correo="x@correo.invalid",
        )


def test_el_modelo_no_valida_un_correo_sin_autorizacion(galapa, gestor_galapa):
    from django.core.exceptions import ValidationError

    from comun.modelos import guardar

    persona = Persona(
        municipio=galapa,
        tipo_documento="CC",
        numero_documento="3",
        nombres="X",
        correo="x@correo.invalid",
    )
    with pytest.raises(ValidationError, match="ni correo"):
        guardar(persona, gestor_galapa)
    assert not Persona.objects.exists()


def test_el_registro_muestra_el_aviso_que_se_lee_en_voz_alta(cliente_gestor_galapa):
    html = cliente_gestor_galapa.get(reverse("casos:nuevo")).content.decode()

    assert "Aviso de privacidad" in html
    assert "Ley 1581 de 2012" in html
    assert "Versión v1" in html


# --- 5. Duplicados -------------------------------------------------------------------------------


def test_la_similitud_de_trigramas_es_la_de_pg_trgm():
    assert similitud("Rodríguez", "rodriguez") == 1.0
    assert similitud("María José Pérez", "Maria Jose Perez") == 1.0
    assert similitud("Ana Pérez", "Jorge Díaz") < 0.2
    assert similitud("Luz Marina Pérez", "Luz Marína Peres") > 0.55


def test_se_detectan_el_mismo_numero_con_otro_tipo_y_el_nombre_parecido(galapa, malambo):
    ti = PersonaFactory(municipio=galapa, tipo_documento="TI", numero_documento="1001", edad=17)
    cc = PersonaFactory(municipio=galapa, tipo_documento="CC", numero_documento="1001", edad=18)
    nacida = datetime.date(1990, 5, 4)
    a = PersonaFactory(
        municipio=galapa, nombres="Luz Marina", apellidos="Pérez", fecha_nacimiento=nacida
    )
    b = PersonaFactory(
        municipio=galapa, nombres="Luz Marína", apellidos="Peres", fecha_nacimiento=nacida
    )
    PersonaFactory(  # el mismo nombre en otro municipio no es un duplicado de este
        municipio=malambo, nombres="Luz Marina", apellidos="Pérez", fecha_nacimiento=nacida
    )

    assert duplicados_detectar(cc) == 1
    assert duplicados_detectar(b) == 1
    pares = {(p.persona_id, p.otra_id): p.motivo for p in PosibleDuplicado.objects.all()}
    assert pares == {
        (ti.pk, cc.pk): MotivoDuplicado.MISMO_NUMERO,
        (a.pk, b.pk): MotivoDuplicado.NOMBRE_Y_NACIMIENTO,
    }


@pytest.fixture
def par_de_galapa(galapa, gestor_galapa):
    """Dos registros de la misma persona en Galapa, cada uno con lo suyo."""
    otro = usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="otro.gestor2")
    queda = PersonaFactory(municipio=galapa, numero_documento="555", nombres="Rosa")
    sobra = PersonaFactory(
        municipio=galapa, numero_documento="555", nombres="Rosa M.", revisar_duplicado=True
    )
    caso_1 = CasoFactory(municipio=galapa, gestor=gestor_galapa)
    caso_2 = CasoFactory(
        municipio=galapa,
        gestor=otro,
        fecha_hechos=HOY() - datetime.timedelta(days=31),
        fecha_recepcion=HOY() - datetime.timedelta(days=30),
    )
    ParteFactory(caso=caso_1, persona=queda)
    parte = ParteFactory(caso=caso_2, persona=sobra)
    CompromisoFactory(acuerdo__caso=caso_2, parte=parte)
    actividad = ActividadFactory(municipio=galapa, estado=EstadoActividad.REALIZADA)
    AsistenciaFactory(actividad=actividad, persona=sobra)
    SolicitudHabeasData.objects.create(
        persona=sobra,
        tipo="consulta",
        recibida_el=HOY(),
        fecha_limite=HOY() + datetime.timedelta(days=10),
        fecha_limite_prorroga=HOY() + datetime.timedelta(days=15),
        descripcion="Consulta",
        registrada_por=gestor_galapa,
    )
    par = PosibleDuplicado.objects.create(
        municipio=galapa,
        persona=min(queda, sobra, key=lambda p: p.pk),
        otra=max(queda, sobra, key=lambda p: p.pk),
        motivo=MotivoDuplicado.MISMO_DOCUMENTO,
    )
    return {"queda": queda, "sobra": sobra, "par": par, "caso_1": caso_1, "caso_2": caso_2}


def _coordinador(municipio, nombre):
    from django.test import Client

    return ingresar(Client(), usuario_con_rol(Rol.COORDINADOR, municipio, usuario__username=nombre))


def test_el_coordinador_compara_y_fusiona_y_todo_pasa_al_que_queda(galapa, par_de_galapa):
    cliente = _coordinador(galapa, "coord.galapa.dup")
    queda, sobra, par = par_de_galapa["queda"], par_de_galapa["sobra"], par_de_galapa["par"]
    assert (
        not Caso.objects.filter(pk=par_de_galapa["caso_1"].pk).con_reincidencia().get().reincidente
    )

    lista = cliente.get(reverse("casos:duplicados")).content.decode()
    assert reverse("casos:duplicado", args=[par.pk]) in lista
    comparar = cliente.get(reverse("casos:duplicado", args=[par.pk])).content.decode()
    assert "Rosa M." in comparar
    assert "Rosa" in comparar
    conservar = "persona" if par.persona_id == queda.pk else "otra"
    respuesta = cliente.post(
        reverse("casos:duplicado", args=[par.pk]), {"accion": "fusionar", "conservar": conservar}
    )

    assert respuesta.status_code == 302
    assert not Persona.objects.filter(pk=sobra.pk).exists()
    assert Parte.objects.filter(persona=queda).count() == 2
    assert Asistencia.objects.get().persona == queda
    assert SolicitudHabeasData.objects.get().persona == queda
    assert Autorizacion.objects.filter(persona=queda).count() == 2
    queda.refresh_from_db()
    assert not queda.revisar_duplicado
    fusion = FusionPersonas.objects.get()
    assert (fusion.fusionada_id, fusion.movidos["partes"]) == (sobra.pk, 1)
    borrado = Persona.history.filter(id=sobra.pk, history_type="-").get()
    assert borrado.nombres == "Rosa M."
    assert borrado.history_user.username == "coord.galapa.dup"
    # La reincidencia se recalcula: el caso 1 tiene ahora a alguien que estuvo en el caso 2.
    assert Caso.objects.filter(pk=par_de_galapa["caso_1"].pk).con_reincidencia().get().reincidente


def test_al_fusionar_el_correo_sigue_la_regla_del_telefono(galapa):
    coordinador = usuario_con_rol(Rol.COORDINADOR, galapa, usuario__username="coord.correo")
    sin_autorizacion = PersonaFactory(municipio=galapa, nombres="Rosa", autoriza_datos=False)
    con_correo = PersonaFactory(
        municipio=galapa, nombres="Rosa M.", telefono="300 7", correo="rosa@correo.invalid"
    )

    personas_fusionar(conservada=sin_autorizacion, fusionada=con_correo, autor=coordinador)

    sin_autorizacion.refresh_from_db()
    assert sin_autorizacion.autorizacion_id is not None
    assert (sin_autorizacion.telefono, sin_autorizacion.correo) == (
        "300 7",
        "rosa@correo.invalid",
    )

    propia = PersonaFactory(municipio=galapa, nombres="Luz", correo="luz@correo.invalid")
    otra = PersonaFactory(municipio=galapa, nombres="Luz P.", correo="otra@correo.invalid")
    personas_fusionar(conservada=propia, fusionada=otra, autor=coordinador)
    propia.refresh_from_db()
    assert propia.correo == "luz@correo.invalid"  # la que queda conserva el suyo


def test_nadie_fusiona_fuera_de_su_municipio_ni_sin_ser_coordinador(
    malambo, galapa, par_de_galapa, cliente_gestor_galapa, cliente_secretaria_galapa
):
    par = par_de_galapa["par"]
    url = reverse("casos:duplicado", args=[par.pk])
    ajeno = _coordinador(malambo, "coord.malambo.dup")

    assert ajeno.get(url).status_code == 404
    assert ajeno.post(url, {"accion": "fusionar", "conservar": "persona"}).status_code == 404
    assert cliente_gestor_galapa.get(reverse("casos:duplicados")).status_code == 403
    assert cliente_gestor_galapa.get(url).status_code == 404
    assert cliente_secretaria_galapa.get(url).status_code == 404
    assert Persona.objects.filter(pk=par_de_galapa["sobra"].pk).exists()

    otra = PersonaFactory(municipio=malambo, numero_documento="555")
    coordinador = usuario_con_rol(Rol.COORDINADOR, galapa, usuario__username="coord.g2")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        personas_fusionar(conservada=par_de_galapa["queda"], fusionada=otra, autor=coordinador)


def test_el_equipo_amb_fusiona_sin_ver_los_datos_de_un_menor(cliente_amb, galapa):
    a = PersonaFactory(municipio=galapa, tipo_documento="TI", numero_documento="77", nombres="Niño")
    b = PersonaFactory(
        municipio=galapa, tipo_documento="CC", numero_documento="77", nombres="Adulto"
    )
    duplicados_detectar(b)
    par = PosibleDuplicado.objects.get()

    html = cliente_amb.get(reverse("casos:duplicado", args=[par.pk])).content.decode()

    assert "Niño" not in html
    assert "TI 77" not in html
    respuesta = cliente_amb.post(
        reverse("casos:duplicado", args=[par.pk]), {"accion": "fusionar", "conservar": "otra"}
    )
    assert respuesta.status_code == 302
    assert list(Persona.objects.values_list("pk", flat=True)) == [b.pk]
    del a


def test_descartar_un_par_de_nombres_parecidos(galapa, cliente_coordinador_malambo):
    cliente = _coordinador(galapa, "coord.galapa.desc")
    nacida = datetime.date(1980, 1, 1)
    PersonaFactory(municipio=galapa, nombres="Juan", apellidos="Gómez", fecha_nacimiento=nacida)
    b = PersonaFactory(municipio=galapa, nombres="Juan", apellidos="Gomes", fecha_nacimiento=nacida)
    duplicados_detectar(b)
    par = PosibleDuplicado.objects.get()

    cliente.post(reverse("casos:duplicado", args=[par.pk]), {"accion": "descartar"})

    par.refresh_from_db()
    assert par.estado == EstadoDuplicado.DESCARTADO
    assert Persona.objects.count() == 2


def test_la_lista_de_duplicados_hace_las_mismas_consultas_con_mas_pares(
    galapa, django_assert_max_num_queries
):
    cliente = _coordinador(galapa, "coord.galapa.q")
    for i in range(6):
        a = PersonaFactory(municipio=galapa, numero_documento=f"9{i}", tipo_documento="CC")
        b = PersonaFactory(municipio=galapa, numero_documento=f"9{i}", tipo_documento="CE")
        duplicados_detectar(b)
        del a
    with django_assert_max_num_queries(12):
        respuesta = cliente.get(reverse("casos:duplicados"))
    assert respuesta.content.decode().count("Comparar") == 6


# --- 6. Habeas data por municipio ----------------------------------------------------------------


def test_el_reporte_del_coordinador_solo_trae_su_municipio_y_el_del_amb_todos(
    malambo, galapa, coordinador_malambo, usuario_amb, cliente_coordinador_malambo, cliente_amb
):
    """Hueco: el reporte del coordinador listaba casos, compromisos y actividades de todos los
    municipios (y corregir o anonimizar los cambiaba también)."""
    de_malambo = PersonaFactory(municipio=malambo, numero_documento="4242", nombres="Tomás")
    de_galapa = PersonaFactory(municipio=galapa, numero_documento="4242", nombres="Tomás")
    caso_m = CasoFactory(municipio=malambo)
    caso_g = CasoFactory(municipio=galapa)
    ParteFactory(caso=caso_m, persona=de_malambo)
    ParteFactory(caso=caso_g, persona=de_galapa)
    datos = {
        "documento_tipo": "CC",
        "documento_numero": "4242",
        "tipo": "consulta",
        "recibida_el": HOY().isoformat(),
        "descripcion": "Qué tienen de mí",
    }
    cliente_coordinador_malambo.post(reverse("habeas:nueva"), datos)
    solicitud = SolicitudHabeasData.objects.get()

    propio = cliente_coordinador_malambo.get(reverse("habeas:reporte", args=[solicitud.pk]))
    del_amb = cliente_amb.get(reverse("habeas:reporte", args=[solicitud.pk]))

    assert caso_m.radicado in propio.content.decode()
    assert caso_g.radicado not in propio.content.decode()
    assert caso_m.radicado in del_amb.content.decode()
    assert caso_g.radicado in del_amb.content.decode()


def test_el_coordinador_no_ve_solicitudes_de_otro_municipio(
    galapa, cliente_coordinador_malambo, gestor_galapa
):
    persona = PersonaFactory(municipio=galapa)
    ParteFactory(caso=CasoFactory(municipio=galapa), persona=persona)
    solicitud = SolicitudHabeasData.objects.create(
        persona=persona,
        tipo="consulta",
        recibida_el=HOY(),
        fecha_limite=HOY() + datetime.timedelta(days=10),
        fecha_limite_prorroga=HOY() + datetime.timedelta(days=15),
        descripcion="Consulta",
        registrada_por=gestor_galapa,
    )

    for nombre in ("habeas:detalle", "habeas:reporte"):
        url = reverse(nombre, args=[solicitud.pk])
        assert cliente_coordinador_malambo.get(url).status_code == 404


def test_datos_autorizacion_por_omision_no_autoriza():
    assert not DatosAutorizacion().autoriza


# --- 1. La reincidencia entre municipios, por el seudónimo y sin filas compartidas -------------


def test_la_reincidencia_entre_municipios_se_cuenta_por_el_seudonimo(galapa, malambo, cliente_amb):
    hoy = HOY()
    en_malambo = PersonaFactory(municipio=malambo, numero_documento="808080")
    en_galapa = PersonaFactory(municipio=galapa, tipo_documento="CE", numero_documento="808080")
    assert en_malambo.clave_documento == en_galapa.clave_documento
    assert en_malambo.pk != en_galapa.pk
    antes = CasoFactory(
        municipio=malambo,
        fecha_hechos=hoy - datetime.timedelta(days=20),
        fecha_recepcion=hoy - datetime.timedelta(days=20),
    )
    despues = CasoFactory(municipio=galapa)
    ParteFactory(caso=antes, persona=en_malambo)
    ParteFactory(caso=despues, persona=en_galapa)

    anotados = dict(
        Caso.objects.con_reincidencia_en_otro_municipio().values_list("pk", "reincidente_fuera")
    )
    assert anotados == {antes.pk: False, despues.pk: True}
    # Dentro de cada municipio no hay reincidencia: son registros distintos.
    assert not any(c.reincidente for c in Caso.objects.con_reincidencia())
    html = cliente_amb.get(reverse("tableros:metropolitano")).content.decode()
    assert "ya tuvo un caso en otro municipio" in html


def test_recalcular_seudonimos_tras_cambiar_la_clave(galapa, settings):
    from django.core.management import call_command

    persona = PersonaFactory(municipio=galapa, numero_documento="123123")
    anterior = persona.clave_documento
    settings.SEUDONIMO_CLAVE = "otra-clave-de-seudonimos"

    salida = io.StringIO()
    call_command("recalcular_seudonimos", stdout=salida)

    assert "Seudónimos recalculados: 1." in salida.getvalue()

    persona.refresh_from_db()
    assert persona.clave_documento not in ("", anterior)


def test_la_historia_del_caso_no_muestra_al_amb_los_cambios_de_un_menor(
    menor_de_malambo, cliente_amb, coordinador_malambo
):
    menor_de_malambo.nombres = "Valentina Sofía"
    menor_de_malambo.save()
    caso = menor_de_malambo.partes.get().caso
    url = reverse("casos:historial", args=[caso.radicado])

    del_amb = cliente_amb.get(url).content.decode()
    del_coordinador = ingresar(Client(), coordinador_malambo).get(url).content.decode()

    assert "Valentina Sofía" not in del_amb
    assert "Valentina Sofía" in del_coordinador


def test_otro_gestor_que_ayuda_en_la_asistencia_no_ve_los_nombres_registrados(galapa):
    responsable = usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="resp.act")
    ayudante = usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="ayuda.act")
    actividad = ActividadFactory(municipio=galapa, registrada_por=responsable)
    AsistenciaFactory(actividad=actividad, persona__nombres="Eulalia", persona__apellidos="Mora")
    url = reverse("capacitaciones:asistencia", args=[actividad.pk])

    del_responsable = ingresar(Client(), responsable).get(url).content.decode()
    del_ayudante = ingresar(Client(), ayudante).get(url).content.decode()

    assert "Eulalia Mora" in del_responsable
    assert "Eulalia" not in del_ayudante
    assert "E*** M***" in del_ayudante


def test_habeas_busca_a_la_persona_por_su_nombre_sin_tildes_en_su_municipio(
    malambo, galapa, cliente_coordinador_malambo
):
    propia = PersonaFactory(municipio=malambo, nombres="Ramón", apellidos="Rodríguez Ávila")
    PersonaFactory(municipio=galapa, nombres="Ramón", apellidos="Rodríguez Ávila")
    url = reverse("habeas:nueva")

    html = cliente_coordinador_malambo.get(url, {"q": "ramon rodriguez"}).content.decode()

    assert html.count("Rodríguez Ávila") == 1
    assert f"?persona={propia.pk}" in html
    respuesta = cliente_coordinador_malambo.post(
        f"{url}?persona={propia.pk}",
        {"tipo": "consulta", "recibida_el": HOY().isoformat(), "descripcion": "Qué hay de mí"},
    )
    assert respuesta.status_code == 302
    assert SolicitudHabeasData.objects.get().persona == propia
    ajena = Persona.objects.get(municipio=galapa)
    assert cliente_coordinador_malambo.get(url, {"persona": ajena.pk}).status_code == 404
    assert cliente_coordinador_malambo.get(url, {"persona": "x"}).status_code == 404


def test_una_parte_no_puede_ser_una_persona_de_otro_municipio(malambo, galapa):
    from django.core.exceptions import ValidationError

    parte = Parte(
        caso=CasoFactory(municipio=galapa), persona=PersonaFactory(municipio=malambo), rol="testigo"
    )

    with pytest.raises(ValidationError, match="registro del municipio del caso"):
        parte.full_clean()


def test_el_formato_firmado_solo_lo_descarga_quien_ve_a_la_persona(
    cliente_gestor_galapa, gestor_galapa, galapa, registrar_caso
):
    caso = registrar_caso(
        numero_documento="7012345",
        nombres="Firma",
        autorizacion="escrita",
        soporte_autorizacion=SimpleUploadedFile(
            "f.pdf", b"%PDF-1.4 firmado", content_type="application/pdf"
        ),
    )
    autorizacion = caso.partes.get().persona.autorizacion
    url = reverse("casos:autorizacion_formato", args=[autorizacion.pk])
    otro = usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="otro.formato")

    propia = cliente_gestor_galapa.get(url)

    assert propia.status_code == 200
    assert b"".join(propia.streaming_content) == b"%PDF-1.4 firmado"
    assert (
        url
        in cliente_gestor_galapa.get(
            reverse("casos:detalle", args=[caso.radicado])
        ).content.decode()
    )
    assert ingresar(Client(), otro).get(url).status_code == 404


# --- Lo que encontró la prueba de afuera ----------------------------------------------------------


def test_una_imagen_gigante_como_formato_firmado_da_un_mensaje_no_un_500(
    cliente_gestor_galapa, gestor_galapa, ruido_pk
):
    from PIL import Image

    salida = io.BytesIO()
    Image.new("1", (15_000, 15_000)).save(salida, format="PNG")
    respuesta = _caso_nuevo(
        cliente_gestor_galapa,
        gestor_galapa,
        tipo=str(ruido_pk),
        numero_documento="7020202",
        nombres="Bomba",
        autorizacion="escrita",
        soporte_autorizacion=SimpleUploadedFile(
            "enorme.png", salida.getvalue(), content_type="image/png"
        ),
    )

    assert respuesta.status_code == 200
    assert "demasiados píxeles" in respuesta.content.decode()
    assert not Caso.objects.exists()
    assert not Persona.objects.exists()
    # El error queda junto al campo del formato, y el resumen lleva a él.
    parte = respuesta.context["partes"].forms[0]
    assert "demasiados píxeles" in str(parte.errors["soporte_autorizacion"])
    assert 'href="#id_partes-0-soporte_autorizacion"' in respuesta.content.decode()


@pytest.mark.parametrize("contenido", [b"", b"no soy una imagen"], ids=["vacio", "falso"])
def test_un_formato_firmado_vacio_o_falso_da_un_solo_error_en_su_campo(
    cliente_gestor_galapa, gestor_galapa, ruido_pk, contenido
):
    respuesta = _caso_nuevo(
        cliente_gestor_galapa,
        gestor_galapa,
        tipo=str(ruido_pk),
        numero_documento="7020203",
        nombres="Falso",
        autorizacion="escrita",
        soporte_autorizacion=SimpleUploadedFile("f.png", contenido, content_type="image/png"),
    )

    assert respuesta.status_code == 200
    errores = respuesta.context["partes"].forms[0].errors["soporte_autorizacion"]
    assert len(errores) == 1
    assert "fichero" not in errores[0]
    assert not Caso.objects.exists()


def test_la_asistencia_no_confirma_que_asistio_alguien_que_no_se_ve(galapa):
    """Decir «ya está registrada en esta actividad» a quien no ve a esa persona revelaría que
    asistió: se registra como otro registro (por revisar)."""
    responsable = usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="resp.act2")
    ayudante = usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="ayuda.act2")
    actividad = ActividadFactory(municipio=galapa, registrada_por=responsable)
    AsistenciaFactory(actividad=actividad, persona__numero_documento="44400001")
    url = reverse("capacitaciones:asistencia", args=[actividad.pk])
    datos = {
        "tipo_documento": "CC",
        "numero_documento": "44400001",
        "nombres": "Inventada",
        "sexo": "mujer",
        "edad": "30",
    }

    del_ayudante = ingresar(Client(), ayudante).post(url, datos)
    del_responsable = ingresar(Client(), responsable).post(url, datos)

    assert del_ayudante.status_code == 302, del_ayudante.context["form"].errors
    assert del_responsable.status_code == 400
    assert "ya está registrada" in del_responsable.content.decode()
    assert PosibleDuplicado.objects.filter(motivo=MotivoDuplicado.MISMO_DOCUMENTO).count() == 1


@pytest.mark.parametrize("siguiente", ["979163", "//evil.example/", "https://evil.example/", ""])
def test_revocar_con_un_destino_raro_vuelve_a_mis_casos(
    cliente_gestor_galapa, registrar_caso, siguiente
):
    caso = registrar_caso(
        numero_documento="7030303", nombres="Ana", autorizacion="verbal", telefono="3"
    )
    persona = caso.partes.get().persona

    respuesta = cliente_gestor_galapa.post(
        reverse("casos:autorizacion_revocar", args=[persona.pk]),
        {"motivo": "x" * 10_000, "siguiente": siguiente},
    )

    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse("casos:mios")
    persona.refresh_from_db()
    assert persona.autorizacion is not None  # más de 300 caracteres: no se revocó


def test_el_coordinador_puede_decir_que_no_son_la_misma_aunque_tengan_el_documento(
    galapa, par_de_galapa
):
    cliente = _coordinador(galapa, "coord.galapa.mismo")
    par = par_de_galapa["par"]

    cliente.post(reverse("casos:duplicado", args=[par.pk]), {"accion": "descartar"})

    par.refresh_from_db()
    assert par.estado == EstadoDuplicado.DESCARTADO


def test_las_paginas_de_error_estan_en_espanol(cliente_gestor_galapa):
    prohibida = cliente_gestor_galapa.get(reverse("casos:duplicados"))
    inexistente = cliente_gestor_galapa.get("/casos/personas/duplicados/999999/")

    assert "Su rol no permite hacer esto" in prohibida.content.decode()
    assert "No encontramos esta página" in inexistente.content.decode()


@pytest.mark.parametrize("campo", ["fecha_hechos", "fecha_recepcion"])
def test_una_fecha_de_antes_de_1900_no_se_guarda(cliente_gestor_galapa, gestor_galapa, campo):
    datos = {
        "tipo": "1",
        "nivel_riesgo": "bajo",
        "canal": "presencial",
        "fecha_hechos": "1899-12-31" if campo == "fecha_hechos" else "1900-01-01",
        "fecha_recepcion": "0001-01-01" if campo == "fecha_recepcion" else HOY().isoformat(),
        "relato": "Ruido.",
        "gestor": str(gestor_galapa.pk),
        "token": str(uuid.uuid4()),
        "partes-TOTAL_FORMS": "1",
        "partes-INITIAL_FORMS": "0",
        "partes-MIN_NUM_FORMS": "1",
        "partes-MAX_NUM_FORMS": "12",
        "partes-0-rol": "solicitante",
        "partes-0-tipo_documento": "SD",
        "partes-0-nombres": "Ana",
        "partes-0-sexo": "no_informa",
    }
    respuesta = cliente_gestor_galapa.post(reverse("casos:nuevo"), datos)

    assert respuesta.status_code == 200
    assert "no puede ser anterior a 1900" in str(respuesta.context["form"].errors[campo])
    assert not Caso.objects.exists()
