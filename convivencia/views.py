from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from convivencia import selectors


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
