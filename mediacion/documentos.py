"""Lo que se imprime de la mediación: la citación de una parte (con los datos de hoy de la
sesión) y las actas y constancias (solo de su copia congelada, `DocumentoMediacion.contenido`).

La vista de impresión y el PDF pintan la misma plantilla del cuerpo; el PDF sale de WeasyPrint
con la hoja de estilos leída del disco y sin red: ningún recurso del documento sale a buscarse
afuera (`SinRed`).
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from casos.models import ACTAS, AvisoPrivacidad, DocumentoMediacionTipo
from mediacion.models import Citacion, DocumentoMediacion

HOJA = Path(settings.BASE_DIR) / "static" / "css" / "documento.css"
# En PDF, tamaño carta (el papel de las alcaldías); impreso desde el navegador, el de la
# impresora (`size: auto` en la hoja).
PAGINA_PDF = "@page { size: letter; margin: 16mm 18mm; }"

CUERPO_CITACION = "mediacion/_citacion.html"
CUERPO_DOCUMENTO = "mediacion/_documento.html"


class PDFNoDisponible(Exception):
    """El servidor no tiene las bibliotecas de WeasyPrint (Pango): no hay PDF, sí impresión."""


def pdf_de(cuerpo: str, contexto: dict) -> bytes:
    """El PDF de la plantilla `cuerpo` (la misma de la vista de impresión). WeasyPrint se importa
    aquí: sin Pango en el servidor, falta el PDF y no el sitio entero."""
    try:
        from weasyprint import CSS, HTML
        from weasyprint.urls import URLFetcher
    except OSError as error:
        raise PDFNoDisponible(str(error)) from error

    class SinRed(URLFetcher):
        """Ninguna URL se sigue (ni http ni file): el HTML no pide nada y la hoja de estilos se
        pasa ya leída; si alguna plantilla pidiera algo, queda sin cargar."""

        def fetch(self, url, headers=None):
            raise ValueError(f"El PDF no carga recursos externos: {url}")

    html = render_to_string("mediacion/pdf.html", {**contexto, "cuerpo": cuerpo})
    sin_red = SinRed()
    hojas = [
        CSS(string=HOJA.read_text(encoding="utf-8"), url_fetcher=sin_red),
        CSS(string=PAGINA_PDF, url_fetcher=sin_red),
    ]
    return HTML(string=html, url_fetcher=sin_red).write_pdf(stylesheets=hojas)


def contexto_citacion(citacion: Citacion) -> dict:
    """Lo que la citación dice: a quién, cuándo, dónde, qué llevar, cómo contactar al gestor y
    el aviso de privacidad vigente. Datos de hoy: la sesión puede cambiar hasta que se realiza
    (si se reprograma, la nueva sesión trae sus propias citaciones)."""
    sesion = citacion.sesion
    caso = sesion.caso
    gestor = caso.gestor
    perfil = getattr(gestor, "perfil", None)
    return {
        "citacion": citacion,
        "sesion": sesion,
        "caso": caso,
        "persona": citacion.parte.persona,
        "parte": citacion.parte,
        "gestor_nombre": gestor.get_full_name() or gestor.get_username(),
        "gestor_correo": gestor.email,
        "gestor_telefono": getattr(perfil, "telefono", ""),
        "aviso": AvisoPrivacidad.vigente(),
    }


def nombre_citacion(citacion: Citacion) -> str:
    return f"citacion-{citacion.sesion.caso.radicado}-{citacion.pk}.pdf"


def pdf_citacion(citacion: Citacion) -> bytes:
    """El PDF de la citación (para la descarga y para el correo a la parte)."""
    return pdf_de(CUERPO_CITACION, contexto_citacion(citacion))


def _fecha(valor):
    return datetime.date.fromisoformat(valor) if valor else None


def contenido_legible(contenido: dict) -> dict:
    """La copia congelada con sus fechas como fechas (en el JSON van como texto ISO)."""
    legible = dict(contenido)
    if sesion := contenido.get("sesion"):
        legible["sesion"] = {**sesion, "inicio": datetime.datetime.fromisoformat(sesion["inicio"])}
    if acuerdo := contenido.get("acuerdo"):
        legible["acuerdo"] = {
            **acuerdo,
            "fecha": _fecha(acuerdo.get("fecha")),
            "fecha_verificacion": _fecha(acuerdo.get("fecha_verificacion")),
            "compromisos": [
                {**c, "fecha_limite": _fecha(c.get("fecha_limite"))}
                for c in acuerdo.get("compromisos", [])
            ],
        }
    partes = contenido.get("partes", [])
    legible["asistieron"] = [p for p in partes if p.get("asistio")]
    legible["no_asistieron"] = [p for p in partes if p.get("asistio") is False]
    return legible


def url_verificacion(codigo: str, request=None) -> str:
    """La dirección pública de verificación, absoluta (la del sitio si no hay petición)."""
    ruta = reverse("verificar", args=[codigo])
    if request is not None:
        return request.build_absolute_uri(ruta)
    return settings.SITIO_URL.rstrip("/") + ruta


def contexto_documento(documento: DocumentoMediacion, request=None) -> dict:
    """Lo que el acta o la constancia dice: su copia congelada y, de la fila, lo que la
    identifica (número, versión y motivo, código, fecha de emisión)."""
    return {
        "documento": documento,
        "contenido": contenido_legible(documento.contenido),
        "es_acta": documento.tipo in ACTAS,
        "es_no_acuerdo": documento.tipo == DocumentoMediacionTipo.NO_ACUERDO,
        "es_inasistencia": documento.tipo == DocumentoMediacionTipo.INASISTENCIA,
        "url_verificacion": url_verificacion(documento.codigo, request),
        # La versión que lo corrigió, si la hay: una versión vieja impresa dice que no vale.
        "reemplazo": DocumentoMediacion.objects.filter(reemplaza=documento).first(),
    }


def nombre_documento(documento: DocumentoMediacion) -> str:
    return documento.numero_con_version.replace(" ", "-") + ".pdf"


def pdf_documento(documento: DocumentoMediacion, request=None) -> bytes:
    """El PDF del acta o la constancia, desde su copia congelada."""
    return pdf_de(CUERPO_DOCUMENTO, contexto_documento(documento, request))
