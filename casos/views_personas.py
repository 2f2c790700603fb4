"""Pantallas del registro de personas: posibles duplicados (comparar, fusionar, descartar) y la
revocación de una autorización de datos. Todo pasa por la regla de alcance (404 fuera de ella)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casos import personas
from casos.forms_personas import FusionForm, RevocarForm
from casos.models import Autorizacion, EstadoDuplicado, MotivoDuplicado, Persona
from casos.presentacion import enmascarar, enmascarar_documento
from comun.paginacion import paginar
from municipios.alcance import municipio_de_alcance


@require_GET
def duplicados_lista(request):
    if not personas.puede_revisar_duplicados(request.user):
        raise PermissionDenied
    pares = (
        personas.duplicados_para(request.user)
        .pendientes()
        .select_related("municipio", "persona", "otra")
        .order_by("-detectado_en", "-pk")
    )
    pagina, parametros = paginar(request, pares)
    filas = [_par_para(request.user, par) for par in pagina.object_list]
    return render(
        request,
        "casos/duplicados_lista.html",
        {"pagina": pagina, "parametros": parametros, "filas": filas},
    )


def _ve_menores(user) -> bool:
    """En la revisión de duplicados, el coordinador ve a los menores de su municipio; el equipo
    AMB, no (DESIGN §4: los datos de menores son del gestor responsable y del coordinador)."""
    todos, _municipio = municipio_de_alcance(user)
    return not todos


def _ficha(user, persona: Persona, casos: int = 0, asistencias: int = 0) -> dict:
    reservada = persona.es_menor and not _ve_menores(user)
    return {
        "persona": persona,
        "reservada": reservada,
        "nombre": enmascarar(persona.nombre_completo) if reservada else persona.nombre_completo,
        "documento": enmascarar_documento(persona.tipo_documento, persona.numero_documento)
        if reservada
        else persona.documento,
        "casos": casos,
        "asistencias": asistencias,
    }


def _par_para(user, par) -> dict:
    return {"par": par, "a": _ficha(user, par.persona), "b": _ficha(user, par.otra)}


def duplicado_detalle(request, pk):
    par = get_object_or_404(
        personas.duplicados_para(request.user).select_related("municipio", "persona", "otra"),
        pk=pk,
    )
    form = FusionForm(request.POST or None)
    if request.method == "POST" and par.estado == EstadoDuplicado.PENDIENTE:
        try:
            if request.POST.get("accion") == "descartar":
                personas.duplicado_descartar(par=par, autor=request.user)
                messages.success(request, _("Quedó anotado: no son la misma persona."))
                return redirect("casos:duplicados")
            if form.is_valid():
                conservada, fusionada = (
                    (par.persona, par.otra)
                    if form.cleaned_data["conservar"] == "persona"
                    else (par.otra, par.persona)
                )
                fusion = personas.personas_fusionar(
                    conservada=conservada, fusionada=fusionada, autor=request.user
                )
                messages.success(
                    request,
                    _(
                        "Registros fusionados: %(n)s partes y %(m)s asistencias pasaron al "
                        "que queda."
                    )
                    % {
                        "n": fusion.movidos["partes"] + fusion.movidos["partes_unidas"],
                        "m": fusion.movidos["asistencias"],
                    },
                )
                return redirect("casos:duplicados")
        except ValidationError as error:
            form.add_error(None, error)
    cuentas = (
        Persona.objects.filter(pk__in=[par.persona_id, par.otra_id])
        .annotate(
            n_casos=Count("partes", distinct=True),
            n_asistencias=Count("asistencias", distinct=True),
        )
        .values("pk", "n_casos", "n_asistencias")
    )
    por_pk = {c["pk"]: c for c in cuentas}

    def ficha(persona):
        c = por_pk.get(persona.pk, {})
        return _ficha(request.user, persona, c.get("n_casos", 0), c.get("n_asistencias", 0))

    return render(
        request,
        "casos/duplicado_detalle.html",
        {
            "par": par,
            "a": ficha(par.persona),
            "b": ficha(par.otra),
            "form": form,
            "mismo_documento": par.motivo == MotivoDuplicado.MISMO_DOCUMENTO,
            "resuelto": par.estado != EstadoDuplicado.PENDIENTE,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def autorizacion_revocacion(request, pk):
    """La persona retira su autorización: lo registra quien ve sus datos (su gestor, el
    coordinador o el equipo AMB)."""
    persona = get_object_or_404(Persona.objects.con_datos_para(request.user), pk=pk)
    form = RevocarForm(request.POST)
    siguiente = request.POST.get("siguiente", "")
    if not (
        siguiente.startswith("/")
        and url_has_allowed_host_and_scheme(siguiente, {request.get_host()}, require_https=False)
    ):
        siguiente = reverse("casos:mios")
    if form.is_valid():
        try:
            personas.autorizacion_revocar(
                persona=persona, autor=request.user, motivo=form.cleaned_data["motivo"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Autorización revocada: su teléfono, su dirección y su correo ya no se guardan."),
            )
    else:
        messages.error(request, " ".join(form.errors.get("motivo", [])))
    return HttpResponseRedirect(siguiente)


@require_GET
def autorizacion_formato(request, pk):
    """El formato de autorización firmado (la prueba de una autorización escrita): solo para
    quien ve los datos de la persona; los demás, 404."""
    autorizacion = get_object_or_404(
        Autorizacion.objects.filter(
            persona__in=Persona.objects.con_datos_para(request.user)
        ).exclude(soporte=""),
        pk=pk,
    )
    if not autorizacion.soporte.storage.exists(autorizacion.soporte.name):
        raise Http404  # borrado al anonimizar a la persona
    extension = autorizacion.soporte.name.rsplit(".", 1)[-1]
    respuesta = FileResponse(
        autorizacion.soporte.open("rb"),
        as_attachment=True,
        filename=f"autorizacion-{autorizacion.pk}.{extension}",
        content_type=autorizacion.tipo_contenido,
    )
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta
