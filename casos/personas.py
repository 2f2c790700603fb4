"""Escrituras del registro de personas: reconocer o crear a una persona al registrar un caso o
una asistencia, la autorización de datos y su revocación, los posibles duplicados y su fusión.

Las reglas (DESIGN §4, Ley 1581 de 2012):
- Una persona es de **un** municipio; se busca solo en el del caso o la actividad.
- Si quien registra puede ver a esa persona sin enmascarar, se reconoce (el formulario ya le
  mostró que estaba registrada). Si no puede, no se le dice nada y nada de lo escrito cambia lo
  guardado: se crea otro registro con lo que escribió, marcado como posible duplicado del que ya
  había, y el coordinador decide si son la misma persona (y las fusiona).
- Teléfono, dirección y correo solo con una autorización vigente, que es un registro con su
  prueba.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import FloatField, Func, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from casos.busqueda import NombreNormalizado, normalizar
from casos.models import (
    Autorizacion,
    AvisoPrivacidad,
    Compromiso,
    EstadoDuplicado,
    FusionPersonas,
    MedioAutorizacion,
    MotivoDuplicado,
    Parte,
    Persona,
    PosibleDuplicado,
    TipoDocumento,
)
from comun.archivos import contenido_validado
from comun.modelos import guardar
from gestores.models import Rol, rol_de
from municipios.alcance import municipio_de_alcance

# Similitud de trigramas (la de pg_trgm) desde la que dos nombres se parecen: con la misma fecha
# de nacimiento basta un parecido moderado (un apellido mal escrito); con solo la misma edad, que
# comparten cientos de vecinos, el nombre debe ser casi el mismo.
UMBRAL_CON_NACIMIENTO = 0.55
UMBRAL_CON_EDAD = 0.8
# A lo sumo tantos pares por persona nueva (los más parecidos): la cola es para revisar a mano.
MAX_PARES_POR_NOMBRE = 5


@dataclass
class DatosAutorizacion:
    """Lo que el formulario entrega de la autorización: cómo, con qué aviso y el soporte."""

    medio: str = ""  # "" si no autoriza
    aviso_version: str = ""
    soporte: object = None  # archivo subido (autorización escrita)

    @property
    def autoriza(self) -> bool:
        return self.medio in (MedioAutorizacion.VERBAL, MedioAutorizacion.ESCRITA)


def _trigramas(texto: str) -> set[str]:
    """Los trigramas de pg_trgm: cada palabra con dos espacios delante y uno detrás."""
    salida = set()
    for palabra in "".join(c if c.isalnum() else " " for c in normalizar(texto or "")).split():
        relleno = f"  {palabra} "
        salida.update(relleno[i : i + 3] for i in range(len(relleno) - 2))
    return salida


def similitud(a: str, b: str) -> float:
    """Similitud de trigramas entre dos nombres (0 a 1), la misma cuenta que `similarity()`."""
    ta, tb = _trigramas(a), _trigramas(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


# --- reconocer o crear ---------------------------------------------------------------------------


def persona_para_registro(
    *, municipio, datos, autor, visibles=None, sin_senal: bool = False
) -> Persona:
    """La persona de `municipio` que corresponde a lo escrito en un formulario de partes o de
    asistencia (`datos`: casos.services.DatosParte).

    `visibles` son las personas que `autor` ve sin enmascarar (por omisión,
    `Persona.objects.con_datos_para(autor)`): solo a esas se las reconoce por su documento.

    `sin_senal`: lo escrito en el teléfono sin conexión, donde el formulario no pudo mostrar que
    la persona ya estaba registrada. Lo escrito así crea, no cambia: si el documento es de una
    persona que `autor` ve y lo escrito contradice lo guardado (otro nombre, otro teléfono…), el
    envío vuelve con un aviso en vez de reescribirla (`distinta_de_lo_registrado`).
    """
    visibles = Persona.objects.con_datos_para(autor) if visibles is None else visibles
    numero = "" if datos.tipo_documento == TipoDocumento.SD else datos.numero_documento.strip()
    existentes = Persona.objects.filter(
        municipio=municipio, tipo_documento=datos.tipo_documento, numero_documento=numero
    )
    if numero:
        conocida = visibles.filter(pk__in=existentes.values("pk")).order_by("pk").first()
        if conocida is not None:
            if sin_senal and (aviso := distinta_de_lo_registrado(conocida, datos)):
                raise ValidationError({"numero_documento": aviso}, code="persona_registrada")
            if datos.autorizacion.autoriza:
                autorizacion_registrar(
                    persona=conocida,
                    autor=autor,
                    datos=datos.autorizacion,
                    telefono=datos.telefono,
                    direccion=datos.direccion,
                    correo=datos.correo,
                )
            return conocida
    otra = existentes.filter(revisar_duplicado=False).first() if numero else None
    persona = _persona_nueva(municipio, datos, autor, revisar=otra is not None)
    if otra is not None:
        _par(persona, otra, MotivoDuplicado.MISMO_DOCUMENTO)
    duplicados_detectar(persona)
    return persona


def _mismo_texto(a: str, b: str) -> bool:
    return " ".join(normalizar(a or "").split()) == " ".join(normalizar(b or "").split())


CONTACTO = {"telefono": _("teléfono"), "direccion": _("dirección"), "correo": _("correo")}


def distinta_de_lo_registrado(persona: Persona, datos) -> str:
    """El aviso (vacío si nada choca) para lo escrito sin señal sobre una persona ya registrada:
    otro nombre, u otro teléfono, dirección o correo donde ya había uno. Solo se llama con una
    persona que quien registra ve sin enmascarar: el aviso puede nombrarla."""
    documento = persona.documento
    if not (
        _mismo_texto(persona.nombres, datos.nombres)
        and _mismo_texto(persona.apellidos, datos.apellidos)
    ):
        return _(
            "%(documento)s ya está registrado a nombre de «%(registrada)s», no de «%(escrita)s». "
            "Lo escrito sin señal no cambia datos guardados: si es la misma persona, escriba el "
            "nombre como está registrado; si no, revise el documento."
        ) % {
            "documento": documento,
            "registrada": persona.nombre_completo,
            "escrita": f"{datos.nombres} {datos.apellidos}".strip(),
        }
    distintos = [
        str(etiqueta)
        for campo, etiqueta in CONTACTO.items()
        if getattr(datos, campo, "").strip()
        and getattr(persona, campo)
        and not _mismo_texto(getattr(datos, campo), getattr(persona, campo))
    ]
    if distintos:
        return _(
            "%(persona)s (%(documento)s) ya tiene otro %(campos)s registrado. Lo escrito sin "
            "señal no cambia datos guardados: deje ese dato en blanco aquí y cámbielo en línea, "
            "desde la ficha del caso."
        ) % {
            "persona": persona.nombre_completo,
            "documento": documento,
            "campos": " y ".join(distintos),
        }
    return ""


def _persona_nueva(municipio, datos, autor, *, revisar: bool) -> Persona:
    persona = Persona(
        municipio=municipio,
        tipo_documento=datos.tipo_documento,
        numero_documento="" if datos.tipo_documento == TipoDocumento.SD else datos.numero_documento,
        nombres=datos.nombres.strip(),
        apellidos=datos.apellidos.strip(),
        sexo=datos.sexo,
        fecha_nacimiento=datos.fecha_nacimiento,
        edad=datos.edad,
        enfoque_etnico=datos.enfoque_etnico,
        enfoque_discapacidad=datos.enfoque_discapacidad,
        enfoque_victima=datos.enfoque_victima,
        enfoque_migrante=datos.enfoque_migrante,
        enfoque_lgbtiq=datos.enfoque_lgbtiq,
        revisar_duplicado=revisar,
    )
    try:
        with transaction.atomic():
            guardar(persona, autor)
    except IntegrityError as error:  # otro registro simultáneo del mismo documento
        raise ValidationError(
            _("Otra persona acaba de registrar ese documento. Envíe el formulario de nuevo.")
        ) from error
    if datos.autorizacion.autoriza:
        autorizacion_registrar(
            persona=persona,
            autor=autor,
            datos=datos.autorizacion,
            telefono=datos.telefono,
            direccion=datos.direccion,
            correo=datos.correo,
        )
    return persona


# --- autorización de datos -----------------------------------------------------------------------


def autorizacion_registrar(
    *,
    persona: Persona,
    autor,
    datos: DatosAutorizacion,
    telefono: str = "",
    direccion: str = "",
    correo: str = "",
) -> Autorizacion:
    """Registra la autorización que la persona da ahora y la deja vigente, con su contacto."""
    if not datos.autoriza:
        raise ValidationError(_("Diga cómo autorizó la persona: en voz alta o por escrito."))
    aviso = (
        AvisoPrivacidad.objects.filter(version=datos.aviso_version).first()
        if datos.aviso_version
        else None
    ) or AvisoPrivacidad.vigente()
    if aviso is None:
        raise ValidationError(_("No hay un aviso de privacidad vigente: avise al equipo AMB."))
    autorizacion = Autorizacion(
        persona=persona,
        medio=datos.medio,
        aviso=aviso,
        finalidades=aviso.finalidades,
        capturada_por=autor,
        capturada_en=timezone.now(),
    )
    if datos.medio == MedioAutorizacion.ESCRITA:
        if not datos.soporte:
            raise ValidationError(
                {"soporte_autorizacion": _("Adjunte el formato de autorización firmado.")}
            )
        contenido, tipo = contenido_validado(datos.soporte)
        autorizacion.tipo_contenido = tipo
        autorizacion.soporte.save("autorizacion", ContentFile(contenido), save=False)
    try:
        autorizacion.full_clean()
        autorizacion.save()
    except Exception:
        if autorizacion.soporte:
            autorizacion.soporte.delete(save=False)
        raise
    persona = Persona.objects.select_for_update().get(pk=persona.pk)
    anterior = persona.autorizacion_id
    if anterior:
        Autorizacion.objects.filter(pk=anterior).update(
            revocada_en=timezone.now(), revocada_por=autor, motivo_revocacion=_("Reemplazada.")
        )
    persona.autorizacion = autorizacion
    if telefono.strip():
        persona.telefono = telefono.strip()
    if direccion.strip():
        persona.direccion = direccion.strip()
    if correo.strip():
        persona.correo = correo.strip()
    guardar(persona, autor)
    return autorizacion


@transaction.atomic
def autorizacion_revocar(*, persona: Persona, autor, motivo: str) -> Persona:
    """La persona retira su autorización (Ley 1581, art. 8 e): el registro queda revocado y su
    teléfono, dirección y correo salen de la fila **y de toda su historia**, como al anonimizar."""
    if not motivo.strip():
        raise ValidationError(
            {"motivo": _("Diga cómo y cuándo la persona revocó su autorización.")}
        )
    persona = Persona.objects.select_for_update().get(pk=persona.pk)
    if persona.autorizacion_id is None:
        raise ValidationError(_("Esta persona no tiene una autorización vigente."))
    Autorizacion.objects.filter(pk=persona.autorizacion_id).update(
        revocada_en=timezone.now(), revocada_por=autor, motivo_revocacion=motivo.strip()[:300]
    )
    persona.autorizacion = None
    persona.telefono = ""
    persona.direccion = ""
    persona.correo = ""
    guardar(persona, autor)
    Persona.history.filter(id=persona.pk).update(telefono="", direccion="", correo="")
    return persona


# --- duplicados ----------------------------------------------------------------------------------


def _par(persona: Persona, otra: Persona, motivo: str):
    a, b = sorted([persona.pk, otra.pk])
    PosibleDuplicado.objects.bulk_create(
        [
            PosibleDuplicado(
                municipio_id=persona.municipio_id, persona_id=a, otra_id=b, motivo=motivo
            )
        ],
        ignore_conflicts=True,
    )


def duplicados_detectar(persona: Persona) -> int:
    """Busca en el municipio de `persona` registros que pueden ser ella y los deja por revisar:
    el mismo número (con otro tipo de documento), o un nombre parecido (trigramas) con la misma
    fecha de nacimiento o, si no se sabe, la misma edad. Usa índices: pocas filas por mirar."""
    del_municipio = Persona.objects.filter(municipio_id=persona.municipio_id).exclude(pk=persona.pk)
    pares = []
    if persona.clave_documento:
        for otra in del_municipio.filter(clave_documento=persona.clave_documento):
            mismo = otra.tipo_documento == persona.tipo_documento
            pares.append(
                (otra, MotivoDuplicado.MISMO_DOCUMENTO if mismo else MotivoDuplicado.MISMO_NUMERO)
            )
    if persona.fecha_nacimiento:
        candidatas = del_municipio.filter(fecha_nacimiento=persona.fecha_nacimiento)
        motivo, umbral = MotivoDuplicado.NOMBRE_Y_NACIMIENTO, UMBRAL_CON_NACIMIENTO
    elif persona.edad is not None:
        candidatas = del_municipio.filter(fecha_nacimiento__isnull=True, edad=persona.edad)
        motivo, umbral = MotivoDuplicado.NOMBRE_Y_EDAD, UMBRAL_CON_EDAD
    else:
        candidatas, motivo, umbral = del_municipio.none(), "", 1.0
    nombre = persona.nombre_completo
    candidatas = candidatas.exclude(pk__in=[otra.pk for otra, _m in pares])
    if connection.vendor == "postgresql":
        # La misma cuenta, en la base: `similarity()` de pg_trgm sobre la expresión del índice.
        grado = Func(
            NombreNormalizado(),
            Value(normalizar(nombre)),
            function="similarity",
            output_field=FloatField(),
        )
        parecidas = list(
            candidatas.annotate(grado=grado)
            .filter(grado__gte=umbral)
            .order_by("-grado", "pk")
            .only("pk")[:MAX_PARES_POR_NOMBRE]
        )
    else:
        puntuadas = [
            (grado, otra.pk, otra)
            for otra in candidatas.only("pk", "nombres", "apellidos").iterator(chunk_size=2000)
            if (grado := similitud(nombre, otra.nombre_completo)) >= umbral
        ]
        parecidas = [otra for _g, _pk, otra in sorted(puntuadas, key=lambda p: (-p[0], p[1]))]
    pares += [(otra, motivo) for otra in parecidas[:MAX_PARES_POR_NOMBRE]]
    for otra, motivo_par in pares:
        _par(persona, otra, motivo_par)
    return len(pares)


def puede_revisar_duplicados(user, municipio_id=None) -> bool:
    """El coordinador (de su municipio) y el equipo AMB."""
    todos, propio = municipio_de_alcance(user)
    if todos:
        return True
    return rol_de(user) == Rol.COORDINADOR and (municipio_id is None or propio == municipio_id)


def duplicados_para(user):
    """Los pares por revisar que `user` puede resolver (la misma regla de alcance de siempre)."""
    if not puede_revisar_duplicados(user):
        return PosibleDuplicado.objects.none()
    return PosibleDuplicado.objects.visible_para(user)


@transaction.atomic
def duplicado_descartar(*, par: PosibleDuplicado, autor) -> PosibleDuplicado:
    """El coordinador (o el equipo AMB) dice que el par no es la misma persona: queda
    descartado con quién y cuándo, y no vuelve a proponerse."""
    if not puede_revisar_duplicados(autor, par.municipio_id):
        raise PermissionDenied
    par = PosibleDuplicado.objects.select_for_update().get(pk=par.pk)
    if par.estado != EstadoDuplicado.PENDIENTE:
        raise ValidationError(_("Este par ya fue revisado."))
    par.estado = EstadoDuplicado.DESCARTADO
    par.resuelto_por = autor
    par.resuelto_en = timezone.now()
    par.save()
    return par


CAMPOS_QUE_SE_COMPLETAN = ["apellidos", "fecha_nacimiento", "edad"]
ENFOQUES = [
    "enfoque_etnico",
    "enfoque_discapacidad",
    "enfoque_victima",
    "enfoque_migrante",
    "enfoque_lgbtiq",
]


@transaction.atomic(durable=True)
def personas_fusionar(*, conservada: Persona, fusionada: Persona, autor) -> FusionPersonas:
    """Fusiona `fusionada` en `conservada` (del mismo municipio) en una sola transacción:
    sus partes, compromisos, asistencias, autorizaciones y solicitudes de habeas data pasan a
    la conservada; lo que a esta le falta (apellidos, nacimiento, edad, enfoques) se completa con
    lo de la otra, sin cambiar lo que ya tenía; la fusionada se borra y queda legible en la
    historia (con quién la fusionó). La reincidencia se cuenta por las partes, así que queda
    recalculada al terminar."""
    if conservada.pk == fusionada.pk:
        raise ValidationError(_("Elija dos registros distintos."))
    bloqueadas = {
        p.pk: p
        for p in Persona.objects.select_for_update().filter(pk__in=[conservada.pk, fusionada.pk])
    }
    if len(bloqueadas) != 2:
        raise ValidationError(
            _("Uno de los registros ya no existe: quizá otra persona lo fusionó.")
        )
    conservada, fusionada = bloqueadas[conservada.pk], bloqueadas[fusionada.pk]
    if conservada.municipio_id != fusionada.municipio_id:
        raise ValidationError(_("Solo se fusionan registros del mismo municipio."))
    if not puede_revisar_duplicados(autor, conservada.municipio_id):
        raise PermissionDenied

    movidos = {"partes": 0, "partes_unidas": 0, "asistencias": 0, "asistencias_repetidas": 0}
    # Partes (auditadas: una por una, con save, para que la historia diga quién las movió).
    en_casos = dict(Parte.objects.filter(persona=conservada).values_list("caso_id", "pk"))
    for parte in Parte.objects.filter(persona=fusionada).select_for_update():
        if parte.caso_id in en_casos:
            # Las dos eran partes del mismo caso: sus compromisos pasan a la parte que queda.
            for compromiso in Compromiso.objects.filter(parte=parte):
                compromiso.parte_id = en_casos[parte.caso_id]
                compromiso._history_user = autor
                compromiso.save()
            parte._history_user = autor
            parte.delete()
            movidos["partes_unidas"] += 1
        else:
            parte.persona = conservada
            guardar(parte, autor)
            movidos["partes"] += 1
    # Lo demás que apunta a la persona (asistencias, autorizaciones, habeas data…), sin importar
    # de qué app sea: cada relación hacia Persona se mueve.
    for relacion in Persona._meta.related_objects:
        modelo = relacion.related_model
        if modelo in (Parte, PosibleDuplicado, FusionPersonas) or relacion.many_to_many:
            continue
        if getattr(modelo, "instance_type", None) is not None:  # filas de historia
            continue
        campo = relacion.field.name
        filas = modelo._default_manager.filter(**{campo: fusionada})
        if modelo._meta.label == "capacitaciones.Asistencia":
            ya = modelo._default_manager.filter(**{campo: conservada}).values("actividad_id")
            repetidas = filas.filter(actividad_id__in=ya)
            movidos["asistencias_repetidas"] += repetidas.count()
            repetidas.delete()
            movidos["asistencias"] += filas.count()
        clave = modelo._meta.label_lower
        movidos[clave] = movidos.get(clave, 0) + filas.update(**{campo: conservada})

    for campo in CAMPOS_QUE_SE_COMPLETAN:
        if getattr(conservada, campo) in ("", None) and getattr(fusionada, campo) not in ("", None):
            setattr(conservada, campo, getattr(fusionada, campo))
    for campo in ENFOQUES:
        setattr(conservada, campo, getattr(conservada, campo) or getattr(fusionada, campo))
    if conservada.autorizacion_id is None and fusionada.autorizacion_id is not None:
        conservada.autorizacion_id = fusionada.autorizacion_id
        conservada.telefono, conservada.direccion = fusionada.telefono, fusionada.direccion
        conservada.correo = fusionada.correo
    fusion = FusionPersonas.objects.create(
        municipio_id=conservada.municipio_id,
        conservada=conservada,
        fusionada_id=fusionada.pk,
        movidos=movidos,
        autor=autor,
    )
    PosibleDuplicado.objects.filter(
        Q(persona=fusionada, otra=conservada) | Q(persona=conservada, otra=fusionada)
    ).update(estado=EstadoDuplicado.FUSIONADO, resuelto_por=autor, resuelto_en=timezone.now())
    # Los demás pares de la fusionada pasan a la conservada (si no lo tenía ya) y los suyos se van.
    for par in PosibleDuplicado.objects.filter(
        Q(persona=fusionada) | Q(otra=fusionada), estado=EstadoDuplicado.PENDIENTE
    ):
        otra_id = par.otra_id if par.persona_id == fusionada.pk else par.persona_id
        if otra_id != conservada.pk:
            _par(conservada, Persona(pk=otra_id, municipio_id=conservada.municipio_id), par.motivo)
    fusionada._history_user = autor
    fusionada.delete()
    # Si la conservada era el registro «por revisar» y ya no queda otro con su documento, deja
    # de serlo.
    if (
        conservada.revisar_duplicado
        and not Persona.objects.filter(
            municipio_id=conservada.municipio_id,
            tipo_documento=conservada.tipo_documento,
            numero_documento=conservada.numero_documento,
            revisar_duplicado=False,
        )
        .exclude(pk=conservada.pk)
        .exists()
    ):
        conservada.revisar_duplicado = False
    guardar(conservada, autor)
    return fusion
