"""Impresión y PDF de citaciones, actas y constancias (en construcción en esta rama)."""

from django.http import Http404


def citacion(request, radicado, pk, citacion):
    raise Http404


def citacion_pdf(request, radicado, pk, citacion):
    raise Http404


def documento(request, radicado, pk):
    raise Http404


def documento_pdf(request, radicado, pk):
    raise Http404
