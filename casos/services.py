"""Escrituras de los casos: cada cambio de estado pasa por aquí y deja una actuación.

Reglas (DESIGN §5): el ciclo de vida está en TRANSICIONES y RESULTADOS_DESDE; los tipos no
mediables no entran a mediación y se remiten; el riesgo alto ofrece remitir de inmediato a la
estación MEBAR. Cada servicio es atómico; los modelos auditados se guardan con `save()` para que
django-simple-history registre quién, cuándo y qué cambió.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casos import senales
from casos.models import (
    ACTAS,
    Actuacion,
    Acuerdo,
    Caso,
    Compromiso,
    ConsecutivoRadicado,
    DocumentoMediacionTipo,
    Estado,
    Parte,
    Resultado,
    ResultadoVerificacion,
    TipoActuacion,
    TipoConflicto,
)
from casos.personas import DatosAutorizacion, persona_para_registro
from comun.modelos import actualizar, fila_bloqueada, guardar
from municipios.models import Municipio, Sector


class ErrorDeParte(ValidationError):
    """El error de una de las partes (`indice`, en el orden de `partes`): quien tiene el formulario
    lo pone junto a los campos de ese bloque."""

    def __init__(self, error: ValidationError, indice: int):
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.indice = indice


# Un token de registro es de quien lo envió: el de otra persona no devuelve su caso.
ENVIO_AJENO = gettext_lazy(
    "Este envío ya se usó para otro registro: vuelva a llenar el formulario."
)

TRANSICIONES: dict[str, set[str]] = {
    Estado.REGISTRADO: {Estado.EN_GESTION, Estado.REMITIDO, Estado.CERRADO, Estado.ARCHIVADO},
    Estado.EN_GESTION: {Estado.EN_MEDIACION, Estado.REMITIDO, Estado.CERRADO, Estado.ARCHIVADO},
    Estado.EN_MEDIACION: {Estado.ACUERDO, Estado.REMITIDO, Estado.CERRADO},
    Estado.ACUERDO: {Estado.CERRADO},
    Estado.REMITIDO: {Estado.EN_GESTION, Estado.CERRADO},
    Estado.CERRADO: set(),
    Estado.ARCHIVADO: set(),
}
RESULTADOS_DESDE: dict[str, set[str]] = {
    Estado.REGISTRADO: {Resultado.DESISTIMIENTO, Resultado.NO_LOCALIZADO},
    Estado.EN_GESTION: {Resultado.SIN_ACUERDO, Resultado.DESISTIMIENTO, Resultado.NO_LOCALIZADO},
    Estado.EN_MEDIACION: {Resultado.SIN_ACUERDO, Resultado.DESISTIMIENTO, Resultado.NO_LOCALIZADO},
    Estado.ACUERDO: {Resultado.ACUERDO_TOTAL, Resultado.ACUERDO_PARCIAL, Resultado.SIN_ACUERDO},
    Estado.REMITIDO: {
        Resultado.REMITIDO_RESUELTO,
        Resultado.DESISTIMIENTO,
        Resultado.NO_LOCALIZADO,
    },
}


# Desde dónde se puede iniciar una mediación (pasando por «en gestión» si hace falta).
ESTADOS_PARA_MEDIAR = {Estado.REGISTRADO, Estado.EN_GESTION, Estado.REMITIDO}


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
    correo: str = ""
    autorizacion: DatosAutorizacion = field(default_factory=DatosAutorizacion)
    enfoque_etnico: bool = False
    enfoque_discapacidad: bool = False
    enfoque_victima: bool = False
    enfoque_migrante: bool = False
    enfoque_lgbtiq: bool = False


def actuacion_anotar(caso, autor, tipo, descripcion, *, anterior="", nuevo="", fecha=None):
    """Anota una actuación en la línea de tiempo del caso (cada servicio deja la suya)."""
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


def caso_bloquear(caso: Caso, version: int | None) -> Caso:
    """El caso bloqueado hasta el fin de la transacción; si `version` no es la actual, conflicto."""
    actual = Caso.objects.select_for_update().get(pk=caso.pk)
    if version is not None and actual.version != version:
        raise ConflictoDeVersion(actual)
    return actual


def estado_cambiar(caso, nuevo, autor, descripcion, *, resultado=""):
    """Mueve el caso a `nuevo` si TRANSICIONES lo permite, sube su versión y lo anota. Un caso
    en mediación con una sesión programada no sale de ella (se registra o se cancela antes)."""
    if nuevo not in TRANSICIONES[caso.estado]:
        raise ValidationError(
            _("Un caso «%(de)s» no puede pasar a «%(a)s».")
            % {"de": Estado(caso.estado).label, "a": Estado(nuevo).label}
        )
    if caso.estado == Estado.EN_MEDIACION and (
        programada := caso.sesiones.filter(estado="programada").first()
    ):
        # Las sesiones son de la app `mediacion` (encima): se leen por la relación inversa.
        raise ValidationError(
            _(
                "La sesión %(n)s del %(fecha)s sigue programada: regístrela o cancélela antes "
                "de que el caso salga de la mediación."
            )
            % {
                "n": programada.numero,
                "fecha": timezone.localtime(programada.inicio).strftime("%d/%m/%Y %H:%M"),
            }
        )
    anterior = caso.estado
    caso.estado = nuevo
    caso.resultado = resultado
    caso.version += 1
    if nuevo == Estado.CERRADO:
        caso.cerrado_en = timezone.now()
    guardar(caso, autor)
    actuacion_anotar(
        caso, autor, TipoActuacion.CAMBIO_ESTADO, descripcion, anterior=anterior, nuevo=nuevo
    )
    return caso


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
    sin_senal: bool = False,
) -> tuple[Caso, bool]:
    """Registra un caso con sus partes. Devuelve (caso, creado).

    Con el mismo `token` (el formulario enviado dos veces, o el envío sin señal repetido porque
    la respuesta no llegó) devuelve el caso ya creado. `sin_senal`: capturado sin conexión; una
    parte ya registrada con otros datos devuelve el envío (`persona_para_registro`).
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
    # Quien registre otro caso del mismo municipio y año espera aquí (sin huecos).
    contador = fila_bloqueada(ConsecutivoRadicado, municipio=municipio, anio=anio)
    # Después del bloqueo: un segundo envío del mismo formulario ve el caso del primero.
    if existente := Caso.objects.filter(token_registro=token).first():
        if existente.registrado_por_id != autor.pk:
            raise ValidationError(ENVIO_AJENO)
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
    for indice, datos in enumerate(partes):
        try:
            persona = persona_para_registro(
                municipio=municipio, datos=datos, autor=autor, sin_senal=sin_senal
            )
        except ValidationError as error:
            raise ErrorDeParte(error, indice) from error
        if persona.pk in vistas:
            raise ValidationError(
                _("%(persona)s aparece dos veces entre las partes.")
                % {"persona": persona.nombre_completo}
            )
        vistas.add(persona.pk)
        guardar(Parte(caso=caso, persona=persona, rol=datos.rol), autor)
    actuacion_anotar(
        caso, autor, TipoActuacion.REGISTRO, _("Caso registrado."), nuevo=Estado.REGISTRADO
    )
    if remitir_a_mebar:
        # Remitir es de la app `remisiones` (encima de esta): la señal la atiende dentro de
        # esta misma transacción; si falla, el registro entero se deshace.
        if not senales.remision_inmediata_pedida.send(
            sender=Caso, caso=caso, autor=autor, fecha=hoy
        ):
            raise ImproperlyConfigured("Nadie atiende la remisión inmediata (app remisiones).")
        caso.refresh_from_db()
    return caso, True


@transaction.atomic
def caso_editar(*, caso: Caso, autor, version: int, **cambios) -> Caso:
    """Cambia los datos del caso si nadie lo cambió desde `version`; si no, ConflictoDeVersion.
    Solo los de `Caso.CAMPOS_EDITABLES`: municipio, radicado, estado y responsable tienen su
    propio servicio."""
    caso = caso_bloquear(caso, version)
    if ajenos := set(cambios) - set(Caso.CAMPOS_EDITABLES):
        raise ValueError(f"No se editan aquí: {sorted(ajenos)}")
    actualizar(caso, autor=autor, version=caso.version + 1, **cambios)
    return caso


@transaction.atomic
def actuacion_registrar(
    *, caso: Caso, autor, tipo: str, descripcion: str, fecha: datetime.datetime | None = None
) -> Actuacion:
    """Anota una actuación en un caso abierto, con fecha no futura ni anterior a su recepción;
    la primera saca al caso de «registrado»."""
    caso = caso_bloquear(caso, None)
    if not caso.abierto:
        raise ValidationError(_("El caso está cerrado: no admite más actuaciones."))
    if fecha and fecha > timezone.now():
        raise ValidationError({"fecha": _("La actuación no puede tener fecha futura.")})
    if fecha:
        fecha_no_antes_del_caso(caso, timezone.localtime(fecha).date(), "fecha")
    actuacion = actuacion_anotar(caso, autor, tipo, descripcion, fecha=fecha)
    if caso.estado == Estado.REGISTRADO:
        estado_cambiar(caso, Estado.EN_GESTION, autor, _("El gestor empezó a gestionar el caso."))
    return actuacion


@transaction.atomic
def caso_iniciar_mediacion(*, caso: Caso, autor, version: int | None = None) -> Caso:
    """Pasa el caso a mediación si su tipo es mediable y su estado lo permite."""
    caso = caso_bloquear(caso, version)
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
        estado_cambiar(caso, Estado.EN_GESTION, autor, _("El gestor empezó a gestionar el caso."))
    elif caso.estado == Estado.REMITIDO:
        # La entidad devolvió el asunto a la mediación comunitaria.
        estado_cambiar(caso, Estado.EN_GESTION, autor, _("El caso vuelve a gestión comunitaria."))
    return estado_cambiar(caso, Estado.EN_MEDIACION, autor, _("Se inició la mediación."))


# Una fecha de un hecho del programa anterior a esto es un error de digitación (0202 por 2020).
ANIO_MINIMO = 1900


def fecha_no_futura(fecha: datetime.date):
    """La regla de las fechas de recibido, respuesta y verificación (también en los formularios:
    `casos.forms.no_futura`)."""
    if fecha > timezone.localdate():
        raise ValidationError({"fecha": _("La fecha no puede estar en el futuro.")})
    if fecha.year < ANIO_MINIMO:
        raise ValidationError(
            {"fecha": _("La fecha no puede ser anterior a %(anio)s.") % {"anio": ANIO_MINIMO}}
        )


def fecha_no_antes_del_caso(caso: Caso, fecha: datetime.date, campo: str):
    """Lo que se hace en un caso (actuación, remisión, acuerdo) no es anterior a su recepción."""
    if fecha < caso.fecha_recepcion:
        raise ValidationError(
            {
                campo: _("La fecha no puede ser anterior a la recepción del caso (%(fecha)s).")
                % {"fecha": caso.fecha_recepcion.strftime("%d/%m/%Y")}
            }
        )


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
    caso = caso_bloquear(caso, version)
    if not acepta_acuerdo(caso):
        raise ValidationError(_("Un acuerdo se registra en un caso en mediación."))
    if fecha > timezone.localdate():
        raise ValidationError({"fecha": _("La fecha del acuerdo no puede estar en el futuro.")})
    fecha_no_antes_del_caso(caso, fecha, "fecha")
    if not compromisos:
        raise ValidationError(_("Un acuerdo tiene al menos un compromiso."))
    acuerdo = guardar(
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
        guardar(  # Compromiso.clean(): la parte es de este caso
            Compromiso(
                acuerdo=acuerdo,
                parte=datos.parte,
                descripcion=datos.descripcion,
                fecha_limite=datos.fecha_limite,
            ),
            autor,
        )
    estado_cambiar(caso, Estado.ACUERDO, autor, _("Las partes llegaron a un acuerdo."))
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
    guardar(acuerdo, autor)
    actuacion_anotar(
        acuerdo.caso,
        autor,
        TipoActuacion.VERIFICACION,
        _("Acuerdo verificado: %(resultado)s. %(obs)s")
        % {"resultado": ResultadoVerificacion(resultado).label, "obs": observacion},
    )
    return acuerdo


def documentos_para_cerrar(caso: Caso, resultado: str) -> set[str]:
    """Los documentos de mediación de los que uno, vigente, debe estar emitido para cerrar `caso`
    con `resultado` (vacío: ninguno). Un caso que llega al cierre desde la mediación termina en
    un documento, como pide el registro de conciliaciones (SICAAC): con acuerdo, el acta (total o
    parcial, la del resultado; si el acuerdo después se incumplió y se cierra «sin acuerdo»,
    cualquiera de las dos); sin acuerdo en mediación, la constancia de no acuerdo o la de
    inasistencia. Desistimiento y no localizado no piden documento."""
    if caso.estado == Estado.ACUERDO:
        return {
            Resultado.ACUERDO_TOTAL: {DocumentoMediacionTipo.ACTA_TOTAL},
            Resultado.ACUERDO_PARCIAL: {DocumentoMediacionTipo.ACTA_PARCIAL},
            Resultado.SIN_ACUERDO: set(ACTAS),
        }.get(resultado, set())
    if caso.estado == Estado.EN_MEDIACION and resultado == Resultado.SIN_ACUERDO:
        return {DocumentoMediacionTipo.NO_ACUERDO, DocumentoMediacionTipo.INASISTENCIA}
    return set()


def documento_de_cierre_falta(caso: Caso, resultado: str) -> str:
    """El mensaje de por qué `caso` no puede cerrarse aún con `resultado` por falta de su
    documento de mediación, o "" si lo tiene (o no lo necesita). Los documentos viven en la app
    `mediacion`, encima de esta: se leen por la relación inversa, sin importarla."""
    tipos = documentos_para_cerrar(caso, resultado)
    vigentes = caso.documentos_mediacion.filter(tipo__in=tipos, reemplazo__isnull=True)
    if not tipos or vigentes.exists():
        return ""
    nombres = " o ".join(str(DocumentoMediacionTipo(tipo).label).lower() for tipo in sorted(tipos))
    return _(
        "Para cerrar con «%(resultado)s» emita primero el documento de la mediación: %(doc)s."
    ) % {"resultado": Resultado(resultado).label, "doc": nombres}


@transaction.atomic
def caso_cerrar(
    *, caso: Caso, autor, resultado: str, observacion: str = "", version: int | None = None
) -> Caso:
    """Cierra el caso con un resultado que su estado admite (`RESULTADOS_DESDE`); si viene de
    la mediación, con su documento emitido (`documentos_para_cerrar`); con acuerdo, «sin
    acuerdo» solo si se verificó incumplido."""
    caso = caso_bloquear(caso, version)
    permitidos = RESULTADOS_DESDE.get(caso.estado, set())
    if resultado not in permitidos:
        raise ValidationError(
            {
                "resultado": _("Un caso «%(estado)s» no se cierra con «%(resultado)s».")
                % {"estado": caso.get_estado_display(), "resultado": Resultado(resultado).label}
            }
        )
    if falta := documento_de_cierre_falta(caso, resultado):
        raise ValidationError({"resultado": falta})
    if (
        caso.estado == Estado.ACUERDO
        and resultado == Resultado.SIN_ACUERDO
        and not caso.acuerdos.filter(
            resultado_verificacion=ResultadoVerificacion.INCUMPLIDO
        ).exists()
    ):
        raise ValidationError(
            {
                "resultado": _(
                    "Un caso con acuerdo se cierra «sin acuerdo» cuando la verificación encontró "
                    "el acuerdo incumplido: verifíquelo primero."
                )
            }
        )
    texto = _("Caso cerrado: %(resultado)s.") % {"resultado": Resultado(resultado).label}
    if observacion:
        texto = f"{texto} {observacion}"
    return estado_cambiar(caso, Estado.CERRADO, autor, texto, resultado=resultado)


@transaction.atomic
def caso_archivar(*, caso: Caso, autor, motivo: str, version: int | None = None) -> Caso:
    """Archiva el caso (duplicado, registro errado) diciendo por qué."""
    caso = caso_bloquear(caso, version)
    return estado_cambiar(caso, Estado.ARCHIVADO, autor, _("Archivado: %(m)s") % {"m": motivo})


@transaction.atomic
def caso_reasignar(*, caso: Caso, autor, gestor, version: int | None = None) -> Caso:
    """Cambia el responsable por un gestor o coordinador activo y certificado del municipio
    (`Caso.clean`); el anterior y el nuevo quedan en la actuación."""
    caso = caso_bloquear(caso, version)
    if gestor.pk == caso.gestor_id:
        return caso
    anterior = caso.gestor
    caso.gestor = gestor
    caso.version += 1
    guardar(caso, autor)  # Caso.clean(): gestor o coordinador activo y certificado del municipio
    actuacion_anotar(
        caso,
        autor,
        TipoActuacion.ASIGNACION,
        _("Reasignado de %(de)s a %(a)s.")
        % {"de": anterior.get_full_name() or anterior, "a": gestor.get_full_name() or gestor},
    )
    return caso
