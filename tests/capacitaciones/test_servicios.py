import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from capacitaciones import selectors, services
from capacitaciones.models import Asistencia, EstadoActividad, Modulo, TipoActividad
from capacitaciones.selectors import cifras_actividad
from casos.personas import DatosAutorizacion
from casos.services import DatosParte
from tests.factories import (
    ActividadFactory,
    GestorFactory,
    ModuloFactory,
    OrganizacionComunitariaFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sin_modulos_previos(db):
    Modulo.objects.all().delete()


def _sesion(municipio, modulo, horas, gestores, dias=10, realizada=True):
    inicio = timezone.now() - datetime.timedelta(days=dias)
    sesion = ActividadFactory(
        municipio=municipio,
        tipo=TipoActividad.CAPACITACION,
        modulo=modulo,
        inicio=inicio,
        fin=inicio + datetime.timedelta(hours=horas),
        publico_objetivo="gestores",
    )
    services.asistencia_gestores_registrar(
        actividad=sesion, autor=sesion.registrada_por, gestores=gestores
    )
    if realizada:
        services.actividad_marcar_realizada(actividad=sesion, autor=sesion.registrada_por)
    return sesion


def test_las_horas_se_suman_por_modulo_y_se_topan(galapa):
    gestor = GestorFactory(perfil__municipio=galapa, certificado_en=None)
    modulo = ModuloFactory(horas=Decimal("6"))
    _sesion(galapa, modulo, 4, [gestor])
    _sesion(galapa, modulo, 4, [gestor], dias=5)

    assert selectors.horas_por_modulo([gestor]) == {gestor.pk: {modulo.pk: Decimal("6")}}


def test_una_sesion_programada_no_suma_horas(galapa):
    gestor = GestorFactory(perfil__municipio=galapa, certificado_en=None)
    _sesion(galapa, ModuloFactory(), 4, [gestor], realizada=False)

    assert selectors.horas_por_modulo([gestor]) == {}


def test_se_certifica_al_completar_los_obligatorios_y_no_antes(galapa):
    gestor = GestorFactory(perfil__municipio=galapa, certificado_en=None)
    ley_1801, mediacion = ModuloFactory(horas=4), ModuloFactory(horas=8)
    ModuloFactory(horas=4, obligatorio=False)

    _sesion(galapa, ley_1801, 4, [gestor], dias=20)
    gestor.refresh_from_db()
    assert not gestor.certificado

    sesion = _sesion(galapa, mediacion, 8, [gestor], dias=2)
    gestor.refresh_from_db()
    assert gestor.certificado
    assert gestor.certificado_en == timezone.localdate(sesion.fin)


def test_un_modulo_que_pasa_a_ser_obligatorio_descertifica_hasta_cursarlo(galapa):
    gestor = GestorFactory(perfil__municipio=galapa, certificado_en=None)
    _sesion(galapa, ModuloFactory(horas=4), 4, [gestor])
    gestor.refresh_from_db()
    assert gestor.certificado

    nuevo = ModuloFactory(horas=2, obligatorio=False)
    services.certificacion_recalcular()
    gestor.refresh_from_db()
    assert gestor.certificado  # optativo: no cambia nada

    Modulo.objects.filter(pk=nuevo.pk).update(obligatorio=True)
    services.certificacion_recalcular()
    gestor.refresh_from_db()
    assert not gestor.certificado

    _sesion(galapa, nuevo, 2, [gestor], dias=1)
    gestor.refresh_from_db()
    assert gestor.certificado


def test_sin_modulos_obligatorios_nadie_se_certifica(galapa):
    gestor = GestorFactory(perfil__municipio=galapa, certificado_en=None)

    services.certificacion_recalcular()

    gestor.refresh_from_db()
    assert not gestor.certificado


def test_solo_gestores_del_municipio_asisten_a_su_capacitacion(galapa, malambo):
    ajeno = GestorFactory(perfil__municipio=malambo)
    sesion = ActividadFactory(
        municipio=galapa, tipo=TipoActividad.CAPACITACION, modulo=ModuloFactory()
    )

    with pytest.raises(ValidationError, match="Solo gestores del municipio"):
        services.asistencia_gestores_registrar(
            actividad=sesion, autor=sesion.registrada_por, gestores=[ajeno]
        )


def _persona(numero, **cambios):
    datos = {
        "rol": "",
        "tipo_documento": "CC",
        "numero_documento": numero,
        "nombres": "Ana",
        "apellidos": "Pérez",
        "sexo": "mujer",
        "edad": 34,
    }
    datos = datos | cambios
    medio = "verbal" if datos.pop("autoriza_datos", True) else ""
    return DatosParte(**datos, autorizacion=DatosAutorizacion(medio=medio))


def test_la_asistencia_individual_toma_grupo_de_edad_y_enfoques_de_la_persona(galapa):
    actividad = ActividadFactory(municipio=galapa)

    asistencia, creada = services.asistencia_registrar(
        actividad=actividad,
        autor=actividad.registrada_por,
        datos=_persona("1001", edad=67, enfoque_migrante=True, sexo="hombre"),
        comparendo=" 08-001-123456 ",
    )

    assert creada
    assert (asistencia.grupo_edad, asistencia.sexo) == ("60_mas", "hombre")
    assert asistencia.enfoque_migrante
    assert asistencia.comparendo == "08-001-123456"
    assert len(asistencia.codigo) == 16


def test_la_misma_persona_no_se_registra_dos_veces(galapa):
    actividad = ActividadFactory(municipio=galapa)
    services.asistencia_registrar(
        actividad=actividad, autor=actividad.registrada_por, datos=_persona("1001")
    )

    with pytest.raises(ValidationError, match="ya está registrada"):
        services.asistencia_registrar(
            actividad=actividad,
            autor=actividad.registrada_por,
            datos=_persona("1001", nombres="Otra"),
        )
    assert Asistencia.objects.count() == 1


def test_las_cifras_suman_individuales_y_contados_sin_doble_conteo(galapa):
    actividad = ActividadFactory(municipio=galapa)
    autor = actividad.registrada_por
    services.asistencia_registrar(
        actividad=actividad, autor=autor, datos=_persona("1", sexo="mujer", edad=20)
    )
    services.asistencia_registrar(
        actividad=actividad,
        autor=autor,
        datos=_persona("2", sexo="hombre", edad=40, enfoque_victima=True),
    )
    services.conteos_guardar(
        actividad=actividad,
        autor=autor,
        por_sexo_y_edad={("mujer", "18_28"): 5, ("hombre", "60_mas"): 3},
        por_enfoque={"victima": 2},
    )
    # Guardar los conteos otra vez los reemplaza; no se suman dos veces.
    services.conteos_guardar(
        actividad=actividad,
        autor=autor,
        por_sexo_y_edad={("mujer", "18_28"): 5, ("hombre", "60_mas"): 3},
        por_enfoque={"victima": 2},
    )

    cifras = cifras_actividad(actividad)

    assert cifras["total"] == 10
    assert cifras["individuales"] == 2
    assert dict(cifras["por_sexo"])["Mujer"] == 6
    assert dict(cifras["por_sexo"])["Hombre"] == 4
    assert dict(cifras["por_edad"])["18 a 28 años"] == 6
    assert dict(cifras["por_edad"])["60 años o más"] == 3
    assert dict(cifras["por_enfoque"])["Víctima del conflicto armado"] == 3


def test_mas_personas_con_un_enfoque_que_contadas_se_rechaza(galapa):
    actividad = ActividadFactory(municipio=galapa)

    with pytest.raises(ValidationError, match="más personas con el enfoque"):
        services.conteos_guardar(
            actividad=actividad,
            autor=actividad.registrada_por,
            por_sexo_y_edad={("mujer", "18_28"): 2},
            por_enfoque={"migrante": 3},
        )


def test_una_actividad_cancelada_no_admite_asistentes_y_pide_motivo(galapa):
    actividad = ActividadFactory(
        municipio=galapa, inicio=timezone.now() + datetime.timedelta(days=2)
    )
    actividad.fin = actividad.inicio + datetime.timedelta(hours=2)
    actividad.save()

    with pytest.raises(ValidationError, match="por qué"):
        services.actividad_cancelar(actividad=actividad, autor=actividad.registrada_por, motivo=" ")
    services.actividad_cancelar(
        actividad=actividad, autor=actividad.registrada_por, motivo="Lluvia"
    )
    with pytest.raises(ValidationError, match="cancelada"):
        services.asistencia_registrar(
            actividad=actividad, autor=actividad.registrada_por, datos=_persona("1")
        )


def test_no_se_marca_realizada_antes_de_empezar(galapa):
    inicio = timezone.now() + datetime.timedelta(days=1)
    actividad = ActividadFactory(
        municipio=galapa, inicio=inicio, fin=inicio + datetime.timedelta(hours=1)
    )

    with pytest.raises(ValidationError, match="todavía no ha empezado"):
        services.actividad_marcar_realizada(actividad=actividad, autor=actividad.registrada_por)
    actividad.refresh_from_db()
    assert actividad.estado == EstadoActividad.PROGRAMADA


def test_una_organizacion_de_otro_municipio_se_rechaza(galapa, malambo):
    actividad = ActividadFactory(municipio=galapa)
    ajena = OrganizacionComunitariaFactory(sector__municipio=malambo)

    with pytest.raises(ValidationError, match="no es de este municipio"):
        services.asistencia_registrar(
            actividad=actividad,
            autor=actividad.registrada_por,
            datos=_persona("1"),
            organizacion=ajena,
        )
