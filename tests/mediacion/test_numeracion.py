"""El número de los documentos: por municipio y año, sin huecos, a salvo de la concurrencia (en
SQLite y en PostgreSQL: la CI corre este archivo en las dos)."""

import pytest
from django.utils import timezone

from casos.models import DocumentoMediacionTipo, Estado
from mediacion.models import ConsecutivoDocumento, DocumentoMediacion, EstadoSesion
from mediacion.services import documento_emitir
from tests.casos.test_radicado import _en_paralelo
from tests.factories import CasoFactory, CitacionFactory, SesionMediacionFactory


def _sesion_no_realizada(municipio):
    caso = CasoFactory(municipio=municipio, estado=Estado.EN_MEDIACION)
    sesion = SesionMediacionFactory(
        caso=caso,
        numero=1,
        estado=EstadoSesion.NO_REALIZADA,
        inicio=timezone.now() - timezone.timedelta(hours=1),
        registrada_en=timezone.now(),
    )
    CitacionFactory(sesion=sesion, asistio=False)
    return sesion


@pytest.mark.django_db
def test_numeros_por_municipio(galapa, malambo):
    anio = timezone.localdate().year
    numeros = []
    for municipio in (galapa, galapa, malambo):
        sesion = _sesion_no_realizada(municipio)
        numeros.append(
            documento_emitir(
                caso=sesion.caso,
                autor=sesion.caso.gestor,
                tipo=DocumentoMediacionTipo.INASISTENCIA,
                sesion=sesion,
            ).numero
        )
    assert numeros == [f"GAL-DM-{anio}-00001", f"GAL-DM-{anio}-00002", f"MAL-DM-{anio}-00001"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_veinte_documentos_a_la_vez_reciben_los_numeros_1_a_20(galapa):
    sesiones = [_sesion_no_realizada(galapa) for _ in range(20)]

    def emitir(i):
        sesion = sesiones[i]
        return documento_emitir(
            caso=sesion.caso,
            autor=sesion.caso.gestor,
            tipo=DocumentoMediacionTipo.INASISTENCIA,
            sesion=sesion,
        ).consecutivo

    numeros = _en_paralelo(20, emitir)

    assert sorted(numeros) == list(range(1, 21))
    assert sorted(DocumentoMediacion.objects.values_list("consecutivo", flat=True)) == list(
        range(1, 21)
    )
    assert ConsecutivoDocumento.objects.get(municipio=galapa).ultimo == 20
