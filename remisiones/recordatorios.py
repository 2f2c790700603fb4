"""Recordatorios diarios por correo (issue 5): un resumen por destinatario, nunca dos el mismo día.

- Enlaces: remisiones a su entidad vencidas o que vencen en los próximos 2 días hábiles.
- Gestores: sus casos abiertos con alertas (sin seguimiento, remisión vencida, verificación) y
  lo que las apps de encima agregan por la señal `senales.resumen_diario_de_gestores` (la
  agenda: sus sesiones de mañana). Un correo por gestor y día, con todo junto.
- Coordinadores: un resumen semanal de su municipio (uno por semana ISO).
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casos.models import ESTADOS_ABIERTOS, Caso
from casos.plazos import sumar_dias_habiles
from gestores.models import Rol
from remisiones.models import Remision, TipoNotificacion
from remisiones.notificaciones import notificar, url_absoluta
from remisiones.senales import resumen_diario_de_gestores

User = get_user_model()


def _activos(rol):
    return (
        User.objects.filter(is_active=True, perfil__rol=rol)
        .exclude(email="")
        .select_related("perfil__entidad", "perfil__municipio")
    )


def recordatorios_enlaces(hoy: datetime.date) -> list:
    pronto = sumar_dias_habiles(hoy, 2)
    enviados = []
    for usuario in _activos(Rol.ENLACE):
        remisiones = list(
            Remision.objects.visible_para(usuario)
            .pendientes()
            .filter(fecha_limite__lte=pronto)
            .select_related("caso")
            .order_by("fecha_limite")
        )
        if not remisiones:
            continue
        lineas = [
            f"- {r.caso.radicado}: "
            + (_("vencida desde el %(f)s") if r.fecha_limite < hoy else _("vence el %(f)s"))
            % {"f": r.fecha_limite.strftime("%d/%m/%Y")}
            for r in remisiones
        ]
        n = notificar(
            tipo=TipoNotificacion.RECORDATORIO_ENLACE,
            para=usuario.email,
            usuario=usuario,
            asunto=_("Remisiones por responder: %(n)d") % {"n": len(remisiones)},
            cuerpo="\n".join(lineas)
            + "\n\n"
            + _("Su bandeja: %(url)s") % {"url": url_absoluta(reverse("remisiones:bandeja"))},
            clave=f"recordatorio-enlace:{hoy.isoformat()}",
        )
        if n:
            enviados.append(n)
    return enviados


def _secciones_de_gestores(hoy: datetime.date) -> dict[int, list]:
    """Lo que los receptores de `resumen_diario_de_gestores` agregan, por id de usuario."""
    secciones = {}
    for _receptor, respuesta in resumen_diario_de_gestores.send(sender=None, hoy=hoy):
        for usuario_id, seccion in (respuesta or {}).items():
            secciones.setdefault(usuario_id, []).append(seccion)
    return secciones


def recordatorios_gestores(hoy: datetime.date) -> list:
    enviados = []
    secciones = _secciones_de_gestores(hoy)
    for usuario in _activos(Rol.GESTOR):
        casos = list(
            Caso.objects.filter(gestor=usuario)
            .abiertos()
            .con_alertas()
            .filter(vencido=True)
            .order_by("fecha_recepcion")
        )
        extras = secciones.get(usuario.pk, [])
        if not casos and not extras:
            continue
        lineas = []
        for caso in casos:
            motivos = [
                texto
                for activa, texto in (
                    (caso.alerta_sin_seguimiento, _("sin seguimiento en 15 días")),
                    (caso.alerta_remision, _("remisión sin respuesta en el plazo")),
                    (caso.alerta_verificacion, _("verificación del acuerdo pendiente")),
                )
                if activa
            ]
            lineas.append(f"- {caso.radicado}: {', '.join(motivos)}")
        asuntos = [_("Casos con alertas: %(n)d") % {"n": len(casos)}] if casos else []
        partes = ["\n".join(lineas)] if casos else []
        for seccion in extras:
            asuntos.append(seccion.asunto)
            partes.append(seccion.cuerpo)
        n = notificar(
            tipo=TipoNotificacion.RECORDATORIO_GESTOR,
            para=usuario.email,
            usuario=usuario,
            asunto=" · ".join(asuntos),
            cuerpo="\n\n".join(partes)
            + "\n\n"
            + _("Mis casos: %(url)s") % {"url": url_absoluta(reverse("casos:mios"))},
            clave=f"recordatorio-gestor:{hoy.isoformat()}",
        )
        if n:
            enviados.append(n)
    return enviados


def resumenes_coordinadores(hoy: datetime.date) -> list:
    anio, semana, _dia = hoy.isocalendar()
    hace_una_semana = hoy - datetime.timedelta(days=7)
    enviados = []
    for usuario in _activos(Rol.COORDINADOR):
        municipio = usuario.perfil.municipio
        cifras = (
            Caso.objects.filter(municipio=municipio)
            .con_alertas()
            .aggregate(
                nuevos=Count("pk", filter=Q(fecha_recepcion__gt=hace_una_semana)),
                abiertos=Count("pk", filter=Q(estado__in=ESTADOS_ABIERTOS)),
                con_alertas=Count("pk", filter=Q(vencido=True)),
            )
        )
        remisiones_vencidas = (
            Remision.objects.filter(caso__municipio=municipio).vencidas(hoy).count()
        )
        cuerpo = _(
            "Resumen semanal de %(m)s:\n- Casos recibidos en los últimos 7 días: %(nuevos)d\n"
            "- Casos abiertos: %(abiertos)d\n- Casos con alertas: %(alertas)d\n"
            "- Remisiones vencidas: %(remisiones)d\n\nCasos: %(url)s\n"
        ) % {
            "m": municipio.nombre,
            "nuevos": cifras["nuevos"],
            "abiertos": cifras["abiertos"],
            "alertas": cifras["con_alertas"],
            "remisiones": remisiones_vencidas,
            "url": url_absoluta(reverse("casos:lista")),
        }
        n = notificar(
            tipo=TipoNotificacion.RESUMEN_COORDINADOR,
            para=usuario.email,
            usuario=usuario,
            asunto=_("Resumen semanal de convivencia: %(m)s") % {"m": municipio.nombre},
            cuerpo=cuerpo,
            clave=f"resumen-semanal:{anio}-W{semana:02d}",
        )
        if n:
            enviados.append(n)
    return enviados


def enviar_recordatorios(hoy: datetime.date | None = None) -> list:
    hoy = hoy or timezone.localdate()
    return recordatorios_enlaces(hoy) + recordatorios_gestores(hoy) + resumenes_coordinadores(hoy)
