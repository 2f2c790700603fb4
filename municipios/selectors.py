"""Lecturas del directorio de un municipio."""

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from municipios.models import (
    Contacto,
    Entidad,
    Municipio,
    OrganizacionComunitaria,
    Sector,
    TipoEntidad,
    Zona,
    orden_de,
)


def contar_por_municipio(queryset, ruta: str = "municipio"):
    """Subconsulta correlacionada: cuántas filas de `queryset` tiene cada municipio.

    Evita sumar varios `Count` sobre joins, que multiplican las filas entre sí.
    """
    subconsulta = (
        queryset.filter(**{ruta: OuterRef("pk")})
        .order_by()
        .values(ruta)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(subconsulta), 0)


def municipios_con_totales(user):
    """Municipios visibles con los totales de su directorio, en una sola consulta."""
    return (
        Municipio.objects.visible_para(user)
        .annotate(
            total_sectores=contar_por_municipio(Sector.objects.all()),
            total_entidades=contar_por_municipio(Entidad.objects.filter(activa=True)),
            total_organizaciones=contar_por_municipio(
                OrganizacionComunitaria.objects.filter(activa=True), "sector__municipio"
            ),
        )
        .order_by("-activo", "nombre")
    )


def directorio(municipio: Municipio) -> dict:
    """Sectores, entidades con sus contactos vigentes y organizaciones de `municipio`.

    Cuatro consultas, sin importar cuántas filas haya.
    """
    entidades = (
        Entidad.objects.filter(municipio=municipio, activa=True)
        .prefetch_related(
            Prefetch(
                "contactos",
                queryset=Contacto.objects.vigentes().order_by("-vigente_desde", "nombre"),
                to_attr="contactos_vigentes",
            )
        )
        .order_by(orden_de(TipoEntidad, "tipo"), "nombre")
        .para_lista()
    )
    sectores = list(Sector.objects.filter(municipio=municipio).order_by("zona", "nombre"))
    organizaciones = (
        OrganizacionComunitaria.objects.filter(sector__municipio=municipio, activa=True)
        .select_related("sector")
        .order_by("sector__nombre", "nombre")
        .para_lista()
    )
    return {
        "municipio": municipio,
        "entidades": list(entidades),
        "total_sectores": len(sectores),
        "grupos_sectores": [
            (zona.label, [s for s in sectores if s.zona == zona])
            for zona in (Zona.URBANA, Zona.RURAL)
        ],
        "organizaciones": list(organizaciones),
    }
