"""La bandeja de remisiones de un enlace institucional (inspección, estación MEBAR, comisaría…).

El enlace ve el caso solo a través de la remisión: los hechos, el tipo, el riesgo, las partes
que necesita para actuar y el contacto del gestor; nunca otros casos del municipio.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from auditoria.eventos import evento_registrar
from auditoria.models import TipoEvento
from casos import alcance, services
from casos.forms import FECHA, errores_de_servicio, no_futura
from casos.models import REMISION_CERRADA, Parte, Remision
from comun.paginacion import paginar
from gestores.models import Rol


class RespuestaEnlaceForm(forms.Form):
    fecha = forms.DateField(
        label=gettext_lazy("Fecha de respuesta"), widget=FECHA, initial=timezone.localdate
    )
    respuesta = forms.CharField(
        label=gettext_lazy("Respuesta"), widget=forms.Textarea(attrs={"rows": 3})
    )
    accion_tomada = forms.CharField(
        label=gettext_lazy("Acción tomada"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    archivo = forms.FileField(
        label=gettext_lazy("Archivo de la respuesta (opcional: PDF, JPG o PNG, hasta 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def clean_fecha(self):
        return no_futura(self.cleaned_data.get("fecha"))


class DevolucionForm(forms.Form):
    motivo = forms.CharField(
        label=gettext_lazy("Por qué la entidad no es competente"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _es_enlace(user) -> bool:
    perfil = getattr(user, "perfil", None)
    return bool(perfil and perfil.rol == Rol.ENLACE)


def _remision(request, pk) -> Remision:
    if not _es_enlace(request.user):
        raise PermissionDenied
    return get_object_or_404(
        Remision.objects.visible_para(request.user).select_related(
            "caso__tipo", "caso__sector", "caso__municipio", "caso__gestor__perfil", "entidad"
        ),
        pk=pk,
    )


def _url(remision):
    return reverse("remisiones:detalle", args=[remision.pk])


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
        "casos/remisiones/bandeja.html",
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
        "casos/remisiones/detalle.html",
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
    return redirect(_url(remision))


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
            return redirect(_url(remision))
    partes = Parte.objects.filter(caso=remision.caso).select_related("persona")
    return render(
        request,
        "casos/remisiones/detalle.html",
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
        messages.error(request, _("Diga por qué la entidad no es competente."))
        return redirect(_url(remision))
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
    remision = get_object_or_404(
        Remision.objects.visible_para(request.user).select_related("caso"), pk=pk
    )
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
