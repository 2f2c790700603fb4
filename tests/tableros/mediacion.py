"""Sesiones, citaciones y documentos de mediación hechos a la medida de las pruebas de los
tableros: con la fecha que se diga (los servicios solo programan desde hoy y emiten hoy)."""

import datetime
import itertools

from mediacion.models import DocumentoMediacion, EstadoSesion
from tests import factories as f

REGISTRADAS = (EstadoSesion.REALIZADA, EstadoSesion.NO_REALIZADA)
_consecutivos = itertools.count(1)


def sesion(
    caso, inicio, estado=EstadoSesion.REALIZADA, asistieron=(), registrada_en=None, **campos
):
    """Una sesión del caso con una citación por cada valor de `asistieron` (True, False o None).
    Las registradas (realizada o no realizada) llevan su hora de registro: una hora después del
    inicio si no se dice."""
    if estado in REGISTRADAS:
        campos["registrada_en"] = registrada_en or inicio + datetime.timedelta(hours=1)
        campos.setdefault("resumen", "Las partes hablaron del ruido.")
    nueva = f.SesionMediacionFactory(caso=caso, inicio=inicio, estado=estado, **campos)
    for asistio in asistieron:
        f.CitacionFactory(sesion=nueva, asistio=asistio)
    return nueva


def documento(caso, tipo, emitido_en, *, corrige=None, sesion_de=None):
    """Un acta (de un acuerdo nuevo del caso) o una constancia (de la sesión `sesion_de`) emitida
    en `emitido_en`; con `corrige`, la versión siguiente de ese documento."""
    origen = {}
    if corrige is not None:
        origen = {"sesion": corrige.sesion, "acuerdo": corrige.acuerdo}
    elif tipo.startswith("acta"):
        origen["acuerdo"] = f.AcuerdoFactory(caso=caso, fecha=emitido_en.date())
    else:
        assert sesion_de is not None, "una constancia es de una sesión"
        origen["sesion"] = sesion_de
    consecutivo = corrige.consecutivo if corrige else next(_consecutivos)
    anio = emitido_en.year
    return DocumentoMediacion.objects.create(
        caso=caso,
        tipo=tipo,
        municipio=caso.municipio,
        anio=anio,
        consecutivo=consecutivo,
        numero=f"{caso.municipio.sigla}-DM-{anio}-{consecutivo:05d}",
        version=corrige.version + 1 if corrige else 1,
        reemplaza=corrige,
        motivo_correccion="Nombre mal escrito." if corrige else "",
        contenido={"tipo": tipo},
        emitido_por=caso.gestor,
        emitido_en=emitido_en,
        **origen,
    )
