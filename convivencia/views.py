from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from capacitaciones.views import verificar as verificar_certificado
from convivencia import selectors
from mediacion.models import DocumentoMediacion


def inicio(request):
    """La página de inicio, según el rol de quien entra."""
    return render(request, "inicio.html", selectors.resumen_inicio(request.user))


@login_not_required
@never_cache
@require_GET
def salud(request):
    """Para el balanceador y el monitoreo: 200 si la base de datos responde, 503 si no."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"estado": "error", "base_de_datos": "sin respuesta"}, status=503)
    return JsonResponse({"estado": "ok", "base_de_datos": "ok"})


@login_not_required
@require_GET
def verificar(request, codigo):
    """Público: verifica un código impreso. Primero el de un certificado de asistencia (la URL
    nació para ellos); si no lo es, el de un acta o constancia de mediación, de la que se
    muestra solo qué es, su número y versión, el municipio, la fecha y si sigue vigente: ningún
    dato personal. Un código que no existe: el 404 de siempre."""
    respuesta = verificar_certificado(request, codigo)
    if respuesta.status_code != 404:
        return respuesta
    documento = DocumentoMediacion.objects.select_related("municipio").filter(codigo=codigo).first()
    if documento is None:
        return respuesta
    vigente = (
        DocumentoMediacion.objects.vigentes()
        .filter(
            municipio=documento.municipio_id,
            anio=documento.anio,
            consecutivo=documento.consecutivo,
        )
        .only("version")
        .first()
    )
    return render(
        request,
        "mediacion/verificar.html",
        {"documento": documento, "vigente": vigente, "es_vigente": vigente == documento},
    )
