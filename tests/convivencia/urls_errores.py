"""URLconf de prueba: la del sitio más vistas que fallan a propósito (ver test_errores.py)."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from convivencia.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


@login_not_required
def falla(request):
    raise RuntimeError("secreto-interno /srv/convivencia/casos/views.py")


@login_not_required
def sospechosa(request):
    raise SuspiciousOperation("secreto-interno sospechoso")


@login_not_required
def prohibida(request):
    raise PermissionDenied("secreto-interno prohibido")


urlpatterns = [
    path("prueba/500/", falla),
    path("prueba/400/", sospechosa),
    path("prueba/403/", prohibida),
    *urlpatterns,
]
