from django.shortcuts import render

from comun.consultas import visible_o_404
from municipios import selectors
from municipios.models import Municipio


def municipio_lista(request):
    """Los municipios que el usuario puede ver (todos para el equipo AMB)."""
    return render(
        request,
        "municipios/municipio_list.html",
        {"municipios": selectors.municipios_con_totales(request.user)},
    )


def municipio_directorio(request, codigo_dane):
    """A quién remitir en un municipio: sus sectores, entidades con contacto vigente y JAC."""
    municipio = visible_o_404(Municipio.objects, request.user, codigo_dane=codigo_dane)
    return render(request, "municipios/directorio.html", selectors.directorio(municipio))
