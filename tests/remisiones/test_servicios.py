"""El flujo de una remisión: enviada → recibida → respondida | devuelta (issue 5)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casos.models import Actuacion, Estado, TipoActuacion
from gestores.models import Rol
from municipios.models import TipoEntidad
from remisiones import services
from remisiones.models import EstadoRemision, PlazoRemision, Remision
from tests.factories import CasoFactory, ParteFactory, usuario_con_rol

pytestmark = pytest.mark.django_db
HOY = timezone.localdate


@pytest.fixture
def remision(galapa):
    caso = CasoFactory(municipio=galapa, estado=Estado.EN_GESTION)
    ParteFactory(caso=caso)
    mebar = galapa.entidades.get(tipo=TipoEntidad.ESTACION_MEBAR)
    return services.caso_remitir(
        caso=caso,
        autor=caso.gestor,
        entidad=mebar,
        motivo="Riñas",
        medio="oficio",
        fecha_envio=HOY(),
    )


def _recibir(r, autor):
    return services.remision_registrar_recepcion(
        remision=r, autor=autor, fecha=HOY(), medio="telefono"
    )


def _responder(r, autor):
    return services.remision_registrar_respuesta(
        remision=r,
        autor=autor,
        fecha=HOY(),
        respuesta="Se citó a las partes",
        accion_tomada="Citación",
    )


def _devolver(r, autor):
    return services.remision_devolver(
        remision=r, autor=autor, fecha=HOY(), motivo="No es de policía"
    )


ACCIONES = {"recibir": _recibir, "responder": _responder, "devolver": _devolver}
RESULTADO = {"recibir": "recibida", "responder": "respondida", "devolver": "devuelta"}
PERMITIDAS = {
    "enviada": {"recibir", "responder", "devolver"},
    "recibida": {"responder", "devolver"},
    "respondida": set(),
    "devuelta": set(),
}
PREVIAS = {
    "enviada": [],
    "recibida": ["recibir"],
    "respondida": ["responder"],
    "devuelta": ["devolver"],
}


@pytest.mark.parametrize(("estado", "accion"), [(e, a) for e in PERMITIDAS for a in ACCIONES])
def test_cada_paso_de_la_remision_permitido_o_prohibido(remision, estado, accion):
    autor = remision.caso.gestor
    for previa in PREVIAS[estado]:
        ACCIONES[previa](remision, autor)
    actuaciones = Actuacion.objects.filter(caso=remision.caso).count()

    if accion in PERMITIDAS[estado]:
        ACCIONES[accion](remision, autor)
        remision.refresh_from_db()
        assert remision.estado == RESULTADO[accion]
        assert Actuacion.objects.filter(caso=remision.caso).count() > actuaciones
        assert remision.history.first().history_user == autor
    else:
        with pytest.raises(ValidationError):
            ACCIONES[accion](remision, autor)
        remision.refresh_from_db()
        assert remision.estado == estado


def test_devolver_deja_el_caso_en_gestion_para_remitir_a_otra_entidad(remision, galapa):
    _devolver(remision, remision.caso.gestor)

    caso = remision.caso
    caso.refresh_from_db()
    assert caso.estado == Estado.EN_GESTION
    inspeccion = galapa.entidades.get(tipo=TipoEntidad.INSPECCION_URBANA)
    otra = services.caso_remitir(
        caso=caso,
        autor=caso.gestor,
        entidad=inspeccion,
        motivo="Re-remisión",
        medio="oficio",
        fecha_envio=HOY(),
    )
    assert otra.estado == EstadoRemision.ENVIADA


def test_devolver_sin_motivo_no_se_puede(remision):
    with pytest.raises(ValidationError, match="no es competente"):
        services.remision_devolver(
            remision=remision, autor=remision.caso.gestor, fecha=HOY(), motivo=" "
        )


def test_el_plazo_depende_del_tipo_de_entidad_y_salta_festivos(galapa):
    PlazoRemision.objects.create(tipo_entidad=TipoEntidad.COMISARIA_FAMILIA, dias_habiles=3)
    caso = CasoFactory(
        municipio=galapa,
        estado=Estado.EN_GESTION,
        fecha_hechos=datetime.date(2026, 1, 2),
        fecha_recepcion=datetime.date(2026, 1, 2),
    )
    comisaria = galapa.entidades.get(tipo=TipoEntidad.COMISARIA_FAMILIA)
    inspeccion = galapa.entidades.get(tipo=TipoEntidad.INSPECCION_URBANA)
    # Viernes 9 de enero de 2026; el lunes 12 es festivo (Reyes, trasladado).
    viernes = datetime.date(2026, 1, 9)

    a_comisaria = services.caso_remitir(
        caso=caso,
        autor=caso.gestor,
        entidad=comisaria,
        motivo="m",
        medio="oficio",
        fecha_envio=viernes,
    )
    a_inspeccion = services.caso_remitir(
        caso=caso,
        autor=caso.gestor,
        entidad=inspeccion,
        motivo="m",
        medio="oficio",
        fecha_envio=viernes,
    )

    assert a_comisaria.fecha_limite == datetime.date(2026, 1, 15)  # 13, 14, 15
    assert a_inspeccion.fecha_limite == datetime.date(2026, 1, 26)  # 10 hábiles sin el 12


def test_un_enlace_solo_ve_las_remisiones_a_su_entidad(remision, galapa):
    mebar = usuario_con_rol(Rol.ENLACE, galapa, entidad=remision.entidad)
    comisaria = usuario_con_rol(
        Rol.ENLACE, galapa, entidad=galapa.entidades.get(tipo=TipoEntidad.COMISARIA_FAMILIA)
    )

    assert list(Remision.objects.visible_para(mebar)) == [remision]
    assert not Remision.objects.visible_para(comisaria).exists()


def test_la_entidad_del_enlace_es_de_su_municipio(galapa, malambo):
    from gestores.services import usuario_crear

    with pytest.raises(ValidationError, match="debe ser de su municipio"):
        usuario_crear(
            username="enlace.x",
            password=None,
            rol=Rol.ENLACE,
            municipio=galapa,
            entidad=malambo.entidades.first(),
        )


def test_el_recibido_registra_quien_y_como(remision):
    enlace = usuario_con_rol(Rol.ENLACE, remision.caso.municipio, entidad=remision.entidad)

    services.remision_registrar_recepcion(
        remision=remision, autor=enlace, fecha=HOY(), medio="sistema"
    )

    remision.refresh_from_db()
    assert (remision.recibida_por, remision.medio_recepcion) == (enlace, "sistema")
    ultima = Actuacion.objects.filter(caso=remision.caso, tipo=TipoActuacion.REMISION).first()
    assert "recibió la remisión" in ultima.descripcion
    assert ultima.autor == enlace


@pytest.mark.parametrize("fecha", [datetime.date(1899, 12, 31), datetime.date(1, 1, 1)])
def test_el_servicio_no_acepta_un_recibido_de_antes_de_1900(remision, fecha):
    """La regla de los formularios (`no_futura`) también en el servicio: nada a medias."""
    with pytest.raises(ValidationError) as error:
        services.remision_registrar_recepcion(
            remision=remision, autor=remision.caso.gestor, fecha=fecha, medio="telefono"
        )
    assert "anterior a 1900" in str(error.value)
    remision.refresh_from_db()
    assert remision.estado == EstadoRemision.ENVIADA
    assert remision.fecha_recepcion is None


def test_no_se_remite_antes_de_recibir_el_caso_ni_dos_veces_a_la_misma_entidad(galapa):
    caso = CasoFactory(municipio=galapa, estado=Estado.EN_GESTION)
    mebar = galapa.entidades.get(tipo=TipoEntidad.ESTACION_MEBAR)
    datos = {"caso": caso, "autor": caso.gestor, "entidad": mebar, "motivo": "m", "medio": "oficio"}

    with pytest.raises(ValidationError) as antes:
        services.caso_remitir(**datos, fecha_envio=caso.fecha_recepcion - datetime.timedelta(1))
    assert "anterior a la recepción del caso" in str(antes.value)

    services.caso_remitir(**datos, fecha_envio=caso.fecha_recepcion)
    with pytest.raises(ValidationError) as otra_vez:
        services.caso_remitir(**datos, fecha_envio=HOY())
    assert "sin responder" in str(otra_vez.value)
    assert Remision.objects.filter(caso=caso).count() == 1


def test_la_respuesta_sin_recibido_no_es_de_antes_del_envio_y_lo_dice_en_la_fecha(remision):
    """Respondida sin acuse, el recibido sería el mismo día: antes del envío, el error va en la
    fecha y habla de responder (no el de la base, que habla de recibir)."""
    with pytest.raises(ValidationError) as error:
        services.remision_registrar_respuesta(
            remision=remision,
            autor=remision.caso.gestor,
            fecha=remision.fecha_envio - datetime.timedelta(days=1),
            respuesta="Se citó a las partes",
        )

    assert error.value.message_dict == {"fecha": ["No puede responderse antes de enviarse."]}
    remision.refresh_from_db()
    assert remision.estado == EstadoRemision.ENVIADA
