"""Sesiones, documentos y la regla de cierre: lo que hacen los servicios de la mediación."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from casos import services as casos_services
from casos.models import Actuacion, DocumentoMediacionTipo, Estado, Resultado, TipoActuacion
from mediacion import services
from mediacion.models import (
    ConsecutivoDocumento,
    DocumentoCongelado,
    DocumentoMediacion,
    EstadoSesion,
)
from tests.factories import (
    AcuerdoFactory,
    CasoFactory,
    CompromisoFactory,
    ParteFactory,
    TipoConflictoFactory,
)
from tests.mediacion.conftest import datos_sesion, hacer_pasada

pytestmark = pytest.mark.django_db


def programar(caso, **cambios):
    return services.sesion_programar(
        caso=caso, autor=caso.gestor, datos=datos_sesion(**cambios), partes=list(caso.partes.all())
    )


def registrar(sesion, *, vinieron, realizada, resumen="Se habló del ruido."):
    hacer_pasada(sesion)
    asistencia = {c.pk: c.parte_id in vinieron for c in sesion.citaciones.all()}
    return services.sesion_registrar(
        sesion=sesion,
        autor=sesion.caso.gestor,
        asistencia=asistencia,
        realizada=realizada,
        resumen=resumen,
    )


def test_programar_inicia_la_mediacion_cita_a_las_partes_y_lo_anota(caso_mediable):
    sesion = programar(caso_mediable)

    caso_mediable.refresh_from_db()
    assert caso_mediable.estado == Estado.EN_MEDIACION
    assert sesion.numero == 1
    assert sesion.estado == EstadoSesion.PROGRAMADA
    assert sesion.citaciones.count() == 2
    anotada = Actuacion.objects.filter(caso=caso_mediable, tipo=TipoActuacion.CITACION).get()
    assert "Sesión 1 programada" in anotada.descripcion
    assert anotada.autor == caso_mediable.gestor


def test_un_tipo_no_mediable_no_programa_sesiones(galapa, gestor_galapa):
    vif = TipoConflictoFactory(
        nombre="VIF prueba", mediable=False, entidad_sugerida="comisaria_familia"
    )
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa, tipo=vif)
    ParteFactory(caso=caso)

    with pytest.raises(ValidationError, match="en mediación"):
        programar(caso)
    assert not caso.sesiones.exists()


@pytest.mark.parametrize(("dias", "mensaje"), [(-1, "desde hoy"), (400, "un año de antelación")])
def test_la_fecha_de_la_sesion_va_de_hoy_a_un_anio(caso_mediable, dias, mensaje):
    with pytest.raises(ValidationError, match=mensaje):
        programar(caso_mediable, inicio=timezone.now() + datetime.timedelta(days=dias))
    assert not caso_mediable.sesiones.exists()


def test_una_sola_sesion_programada_a_la_vez(caso_mediable):
    programar(caso_mediable)
    with pytest.raises(ValidationError, match="ya tiene una sesión programada"):
        programar(caso_mediable)


def test_no_se_cita_a_la_parte_de_otro_caso(caso_mediable):
    ajena = ParteFactory(caso=CasoFactory(municipio=caso_mediable.municipio))
    with pytest.raises(ValidationError, match="parte de este caso"):
        services.sesion_programar(
            caso=caso_mediable, autor=caso_mediable.gestor, datos=datos_sesion(), partes=[ajena]
        )


def test_reprogramar_conserva_la_fecha_anterior_y_cita_a_las_mismas(caso_mediable):
    sesion = programar(caso_mediable)
    antes = sesion.inicio
    nueva = services.sesion_reprogramar(
        sesion=sesion,
        autor=caso_mediable.gestor,
        datos=datos_sesion(inicio=antes + datetime.timedelta(days=5), tipo_lugar="virtual"),
        motivo="La convocada está de viaje",
    )

    sesion.refresh_from_db()
    assert sesion.estado == EstadoSesion.REPROGRAMADA
    assert sesion.inicio == antes
    assert sesion.nueva == nueva
    assert nueva.numero == 2
    assert set(nueva.citaciones.values_list("parte", flat=True)) == set(
        sesion.citaciones.values_list("parte", flat=True)
    )
    assert sesion.history.filter(estado=EstadoSesion.PROGRAMADA, inicio=antes).exists()
    assert "reprogramada" in caso_mediable.actuaciones.first().descripcion


def test_no_se_registra_una_sesion_que_no_ha_empezado(caso_mediable):
    sesion = programar(caso_mediable)
    asistencia = {c.pk: True for c in sesion.citaciones.all()}
    with pytest.raises(ValidationError, match="todavía no ha empezado"):
        services.sesion_registrar(
            sesion=sesion,
            autor=caso_mediable.gestor,
            asistencia=asistencia,
            realizada=True,
            resumen="x",
        )


def test_registrar_con_una_ausencia_y_sin_realizarse(caso_mediable):
    solicitante, convocado = caso_mediable.partes.order_by("pk")
    sesion = registrar(programar(caso_mediable), vinieron={solicitante.pk}, realizada=False)

    assert sesion.estado == EstadoSesion.NO_REALIZADA
    assert sesion.registrada_en
    assert dict(sesion.citaciones.values_list("parte", "asistio")) == {
        solicitante.pk: True,
        convocado.pk: False,
    }
    texto = caso_mediable.actuaciones.filter(tipo=TipoActuacion.SESION_MEDIACION).get().descripcion
    assert "no realizada" in texto
    assert "No asistió: convocado" in texto
    # La actuación no lleva nombres: la ve quien ve el caso, también enmascarado.
    assert convocado.persona.nombres not in texto


@pytest.mark.parametrize(
    ("vinieron", "realizada", "mensaje"),
    [
        ("nadie", True, "nadie vino"),
        ("todas", False, "Vinieron todas"),
    ],
)
def test_registrar_algo_incoherente_no_guarda_nada(caso_mediable, vinieron, realizada, mensaje):
    sesion = programar(caso_mediable)
    ids = set() if vinieron == "nadie" else set(caso_mediable.partes.values_list("pk", flat=True))
    with pytest.raises(ValidationError, match=mensaje):
        registrar(sesion, vinieron=ids, realizada=realizada)
    sesion.refresh_from_db()
    assert sesion.estado == EstadoSesion.PROGRAMADA
    assert not sesion.citaciones.filter(asistio__isnull=False).exists()


def test_la_constancia_de_inasistencia_sale_de_una_sesion_no_realizada(caso_mediable):
    solicitante, convocado = caso_mediable.partes.order_by("pk")
    sesion = registrar(programar(caso_mediable), vinieron={solicitante.pk}, realizada=False)

    documento = services.documento_emitir(
        caso=caso_mediable,
        autor=caso_mediable.gestor,
        tipo=DocumentoMediacionTipo.INASISTENCIA,
        sesion=sesion,
    )

    anio = timezone.localdate().year
    assert documento.numero == f"GAL-DM-{anio}-00001"
    assert documento.version == 1
    assert len(documento.codigo) >= 16
    partes = {p["nombre"]: p["asistio"] for p in documento.contenido["partes"]}
    assert partes == {
        solicitante.persona.nombre_completo: True,
        convocado.persona.nombre_completo: False,
    }
    assert documento.contenido["radicado"] == caso_mediable.radicado
    assert "Se emitió Constancia de inasistencia" in caso_mediable.actuaciones.first().descripcion
    with pytest.raises(ValidationError, match="no acuerdo es de una sesión realizada"):
        services.documento_emitir(
            caso=caso_mediable,
            autor=caso_mediable.gestor,
            tipo=DocumentoMediacionTipo.NO_ACUERDO,
            sesion=sesion,
        )
    with pytest.raises(ValidationError, match="Ya se emitió"):
        services.documento_emitir(
            caso=caso_mediable,
            autor=caso_mediable.gestor,
            tipo=DocumentoMediacionTipo.INASISTENCIA,
            sesion=sesion,
        )


def _realizada(caso):
    """Una sesión programada y registrada como realizada con todas las partes."""
    return registrar(
        programar(caso), vinieron=set(caso.partes.values_list("pk", flat=True)), realizada=True
    )


def test_el_acta_congela_el_acuerdo_y_sus_compromisos(caso_mediable):
    _realizada(caso_mediable)
    caso_mediable.refresh_from_db()
    solicitante = caso_mediable.partes.order_by("pk").first()
    acuerdo = casos_services.acuerdo_registrar(
        caso=caso_mediable,
        autor=caso_mediable.gestor,
        fecha=timezone.localdate(),
        descripcion="Horario de música",
        fecha_verificacion=timezone.localdate() + datetime.timedelta(days=30),
        compromisos=[
            casos_services.DatosCompromiso(
                parte=solicitante,
                descripcion="Bajar el volumen después de las 10 p. m.",
                fecha_limite=timezone.localdate() + datetime.timedelta(days=7),
            )
        ],
    )
    acta = services.documento_emitir(
        caso=caso_mediable, autor=caso_mediable.gestor, tipo=DocumentoMediacionTipo.ACTA_TOTAL
    )

    assert acta.acuerdo == acuerdo
    compromiso = acta.contenido["acuerdo"]["compromisos"][0]
    assert compromiso["parte"] == solicitante.persona.nombre_completo
    assert compromiso["descripcion"] == "Bajar el volumen después de las 10 p. m."
    # Congelado: cambiar el nombre después no cambia el acta ni se puede reescribir la fila.
    persona = solicitante.persona
    persona.nombres = "Otro Nombre"
    persona.save()
    acta.refresh_from_db()
    assert acta.contenido["acuerdo"]["compromisos"][0]["parte"] != "Otro Nombre"
    acta.contenido = {}
    with pytest.raises(DocumentoCongelado):
        acta.save()
    with pytest.raises(ValidationError, match="Ya se emitió"):
        services.documento_emitir(
            caso=caso_mediable, autor=caso_mediable.gestor, tipo=DocumentoMediacionTipo.ACTA_PARCIAL
        )


def test_el_acta_pide_un_acuerdo_registrado(caso_mediable):
    programar(caso_mediable)
    with pytest.raises(ValidationError, match="acuerdo registrado"):
        services.documento_emitir(
            caso=caso_mediable, autor=caso_mediable.gestor, tipo=DocumentoMediacionTipo.ACTA_TOTAL
        )
    assert not DocumentoMediacion.objects.exists()
    assert not ConsecutivoDocumento.objects.filter(ultimo__gt=0).exists()


def test_la_correccion_es_una_version_nueva_con_el_mismo_numero(caso_mediable):
    solicitante, convocado = caso_mediable.partes.order_by("pk")
    sesion = registrar(programar(caso_mediable), vinieron={solicitante.pk}, realizada=False)
    original = services.documento_emitir(
        caso=caso_mediable,
        autor=caso_mediable.gestor,
        tipo=DocumentoMediacionTipo.INASISTENCIA,
        sesion=sesion,
    )
    persona = convocado.persona
    persona.apellidos = "Corregido"
    persona.save()

    with pytest.raises(ValidationError, match="qué se corrige"):
        services.documento_corregir(documento=original, autor=caso_mediable.gestor, motivo=" ")
    corregido = services.documento_corregir(
        documento=original, autor=caso_mediable.gestor, motivo="Apellido mal escrito"
    )

    assert (corregido.numero, corregido.version) == (original.numero, 2)
    assert corregido.reemplaza == original
    assert corregido.codigo != original.codigo
    assert any("Corregido" in p["nombre"] for p in corregido.contenido["partes"])
    assert not any("Corregido" in p["nombre"] for p in original.contenido["partes"])
    assert ConsecutivoDocumento.objects.get(municipio=caso_mediable.municipio).ultimo == 1
    with pytest.raises(ValidationError, match="ya fue corregida"):
        services.documento_corregir(documento=original, autor=caso_mediable.gestor, motivo="otra")


def test_la_base_no_acepta_una_version_sin_motivo(caso_mediable):
    solicitante, _ = caso_mediable.partes.order_by("pk")
    sesion = registrar(programar(caso_mediable), vinieron={solicitante.pk}, realizada=False)
    original = services.documento_emitir(
        caso=caso_mediable,
        autor=caso_mediable.gestor,
        tipo=DocumentoMediacionTipo.INASISTENCIA,
        sesion=sesion,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentoMediacion.objects.create(
            caso=caso_mediable,
            tipo=original.tipo,
            municipio=original.municipio,
            anio=original.anio,
            consecutivo=original.consecutivo,
            numero=original.numero,
            version=2,
            reemplaza=original,
            sesion=sesion,
            contenido={},
            emitido_por=caso_mediable.gestor,
        )


# --- la regla de cierre -------------------------------------------------------------------


def _en_acuerdo(caso):
    _realizada(caso)
    caso.refresh_from_db()
    acuerdo = AcuerdoFactory(caso=caso)
    CompromisoFactory(acuerdo=acuerdo, parte=caso.partes.first())
    casos_services.estado_cambiar(caso, Estado.ACUERDO, caso.gestor, "Acuerdo")
    return caso


def test_con_acuerdo_no_se_cierra_sin_el_acta_del_resultado(caso_mediable):
    caso = _en_acuerdo(caso_mediable)
    with pytest.raises(ValidationError, match="acta de acuerdo total"):
        casos_services.caso_cerrar(caso=caso, autor=caso.gestor, resultado=Resultado.ACUERDO_TOTAL)

    services.documento_emitir(
        caso=caso, autor=caso.gestor, tipo=DocumentoMediacionTipo.ACTA_PARCIAL
    )
    with pytest.raises(ValidationError, match="acta de acuerdo total"):
        casos_services.caso_cerrar(caso=caso, autor=caso.gestor, resultado=Resultado.ACUERDO_TOTAL)
    cerrado = casos_services.caso_cerrar(
        caso=caso, autor=caso.gestor, resultado=Resultado.ACUERDO_PARCIAL
    )
    assert cerrado.estado == Estado.CERRADO


def test_sin_acuerdo_en_mediacion_pide_una_constancia(caso_mediable):
    solicitante, _ = caso_mediable.partes.order_by("pk")
    sesion = registrar(programar(caso_mediable), vinieron={solicitante.pk}, realizada=False)
    caso_mediable.refresh_from_db()
    with pytest.raises(ValidationError, match="constancia"):
        casos_services.caso_cerrar(
            caso=caso_mediable, autor=caso_mediable.gestor, resultado=Resultado.SIN_ACUERDO
        )
    # Desistir o no localizar no pide documento.
    services.documento_emitir(
        caso=caso_mediable,
        autor=caso_mediable.gestor,
        tipo=DocumentoMediacionTipo.INASISTENCIA,
        sesion=sesion,
    )
    cerrado = casos_services.caso_cerrar(
        caso=caso_mediable, autor=caso_mediable.gestor, resultado=Resultado.SIN_ACUERDO
    )
    assert cerrado.resultado == Resultado.SIN_ACUERDO


def test_desistimiento_y_casos_sin_mediacion_no_piden_documento(caso_mediable, galapa):
    _realizada(caso_mediable)
    caso_mediable.refresh_from_db()
    casos_services.caso_cerrar(
        caso=caso_mediable, autor=caso_mediable.gestor, resultado=Resultado.DESISTIMIENTO
    )
    en_gestion = CasoFactory(municipio=galapa, estado=Estado.EN_GESTION)
    casos_services.caso_cerrar(
        caso=en_gestion, autor=en_gestion.gestor, resultado=Resultado.SIN_ACUERDO
    )


def test_con_una_sesion_programada_el_caso_no_sale_de_la_mediacion(caso_mediable):
    sesion = programar(caso_mediable)
    caso_mediable.refresh_from_db()
    with pytest.raises(ValidationError, match="sigue programada"):
        casos_services.caso_cerrar(
            caso=caso_mediable, autor=caso_mediable.gestor, resultado=Resultado.DESISTIMIENTO
        )
    with pytest.raises(ValidationError, match="sigue programada"):
        casos_services.acuerdo_registrar(
            caso=caso_mediable,
            autor=caso_mediable.gestor,
            fecha=timezone.localdate(),
            descripcion="Acuerdo por teléfono",
            fecha_verificacion=timezone.localdate(),
            compromisos=[
                casos_services.DatosCompromiso(
                    caso_mediable.partes.first(), "Bajar el volumen", timezone.localdate()
                )
            ],
        )
    with pytest.raises(ValidationError, match="por qué se cancela"):
        services.sesion_cancelar(sesion=sesion, autor=caso_mediable.gestor, motivo="  ")

    services.sesion_cancelar(sesion=sesion, autor=caso_mediable.gestor, motivo="Desistieron")

    sesion.refresh_from_db()
    assert sesion.estado == EstadoSesion.CANCELADA
    assert "cancelada. Motivo: Desistieron" in caso_mediable.actuaciones.first().descripcion
    cerrado = casos_services.caso_cerrar(
        caso=caso_mediable, autor=caso_mediable.gestor, resultado=Resultado.DESISTIMIENTO
    )
    assert cerrado.estado == Estado.CERRADO
    with pytest.raises(ValidationError, match="Cancelada"):
        services.sesion_cancelar(sesion=sesion, autor=caso_mediable.gestor, motivo="otra vez")


def test_un_acta_se_corrige_de_parcial_a_total_y_una_constancia_no_cambia(caso_mediable):
    caso = _en_acuerdo(caso_mediable)
    parcial = services.documento_emitir(
        caso=caso, autor=caso.gestor, tipo=DocumentoMediacionTipo.ACTA_PARCIAL
    )
    total = services.documento_corregir(
        documento=parcial,
        autor=caso.gestor,
        motivo="El acuerdo fue total",
        tipo=DocumentoMediacionTipo.ACTA_TOTAL,
    )
    assert (total.tipo, total.numero, total.version) == ("acta_total", parcial.numero, 2)
    with pytest.raises(ValidationError, match="Solo un acta"):
        services.documento_corregir(
            documento=total,
            autor=caso.gestor,
            motivo="otro",
            tipo=DocumentoMediacionTipo.NO_ACUERDO,
        )
    casos_services.acuerdo_verificar(
        acuerdo=caso.acuerdos.get(),
        autor=caso.gestor,
        fecha=timezone.localdate(),
        resultado="cumplido",
    )
    cerrado = casos_services.caso_cerrar(
        caso=caso, autor=caso.gestor, resultado=Resultado.ACUERDO_TOTAL
    )
    assert cerrado.resultado == Resultado.ACUERDO_TOTAL


def test_con_acuerdo_sin_acuerdo_pide_la_verificacion_incumplida(caso_mediable):
    caso = _en_acuerdo(caso_mediable)
    services.documento_emitir(caso=caso, autor=caso.gestor, tipo=DocumentoMediacionTipo.ACTA_TOTAL)
    with pytest.raises(ValidationError, match="incumplido"):
        casos_services.caso_cerrar(caso=caso, autor=caso.gestor, resultado=Resultado.SIN_ACUERDO)
    casos_services.acuerdo_verificar(
        acuerdo=caso.acuerdos.get(),
        autor=caso.gestor,
        fecha=timezone.localdate(),
        resultado="incumplido",
    )
    cerrado = casos_services.caso_cerrar(
        caso=caso, autor=caso.gestor, resultado=Resultado.SIN_ACUERDO
    )
    assert cerrado.resultado == Resultado.SIN_ACUERDO
