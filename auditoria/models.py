"""Registros que nadie edita ni borra: hoy, la bitácora de exportes (Ley 1581 de 2012).

Esta app está debajo de todas (solo depende de `auth`): las demás la usan para exportar y dejar
constancia, y ella no importa ninguna.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SoloAgregar(models.QuerySet):
    """Un registro de auditoría se agrega y se lee; cambiarlo o borrarlo es un error."""

    def update(self, **kwargs):
        raise PermissionDenied(_("Los registros de auditoría no se modifican."))

    def delete(self):
        raise PermissionDenied(_("Los registros de auditoría no se borran."))


class RegistroDeAuditoria(models.Model):
    """Una fila que se agrega una vez y no se cambia ni se borra (además, un disparador de la
    base lo impide: auditoria/disparadores.py)."""

    objects = SoloAgregar.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied(_("Los registros de auditoría no se modifican."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(_("Los registros de auditoría no se borran."))


class FormatoExporte(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class RegistroExporte(RegistroDeAuditoria):
    """Quién exportó qué, con qué filtros y formato, cuántas filas y si con datos personales."""

    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="exportes",
        verbose_name=_("usuario"),
    )
    modelo = models.CharField(_("modelo"), max_length=100, help_text=_("p. ej. casos.caso"))
    recurso = models.CharField(_("exporte"), max_length=100)
    filtros = models.JSONField(_("filtros de la lista"), default=dict, blank=True)
    formato = models.CharField(_("formato"), max_length=4, choices=FormatoExporte.choices)
    columnas = models.JSONField(_("columnas"), default=list, blank=True)
    filas = models.PositiveIntegerField(_("filas"))
    datos_personales = models.BooleanField(
        _("con datos personales"),
        help_text=_("Sí: salieron nombres, documentos o contacto. No: salieron seudonimizados."),
    )
    creado = models.DateTimeField(_("cuándo"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("exporte registrado")
        verbose_name_plural = _("bitácora de exportes")
        ordering = ["-creado", "-pk"]
        default_permissions = ("view",)
        permissions = [
            (
                "exportar_datos_personales",
                _("Puede exportar datos personales (nombres, documentos, contacto, relatos)"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(formato__in=FormatoExporte.values), name="exporte_formato_valido"
            ),
        ]
        indexes = [models.Index(fields=["-creado"]), models.Index(fields=["usuario", "-creado"])]

    def __str__(self):
        return f"{self.recurso} · {self.usuario} · {timezone.localtime(self.creado):%d/%m/%Y %H:%M}"


class TipoEvento(models.TextChoices):
    INGRESO = "ingreso", _("Ingreso")
    INGRESO_FALLIDO = "ingreso_fallido", _("Ingreso fallido")
    BLOQUEO = "bloqueo", _("Bloqueo por intentos fallidos")
    SALIDA = "salida", _("Salida")
    ACCESO_NEGADO = "acceso_negado", _("Acceso negado (403)")
    NO_ENCONTRADO = "no_encontrado", _("No encontrado o fuera del alcance (404)")
    DATOS_PERSONALES = "datos_personales", _("Vista de datos personales")
    EXPORTE = "exporte", _("Exporte")
    SEGUNDO_FACTOR = "segundo_factor", _("Segundo factor")


class EventoSeguridad(RegistroDeAuditoria):
    """Un hecho de seguridad: quién, cuándo, desde dónde, sobre qué. Sin nombres ni documentos de
    ciudadanos: el objeto va como «app.modelo:id» y el detalle no lleva datos personales."""

    tipo = models.CharField(_("tipo"), max_length=20, choices=TipoEvento.choices)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="eventos_seguridad",
        verbose_name=_("usuario"),
    )
    usuario_intentado = models.CharField(
        _("usuario escrito"),
        max_length=150,
        blank=True,
        help_text=_("En un ingreso fallido, el nombre de usuario que se escribió."),
    )
    ip = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    ruta = models.CharField(_("ruta"), max_length=300, blank=True)
    objeto = models.CharField(_("objeto"), max_length=100, blank=True)
    detalle = models.CharField(_("detalle"), max_length=300, blank=True)
    creado = models.DateTimeField(_("cuándo"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("evento de seguridad")
        verbose_name_plural = _("eventos de seguridad")
        ordering = ["-creado", "-pk"]
        default_permissions = ("view",)
        constraints = [
            models.CheckConstraint(
                condition=Q(tipo__in=TipoEvento.values), name="evento_tipo_valido"
            ),
        ]
        indexes = [
            models.Index(fields=["-creado"], name="evento_creado_idx"),
            models.Index(fields=["usuario", "-creado"], name="evento_usuario_idx"),
            models.Index(fields=["tipo", "-creado"], name="evento_tipo_idx"),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} · {timezone.localtime(self.creado):%d/%m/%Y %H:%M}"
