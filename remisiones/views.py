"""Pantallas de las remisiones.

- La bandeja de un enlace institucional (inspección, estación MEBAR, comisaría…): ve el caso
  solo a través de la remisión (los hechos, el tipo, el riesgo, las partes que necesita para
  actuar y el contacto del gestor); nunca otros casos del municipio.
- Desde el caso, el gestor remite y registra el recibido o la respuesta que la entidad le dio
  por otro medio (mismas reglas de alcance y permiso que las acciones del caso).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from auditoria.eventos import evento_registrar
from auditoria.models import TipoEvento
from casos import alcance
from casos.forms import errores_de_servicio
from casos.models import Parte
from casos.services import puede_remitirse
from casos.views import accion_con_formulario, accion_de_caso
from comun.consultas import visible_o_404
from comun.paginacion import paginar
from gestores.models import Rol
from remisiones import services
from remisiones.forms import (
    DevolucionForm,
    RecepcionForm,
    RemisionForm,
    RespuestaEnlaceForm,
    RespuestaForm,
)
from remisiones.models import REMISION_CERRADA, Remision


def _es_enlace(user) -> bool:
    perfil = getattr(user, "perfil", None)
    return bool(perfil and perfil.rol == Rol.ENLACE)


def _remision(request, pk) -> Remision:
    if not _es_enlace(request.user):
        raise PermissionDenied
    return visible_o_404(
        Remision.objects.select_related(
            "caso__tipo", "caso__sector", "caso__municipio", "caso__gestor__perfil", "entidad"
        ),
        request.user,
        pk=pk,
    )


@require_GET
def bandeja(request):
    if not _es_enlace(request.user):
        raise PermissionDenied
    hoy = timezone.localdate()
    remisiones = (
        Remision.objects.visible_para(request.user)
        .select_related("caso__tipo", "entidad")
        .annotate(
            cerrada=Case(
                When(estado__in=REMISION_CERRADA, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("cerrada", "fecha_limite", "pk")
    )
    pagina, parametros = paginar(request, remisiones)
    return render(
        request,
        "remisiones/bandeja.html",
        {
            "pagina": pagina,
            "parametros": parametros,
            "hoy": hoy,
            "entidad": request.user.perfil.entidad,
        },
    )


@require_GET
def detalle(request, pk):
    remision = _remision(request, pk)
    partes = list(Parte.objects.filter(caso=remision.caso).select_related("persona").order_by("pk"))
    if partes:
        evento_registrar(tipo=TipoEvento.DATOS_PERSONALES, request=request, objeto=remision)
    return render(
        request,
        "remisiones/detalle.html",
        {
            "remision": remision,
            "caso": remision.caso,
            "partes": partes,
            "form_respuesta": RespuestaEnlaceForm(),
            "form_devolucion": DevolucionForm(),
        },
    )


def _despues(request, remision, hacer, exito):
    try:
        hacer()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, exito)
    return redirect(remision)


@require_POST
def acusar_recibo(request, pk):
    remision = _remision(request, pk)
    return _despues(
        request,
        remision,
        lambda: services.remision_registrar_recepcion(
            remision=remision, autor=request.user, fecha=timezone.localdate(), medio="sistema"
        ),
        _("Recibido registrado. El gestor lo verá en el caso."),
    )


@require_POST
def responder(request, pk):
    remision = _remision(request, pk)
    form = RespuestaEnlaceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.remision_registrar_respuesta(
                remision=remision,
                autor=request.user,
                fecha=form.cleaned_data["fecha"],
                respuesta=form.cleaned_data["respuesta"],
                accion_tomada=form.cleaned_data["accion_tomada"],
                archivo=form.cleaned_data["archivo"],
            )
        except ValidationError as error:
            errores_de_servicio(form, error)
        else:
            messages.success(request, _("Respuesta registrada."))
            return redirect(remision)
    partes = Parte.objects.filter(caso=remision.caso).select_related("persona")
    return render(
        request,
        "remisiones/detalle.html",
        {
            "remision": remision,
            "caso": remision.caso,
            "partes": partes,
            "form_respuesta": form,
            "form_devolucion": DevolucionForm(),
        },
        status=400,
    )


@require_POST
def devolver(request, pk):
    remision = _remision(request, pk)
    form = DevolucionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["motivo"]))
        return redirect(remision)
    return _despues(
        request,
        remision,
        lambda: services.remision_devolver(
            remision=remision,
            autor=request.user,
            fecha=timezone.localdate(),
            motivo=form.cleaned_data["motivo"],
        ),
        _("Remisión devuelta al gestor."),
    )


@require_GET
def archivo_respuesta(request, pk):
    """El archivo que acompañó la respuesta: para el enlace y para quienes ven el caso."""
    remision = visible_o_404(Remision.objects.select_related("caso"), request.user, pk=pk)
    # El enlace llega solo a las de su entidad (visible_para); los demás, si ven los datos.
    if not remision.archivo_respuesta or not (
        _es_enlace(request.user) or alcance.ve_evidencias(request.user, remision.caso)
    ):
        raise Http404
    nombre = (
        f"respuesta-{remision.caso.radicado}.{remision.archivo_respuesta.name.rsplit('.', 1)[-1]}"
    )
    respuesta = FileResponse(
        remision.archivo_respuesta.open("rb"), as_attachment=True, filename=nombre
    )
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta


# --- Desde el caso: el gestor remite y registra lo que la entidad le dijo -----------------------


@require_http_methods(["GET", "POST"])
@accion_de_caso(alcance.puede_gestionar)
def remision_nueva(request, caso):
    """Remitir el caso, en su propia página: la lista de entidades con su contacto vigente pesa
    (dos consultas y la mitad del HTML del detalle), y el detalle la enlaza en vez de dibujarla."""
    if not puede_remitirse(caso):  # la misma regla que aplica el servicio
        messages.info(
            request,
            _("Un caso «%(estado)s» no puede remitirse.") % {"estado": caso.get_estado_display()},
        )
        return redirect(caso)
    titulo = _("Remitir el caso a una entidad")
    if request.method == "GET":
        return render(
            request,
            "casos/accion_form.html",
            {
                "caso": caso,
                "form": RemisionForm(caso=caso),
                "titulo": titulo,
                "boton": _("Remitir"),
            },
        )
    return accion_con_formulario(
        request,
        caso,
        RemisionForm(request.POST, caso=caso),
        lambda d: services.caso_remitir(
            caso=caso,
            autor=request.user,
            entidad=d["entidad"],
            motivo=d["motivo"],
            medio=d["medio"],
            fecha_envio=d["fecha_envio"],
            version=d["version"],
        ),
        _("Remisión registrada."),
        titulo,
        boton=_("Remitir"),
    )


def _remision_del_caso(caso, pk):
    return get_object_or_404(Remision.objects.select_related("entidad", "caso"), caso=caso, pk=pk)


@require_POST
@accion_de_caso(alcance.puede_gestionar)
def recibido_del_caso(request, caso, pk):
    remision = _remision_del_caso(caso, pk)
    return accion_con_formulario(
        request,
        caso,
        RecepcionForm(request.POST),
        lambda d: services.remision_registrar_recepcion(
            remision=remision, autor=request.user, fecha=d["fecha"], medio=d["medio"]
        ),
        _("Recibido registrado."),
        _("Registrar el recibido de la remisión"),
    )


@require_POST
@accion_de_caso(alcance.puede_gestionar)
def respuesta_del_caso(request, caso, pk):
    remision = _remision_del_caso(caso, pk)
    return accion_con_formulario(
        request,
        caso,
        RespuestaForm(request.POST),
        lambda d: services.remision_registrar_respuesta(
            remision=remision, autor=request.user, fecha=d["fecha"], respuesta=d["respuesta"]
        ),
        _("Respuesta registrada."),
        _("Registrar la respuesta de la entidad"),
    )
