"""Las personas de los casos y su protección (Ley 1581 de 2012): una persona por municipio, el
seudónimo del documento, las partes de cada caso, el aviso de privacidad y las autorizaciones,
los posibles duplicados y sus fusiones."""

import datetime
import hashlib
import hmac
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casos.models.casos import USER, Caso, almacen_privado
from comun.modelos import en_opciones
from gestores.models import Rol, rol_de
from municipios.alcance import AlcanceMunicipalQuerySet, municipio_de_alcance
from municipios.models import Municipio
from municipios.reglas import EtiquetasRapidas


class TipoDocumento(models.TextChoices):
    CC = "CC", _("Cédula de ciudadanía")
    TI = "TI", _("Tarjeta de identidad")
    CE = "CE", _("Cédula de extranjería")
    PPT = "PPT", _("Permiso por Protección Temporal")
    PA = "PA", _("Pasaporte")
    RC = "RC", _("Registro civil")
    SD = "SD", _("Sin documento")


class Sexo(models.TextChoices):
    MUJER = "mujer", _("Mujer")
    HOMBRE = "hombre", _("Hombre")
    INTERSEXUAL = "intersexual", _("Intersexual")
    NO_INFORMA = "no_informa", _("No informa")


def es_menor_q(prefijo: str = "", hoy: datetime.date | None = None) -> Q:
    """`Persona.es_menor` como condición de la base (con `prefijo`, p. ej. "persona__")."""
    hoy = hoy or timezone.localdate()
    try:
        limite = hoy.replace(year=hoy.year - 18)
    except ValueError:  # 29 de febrero
        limite = hoy.replace(year=hoy.year - 18, day=28)
    return (
        Q(**{f"{prefijo}tipo_documento__in": ["TI", "RC"]})
        | Q(**{f"{prefijo}fecha_nacimiento__gt": limite})
        | Q(**{f"{prefijo}fecha_nacimiento__isnull": True, f"{prefijo}edad__lt": 18})
    )


class PersonaQuerySet(models.QuerySet):
    """Las personas son de un municipio (DESIGN §4): nadie las ve por fuera de él."""

    def _en_casos(self, casos):
        return self.filter(Exists(Parte.objects.filter(persona=OuterRef("pk"), caso__in=casos)))

    def del_alcance(self, user):
        """Las personas de los municipios de `user` (el equipo AMB, todas), sin mirar el rol."""
        todos, municipio_id = municipio_de_alcance(user)
        if todos:
            return self
        if municipio_id is None:
            return self.none()
        return self.filter(municipio_id=municipio_id)

    def visible_para(self, user):
        """Personas que son parte de algún caso que `user` puede ver."""
        return self._en_casos(Caso.objects.visible_para(user))

    def con_datos_para(self, user):
        """Personas cuyos datos `user` ve sin enmascarar (casos/alcance.py): las de los casos que
        gestiona un gestor; las de todo su alcance para coordinador y AMB; ninguna si no."""
        rol = rol_de(user)
        casos = Caso.objects.visible_para(user)
        if rol == Rol.GESTOR:
            return self._en_casos(casos.filter(gestor=user))
        if rol in (Rol.COORDINADOR, Rol.AMB) or user.is_superuser:
            return self.del_alcance(user)
        return self.none()

    def buscar(self, texto: str):
        """Personas cuyo nombre completo, sin tildes ni mayúsculas, contiene cada palabra de
        `texto` (en nombres o apellidos, en cualquier orden); sin palabras, ninguna. Usa el
        índice de trigramas en PostgreSQL (casos/busqueda.py). No aplica alcance ni menores."""
        from casos.busqueda import NombreNormalizado, palabras

        buscadas = palabras(texto)
        if not buscadas:
            return self.none()
        return self.alias(nombre_normalizado=NombreNormalizado()).filter(
            *(Q(nombre_normalizado__contains=palabra) for palabra in buscadas)
        )


def clave_de_documento(numero: str) -> str:
    """Seudónimo con clave del número de documento (HMAC-SHA256 con `SEUDONIMO_CLAVE`).

    El mismo número da la misma clave en todos los municipios y con cualquier tipo de documento
    (la tarjeta de identidad y la cédula de una persona llevan el mismo número): así el equipo
    AMB cuenta la reincidencia entre municipios sin que ninguna fila se comparta. Sin la clave no
    se revierte. Vacía para quien no tiene documento.
    """
    numero = (numero or "").strip().upper()
    if not numero:
        return ""
    return hmac.new(settings.SEUDONIMO_CLAVE.encode(), numero.encode(), hashlib.sha256).hexdigest()


class Persona(EtiquetasRapidas, models.Model):
    """Una persona en los registros de **un** municipio (partes de sus casos, asistentes de sus
    actividades). La misma persona en dos municipios son dos filas: cada municipio ve solo la
    suya, y la reincidencia entre municipios se cuenta por `clave_documento`."""

    municipio = models.ForeignKey(
        Municipio,
        on_delete=models.PROTECT,
        related_name="personas",
        verbose_name=_("municipio"),
    )
    tipo_documento = models.CharField(
        _("tipo de documento"), max_length=3, choices=TipoDocumento.choices
    )
    numero_documento = models.CharField(
        _("número de documento"), max_length=20, blank=True, help_text=_("Solo letras y dígitos.")
    )
    clave_documento = models.CharField(
        _("seudónimo del documento"), max_length=64, blank=True, editable=False
    )
    nombres = models.CharField(_("nombres"), max_length=100)
    apellidos = models.CharField(_("apellidos"), max_length=100, blank=True)
    sexo = models.CharField(_("sexo"), max_length=12, choices=Sexo.choices, default=Sexo.NO_INFORMA)
    fecha_nacimiento = models.DateField(_("fecha de nacimiento"), null=True, blank=True)
    edad = models.PositiveSmallIntegerField(
        _("edad declarada"),
        null=True,
        blank=True,
        help_text=_("Si no se conoce la fecha de nacimiento."),
    )
    enfoque_etnico = models.BooleanField(_("pertenencia étnica"), default=False)
    enfoque_discapacidad = models.BooleanField(_("persona con discapacidad"), default=False)
    enfoque_victima = models.BooleanField(_("víctima del conflicto armado"), default=False)
    enfoque_migrante = models.BooleanField(_("migrante"), default=False)
    enfoque_lgbtiq = models.BooleanField(_("LGBTIQ+"), default=False)
    telefono = models.CharField(_("teléfono"), max_length=40, blank=True)
    direccion = models.CharField(_("dirección"), max_length=200, blank=True)
    correo = models.EmailField(
        _("correo electrónico"),
        max_length=254,
        blank=True,
        help_text=_("Para enviarle las citaciones de la mediación."),
    )
    autorizacion = models.ForeignKey(
        "casos.Autorizacion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("autorización vigente"),
        help_text=_("Sin una autorización vigente no se guardan teléfono ni dirección."),
    )
    revisar_duplicado = models.BooleanField(
        _("posible duplicado por revisar"),
        default=False,
        editable=False,
        help_text=_(
            "Se registró con el documento de otra persona del municipio que quien la registró no "
            "podía ver: el coordinador decide si son la misma."
        ),
    )
    creado = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = PersonaQuerySet.as_manager()

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        ordering = ["apellidos", "nombres"]
        indexes = [
            # Búsqueda por número de documento (el índice único empieza por el municipio).
            models.Index(fields=["numero_documento"], name="persona_numero_idx"),
            # Reincidencia entre municipios (equipo AMB) y duplicados por número.
            models.Index(fields=["clave_documento"], name="persona_clave_idx"),
            # Duplicados: misma fecha de nacimiento o misma edad dentro del municipio.
            models.Index(
                fields=["municipio", "fecha_nacimiento"], name="persona_mun_nacimiento_idx"
            ),
            models.Index(fields=["municipio", "edad"], name="persona_mun_edad_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "tipo_documento", "numero_documento"],
                condition=~Q(numero_documento="") & Q(revisar_duplicado=False),
                name="persona_documento_unico_en_municipio",
                violation_error_message=_("Ya hay una persona con ese documento en el municipio."),
            ),
            models.CheckConstraint(
                condition=en_opciones("tipo_documento", TipoDocumento),
                name="persona_tipo_doc_valido",
            ),
            models.CheckConstraint(condition=en_opciones("sexo", Sexo), name="persona_sexo_valido"),
            models.CheckConstraint(
                condition=(Q(tipo_documento=TipoDocumento.SD) & Q(numero_documento=""))
                | (~Q(tipo_documento=TipoDocumento.SD) & ~Q(numero_documento="")),
                name="persona_numero_segun_tipo",
                violation_error_message=_(
                    "Escriba el número del documento, o elija «Sin documento»."
                ),
            ),
            models.CheckConstraint(
                condition=Q(autorizacion__isnull=False) | Q(telefono="", direccion="", correo=""),
                name="persona_contacto_con_autorizacion_vigente",
                violation_error_message=_(
                    "Sin autorización de tratamiento de datos no se guardan teléfono, dirección "
                    "ni correo."
                ),
            ),
            models.CheckConstraint(
                condition=Q(edad__isnull=True) | Q(edad__lte=120), name="persona_edad_razonable"
            ),
        ]

    def __str__(self):
        # Lo que usan el admin, la historia y los textos de otros modelos: nunca el nombre de un
        # menor. Las pantallas que muestran el nombre a quien puede verlo usan `nombre_completo`.
        return str(_("Menor de edad (reservado)")) if self.es_menor else self.nombre_completo

    def save(self, *args, **kwargs):
        # La clave sigue al número siempre, también cuando se guarda sin full_clean().
        self.clave_documento = clave_de_documento(self.numero_documento)
        super().save(*args, **kwargs)

    @property
    def nombre_completo(self) -> str:
        return f"{self.nombres} {self.apellidos}".strip()

    def clean(self):
        self.clave_documento = clave_de_documento(self.numero_documento)
        if self.autorizacion_id is not None:
            autorizacion = self.autorizacion
            if autorizacion.persona_id != self.pk or autorizacion.revocada_en is not None:
                raise ValidationError(
                    _("La autorización vigente debe ser de esta persona y no estar revocada.")
                )
        elif self.telefono or self.direccion or self.correo:
            raise ValidationError(
                _(
                    "Sin autorización de tratamiento de datos no se guardan teléfono, dirección "
                    "ni correo."
                )
            )

    @property
    def autoriza_datos(self) -> bool:
        return self.autorizacion_id is not None

    @property
    def edad_actual(self) -> int | None:
        if self.fecha_nacimiento:
            hoy = timezone.localdate()
            nacimiento = self.fecha_nacimiento
            return (
                hoy.year
                - nacimiento.year
                - ((hoy.month, hoy.day) < (nacimiento.month, nacimiento.day))
            )
        return self.edad

    @property
    def es_menor(self) -> bool:
        edad = self.edad_actual
        return (edad is not None and edad < 18) or self.tipo_documento in (
            TipoDocumento.TI,
            TipoDocumento.RC,
        )

    @property
    def documento(self) -> str:
        if self.tipo_documento == TipoDocumento.SD:
            return str(TipoDocumento.SD.label)
        return f"{self.tipo_documento} {self.numero_documento}"


class RolParte(models.TextChoices):
    SOLICITANTE = "solicitante", _("Solicitante")
    CONVOCADO = "convocado", _("Convocado")
    AFECTADO = "afectado", _("Afectado")
    TESTIGO = "testigo", _("Testigo")


class Parte(EtiquetasRapidas, models.Model):
    caso = models.ForeignKey(Caso, on_delete=models.PROTECT, related_name="partes")
    persona = models.ForeignKey(Persona, on_delete=models.PROTECT, related_name="partes")
    rol = models.CharField(_("rol en el caso"), max_length=12, choices=RolParte.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parte")
        verbose_name_plural = _("partes")
        ordering = ["caso", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["caso", "persona"], name="parte_unica_por_caso"),
            models.CheckConstraint(condition=en_opciones("rol", RolParte), name="parte_rol_valido"),
        ]
        # Reincidencia: los casos de una persona sin leer la tabla.
        indexes = [models.Index(fields=["persona", "caso"], name="parte_persona_caso_idx")]

    def __str__(self):
        return f"{self.persona} ({self.get_rol_display()})"

    def clean(self):
        if self.caso_id and self.persona_id and self.persona.municipio_id != self.caso.municipio_id:
            raise ValidationError(
                {"persona": _("La persona debe ser del registro del municipio del caso.")}
            )


class AvisoPrivacidad(models.Model):
    """El aviso de privacidad (Ley 1581, art. 12; Decreto 1377 de 2013, arts. 14-15) que el
    gestor lee en voz alta o entrega por escrito. Cada autorización guarda la versión mostrada."""

    version = models.CharField(_("versión"), max_length=20, unique=True)
    vigente_desde = models.DateField(_("vigente desde"))
    texto = models.TextField(_("texto que se lee a la persona"))
    finalidades = models.TextField(_("finalidades del tratamiento"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aviso de privacidad")
        verbose_name_plural = _("avisos de privacidad")
        ordering = ["-vigente_desde", "-pk"]

    def __str__(self):
        return f"{self.version} ({self.vigente_desde:%d/%m/%Y})"

    @classmethod
    def vigente(cls, hoy=None):
        return (
            cls.objects.filter(vigente_desde__lte=hoy or timezone.localdate())
            .order_by("-vigente_desde", "-pk")
            .first()
        )


class MedioAutorizacion(models.TextChoices):
    VERBAL = "verbal", _("Verbal: el gestor leyó el aviso en voz alta")
    ESCRITA = "escrita", _("Escrita: formato firmado, adjunto")
    ANTERIOR = "anterior", _("Registrada antes de que hubiera soporte (sin detalle)")


def ruta_autorizacion(instancia, nombre):
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        instancia.tipo_contenido, "bin"
    )
    return f"autorizaciones/{uuid.uuid4().hex}.{extension}"


class Autorizacion(EtiquetasRapidas, models.Model):
    """La prueba de una autorización de tratamiento de datos (Ley 1581, art. 9; Decreto 1377,
    arts. 7 y 8): quién la tomó, cuándo, cómo, con qué aviso y para qué; y su revocación."""

    persona = models.ForeignKey(Persona, on_delete=models.PROTECT, related_name="autorizaciones")
    medio = models.CharField(_("cómo se obtuvo"), max_length=10, choices=MedioAutorizacion.choices)
    aviso = models.ForeignKey(
        AvisoPrivacidad,
        on_delete=models.PROTECT,
        related_name="autorizaciones",
        verbose_name=_("aviso de privacidad mostrado"),
    )
    finalidades = models.TextField(_("finalidades autorizadas"))
    soporte = models.FileField(
        _("formato firmado"), upload_to=ruta_autorizacion, storage=almacen_privado, blank=True
    )
    tipo_contenido = models.CharField(max_length=40, blank=True)
    capturada_por = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    capturada_en = models.DateTimeField(_("capturada el"), default=timezone.now)
    revocada_en = models.DateTimeField(_("revocada el"), null=True, blank=True)
    revocada_por = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    motivo_revocacion = models.CharField(_("cómo la revocó"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("autorización de datos")
        verbose_name_plural = _("autorizaciones de datos")
        ordering = ["-capturada_en", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=en_opciones("medio", MedioAutorizacion), name="autorizacion_medio_valido"
            ),
            models.CheckConstraint(
                condition=~Q(medio=MedioAutorizacion.ESCRITA) | ~Q(soporte=""),
                name="autorizacion_escrita_con_soporte",
                violation_error_message=_("Una autorización escrita lleva el formato firmado."),
            ),
            models.CheckConstraint(
                condition=Q(medio=MedioAutorizacion.ANTERIOR) | Q(capturada_por__isnull=False),
                name="autorizacion_con_quien_la_tomo",
            ),
            models.CheckConstraint(
                condition=Q(revocada_en__isnull=True, revocada_por__isnull=True)
                | Q(revocada_en__isnull=False, revocada_por__isnull=False),
                name="autorizacion_revocada_con_autor",
            ),
        ]

    def __str__(self):
        return f"{self.get_medio_display()} · {self.capturada_en:%d/%m/%Y}"

    @property
    def vigente(self) -> bool:
        return self.revocada_en is None


class MotivoDuplicado(models.TextChoices):
    MISMO_DOCUMENTO = "mismo_documento", _("Mismo tipo y número de documento")
    MISMO_NUMERO = "mismo_numero", _("Mismo número con otro tipo de documento")
    NOMBRE_Y_NACIMIENTO = "nombre_nacimiento", _("Nombre parecido y la misma fecha de nacimiento")
    NOMBRE_Y_EDAD = "nombre_edad", _("Nombre parecido y la misma edad")


class EstadoDuplicado(models.TextChoices):
    PENDIENTE = "pendiente", _("Por revisar")
    FUSIONADO = "fusionado", _("Fusionadas")
    DESCARTADO = "descartado", _("No son la misma persona")


class PosibleDuplicadoQuerySet(AlcanceMunicipalQuerySet):
    def pendientes(self):
        return self.filter(estado=EstadoDuplicado.PENDIENTE)


class PosibleDuplicado(models.Model):
    """Dos registros del mismo municipio que pueden ser la misma persona (los halla
    `casos.personas.duplicados_detectar` al registrar); el coordinador o el equipo AMB decide."""

    municipio = models.ForeignKey(Municipio, on_delete=models.PROTECT, related_name="+")
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="+")
    otra = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="+")
    motivo = models.CharField(_("por qué"), max_length=20, choices=MotivoDuplicado.choices)
    estado = models.CharField(
        _("estado"),
        max_length=10,
        choices=EstadoDuplicado.choices,
        default=EstadoDuplicado.PENDIENTE,
    )
    detectado_en = models.DateTimeField(default=timezone.now, editable=False)
    resuelto_por = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resuelto_en = models.DateTimeField(null=True, blank=True)

    objects = PosibleDuplicadoQuerySet.as_manager()

    class Meta:
        verbose_name = _("posible duplicado")
        verbose_name_plural = _("posibles duplicados")
        ordering = ["-detectado_en", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["persona", "otra"], name="duplicado_par_unico"),
            models.CheckConstraint(condition=Q(persona__lt=F("otra")), name="duplicado_ordenado"),
            models.CheckConstraint(
                condition=en_opciones("motivo", MotivoDuplicado), name="duplicado_motivo_valido"
            ),
            models.CheckConstraint(
                condition=en_opciones("estado", EstadoDuplicado), name="duplicado_estado_valido"
            ),
        ]
        indexes = [models.Index(fields=["municipio", "estado", "-detectado_en"])]

    def __str__(self):
        return f"{self.get_motivo_display()} · {self.municipio_id}"


class FusionPersonas(models.Model):
    """Bitácora de cada fusión: qué registro quedó, cuál se fusionó, qué se movió y quién lo hizo.
    Sin datos personales: los del registro fusionado quedan en la historia de Persona (su fila
    de borrado), que la anonimización también alcanza."""

    municipio = models.ForeignKey(Municipio, on_delete=models.PROTECT, related_name="+")
    conservada = models.ForeignKey(Persona, on_delete=models.PROTECT, related_name="fusiones")
    fusionada_id = models.PositiveBigIntegerField(_("registro fusionado"))
    movidos = models.JSONField(_("qué se movió"))
    autor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    creado = models.DateTimeField(default=timezone.now, editable=False)

    objects = AlcanceMunicipalQuerySet.as_manager()

    class Meta:
        verbose_name = _("fusión de personas")
        verbose_name_plural = _("fusiones de personas")
        ordering = ["-creado"]

    def __str__(self):
        return f"{self.fusionada_id} → {self.conservada_id}"
