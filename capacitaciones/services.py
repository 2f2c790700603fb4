"""Escrituras de actividades, asistencia, currículo y certificación de gestores (DESIGN §6).
Las lecturas están en selectors.py."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from capacitaciones.alcance import personas_con_datos_para
from capacitaciones.models import (
    ORGANIZACION_DE_OTRO_MUNICIPIO,
    SOLO_CAPACITACIONES_SUMAN_HORAS,
    SOLO_GESTORES_DEL_MUNICIPIO,
    Actividad,
    Asistencia,
    AsistenciaGestor,
    ConteoAsistencia,
    ConteoEnfoque,
    EstadoActividad,
    EvidenciaActividad,
    GrupoEdad,
    Modulo,
    TipoActividad,
)
from capacitaciones.selectors import horas_por_modulo, modulos_obligatorios
from capacitaciones.senales import conteos_reemplazados
from casos.personas import persona_para_registro
from casos.services import ENVIO_AJENO, DatosParte
from comun.archivos import evidencia_guardar
from comun.modelos import actualizar, guardar
from gestores.models import Gestor, Rol

# --- certificación ------------------------------------------------------------------------------


@transaction.atomic
def certificacion_recalcular(*, gestores=None) -> int:
    """Certifica a quien completó todos los módulos obligatorios y descertifica a quien ya no.

    Se llama al registrar asistencia a una sesión realizada y al cambiar el currículo (un módulo
    que pasa a ser obligatorio deja sin certificar a quien no lo ha cursado). Devuelve cuántos
    gestores cambiaron de estado.
    """
    gestores = list(Gestor.objects.all() if gestores is None else gestores)
    obligatorios = list(modulos_obligatorios().values_list("pk", "horas"))
    horas = horas_por_modulo(gestores)
    # Fecha de certificación: el día en que terminó la última sesión a la que asistió.
    ultimas = dict(
        AsistenciaGestor.objects.filter(
            gestor__in=gestores,
            actividad__estado=EstadoActividad.REALIZADA,
            actividad__tipo=TipoActividad.CAPACITACION,
        )
        .values("gestor_id")
        .annotate(ultima=Max("actividad__fin"))
        .values_list("gestor_id", "ultima")
    )
    cambios = 0
    for gestor in gestores:
        propias = horas.get(gestor.pk, {})
        completo = bool(obligatorios) and all(
            propias.get(pk, Decimal(0)) >= requeridas for pk, requeridas in obligatorios
        )
        nuevo = None
        if completo:
            nuevo = gestor.certificado_en or timezone.localdate(ultimas[gestor.pk])
        if nuevo != gestor.certificado_en:
            gestor.certificado_en = nuevo
            gestor.save(update_fields=["certificado_en"])
            cambios += 1
    return cambios


# --- currículo ------------------------------------------------------------------------------------


@transaction.atomic
def modulo_guardar(*, modulo: Modulo, autor=None) -> Modulo:
    """Crea o cambia un módulo del currículo y recalcula la certificación de todos los gestores:
    un módulo nuevo u obligatorio cambia quién está certificado."""
    guardar(modulo, autor)
    certificacion_recalcular()
    return modulo


@transaction.atomic
def modulos_borrar(*, modulos) -> int:
    """Borra módulos del currículo (uno o varios) y recalcula la certificación de todos los
    gestores: sin un módulo obligatorio, quien solo debía ese queda certificado."""
    borrados, _por_modelo = modulos.delete()
    certificacion_recalcular()
    return borrados


# --- actividades ----------------------------------------------------------------------------------


@transaction.atomic
def actividad_registrar(
    *,
    municipio,
    autor,
    tipo: str,
    tema: str,
    lugar: str,
    inicio: datetime.datetime,
    fin: datetime.datetime,
    publico_objetivo: str,
    modulo: Modulo | None = None,
    sector=None,
    compromisos: str = "",
    facilitadores=(),
    entidades=(),
    organizaciones=(),
) -> Actividad:
    """Registra una actividad programada del municipio con sus facilitadores, entidades y
    organizaciones. Regla: entidades, organizaciones y sector, del mismo municipio; solo una
    capacitación de gestores lleva módulo."""
    # El sector lo revisa Actividad.clean(); las entidades y organizaciones (M2M), aquí.
    if any(entidad.municipio_id != municipio.pk for entidad in entidades):
        raise ValidationError({"entidades": _("Las entidades deben ser del municipio.")})
    if any(org.sector.municipio_id != municipio.pk for org in organizaciones):
        raise ValidationError({"organizaciones": _("Las organizaciones deben ser del municipio.")})
    if tipo != TipoActividad.CAPACITACION:
        modulo = None
    actividad = guardar(
        Actividad(
            municipio=municipio,
            tipo=tipo,
            tema=tema,
            modulo=modulo,
            sector=sector,
            lugar=lugar,
            inicio=inicio,
            fin=fin,
            publico_objetivo=publico_objetivo,
            compromisos=compromisos,
            registrada_por=autor,
        )
    )
    actividad.facilitadores.set(facilitadores)
    actividad.entidades.set(entidades)
    actividad.organizaciones.set(organizaciones)
    return actividad


def _bloquear(actividad: Actividad) -> Actividad:
    return Actividad.objects.select_for_update().get(pk=actividad.pk)


@transaction.atomic
def actividad_marcar_realizada(*, actividad: Actividad, autor, compromisos: str | None = None):
    """Marca como realizada una actividad programada que ya empezó (y recalcula la certificación
    de sus gestores si es una capacitación). Regla: solo desde «programada», no antes del inicio."""
    actividad = _bloquear(actividad)
    if actividad.estado != EstadoActividad.PROGRAMADA:
        raise ValidationError(_("Solo una actividad programada puede marcarse como realizada."))
    if actividad.inicio > timezone.now():
        raise ValidationError(_("La actividad todavía no ha empezado."))
    cambios = {"estado": EstadoActividad.REALIZADA}
    if compromisos is not None:
        cambios["compromisos"] = compromisos
    actualizar(actividad, **cambios)
    if actividad.tipo == TipoActividad.CAPACITACION:
        certificacion_recalcular(gestores=Gestor.objects.filter(asistencias__actividad=actividad))
    return actividad


@transaction.atomic
def actividad_cancelar(*, actividad: Actividad, autor, motivo: str) -> Actividad:
    """Cancela una actividad programada. Regla: solo desde «programada» y con un motivo escrito."""
    actividad = _bloquear(actividad)
    if actividad.estado != EstadoActividad.PROGRAMADA:
        raise ValidationError(_("Solo una actividad programada puede cancelarse."))
    if not motivo.strip():
        raise ValidationError({"motivo": _("Diga por qué se cancela la actividad.")})
    actualizar(actividad, estado=EstadoActividad.CANCELADA, motivo_cancelacion=motivo.strip())
    return actividad


def _abierta_a_asistencia(actividad: Actividad) -> Actividad:
    """La actividad releída y bloqueada; error si está cancelada."""
    actividad = _bloquear(actividad)
    if actividad.estado == EstadoActividad.CANCELADA:
        raise ValidationError(_("La actividad fue cancelada: no admite asistentes."))
    return actividad


# --- asistencia -----------------------------------------------------------------------------------


@transaction.atomic
def asistencia_registrar(
    *,
    actividad: Actividad,
    autor,
    datos: DatosParte,
    organizacion=None,
    comparendo: str = "",
    token=None,
    sin_senal: bool = False,
) -> tuple[Asistencia, bool]:
    """Registra a una persona en la actividad: la del registro del municipio si quien registra
    puede verla (casos/personas.py), o un registro nuevo con lo escrito. Regla: no en una
    actividad cancelada, una sola vez por persona, organización del mismo municipio. Devuelve
    (asistencia, creada).

    Con el `token` de un envío ya registrado (el formulario enviado dos veces, o el envío sin
    señal repetido porque la respuesta no llegó) devuelve esa asistencia, sin otra (creada:
    False). `sin_senal`: ver `persona_para_registro`."""
    actividad = _abierta_a_asistencia(actividad)
    # Después del bloqueo de la actividad: el mismo envío a la vez espera y ve el primero.
    if token and (anterior := Asistencia.objects.filter(token_registro=token).first()):
        if anterior.registrada_por_id != autor.pk or anterior.actividad_id != actividad.pk:
            raise ValidationError(ENVIO_AJENO)
        return anterior, False
    if organizacion is not None and organizacion.sector.municipio_id != actividad.municipio_id:
        # Antes de crear a la persona; Asistencia.clean() revisa lo mismo (admin, formularios).
        raise ValidationError({"organizacion": ORGANIZACION_DE_OTRO_MUNICIPIO})
    visibles = personas_con_datos_para(autor)
    # El mismo documento dos veces en la misma actividad se dice solo a quien ve a esa persona:
    # a los demás, decirlo revelaría que asistió (queda un registro por revisar, y al fusionarlo
    # la asistencia repetida se une).
    numero = datos.numero_documento.strip()
    if (
        numero
        and Asistencia.objects.filter(
            actividad=actividad,
            persona__in=visibles,
            persona__tipo_documento=datos.tipo_documento,
            persona__numero_documento=numero,
        ).exists()
    ):
        raise ValidationError(
            {"numero_documento": _("Esa persona ya está registrada en esta actividad.")}
        )
    persona = persona_para_registro(
        municipio=actividad.municipio,
        datos=datos,
        autor=autor,
        visibles=visibles,
        sin_senal=sin_senal,
    )
    if Asistencia.objects.filter(actividad=actividad, persona=persona).exists():
        raise ValidationError(
            {"numero_documento": _("Esa persona ya está registrada en esta actividad.")}
        )
    asistencia = Asistencia(
        actividad=actividad,
        persona=persona,
        sexo=persona.sexo,
        grupo_edad=GrupoEdad.de_edad(persona.edad_actual),
        enfoque_etnico=persona.enfoque_etnico,
        enfoque_discapacidad=persona.enfoque_discapacidad,
        enfoque_victima=persona.enfoque_victima,
        enfoque_migrante=persona.enfoque_migrante,
        enfoque_lgbtiq=persona.enfoque_lgbtiq,
        organizacion=organizacion,
        comparendo=comparendo.strip(),
        registrada_por=autor,
        token_registro=token,
    )
    try:
        with transaction.atomic():
            return guardar(asistencia), True
    except IntegrityError as error:  # dos registros simultáneos de la misma persona
        raise ValidationError(_("Esa persona ya está registrada en esta actividad.")) from error


@transaction.atomic
def conteos_crear(
    *,
    actividad: Actividad,
    autor,
    token,
    por_sexo_y_edad: dict[tuple[str, str], int],
    por_enfoque: dict[str, int],
) -> tuple[Actividad, bool]:
    """Los conteos capturados sin señal: crean, no reemplazan. Si la actividad ya tiene conteos
    (otro envío, o alguien los guardó en línea), el envío vuelve con un aviso; el mismo envío
    repetido (`token`) no hace nada más. Devuelve (actividad, creados)."""
    actividad = _abierta_a_asistencia(actividad)
    if actividad.token_conteos == token:
        return actividad, False
    if Actividad.objects.filter(token_conteos=token).exists():
        # El de los conteos de otra actividad: no sirve aquí (y la base no lo aceptaría).
        raise ValidationError(ENVIO_AJENO)
    if not sum(por_sexo_y_edad.values()):
        raise ValidationError(
            _("No hay nadie contado: escriba cuántas personas hubo en al menos una casilla."),
            code="conteos_vacios",
        )
    if actividad.conteos.exists() or actividad.conteos_enfoque.exists():
        raise ValidationError(
            _(
                "Esta actividad ya tiene conteos guardados: lo contado sin señal no los "
                "reemplaza. Compárelos en línea, en «Conteo de la multitud», y sume allí lo suyo."
            ),
            code="conteos_existentes",
        )
    _conteos_escribir(actividad, por_sexo_y_edad, por_enfoque)
    # Solo la marca del envío (Actividad no lleva historia; sus reglas no cambian con ella).
    Actividad.objects.filter(pk=actividad.pk).update(token_conteos=token)
    actividad.token_conteos = token
    return actividad, True


@transaction.atomic
def conteos_guardar(
    *,
    actividad: Actividad,
    autor,
    por_sexo_y_edad: dict[tuple[str, str], int],
    por_enfoque: dict[str, int],
):
    """Reemplaza los conteos de la multitud (los que no se registraron uno a uno). Regla: no en
    una actividad cancelada, y ningún enfoque con más personas que el total contado."""
    actividad = _abierta_a_asistencia(actividad)
    _conteos_escribir(actividad, por_sexo_y_edad, por_enfoque)


def _conteos_escribir(actividad, por_sexo_y_edad, por_enfoque):
    total = sum(por_sexo_y_edad.values())
    for enfoque, cantidad in por_enfoque.items():
        if cantidad > total:
            raise ValidationError(
                _("Hay más personas con el enfoque «%(enfoque)s» que asistentes contados.")
                % {"enfoque": enfoque}
            )
    ConteoAsistencia.objects.filter(actividad=actividad).delete()
    ConteoEnfoque.objects.filter(actividad=actividad).delete()
    ConteoAsistencia.objects.bulk_create(
        [
            ConteoAsistencia(actividad=actividad, sexo=sexo, grupo_edad=grupo, cantidad=cantidad)
            for (sexo, grupo), cantidad in por_sexo_y_edad.items()
            if cantidad
        ]
    )
    ConteoEnfoque.objects.bulk_create(
        [
            ConteoEnfoque(actividad=actividad, enfoque=enfoque, cantidad=cantidad)
            for enfoque, cantidad in por_enfoque.items()
            if cantidad
        ]
    )
    conteos_reemplazados.send(sender=Actividad, actividad=actividad)


@transaction.atomic
def asistencia_gestores_registrar(*, actividad: Actividad, autor, gestores) -> int:
    """Marca qué gestores asistieron a una sesión de capacitación (y recalcula la certificación
    si ya se realizó). Regla: solo capacitaciones no canceladas, solo gestores del municipio."""
    if actividad.tipo != TipoActividad.CAPACITACION:
        raise ValidationError(SOLO_CAPACITACIONES_SUMAN_HORAS)
    actividad = _abierta_a_asistencia(actividad)
    gestores = list(gestores)
    if any(
        gestor.perfil.municipio_id != actividad.municipio_id or gestor.perfil.rol != Rol.GESTOR
        for gestor in gestores
    ):
        raise ValidationError(SOLO_GESTORES_DEL_MUNICIPIO)
    AsistenciaGestor.objects.filter(actividad=actividad).exclude(gestor__in=gestores).delete()
    existentes = set(
        AsistenciaGestor.objects.filter(actividad=actividad).values_list("gestor_id", flat=True)
    )
    AsistenciaGestor.objects.bulk_create(
        [
            AsistenciaGestor(actividad=actividad, gestor=gestor, registrada_por=autor)
            for gestor in gestores
            if gestor.pk not in existentes
        ]
    )
    if actividad.estado == EstadoActividad.REALIZADA:
        certificacion_recalcular(
            gestores=Gestor.objects.filter(perfil__municipio=actividad.municipio_id)
        )
    return len(gestores)


@transaction.atomic
def evidencia_actividad_subir(*, actividad: Actividad, autor, archivo, descripcion: str = ""):
    """Guarda una evidencia (foto, acta) de la actividad. Regla: PDF, JPG o PNG comprobado por su
    contenido, hasta 10 MB, imágenes sin metadatos (`comun.archivos.evidencia_guardar`)."""
    return evidencia_guardar(
        EvidenciaActividad,
        actividad=actividad,
        archivo=archivo,
        autor=autor,
        descripcion=descripcion,
    )
