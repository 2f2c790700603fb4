"""Solicitudes de habeas data de los ciudadanos (Ley 1581 de 2012, arts. 14 y 15).

Una persona (parte de un caso o asistente a una actividad) pide consultar lo que el sistema
guarda de ella, corregirlo o suprimirlo. La atiende un coordinador de un municipio donde la
persona aparece, o el equipo AMB. Los plazos legales corren en días hábiles desde el recibo:
consulta, 10 (prorrogables 5, art. 14); reclamo de corrección o supresión, 15 (prorrogables 8,
art. 15).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casos.models import Persona
from casos.plazos import sumar_dias_habiles


class TipoSolicitud(models.TextChoices):
    CONSULTA = "consulta", _("Consulta (art. 14): qué datos tiene el sistema")
    CORRECCION = "correccion", _("Corrección o actualización (art. 15)")
    SUPRESION = "supresion", _("Supresión: anonimizar (art. 15)")


class EstadoSolicitud(models.TextChoices):
    RECIBIDA = "recibida", _("Recibida")
    RESPONDIDA = "respondida", _("Respondida")


PLAZOS = {  # días hábiles (plazo, prórroga)
    TipoSolicitud.CONSULTA: (10, 5),
    TipoSolicitud.CORRECCION: (15, 8),
    TipoSolicitud.SUPRESION: (15, 8),
}


class SolicitudHabeasData(models.Model):
    persona = models.ForeignKey(
        Persona,
        on_delete=models.PROTECT,
        related_name="solicitudes_habeas",
        verbose_name=_("persona"),
    )
    tipo = models.CharField(_("tipo"), max_length=12, choices=TipoSolicitud.choices)
    recibida_el = models.DateField(_("recibida el"))
    fecha_limite = models.DateField(_("fecha límite legal"), editable=False)
    fecha_limite_prorroga = models.DateField(_("fecha límite con prórroga"), editable=False)
    descripcion = models.TextField(
        _("qué pide"), help_text=_("Lo que pidió la persona, con sus palabras.")
    )
    estado = models.CharField(
        _("estado"),
        max_length=10,
        choices=EstadoSolicitud.choices,
        default=EstadoSolicitud.RECIBIDA,
    )
    respuesta = models.TextField(_("respuesta"), blank=True)
    respondida_el = models.DateTimeField(_("respondida el"), null=True, blank=True)
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    respondida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    creado = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("solicitud de habeas data")
        verbose_name_plural = _("solicitudes de habeas data")
        ordering = ["estado", "fecha_limite", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tipo__in=TipoSolicitud.values), name="habeas_tipo_valido"
            ),
            models.CheckConstraint(
                condition=Q(estado=EstadoSolicitud.RECIBIDA, respondida_el__isnull=True)
                | Q(estado=EstadoSolicitud.RESPONDIDA, respondida_el__isnull=False),
                name="habeas_respondida_con_fecha",
            ),
            models.CheckConstraint(
                condition=Q(fecha_limite__gt=models.F("recibida_el")),
                name="habeas_limite_despues_del_recibo",
            ),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} · {self.recibida_el:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("habeas:detalle", args=[self.pk])

    def calcular_plazos(self):
        plazo, prorroga = PLAZOS[TipoSolicitud(self.tipo)]
        self.fecha_limite = sumar_dias_habiles(self.recibida_el, plazo)
        self.fecha_limite_prorroga = sumar_dias_habiles(self.fecha_limite, prorroga)

    @property
    def vencida(self) -> bool:
        return self.estado == EstadoSolicitud.RECIBIDA and self.fecha_limite < timezone.localdate()
