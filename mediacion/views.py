"""Pantallas de sesiones y documentos de la mediación (en construcción en esta rama)."""

from django.http import Http404


def sesion_nueva(request, radicado):
    raise Http404


def sesion_detalle(request, radicado, pk):
    raise Http404


def sesion_registro(request, radicado, pk):
    raise Http404


def sesion_reprogramacion(request, radicado, pk):
    raise Http404


def documento_nuevo(request, radicado):
    raise Http404


def documento_correccion(request, radicado, pk):
    raise Http404


def firmado_nuevo(request, radicado, pk):
    raise Http404


def firmado_descargar(request, radicado, pk, firmado):
    raise Http404
