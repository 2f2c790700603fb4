"""Lo que la agenda agrega al resumen diario de cada gestor (`remisiones.recordatorios`): sus
sesiones de mañana. `remisiones` no importa `mediacion` (son pares); la agenda, que está encima
de las dos, atiende su señal `resumen_diario_de_gestores` (conectada en `agenda/apps.py`).

Cada sesión va con el radicado, la hora y el lugar; nada de las partes.
"""

import datetime
from itertools import groupby

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agenda.selectors import sesiones_del_dia
from remisiones.notificaciones import url_absoluta
from remisiones.senales import SeccionDelResumen


def _linea(sesion) -> str:
    return _("- %(hora)s · %(radicado)s · %(lugar)s") % {
        "hora": timezone.localtime(sesion.inicio).strftime("%H:%M"),
        "radicado": sesion.caso.radicado,
        "lugar": f"{sesion.get_tipo_lugar_display()}: {sesion.lugar}",
    }


def sesiones_de_manana(sender, *, hoy: datetime.date, **kwargs) -> dict[int, SeccionDelResumen]:
    """Receptor: {id del gestor: sus sesiones programadas de mañana}, en una consulta."""
    manana = hoy + datetime.timedelta(days=1)
    secciones = {}
    agenda = url_absoluta(reverse("agenda:mia"))
    for gestor_id, sesiones in groupby(sesiones_del_dia(manana), key=lambda s: s.caso.gestor_id):
        sesiones = list(sesiones)
        titulo = ngettext(
            "Su sesión de mediación de mañana (%(f)s):",
            "Sus %(n)d sesiones de mediación de mañana (%(f)s):",
            len(sesiones),
        ) % {"n": len(sesiones), "f": manana.strftime("%d/%m/%Y")}
        secciones[gestor_id] = SeccionDelResumen(
            asunto=ngettext("%(n)d sesión mañana", "%(n)d sesiones mañana", len(sesiones))
            % {"n": len(sesiones)},
            cuerpo="\n".join([titulo, *(_linea(s) for s in sesiones)])
            + "\n"
            + _("Mi agenda: %(url)s") % {"url": agenda},
        )
    return secciones
