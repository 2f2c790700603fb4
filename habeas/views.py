"""Pantallas de habeas data: lista, nueva solicitud, detalle con su respuesta y reporte."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from auditoria.eventos import evento_registrar
from auditoria.models import TipoEvento
from casos.forms import errores_de_servicio
from habeas import selectors, services
from habeas.forms import CorreccionForm, NuevaSolicitudForm, RespuestaForm
from habeas.models import EstadoSolicitud, TipoSolicitud


def _atiende(request):
    if not selectors.puede_atender(request.user):
        raise PermissionDenied


def _solicitud(request, pk):
    _atiende(request)
    return get_object_or_404(selectors.solicitudes_para(request.user), pk=pk)


def lista(request):
    _atiende(request)
    solicitudes = selectors.solicitudes_para(request.user)[:200]
    return render(request, "habeas/lista.html", {"solicitudes": solicitudes})


def nueva(request):
    """Registrar una solicitud: la persona se busca por su documento, o por su nombre (sin
    tildes ni mayúsculas) entre las del registro que `request.user` atiende."""
    _atiende(request)
    personas = selectors.personas_para(request.user)
    elegida = None
    if request.GET.get("persona"):
        try:
            elegida = get_object_or_404(personas, pk=int(request.GET["persona"]))
        except ValueError as error:
            raise Http404 from error
    texto = request.GET.get("q", "").strip()[:100]
    encontradas = (
        selectors.personas_por_nombre(personas, texto) if texto and elegida is None else []
    )
    form = NuevaSolicitudForm(request.POST or None, personas=personas, persona=elegida)
    if request.method == "POST" and form.is_valid():
        try:
            solicitud = services.solicitud_registrar(
                persona=form.cleaned_data["persona"],
                tipo=form.cleaned_data["tipo"],
                recibida_el=form.cleaned_data["recibida_el"],
                descripcion=form.cleaned_data["descripcion"],
                autor=request.user,
            )
        except ValidationError as error:
            errores_de_servicio(form, error)
        else:
            messages.success(request, _("Solicitud registrada."))
            return redirect(solicitud)
    return render(
        request,
        "habeas/nueva.html",
        {"form": form, "texto": texto, "encontradas": encontradas, "elegida": elegida},
    )


def detalle(request, pk):
    solicitud = _solicitud(request, pk)
    respuesta = RespuestaForm(request.POST or None)
    correccion = None
    if solicitud.tipo == TipoSolicitud.CORRECCION and solicitud.estado == EstadoSolicitud.RECIBIDA:
        correccion = CorreccionForm(request.POST or None, instance=solicitud.persona)
    if request.method == "POST" and solicitud.estado == EstadoSolicitud.RECIBIDA:
        validos = respuesta.is_valid() and (correccion is None or correccion.is_valid())
        if validos:
            try:
                with transaction.atomic():
                    _aplicar(request, solicitud, respuesta, correccion)
            except ValidationError as error:
                errores_de_servicio(correccion or respuesta, error)
            else:
                messages.success(request, _("Solicitud respondida."))
                return redirect(solicitud)
    evento_registrar(tipo=TipoEvento.DATOS_PERSONALES, request=request, objeto=solicitud.persona)
    return render(
        request,
        "habeas/detalle.html",
        {
            "solicitud": solicitud,
            "form_respuesta": respuesta,
            "form_correccion": correccion,
            "revisar": selectors.casos_para_revisar(solicitud.persona, request.user)
            if solicitud.tipo == TipoSolicitud.SUPRESION
            else [],
        },
    )


def _aplicar(request, solicitud, respuesta, correccion):
    texto = respuesta.cleaned_data["respuesta"]
    if solicitud.tipo == TipoSolicitud.CONSULTA:
        services.consulta_responder(solicitud=solicitud, autor=request.user, respuesta=texto)
    elif solicitud.tipo == TipoSolicitud.CORRECCION:
        cambios = {campo: correccion.cleaned_data[campo] for campo in services.CAMPOS_CORREGIBLES}
        services.datos_corregir(solicitud=solicitud, autor=request.user, respuesta=texto, **cambios)
    else:
        services.datos_anonimizar(solicitud=solicitud, autor=request.user, respuesta=texto)


def reporte(request, pk):
    """Todo lo que el sistema tiene de la persona (consulta, art. 14), para imprimir."""
    solicitud = _solicitud(request, pk)
    evento_registrar(tipo=TipoEvento.DATOS_PERSONALES, request=request, objeto=solicitud.persona)
    contexto = selectors.consulta(solicitud.persona, request.user) | {"solicitud": solicitud}
    return render(request, "habeas/reporte.html", contexto)
