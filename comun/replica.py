"""La copia de lectura (réplica de PostgreSQL): qué lecturas van a ella y la hora de sus datos.

Con `DATABASE_REPLICA_URL` hay una segunda base, `replica`. Las vistas pesadas que solo leen
(tableros, informe y su XLSX, listas y exportes del admin) llevan `@lee_de_la_replica`, y
`calentar_tableros` corre dentro de `leyendo_de_la_replica()`: mientras tanto, el enrutador manda
sus lecturas a la copia. Todo lo demás queda en el primario:

- las escrituras, siempre (también las de dentro de esas vistas: la bitácora del exporte, los
  eventos de seguridad);
- la sesión, el usuario y sus permisos (los lee el middleware, antes de la vista, y las tablas de
  `SIEMPRE_EN_EL_PRIMARIO` aun dentro de ella), y la caché en la base (`CACHE_TABLA`): lo que un
  proceso acaba de guardar no estaría todavía en la copia;
- lo que se lee dentro de una transacción del primario (leería lo que ella escribió);
- la página que llega con el aviso de lo que se acaba de hacer (guardar en el admin, importar):
  debe mostrar ese cambio, que quizá no llegó aún a la copia; y los envíos (POST) de las listas
  del admin (acciones, edición en la lista).

Sin `DATABASE_REPLICA_URL` el enrutador no cambia nada. Si la copia no responde al empezar la
vista, la vista lee del primario (y queda en el registro).
"""

import contextlib
import contextvars
import datetime
import functools
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

REPLICA = "replica"
# Nunca de la copia: la sesión, la caché, quién es el usuario y qué puede hacer.
SIEMPRE_EN_EL_PRIMARIO = frozenset({"sessions", "django_cache", "auth", "axes", "otp_totp"})

# La hora de los datos de la copia: si ya repitió todo lo que recibió, la de ahora; si no, la del
# último commit que repitió (el del primario). Fuera de recuperación (no es una copia), ahora.
SQL_CORTE = """
    SELECT COALESCE(
        CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN now()
             ELSE pg_last_xact_replay_timestamp() END,
        now()
    ), now()
"""

registro = logging.getLogger(__name__)
_leer_de_la_copia = contextvars.ContextVar("leer_de_la_copia", default=False)


def hay_replica() -> bool:
    return REPLICA in connections.settings


def lee_de_la_replica_ahora() -> bool:
    """¿Las lecturas de este momento van a la copia? (dentro de una vista marcada, con copia y
    fuera de una transacción del primario)."""
    return (
        _leer_de_la_copia.get()
        and hay_replica()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


class EnrutadorDeReplica:
    """`DATABASE_ROUTERS`: las lecturas de las vistas marcadas van a la copia; nada más."""

    def db_for_read(self, model, **hints):
        if not lee_de_la_replica_ahora():
            # Lo de siempre: la base de la instancia de la pista, o la principal (así las
            # relaciones de las filas de un CSV que se escribe después de la vista siguen en la
            # copia, como su consulta).
            return None
        if model._meta.app_label in SIEMPRE_EN_EL_PRIMARIO:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # las dos bases tienen los mismos datos

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS  # la copia recibe las migraciones por la replicación


def _copia_responde() -> bool:
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        registro.warning("La copia de lectura no responde: esta página se lee del primario.")
        return False
    return True


def _conviene(request, solo_get: bool) -> bool:
    if not hay_replica():
        return False
    if solo_get and request.method not in ("GET", "HEAD"):
        return False
    # Con el aviso de lo que se acaba de hacer, la página debe mostrar ese cambio.
    return not len(messages.get_messages(request))


@contextlib.contextmanager
def leyendo_de_la_replica(conviene: bool = True):
    """Dentro, las lecturas van a la copia, si hay una y responde (si no, al primario)."""
    if not (conviene and hay_replica() and _copia_responde()):
        yield
        return
    marca = _leer_de_la_copia.set(True)
    try:
        yield
    finally:
        _leer_de_la_copia.reset(marca)


def lee_de_la_replica(vista=None, *, solo_get: bool = False):
    """Las lecturas de la vista van a la copia de lectura, si hay una (ver el módulo).

    La respuesta se dibuja dentro (una `TemplateResponse` del admin consulta al dibujarse).
    `solo_get`: los demás métodos (acciones, edición en la lista) quedan en el primario.
    """
    if vista is None:
        return functools.partial(lee_de_la_replica, solo_get=solo_get)

    @functools.wraps(vista)
    def envuelta(request, *args, **kwargs):
        with leyendo_de_la_replica(_conviene(request, solo_get)):
            respuesta = vista(request, *args, **kwargs)
            if callable(getattr(respuesta, "render", None)) and not respuesta.is_rendered:
                respuesta.render()
            return respuesta

    envuelta.lee_de_la_replica = True
    return envuelta


@dataclass(frozen=True)
class EstadoDeLaCopia:
    corte: datetime.datetime  # hasta dónde llegan los datos de la copia
    retraso: datetime.timedelta  # cuánto va atrás del primario (al menos)

    @property
    def atrasada(self) -> bool:
        return self.retraso.total_seconds() > settings.REPLICA_RETRASO_AVISO_SEGUNDOS

    @property
    def retraso_en_palabras(self) -> str:
        """«45 segundos», «3 minutos», «1 hora y 5 minutos»."""
        segundos = int(self.retraso.total_seconds())
        if segundos < 60:
            return ngettext("%(n)d segundo", "%(n)d segundos", segundos) % {"n": segundos}
        horas, minutos = divmod(segundos // 60, 60)
        en_minutos = ngettext("%(n)d minuto", "%(n)d minutos", minutos) % {"n": minutos}
        if not horas:
            return en_minutos
        en_horas = ngettext("%(n)d hora", "%(n)d horas", horas) % {"n": horas}
        return (
            en_horas
            if not minutos
            else _("%(horas)s y %(minutos)s")
            % {
                "horas": en_horas,
                "minutos": en_minutos,
            }
        )


def estado_de_la_copia() -> EstadoDeLaCopia | None:
    """Corte y retraso de la copia, si las lecturas de ahora van a ella (si no, None)."""
    if not lee_de_la_replica_ahora() or connections[REPLICA].vendor != "postgresql":
        return None
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(SQL_CORTE)
        corte, ahora = cursor.fetchone()
    return EstadoDeLaCopia(corte=corte, retraso=max(ahora - corte, datetime.timedelta(0)))


def corte_de_lectura() -> datetime.datetime:
    """La hora de los datos que se van a leer: ahora, o la del corte de la copia si se lee de
    ella (unas cifras calculadas de una copia atrasada no dicen la hora en que se calcularon)."""
    estado = estado_de_la_copia()
    return estado.corte if estado is not None else timezone.now()
