"""Escrituras de los casos: cada cambio de estado pasa por aquí y deja una actuación.

Reglas (DESIGN §5): el ciclo de vida está en TRANSICIONES y RESULTADOS_DESDE; los tipos no
mediables no entran a mediación y se remiten; el riesgo alto ofrece remitir de inmediato a la
estación MEBAR. Cada servicio es atómico; los modelos auditados se guardan con `save()` para que
django-simple-history registre quién, cuándo y qué cambió.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casos import notificaciones
from casos.models import (
    Actuacion,
    Acuerdo,
    Caso,
    Compromiso,
    ConsecutivoRadicado,
    Estado,
    EstadoRemision,
    MedioRecepcion,
    MedioRemision,
    Parte,
    PlazoRemision,
    Remision,
    Resultado,
    ResultadoVerificacion,
    TipoActuacion,
    TipoConflicto,
    TipoNotificacion,
)
from casos.personas import DatosAutorizacion, persona_para_registro
from casos.plazos import sumar_dias_habiles
from comun.archivos import contenido_validado
from municipios.models import Contacto, Entidad, Municipio, Sector, TipoEntidad

E = Estado
TRANSICIONES: dict[str, set[str]] = {
    E.REGISTRADO: {E.EN_GESTION, E.REMITIDO, E.CERRADO, E.ARCHIVADO},
    E.EN_GESTION: {E.EN_MEDIACION, E.REMITIDO, E.CERRADO, E.ARCHIVADO},
    E.EN_MEDIACION: {E.ACUERDO, E.REMITIDO, E.CERRADO},
    E.ACUERDO: {E.CERRADO},
    E.REMITIDO: {E.EN_GESTION, E.CERRADO},
    E.CERRADO: set(),
    E.ARCHIVADO: set(),
}
R = Resultado
RESULTADOS_DESDE: dict[str, set[str]] = {
    E.REGISTRADO: {R.DESISTIMIENTO, R.NO_LOCALIZADO},
    E.EN_GESTION: {R.SIN_ACUERDO, R.DESISTIMIENTO, R.NO_LOCALIZADO},
    E.EN_MEDIACION: {R.SIN_ACUERDO, R.DESISTIMIENTO, R.NO_LOCALIZADO},
    E.ACUERDO: {R.ACUERDO_TOTAL, R.ACUERDO_PARCIAL, R.SIN_ACUERDO},
    E.REMITIDO: {R.REMITIDO_RESUELTO, R.DESISTIMIENTO, R.NO_LOCALIZADO},
}


# Desde dónde se puede iniciar una mediación (pasando por «en gestión» si hace falta).
ESTADOS_PARA_MEDIAR = {E.REGISTRADO, E.EN_GESTION, E.REMITIDO}


def puede_mediarse(caso: Caso) -> bool:
    """El caso puede pasar a mediación: su tipo es mediable y su estado lo permite."""
    return caso.tipo.mediable and caso.estado in ESTADOS_PARA_MEDIAR


def acepta_acuerdo(caso: Caso) -> bool:
    """Un acuerdo se registra en un caso en mediación."""
    return caso.estado == Estado.EN_MEDIACION


def puede_remitirse(caso: Caso) -> bool:
    """Remitido ya (otra entidad más) o en un estado desde el que se remite."""
    return caso.estado == Estado.REMITIDO or Estado.REMITIDO in TRANSICIONES[caso.estado]


class ConflictoDeVersion(Exception):
    """Otra persona cambió el caso después de que este usuario lo abrió."""

    def __init__(self, caso: Caso):
        super().__init__(f"El caso {caso.radicado} cambió (versión {caso.version}).")
        self.caso = caso


@dataclass
class DatosParte:
    """Lo que el formulario de partes entrega de cada persona."""

    rol: str
    tipo_documento: str
    numero_documento: str
    nombres: str
    apellidos: str = ""
    sexo: str = "no_informa"
    fecha_nacimiento: datetime.date | None = None
    edad: int | None = None
    telefono: str = ""
    direccion: str = ""
    autorizacion: DatosAutorizacion = field(default_factory=DatosAutorizacion)
    enfoque_etnico: bool = False
    enfoque_discapacidad: bool = False
    enfoque_victima: bool = False
    enfoque_migrante: bool = False
    enfoque_lgbtiq: bool = False


def _guardar(instancia, autor):
    """full_clean + save, con el autor para la auditoría."""
    instancia.full_clean()
    instancia._history_user = autor
    instancia.save()
    return instancia


def _actuacion(caso, autor, tipo, descripcion, *, anterior="", nuevo="", fecha=None):
    ahora = timezone.now()
    return Actuacion.objects.create(
        caso=caso,
        tipo=tipo,
        descripcion=descripcion,
        autor=autor,
        estado_anterior=anterior,
        estado_nuevo=nuevo,
        fecha=fecha or ahora,
        creado=max(ahora, fecha or ahora),
    )


def _bloquear(caso: Caso, version: int | None) -> Caso:
    """El caso bloqueado hasta el fin de la transacción; si `version` no es la actual, conflicto."""
    actual = Caso.objects.select_for_update().get(pk=caso.pk)
    if version is not None and actual.version != version:
        raise ConflictoDeVersion(actual)
    return actual


def _cambiar_estado(caso, nuevo, autor, descripcion, *, resultado=""):
    if nuevo not in TRANSICIONES[caso.estado]:
        raise ValidationError(
            _("Un caso «%(de)s» no puede pasar a «%(a)s».")
            % {"de": Estado(caso.estado).label, "a": Estado(nuevo).label}
        )
    anterior = caso.estado
    caso.estado = nuevo
    caso.resultado = resultado
    caso.version += 1
    if nuevo == Estado.CERRADO:
        caso.cerrado_en = timezone.now()
    _guardar(caso, autor)
    _actuacion(
        caso, autor, TipoActuacion.CAMBIO_ESTADO, descripcion, anterior=anterior, nuevo=nuevo
    )
    return caso


def _contador_bloqueado(municipio: Municipio, anio: int) -> ConsecutivoRadicado:
    """La fila del contador del radicado, creada si falta y bloqueada hasta el commit.

    Quien registre otro caso del mismo municipio y año espera aquí. Si la transacción se deshace,
    el número vuelve a quedar libre: no hay huecos.
    """
    ConsecutivoRadicado.objects.bulk_create(
        [ConsecutivoRadicado(municipio=municipio, anio=anio, ultimo=0)], ignore_conflicts=True
    )
    return ConsecutivoRadicado.objects.select_for_update().get(municipio=municipio, anio=anio)


def plazo_de(entidad: Entidad) -> int:
    """Días hábiles que tiene la entidad para responder (configurable por tipo en el admin)."""
    plazo = PlazoRemision.objects.filter(tipo_entidad=entidad.tipo).first()
    return plazo.dias_habiles if plazo else settings.PLAZO_REMISION_DIAS_HABILES


def estacion_mebar(municipio: Municipio) -> Entidad | None:
    """La estación MEBAR activa del municipio (la remisión inmediata de un riesgo alto)."""
    return Entidad.objects.filter(
        municipio=municipio, tipo=TipoEntidad.ESTACION_MEBAR, activa=True
    ).first()


@transaction.atomic
def caso_registrar(
    *,
    municipio: Municipio,
    autor,
    gestor,
    tipo: TipoConflicto,
    sector: Sector | None,
    direccion: str,
    fecha_hechos: datetime.date,
    fecha_recepcion: datetime.date,
    canal: str,
    relato: str,
    nivel_riesgo: str,
    partes: list[DatosParte],
    token: uuid.UUID | None = None,
    remitir_a_mebar: bool = False,
) -> tuple[Caso, bool]:
    """Registra un caso con sus partes. Devuelve (caso, creado).

    Con el mismo `token` (el formulario enviado dos veces) devuelve el caso ya creado.
    """
    token = token or uuid.uuid4()
    # El responsable y el sector los revisa Caso.clean() (también para el admin).
    if not partes:
        raise ValidationError(_("Registre al menos una parte del conflicto."))
    hoy = timezone.localdate()
    if fecha_recepcion > hoy or fecha_hechos > hoy:
        raise ValidationError(_("Las fechas no pueden estar en el futuro."))
    if remitir_a_mebar and nivel_riesgo != "alto":
        raise ValidationError(_("La remisión inmediata a la estación MEBAR es para riesgo alto."))

    anio = hoy.year
    contador = _contador_bloqueado(municipio, anio)
    # Después del bloqueo: un segundo envío del mismo formulario ve el caso del primero.
    if existente := Caso.objects.filter(token_registro=token).first():
        return existente, False
    contador.ultimo += 1
    contador.save(update_fields=["ultimo"])
    consecutivo = contador.ultimo
    caso = Caso(
        radicado=f"{municipio.sigla}-{anio}-{consecutivo:05d}",
        municipio=municipio,
        anio=anio,
        consecutivo=consecutivo,
        sector=sector,
        direccion=direccion,
        fecha_hechos=fecha_hechos,
        fecha_recepcion=fecha_recepcion,
        canal=canal,
        tipo=tipo,
        relato=relato,
        nivel_riesgo=nivel_riesgo,
        gestor=gestor,
        registrado_por=autor,
        token_registro=token,
    )
    caso.full_clean(exclude=["token_registro"])
    caso._history_user = autor
    caso.save()
    vistas = set()
    for datos in partes:
        persona = persona_para_registro(municipio=municipio, datos=datos, autor=autor)
        if persona.pk in vistas:
            raise ValidationError(
                _("%(persona)s aparece dos veces entre las partes.")
                % {"persona": persona.nombre_completo}
            )
        vistas.add(persona.pk)
        _guardar(Parte(caso=caso, persona=persona, rol=datos.rol), autor)
    _actuacion(caso, autor, TipoActuacion.REGISTRO, _("Caso registrado."), nuevo=Estado.REGISTRADO)
    if remitir_a_mebar:
        mebar = estacion_mebar(municipio)
        if mebar is None:
            raise ValidationError(_("El municipio no tiene estación MEBAR registrada."))
        caso_remitir(
            caso=caso,
            autor=autor,
            entidad=mebar,
            motivo=_("Riesgo alto: remisión inmediata a la estación de Policía."),
            medio=MedioRemision.TELEFONO,
            fecha_envio=hoy,
        )
        caso.refresh_from_db()
    return caso, True


@transaction.atomic
def caso_editar(*, caso: Caso, autor, version: int, **cambios) -> Caso:
    """Cambia los datos del caso si nadie lo cambió desde `version`; si no, ConflictoDeVersion."""
    caso = _bloquear(caso, version)
    permitidos = {"sector", "direccion", "fecha_hechos", "tipo", "relato", "nivel_riesgo", "canal"}
    for campo, valor in cambios.items():
        if campo not in permitidos:
            raise ValueError(campo)
        setattr(caso, campo, valor)
    caso.version += 1
    return _guardar(caso, autor)


@transaction.atomic
def actuacion_registrar(
    *, caso: Caso, autor, tipo: str, descripcion: str, fecha: datetime.datetime | None = None
) -> Actuacion:
    """Anota una actuación en un caso abierto, con fecha no futura ni anterior a su recepción;
    la primera saca al caso de «registrado»."""
    caso = _bloquear(caso, None)
    if not caso.abierto:
        raise ValidationError(_("El caso está cerrado: no admite más actuaciones."))
    if fecha and fecha > timezone.now():
        raise ValidationError({"fecha": _("La actuación no puede tener fecha futura.")})
    if fecha:
        _no_antes_del_caso(caso, timezone.localtime(fecha).date(), "fecha")
    actuacion = _actuacion(caso, autor, tipo, descripcion, fecha=fecha)
    if caso.estado == Estado.REGISTRADO:
        _cambiar_estado(caso, Estado.EN_GESTION, autor, _("El gestor empezó a gestionar el caso."))
    return actuacion


@transaction.atomic
def caso_iniciar_mediacion(*, caso: Caso, autor, version: int | None = None) -> Caso:
    """Pasa el caso a mediación si su tipo es mediable y su estado lo permite."""
    caso = _bloquear(caso, version)
    if caso.estado not in ESTADOS_PARA_MEDIAR:
        raise ValidationError(
            _("Un caso «%(estado)s» no puede pasar a mediación.")
            % {"estado": caso.get_estado_display()}
        )
    if not caso.tipo.mediable:
        raise ValidationError(
            _("«%(tipo)s» no es mediable: remita el caso a la entidad competente.")
            % {"tipo": caso.tipo}
        )
    if caso.estado == Estado.REGISTRADO:
        _cambiar_estado(caso, Estado.EN_GESTION, autor, _("El gestor empezó a gestionar el caso."))
    elif caso.estado == Estado.REMITIDO:
        # La entidad devolvió el asunto a la mediación comunitaria.
        _cambiar_estado(caso, Estado.EN_GESTION, autor, _("El caso vuelve a gestión comunitaria."))
    return _cambiar_estado(caso, Estado.EN_MEDIACION, autor, _("Se inició la mediación."))


@transaction.atomic
def caso_remitir(
    *,
    caso: Caso,
    autor,
    entidad: Entidad,
    motivo: str,
    medio: str,
    fecha_envio: datetime.date,
    version: int | None = None,
) -> Remision:
    """Remite el caso a una entidad activa de su municipio, con su contacto vigente y el plazo
    en días hábiles; una sola remisión pendiente por entidad, y no antes de la recepción."""
    caso = _bloquear(caso, version)
    # Que la entidad sea del municipio del caso y esté activa lo revisa Remision.clean().
    if not puede_remitirse(caso):
        raise ValidationError(
            _("Un caso «%(estado)s» no puede remitirse.") % {"estado": caso.get_estado_display()}
        )
    if fecha_envio > timezone.localdate():
        raise ValidationError({"fecha_envio": _("La fecha de envío no puede estar en el futuro.")})
    _no_antes_del_caso(caso, fecha_envio, "fecha_envio")
    pendiente = (
        Remision.objects.filter(caso=caso, entidad=entidad)
        .pendientes()
        .order_by("-fecha_envio")
        .first()
    )
    if pendiente is not None:
        raise ValidationError(
            {
                "entidad": _(
                    "Este caso ya tiene una remisión a %(entidad)s sin responder (enviada el "
                    "%(fecha)s): registre su respuesta o su devolución antes de remitir otra vez."
                )
                % {"entidad": entidad, "fecha": pendiente.fecha_envio.strftime("%d/%m/%Y")}
            }
        )
    contacto = (
        Contacto.objects.filter(entidad=entidad)
        .vigentes(fecha_envio)
        .order_by("-vigente_desde")
        .first()
    )
    remision = _guardar(
        Remision(
            caso=caso,
            entidad=entidad,
            contacto=contacto,
            motivo=motivo,
            medio=medio,
            fecha_envio=fecha_envio,
            fecha_limite=sumar_dias_habiles(fecha_envio, plazo_de(entidad)),
            enviada_por=autor,
        ),
        autor,
    )
    _actuacion(
        caso, autor, TipoActuacion.REMISION, _("Remitido a %(entidad)s.") % {"entidad": entidad}
    )
    notificaciones.remision_enviada(remision)
    if caso.estado != Estado.REMITIDO:
        _cambiar_estado(caso, Estado.REMITIDO, autor, _("Caso remitido a %(e)s.") % {"e": entidad})
    return remision


def _remision_bloqueada(remision: Remision) -> Remision:
    return (
        Remision.objects.select_for_update().select_related("caso", "entidad").get(pk=remision.pk)
    )


def caso_codigo(remision: Remision) -> str:
    """El código DANE del municipio del caso de la remisión (la carpeta de sus archivos)."""
    return remision.caso.municipio.codigo_dane


# Una fecha de un hecho del programa anterior a esto es un error de digitación (0202 por 2020).
ANIO_MINIMO = 1900


def _no_futura(fecha: datetime.date):
    """La regla de las fechas de recibido, respuesta y verificación (también en los formularios:
    `casos.forms.no_futura`)."""
    if fecha > timezone.localdate():
        raise ValidationError({"fecha": _("La fecha no puede estar en el futuro.")})
    if fecha.year < ANIO_MINIMO:
        raise ValidationError(
            {"fecha": _("La fecha no puede ser anterior a %(anio)s.") % {"anio": ANIO_MINIMO}}
        )


def _no_antes_del_caso(caso: Caso, fecha: datetime.date, campo: str):
    """Lo que se hace en un caso (actuación, remisión, acuerdo) no es anterior a su recepción."""
    if fecha < caso.fecha_recepcion:
        raise ValidationError(
            {
                campo: _("La fecha no puede ser anterior a la recepción del caso (%(fecha)s).")
                % {"fecha": caso.fecha_recepcion.strftime("%d/%m/%Y")}
            }
        )


@transaction.atomic
def remision_registrar_recepcion(
    *, remision: Remision, autor, fecha: datetime.date, medio: str = MedioRecepcion.SISTEMA
) -> Remision:
    """La entidad recibió la remisión: lo marca el enlace, o el gestor diciendo cómo lo supo."""
    remision = _remision_bloqueada(remision)
    if remision.estado != EstadoRemision.ENVIADA:
        raise ValidationError(_("Esta remisión ya tiene registrado el recibido."))
    _no_futura(fecha)
    if fecha < remision.fecha_envio:
        raise ValidationError({"fecha": _("No puede recibirse antes de enviarse.")})
    remision.estado = EstadoRemision.RECIBIDA
    remision.fecha_recepcion = fecha
    remision.medio_recepcion = medio
    remision.recibida_por = autor
    _guardar(remision, autor)
    _actuacion(
        remision.caso,
        autor,
        TipoActuacion.REMISION,
        _("%(entidad)s recibió la remisión (%(medio)s).")
        % {"entidad": remision.entidad, "medio": MedioRecepcion(medio).label.lower()},
    )
    notificaciones.remision_al_gestor(
        remision, TipoNotificacion.REMISION_RECIBIDA, _("la entidad recibió la remisión")
    )
    return remision


@transaction.atomic
def remision_registrar_respuesta(
    *,
    remision: Remision,
    autor,
    fecha: datetime.date,
    respuesta: str,
    accion_tomada: str = "",
    archivo=None,
) -> Remision:
    """La entidad respondió: la remisión queda respondida (con el recibido ese día si no lo
    tenía), nunca antes de recibirse; se avisa al gestor."""
    remision = _remision_bloqueada(remision)
    if not remision.pendiente:
        raise ValidationError(_("Esta remisión ya fue respondida o devuelta."))
    _no_futura(fecha)
    if remision.estado == EstadoRemision.ENVIADA:
        # Respondida sin acuse previo: el recibido es el mismo día de la respuesta.
        remision.fecha_recepcion = fecha
        remision.recibida_por = autor
    if fecha < remision.fecha_recepcion:
        raise ValidationError({"fecha": _("No puede responderse antes de recibirse.")})
    remision.estado = EstadoRemision.RESPONDIDA
    remision.fecha_respuesta = fecha
    remision.respuesta = respuesta
    remision.accion_tomada = accion_tomada
    if archivo is not None:
        contenido, tipo = contenido_validado(archivo)
        extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[tipo]
        nombre = f"{caso_codigo(remision)}/{uuid.uuid4().hex}.{extension}"
        remision.archivo_respuesta.save(nombre, ContentFile(contenido), save=False)
    _guardar(remision, autor)
    texto = _("Respuesta de %(entidad)s: %(respuesta)s") % {
        "entidad": remision.entidad,
        "respuesta": respuesta,
    }
    if accion_tomada:
        texto += " " + _("Acción tomada: %(accion)s") % {"accion": accion_tomada}
    _actuacion(remision.caso, autor, TipoActuacion.REMISION, texto)
    notificaciones.remision_al_gestor(
        remision, TipoNotificacion.REMISION_RESPONDIDA, _("la entidad respondió la remisión")
    )
    return remision


@transaction.atomic
def remision_devolver(*, remision: Remision, autor, fecha: datetime.date, motivo: str) -> Remision:
    """La entidad no es competente: devuelve la remisión y el gestor debe remitir a otra."""
    remision = _remision_bloqueada(remision)
    if not remision.pendiente:
        raise ValidationError(_("Esta remisión ya fue respondida o devuelta."))
    if not motivo.strip():
        raise ValidationError({"motivo": _("Diga por qué la entidad no es competente.")})
    _no_futura(fecha)
    remision.estado = EstadoRemision.DEVUELTA
    remision.fecha_devolucion = fecha
    remision.motivo_devolucion = motivo.strip()
    _guardar(remision, autor)
    caso = _bloquear(remision.caso, None)
    _actuacion(
        caso,
        autor,
        TipoActuacion.REMISION,
        _("%(entidad)s devolvió la remisión: %(motivo)s")
        % {"entidad": remision.entidad, "motivo": remision.motivo_devolucion},
    )
    notificaciones.remision_al_gestor(
        remision, TipoNotificacion.REMISION_DEVUELTA, _("la entidad devolvió la remisión")
    )
    if caso.estado == Estado.REMITIDO and not caso.remisiones.pendientes().exists():
        _cambiar_estado(
            caso, Estado.EN_GESTION, autor, _("Remisión devuelta: hay que remitir a otra entidad.")
        )
    return remision


@dataclass
class DatosCompromiso:
    parte: Parte
    descripcion: str
    fecha_limite: datetime.date


@transaction.atomic
def acuerdo_registrar(
    *,
    caso: Caso,
    autor,
    fecha: datetime.date,
    descripcion: str,
    fecha_verificacion: datetime.date,
    compromisos: list[DatosCompromiso],
    version: int | None = None,
) -> Acuerdo:
    """Registra un acuerdo con sus compromisos en un caso en mediación, con fecha no futura ni
    anterior a la recepción; al menos un compromiso, cada uno de una parte del caso."""
    caso = _bloquear(caso, version)
    if not acepta_acuerdo(caso):
        raise ValidationError(_("Un acuerdo se registra en un caso en mediación."))
    if fecha > timezone.localdate():
        raise ValidationError({"fecha": _("La fecha del acuerdo no puede estar en el futuro.")})
    _no_antes_del_caso(caso, fecha, "fecha")
    if not compromisos:
        raise ValidationError(_("Un acuerdo tiene al menos un compromiso."))
    acuerdo = _guardar(
        Acuerdo(
            caso=caso,
            fecha=fecha,
            descripcion=descripcion,
            fecha_verificacion=fecha_verificacion,
            registrado_por=autor,
        ),
        autor,
    )
    for datos in compromisos:
        _guardar(  # Compromiso.clean(): la parte es de este caso
            Compromiso(
                acuerdo=acuerdo,
                parte=datos.parte,
                descripcion=datos.descripcion,
                fecha_limite=datos.fecha_limite,
            ),
            autor,
        )
    _cambiar_estado(caso, Estado.ACUERDO, autor, _("Las partes llegaron a un acuerdo."))
    return acuerdo


@transaction.atomic
def acuerdo_verificar(
    *, acuerdo: Acuerdo, autor, fecha: datetime.date, resultado: str, observacion: str = ""
) -> Acuerdo:
    """Verifica un acuerdo una sola vez, con fecha no futura ni anterior al acuerdo."""
    acuerdo = Acuerdo.objects.select_for_update().get(pk=acuerdo.pk)
    if acuerdo.resultado_verificacion:
        raise ValidationError(_("Este acuerdo ya fue verificado."))
    if fecha > timezone.localdate():
        raise ValidationError({"fecha": _("La fecha no puede estar en el futuro.")})
    if fecha < acuerdo.fecha:
        raise ValidationError(
            {
                "fecha": _("No puede verificarse antes de la fecha del acuerdo (%(fecha)s).")
                % {"fecha": acuerdo.fecha.strftime("%d/%m/%Y")}
            }
        )
    acuerdo.verificado_en = fecha
    acuerdo.resultado_verificacion = resultado
    acuerdo.observacion_verificacion = observacion
    _guardar(acuerdo, autor)
    _actuacion(
        acuerdo.caso,
        autor,
        TipoActuacion.VERIFICACION,
        _("Acuerdo verificado: %(resultado)s. %(obs)s")
        % {"resultado": ResultadoVerificacion(resultado).label, "obs": observacion},
    )
    return acuerdo


@transaction.atomic
def caso_cerrar(
    *, caso: Caso, autor, resultado: str, observacion: str = "", version: int | None = None
) -> Caso:
    """Cierra el caso con un resultado que su estado admite (`RESULTADOS_DESDE`)."""
    caso = _bloquear(caso, version)
    permitidos = RESULTADOS_DESDE.get(caso.estado, set())
    if resultado not in permitidos:
        raise ValidationError(
            {
                "resultado": _("Un caso «%(estado)s» no se cierra con «%(resultado)s».")
                % {"estado": caso.get_estado_display(), "resultado": Resultado(resultado).label}
            }
        )
    texto = _("Caso cerrado: %(resultado)s.") % {"resultado": Resultado(resultado).label}
    if observacion:
        texto = f"{texto} {observacion}"
    return _cambiar_estado(caso, Estado.CERRADO, autor, texto, resultado=resultado)


@transaction.atomic
def caso_archivar(*, caso: Caso, autor, motivo: str, version: int | None = None) -> Caso:
    """Archiva el caso (duplicado, registro errado) diciendo por qué."""
    caso = _bloquear(caso, version)
    return _cambiar_estado(caso, Estado.ARCHIVADO, autor, _("Archivado: %(m)s") % {"m": motivo})


@transaction.atomic
def caso_reasignar(*, caso: Caso, autor, gestor, version: int | None = None) -> Caso:
    """Cambia el responsable por un gestor o coordinador activo y certificado del municipio
    (`Caso.clean`); el anterior y el nuevo quedan en la actuación."""
    caso = _bloquear(caso, version)
    if gestor.pk == caso.gestor_id:
        return caso
    anterior = caso.gestor
    caso.gestor = gestor
    caso.version += 1
    _guardar(caso, autor)  # Caso.clean(): gestor o coordinador activo y certificado del municipio
    _actuacion(
        caso,
        autor,
        TipoActuacion.ASIGNACION,
        _("Reasignado de %(de)s a %(a)s.")
        % {"de": anterior.get_full_name() or anterior, "a": gestor.get_full_name() or gestor},
    )
    return caso
