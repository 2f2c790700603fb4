from django.shortcuts import get_object_or_404, render

from municipios import selectors
from municipios.models import Municipio


def municipio_lista(request):
    """Los municipios que el usuario puede ver (todos para el equipo AMB)."""
    return render(
        request,
        "municipios/municipio_list.html",
        {"municipios": selectors.municipios_con_totales(request.user)},
    )


def directorio(request, codigo_dane):
    """A quién remitir en un municipio: sus sectores, entidades con contacto vigente y JAC."""
    municipio = get_object_or_404(
        Municipio.objects.visible_para(request.user), codigo_dane=codigo_dane
    )
    return render(request, "municipios/directorio.html", selectors.directorio(municipio))
