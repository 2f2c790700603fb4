"""Impresión y PDF de citaciones, actas y constancias.

Llevan los datos de las partes: los imprime solo quien ve las evidencias del caso
(`casos.alcance.ve_evidencias`, que mira también a los menores de edad). Para cualquier otro,
como para un caso fuera de su alcance o un objeto de otro caso: 404.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from casos import alcance
from casos.forms import AdjuntoForm
from casos.models import Caso
from comun.consultas import visible_o_404
from mediacion import documentos
from mediacion.models import Citacion, DocumentoMediacion


def _caso_con_evidencias(request, radicado) -> Caso:
    caso = visible_o_404(
        Caso.objects.select_related("municipio", "gestor__perfil"), request.user, radicado=radicado
    )
    if not alcance.ve_evidencias(request.user, caso):
        raise Http404  # como los adjuntos: quien ve el caso enmascarado no sabe de sus documentos
    return caso


def _citacion(request, radicado, pk, citacion) -> Citacion:
    caso = _caso_con_evidencias(request, radicado)
    citacion = get_object_or_404(
        Citacion.objects.select_related("sesion__sector", "parte__persona"),
        pk=citacion,
        sesion_id=pk,
        sesion__caso=caso,
    )
    citacion.sesion.caso = caso
    return citacion


def _documento(request, radicado, pk) -> DocumentoMediacion:
    caso = _caso_con_evidencias(request, radicado)
    documento = get_object_or_404(DocumentoMediacion, pk=pk, caso=caso)
    documento.caso = caso
    return documento


def _pdf(hacer, nombre: str) -> HttpResponse:
    """La respuesta con el PDF que hace `hacer()`; sin las bibliotecas de PDF en el servidor, un
    aviso (503) que manda a la vista de impresión."""
    try:
        contenido = hacer()
    except documentos.PDFNoDisponible:
        return HttpResponse(
            _(
                "Este servidor no puede generar el PDF en este momento. Vuelva atrás y use "
                "«Imprimir» (o guarde como PDF desde el navegador)."
            ),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    respuesta = HttpResponse(contenido, content_type="application/pdf")
    respuesta["Content-Disposition"] = f'inline; filename="{nombre}"'
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta


@require_GET
def citacion(request, radicado, pk, citacion):
    """La citación de una parte, para imprimir, descargar o compartir desde el teléfono."""
    citacion = _citacion(request, radicado, pk, citacion)
    contexto = documentos.contexto_citacion(citacion)
    return render(
        request,
        "mediacion/impresion.html",
        {
            **contexto,
            "cuerpo": documentos.CUERPO_CITACION,
            "titulo": _("Citación · %(radicado)s") % {"radicado": radicado},
            "url_pdf": reverse(
                "mediacion:citacion_pdf", args=[radicado, citacion.sesion_id, citacion.pk]
            ),
            "nombre_pdf": documentos.nombre_citacion(citacion),
        },
    )


@require_GET
def citacion_pdf(request, radicado, pk, citacion):
    citacion = _citacion(request, radicado, pk, citacion)
    return _pdf(lambda: documentos.pdf_citacion(citacion), documentos.nombre_citacion(citacion))


@require_GET
def documento(request, radicado, pk):
    """El acta o la constancia, pintada desde su copia congelada."""
    documento = _documento(request, radicado, pk)
    caso = documento.caso
    gestiona = alcance.puede_gestionar(request.user, caso)
    contexto = documentos.contexto_documento(documento, request)
    vigente = contexto["reemplazo"] is None
    return render(
        request,
        "mediacion/impresion.html",
        {
            **contexto,
            "caso": caso,
            "documento": documento,
            "firmados": list(documento.firmados.all()),
            "vigente": vigente,
            "gestiona": gestiona,
            "form_firmado": AdjuntoForm() if gestiona and vigente else None,
            "cuerpo": documentos.CUERPO_DOCUMENTO,
            "titulo": str(documento),
            "url_pdf": reverse("mediacion:documento_pdf", args=[radicado, documento.pk]),
            "nombre_pdf": documentos.nombre_documento(documento),
        },
    )


@require_GET
def documento_pdf(request, radicado, pk):
    documento = _documento(request, radicado, pk)
    return _pdf(
        lambda: documentos.pdf_documento(documento, request),
        documentos.nombre_documento(documento),
    )
