import datetime

import pytest
from django.utils import timezone

from casos.models import Estado
from mediacion import services
from tests.factories import CasoFactory, ParteFactory


def datos_sesion(**cambios) -> services.DatosSesion:
    valores = {
        "inicio": timezone.now() + datetime.timedelta(days=2),
        "tipo_lugar": "salon_comunal",
        "lugar": "Salón comunal de La Esmeralda, calle 10 # 4-20",
    }
    return services.DatosSesion(**(valores | cambios))


def hacer_pasada(sesion, minutos=30):
    """La sesión empezó hace `minutos` (sus datos, no su estado: sin pasar por el servicio)."""
    from mediacion.models import SesionMediacion

    SesionMediacion.objects.filter(pk=sesion.pk).update(  # historia: no importa aquí
        inicio=timezone.now() - datetime.timedelta(minutes=minutos)
    )
    sesion.refresh_from_db()
    return sesion


@pytest.fixture
def caso_mediable(galapa, gestor_galapa):
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa, estado=Estado.EN_GESTION)
    ParteFactory(caso=caso, rol="solicitante")
    ParteFactory(caso=caso, rol="convocado")
    return caso
