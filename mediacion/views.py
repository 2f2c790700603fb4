"""Pantallas de la mediación de un caso: programar, registrar y reprogramar sesiones; emitir y
corregir actas y constancias; adjuntar el documento firmado.

Como en `casos.views`: el caso por `visible_para` (fuera del alcance, 404), la sesión o el
documento de ese caso (si no, 404), el permiso de gestionar (si no, 403), el formulario, el
servicio, el mensaje y de vuelta a la página.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casos import alcance
from casos.forms import AdjuntoForm, errores_de_servicio
from casos.models import Caso, DocumentoMediacionTipo, Estado
from casos.presentacion import parte_para
from casos.services import ConflictoDeVersion, puede_mediarse
from casos.views import accion_con_formulario, conflicto_en
from comun.archivos import respuesta_de_descarga
from comun.consultas import visible_o_404
from mediacion import selectors, services
from mediacion.forms import (
    CancelacionForm,
    CorreccionForm,
    ProgramarForm,
    RegistroSesionForm,
    ReprogramarForm,
)
from mediacion.models import DocumentoFirmado, DocumentoMediacion, EstadoSesion, SesionMediacion


def _caso(request, radicado) -> Caso:
    return visible_o_404(
        Caso.objects.select_related("municipio", "tipo", "gestor"), request.user, radicado=radicado
    )


def _gestionable(request, radicado) -> Caso:
    caso = _caso(request, radicado)
    if not alcance.puede_gestionar(request.user, caso):
        raise PermissionDenied
    return caso


def _sesion_del_caso(caso, pk) -> SesionMediacion:
    sesion = get_object_or_404(SesionMediacion.objects.select_related("sector"), caso=caso, pk=pk)
    sesion.caso = caso
    return sesion


def _ya_no_programada(request, sesion):
    """Registrar, reprogramar o cancelar una sesión que ya no está programada: se avisa y se
    vuelve a ella (dos pestañas, un envío repetido)."""
    messages.info(request, _("La sesión ya está «%(e)s».") % {"e": sesion.get_estado_display()})
    return redirect(sesion)


def _documento(caso, pk) -> DocumentoMediacion:
    documento = get_object_or_404(DocumentoMediacion, caso=caso, pk=pk)
    documento.caso = caso
    return documento


def sesion_nueva(request, radicado):
    caso = _gestionable(request, radicado)
    if caso.estado != Estado.EN_MEDIACION and not puede_mediarse(caso):
        messages.info(request, _("Este caso no está en mediación ni puede pasar a ella."))
        return redirect(caso)
    form = ProgramarForm(request.POST or None, caso=caso, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            sesion = services.sesion_programar(
                caso=caso,
                autor=request.user,
                datos=form.datos_sesion(),
                partes=list(form.cleaned_data["partes"]),
                version=form.cleaned_data["version"],
            )
        except ConflictoDeVersion as conflicto:
            conflicto_en(form, conflicto)
        except ValidationError as error:
            errores_de_servicio(form, error)
        else:
            messages.success(
                request,
                _("Sesión programada. Imprima o comparta la citación de cada parte."),
            )
            return redirect(sesion)
    return render(
        request,
        "mediacion/sesion_form.html",
        {"caso": caso, "form": form, "titulo": _("Programar sesión de mediación")},
        status=400 if form.errors else 200,
    )


@require_GET
def sesion_detalle(request, radicado, pk):
    caso = _caso(request, radicado)
    sesion = _sesion_del_caso(caso, pk)
    puede = alcance.puede_gestionar(request.user, caso)
    citaciones = list(sesion.citaciones.select_related("parte__persona").order_by("parte"))
    ve_documentos = alcance.ve_evidencias(
        request.user, caso, con_menores=any(c.parte.persona.es_menor for c in citaciones)
    )
    documentos = selectors.con_vigencia(sesion.documentos.order_by("consecutivo", "version"))
    contexto = {
        "caso": caso,
        "sesion": sesion,
        "citaciones": [(c, parte_para(request.user, caso, c.parte)) for c in citaciones],
        "documentos": documentos,
        "ve_documentos": ve_documentos,
        "puede_gestionar": puede and caso.estado == Estado.EN_MEDIACION,
        "anterior": SesionMediacion.objects.filter(nueva=sesion).first(),
        # Se registra cuando ya empezó (antes, el botón no se ofrece).
        "empezo": sesion.inicio <= timezone.now(),
    }
    if contexto["puede_gestionar"] and (
        tipo := selectors.constancia_por_emitir(sesion, documentos)
    ):
        contexto["emitir"] = tipo
        contexto["emitir_nombre"] = DocumentoMediacionTipo(tipo).label
    return render(request, "mediacion/sesion_detail.html", contexto)


def sesion_registro(request, radicado, pk):
    caso = _gestionable(request, radicado)
    sesion = _sesion_del_caso(caso, pk)
    if sesion.estado != EstadoSesion.PROGRAMADA:
        return _ya_no_programada(request, sesion)
    form = RegistroSesionForm(request.POST or None, sesion=sesion, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.sesion_registrar(
                sesion=sesion,
                autor=request.user,
                asistencia=form.asistencia(),
                realizada=form.cleaned_data["realizada"] == "si",
                resumen=form.cleaned_data["resumen"],
            )
        except ValidationError as error:
            errores_de_servicio(form, error)
        else:
            messages.success(request, _("Sesión registrada."))
            return redirect(sesion)
    return render(
        request,
        "mediacion/sesion_registro.html",
        {"caso": caso, "sesion": sesion, "form": form},
        status=400 if form.errors else 200,
    )


def sesion_reprogramacion(request, radicado, pk):
    caso = _gestionable(request, radicado)
    sesion = _sesion_del_caso(caso, pk)
    if sesion.estado != EstadoSesion.PROGRAMADA:
        return _ya_no_programada(request, sesion)
    form = ReprogramarForm(request.POST or None, sesion=sesion)
    if request.method == "POST" and form.is_valid():
        try:
            nueva = services.sesion_reprogramar(
                sesion=sesion,
                autor=request.user,
                datos=form.datos_sesion(),
                motivo=form.cleaned_data["motivo"],
            )
        except ValidationError as error:
            errores_de_servicio(form, error)
        else:
            messages.success(request, _("Sesión reprogramada. Entregue las citaciones nuevas."))
            return redirect(nueva)
    return render(
        request,
        "mediacion/sesion_form.html",
        {"caso": caso, "sesion": sesion, "form": form, "titulo": _("Reprogramar la sesión")},
        status=400 if form.errors else 200,
    )


def sesion_cancelacion(request, radicado, pk):
    caso = _gestionable(request, radicado)
    sesion = _sesion_del_caso(caso, pk)
    if sesion.estado != EstadoSesion.PROGRAMADA:
        return _ya_no_programada(request, sesion)
    form = CancelacionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sesion_cancelar(
                sesion=sesion, autor=request.user, motivo=form.cleaned_data["motivo"]
            )
        except ValidationError as error:
            errores_de_servicio(form, error)
        else:
            messages.success(request, _("Sesión cancelada. Avise a las personas citadas."))
            return redirect(sesion)
    return render(
        request,
        "casos/accion_form.html",
        {
            "caso": caso,
            "form": form,
            "titulo": _("Cancelar la sesión %(n)d") % {"n": sesion.numero},
            "boton": _("Cancelar la sesión"),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def documento_nuevo(request, radicado):
    caso = _gestionable(request, radicado)
    tipo = request.POST.get("tipo", "")
    sesion = None
    if tipo not in DocumentoMediacionTipo.values:
        messages.error(request, _("Elija el documento que va a emitir."))
        return redirect(caso)
    if request.POST.get("sesion", "").isdigit():
        sesion = SesionMediacion.objects.filter(caso=caso, pk=request.POST["sesion"]).first()
    try:
        documento = services.documento_emitir(
            caso=caso, autor=request.user, tipo=tipo, sesion=sesion
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(sesion or caso)
    messages.success(
        request,
        _("Se emitió %(doc)s. Imprima el documento para la firma de las partes.")
        % {"doc": documento},
    )
    return redirect(documento)


def documento_correccion(request, radicado, pk):
    caso = _gestionable(request, radicado)
    documento = _documento(caso, pk)
    if not documento.es_vigente:
        messages.info(request, _("Esta versión ya fue corregida: corrija la vigente."))
        return redirect(documento)
    form = CorreccionForm(request.POST or None, documento=documento)
    if request.method == "POST" and form.is_valid():
        try:
            nueva = services.documento_corregir(
                documento=documento,
                autor=request.user,
                motivo=form.cleaned_data["motivo"],
                tipo=form.cleaned_data.get("tipo", ""),
            )
        except ValidationError as error:
            errores_de_servicio(form, error)
        else:
            messages.success(
                request,
                _("Se emitió la versión %(v)d de %(n)s.") % {"v": nueva.version, "n": nueva.numero},
            )
            return redirect(nueva)
    return render(
        request,
        "mediacion/documento_correccion.html",
        {"caso": caso, "documento": documento, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def firmado_nuevo(request, radicado, pk):
    caso = _gestionable(request, radicado)
    documento = _documento(caso, pk)
    return accion_con_formulario(
        request,
        caso,
        AdjuntoForm(request.POST, request.FILES),
        lambda d: services.firmado_adjuntar(
            documento=documento,
            autor=request.user,
            archivo=d["archivo"],
            descripcion=d["descripcion"],
        ),
        _("Documento firmado adjuntado."),
        _("Adjuntar el documento firmado"),
        destino=documento,
    )


@require_GET
def firmado_descargar(request, radicado, pk, firmado):
    caso = _caso(request, radicado)
    if not alcance.ve_evidencias(request.user, caso):
        raise Http404  # quien no ve los documentos del caso no sabe de sus archivos
    documento = _documento(caso, pk)
    return respuesta_de_descarga(
        get_object_or_404(DocumentoFirmado, documento=documento, pk=firmado)
    )
