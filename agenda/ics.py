"""El calendario ICS (RFC 5545) de un usuario, con la biblioteca `icalendar`.

Sin datos personales: cada evento lleva su clase y el radicado (SUMMARY), el lugar (LOCATION),
la hora y un UID estable; ni nombres, ni documentos, ni teléfonos, ni el relato. Las horas van
en UTC (`…Z`), que todos los clientes entienden sin la definición de la zona; las
verificaciones son de todo el día (DTSTART;VALUE=DATE).
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from agenda.selectors import Clase, Evento


def _dominio() -> str:
    return urlsplit(settings.SITIO_URL).hostname or "convivencia"


def _resumen(evento: Evento) -> str:
    titulo = (
        evento.titulo
        if evento.clase != Clase.ACTIVIDAD
        else _("Actividad: %(tipo)s") % {"tipo": evento.titulo}
    )
    return f"{titulo} · {evento.radicado}" if evento.radicado else titulo


def _vevent(evento: Evento, sello: datetime.datetime, dominio: str) -> Event:
    vevent = Event()
    vevent.add("uid", f"{evento.uid}@{dominio}")
    vevent.add("dtstamp", sello)
    vevent.add("summary", _resumen(evento))
    if evento.todo_el_dia:
        vevent.add("dtstart", evento.dia)
        vevent.add("dtend", evento.dia + datetime.timedelta(days=1))
        vevent.add("transp", "TRANSPARENT")
    else:
        vevent.add("dtstart", evento.inicio.astimezone(datetime.UTC))
        vevent.add("dtend", evento.fin.astimezone(datetime.UTC))
    if evento.lugar:
        vevent.add("location", evento.lugar)
    vevent.add("status", "CANCELLED" if evento.cancelada else "CONFIRMED")
    return vevent


def calendario_ics(eventos: list[Evento], *, nombre: str) -> bytes:
    """El calendario con `eventos`, listo para responder como `text/calendar`."""
    calendario = Calendar()
    calendario.add("prodid", "-//Convivencia//Agenda//ES")
    calendario.add("version", "2.0")
    calendario.add("calscale", "GREGORIAN")
    calendario.add("method", "PUBLISH")
    calendario.add("x-wr-calname", nombre)
    calendario.add("x-wr-timezone", settings.TIME_ZONE)
    # Los clientes que lo respetan lo vuelven a pedir cada hora.
    calendario.add(
        "refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"}
    )
    calendario.add("x-published-ttl", "PT1H")
    sello = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    dominio = _dominio()
    for evento in eventos:
        calendario.add_component(_vevent(evento, sello, dominio))
    return calendario.to_ical()
