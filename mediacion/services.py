"""Escrituras de la mediación: programar, registrar y reprogramar sesiones; emitir y corregir
actas y constancias; adjuntar el documento firmado. Cada paso deja su actuación con su autor.

Reglas:
- Las sesiones son de un caso en mediación (programar una en un caso mediable que aún no lo está
  inicia la mediación); a lo sumo una programada a la vez; fecha desde hoy y hasta un año.
- Una sesión se registra cuando ya empezó: quién vino, un resumen y si se realizó o no (no
  realizada: alguien no vino). Reprogramar deja la sesión con su fecha y crea la nueva.
- Los documentos se numeran por municipio y año sin huecos (`comun.modelos.fila_bloqueada`, como
  el radicado), se congelan y se corrigen con una versión nueva que dice por qué.
"""

import datetime
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casos.models import (
    ACTAS,
    Acuerdo,
    Caso,
    DocumentoMediacionTipo,
    Estado,
    Parte,
    TipoActuacion,
)
from casos.services import (
    actuacion_anotar,
    caso_bloquear,
    caso_iniciar_mediacion,
    puede_mediarse,
)
from comun.archivos import evidencia_guardar
from comun.modelos import fila_bloqueada, guardar
from mediacion import notificaciones
from mediacion.models import (
    Citacion,
    ConsecutivoDocumento,
    DocumentoFirmado,
    DocumentoMediacion,
    EstadoSesion,
    SesionMediacion,
)

DIAS_MAXIMOS_ADELANTE = 365

NO_EN_MEDIACION = _("Las sesiones son de un caso en mediación.")


def _cuando(momento: datetime.datetime) -> str:
    return date_format(timezone.localtime(momento), "d/m/Y H:i")


@dataclass
class DatosSesion:
    """Lo que el formulario de programar (o reprogramar) entrega."""

    inicio: datetime.datetime
    tipo_lugar: str
    lugar: str
    duracion: int = 60
    sector: object = None
    que_llevar: str = ""


def _fecha_de_sesion(caso: Caso, inicio: datetime.datetime) -> None:
    hoy = timezone.localdate()
    dia = timezone.localtime(inicio).date()
    if dia < hoy:
        raise ValidationError({"inicio": _("La sesión se programa desde hoy en adelante.")})
    if dia > hoy + datetime.timedelta(days=DIAS_MAXIMOS_ADELANTE):
        raise ValidationError(
            {"inicio": _("La sesión se programa a lo sumo con un año de antelación.")}
        )


def _sesion_nueva(caso, autor, datos: DatosSesion, partes) -> SesionMediacion:
    _fecha_de_sesion(caso, datos.inicio)
    partes = list(partes)
    if not partes:
        raise ValidationError({"partes": _("Cite al menos a una parte del caso.")})
    if any(parte.caso_id != caso.pk for parte in partes):
        raise ValidationError({"partes": _("Cada persona citada es parte de este caso.")})
    if caso.sesiones.filter(estado=EstadoSesion.PROGRAMADA).exists():
        raise ValidationError(
            _("El caso ya tiene una sesión programada: regístrela o reprográmela primero.")
        )
    return _sesion_guardar(caso, autor, datos, [parte.pk for parte in partes])


def _sesion_guardar(caso, autor, datos: DatosSesion, partes: list[int]) -> SesionMediacion:
    """La sesión siguiente del caso (su número) con una citación por parte (ids)."""
    sesion = guardar(
        SesionMediacion(
            caso=caso,
            numero=(caso.sesiones.aggregate(n=Max("numero"))["n"] or 0) + 1,
            inicio=datos.inicio,
            duracion=datos.duracion,
            tipo_lugar=datos.tipo_lugar,
            sector=datos.sector,
            lugar=datos.lugar,
            que_llevar=datos.que_llevar,
            programada_por=autor,
        ),
        autor,
    )
    for parte in partes:
        guardar(Citacion(sesion=sesion, parte_id=parte), autor)
    return sesion


@transaction.atomic
def sesion_programar(
    *, caso: Caso, autor, datos: DatosSesion, partes: list[Parte], version: int | None = None
) -> SesionMediacion:
    """Programa una sesión de mediación del caso y cita a las partes elegidas. Si el caso es
    mediable y aún no está en mediación, la inicia. Una sola sesión programada a la vez. Después
    del commit, la citación va por correo a quien lo autorizó (`notificaciones`)."""
    caso = caso_bloquear(caso, version)
    if caso.estado != Estado.EN_MEDIACION:
        if not puede_mediarse(caso):
            raise ValidationError(NO_EN_MEDIACION)
        caso = caso_iniciar_mediacion(caso=caso, autor=autor)
    sesion = _sesion_nueva(caso, autor, datos, partes)
    actuacion_anotar(
        caso,
        autor,
        TipoActuacion.CITACION,
        _(
            "Sesión %(n)d programada para el %(cuando)s en %(lugar)s; "
            "%(citadas)d parte(s) citada(s)."
        )
        % {
            "n": sesion.numero,
            "cuando": _cuando(sesion.inicio),
            "lugar": sesion.get_tipo_lugar_display().lower(),
            "citadas": len(partes),
        },
    )
    transaction.on_commit(partial(notificaciones.citaciones_enviar, sesion.pk, autor.pk))
    return sesion


def _sesion_bloqueada(sesion: SesionMediacion) -> SesionMediacion:
    sesion = SesionMediacion.objects.select_for_update().select_related("caso").get(pk=sesion.pk)
    if sesion.estado != EstadoSesion.PROGRAMADA:
        raise ValidationError(
            _("La sesión ya está «%(estado)s».") % {"estado": sesion.get_estado_display()}
        )
    if sesion.caso.estado != Estado.EN_MEDIACION:
        raise ValidationError(NO_EN_MEDIACION)
    return sesion


@transaction.atomic
def sesion_registrar(
    *, sesion: SesionMediacion, autor, asistencia: dict[int, bool], realizada: bool, resumen: str
) -> SesionMediacion:
    """Registra lo que pasó en una sesión programada que ya empezó: quién vino (`asistencia`:
    id de la citación → vino), si se realizó y un resumen. Realizada: vino alguien y hay
    resumen. No realizada: alguien no vino."""
    sesion = _sesion_bloqueada(sesion)
    if sesion.inicio > timezone.now():
        raise ValidationError(_("La sesión todavía no ha empezado: regístrela después."))
    citaciones = list(sesion.citaciones.select_related("parte"))
    if {c.pk for c in citaciones} != set(asistencia):
        raise ValidationError(_("Diga de cada persona citada si vino o no."))
    vinieron = sum(1 for c in citaciones if asistencia[c.pk])
    if realizada and not vinieron:
        raise ValidationError({"realizada": _("Si nadie vino, la sesión no se realizó.")})
    if realizada and not resumen.strip():
        raise ValidationError({"resumen": _("Escriba un resumen de la sesión.")})
    if not realizada and vinieron == len(citaciones):
        raise ValidationError(
            {"realizada": _("Vinieron todas las personas citadas: la sesión se realizó.")}
        )
    for citacion in citaciones:
        citacion.asistio = asistencia[citacion.pk]
        guardar(citacion, autor)
    sesion.estado = EstadoSesion.REALIZADA if realizada else EstadoSesion.NO_REALIZADA
    sesion.resumen = resumen.strip()
    sesion.registrada_en = timezone.now()
    guardar(sesion, autor)
    ausentes = sorted(
        {str(c.parte.get_rol_display()).lower() for c in citaciones if not asistencia[c.pk]}
    )
    texto = (
        _("Sesión %(n)d realizada: asistieron %(v)d de %(t)d citadas.")
        if realizada
        else _("Sesión %(n)d no realizada: asistieron %(v)d de %(t)d citadas.")
    ) % {"n": sesion.numero, "v": vinieron, "t": len(citaciones)}
    if ausentes:
        texto += " " + _("No asistió: %(roles)s.") % {"roles": ", ".join(ausentes)}
    if resumen.strip():
        texto += " " + resumen.strip()
    actuacion_anotar(sesion.caso, autor, TipoActuacion.SESION_MEDIACION, texto)
    return sesion


@transaction.atomic
def sesion_reprogramar(
    *, sesion: SesionMediacion, autor, datos: DatosSesion, motivo: str
) -> SesionMediacion:
    """Cambia la fecha (o el lugar) de una sesión programada: la sesión queda «reprogramada»
    con su fecha de antes y una sesión nueva cita a las mismas partes (y, después del commit,
    les envía por correo la citación nueva si lo autorizaron)."""
    sesion = _sesion_bloqueada(sesion)
    if not motivo.strip():
        raise ValidationError({"motivo": _("Diga por qué se reprograma.")})
    caso = caso_bloquear(sesion.caso, None)
    _fecha_de_sesion(caso, datos.inicio)
    datos.que_llevar = datos.que_llevar or sesion.que_llevar
    nueva = _sesion_guardar(
        caso, autor, datos, list(sesion.citaciones.values_list("parte_id", flat=True))
    )
    sesion.estado = EstadoSesion.REPROGRAMADA
    sesion.motivo_reprogramacion = motivo.strip()
    sesion.nueva = nueva
    guardar(sesion, autor)
    actuacion_anotar(
        caso,
        autor,
        TipoActuacion.CITACION,
        _("Sesión %(n)d reprogramada del %(antes)s al %(ahora)s (sesión %(m)d). Motivo: %(motivo)s")
        % {
            "n": sesion.numero,
            "antes": _cuando(sesion.inicio),
            "ahora": _cuando(nueva.inicio),
            "m": nueva.numero,
            "motivo": motivo.strip(),
        },
    )
    transaction.on_commit(partial(notificaciones.citaciones_enviar, nueva.pk, autor.pk))
    return nueva


@transaction.atomic
def sesion_cancelar(*, sesion: SesionMediacion, autor, motivo: str) -> SesionMediacion:
    """Cancela una sesión programada (las partes ya no vienen: llegaron a un acuerdo por otro
    camino, desistieron, el caso se remite) diciendo por qué. Queda con su fecha; el calendario
    la muestra cancelada. Mientras el caso tenga una sesión programada no sale de la mediación
    (`casos.services.estado_cambiar`)."""
    sesion = SesionMediacion.objects.select_for_update().select_related("caso").get(pk=sesion.pk)
    if sesion.estado != EstadoSesion.PROGRAMADA:
        raise ValidationError(
            _("La sesión ya está «%(estado)s».") % {"estado": sesion.get_estado_display()}
        )
    if not motivo.strip():
        raise ValidationError({"motivo": _("Diga por qué se cancela.")})
    sesion.estado = EstadoSesion.CANCELADA
    sesion.motivo_cancelacion = motivo.strip()
    guardar(sesion, autor)
    actuacion_anotar(
        sesion.caso,
        autor,
        TipoActuacion.CITACION,
        _("Sesión %(n)d del %(cuando)s cancelada. Motivo: %(motivo)s")
        % {"n": sesion.numero, "cuando": _cuando(sesion.inicio), "motivo": motivo.strip()},
    )
    return sesion


def _parte(parte: Parte, asistio=None) -> dict:
    persona = parte.persona
    return {
        "id": parte.pk,
        "nombre": persona.nombre_completo,
        "documento": persona.documento,
        "rol": str(parte.get_rol_display()),
        "menor": persona.es_menor,
        "asistio": asistio,
    }


def _sesion(sesion: SesionMediacion | None) -> dict | None:
    if sesion is None:
        return None
    return {
        "numero": sesion.numero,
        "inicio": timezone.localtime(sesion.inicio).isoformat(),
        "tipo_lugar": str(sesion.get_tipo_lugar_display()),
        "lugar": sesion.lugar,
        "resumen": sesion.resumen,
    }


def contenido_de(
    *, caso: Caso, tipo: str, autor, sesion=None, acuerdo: Acuerdo | None = None
) -> dict:
    """La copia de los datos que el documento congela al emitirse: lo que se imprime."""
    gestor = caso.gestor
    contenido = {
        "tipo": tipo,
        "municipio": caso.municipio.nombre,
        "radicado": caso.radicado,
        "tipo_conflicto": caso.tipo.nombre,
        "referencia_legal": caso.tipo.referencia_legal,
        "gestor": gestor.get_full_name() or gestor.get_username(),
        "emitido_por": autor.get_full_name() or autor.get_username(),
        "sesion": _sesion(sesion),
        "partes": [],
        "acuerdo": None,
    }
    if sesion is not None:
        contenido["partes"] = [
            _parte(c.parte, c.asistio)
            for c in sesion.citaciones.select_related("parte__persona").order_by("parte")
        ]
    if acuerdo is not None:
        compromisos = acuerdo.compromisos.select_related("parte__persona")
        contenido["partes"] = [
            _parte(p) for p in caso.partes.select_related("persona").order_by("pk")
        ]
        contenido["acuerdo"] = {
            "fecha": acuerdo.fecha.isoformat(),
            "descripcion": acuerdo.descripcion,
            "fecha_verificacion": acuerdo.fecha_verificacion.isoformat(),
            "compromisos": [
                {
                    "parte": c.parte.persona.nombre_completo,
                    "descripcion": c.descripcion,
                    "fecha_limite": c.fecha_limite.isoformat(),
                }
                for c in compromisos
            ],
        }
    return contenido


def _origen_del_documento(caso: Caso, tipo: str, sesion, acuerdo):
    """(sesión, acuerdo) de los que sale el documento, según su tipo, o ValidationError."""
    if tipo in ACTAS:
        if caso.estado != Estado.ACUERDO:
            raise ValidationError(_("El acta se emite cuando el caso tiene un acuerdo registrado."))
        acuerdo = acuerdo or caso.acuerdos.order_by("-fecha", "-pk").first()
        if acuerdo is None or acuerdo.caso_id != caso.pk:
            raise ValidationError(_("Registre primero el acuerdo y sus compromisos."))
        ultima = caso.sesiones.filter(estado=EstadoSesion.REALIZADA).order_by("-inicio").first()
        return ultima, acuerdo
    if caso.estado != Estado.EN_MEDIACION:
        raise ValidationError(_("Las constancias se emiten con el caso en mediación."))
    if sesion is None or sesion.caso_id != caso.pk:
        raise ValidationError({"sesion": _("Elija la sesión de la que da constancia.")})
    sesion = SesionMediacion.objects.get(pk=sesion.pk)  # su estado de ahora, no el del llamador
    if tipo == DocumentoMediacionTipo.INASISTENCIA:
        if sesion.estado != EstadoSesion.NO_REALIZADA:
            raise ValidationError(
                {"sesion": _("La constancia de inasistencia es de una sesión no realizada.")}
            )
    elif sesion.estado != EstadoSesion.REALIZADA:
        raise ValidationError(
            {"sesion": _("La constancia de no acuerdo es de una sesión realizada.")}
        )
    return sesion, None


@transaction.atomic
def documento_emitir(
    *,
    caso: Caso,
    autor,
    tipo: str,
    sesion: SesionMediacion | None = None,
    acuerdo: Acuerdo | None = None,
) -> DocumentoMediacion:
    """Emite un acta (del acuerdo del caso) o una constancia (de una sesión) con el número
    siguiente del municipio en el año, sin huecos, y congela su contenido. Uno vigente por
    origen: si ya existe, se corrige con `documento_corregir`."""
    caso = caso_bloquear(caso, None)
    if tipo not in DocumentoMediacionTipo.values:
        raise ValidationError({"tipo": _("Elija el documento que va a emitir.")})
    sesion, acuerdo = _origen_del_documento(caso, tipo, sesion, acuerdo)
    repetido = DocumentoMediacion.objects.vigentes().filter(caso=caso)
    repetido = (
        repetido.filter(acuerdo=acuerdo, tipo__in=ACTAS)
        if tipo in ACTAS
        else repetido.filter(sesion=sesion, tipo=tipo)
    )
    if previo := repetido.first():
        raise ValidationError(
            _("Ya se emitió %(doc)s: si hay que cambiarla, corríjala (versión nueva).")
            % {"doc": previo}
        )
    anio = timezone.localdate().year
    contador = fila_bloqueada(ConsecutivoDocumento, municipio=caso.municipio, anio=anio)
    contador.ultimo += 1
    contador.save(update_fields=["ultimo"])
    documento = guardar(
        DocumentoMediacion(
            caso=caso,
            tipo=tipo,
            municipio=caso.municipio,
            anio=anio,
            consecutivo=contador.ultimo,
            numero=f"{caso.municipio.sigla}-DM-{anio}-{contador.ultimo:05d}",
            sesion=sesion,
            acuerdo=acuerdo,
            contenido=contenido_de(
                caso=caso, tipo=tipo, autor=autor, sesion=sesion, acuerdo=acuerdo
            ),
            emitido_por=autor,
        ),
    )
    actuacion_anotar(
        caso,
        autor,
        TipoActuacion.DOCUMENTO,
        _("Se emitió %(doc)s.") % {"doc": documento},
    )
    return documento


@transaction.atomic
def documento_corregir(
    *, documento: DocumentoMediacion, autor, motivo: str, tipo: str = ""
) -> DocumentoMediacion:
    """Corrige un documento vigente con una versión nueva (mismo número, código nuevo) que copia
    los datos de hoy y dice por qué; la versión anterior queda como estaba, reemplazada. Un acta
    puede corregirse de total a parcial o al revés (`tipo`); una constancia no cambia de tipo."""
    caso = caso_bloquear(documento.caso, None)
    documento = DocumentoMediacion.objects.select_for_update().get(pk=documento.pk)
    if DocumentoMediacion.objects.filter(reemplaza=documento).exists():
        raise ValidationError(_("Esta versión ya fue corregida: corrija la vigente."))
    if not motivo.strip():
        raise ValidationError({"motivo": _("Diga qué se corrige y por qué.")})
    tipo = tipo or documento.tipo
    if tipo != documento.tipo and not (tipo in ACTAS and documento.tipo in ACTAS):
        raise ValidationError({"tipo": _("Solo un acta cambia de total a parcial o al revés.")})
    nueva = guardar(
        DocumentoMediacion(
            caso=caso,
            tipo=tipo,
            municipio=documento.municipio,
            anio=documento.anio,
            consecutivo=documento.consecutivo,
            numero=documento.numero,
            version=documento.version + 1,
            reemplaza=documento,
            motivo_correccion=motivo.strip(),
            sesion=documento.sesion,
            acuerdo=documento.acuerdo,
            contenido=contenido_de(
                caso=caso,
                tipo=tipo,
                autor=autor,
                sesion=documento.sesion,
                acuerdo=documento.acuerdo,
            ),
            emitido_por=autor,
        ),
    )
    actuacion_anotar(
        caso,
        autor,
        TipoActuacion.DOCUMENTO,
        _("Se corrigió %(doc)s (versión %(v)d). Motivo: %(motivo)s")
        % {"doc": documento, "v": nueva.version, "motivo": motivo.strip()},
    )
    return nueva


@transaction.atomic
def firmado_adjuntar(
    *, documento: DocumentoMediacion, autor, archivo, descripcion: str = ""
) -> DocumentoFirmado:
    """Guarda el escaneo o la foto del documento firmado (PDF, JPG o PNG comprobados por su
    contenido, sin metadatos) como evidencia del documento."""
    firmado = evidencia_guardar(
        DocumentoFirmado, archivo=archivo, autor=autor, descripcion=descripcion, documento=documento
    )
    actuacion_anotar(
        documento.caso,
        autor,
        TipoActuacion.DOCUMENTO,
        _("Se adjuntó el documento firmado de %(doc)s.") % {"doc": documento},
    )
    return firmado
