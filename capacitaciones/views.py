"""Pantallas de actividades, asistencia, currículo y certificados."""

import calendar
import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from capacitaciones import alcance, selectors, services
from capacitaciones.filters import ActividadFilter
from capacitaciones.forms import (
    ActividadForm,
    AsistenciaForm,
    CancelarForm,
    ConteosForm,
    GestoresAsistentesForm,
    RealizadaForm,
)
from capacitaciones.models import (
    Actividad,
    EstadoActividad,
    TipoActividad,
)
from casos.forms import AdjuntoForm, errores_de_servicio
from casos.models import AvisoPrivacidad
from casos.presentacion import enmascarar, enmascarar_documento
from comun.archivos import respuesta_de_descarga
from comun.consultas import visible_o_404
from comun.filtros import filtros_aplicados
from comun.paginacion import paginar
from gestores.models import Rol
from municipios.models import Municipio


def _actividad(request, pk) -> Actividad:
    consulta = Actividad.objects.select_related("municipio", "sector", "modulo")
    return visible_o_404(consulta, request.user, pk=pk)


def _gestionable(request, pk) -> Actividad:
    actividad = _actividad(request, pk)
    if not alcance.puede_gestionar(request.user, actividad):
        raise PermissionDenied
    return actividad


@require_GET
def actividad_lista(request):
    base = selectors.actividades_para_lista(request.user)
    filtro = ActividadFilter(
        request.GET or None, queryset=base.order_by("-inicio"), user=request.user
    )
    if request.GET.get("vista") == "calendario":
        return _calendario(request, filtro)
    pagina, parametros = paginar(request, filtro.qs.para_lista())
    return render(
        request,
        "capacitaciones/actividad_list.html",
        {
            "filtro": filtro,
            "pagina": pagina,
            "filtros_aplicados": filtros_aplicados(filtro),
            "parametros": parametros,
        },
    )


def _calendario(request, filtro):
    hoy = timezone.localdate()
    primero = hoy.replace(day=1)
    pedido = request.GET.get("mes", "")
    if pedido:
        # AAAA-MM entre 1900 y 2100: un año como 0001 o 9999 desborda el mes anterior o el
        # siguiente (OverflowError); se muestra el mes actual con un aviso.
        valido = re.fullmatch(r"(\d{4})-(\d{1,2})", pedido)
        if valido and 1900 <= int(valido[1]) <= 2100 and 1 <= int(valido[2]) <= 12:
            primero = datetime.date(int(valido[1]), int(valido[2]), 1)
        else:
            messages.warning(
                request,
                _(
                    "«%(mes)s» no es un mes válido (AAAA-MM, entre 1900 y 2100): "
                    "se muestra el actual."
                )
                % {"mes": pedido[:20]},
            )
    semanas = calendar.Calendar(firstweekday=0).monthdatescalendar(primero.year, primero.month)
    por_dia = selectors.actividades_por_dia(filtro.qs, desde=semanas[0][0], hasta=semanas[-1][-1])
    anterior = (primero - datetime.timedelta(days=1)).replace(day=1)
    siguiente = (primero + datetime.timedelta(days=32)).replace(day=1)
    parametros = request.GET.copy()
    parametros.pop("mes", None)
    return render(
        request,
        "capacitaciones/actividad_calendario.html",
        {
            "filtro": filtro,
            "filtros_aplicados": filtros_aplicados(filtro),
            "primero": primero,
            "hoy": hoy,
            "semanas": [[(dia, por_dia.get(dia, [])) for dia in semana] for semana in semanas],
            "anterior": anterior,
            "siguiente": siguiente,
            "parametros": parametros.urlencode(),
        },
    )


def actividad_nueva(request):
    if not alcance.puede_registrar(request.user):
        raise PermissionDenied
    municipio = get_object_or_404(Municipio, pk=request.user.perfil.municipio_id)
    form = ActividadForm(request.POST or None, municipio=municipio)
    if request.method == "POST" and form.is_valid():
        datos = form.cleaned_data
        try:
            actividad = services.actividad_registrar(
                municipio=municipio,
                autor=request.user,
                tipo=datos["tipo"],
                tema=datos["tema"],
                modulo=datos["modulo"],
                lugar=datos["lugar"],
                inicio=datos["inicio"],
                fin=datos["fin"],
                publico_objetivo=datos["publico_objetivo"],
                sector=datos["sector"],
                compromisos=datos["compromisos"],
                facilitadores=[request.user],
                entidades=datos["entidades"],
                organizaciones=datos["organizaciones"],
            )
        except ValidationError as error:
            errores_de_servicio(form, error)
        else:
            messages.success(request, _("Actividad registrada."))
            return redirect(actividad)
    return render(
        request, "capacitaciones/actividad_form.html", {"form": form, "municipio": municipio}
    )


@require_GET
def actividad_detalle(request, pk):
    actividad = _actividad(request, pk)
    contexto = {
        "actividad": actividad,
        "cifras": selectors.cifras_actividad(actividad),
        **selectors.actividad_ficha(actividad),
        "puede_gestionar": alcance.puede_gestionar(request.user, actividad),
    }
    # Por asistente: el nombre y el certificado, solo a quien los ve (los menores, más estricto).
    responde = alcance.responde_por(request.user, actividad)
    ve_datos = responde or alcance.ve_datos_de_asistentes(request.user, actividad)
    for registrada in contexto["asistencias"]:
        registrada.ve_datos = responde if registrada.persona.es_menor else ve_datos
    if contexto["puede_gestionar"]:
        contexto |= {
            "form_cancelar": CancelarForm(),
            "form_realizada": RealizadaForm(),
            "form_evidencia": AdjuntoForm(),
        }
    return render(request, "capacitaciones/actividad_detail.html", contexto)


def asistencia(request, pk):
    """La pantalla de asistencia durante el evento: documento, nombre, guardar, siguiente."""
    actividad = _gestionable(request, pk)
    aviso = AvisoPrivacidad.vigente()
    form = AsistenciaForm(
        request.POST or None, request.FILES or None, actividad=actividad, aviso=aviso
    )
    if request.method == "POST" and form.is_valid():
        try:
            nueva, _creada = services.asistencia_registrar(
                actividad=actividad,
                autor=request.user,
                datos=form.datos_persona(),
                organizacion=form.cleaned_data["organizacion"],
                comparendo=form.cleaned_data["comparendo"],
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            errores_de_servicio(form, error)
        else:
            messages.success(
                request,
                _("%(persona)s quedó registrada.") % {"persona": nueva.persona.nombre_completo},
            )
            return redirect("capacitaciones:asistencia", pk=actividad.pk)
    # Los nombres de los últimos registrados, solo para quien ve los datos de los asistentes
    # (quien responde por la actividad y el coordinador); a otro gestor del municipio que ayuda
    # a registrar, enmascarados.
    ve_nombres = alcance.ve_datos_de_asistentes(request.user, actividad)
    ve_menores = alcance.responde_por(request.user, actividad)
    recientes = [
        (persona.nombre_completo, persona.documento)
        if ve_nombres and (ve_menores or not persona.es_menor)
        else (
            enmascarar(persona.nombre_completo),
            enmascarar_documento(persona.tipo_documento, persona.numero_documento),
        )
        for persona in (registro.persona for registro in selectors.asistencias_recientes(actividad))
    ]
    total = selectors.asistencias_total(actividad)
    return render(
        request,
        "capacitaciones/asistencia.html",
        {
            "actividad": actividad,
            "form": form,
            "recientes": recientes,
            "total": total,
            "aviso": aviso,
        },
        status=400 if form.errors else 200,
    )


def conteos(request, pk):
    actividad = _gestionable(request, pk)
    form = ConteosForm(request.POST or None, initial=selectors.conteos_iniciales(actividad))
    if request.method == "POST" and form.is_valid():
        try:
            services.conteos_guardar(
                actividad=actividad,
                autor=request.user,
                por_sexo_y_edad=form.por_sexo_y_edad(),
                por_enfoque=form.por_enfoque(),
            )
        except ValidationError as error:
            errores_de_servicio(form, error)
        else:
            messages.success(request, _("Conteos guardados."))
            return redirect(actividad)
    return render(request, "capacitaciones/conteos.html", {"actividad": actividad, "form": form})


def gestores_asistentes(request, pk):
    actividad = _gestionable(request, pk)
    if actividad.tipo != TipoActividad.CAPACITACION:
        raise Http404
    inicial = {"gestores": selectors.gestores_que_asistieron(actividad)}
    form = GestoresAsistentesForm(request.POST or None, actividad=actividad, initial=inicial)
    if request.method == "POST" and form.is_valid():
        try:
            services.asistencia_gestores_registrar(
                actividad=actividad, autor=request.user, gestores=form.cleaned_data["gestores"]
            )
        except ValidationError as error:
            errores_de_servicio(form, error)
        else:
            messages.success(request, _("Asistencia de los gestores guardada."))
            return redirect(actividad)
    return render(
        request, "capacitaciones/gestores_asistentes.html", {"actividad": actividad, "form": form}
    )


@require_POST
def marcar_realizada(request, pk):
    actividad = _gestionable(request, pk)
    form = RealizadaForm(request.POST)
    try:
        form.is_valid()
        services.actividad_marcar_realizada(
            actividad=actividad,
            autor=request.user,
            compromisos=form.cleaned_data.get("compromisos") or None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Actividad marcada como realizada."))
    return redirect(actividad)


@require_POST
def cancelar(request, pk):
    actividad = _gestionable(request, pk)
    form = CancelarForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Diga por qué se cancela la actividad."))
        return redirect(actividad)
    try:
        services.actividad_cancelar(
            actividad=actividad, autor=request.user, motivo=form.cleaned_data["motivo"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Actividad cancelada."))
    return redirect(actividad)


@require_POST
def evidencia_subir(request, pk):
    actividad = _gestionable(request, pk)
    form = AdjuntoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidencia_actividad_subir(
                actividad=actividad,
                autor=request.user,
                archivo=form.cleaned_data["archivo"],
                descripcion=form.cleaned_data["descripcion"],
            )
        except ValidationError as error:
            errores_de_servicio(form, error)
        else:
            messages.success(request, _("Evidencia adjunta."))
            return redirect(actividad)
    # El formulario de nuevo, con su resumen de errores y la descripción escrita (sin guardar).
    return render(
        request,
        "casos/accion_form.html",
        {
            "form": form,
            "titulo": _("Adjuntar evidencia"),
            "volver_url": actividad.get_absolute_url(),
            "volver_texto": _("la actividad"),
        },
        status=400,
    )


@require_GET
def evidencia_descargar(request, pk, evidencia):
    actividad = _actividad(request, pk)
    archivo = get_object_or_404(selectors.evidencias_de(actividad), pk=evidencia)
    return respuesta_de_descarga(archivo)


@require_GET
def certificado(request, pk):
    """Certificado de asistencia imprimible (una página)."""
    asistencia = visible_o_404(selectors.asistencias_con_actividad(), request.user, pk=pk)
    if asistencia.actividad.estado != EstadoActividad.REALIZADA:
        raise Http404
    if not alcance.puede_imprimir_certificado(request.user, asistencia):
        raise Http404
    url_verificacion = request.build_absolute_uri(reverse("verificar", args=[asistencia.codigo]))
    return render(
        request,
        "capacitaciones/certificado.html",
        {
            "asistencia": asistencia,
            "actividad": asistencia.actividad,
            "url_verificacion": url_verificacion,
        },
    )


@login_not_required
@require_GET
def verificar(request, codigo):
    """Público: confirma un certificado mostrando solo la actividad, la fecha y las iniciales."""
    asistencia = selectors.certificado_por_codigo(codigo)
    if asistencia is None:
        return render(request, "capacitaciones/verificar.html", {"codigo": codigo}, status=404)
    persona = asistencia.persona
    nombre = f"{persona.nombres} {persona.apellidos}"
    iniciales = "".join(f"{palabra[0]}." for palabra in nombre.split() if palabra)
    return render(
        request,
        "capacitaciones/verificar.html",
        {"asistencia": asistencia, "actividad": asistencia.actividad, "iniciales": iniciales},
    )


@require_GET
def curriculo(request):
    """El currículo y el avance de los gestores (coordinador, secretaría, AMB)."""
    perfil = getattr(request.user, "perfil", None)
    if perfil is None or perfil.rol == Rol.ENLACE:
        raise PermissionDenied
    gestores = selectors.gestores_del_curriculo(request.user)
    return render(request, "capacitaciones/curriculo.html", selectors.avance_gestores(gestores))


@require_GET
def persona_buscar(request):
    """¿Ya conocemos a este asistente? Entre las personas cuyos datos el usuario puede ver."""
    if not alcance.puede_registrar(request.user):
        raise PermissionDenied
    persona = selectors.persona_por_documento(
        request.user, tipo=request.GET.get("tipo", ""), numero=request.GET.get("numero", "")
    )
    if persona is None:
        return JsonResponse({"encontrada": False})
    return JsonResponse(
        {
            "encontrada": True,
            "nombres": persona.nombres,
            "apellidos": persona.apellidos,
            "sexo": persona.sexo,
            "edad": persona.edad_actual,
        }
    )
