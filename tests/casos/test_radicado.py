"""El radicado: por municipio y año, sin huecos, nunca reutilizado, a salvo de la concurrencia."""

import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from casos.models import Caso, ConsecutivoRadicado
from casos.services import caso_registrar
from gestores.models import Rol
from tests.casos.conftest import datos_parte
from tests.factories import usuario_con_rol


@pytest.mark.django_db
def test_radicados_consecutivos_por_municipio(registrar, malambo, ruido):
    anio = timezone.localdate().year
    primero, segundo = registrar(), registrar()
    gestor = usuario_con_rol(Rol.GESTOR, malambo)
    de_malambo = registrar(municipio=malambo, autor=gestor, gestor=gestor)

    assert primero.radicado == f"GAL-{anio}-00001"
    assert segundo.radicado == f"GAL-{anio}-00002"
    assert de_malambo.radicado == f"MAL-{anio}-00001"


@pytest.mark.django_db
def test_un_error_despues_del_incremento_no_deja_caso_ni_consume_numero(registrar, galapa):
    registrar()
    with pytest.raises(ValidationError):
        # Falla al guardar las partes, después de tomar el número: todo se deshace.
        registrar(partes=[datos_parte(), datos_parte(rol="convocado")])

    assert Caso.objects.count() == 1
    assert ConsecutivoRadicado.objects.get(municipio=galapa).ultimo == 1
    assert registrar().consecutivo == 2


@pytest.mark.django_db
def test_el_mismo_formulario_enviado_dos_veces_crea_un_solo_caso(registrar):
    token = uuid.uuid4()

    primero = registrar(token=token)
    segundo = registrar(token=token)

    assert primero.pk == segundo.pk
    assert Caso.objects.count() == 1


def _en_paralelo(hilos: int, trabajo):
    """Corre `trabajo(i)` en `hilos` hilos que arrancan a la vez; cada uno cierra su conexión."""
    barrera = threading.Barrier(hilos)
    resultados, errores = [], []

    def correr(i):
        try:
            barrera.wait()
            resultados.append(trabajo(i))
        except Exception as error:
            errores.append(error)
        finally:
            connection.close()

    corredores = [threading.Thread(target=correr, args=(i,)) for i in range(hilos)]
    for corredor in corredores:
        corredor.start()
    for corredor in corredores:
        corredor.join(timeout=120)
    assert not errores, errores
    return resultados


def _registro_minimo(municipio, tipo, **cambios):
    """Registra un caso mínimo en `municipio` desde el hilo que la llame."""
    gestor = cambios.pop("gestor")
    hoy = timezone.localdate()
    argumentos = {
        "municipio": municipio,
        "autor": gestor,
        "gestor": gestor,
        "tipo": tipo,
        "sector": None,
        "direccion": "",
        "fecha_hechos": hoy,
        "fecha_recepcion": hoy,
        "canal": "presencial",
        "relato": "Registro simultáneo",
        "nivel_riesgo": "bajo",
        "partes": [datos_parte()],
    }
    return caso_registrar(**(argumentos | cambios))[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_veinte_registros_simultaneos_reciben_los_numeros_1_a_20(galapa, ruido):
    gestor = usuario_con_rol(Rol.GESTOR, galapa)

    def registrar(i):
        partes = [datos_parte(numero_documento=str(30_000_000 + i))]
        return _registro_minimo(galapa, ruido, gestor=gestor, partes=partes).consecutivo

    numeros = _en_paralelo(20, registrar)

    assert sorted(numeros) == list(range(1, 21))
    assert sorted(Caso.objects.values_list("consecutivo", flat=True)) == list(range(1, 21))
    assert ConsecutivoRadicado.objects.get(municipio=galapa).ultimo == 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_el_mismo_formulario_desde_dos_hilos_crea_un_solo_caso(galapa, ruido):
    gestor = usuario_con_rol(Rol.GESTOR, galapa)
    token = uuid.uuid4()

    def registrar(_):
        return _registro_minimo(galapa, ruido, gestor=gestor, token=token).pk

    ids = _en_paralelo(2, registrar)

    assert len(set(ids)) == 1
    assert Caso.objects.count() == 1
    assert ConsecutivoRadicado.objects.get(municipio=galapa).ultimo == 1
