"""Los envíos de la cola del teléfono: un caso con sus partes, una persona en una actividad o
los conteos de una multitud, con los mismos formularios y servicios de las pantallas en línea.

Cada envío lleva su `token`: el mismo envío repetido (la respuesta se perdió, la señal se fue a
mitad de camino) devuelve lo que ya se registró, nunca otro. Las respuestas son JSON:

- 201 `creado` o 200 `ya_recibido`: el teléfono lo quita de la cola y muestra el radicado.
- 422 `devuelto`: el servidor no lo acepta (certificación vencida, catálogo cambiado, persona ya
  registrada con otros datos, actividad cancelada, un dato que falta): vuelve al gestor con el
  mensaje y lo escrito intacto. `errores` por nombre de campo, `generales` sin campo.
- Sin sesión, el ingreso responde (302): el envío espera a que vuelva a entrar.
"""

import uuid
from functools import wraps

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.forms import BaseFormSet
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from capacitaciones import alcance as alcance_actividades
from capacitaciones import services as servicios_actividades
from capacitaciones.forms import AsistenciaForm, ConteosForm
from capacitaciones.models import Actividad, Asistencia
from casos import services as servicios_casos
from casos.forms import CasoForm
from casos.forms_personas import PartesFormSet
from casos.models import AvisoPrivacidad, Caso
from gestores.models import Gestor, Rol, rol_de
from sinsenal import catalogo

CATALOGO_CAMBIO = gettext_lazy(
    "Esta opción ya no está en el catálogo (cambió mientras usted estaba sin señal): elija otra."
)
SIN_CERTIFICACION = gettext_lazy(
    "Su certificación de gestor no está vigente: el caso no puede quedar a su nombre. Lo escrito "
    "sigue en este teléfono: cuando el coordinador registre su certificación, ábralo con «Revisar» "
    "y guárdelo de nuevo; o muéstrele lo escrito para que él lo registre desde su cuenta."
)
NO_CAPTURA = gettext_lazy("Su rol no registra esto: lo escrito sigue en el teléfono.")
SIN_TOKEN = gettext_lazy("El envío llegó incompleto: ábralo, revíselo y envíelo de nuevo.")
ACTIVIDAD_AJENA = gettext_lazy(
    "Esa actividad ya no está entre las que usted atiende (o no existe): elija otra."
)


def _devuelto(mensaje, *, errores=None, generales=None, estado=422) -> JsonResponse:
    return JsonResponse(
        {
            "resultado": "devuelto",
            "mensaje": str(mensaje),
            "errores": errores or {},
            "generales": [str(g) for g in generales or []],
        },
        status=estado,
    )


def _recibido(creado: bool, mensaje: str, **datos) -> JsonResponse:
    return JsonResponse(
        {"resultado": "creado" if creado else "ya_recibido", "mensaje": mensaje, **datos},
        status=201 if creado else 200,
    )


def _errores_de(*forms) -> tuple[dict, list]:
    """Los errores de los formularios por el nombre del campo en la página (con su prefijo), y
    los que no son de un campo. Una opción que ya no existe dice que el catálogo cambió."""
    errores, generales = {}, []
    for form in forms:
        # Un formset sin bloques (su formulario de control llegó roto) no tiene errores por campo.
        for sub in form.forms if isinstance(form, BaseFormSet) else [form]:
            for campo, lista in sub.errors.as_data().items():
                mensajes = [
                    str(CATALOGO_CAMBIO) if e.code == "invalid_choice" else " ".join(e.messages)
                    for e in lista
                ]
                if campo == "__all__":
                    generales += mensajes
                elif sub.fields.get(campo) is not None and sub.fields[campo].widget.is_hidden:
                    # Un campo oculto (el responsable de un gestor, la versión del aviso): su
                    # error se lee arriba, no junto a algo que no se ve.
                    generales += mensajes
                else:
                    errores[sub.add_prefix(campo)] = mensajes
        if hasattr(form, "non_form_errors"):
            generales += list(form.non_form_errors())
    return errores, generales


def _devuelto_por_formularios(*forms) -> JsonResponse:
    errores, generales = _errores_de(*forms)
    return _devuelto(
        _("Revise lo marcado: el servidor no pudo registrarlo así."),
        errores=errores,
        generales=generales,
    )


def _devuelto_por_servicio(error: ValidationError, form=None) -> JsonResponse:
    """El error de un servicio: junto a su campo si `form` lo tiene, si no, arriba."""
    errores, generales = {}, []
    for campo, lista in getattr(error, "message_dict", {"__all__": error.messages}).items():
        if form is not None and campo in form.fields:
            errores[form.add_prefix(campo)] = lista
        else:
            generales += lista
    # Arriba, lo que dijo el servicio (también si va junto a un campo): es la explicación.
    mensaje = " ".join(generales or [m for lista in errores.values() for m in lista])
    return _devuelto(mensaje, errores=errores, generales=generales)


def _token(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        return None


def _caso_recibido(caso: Caso, creado: bool) -> JsonResponse:
    mensaje = (
        _("Caso %(radicado)s registrado.")
        if creado
        else _("El caso %(radicado)s ya estaba registrado: este envío había llegado antes.")
    ) % {"radicado": caso.radicado}
    return _recibido(creado, mensaje, radicado=caso.radicado, url=caso.get_absolute_url())


def _sin_certificar(user) -> bool:
    return (
        rol_de(user) == Rol.GESTOR
        and not Gestor.objects.filter(perfil=user.perfil, certificado_en__isnull=False).exists()
    )


def envio(puede):
    """Decorador de los envíos: POST, el rol captura (`puede(user)`; si no, 403 con su aviso) y
    el token es un UUID (si no, vuelve). La vista recibe `(request, token)`."""

    def decorador(vista):
        @require_POST
        @wraps(vista)
        def envoltura(request):
            if not puede(request.user):
                return _devuelto(NO_CAPTURA, estado=403)
            token = _token(request)
            if token is None:
                return _devuelto(SIN_TOKEN)
            return vista(request, token)

        return envoltura

    return decorador


@envio(catalogo.captura_casos)
def enviar_caso(request, token):
    user = request.user
    # Primero lo ya recibido: un reenvío no vuelve porque el catálogo cambió después.
    if anterior := Caso.objects.filter(token_registro=token, registrado_por=user).first():
        return _caso_recibido(anterior, False)
    if _sin_certificar(user):
        return _devuelto(SIN_CERTIFICACION)
    municipio = catalogo.municipio_de(user)
    form = CasoForm(request.POST, user=user, municipio=municipio)
    partes = PartesFormSet(
        request.POST,
        request.FILES,
        prefix="partes",
        form_kwargs={"aviso": AvisoPrivacidad.vigente()},
    )
    if not (form.is_valid() and partes.is_valid()):
        return _devuelto_por_formularios(form, partes)
    try:
        caso, creado = servicios_casos.caso_registrar(
            municipio=municipio,
            autor=user,
            partes=partes.datos_partes(),
            token=token,
            sin_senal=True,
            **form.datos_del_caso(),
        )
    except servicios_casos.ErrorDeParte as error:
        # Junto al bloque de esa parte (las partes del servicio son los bloques que se llenaron).
        llenos = [bloque for bloque in partes.forms if bloque.has_changed()]
        return _devuelto_por_servicio(error, llenos[error.indice])
    except ValidationError as error:
        return _devuelto_por_servicio(error)
    except IntegrityError:
        # El mismo envío llegó dos veces a la vez: el otro lo registró.
        caso = Caso.objects.filter(token_registro=token, registrado_por=user).first()
        if caso is None:
            raise
        creado = False
    return _caso_recibido(caso, creado)


def _actividad(request):
    """La actividad del envío, si quien envía todavía registra asistencia en ella."""
    try:
        pk = int(request.POST.get("actividad", ""))
    except ValueError:
        return None
    actividad = Actividad.objects.visible_para(request.user).filter(pk=pk).first()
    if actividad is None or not alcance_actividades.puede_gestionar(request.user, actividad):
        return None
    return actividad


@envio(catalogo.captura_asistencia)
def enviar_asistencia(request, token):
    user = request.user
    if anterior := Asistencia.objects.filter(token_registro=token, registrada_por=user).first():
        return _recibido(
            False,
            _("Esa asistencia ya estaba registrada: este envío había llegado antes."),
            actividad=anterior.actividad.get_absolute_url(),
        )
    actividad = _actividad(request)
    if actividad is None:
        return _devuelto(ACTIVIDAD_AJENA, errores={"actividad": [str(ACTIVIDAD_AJENA)]})
    form = AsistenciaForm(
        request.POST, request.FILES, actividad=actividad, aviso=AvisoPrivacidad.vigente()
    )
    if not form.is_valid():
        return _devuelto_por_formularios(form)
    try:
        _asistencia, creada = servicios_actividades.asistencia_registrar(
            actividad=actividad,
            autor=user,
            datos=form.datos_persona(),
            organizacion=form.cleaned_data["organizacion"],
            comparendo=form.cleaned_data["comparendo"],
            token=token,
            sin_senal=True,
        )
    except ValidationError as error:
        return _devuelto_por_servicio(error, form)
    except IntegrityError:
        if not Asistencia.objects.filter(token_registro=token, registrada_por=user).exists():
            raise
        return _recibido(
            False,
            _("Esa asistencia ya estaba registrada: este envío había llegado antes."),
            actividad=actividad.get_absolute_url(),
        )
    # No creada: el mismo envío llegó dos veces a la vez y el otro la registró.
    mensaje = (
        _("Asistencia registrada en «%(tema)s».") % {"tema": actividad.tema}
        if creada
        else _("Esa asistencia ya estaba registrada: este envío había llegado antes.")
    )
    return _recibido(creada, mensaje, actividad=actividad.get_absolute_url())


@envio(catalogo.captura_asistencia)
def enviar_conteos(request, token):
    user = request.user
    actividad = _actividad(request)
    if actividad is None:
        return _devuelto(ACTIVIDAD_AJENA, errores={"actividad": [str(ACTIVIDAD_AJENA)]})
    if actividad.token_conteos == token:
        return _recibido(
            False,
            _("Esos conteos ya estaban guardados: este envío había llegado antes."),
            actividad=actividad.get_absolute_url(),
        )
    form = ConteosForm(request.POST)
    if not form.is_valid():
        return _devuelto_por_formularios(form)
    try:
        _guardada, creados = servicios_actividades.conteos_crear(
            actividad=actividad,
            autor=user,
            token=token,
            por_sexo_y_edad=form.por_sexo_y_edad(),
            por_enfoque=form.por_enfoque(),
        )
    except ValidationError as error:
        return _devuelto_por_servicio(error)
    # No creados: el mismo envío llegó dos veces a la vez y el otro los guardó.
    mensaje = (
        _("Conteos guardados en «%(tema)s».") % {"tema": actividad.tema}
        if creados
        else _("Esos conteos ya estaban guardados: este envío había llegado antes.")
    )
    return _recibido(creados, mensaje, actividad=actividad.get_absolute_url())
