"""Las señales que mantienen las tablas de resumen en la misma transacción del cambio.

Cada receptor dice qué toca el cambio (días de un municipio, personas, seudónimos, casos) y
`diarios.actualizar()` lo vuelve a contar. Se conectan en `TablerosConfig.ready()`: `casos` no
sabe de los tableros (están encima).
"""

from django.db.models.base import DEFERRED
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from capacitaciones.models import (
    Actividad,
    Asistencia,
    ConteoAsistencia,
    ConteoEnfoque,
    EstadoActividad,
)
from capacitaciones.senales import conteos_reemplazados
from casos.models import Actuacion, Acuerdo, Caso, Parte, Persona
from municipios.models import Sector
from remisiones.models import Remision
from tableros import diarios

# Lo del caso que cambia sus conteos: sus días (recepción y cierre), el grupo de sus recibidos
# (tipo, zona por el sector, riesgo), su resultado y su responsable; y su estado (si está abierto).
DE_LOS_DIAS = (
    "municipio_id",
    "fecha_recepcion",
    "cerrado_en",
    "tipo_id",
    "sector_id",
    "nivel_riesgo",
    "resultado",
    "gestor_id",
)
CAMPOS_DEL_CASO = (*DE_LOS_DIAS, "estado")
# Lo de la actividad que cambia sus asistentes por día.
DE_LA_ACTIVIDAD = ("municipio_id", "inicio", "estado")


def _del_caso(caso: Caso) -> dict:
    return {campo: getattr(caso, campo) for campo in CAMPOS_DEL_CASO}


def _dias(valores: dict) -> set:
    municipio = valores["municipio_id"]
    return {
        (municipio, valores["fecha_recepcion"]),
        (municipio, diarios.dia_de_cierre(valores["cerrado_en"])),
    }


def _antes(instance, campos: tuple[str, ...]) -> dict | None:
    """Los `campos` de la fila como están en la base antes de guardarla (None si es nueva): de
    lo que recordó al leerse (`RecuerdaLoCargado`) o, si no lo tiene todo, de una consulta."""
    if instance._state.adding:
        return None
    cargado = getattr(instance, "_cargado", None) or {}
    if all(cargado.get(campo, DEFERRED) is not DEFERRED for campo in campos):
        return {campo: cargado[campo] for campo in campos}
    return type(instance)._base_manager.filter(pk=instance.pk).values(*campos).first()


def _recordar(instance, ahora: dict) -> None:
    """Lo guardado es ahora lo que hay en la base (un segundo guardado compara con esto)."""
    cargado = getattr(instance, "_cargado", None)
    if cargado is not None:
        cargado.update(ahora)


def caso_antes(sender, instance: Caso, raw=False, **kwargs):
    """Lo que el caso tenía en la base antes de guardarse (None si es nuevo)."""
    instance._resumen_antes = None if raw else _antes(instance, CAMPOS_DEL_CASO)


def caso_guardado(sender, instance: Caso, created=False, raw=False, **kwargs):
    if raw:
        return
    antes, ahora = getattr(instance, "_resumen_antes", None), _del_caso(instance)
    cambiaron = {c for c in CAMPOS_DEL_CASO if antes is None or antes[c] != ahora[c]}
    if not cambiaron:
        return
    movido = antes is not None and cambiaron & {"municipio_id", "fecha_recepcion"}
    diarios.actualizar(
        dias=(_dias(ahora) | (_dias(antes) if antes else set()))
        if cambiaron & set(DE_LOS_DIAS)
        else (),
        casos={instance.pk} if movido else (),
        abiertos={instance.pk} if cambiaron & {"estado", "gestor_id", "municipio_id"} else (),
    )
    _recordar(instance, ahora)


def caso_borrado(sender, instance: Caso, **kwargs):
    diarios.actualizar(dias=_dias(_del_caso(instance)))


def parte_antes(sender, instance: Parte, raw=False, **kwargs):
    instance._persona_antes = (
        None
        if raw or instance._state.adding
        else Parte.objects.filter(pk=instance.pk).values_list("persona", flat=True).first()
    )


def parte_guardada(sender, instance: Parte, raw=False, **kwargs):
    if raw:
        return
    antes = getattr(instance, "_persona_antes", None)
    if antes == instance.persona_id:
        return
    diarios.actualizar(personas={instance.persona_id, antes} - {None})


def parte_borrada(sender, instance: Parte, **kwargs):
    # Su caso ya no está entre los de la persona: se recalcula por su cuenta.
    diarios.actualizar(personas={instance.persona_id}, casos={instance.caso_id})


def persona_antes(sender, instance: Persona, raw=False, **kwargs):
    instance._clave_antes = (
        None
        if raw or instance._state.adding
        else Persona.objects.filter(pk=instance.pk)
        .values_list("clave_documento", flat=True)
        .first()
    )


def persona_guardada(sender, instance: Persona, created=False, raw=False, **kwargs):
    # Una persona nueva aún no es parte de ningún caso; si cambió su documento, cambia con quién
    # coincide en otros municipios.
    antes = getattr(instance, "_clave_antes", None)
    if raw or created or antes == instance.clave_documento:
        return
    diarios.actualizar(claves={antes, instance.clave_documento})


def sector_antes(sender, instance: Sector, raw=False, **kwargs):
    instance._zona_antes = (
        None
        if raw or instance._state.adding
        else Sector.objects.filter(pk=instance.pk).values_list("zona", flat=True).first()
    )


def sector_guardado(sender, instance: Sector, created=False, raw=False, **kwargs):
    if raw or created or getattr(instance, "_zona_antes", None) == instance.zona:
        return
    diarios.actualizar(
        dias=Caso.objects.filter(sector=instance)
        .values_list("municipio", "fecha_recepcion")
        .distinct()
    )


def de_un_caso_abierto(sender, instance, raw=False, **kwargs):
    """Una actuación, remisión o acuerdo cambia las alertas de su caso."""
    if not raw:
        diarios.actualizar(abiertos={instance.caso_id})


def remision_guardada(sender, instance: Remision, raw=False, **kwargs):
    """Cambia las alertas de su caso y la remisión como la cuenta el tablero."""
    if not raw:
        diarios.actualizar(abiertos={instance.caso_id}, remisiones={instance.pk})


def acuerdo_antes(sender, instance: Acuerdo, raw=False, **kwargs):
    instance._verificado_antes = (
        None
        if raw or instance._state.adding
        else Acuerdo.objects.filter(pk=instance.pk).values_list("verificado_en", flat=True).first()
    )


def acuerdo_guardado(sender, instance: Acuerdo, raw=False, **kwargs):
    if raw:
        return
    municipio = Caso.objects.filter(pk=instance.caso_id).values_list("municipio", flat=True)[0]
    diarios.actualizar(
        dias={
            (municipio, getattr(instance, "_verificado_antes", None)),
            (municipio, instance.verificado_en),
        },
        abiertos={instance.caso_id},
    )


def _dia_de_la_actividad(valores: dict) -> tuple:
    return (valores["municipio_id"], timezone.localdate(valores["inicio"]))


def actividad_antes(sender, instance: Actividad, raw=False, **kwargs):
    instance._asistentes_antes = None if raw else _antes(instance, DE_LA_ACTIVIDAD)


def actividad_guardada(sender, instance: Actividad, created=False, raw=False, **kwargs):
    """Realizarla, cancelarla o moverla de día o de municipio cambia los asistentes de sus días.
    Una nueva aún no tiene asistentes."""
    if raw or created:
        return
    antes = getattr(instance, "_asistentes_antes", None)
    ahora = {campo: getattr(instance, campo) for campo in DE_LA_ACTIVIDAD}
    if antes is not None and antes != ahora:
        diarios.actualizar(actividades={_dia_de_la_actividad(antes), _dia_de_la_actividad(ahora)})
    _recordar(instance, ahora)


def actividad_borrada(sender, instance: Actividad, **kwargs):
    diarios.actualizar(actividades={_dia_de_la_actividad(vars(instance))})


def de_una_actividad(sender, instance, raw=False, **kwargs):
    """Un asistente o un conteo cambia los asistentes del día de su actividad, si se realizó (las
    demás no cuentan)."""
    if raw:
        return
    fila = (
        Actividad.objects.filter(pk=instance.actividad_id, estado=EstadoActividad.REALIZADA)
        .values(*DE_LA_ACTIVIDAD)
        .first()
    )
    if fila:
        diarios.actualizar(actividades={_dia_de_la_actividad(fila)})


def conteos_de_la_actividad(sender, actividad: Actividad, **kwargs):
    if actividad.estado == EstadoActividad.REALIZADA:
        diarios.actualizar(actividades={_dia_de_la_actividad(vars(actividad))})


def conectar():
    for senal, receptor, modelo in [
        (pre_save, caso_antes, Caso),
        (post_save, caso_guardado, Caso),
        (post_delete, caso_borrado, Caso),
        (pre_save, parte_antes, Parte),
        (post_save, parte_guardada, Parte),
        (post_delete, parte_borrada, Parte),
        (pre_save, persona_antes, Persona),
        (post_save, persona_guardada, Persona),
        (pre_save, sector_antes, Sector),
        (post_save, sector_guardado, Sector),
        (post_save, de_un_caso_abierto, Actuacion),
        (post_delete, de_un_caso_abierto, Actuacion),
        (post_save, remision_guardada, Remision),
        (post_delete, remision_guardada, Remision),
        (pre_save, acuerdo_antes, Acuerdo),
        (post_save, acuerdo_guardado, Acuerdo),
        (post_delete, acuerdo_guardado, Acuerdo),
        (pre_save, actividad_antes, Actividad),
        (post_save, actividad_guardada, Actividad),
        (post_delete, actividad_borrada, Actividad),
        (post_save, de_una_actividad, Asistencia),
        (post_delete, de_una_actividad, Asistencia),
        (post_save, de_una_actividad, ConteoAsistencia),
        (post_delete, de_una_actividad, ConteoAsistencia),
        (post_save, de_una_actividad, ConteoEnfoque),
        (post_delete, de_una_actividad, ConteoEnfoque),
    ]:
        senal.connect(
            receptor,
            sender=modelo,
            dispatch_uid=f"tableros.{receptor.__name__}.{modelo.__name__}.{senal is post_delete}",
        )
    conteos_reemplazados.connect(
        conteos_de_la_actividad, sender=Actividad, dispatch_uid="tableros.conteos_reemplazados"
    )
