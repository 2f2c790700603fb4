"""Lecturas de la agenda: sesiones de mediación, verificaciones de acuerdos y actividades de un
periodo, como `Evento`s sin datos de las partes (radicado, clase, lugar, hora y responsable).

Tres consultas por agenda, sea cual sea el número de eventos (cuatro en la del municipio: los
facilitadores de las actividades van en una consulta más). Todo pasa por `visible_para(user)`
además del filtro propio («mis» eventos o los del municipio elegido).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from capacitaciones.models import Actividad, EstadoActividad
from casos.models import ESTADOS_ABIERTOS, Acuerdo
from mediacion.models import EstadoSesion, SesionMediacion

# Mi agenda: hoy y los 7 días siguientes; las flechas mueven una semana.
DIAS_DE_LA_AGENDA = 8
PASO_EN_DIAS = 7
# Hasta dónde se deja mover la agenda (lo demás es un error de la URL, no una consulta).
DIAS_MAXIMOS = 366
# Verificaciones vencidas que se listan aparte (las más antiguas primero).
TOPE_VENCIDAS = 50


class Clase:
    SESION = "sesion"
    VERIFICACION = "verificacion"
    ACTIVIDAD = "actividad"


@dataclass
class Evento:
    """Una entrada de la agenda. Sin nombres ni documentos de las partes, a propósito: la
    agenda se ve en el teléfono, sale en el calendario ICS y en el correo."""

    clase: str
    uid: str
    dia: datetime.date
    titulo: str
    lugar: str = ""
    radicado: str = ""
    inicio: datetime.datetime | None = None  # None: de todo el día (verificaciones)
    fin: datetime.datetime | None = None
    url: str = ""
    url_caso: str = ""
    responsable: str = ""
    vencida: bool = False
    cancelada: bool = False
    detalle: str = ""

    @property
    def todo_el_dia(self) -> bool:
        return self.inicio is None


@dataclass
class Dia:
    fecha: datetime.date
    eventos: list[Evento] = field(default_factory=list)

    @property
    def es_hoy(self) -> bool:
        return self.fecha == timezone.localdate()


@dataclass
class Agenda:
    desde: datetime.date
    hasta: datetime.date
    dias: list[Dia]
    vencidas: list[Evento]
    mas_vencidas: bool = False

    @property
    def vacia(self) -> bool:
        return not self.vencidas and not any(dia.eventos for dia in self.dias)


def _momento(dia: datetime.date) -> datetime.datetime:
    """La medianoche de `dia` en la hora de Colombia."""
    return timezone.make_aware(datetime.datetime.combine(dia, datetime.time.min))


def _nombre(usuario) -> str:
    return usuario.get_full_name() or usuario.get_username()


def _sesiones(user, desde, hasta, *, de, estados):
    consulta = (
        SesionMediacion.objects.visible_para(user)
        .filter(
            inicio__gte=_momento(desde),
            inicio__lt=_momento(hasta + datetime.timedelta(days=1)),
            estado__in=estados,
        )
        .filter(de)
        .select_related("caso", "caso__gestor")
        .order_by("inicio", "pk")
        .para_lista()
    )
    for sesion in consulta:
        yield Evento(
            clase=Clase.SESION,
            uid=f"sesion-{sesion.pk}",
            dia=timezone.localtime(sesion.inicio).date(),
            titulo=_("Sesión de mediación"),
            lugar=f"{sesion.get_tipo_lugar_display()}: {sesion.lugar}",
            radicado=sesion.caso.radicado,
            inicio=sesion.inicio,
            fin=sesion.fin,
            url=sesion.get_absolute_url(),
            url_caso=sesion.caso.get_absolute_url(),
            responsable=_nombre(sesion.caso.gestor),
            cancelada=sesion.estado in (EstadoSesion.REPROGRAMADA, EstadoSesion.CANCELADA),
        )


def _verificaciones(user, desde, hasta, *, de, hoy, tope=None):
    """Pendientes de casos abiertos con fecha en [desde, hasta] (`desde` None: sin límite
    inferior, `hasta` incluido); `tope`: a lo sumo tantas, las más antiguas."""
    consulta = (
        Acuerdo.objects.visible_para(user)
        .filter(
            resultado_verificacion="",
            caso__estado__in=ESTADOS_ABIERTOS,
            fecha_verificacion__lte=hasta,
        )
        .filter(de)
        .select_related("caso", "caso__gestor")
        .order_by("fecha_verificacion", "pk")
        .para_lista()
    )
    if desde is not None:
        consulta = consulta.filter(fecha_verificacion__gte=desde)
    if tope is not None:
        consulta = consulta[:tope]
    for acuerdo in consulta:
        yield Evento(
            clase=Clase.VERIFICACION,
            uid=f"verificacion-{acuerdo.pk}",
            dia=acuerdo.fecha_verificacion,
            titulo=_("Verificación del acuerdo"),
            radicado=acuerdo.caso.radicado,
            url_caso=acuerdo.caso.get_absolute_url(),
            responsable=_nombre(acuerdo.caso.gestor),
            vencida=acuerdo.fecha_verificacion < hoy,
            detalle=_("Acuerdo del %(f)s") % {"f": acuerdo.fecha.strftime("%d/%m/%Y")},
        )


def _actividades(user, desde, hasta, *, de, estados, con_facilitadores=False):
    consulta = (
        Actividad.objects.visible_para(user)
        .filter(
            inicio__gte=_momento(desde),
            inicio__lt=_momento(hasta + datetime.timedelta(days=1)),
            estado__in=estados,
        )
        .filter(de)
        .distinct()
        .select_related("registrada_por")
        .order_by("inicio", "pk")
        .para_lista()
    )
    if con_facilitadores:
        consulta = consulta.prefetch_related(
            Prefetch("facilitadores", to_attr="lista_facilitadores")
        )
    for actividad in consulta:
        responsables = getattr(actividad, "lista_facilitadores", None) or [actividad.registrada_por]
        yield Evento(
            clase=Clase.ACTIVIDAD,
            uid=f"actividad-{actividad.pk}",
            dia=timezone.localtime(actividad.inicio).date(),
            titulo=actividad.get_tipo_display(),
            lugar=actividad.lugar,
            inicio=actividad.inicio,
            fin=actividad.fin,
            url=actividad.get_absolute_url(),
            responsable=", ".join(_nombre(u) for u in responsables),
            cancelada=actividad.estado == EstadoActividad.CANCELADA,
            detalle=actividad.tema,
        )


def _mias(user) -> dict[str, Q]:
    """Lo que es «de» `user`: sus casos y las actividades que facilita o registró."""
    return {
        "sesiones": Q(caso__gestor=user),
        "verificaciones": Q(caso__gestor=user),
        "actividades": Q(facilitadores=user) | Q(registrada_por=user),
    }


def _del_municipio(municipio) -> dict[str, Q]:
    return {
        "sesiones": Q(caso__municipio=municipio),
        "verificaciones": Q(caso__municipio=municipio),
        "actividades": Q(municipio=municipio),
    }


def _agenda(user, desde, filtros, *, con_facilitadores=False) -> Agenda:
    hoy = timezone.localdate()
    hasta = desde + datetime.timedelta(days=DIAS_DE_LA_AGENDA - 1)
    dias = {
        desde + datetime.timedelta(days=n): Dia(desde + datetime.timedelta(days=n))
        for n in range(DIAS_DE_LA_AGENDA)
    }
    eventos = [
        *_sesiones(user, desde, hasta, de=filtros["sesiones"], estados=[EstadoSesion.PROGRAMADA]),
        *_actividades(
            user,
            desde,
            hasta,
            de=filtros["actividades"],
            estados=[EstadoActividad.PROGRAMADA],
            con_facilitadores=con_facilitadores,
        ),
        *_verificaciones(user, desde, hasta, de=filtros["verificaciones"], hoy=hoy),
    ]
    # Las vencidas antes de los días que se miran van arriba, aparte (las de esos días salen en
    # su día, marcadas). Con tope: en el municipio pueden ser cientos.
    vencidas = list(
        _verificaciones(
            user,
            None,
            min(hoy, desde) - datetime.timedelta(days=1),
            de=filtros["verificaciones"],
            hoy=hoy,
            tope=TOPE_VENCIDAS + 1,
        )
    )
    # Primero las de todo el día (verificaciones), luego por hora.
    eventos.sort(key=lambda e: (e.dia, e.inicio.timestamp() if e.inicio else 0, e.uid))
    for evento in eventos:
        dias[evento.dia].eventos.append(evento)
    return Agenda(
        desde=desde,
        hasta=hasta,
        dias=list(dias.values()),
        vencidas=vencidas[:TOPE_VENCIDAS],
        mas_vencidas=len(vencidas) > TOPE_VENCIDAS,
    )


def agenda_de(user, desde: datetime.date) -> Agenda:
    """Mi agenda: desde `desde`, 8 días de las sesiones programadas de los casos de los que
    `user` es responsable (`caso.gestor`), las verificaciones pendientes de sus acuerdos (casos
    abiertos; las vencidas antes de `desde`, aparte) y las actividades programadas de su
    municipio que facilita (`Actividad.facilitadores`) o que registró
    (`Actividad.registrada_por`): así el gestor ve las que dicta y el coordinador las que
    organizó aunque no las dicte."""
    return _agenda(user, desde, _mias(user))


def agenda_del_municipio(user, municipio, desde: datetime.date) -> Agenda:
    """La agenda de `municipio`: las sesiones programadas y las verificaciones pendientes de
    todos sus casos abiertos y todas sus actividades programadas, con el responsable (el gestor
    del caso; los facilitadores de la actividad o, si no tiene, quien la registró)."""
    return _agenda(user, desde, _del_municipio(municipio), con_facilitadores=True)


# El calendario ICS: 30 días atrás y 180 adelante, con lo reprogramado y lo cancelado.
DIAS_ATRAS_ICS = 30
DIAS_ADELANTE_ICS = 180


def eventos_del_calendario(user) -> list[Evento]:
    """Los eventos del calendario privado de `user` (los mismos de «Mi agenda») de 30 días
    atrás a 180 adelante: sesiones en cualquier estado (las reprogramadas y las canceladas,
    como canceladas), verificaciones pendientes y actividades en cualquier estado (las
    canceladas, como canceladas)."""
    hoy = timezone.localdate()
    desde = hoy - datetime.timedelta(days=DIAS_ATRAS_ICS)
    hasta = hoy + datetime.timedelta(days=DIAS_ADELANTE_ICS)
    filtros = _mias(user)
    return [
        *_sesiones(user, desde, hasta, de=filtros["sesiones"], estados=EstadoSesion.values),
        *_verificaciones(user, desde, hasta, de=filtros["verificaciones"], hoy=hoy),
        *_actividades(
            user, desde, hasta, de=filtros["actividades"], estados=EstadoActividad.values
        ),
    ]


def sesiones_del_dia(dia: datetime.date):
    """Las sesiones programadas de `dia` de los casos de gestores activos, con el caso y su
    gestor (una consulta; para el resumen diario, que corre sin usuario)."""
    return (
        SesionMediacion.objects.programadas()
        .filter(
            inicio__gte=_momento(dia),
            inicio__lt=_momento(dia + datetime.timedelta(days=1)),
            caso__gestor__is_active=True,
        )
        .select_related("caso")
        .order_by("caso__gestor_id", "inicio", "pk")
    )
