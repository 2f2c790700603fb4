"""Pantallas de casos. Cada vista toma el caso por `visible_para` (fuera del alcance: 404),
autoriza la acción (si no puede: 403), llama al servicio, avisa y redirige."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from auditoria.eventos import evento_registrar
from auditoria.models import TipoEvento
from casos import alcance, selectors, services
from casos.adjuntos import adjunto_subir
from casos.filters import AVANZADOS, CasoFilter
from casos.forms import (
    ActuacionForm,
    AcuerdoForm,
    AdjuntoForm,
    CasoEditarForm,
    CasoForm,
    CierreForm,
    CompromisosFormSet,
    ReasignarForm,
    VerificacionForm,
    errores_de_servicio,
)
from casos.forms_personas import PartesFormSet, lo_escrito, partes_rehechas
from casos.models import Acuerdo, Adjunto, AvisoPrivacidad, Caso
from comun.archivos import respuesta_de_descarga
from comun.consultas import visible_o_404
from comun.filtros import filtros_aplicados
from comun.paginacion import PaginadorConTope, paginar
from municipios.alcance import municipio_de_alcance


def _caso(request, radicado) -> Caso:
    return visible_o_404(
        Caso.objects.select_related("municipio", "tipo", "sector", "gestor"),
        request.user,
        radicado=radicado,
    )


def accion_de_caso(permiso):
    """Decorador de las acciones sobre un caso: POST, caso visible (404) y permiso (403)."""

    def decorador(vista):
        @wraps(vista)
        def envoltura(request, radicado, *args, **kwargs):
            caso = _caso(request, radicado)
            if not permiso(request.user, caso):
                raise PermissionDenied
            try:
                return vista(request, caso, *args, **kwargs)
            except services.ConflictoDeVersion:
                messages.error(
                    request,
                    _(
                        "Otra persona cambió el caso mientras usted lo tenía abierto. Revise los "
                        "datos actuales y vuelva a intentarlo."
                    ),
                )
                return redirect(caso)

        return envoltura

    return decorador


@require_GET
def mis_casos(request):
    casos = selectors.mis_casos(request.user)
    pagina, parametros = paginar(request, casos)
    return render(request, "casos/mis_casos.html", {"pagina": pagina, "parametros": parametros})


@require_GET
def caso_lista(request):
    filtro = CasoFilter(
        request.GET or None,
        queryset=selectors.casos_para_lista(request.user).order_by(
            "-fecha_recepcion", "-consecutivo"
        ),
        user=request.user,
    )
    busqueda = request.GET.get("q", "").strip()
    paginador = PaginadorConTope if busqueda else Paginator
    # «Más filtros» (`panel`) abre el panel una vez, no en cada página.
    pagina, parametros = paginar(request, filtro.qs, paginador=paginador, quitar=["panel"])
    pagina.object_list = selectors.con_alertas_de(pagina.object_list)
    return render(
        request,
        "casos/caso_list.html",
        {
            "filtro": filtro,
            "pagina": pagina,
            "filtros_aplicados": filtros_aplicados(filtro),
            "parametros": parametros,
            "avanzados": AVANZADOS,
            "busqueda": busqueda,
            "busca_personas": bool(alcance.puede_buscar_por_partes(request.user)),
            # Los filtros de «Más filtros» se dibujan cuando se piden o están en uso: son la
            # mitad del costo de la página.
            # El formulario de filtros se guarda ya dibujado (es lo más lento de la página):
            # depende solo del alcance (qué municipios, sectores y gestores ofrece) y de la URL.
            "alcance_filtros": "{}:{}".format(*municipio_de_alcance(request.user)),
            "con_avanzados": "mas" in request.GET
            or any(request.GET.get(campo) for campo in AVANZADOS),
        },
    )


def caso_nuevo(request):
    if not alcance.puede_registrar(request.user):
        raise PermissionDenied
    # El municipio ya vino con el perfil (gestores.perfiles.PerfilMiddleware): sin otra consulta.
    municipio = request.user.perfil.municipio
    if municipio is None:
        raise Http404
    aviso = AvisoPrivacidad.vigente()
    if request.method == "POST":
        form = CasoForm(request.POST, user=request.user, municipio=municipio)
        partes = PartesFormSet(
            request.POST, request.FILES, prefix="partes", form_kwargs={"aviso": aviso}
        )
        if "agregar_parte" in request.POST or "quitar_parte" in request.POST:
            # Los botones de agregar y quitar sin JavaScript: la misma página con un bloque más o
            # uno menos, lo escrito en su sitio, sin errores a la vista y sin crear nada.
            form = CasoForm(initial=lo_escrito(form), user=request.user, municipio=municipio)
            partes = partes_rehechas(
                partes,
                agregar="agregar_parte" in request.POST,
                quitar=_indice(request.POST.get("quitar_parte")),
            )
        elif form.is_valid() and partes.is_valid():
            datos = form.cleaned_data
            try:
                caso, creado = services.caso_registrar(
                    municipio=municipio,
                    autor=request.user,
                    partes=partes.datos_partes(),
                    token=datos["token"],
                    **form.datos_del_caso(),
                )
            except ValidationError as error:
                errores_de_servicio(form, error)
            except IntegrityError:
                # Dos envíos del mismo formulario a la vez: el otro ya creó el caso.
                caso = visible_o_404(Caso.objects, request.user, token_registro=datos["token"])
                return redirect(caso)
            else:
                if creado:
                    messages.success(
                        request, _("Caso %(radicado)s registrado.") % {"radicado": caso.radicado}
                    )
                return redirect(caso)
    else:
        form = CasoForm(user=request.user, municipio=municipio)
        partes = PartesFormSet(prefix="partes", form_kwargs={"aviso": aviso})
    return render(
        request,
        "casos/caso_form.html",
        {"form": form, "partes": partes, "municipio": municipio, "aviso": aviso},
    )


def _indice(valor) -> int | None:
    try:
        return int(valor)
    except (TypeError, ValueError):
        return None


@require_GET
def caso_detalle(request, radicado):
    caso = _caso(request, radicado)
    contexto = selectors.caso_detalle(request.user, caso)
    if contexto["partes"] and alcance.ve_datos_personales(request.user, caso):
        evento_registrar(tipo=TipoEvento.DATOS_PERSONALES, request=request, objeto=caso)
    if contexto["puede_gestionar"] and caso.abierto:
        contexto |= {
            "form_actuacion": ActuacionForm(),
            "form_cierre": CierreForm(caso=caso),
            "form_adjunto": AdjuntoForm(),
            # Las opciones del formulario en línea de cada acuerdo, sin armar uno que no se
            # pinta (las de cada remisión las da la etiqueta `medios_de_recepcion`).
            "resultados_verificacion": VerificacionForm.base_fields["resultado"].choices,
        }
        if contexto["puede_reasignar"]:
            contexto["form_reasignar"] = ReasignarForm(caso=caso)
    return render(request, "casos/caso_detail.html", contexto)


def caso_edicion(request, radicado):
    caso = _caso(request, radicado)
    if not alcance.puede_gestionar(request.user, caso):
        raise PermissionDenied
    actual = None
    if request.method == "POST":
        form = CasoEditarForm(request.POST, caso=caso)
        if form.is_valid():
            datos = dict(form.cleaned_data)
            version = datos.pop("version")
            try:
                services.caso_editar(caso=caso, autor=request.user, version=version, **datos)
            except services.ConflictoDeVersion as conflicto:
                # Se queda lo que la persona escribió; se le muestran los valores vigentes.
                actual = conflicto.caso
                form.data = form.data.copy()
                form.data["version"] = actual.version
                form.add_error(
                    None,
                    _(
                        "Otra persona cambió este caso mientras usted lo editaba. Abajo están "
                        "los datos vigentes; su versión sigue en el formulario. Revísela y "
                        "guarde de nuevo."
                    ),
                )
            except ValidationError as error:
                errores_de_servicio(form, error)
            else:
                messages.success(request, _("Datos del caso actualizados."))
                return redirect(caso)
    else:
        form = CasoEditarForm(caso=caso)
    return render(request, "casos/caso_editar.html", {"caso": caso, "form": form, "actual": actual})


AVISO_CONFLICTO = gettext_lazy(
    "El caso cambió mientras usted lo tenía abierto (otra persona, otra pestaña o un envío "
    "repetido). Lo que escribió sigue aquí: revise el caso y, si todavía hace falta, envíelo de "
    "nuevo."
)


def conflicto_en(form, conflicto):
    """Deja lo escrito en `form`, con la versión vigente del caso y el aviso arriba."""
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = conflicto.caso.version
    form.add_error(None, AVISO_CONFLICTO)


def accion_con_formulario(
    request, caso, form, hacer, exito, plantilla_titulo, boton=None, destino=None
):
    """Valida `form`, llama `hacer(datos)` y vuelve a `destino` (el caso, si no se dice); con
    error, muestra el formulario con lo escrito.

    Si el caso cambió desde que se abrió (otra persona, otra pestaña o un envío repetido), lo
    escrito también se queda: el formulario vuelve con la versión vigente y el aviso.
    """
    if form.is_valid():
        try:
            hacer(form.cleaned_data)
        except services.ConflictoDeVersion as conflicto:
            conflicto_en(form, conflicto)
        except ValidationError as error:
            errores_de_servicio(form, error)
        else:
            messages.success(request, exito)
            return redirect(destino or caso)
    return render(
        request,
        "casos/accion_form.html",
        {"caso": caso, "form": form, "titulo": plantilla_titulo, "boton": boton},
        status=400,
    )


@require_POST
@accion_de_caso(alcance.puede_gestionar)
def actuacion_nueva(request, caso):
    return accion_con_formulario(
        request,
        caso,
        ActuacionForm(request.POST),
        lambda d: services.actuacion_registrar(
            caso=caso,
            autor=request.user,
            tipo=d["tipo"],
            descripcion=d["descripcion"],
            fecha=d["fecha"],
        ),
        _("Actuación registrada."),
        _("Registrar actuación"),
        boton=_("Guardar actuación"),
    )


@require_POST
@accion_de_caso(alcance.puede_gestionar)
def mediacion_iniciar(request, caso):
    version = request.POST.get("version", "")
    try:
        services.caso_iniciar_mediacion(
            caso=caso, autor=request.user, version=int(version) if version.isdigit() else -1
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Mediación iniciada."))
    return redirect(caso)


@accion_de_caso(alcance.puede_gestionar)
def acuerdo_nuevo(request, caso):
    if not services.acepta_acuerdo(caso):  # la misma regla que aplica el servicio
        messages.info(request, _("Un acuerdo se registra en un caso en mediación."))
        return redirect(caso)
    partes = caso.partes.select_related("persona")
    datos = request.POST if request.method == "POST" else None
    form = AcuerdoForm(datos, initial={"version": caso.version})
    compromisos = CompromisosFormSet(datos, prefix="compromisos", form_kwargs={"partes": partes})
    if request.method == "POST" and form.is_valid() and compromisos.is_valid():
        d = form.cleaned_data
        try:
            services.acuerdo_registrar(
                caso=caso,
                autor=request.user,
                fecha=d["fecha"],
                descripcion=d["descripcion"],
                fecha_verificacion=d["fecha_verificacion"],
                compromisos=[f.datos() for f in compromisos.forms if f.has_changed()],
                version=d["version"],
            )
        except services.ConflictoDeVersion as conflicto:
            conflicto_en(form, conflicto)
        except ValidationError as error:
            errores_de_servicio(form, error)
        else:
            messages.success(request, _("Acuerdo registrado."))
            return redirect(caso)
    return render(
        request, "casos/acuerdo_form.html", {"caso": caso, "form": form, "compromisos": compromisos}
    )


@require_POST
@accion_de_caso(alcance.puede_gestionar)
def acuerdo_verificacion(request, caso, pk):
    acuerdo = get_object_or_404(Acuerdo, caso=caso, pk=pk)
    return accion_con_formulario(
        request,
        caso,
        VerificacionForm(request.POST),
        lambda d: services.acuerdo_verificar(
            acuerdo=acuerdo,
            autor=request.user,
            fecha=d["fecha"],
            resultado=d["resultado"],
            observacion=d["observacion"],
        ),
        _("Verificación registrada."),
        _("Verificar el acuerdo"),
    )


@require_POST
@accion_de_caso(alcance.puede_gestionar)
def caso_cierre(request, caso):
    if not caso.abierto:
        messages.info(
            request,
            _("El caso ya está «%(estado)s».") % {"estado": caso.get_estado_display()},
        )
        return redirect(caso)
    return accion_con_formulario(
        request,
        caso,
        CierreForm(request.POST, caso=caso),
        lambda d: services.caso_cerrar(
            caso=caso,
            autor=request.user,
            resultado=d["resultado"],
            observacion=d["observacion"],
            version=d["version"],
        ),
        _("Caso cerrado."),
        _("Cerrar el caso"),
        boton=_("Cerrar"),
    )


@require_POST
@accion_de_caso(alcance.puede_reasignar)
def caso_reasignacion(request, caso):
    return accion_con_formulario(
        request,
        caso,
        ReasignarForm(request.POST, caso=caso),
        lambda d: services.caso_reasignar(
            caso=caso, autor=request.user, gestor=d["gestor"], version=d["version"]
        ),
        _("Caso reasignado."),
        _("Reasignar el caso"),
    )


@require_POST
@accion_de_caso(alcance.puede_gestionar)
def adjunto_nuevo(request, caso):
    return accion_con_formulario(
        request,
        caso,
        AdjuntoForm(request.POST, request.FILES),
        lambda d: adjunto_subir(
            caso=caso, autor=request.user, archivo=d["archivo"], descripcion=d["descripcion"]
        ),
        _("Archivo adjuntado."),
        _("Adjuntar evidencia"),
    )


@require_GET
def adjunto_descargar(request, radicado, pk):
    caso = _caso(request, radicado)
    if not alcance.ve_evidencias(request.user, caso):
        raise Http404  # como si no existiera: quien ve el caso enmascarado no sabe de sus archivos
    adjunto = get_object_or_404(Adjunto, caso=caso, pk=pk)
    return respuesta_de_descarga(adjunto)


@require_GET
def caso_historial(request, radicado):
    caso = _caso(request, radicado)
    if not (
        alcance.puede_reasignar(request.user, caso) or alcance.municipio_de_alcance(request.user)[0]
    ):
        raise PermissionDenied
    registros = selectors.historial(caso, request.user)
    return render(request, "casos/caso_historial.html", {"caso": caso, "registros": registros})


@require_GET
def persona_buscar(request):
    """Para el formulario de partes: ¿ya conocemos a esta persona? Solo las que el usuario ve."""
    if not alcance.puede_registrar(request.user):
        raise PermissionDenied
    persona = selectors.persona_por_documento(
        request.user, request.GET.get("tipo", ""), request.GET.get("numero", "")
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
