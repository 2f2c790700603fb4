"""Lecturas de las remisiones que usan los servicios: la estación MEBAR de un municipio y el
plazo de cada tipo de entidad."""

from django.conf import settings

from municipios.models import Entidad, Municipio, TipoEntidad
from remisiones.models import PlazoRemision


def estacion_mebar(municipio: Municipio) -> Entidad | None:
    """La estación MEBAR activa del municipio (la remisión inmediata de un riesgo alto)."""
    return Entidad.objects.filter(
        municipio=municipio, tipo=TipoEntidad.ESTACION_MEBAR, activa=True
    ).first()


def plazo_de(entidad: Entidad) -> int:
    """Días hábiles que tiene la entidad para responder (configurable por tipo en el admin)."""
    plazo = PlazoRemision.objects.filter(tipo_entidad=entidad.tipo).first()
    return plazo.dias_habiles if plazo else settings.PLAZO_REMISION_DIAS_HABILES
