"""Lo que pasa después del registro: actuaciones (la línea de tiempo), acuerdos con sus
compromisos y su verificación, y las evidencias adjuntas."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casos.models.casos import (
    PARTE_DE_OTRO_CASO,
    USER,
    Caso,
    CompromisoQuerySet,
    DeUnCasoQuerySet,
    Estado,
    almacen_privado,
)
from casos.models.personas import Parte
from comun.modelos import Evidencia, en_opciones, restricciones_de_evidencia, ruta_de_evidencia
from municipios.reglas import EtiquetasRapidas


class TipoActuacion(models.TextChoices):
    REGISTRO = "registro", _("Registro del caso")
    LLAMADA = "llamada", _("Llamada")
    VISITA = "visita", _("Visita")
    CITACION = "citacion", _("Citación")
    SESION_MEDIACION = "sesion_mediacion", _("Sesión de mediación")
    VERIFICACION = "verificacion", _("Verificación")
    NOTA = "nota", _("Nota")
    CAMBIO_ESTADO = "cambio_estado", _("Cambio de estado")
    REMISION = "remision", _("Remisión")
    ASIGNACION = "asignacion", _("Asignación")
    DOCUMENTO = "documento", _("Documento de mediación")


TIPOS_ACTUACION_MANUAL = [
    TipoActuacion.LLAMADA,
    TipoActuacion.VISITA,
    TipoActuacion.CITACION,
    TipoActuacion.SESION_MEDIACION,
    TipoActuacion.NOTA,
]


class Actuacion(EtiquetasRapidas, models.Model):
    caso = models.ForeignKey(Caso, on_delete=models.PROTECT, related_name="actuaciones")
    tipo = models.CharField(_("tipo"), max_length=16, choices=TipoActuacion.choices)
    fecha = models.DateTimeField(_("fecha"), default=timezone.now)
    descripcion = models.TextField(_("descripción"))
    autor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="actuaciones")
    estado_anterior = models.CharField(max_length=12, choices=Estado.choices, blank=True)
    estado_nuevo = models.CharField(max_length=12, choices=Estado.choices, blank=True)
    creado = models.DateTimeField(default=timezone.now, editable=False)

    objects = DeUnCasoQuerySet.as_manager()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "export")
        verbose_name = _("actuación")
        verbose_name_plural = _("actuaciones")
        ordering = ["-fecha", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=en_opciones("tipo", TipoActuacion), name="actuacion_tipo_valido"
            ),
            models.CheckConstraint(
                condition=Q(fecha__lte=F("creado")),
                name="actuacion_no_futura",
                violation_error_message=_("La actuación no puede tener fecha futura."),
            ),
        ]
        indexes = [
            models.Index(fields=["caso", "-fecha"]),
            # Lista del admin (las más recientes primero) y su jerarquía de fechas.
            models.Index(fields=["-fecha", "-id"], name="actuacion_fecha_idx"),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} · {self.caso}"


class ResultadoVerificacion(models.TextChoices):
    CUMPLIDO = "cumplido", _("Cumplido")
    PARCIAL = "parcial", _("Cumplido parcialmente")
    INCUMPLIDO = "incumplido", _("Incumplido")


class Acuerdo(EtiquetasRapidas, models.Model):
    caso = models.ForeignKey(Caso, on_delete=models.PROTECT, related_name="acuerdos")
    fecha = models.DateField(_("fecha del acuerdo"))
    descripcion = models.TextField(_("en qué quedaron las partes"))
    fecha_verificacion = models.DateField(_("fecha prevista de verificación"))
    verificado_en = models.DateField(_("verificado el"), null=True, blank=True)
    resultado_verificacion = models.CharField(
        _("resultado de la verificación"),
        max_length=10,
        choices=ResultadoVerificacion.choices,
        blank=True,
    )
    observacion_verificacion = models.TextField(_("observación de la verificación"), blank=True)
    registrado_por = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="acuerdos")

    history = HistoricalRecords()

    objects = DeUnCasoQuerySet.as_manager()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "export")
        verbose_name = _("acuerdo")
        verbose_name_plural = _("acuerdos")
        ordering = ["-fecha", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resultado_verificacion="", verificado_en__isnull=True)
                | (
                    en_opciones("resultado_verificacion", ResultadoVerificacion)
                    & Q(verificado_en__isnull=False)
                ),
                name="acuerdo_verificacion_completa",
            ),
            models.CheckConstraint(
                condition=Q(fecha_verificacion__gte=F("fecha")),
                name="acuerdo_verificacion_despues",
                violation_error_message=_(
                    "La verificación no puede ser anterior a la fecha del acuerdo."
                ),
            ),
            models.CheckConstraint(
                condition=Q(verificado_en__isnull=True) | Q(verificado_en__gte=F("fecha")),
                name="acuerdo_verificado_despues",
                violation_error_message=_("No puede verificarse antes de acordarse."),
            ),
        ]
        indexes = [
            models.Index(fields=["caso", "resultado_verificacion", "fecha_verificacion"]),
            models.Index(fields=["-fecha", "-id"], name="acuerdo_fecha_idx"),
            models.Index(fields=["verificado_en"]),
        ]

    def __str__(self):
        return f"Acuerdo {self.caso} ({self.fecha:%d/%m/%Y})"


class Compromiso(models.Model):
    acuerdo = models.ForeignKey(Acuerdo, on_delete=models.CASCADE, related_name="compromisos")
    parte = models.ForeignKey(Parte, on_delete=models.PROTECT, related_name="compromisos")
    descripcion = models.CharField(_("compromiso"), max_length=300)
    fecha_limite = models.DateField(_("fecha límite"))

    history = HistoricalRecords()

    objects = CompromisoQuerySet.as_manager()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "export")
        verbose_name = _("compromiso")
        verbose_name_plural = _("compromisos")
        ordering = ["fecha_limite", "pk"]

    def __str__(self):
        return self.descripcion

    def clean(self):
        if self.parte_id and self.acuerdo_id and self.parte.caso_id != self.acuerdo.caso_id:
            raise ValidationError({"parte": PARTE_DE_OTRO_CASO})


def ruta_adjunto(instancia, nombre):
    """Nombre aleatorio, sin nada del nombre original: nada se adivina desde la ruta."""
    return ruta_de_evidencia(
        "adjuntos", instancia.caso.municipio.codigo_dane, instancia.tipo_contenido
    )


class Adjunto(Evidencia):
    caso = models.ForeignKey(Caso, on_delete=models.PROTECT, related_name="adjuntos")
    archivo = models.FileField(upload_to=ruta_adjunto, storage=almacen_privado)
    subido_por = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="adjuntos")

    objects = DeUnCasoQuerySet.as_manager()

    class Meta:
        verbose_name = _("adjunto")
        verbose_name_plural = _("adjuntos")
        ordering = ["-creado"]
        constraints = restricciones_de_evidencia("adjunto_tipo_permitido", "adjunto_tamano_maximo")
