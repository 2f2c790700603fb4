"""El ciclo de vida de DESIGN §5: cada transición permitida y cada prohibida."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casos import services
from casos.models import Actuacion, Caso, Estado, Resultado, TipoActuacion
from casos.services import RESULTADOS_DESDE, TRANSICIONES, ConflictoDeVersion
from mediacion.services import documento_emitir
from municipios.models import TipoEntidad
from remisiones import services as servicios_remision
from remisiones.models import EstadoRemision
from tests.casos.conftest import datos_parte
from tests.factories import AcuerdoFactory, CasoFactory, ParteFactory

pytestmark = pytest.mark.django_db
HOY = timezone.localdate


def _caso_en(estado, galapa, tipo=None):
    extra = {"tipo": tipo} if tipo else {}
    if estado == Estado.CERRADO:
        extra["resultado"] = Resultado.DESISTIMIENTO
    caso = CasoFactory(municipio=galapa, estado=estado, **extra)
    ParteFactory(caso=caso)
    return caso


def _pasar(caso, destino, galapa):
    """Intenta llevar `caso` a `destino` con el servicio que corresponde."""
    autor = caso.gestor
    if destino == Estado.EN_GESTION:
        return services.estado_cambiar(
            services.caso_bloquear(caso, None), destino, autor, "Gestión"
        )
    if destino == Estado.EN_MEDIACION:
        return services.caso_iniciar_mediacion(caso=caso, autor=autor)
    if destino == Estado.REMITIDO:
        entidad = galapa.entidades.get(tipo=TipoEntidad.INSPECCION_URBANA)
        return servicios_remision.caso_remitir(
            caso=caso,
            autor=autor,
            entidad=entidad,
            motivo="Competencia",
            medio="oficio",
            fecha_envio=HOY(),
        )
    if destino == Estado.ACUERDO:
        return services.acuerdo_registrar(
            caso=caso,
            autor=autor,
            fecha=HOY(),
            descripcion="Acuerdo",
            fecha_verificacion=HOY() + datetime.timedelta(days=15),
            compromisos=[services.DatosCompromiso(caso.partes.first(), "Bajar el volumen", HOY())],
        )
    if destino == Estado.CERRADO:
        resultado = sorted(RESULTADOS_DESDE.get(caso.estado, {Resultado.DESISTIMIENTO}))[0]
        if tipos := services.documentos_para_cerrar(caso, resultado):
            # Desde la mediación se cierra con su documento (tests/mediacion/test_servicios.py).
            AcuerdoFactory(caso=caso)
            documento_emitir(caso=caso, autor=autor, tipo=sorted(tipos)[0])
        return services.caso_cerrar(caso=caso, autor=autor, resultado=resultado)
    if destino == Estado.ARCHIVADO:
        return services.caso_archivar(caso=caso, autor=autor, motivo="Duplicado")
    raise AssertionError(destino)


PERMITIDAS = [(de, a) for de, destinos in TRANSICIONES.items() for a in sorted(destinos)]
# REGISTRADO o REMITIDO → EN_MEDIACION pasan por EN_GESTION dentro del servicio: no se prohíben.
PROHIBIDAS = [
    (de, a)
    for de, a in itertools.product(Estado.values, Estado.values)
    if a != Estado.REGISTRADO
    and a not in TRANSICIONES[de]
    and not (de == a == Estado.REMITIDO)
    and not (de in (Estado.REGISTRADO, Estado.REMITIDO) and a == Estado.EN_MEDIACION)
]


@pytest.mark.parametrize(("de", "a"), PERMITIDAS)
def test_transicion_permitida_deja_una_actuacion_con_su_autor(de, a, galapa):
    caso = _caso_en(de, galapa)

    _pasar(caso, a, galapa)

    caso.refresh_from_db()
    assert caso.estado == a
    cambio = Actuacion.objects.filter(caso=caso, tipo=TipoActuacion.CAMBIO_ESTADO).first()
    assert (cambio.estado_anterior, cambio.estado_nuevo) == (de, a)
    assert cambio.autor == caso.gestor
    assert caso.version == 2


@pytest.mark.parametrize(("de", "a"), PROHIBIDAS)
def test_transicion_prohibida_no_cambia_nada(de, a, galapa):
    caso = _caso_en(de, galapa)

    with pytest.raises(ValidationError):
        _pasar(caso, a, galapa)

    caso.refresh_from_db()
    assert caso.estado == de
    assert not Actuacion.objects.filter(caso=caso).exists()


@pytest.mark.parametrize("de", [Estado.REGISTRADO, Estado.REMITIDO])
def test_a_mediacion_pasando_por_gestion(de, galapa):
    caso = _caso_en(de, galapa)

    services.caso_iniciar_mediacion(caso=caso, autor=caso.gestor)

    cambios = Actuacion.objects.filter(caso=caso, tipo=TipoActuacion.CAMBIO_ESTADO).order_by("pk")
    assert [(a.estado_anterior, a.estado_nuevo) for a in cambios] == [
        (de, Estado.EN_GESTION),
        (Estado.EN_GESTION, Estado.EN_MEDIACION),
    ]


def test_un_tipo_no_mediable_no_entra_a_mediacion(galapa, vif):
    caso = _caso_en(Estado.EN_GESTION, galapa, tipo=vif)

    with pytest.raises(ValidationError, match="no es mediable"):
        services.caso_iniciar_mediacion(caso=caso, autor=caso.gestor)

    comisaria = galapa.entidades.get(tipo=TipoEntidad.COMISARIA_FAMILIA)
    servicios_remision.caso_remitir(
        caso=caso,
        autor=caso.gestor,
        entidad=comisaria,
        motivo="VIF",
        medio="oficio",
        fecha_envio=HOY(),
    )
    caso.refresh_from_db()
    assert caso.estado == Estado.REMITIDO


@pytest.mark.parametrize(
    ("estado", "resultado"),
    [
        (Estado.EN_GESTION, Resultado.ACUERDO_TOTAL),
        (Estado.REGISTRADO, Resultado.REMITIDO_RESUELTO),
        (Estado.REMITIDO, Resultado.ACUERDO_PARCIAL),
    ],
)
def test_el_resultado_tiene_que_corresponder_al_estado(estado, resultado, galapa):
    caso = _caso_en(estado, galapa)

    with pytest.raises(ValidationError, match="no se cierra con"):
        services.caso_cerrar(caso=caso, autor=caso.gestor, resultado=resultado)


def test_riesgo_alto_remite_de_inmediato_a_la_estacion_mebar(registrar, galapa):
    caso = registrar(nivel_riesgo="alto", remitir_a_mebar=True)

    assert caso.estado == Estado.REMITIDO
    remision = caso.remisiones.get()
    assert remision.entidad.tipo == TipoEntidad.ESTACION_MEBAR
    assert remision.estado == EstadoRemision.ENVIADA


def test_la_remision_inmediata_es_solo_para_riesgo_alto(registrar):
    with pytest.raises(ValidationError, match="riesgo alto"):
        registrar(nivel_riesgo="medio", remitir_a_mebar=True)
    assert not Caso.objects.exists()


def test_la_remision_vence_a_los_diez_dias_habiles_con_festivos(galapa):
    caso = _caso_en(Estado.EN_GESTION, galapa)
    caso.fecha_hechos = caso.fecha_recepcion = datetime.date(2026, 1, 2)
    caso.save()
    # Lunes 5 de enero de 2026; el 12 de enero es festivo (Reyes, trasladado).
    remision = servicios_remision.caso_remitir(
        caso=caso,
        autor=caso.gestor,
        entidad=galapa.entidades.first(),
        motivo="m",
        medio="oficio",
        fecha_envio=datetime.date(2026, 1, 5),
    )

    assert remision.fecha_limite == datetime.date(2026, 1, 20)
    assert remision.vencida


def test_recibido_y_respuesta_de_una_remision(galapa):
    caso = _caso_en(Estado.EN_GESTION, galapa)
    remision = servicios_remision.caso_remitir(
        caso=caso,
        autor=caso.gestor,
        entidad=galapa.entidades.first(),
        motivo="m",
        medio="oficio",
        fecha_envio=HOY(),
    )

    servicios_remision.remision_registrar_recepcion(
        remision=remision, autor=caso.gestor, fecha=HOY()
    )
    servicios_remision.remision_registrar_respuesta(
        remision=remision, autor=caso.gestor, fecha=HOY(), respuesta="Se citó a las partes."
    )

    remision.refresh_from_db()
    assert remision.estado == EstadoRemision.RESPONDIDA
    assert not remision.vencida
    with pytest.raises(ValidationError, match="ya fue respondida o devuelta"):
        servicios_remision.remision_registrar_respuesta(
            remision=remision, autor=caso.gestor, fecha=HOY(), respuesta="Otra"
        )


def test_no_se_remite_a_una_entidad_de_otro_municipio(galapa, malambo):
    caso = _caso_en(Estado.EN_GESTION, galapa)

    with pytest.raises(ValidationError, match="municipio del caso"):
        servicios_remision.caso_remitir(
            caso=caso,
            autor=caso.gestor,
            entidad=malambo.entidades.first(),
            motivo="m",
            medio="oficio",
            fecha_envio=HOY(),
        )


def test_verificar_un_acuerdo(galapa):
    caso = _caso_en(Estado.EN_MEDIACION, galapa)
    acuerdo = _pasar(caso, Estado.ACUERDO, galapa)

    services.acuerdo_verificar(
        acuerdo=acuerdo, autor=caso.gestor, fecha=HOY(), resultado="cumplido"
    )

    acuerdo.refresh_from_db()
    assert acuerdo.resultado_verificacion == "cumplido"
    assert Actuacion.objects.filter(caso=caso, tipo=TipoActuacion.VERIFICACION).exists()


def test_la_primera_actuacion_pone_el_caso_en_gestion(registrar):
    caso = registrar()

    services.actuacion_registrar(caso=caso, autor=caso.gestor, tipo="llamada", descripcion="Llamé")

    caso.refresh_from_db()
    assert caso.estado == Estado.EN_GESTION


def test_editar_con_una_version_vieja_es_un_conflicto(registrar):
    caso = registrar()
    services.caso_editar(caso=caso, autor=caso.gestor, version=1, relato="Primera corrección")

    with pytest.raises(ConflictoDeVersion) as conflicto:
        services.caso_editar(caso=caso, autor=caso.gestor, version=1, relato="Pisaría la primera")

    assert conflicto.value.caso.relato == "Primera corrección"
    caso.refresh_from_db()
    assert caso.relato == "Primera corrección"
    assert caso.version == 2


def test_cada_cambio_queda_auditado_con_su_autor(registrar, coordinador_malambo):
    caso = registrar()
    services.caso_editar(caso=caso, autor=caso.gestor, version=1, nivel_riesgo="medio")

    historia = list(caso.history.order_by("history_date"))

    assert [h.history_type for h in historia] == ["+", "~"]
    assert historia[-1].history_user == caso.gestor
    cambios = historia[-1].diff_against(historia[0]).changes
    assert {(c.field, c.old, c.new) for c in cambios if c.field == "nivel_riesgo"} == {
        ("nivel_riesgo", "bajo", "medio")
    }
    assert caso.partes.first().history.count() == 1


def test_sin_autorizacion_no_se_guarda_el_contacto(registrar):
    caso = registrar(partes=[datos_parte(autoriza_datos=False)])

    persona = caso.partes.get().persona
    assert persona.telefono == ""
    assert persona.direccion == ""
    assert persona.autorizacion is None


def test_el_servicio_guarda_el_correo_solo_con_autorizacion(registrar):
    caso = registrar(
        partes=[
            datos_parte(correo="luz@correo.invalid"),
            datos_parte(
                rol="convocado",
                numero_documento="72111222",
                nombres="Jorge",
                autoriza_datos=False,
                correo="jorge@correo.invalid",
            ),
        ]
    )

    correos = dict(caso.partes.values_list("persona__nombres", "persona__correo"))
    assert correos == {"Luz Marina": "luz@correo.invalid", "Jorge": ""}


def test_una_persona_se_reconoce_por_su_documento_en_otro_caso(registrar):
    primero = registrar()
    segundo = registrar()

    assert primero.partes.first().persona == segundo.partes.first().persona


def test_un_gestor_sin_certificar_no_puede_responder_por_casos(registrar, galapa):
    from gestores.models import Rol
    from tests.factories import usuario_con_rol

    nuevo = usuario_con_rol(Rol.GESTOR, galapa, certificado_en=None)

    with pytest.raises(ValidationError, match="aún no está certificado"):
        registrar(gestor=nuevo)
    caso = registrar()
    with pytest.raises(ValidationError, match="aún no está certificado"):
        services.caso_reasignar(caso=caso, autor=caso.gestor, gestor=nuevo)
    assert not Caso.objects.filter(gestor=nuevo).exists()


def test_actuacion_acuerdo_y_verificacion_no_van_antes_de_lo_que_los_origina(galapa):
    caso = _caso_en(Estado.EN_MEDIACION, galapa)
    antes = caso.fecha_recepcion - datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as actuacion:
        services.actuacion_registrar(
            caso=caso,
            autor=caso.gestor,
            tipo="visita",
            descripcion="Visita",
            fecha=timezone.make_aware(datetime.datetime.combine(antes, datetime.time(10))),
        )
    assert "anterior a la recepción del caso" in str(actuacion.value)

    compromiso = services.DatosCompromiso(caso.partes.first(), "Bajar el volumen", HOY())
    datos = {
        "caso": caso,
        "autor": caso.gestor,
        "descripcion": "Acuerdo",
        "compromisos": [compromiso],
    }
    with pytest.raises(ValidationError) as acuerdo:
        services.acuerdo_registrar(**datos, fecha=antes, fecha_verificacion=HOY())
    assert "anterior a la recepción del caso" in str(acuerdo.value)

    hecho = services.acuerdo_registrar(**datos, fecha=HOY(), fecha_verificacion=HOY())
    with pytest.raises(ValidationError) as verificacion:
        services.acuerdo_verificar(
            acuerdo=hecho, autor=caso.gestor, fecha=antes, resultado="cumplido"
        )
    assert "antes de la fecha del acuerdo" in str(verificacion.value)
