"""Lecturas de la mediación para las pantallas, en un número fijo de consultas."""

from casos import alcance
from casos.models import ACTAS, DocumentoMediacionTipo, Estado
from casos.services import puede_mediarse


def con_vigencia(documentos) -> list:
    """Los documentos con `vigente` anotado (ninguna versión de la lista los corrige), sin una
    consulta por documento. `documentos`: todas las versiones de los números que importan."""
    documentos = list(documentos)
    corregidos = {d.reemplaza_id for d in documentos if d.reemplaza_id}
    for documento in documentos:
        documento.vigente = documento.pk not in corregidos
    return documentos


def constancia_por_emitir(sesion, documentos) -> str:
    """La constancia que sale de `sesion` si aún no hay una vigente (`documentos`: los de la
    sesión, con `vigente`): de inasistencia si no se realizó, de no acuerdo si se realizó. La
    misma regla que aplica `services.documento_emitir`; "" si no hay ninguna por emitir."""
    tipo = {
        "no_realizada": DocumentoMediacionTipo.INASISTENCIA,
        "realizada": DocumentoMediacionTipo.NO_ACUERDO,
    }.get(sesion.estado, "")
    if tipo and any(d.vigente and d.tipo == tipo for d in documentos):
        return ""
    return tipo


def mediacion_del_caso(user, caso, *, ve_evidencias: bool) -> dict:
    """Las sesiones y los documentos de un caso, y lo que `user` puede hacer con ellos."""
    sesiones = list(caso.sesiones.order_by("numero"))
    documentos = con_vigencia(caso.documentos_mediacion.order_by("consecutivo", "version"))
    gestiona = alcance.puede_gestionar(user, caso) and caso.abierto
    actas_vigentes = [d for d in documentos if d.vigente and d.tipo in ACTAS]
    return {
        "caso": caso,
        "sesiones": sesiones,
        "documentos": documentos,
        "ve_documentos": ve_evidencias,
        "puede_programar": gestiona
        and (caso.estado == Estado.EN_MEDIACION or puede_mediarse(caso))
        and not any(s.estado == "programada" for s in sesiones),
        "actas_por_emitir": [(tipo, DocumentoMediacionTipo(tipo).label) for tipo in ACTAS]
        if gestiona and caso.estado == Estado.ACUERDO and not actas_vigentes
        else [],
    }
