"""Lecturas que combinan varias apps para la página de inicio."""

from django.db.models import Count, Q
from django.utils import timezone

from casos.models import Caso
from gestores.models import EstadoGestor, Gestor, Perfil, Rol
from municipios import selectors as directorio
from municipios.alcance import municipio_de_alcance
from remisiones.models import REMISION_CERRADA, Remision


def municipios_con_totales(user):
    """Los totales del directorio de cada municipio visible, más sus gestores activos."""
    return directorio.municipios_con_totales(user).annotate(
        total_gestores=directorio.contar_por_municipio(
            Perfil.objects.gestores().filter(usuario__is_active=True)
        )
    )


def resumen_inicio(user) -> dict:
    """Lo que muestra la página de inicio a `user`, según su rol y su alcance."""
    todos, municipio_id = municipio_de_alcance(user)
    perfil = getattr(user, "perfil", None)
    contexto = {
        "rol": Rol(perfil.rol) if perfil else None,
        "ve_todos": todos,
        "municipios": [],
        "municipio": None,
        "gestor": None,
        "gestores": [],
        "casos_abiertos": None,
    }
    if todos:
        contexto["municipios"] = list(municipios_con_totales(user))
        return contexto
    if municipio_id is None:
        return contexto
    contexto["municipio"] = municipios_con_totales(user).get(pk=municipio_id)
    if perfil.rol == Rol.ENLACE:
        hoy = timezone.localdate()
        pendientes = ~Q(estado__in=REMISION_CERRADA)
        contexto["remisiones"] = Remision.objects.visible_para(user).aggregate(
            pendientes=Count("pk", filter=pendientes),
            vencidas=Count("pk", filter=pendientes & Q(fecha_limite__lt=hoy)),
        )
        contexto["entidad"] = perfil.entidad
    if perfil.rol in (Rol.GESTOR, Rol.COORDINADOR, Rol.SECRETARIA):
        casos = Caso.objects.visible_para(user).abiertos()
        if perfil.rol == Rol.GESTOR:
            casos = casos.filter(gestor=user)
        contexto["casos_abiertos"] = casos.con_alertas().aggregate(
            total=Count("pk"), con_alertas=Count("pk", filter=Q(vencido=True))
        )
    if perfil.rol == Rol.GESTOR:
        contexto["gestor"] = (
            Gestor.objects.filter(perfil=perfil).prefetch_related("sectores").first()
        )
    if perfil.rol in (Rol.COORDINADOR, Rol.SECRETARIA):
        contexto["gestores"] = list(
            Gestor.objects.visible_para(user)
            .select_related("perfil__usuario")
            .annotate(total_sectores=Count("sectores"))
            .filter(perfil__usuario__is_active=True)
        )
        por_estado = dict(
            Gestor.objects.visible_para(user)
            .filter(perfil__usuario__is_active=True)
            .values_list("estado")
            .annotate(total=Count("pk"))
            .order_by()
        )
        contexto["gestores_por_estado"] = [
            (estado.label, por_estado.get(estado.value, 0)) for estado in EstadoGestor
        ]
    return contexto
