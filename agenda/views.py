"""Pantallas de la agenda: «Mi agenda», la agenda del municipio, el calendario privado (crear,
regenerar, revocar) y el feed ICS, que se abre sin sesión con su URL secreta.

Quién ve qué:
- Mi agenda y el calendario: el gestor y el coordinador (lo suyo); los demás roles, 403.
- Agenda del municipio: el coordinador y la secretaría, la de su municipio (la secretaría solo
  lee: la agenda no lleva datos de las partes ni acciones); el equipo AMB, la de cualquiera con
  `?municipio=<código DANE>`; el gestor y el enlace, 403. Un municipio fuera del alcance, 404.
"""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agenda import selectors, services
from agenda.ics import calendario_ics
from agenda.models import CalendarioPrivado, huella_de
from gestores.models import Rol, rol_de
from municipios.alcance import municipio_de_alcance
from municipios.models import Municipio
from remisiones.notificaciones import url_absoluta

ROLES_CON_AGENDA = (Rol.GESTOR, Rol.COORDINADOR)
ROLES_AGENDA_MUNICIPIO = (Rol.COORDINADOR, Rol.SECRETARIA, Rol.AMB)
# El token recién creado, para mostrarlo una vez después del redirect (no se guarda en claro).
CLAVE_TOKEN_EN_SESION = "agenda_token_nuevo"


def _con_agenda(user):
    if rol_de(user) not in ROLES_CON_AGENDA:
        raise PermissionDenied


def _desde(request) -> datetime.date:
    """El primer día pedido (`?desde=AAAA-MM-DD`), o hoy; una fecha mala o muy lejana se avisa
    y se ignora."""
    hoy = timezone.localdate()
    texto = request.GET.get("desde", "").strip()
    if not texto:
        return hoy
    try:
        desde = datetime.date.fromisoformat(texto)
    except ValueError:
        aviso = _("«%(f)s» no es una fecha (AAAA-MM-DD): se muestra desde hoy.")
        messages.warning(request, aviso % {"f": texto[:20]})
        return hoy
    if abs((desde - hoy).days) > selectors.DIAS_MAXIMOS:
        messages.warning(
            request, _("La agenda va a lo sumo un año atrás o adelante: se muestra desde hoy.")
        )
        return hoy
    return desde


def _navegacion(agenda, parametros: dict) -> dict:
    paso = datetime.timedelta(days=selectors.PASO_EN_DIAS)
    hoy = timezone.localdate()

    def enlace(dia):
        if abs((dia - hoy).days) > selectors.DIAS_MAXIMOS:
            return ""
        return "?" + urlencode({**parametros, "desde": dia.isoformat()})

    return {
        "anterior": enlace(agenda.desde - paso),
        "siguiente": enlace(agenda.desde + paso),
        "es_hoy": agenda.desde == hoy,
    }


@require_GET
def agenda_mia(request):
    """Mi agenda: hoy y los 7 días siguientes (o desde `?desde=`), por día."""
    _con_agenda(request.user)
    agenda = selectors.agenda_de(request.user, _desde(request))
    return render(
        request,
        "agenda/mia.html",
        {"agenda": agenda, "navegacion": _navegacion(agenda, {})},
    )


def _municipio_de_la_agenda(request) -> Municipio | None:
    """El municipio de la agenda: el propio, o el pedido si el usuario ve todos (None si aún no
    eligió). Fuera del alcance, 404."""
    todos, municipio_id = municipio_de_alcance(request.user)
    if not todos and rol_de(request.user) not in ROLES_AGENDA_MUNICIPIO:
        raise PermissionDenied
    codigo = request.GET.get("municipio", "").strip()
    visibles = Municipio.objects.visible_para(request.user)
    if codigo:
        return get_object_or_404(visibles, codigo_dane=codigo[:10])
    if todos:
        return None
    return get_object_or_404(visibles, pk=municipio_id)


@require_GET
def agenda_municipio(request):
    """La agenda del municipio: los eventos de todos sus gestores, con el responsable."""
    municipio = _municipio_de_la_agenda(request)
    if municipio is None:
        return render(
            request,
            "agenda/municipio.html",
            {"municipios": Municipio.objects.visible_para(request.user).filter(activo=True)},
        )
    agenda = selectors.agenda_del_municipio(request.user, municipio, _desde(request))
    todos, _municipio_id = municipio_de_alcance(request.user)
    return render(
        request,
        "agenda/municipio.html",
        {
            "agenda": agenda,
            "municipio": municipio,
            "elige_municipio": todos,
            "navegacion": _navegacion(
                agenda, {"municipio": municipio.codigo_dane} if todos else {}
            ),
            "mostrar_responsable": True,
        },
    )


@require_http_methods(["GET", "POST"])
def calendario(request):
    """El calendario privado: crear o regenerar la URL secreta (la anterior deja de servir) y
    revocarla. La URL se muestra una sola vez, después de crearla."""
    _con_agenda(request.user)
    if request.method == "POST":
        accion = request.POST.get("accion")
        if accion == "generar":
            token = services.calendario_generar(usuario=request.user)
            request.session[CLAVE_TOKEN_EN_SESION] = token
            messages.success(
                request,
                _("Listo: copie la URL nueva en su calendario. La anterior ya no sirve."),
            )
        elif accion == "revocar":
            if services.calendario_revocar(usuario=request.user):
                messages.success(request, _("La URL de su calendario ya no sirve."))
        else:
            messages.error(request, _("No se entendió la acción."))
        return redirect("agenda:calendario")
    token = request.session.pop(CLAVE_TOKEN_EN_SESION, None)
    url = url_absoluta(reverse("agenda:feed", args=[token])) if token else ""
    return render(
        request,
        "agenda/calendario.html",
        {
            "calendario": CalendarioPrivado.objects.filter(usuario=request.user).first(),
            "url": url,
            "url_webcal": "webcal://" + url.split("://", 1)[-1] if url else "",
        },
    )


@login_not_required
@require_GET
def calendario_feed(request, token):
    """Público con la URL secreta: el calendario ICS de un usuario activo con agenda. Un token
    desconocido, revocado o de un usuario inactivo: 404, sin decir cuál."""
    calendario = (
        CalendarioPrivado.objects.vigentes()
        .select_related("usuario__perfil")
        .filter(huella=huella_de(token))
        .first()
    )
    if calendario is None or rol_de(calendario.usuario) not in ROLES_CON_AGENDA:
        raise Http404
    usuario = calendario.usuario
    contenido = calendario_ics(
        selectors.eventos_del_calendario(usuario), nombre=_("Mi agenda de convivencia")
    )
    respuesta = HttpResponse(contenido, content_type="text/calendar; charset=utf-8")
    respuesta["Content-Disposition"] = 'inline; filename="agenda.ics"'
    respuesta["Cache-Control"] = "private, no-store"
    respuesta["X-Robots-Tag"] = "noindex, nofollow"
    return respuesta
