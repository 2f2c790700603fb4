"""Lo que los formularios sin señal necesitan (el catálogo) y su versión.

El catálogo son las opciones de los formularios de captura: tipos de conflicto, sectores del
municipio, responsables (para el coordinador), organizaciones, el aviso de privacidad vigente y
las actividades de esta semana en las que quien captura registra asistencia. Viaja dentro de las
páginas de captura, que el teléfono guarda; su versión (un resumen de todo eso, más la de la
aplicación) le dice al teléfono cuándo volver a pedirlas. Un envío hecho con un catálogo viejo
lo revisa el servidor al recibirlo (`sinsenal.envios`).
"""

import datetime
import hashlib
import json

from django.db.models import Exists, OuterRef
from django.utils import timezone

from capacitaciones.alcance import puede_registrar as puede_registrar_asistencia
from capacitaciones.forms import AsistenciaForm, ConteosForm
from capacitaciones.models import Actividad, ConteoAsistencia, ConteoEnfoque, EstadoActividad
from casos import alcance as alcance_casos
from casos.forms import CasoForm
from casos.forms_personas import PartesFormSet
from casos.models import AvisoPrivacidad

# «Esta semana»: las actividades que empezaron en los últimos 7 días (se registra la asistencia
# de un evento de ayer) y las de los próximos 7.
DIAS_ATRAS = 7
DIAS_ADELANTE = 7


def municipio_de(user):
    perfil = getattr(user, "perfil", None)
    return perfil.municipio if perfil is not None else None


def captura_casos(user) -> bool:
    return alcance_casos.puede_registrar(user) and municipio_de(user) is not None


def captura_asistencia(user) -> bool:
    return puede_registrar_asistencia(user) and municipio_de(user) is not None


def actividades_de_la_semana(user):
    """Las actividades del municipio de `user` de esta semana, no canceladas, en las que puede
    registrar asistencia (la regla de `capacitaciones.alcance.puede_gestionar`)."""
    if not captura_asistencia(user):
        return Actividad.objects.none()
    hoy = timezone.localdate()
    return (
        Actividad.objects.visible_para(user)
        .filter(
            municipio_id=user.perfil.municipio_id,
            inicio__date__gte=hoy - datetime.timedelta(days=DIAS_ATRAS),
            inicio__date__lte=hoy + datetime.timedelta(days=DIAS_ADELANTE),
        )
        .exclude(estado=EstadoActividad.CANCELADA)
        .annotate(
            con_conteos=Exists(ConteoAsistencia.objects.filter(actividad=OuterRef("pk")))
            | Exists(ConteoEnfoque.objects.filter(actividad=OuterRef("pk")))
        )
        .order_by("inicio", "pk")
    )


def formularios_de_caso(user):
    """El formulario del caso y el de sus partes, vacíos, como los dibuja la página de captura."""
    aviso = AvisoPrivacidad.vigente()
    form = CasoForm(user=user, municipio=municipio_de(user))
    partes = PartesFormSet(prefix="partes", form_kwargs={"aviso": aviso})
    return form, partes, aviso


def formularios_de_asistencia(user):
    """El del asistente (con las organizaciones del municipio) y el de conteos."""
    municipio = municipio_de(user)
    plantilla = Actividad(municipio=municipio) if municipio else None
    aviso = AvisoPrivacidad.vigente()
    form = AsistenciaForm(actividad=plantilla, aviso=aviso) if plantilla else None
    return form, ConteosForm(), aviso


def _opciones(campo) -> list:
    return [(str(valor), str(etiqueta)) for valor, etiqueta in campo.choices]


def version_para(user, *, app: str) -> str:
    """La versión del catálogo de `user`: cambia si cambia cualquier opción de sus formularios de
    captura, el aviso de privacidad, las actividades de la semana o la aplicación (`app`)."""
    contenido: dict = {"app": app}
    if captura_casos(user):
        form, _, aviso = formularios_de_caso(user)
        contenido["caso"] = {
            nombre: _opciones(form.fields[nombre]) for nombre in ("tipo", "sector", "gestor")
        }
        contenido["aviso"] = aviso.version if aviso else ""
    if captura_asistencia(user):
        actividades = actividades_de_la_semana(user)
        contenido["actividades"] = [
            [a.pk, a.tema, a.tipo, a.estado, a.inicio.isoformat(), a.lugar, a.con_conteos]
            for a in actividades
        ]
        form, _, aviso = formularios_de_asistencia(user)
        contenido["organizaciones"] = _opciones(form.fields["organizacion"])
        contenido["aviso"] = aviso.version if aviso else ""
    crudo = json.dumps(contenido, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(crudo).hexdigest()[:16]
