"""Cada URL del sitio contra cada rol: anónimo, gestor del municipio, gestor de otro,
coordinador, secretaría, enlace, equipo AMB y usuario inactivo; sobre un objeto propio, uno de
otro municipio y uno que no existe.

Se recorre el resolvedor: una URL nueva con parámetros que no esté en OBJETOS hace fallar la
prueba. Lo que se exige a todas (ASVS V8):
- anónimo e inactivo: a la página de ingreso;
- objeto de otro municipio (o de una entidad ajena, para el enlace): 404 o 403, nunca sus datos;
- objeto que no existe: 404 o 403;
- nada responde 500; el equipo AMB nunca recibe 404 por un objeto que existe.
"""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from capacitaciones.models import EstadoActividad, EvidenciaActividad
from casos.models import Adjunto, DocumentoMediacionTipo, Estado, PosibleDuplicado
from gestores.models import Rol
from habeas.services import solicitud_registrar
from mediacion.models import DocumentoFirmado, EstadoSesion
from mediacion.services import documento_emitir
from tests.conftest import ingresar
from tests.convivencia.test_acceso import PUBLICAS
from tests.factories import (
    ActividadFactory,
    AcuerdoFactory,
    AsistenciaFactory,
    CasoFactory,
    CitacionFactory,
    ParteFactory,
    PersonaFactory,
    RemisionFactory,
    SesionMediacionFactory,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db


# Qué objeto nombra cada parámetro de cada URL con parámetros (los nombres de las URL sin
# parámetros no hacen falta). Una URL nueva con parámetros tiene que estar aquí.
OBJETOS = {
    "municipios:directorio": {"codigo_dane": "municipio"},
    "tableros:municipal": {"codigo_dane": "municipio"},
    "tableros:informe": {"codigo_dane": "municipio"},
    "tableros:informe_xlsx": {"codigo_dane": "municipio"},
    "casos:detalle": {"radicado": "caso"},
    "casos:editar": {"radicado": "caso"},
    "casos:historial": {"radicado": "caso"},
    "casos:actuacion": {"radicado": "caso"},
    "casos:mediacion": {"radicado": "caso"},
    "remisiones:remitir": {"radicado": "caso"},
    "casos:acuerdo": {"radicado": "caso"},
    "casos:cerrar": {"radicado": "caso"},
    "casos:reasignar": {"radicado": "caso"},
    "casos:adjunto": {"radicado": "caso"},
    "remisiones:recibido_del_caso": {"radicado": "caso", "pk": "remision"},
    "remisiones:respuesta_del_caso": {"radicado": "caso", "pk": "remision"},
    "casos:acuerdo_verificar": {"radicado": "caso", "pk": "acuerdo"},
    "casos:adjunto_descargar": {"radicado": "caso", "pk": "adjunto"},
    "remisiones:detalle": {"pk": "remision"},
    "remisiones:recibido": {"pk": "remision"},
    "remisiones:respuesta": {"pk": "remision"},
    "remisiones:devolver": {"pk": "remision"},
    "remisiones:archivo": {"pk": "remision"},
    "capacitaciones:detalle": {"pk": "actividad"},
    "capacitaciones:asistencia": {"pk": "actividad"},
    "capacitaciones:conteos": {"pk": "actividad"},
    "capacitaciones:gestores": {"pk": "actividad"},
    "capacitaciones:realizada": {"pk": "actividad"},
    "capacitaciones:cancelar": {"pk": "actividad"},
    "capacitaciones:evidencia": {"pk": "actividad"},
    "capacitaciones:evidencia_descargar": {"pk": "actividad", "evidencia": "evidencia"},
    "capacitaciones:certificado": {"pk": "asistencia"},
    "casos:autorizacion_revocar": {"pk": "persona"},
    "casos:autorizacion_formato": {"pk": "autorizacion"},
    "casos:duplicado": {"pk": "duplicado"},
    "habeas:detalle": {"pk": "solicitud"},
    "habeas:reporte": {"pk": "solicitud"},
    "mediacion:citacion": {"radicado": "caso", "pk": "sesion", "citacion": "citacion"},
    "mediacion:citacion_pdf": {"radicado": "caso", "pk": "sesion", "citacion": "citacion"},
    "mediacion:documento": {"radicado": "caso", "pk": "documento"},
    "mediacion:documento_pdf": {"radicado": "caso", "pk": "documento"},
    "mediacion:sesion_nueva": {"radicado": "caso"},
    "mediacion:sesion": {"radicado": "caso", "pk": "sesion"},
    "mediacion:sesion_registrar": {"radicado": "caso", "pk": "sesion"},
    "mediacion:sesion_reprogramar": {"radicado": "caso", "pk": "sesion"},
    "mediacion:sesion_cancelar": {"radicado": "caso", "pk": "sesion"},
    "mediacion:documento_nuevo": {"radicado": "caso"},
    "mediacion:documento_corregir": {"radicado": "caso", "pk": "documento"},
    "mediacion:firmado": {"radicado": "caso", "pk": "documento"},
    "mediacion:firmado_descargar": {"radicado": "caso", "pk": "documento", "firmado": "firmado"},
}
INEXISTENTE = {"codigo_dane": "99999", "radicado": "XXX-2026-99999"}


def _patrones(resolver=None, espacio=""):
    for patron in (resolver or get_resolver()).url_patterns:
        if isinstance(patron, URLResolver):
            nuevo = f"{espacio}{patron.namespace}:" if patron.namespace else espacio
            yield from _patrones(patron, nuevo)
        elif isinstance(patron, URLPattern) and patron.name:
            yield f"{espacio}{patron.name}", patron


URLS = sorted(
    (nombre, list(patron.pattern.converters))
    for nombre, patron in _patrones()
    if not nombre.startswith("admin:") and nombre not in PUBLICAS
)


def test_cada_url_con_parametros_dice_que_objeto_nombra():
    sin_objeto = [nombre for nombre, parametros in URLS if parametros and nombre not in OBJETOS]
    assert sin_objeto == [], "Agregue estas URL a OBJETOS en test_matriz_de_roles.py"


def _formato_firmado(persona, gestor):
    """Una autorización escrita de `persona`, con su formato firmado en el almacén privado."""
    autorizacion = persona.autorizacion
    autorizacion.medio = "escrita"
    autorizacion.capturada_por = gestor
    autorizacion.tipo_contenido = "application/pdf"
    autorizacion.soporte.save("firmado.pdf", ContentFile(b"%PDF-1.4 firmado"), save=False)
    autorizacion.save()
    return autorizacion


def _mediacion(caso, parte, gestor):
    """Una sesión no realizada del caso (en mediación), la citación de su parte y la constancia
    de inasistencia emitida por el servicio."""
    caso.estado = Estado.EN_MEDIACION
    caso.save(update_fields=["estado"])
    sesion = SesionMediacionFactory(
        caso=caso,
        inicio=timezone.now() - datetime.timedelta(days=1),
        estado=EstadoSesion.NO_REALIZADA,
        registrada_en=timezone.now(),
    )
    citacion = CitacionFactory(sesion=sesion, parte=parte, asistio=False)
    documento = documento_emitir(
        caso=caso, autor=gestor, tipo=DocumentoMediacionTipo.INASISTENCIA, sesion=sesion
    )
    firmado = DocumentoFirmado.objects.create(
        documento=documento,
        archivo=ContentFile(b"%PDF-1.4 firmado", name="firmado.pdf"),
        nombre_original="firmado.pdf",
        tipo_contenido="application/pdf",
        tamano=16,
        subido_por=gestor,
    )
    return {"sesion": sesion, "citacion": citacion, "documento": documento, "firmado": firmado}


def _conjunto(municipio, gestor, enlace_entidad=None):
    """Un caso con todo lo que cuelga de él y una actividad realizada, en `municipio`."""
    caso = CasoFactory(municipio=municipio, gestor=gestor, registrado_por=gestor)
    persona = PersonaFactory(municipio=municipio, nombres=f"Parte{municipio.sigla}")
    parte = ParteFactory(caso=caso, persona=persona)
    otra = PersonaFactory(municipio=municipio, numero_documento=persona.numero_documento + "9")
    entidad = enlace_entidad or municipio.entidades.first()
    actividad = ActividadFactory(municipio=municipio, estado=EstadoActividad.REALIZADA)
    remision = RemisionFactory(caso=caso, entidad=entidad)
    remision.archivo_respuesta.save("respuesta.pdf", ContentFile(b"%PDF-1.4 oficio"))
    solicitud = solicitud_registrar(
        persona=caso.partes.get().persona,
        tipo="consulta",
        recibida_el=caso.fecha_recepcion,
        descripcion="Consulta",
        autor=gestor,
    )
    return {
        **_mediacion(caso, parte, gestor),
        "solicitud": solicitud,
        "persona": persona,
        "autorizacion": _formato_firmado(persona, gestor),
        "duplicado": PosibleDuplicado.objects.create(
            municipio=municipio, persona=persona, otra=otra, motivo="nombre_edad"
        ),
        "municipio": municipio,
        "caso": caso,
        "remision": remision,
        "acuerdo": AcuerdoFactory(caso=caso),
        "adjunto": Adjunto.objects.create(
            caso=caso,
            archivo=ContentFile(b"%PDF-1.4 acta", name="acta.pdf"),
            nombre_original="acta.pdf",
            tipo_contenido="application/pdf",
            tamano=13,
            subido_por=gestor,
        ),
        "actividad": actividad,
        "asistencia": AsistenciaFactory(actividad=actividad),
        "evidencia": EvidenciaActividad.objects.create(
            actividad=actividad,
            archivo=ContentFile(b"%PDF-1.4 lista", name="lista.pdf"),
            nombre_original="lista.pdf",
            tipo_contenido="application/pdf",
            tamano=14,
            subido_por=actividad.registrada_por,
        ),
    }


@pytest.fixture
def mundo(galapa, malambo):
    gestor = usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="m.gestor")
    enlace = usuario_con_rol(Rol.ENLACE, galapa, usuario__username="m.enlace")
    inactivo = usuario_con_rol(Rol.GESTOR, galapa, perfil__usuario__username="m.inactivo")
    inactivo.is_active = False
    inactivo.save()
    otro_gestor = usuario_con_rol(Rol.GESTOR, malambo, perfil__usuario__username="m.otro")
    usuarios = {
        "anónimo": None,
        "gestor del municipio": gestor,
        "gestor de otro": otro_gestor,
        "coordinador": usuario_con_rol(Rol.COORDINADOR, galapa, usuario__username="m.coord"),
        "secretaría": usuario_con_rol(Rol.SECRETARIA, galapa, usuario__username="m.secre"),
        "enlace": enlace,
        "equipo AMB": usuario_con_rol(Rol.AMB, None, usuario__username="m.amb"),
        "inactivo": inactivo,
    }
    return {
        "usuarios": usuarios,
        "propio": _conjunto(galapa, gestor, enlace.perfil.entidad),
        "ajeno": _conjunto(malambo, otro_gestor),
    }


def _cliente(usuario) -> Client:
    cliente = Client()
    if usuario is not None:
        if usuario.is_active:
            ingresar(cliente, usuario)
        else:
            cliente.force_login(usuario)  # la sesión existía antes de desactivarlo
    return cliente


def _url(nombre, parametros, objetos) -> str:
    argumentos = {}
    for parametro in parametros:
        if objetos is None:
            argumentos[parametro] = INEXISTENTE.get(parametro, 999_999)
            continue
        objeto = objetos[OBJETOS[nombre][parametro]]
        argumentos[parametro] = {
            "codigo_dane": lambda o: o.codigo_dane,
            "radicado": lambda o: o.radicado,
        }.get(parametro, lambda o: o.pk)(objeto)
    return reverse(nombre, kwargs=argumentos)


def _pedir(cliente, url):
    respuesta = cliente.get(url)
    if respuesta.status_code == 405:  # una acción: se envía sin datos
        respuesta = cliente.post(url, {})
    return respuesta


def _foraneo(rol: str) -> str:
    """El conjunto de otro municipio para ese rol (el gestor de otro es de Malambo)."""
    return "propio" if rol == "gestor de otro" else "ajeno"


def _a_ingresar(respuesta) -> bool:
    return respuesta.status_code == 302 and respuesta["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("nombre", "parametros"), URLS, ids=[n for n, _ in URLS])
def test_cada_url_contra_cada_rol(mundo, nombre, parametros):
    casos_de_objeto = ["propio", "ajeno", "inexistente"] if parametros else ["sin objeto"]
    fallas = []
    for rol, usuario in mundo["usuarios"].items():
        cliente = _cliente(usuario)
        for cual in casos_de_objeto:
            if cual == "inexistente":
                url = _url(nombre, parametros, None)
            elif cual == "sin objeto":
                url = reverse(nombre)
            else:
                url = _url(nombre, parametros, mundo[cual])
            respuesta = _pedir(cliente, url)
            estado = respuesta.status_code
            donde = f"{rol} · {cual} · {url} → {estado}"
            if estado >= 500:
                fallas.append(f"error del servidor: {donde}")
            elif rol in ("anónimo", "inactivo"):
                if not _a_ingresar(respuesta):
                    fallas.append(f"sin sesión no lleva al ingreso: {donde}")
            elif cual == "inexistente" and estado not in (403, 404):
                fallas.append(f"un objeto que no existe no da 404: {donde}")
            elif cual == _foraneo(rol) and rol != "equipo AMB":
                ajeno = mundo[cual]["caso"]
                cuerpo = respuesta.content.decode(errors="ignore") if estado == 200 else ""
                if estado not in (403, 404) or ajeno.radicado in cuerpo:
                    fallas.append(f"alcanza un objeto de otro municipio: {donde}")
            elif rol == "equipo AMB" and cual in ("propio", "ajeno") and estado == 404:
                fallas.append(f"el equipo AMB no ve un objeto que existe: {donde}")
    assert fallas == []


@pytest.mark.parametrize("rol", ["gestor del municipio", "coordinador", "secretaría", "enlace"])
def test_el_admin_es_solo_del_personal(mundo, rol):
    cliente = _cliente(mundo["usuarios"][rol])

    assert cliente.get(reverse("admin:index")).status_code == 302


def test_la_prueba_si_detecta_una_fuga(mundo):
    """Si una vista mostrara el caso de otro municipio, la matriz lo vería."""
    cliente = _cliente(mundo["usuarios"]["equipo AMB"])
    url = _url("casos:detalle", ["radicado"], mundo["ajeno"])
    respuesta = _pedir(cliente, url)
    assert respuesta.status_code == 200
    assert re.search(re.escape(mundo["ajeno"]["caso"].radicado), respuesta.content.decode())
