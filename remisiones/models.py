"""Las remisiones de un caso a una entidad (inspección, estación MEBAR, comisaría…), sus plazos
y los correos que el sistema manda por ellas.

Las tablas conservan su nombre de cuando vivían en `casos` (`casos_remision`…): la app se
separó con `SeparateDatabaseAndState`, sin mover datos ni historia (migración 0001).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casos.models import (
    USER,
    Caso,
    almacen_privado,
)
from comun.modelos import en_opciones
from gestores.models import Rol
from municipios.alcance import AlcanceMunicipalQuerySet
from municipios.models import Contacto, Entidad, TipoEntidad
from municipios.reglas import EtiquetasRapidas, RecuerdaLoCargado

ENTIDAD_DE_OTRO_MUNICIPIO = _("La entidad debe ser del municipio del caso.")
CONTACTO_DE_OTRA_ENTIDAD = _("El contacto debe ser de la entidad a la que se remite.")


class MedioRemision(models.TextChoices):
    OFICIO = "oficio", _("Oficio")
    CORREO = "correo", _("Correo electrónico")
    TELEFONO = "telefono", _("Teléfono")
    WHATSAPP = "whatsapp", _("WhatsApp")
    PRESENCIAL = "presencial", _("Acompañamiento presencial")


class EstadoRemision(models.TextChoices):
    ENVIADA = "enviada", _("Enviada")
    RECIBIDA = "recibida", _("Recibida")
    RESPONDIDA = "respondida", _("Respondida")
    DEVUELTA = "devuelta", _("Devuelta (no competente)")


# Una remisión respondida o devuelta ya no espera nada de la entidad.
REMISION_CERRADA = [EstadoRemision.RESPONDIDA, EstadoRemision.DEVUELTA]


class MedioRecepcion(models.TextChoices):
    SISTEMA = "sistema", _("En el sistema, por el enlace")
    TELEFONO = "telefono", _("Por teléfono")
    CORREO = "correo", _("Por correo electrónico")
    OFICIO = "oficio", _("Con sello de recibido en el oficio")
    PRESENCIAL = "presencial", _("En persona")


class PlazoRemision(models.Model):
    """Días hábiles que tiene cada tipo de entidad para responder una remisión."""

    tipo_entidad = models.CharField(
        _("tipo de entidad"), max_length=25, choices=TipoEntidad.choices, unique=True
    )
    dias_habiles = models.PositiveSmallIntegerField(_("días hábiles para responder"))

    history = HistoricalRecords(table_name="casos_historicalplazoremision")

    class Meta:
        db_table = "casos_plazoremision"
        verbose_name = _("plazo de respuesta a remisiones")
        verbose_name_plural = _("plazos de respuesta a remisiones")
        constraints = [
            models.CheckConstraint(
                condition=Q(dias_habiles__gte=1, dias_habiles__lte=90), name="plazo_razonable"
            ),
            models.CheckConstraint(
                condition=en_opciones("tipo_entidad", TipoEntidad), name="plazo_tipo_entidad_valido"
            ),
        ]

    def __str__(self):
        return f"{self.get_tipo_entidad_display()}: {self.dias_habiles} días hábiles"


class RemisionQuerySet(AlcanceMunicipalQuerySet):
    ruta_municipio = "caso__municipio"

    def pendientes(self):
        return self.exclude(estado__in=REMISION_CERRADA)

    def visible_para(self, user):
        """Un enlace ve las remisiones a su entidad; los demás, las de los casos que ven."""
        perfil = getattr(user, "perfil", None)
        if perfil is not None and perfil.rol == Rol.ENLACE:
            if not user.is_active or perfil.entidad_id is None:
                return self.none()
            return self.filter(entidad_id=perfil.entidad_id)
        # Los demás roles ven todos los casos de su municipio (DESIGN §4): la misma regla.
        return super().visible_para(user)

    def vencidas(self, hoy=None):
        return self.pendientes().filter(fecha_limite__lt=hoy or timezone.localdate())


class Remision(EtiquetasRapidas, RecuerdaLoCargado, models.Model):
    campos_vigilados = ("caso_id", "entidad_id", "contacto_id")

    caso = models.ForeignKey(Caso, on_delete=models.PROTECT, related_name="remisiones")
    entidad = models.ForeignKey(Entidad, on_delete=models.PROTECT, related_name="remisiones")
    contacto = models.ForeignKey(
        Contacto,
        on_delete=models.PROTECT,
        related_name="remisiones",
        null=True,
        blank=True,
        help_text=_("El contacto vigente de la entidad el día del envío."),
    )
    motivo = models.TextField(_("motivo de la remisión"))
    medio = models.CharField(_("medio"), max_length=12, choices=MedioRemision.choices)
    fecha_envio = models.DateField(_("fecha de envío"))
    fecha_limite = models.DateField(_("fecha límite de respuesta"), editable=False)
    estado = models.CharField(
        _("estado"), max_length=10, choices=EstadoRemision.choices, default=EstadoRemision.ENVIADA
    )
    fecha_recepcion = models.DateField(_("fecha de recibido"), null=True, blank=True)
    fecha_respuesta = models.DateField(_("fecha de respuesta"), null=True, blank=True)
    respuesta = models.TextField(_("respuesta de la entidad"), blank=True)
    accion_tomada = models.TextField(_("acción tomada"), blank=True)
    archivo_respuesta = models.FileField(
        _("archivo de la respuesta"),
        upload_to="respuestas/",
        storage=almacen_privado,
        blank=True,
        help_text=_("PDF, JPG o PNG de hasta 10 MB; se descarga solo por el caso o la bandeja."),
    )
    medio_recepcion = models.CharField(
        _("cómo se supo del recibido"), max_length=12, choices=MedioRecepcion.choices, blank=True
    )
    recibida_por = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    fecha_devolucion = models.DateField(_("fecha de devolución"), null=True, blank=True)
    motivo_devolucion = models.TextField(_("por qué no es competente"), blank=True)
    enviada_por = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="remisiones")

    history = HistoricalRecords(table_name="casos_historicalremision")
    objects = RemisionQuerySet.as_manager()

    class Meta:
        db_table = "casos_remision"
        default_permissions = ("add", "change", "delete", "view", "export")
        verbose_name = _("remisión")
        verbose_name_plural = _("remisiones")
        ordering = ["-fecha_envio", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=en_opciones("medio", MedioRemision), name="remision_medio_valido"
            ),
            models.CheckConstraint(
                condition=en_opciones("estado", EstadoRemision), name="remision_estado_valido"
            ),
            models.CheckConstraint(
                condition=Q(estado=EstadoRemision.ENVIADA, fecha_recepcion__isnull=True)
                | Q(
                    estado=EstadoRemision.RECIBIDA,
                    fecha_recepcion__isnull=False,
                    fecha_respuesta__isnull=True,
                )
                | Q(
                    estado=EstadoRemision.RESPONDIDA,
                    fecha_recepcion__isnull=False,
                    fecha_respuesta__isnull=False,
                )
                | Q(
                    estado=EstadoRemision.DEVUELTA,
                    fecha_devolucion__isnull=False,
                    motivo_devolucion__gt="",
                    fecha_respuesta__isnull=True,
                ),
                name="remision_fechas_segun_estado_v2",
            ),
            models.CheckConstraint(
                condition=Q(fecha_recepcion__isnull=True)
                | Q(fecha_recepcion__gte=F("fecha_envio")),
                name="remision_recibida_despues_de_enviada",
                violation_error_message=_("No puede recibirse antes de enviarse."),
            ),
            models.CheckConstraint(
                condition=Q(fecha_respuesta__isnull=True)
                | Q(fecha_respuesta__gte=F("fecha_recepcion")),
                name="remision_respondida_despues_de_recibida",
                violation_error_message=_("No puede responderse antes de recibirse."),
            ),
        ]
        indexes = [
            models.Index(fields=["caso", "estado", "fecha_limite"]),
            models.Index(fields=["fecha_envio"]),
        ]

    def __str__(self):
        return f"{self.caso} → {self.entidad}"

    def get_absolute_url(self):
        """La remisión en la bandeja del enlace (el gestor la ve en la página del caso)."""
        return reverse("remisiones:detalle", args=[self.pk])

    def clean(self):
        errores = {}
        # Solo si cambió: una entidad desactivada después aún puede responder lo que recibió.
        if (
            self.caso_id
            and self.entidad_id
            and self.cambio("caso_id", "entidad_id")
            and (self.entidad.municipio_id != self.caso.municipio_id or not self.entidad.activa)
        ):
            errores["entidad"] = [ENTIDAD_DE_OTRO_MUNICIPIO]
        if (
            self.contacto_id
            and self.cambio("contacto_id", "entidad_id")
            and self.contacto.entidad_id != self.entidad_id
        ):
            errores["contacto"] = [CONTACTO_DE_OTRA_ENTIDAD]
        if errores:
            raise ValidationError(errores)

    @property
    def pendiente(self) -> bool:
        return self.estado not in REMISION_CERRADA

    @property
    def vencida(self) -> bool:
        return self.pendiente and self.fecha_limite < timezone.localdate()


class TipoNotificacion(models.TextChoices):
    REMISION_ENVIADA = "remision_enviada", _("Remisión enviada")
    REMISION_RECIBIDA = "remision_recibida", _("Remisión recibida")
    REMISION_RESPONDIDA = "remision_respondida", _("Remisión respondida")
    REMISION_DEVUELTA = "remision_devuelta", _("Remisión devuelta")
    RECORDATORIO_ENLACE = "recordatorio_enlace", _("Recordatorio a un enlace")
    RECORDATORIO_GESTOR = "recordatorio_gestor", _("Recordatorio a un gestor")
    RESUMEN_COORDINADOR = "resumen_coordinador", _("Resumen semanal al coordinador")


class EstadoNotificacion(models.TextChoices):
    PENDIENTE = "pendiente", _("Pendiente")
    ENVIADA = "enviada", _("Enviada")
    FALLIDA = "fallida", _("Falló")


class Notificacion(models.Model):
    """Cada correo que el sistema manda: a quién, qué, cuándo y si salió."""

    tipo = models.CharField(_("tipo"), max_length=25, choices=TipoNotificacion.choices)
    para = models.EmailField(_("para"))
    usuario = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="notificaciones"
    )
    asunto = models.CharField(_("asunto"), max_length=200)
    cuerpo = models.TextField(_("cuerpo"))
    remision = models.ForeignKey(
        Remision, on_delete=models.SET_NULL, null=True, blank=True, related_name="notificaciones"
    )
    clave = models.CharField(
        _("clave de idempotencia"),
        max_length=120,
        blank=True,
        help_text=_("Evita mandar dos veces el mismo recordatorio."),
    )
    estado = models.CharField(
        _("estado"),
        max_length=10,
        choices=EstadoNotificacion.choices,
        default=EstadoNotificacion.PENDIENTE,
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    creado = models.DateTimeField(_("creada"), default=timezone.now, editable=False)
    enviado_en = models.DateTimeField(_("enviada el"), null=True, blank=True)

    class Meta:
        db_table = "casos_notificacion"
        verbose_name = _("notificación")
        verbose_name_plural = _("notificaciones")
        ordering = ["-creado"]
        constraints = [
            models.UniqueConstraint(
                fields=["clave", "para"], condition=~Q(clave=""), name="notificacion_clave_unica"
            ),
            models.CheckConstraint(
                condition=en_opciones("tipo", TipoNotificacion), name="notificacion_tipo_valido"
            ),
            models.CheckConstraint(
                condition=en_opciones("estado", EstadoNotificacion),
                name="notificacion_estado_valido",
            ),
        ]

    def __str__(self):
        return f"{self.asunto} → {self.para}"
