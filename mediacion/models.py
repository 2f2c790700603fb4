"""Las sesiones de mediación de un caso (fecha, hora, lugar, a quién convocan y quién vino), las
citaciones de cada parte y los documentos con que termina la mediación: el acta de acuerdo (total
o parcial), la constancia de no acuerdo y la constancia de inasistencia.

Cada documento lleva un número por municipio y año sin huecos (como el radicado) y se congela al
emitirse: su contenido (`contenido`) es la copia de los datos de ese momento, y una corrección es
una versión nueva con su motivo, no un cambio de la fila.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casos.models import (
    USER,
    Caso,
    DeUnCasoQuerySet,
    DocumentoMediacionTipo,
    Parte,
    almacen_privado,
)
from comun.modelos import Evidencia, en_opciones, restricciones_de_evidencia, ruta_de_evidencia
from municipios.models import Municipio, Sector
from municipios.reglas import SECTOR_DE_OTRO_MUNICIPIO, EtiquetasRapidas

PARTE_DE_OTRO_CASO = _("Cada persona citada es parte de este caso.")


class TipoLugar(models.TextChoices):
    SALON_COMUNAL = "salon_comunal", _("Salón comunal")
    CASA_JUSTICIA = "casa_justicia", _("Casa de justicia")
    OFICINA = "oficina", _("Oficina del programa")
    VIRTUAL = "virtual", _("Sala virtual")
    OTRO = "otro", _("Otro lugar")


class EstadoSesion(models.TextChoices):
    PROGRAMADA = "programada", _("Programada")
    REALIZADA = "realizada", _("Realizada")
    NO_REALIZADA = "no_realizada", _("No realizada")
    REPROGRAMADA = "reprogramada", _("Reprogramada")
    CANCELADA = "cancelada", _("Cancelada")


class SesionQuerySet(DeUnCasoQuerySet):
    def programadas(self):
        return self.filter(estado=EstadoSesion.PROGRAMADA)


class SesionMediacion(EtiquetasRapidas, models.Model):
    """Una sesión de mediación de un caso. programada → realizada | no realizada |
    reprogramada; la reprogramada queda con su fecha y apunta a la sesión nueva."""

    caso = models.ForeignKey(Caso, on_delete=models.PROTECT, related_name="sesiones")
    numero = models.PositiveSmallIntegerField(_("sesión n.º"), editable=False)
    inicio = models.DateTimeField(_("fecha y hora"))
    duracion = models.PositiveSmallIntegerField(
        _("duración prevista (minutos)"),
        default=60,
        help_text=_("Entre 15 minutos y 8 horas."),
    )
    tipo_lugar = models.CharField(_("tipo de lugar"), max_length=15, choices=TipoLugar.choices)
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    lugar = models.CharField(
        _("lugar"),
        max_length=200,
        help_text=_("Dirección o nombre del sitio; en una sala virtual, el enlace."),
    )
    que_llevar = models.CharField(
        _("qué deben llevar las partes"),
        max_length=300,
        blank=True,
        default=_("Documento de identidad y los documentos o pruebas relacionados con el caso."),
    )
    estado = models.CharField(
        _("estado"), max_length=12, choices=EstadoSesion.choices, default=EstadoSesion.PROGRAMADA
    )
    resumen = models.TextField(_("resumen de la sesión"), blank=True)
    motivo_reprogramacion = models.CharField(
        _("motivo de la reprogramación"), max_length=300, blank=True
    )
    motivo_cancelacion = models.CharField(_("motivo de la cancelación"), max_length=300, blank=True)
    nueva = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anterior",
        editable=False,
        verbose_name=_("reprogramada para"),
    )
    programada_por = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    creado = models.DateTimeField(default=timezone.now, editable=False)
    registrada_en = models.DateTimeField(_("registrada el"), null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = SesionQuerySet.as_manager()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "export")
        verbose_name = _("sesión de mediación")
        verbose_name_plural = _("sesiones de mediación")
        ordering = ["inicio", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["caso", "numero"], name="sesion_numero_unico"),
            models.CheckConstraint(
                condition=en_opciones("estado", EstadoSesion), name="sesion_estado_valido"
            ),
            models.CheckConstraint(
                condition=en_opciones("tipo_lugar", TipoLugar), name="sesion_lugar_valido"
            ),
            models.CheckConstraint(
                condition=Q(duracion__gte=15, duracion__lte=480),
                name="sesion_duracion_razonable",
                violation_error_message=_("La duración va de 15 minutos a 8 horas."),
            ),
            models.CheckConstraint(
                condition=Q(
                    estado__in=["programada", "reprogramada", "cancelada"],
                    registrada_en__isnull=True,
                )
                | Q(estado__in=["realizada", "no_realizada"], registrada_en__isnull=False),
                name="sesion_registrada_segun_estado",
            ),
            models.CheckConstraint(
                condition=Q(estado="reprogramada", nueva__isnull=False)
                | (~Q(estado="reprogramada") & Q(nueva__isnull=True)),
                name="sesion_reprogramada_con_nueva",
            ),
        ]
        indexes = [
            # La agenda: sesiones programadas de un periodo.
            models.Index(fields=["estado", "inicio"], name="sesion_estado_inicio_idx"),
            models.Index(fields=["caso", "inicio"], name="sesion_caso_inicio_idx"),
            # Tableros: sesiones registradas en un periodo.
            models.Index(fields=["registrada_en"], name="sesion_registrada_idx"),
        ]

    def __str__(self):
        return _("Sesión %(n)s · %(caso)s") % {"n": self.numero, "caso": self.caso_id and self.caso}

    def get_absolute_url(self):
        return reverse("mediacion:sesion", args=[self.caso.radicado, self.pk])

    def clean(self):
        if self.sector_id and self.caso_id and self.sector.municipio_id != self.caso.municipio_id:
            raise ValidationError({"sector": SECTOR_DE_OTRO_MUNICIPIO})

    @property
    def fin(self):
        return self.inicio + timezone.timedelta(minutes=self.duracion)


class Citacion(models.Model):
    """Una parte convocada a una sesión: la citación que recibe y si vino."""

    sesion = models.ForeignKey(SesionMediacion, on_delete=models.CASCADE, related_name="citaciones")
    parte = models.ForeignKey(Parte, on_delete=models.PROTECT, related_name="citaciones")
    asistio = models.BooleanField(_("asistió"), null=True, blank=True)
    enviada_por_correo_en = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citación")
        verbose_name_plural = _("citaciones")
        ordering = ["sesion", "parte"]
        constraints = [
            models.UniqueConstraint(fields=["sesion", "parte"], name="citacion_unica"),
        ]

    def __str__(self):
        return _("Citación de %(parte)s") % {"parte": self.parte}

    def clean(self):
        if self.parte_id and self.sesion_id and self.parte.caso_id != self.sesion.caso_id:
            raise ValidationError({"parte": PARTE_DE_OTRO_CASO})


class ConsecutivoDocumento(models.Model):
    """El último número de documento de mediación por municipio y año (se bloquea al emitir)."""

    municipio = models.ForeignKey(Municipio, on_delete=models.PROTECT)
    anio = models.PositiveSmallIntegerField()
    ultimo = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("consecutivo de documentos de mediación")
        verbose_name_plural = _("consecutivos de documentos de mediación")
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "anio"], name="consecutivo_documento_unico"
            ),
        ]

    def __str__(self):
        return f"{self.municipio_id}-{self.anio}: {self.ultimo}"


def codigo_verificacion() -> str:
    """16 caracteres aleatorios (96 bits), como los de los certificados: no se adivinan."""
    return secrets.token_urlsafe(12)


class DocumentoQuerySet(DeUnCasoQuerySet):
    def vigentes(self):
        return self.filter(reemplazo__isnull=True)


class DocumentoCongelado(Exception):
    """Un documento emitido no se cambia: se corrige con una versión nueva."""


class DocumentoMediacion(models.Model):
    """Un acta o constancia emitida. Se congela: la fila no vuelve a escribirse."""

    caso = models.ForeignKey(Caso, on_delete=models.PROTECT, related_name="documentos_mediacion")
    tipo = models.CharField(_("documento"), max_length=25, choices=DocumentoMediacionTipo.choices)
    municipio = models.ForeignKey(Municipio, on_delete=models.PROTECT, related_name="+")
    anio = models.PositiveSmallIntegerField(_("año"))
    consecutivo = models.PositiveIntegerField(_("consecutivo"))
    numero = models.CharField(_("número"), max_length=24)
    version = models.PositiveSmallIntegerField(_("versión"), default=1)
    reemplaza = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reemplazo",
        verbose_name=_("corrige la versión"),
    )
    motivo_correccion = models.CharField(_("motivo de la corrección"), max_length=300, blank=True)
    sesion = models.ForeignKey(
        SesionMediacion, on_delete=models.PROTECT, null=True, blank=True, related_name="documentos"
    )
    acuerdo = models.ForeignKey(
        "casos.Acuerdo",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documentos_mediacion",
    )
    contenido = models.JSONField(_("contenido congelado"))
    codigo = models.CharField(
        _("código de verificación"), max_length=24, unique=True, default=codigo_verificacion
    )
    emitido_por = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    emitido_en = models.DateTimeField(_("emitido el"), default=timezone.now)

    objects = DocumentoQuerySet.as_manager()

    class Meta:
        default_permissions = ("view", "export")
        verbose_name = _("documento de mediación")
        verbose_name_plural = _("documentos de mediación")
        ordering = ["-emitido_en", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "anio", "consecutivo", "version"],
                name="documento_numero_version_unico",
            ),
            models.CheckConstraint(
                condition=en_opciones("tipo", DocumentoMediacionTipo),
                name="documento_tipo_valido",
            ),
            models.CheckConstraint(
                condition=(Q(version=1) & Q(reemplaza__isnull=True) & Q(motivo_correccion=""))
                | (Q(version__gt=1) & Q(reemplaza__isnull=False) & ~Q(motivo_correccion="")),
                name="documento_version_con_motivo",
                violation_error_message=_("Una corrección dice qué versión corrige y por qué."),
            ),
            models.CheckConstraint(
                condition=Q(tipo__in=["acta_total", "acta_parcial"], acuerdo__isnull=False)
                | (~Q(tipo__in=["acta_total", "acta_parcial"]) & Q(sesion__isnull=False)),
                name="documento_con_su_origen",
                violation_error_message=_(
                    "Un acta sale de un acuerdo; una constancia, de una sesión."
                ),
            ),
            models.CheckConstraint(
                condition=Q(consecutivo__gte=1), name="documento_consecutivo_positivo"
            ),
        ]
        indexes = [
            models.Index(fields=["caso", "tipo"], name="documento_caso_tipo_idx"),
            # Tableros: documentos emitidos por municipio en un periodo.
            models.Index(fields=["municipio", "emitido_en"], name="documento_mun_emitido_idx"),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} {self.numero_con_version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise DocumentoCongelado(
                _("El documento %(n)s ya fue emitido: corríjalo con una versión nueva.")
                % {"n": self.numero_con_version}
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("mediacion:documento", args=[self.caso.radicado, self.pk])

    @property
    def es_vigente(self) -> bool:
        """Ninguna versión posterior lo corrige."""
        try:
            self.reemplazo  # noqa: B018
        except DocumentoMediacion.DoesNotExist:
            return True
        return False

    @property
    def numero_con_version(self) -> str:
        return self.numero if self.version == 1 else f"{self.numero} v{self.version}"


def ruta_firmado(instancia, nombre):
    """Nombre aleatorio, sin nada del nombre original."""
    return ruta_de_evidencia(
        "mediacion", instancia.documento.municipio.codigo_dane, instancia.tipo_contenido
    )


class DocumentoFirmadoQuerySet(DeUnCasoQuerySet):
    ruta_municipio = "documento__caso__municipio"


class DocumentoFirmado(Evidencia):
    """El escaneo o la foto del documento firmado por las partes, como evidencia."""

    documento = models.ForeignKey(
        DocumentoMediacion, on_delete=models.PROTECT, related_name="firmados"
    )
    archivo = models.FileField(upload_to=ruta_firmado, storage=almacen_privado)
    subido_por = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = DocumentoFirmadoQuerySet.as_manager()

    class Meta:
        verbose_name = _("documento firmado")
        verbose_name_plural = _("documentos firmados")
        ordering = ["-creado"]
        constraints = restricciones_de_evidencia("firmado_tipo_permitido", "firmado_tamano_maximo")
