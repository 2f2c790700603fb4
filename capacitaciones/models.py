import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casos.models import Persona, Sexo, almacen_privado
from comun.modelos import Evidencia, en_opciones, restricciones_de_evidencia, ruta_de_evidencia
from gestores.models import Gestor, Rol
from municipios.alcance import AlcanceMunicipalQuerySet
from municipios.models import Entidad, Municipio, OrganizacionComunitaria, Sector
from municipios.reglas import SECTOR_DE_OTRO_MUNICIPIO, RecuerdaLoCargado

ORGANIZACION_DE_OTRO_MUNICIPIO = _("La organización no es de este municipio.")
SOLO_GESTORES_DEL_MUNICIPIO = _("Solo gestores del municipio de la actividad.")
SOLO_CAPACITACIONES_SUMAN_HORAS = _("Solo las capacitaciones de gestores suman horas de formación.")

USER = settings.AUTH_USER_MODEL


class Modulo(models.Model):
    """Un módulo del currículo de los gestores (DESIGN §6: la capacitación va primero)."""

    nombre = models.CharField(_("nombre"), max_length=150, unique=True)
    descripcion = models.TextField(_("descripción"), blank=True)
    horas = models.DecimalField(_("horas"), max_digits=5, decimal_places=1)
    orden = models.PositiveSmallIntegerField(_("orden"), default=10)
    obligatorio = models.BooleanField(_("obligatorio para certificarse"), default=True)
    activo = models.BooleanField(_("activo"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("módulo")
        verbose_name_plural = _("módulos del currículo")
        ordering = ["orden", "nombre"]
        constraints = [
            models.CheckConstraint(condition=Q(horas__gt=0), name="modulo_horas_positivas"),
        ]

    def __str__(self):
        return self.nombre


class TipoActividad(models.TextChoices):
    CAPACITACION = "capacitacion", _("Capacitación de gestores")
    SOCIALIZACION = "socializacion", _("Socialización")
    PEDAGOGICA = "pedagogica", _("Actividad pedagógica de convivencia")
    JORNADA = "jornada", _("Jornada de promoción o formación ciudadana")
    MESA = "mesa", _("Mesa de articulación institucional")


class PublicoObjetivo(models.TextChoices):
    GESTORES = "gestores", _("Gestores de convivencia")
    LIDERES = "lideres", _("Líderes comunitarios")
    JAC = "jac", _("Juntas de acción comunal")
    COMUNIDAD = "comunidad", _("Comunidad en general")
    REMITIDOS = "remitidos", _("Personas remitidas por la Policía")
    INSTITUCIONES = "instituciones", _("Instituciones")
    ESTUDIANTES = "estudiantes", _("Comunidad educativa")


class EstadoActividad(models.TextChoices):
    PROGRAMADA = "programada", _("Programada")
    REALIZADA = "realizada", _("Realizada")
    CANCELADA = "cancelada", _("Cancelada")


class ActividadQuerySet(AlcanceMunicipalQuerySet):
    def realizadas(self):
        return self.filter(estado=EstadoActividad.REALIZADA)


class Actividad(RecuerdaLoCargado, models.Model):
    # El sector en `clean()`; municipio, inicio y estado en los asistentes por día de los tableros.
    campos_vigilados = ("municipio_id", "sector_id", "inicio", "estado")

    municipio = models.ForeignKey(
        Municipio, on_delete=models.PROTECT, related_name="actividades", verbose_name=_("municipio")
    )
    tipo = models.CharField(_("tipo"), max_length=15, choices=TipoActividad.choices)
    tema = models.CharField(_("tema"), max_length=200)
    modulo = models.ForeignKey(
        Modulo,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sesiones",
        verbose_name=_("módulo del currículo"),
        help_text=_("Obligatorio en una capacitación de gestores."),
    )
    estado = models.CharField(
        _("estado"),
        max_length=10,
        choices=EstadoActividad.choices,
        default=EstadoActividad.PROGRAMADA,
    )
    motivo_cancelacion = models.CharField(_("motivo de la cancelación"), max_length=300, blank=True)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("sector")
    )
    lugar = models.CharField(_("lugar"), max_length=200)
    inicio = models.DateTimeField(_("inicio"))
    fin = models.DateTimeField(_("fin"))
    publico_objetivo = models.CharField(
        _("público objetivo"), max_length=15, choices=PublicoObjetivo.choices
    )
    facilitadores = models.ManyToManyField(
        USER, blank=True, related_name="actividades_facilitadas", verbose_name=_("facilitadores")
    )
    entidades = models.ManyToManyField(
        Entidad, blank=True, related_name="actividades", verbose_name=_("entidades participantes")
    )
    organizaciones = models.ManyToManyField(
        OrganizacionComunitaria,
        blank=True,
        related_name="actividades",
        verbose_name=_("organizaciones participantes"),
    )
    compromisos = models.TextField(_("compromisos"), blank=True)
    # El envío sin señal que creó los conteos de la multitud: repetido, no los vuelve a crear.
    token_conteos = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    registrada_por = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="actividades_registradas", editable=False
    )
    creado = models.DateTimeField(default=timezone.now, editable=False)

    objects = ActividadQuerySet.as_manager()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "export")
        verbose_name = _("actividad")
        verbose_name_plural = _("actividades")
        ordering = ["-inicio"]
        constraints = [
            models.CheckConstraint(
                condition=en_opciones("tipo", TipoActividad), name="actividad_tipo_valido"
            ),
            models.CheckConstraint(
                condition=en_opciones("estado", EstadoActividad), name="actividad_estado_valido"
            ),
            models.CheckConstraint(
                condition=en_opciones("publico_objetivo", PublicoObjetivo),
                name="actividad_publico_valido",
            ),
            models.CheckConstraint(
                condition=Q(fin__gt=F("inicio")),
                name="actividad_fin_despues_de_inicio",
                violation_error_message=_("La actividad debe terminar después de empezar."),
            ),
            models.CheckConstraint(
                condition=~Q(tipo=TipoActividad.CAPACITACION) | Q(modulo__isnull=False),
                name="actividad_capacitacion_con_modulo",
                violation_error_message=_("Una capacitación de gestores cubre un módulo."),
            ),
            models.CheckConstraint(
                condition=Q(estado=EstadoActividad.CANCELADA, motivo_cancelacion__gt="")
                | (~Q(estado=EstadoActividad.CANCELADA) & Q(motivo_cancelacion="")),
                name="actividad_cancelada_con_motivo",
                violation_error_message=_("Una actividad cancelada dice por qué."),
            ),
        ]
        indexes = [
            models.Index(fields=["municipio", "-inicio"]),
            models.Index(fields=["municipio", "tipo", "estado"]),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()}: {self.tema}"

    def get_absolute_url(self):
        return reverse("capacitaciones:detalle", args=[self.pk])

    def clean(self):
        # Las entidades y organizaciones (M2M) las revisa el servicio: no llegan a clean().
        if (
            self.sector_id
            and self.municipio_id
            and self.cambio("sector_id", "municipio_id")
            and self.sector.municipio_id != self.municipio_id
        ):
            raise ValidationError({"sector": SECTOR_DE_OTRO_MUNICIPIO})

    @property
    def horas(self):
        return round((self.fin - self.inicio).total_seconds() / 3600, 1)


class GrupoEdad(models.TextChoices):
    """Momentos del curso de vida (Ministerio de Salud)."""

    PRIMERA_INFANCIA = "0_5", _("0 a 5 años")
    INFANCIA = "6_11", _("6 a 11 años")
    ADOLESCENCIA = "12_17", _("12 a 17 años")
    JUVENTUD = "18_28", _("18 a 28 años")
    ADULTEZ = "29_59", _("29 a 59 años")
    VEJEZ = "60_mas", _("60 años o más")
    SIN_DATO = "sin_dato", _("Sin dato")

    @classmethod
    def de_edad(cls, edad: int | None) -> "GrupoEdad":
        if edad is None:
            return cls.SIN_DATO
        for grupo, tope in (
            (cls.PRIMERA_INFANCIA, 5),
            (cls.INFANCIA, 11),
            (cls.ADOLESCENCIA, 17),
            (cls.JUVENTUD, 28),
            (cls.ADULTEZ, 59),
        ):
            if edad <= tope:
                return grupo
        return cls.VEJEZ


def codigo_verificacion() -> str:
    """16 caracteres aleatorios (96 bits): no se adivinan."""
    return secrets.token_urlsafe(12)


class AsistenciaQuerySet(AlcanceMunicipalQuerySet):
    ruta_municipio = "actividad__municipio"


class Asistencia(models.Model):
    """Una persona que asistió a una actividad, registrada una a una."""

    actividad = models.ForeignKey(Actividad, on_delete=models.CASCADE, related_name="asistencias")
    persona = models.ForeignKey(Persona, on_delete=models.PROTECT, related_name="asistencias")
    sexo = models.CharField(_("sexo"), max_length=12, choices=Sexo.choices)
    grupo_edad = models.CharField(_("grupo de edad"), max_length=8, choices=GrupoEdad.choices)
    enfoque_etnico = models.BooleanField(_("pertenencia étnica"), default=False)
    enfoque_discapacidad = models.BooleanField(_("persona con discapacidad"), default=False)
    enfoque_victima = models.BooleanField(_("víctima del conflicto armado"), default=False)
    enfoque_migrante = models.BooleanField(_("migrante"), default=False)
    enfoque_lgbtiq = models.BooleanField(_("LGBTIQ+"), default=False)
    organizacion = models.ForeignKey(
        OrganizacionComunitaria,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="asistencias",
        verbose_name=_("organización"),
    )
    comparendo = models.CharField(
        _("orden de comparendo"),
        max_length=30,
        blank=True,
        help_text=_("Si la Policía la remitió a la actividad pedagógica."),
    )
    codigo = models.CharField(
        max_length=24, unique=True, default=codigo_verificacion, editable=False
    )
    # El del formulario que la registró (en línea o sin señal): el mismo envío repetido no la
    # registra dos veces. Vacío en las anteriores a él y en las que crea la demo a escala.
    token_registro = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    registrada_por = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    creado = models.DateTimeField(default=timezone.now, editable=False)

    objects = AsistenciaQuerySet.as_manager()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "export")
        verbose_name = _("asistencia")
        verbose_name_plural = _("asistencias")
        ordering = ["creado", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["actividad", "persona"],
                name="asistencia_unica",
                violation_error_message=_("Esa persona ya está registrada en la actividad."),
            ),
            models.CheckConstraint(
                condition=en_opciones("sexo", Sexo), name="asistencia_sexo_valido"
            ),
            models.CheckConstraint(
                condition=en_opciones("grupo_edad", GrupoEdad), name="asistencia_grupo_edad_valido"
            ),
        ]

    def __str__(self):
        return f"{self.persona} · {self.actividad}"

    def clean(self):
        if (
            self.organizacion_id
            and self.actividad_id
            and self.organizacion.sector.municipio_id != self.actividad.municipio_id
        ):
            raise ValidationError({"organizacion": ORGANIZACION_DE_OTRO_MUNICIPIO})


class ConteoAsistencia(models.Model):
    """Asistentes que no se registraron uno a uno (una multitud), por sexo y grupo de edad."""

    actividad = models.ForeignKey(Actividad, on_delete=models.CASCADE, related_name="conteos")
    sexo = models.CharField(_("sexo"), max_length=12, choices=Sexo.choices)
    grupo_edad = models.CharField(_("grupo de edad"), max_length=8, choices=GrupoEdad.choices)
    cantidad = models.PositiveIntegerField(_("cantidad"))

    class Meta:
        verbose_name = _("conteo de asistentes")
        verbose_name_plural = _("conteos de asistentes")
        constraints = [
            models.UniqueConstraint(
                fields=["actividad", "sexo", "grupo_edad"], name="conteo_unico_por_celda"
            ),
            models.CheckConstraint(condition=en_opciones("sexo", Sexo), name="conteo_sexo_valido"),
            models.CheckConstraint(
                condition=en_opciones("grupo_edad", GrupoEdad), name="conteo_grupo_edad_valido"
            ),
        ]

    def __str__(self):
        return f"{self.get_sexo_display()}, {self.get_grupo_edad_display()}: {self.cantidad}"


class Enfoque(models.TextChoices):
    ETNICO = "etnico", _("Pertenencia étnica")
    DISCAPACIDAD = "discapacidad", _("Discapacidad")
    VICTIMA = "victima", _("Víctima del conflicto armado")
    MIGRANTE = "migrante", _("Migrante")
    LGBTIQ = "lgbtiq", _("LGBTIQ+")


class ConteoEnfoque(models.Model):
    """De los asistentes contados (no los individuales), cuántos con cada enfoque diferencial."""

    actividad = models.ForeignKey(
        Actividad, on_delete=models.CASCADE, related_name="conteos_enfoque"
    )
    enfoque = models.CharField(_("enfoque"), max_length=12, choices=Enfoque.choices)
    cantidad = models.PositiveIntegerField(_("cantidad"))

    class Meta:
        verbose_name = _("conteo por enfoque")
        verbose_name_plural = _("conteos por enfoque")
        constraints = [
            models.UniqueConstraint(fields=["actividad", "enfoque"], name="conteo_enfoque_unico"),
            models.CheckConstraint(
                condition=en_opciones("enfoque", Enfoque), name="conteo_enfoque_valido"
            ),
        ]

    def __str__(self):
        return f"{self.get_enfoque_display()}: {self.cantidad}"


class AsistenciaGestor(models.Model):
    """Un gestor que asistió a una sesión de capacitación: suma las horas de la sesión."""

    actividad = models.ForeignKey(
        Actividad, on_delete=models.CASCADE, related_name="asistencias_gestores"
    )
    gestor = models.ForeignKey(Gestor, on_delete=models.PROTECT, related_name="asistencias")
    registrada_por = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("asistencia de gestor")
        verbose_name_plural = _("asistencias de gestores")
        constraints = [
            models.UniqueConstraint(fields=["actividad", "gestor"], name="asistencia_gestor_unica"),
        ]

    def __str__(self):
        return f"{self.gestor} · {self.actividad}"

    def clean(self):
        # El servicio guarda en bloque (bulk_create) y revisa lo mismo con el mismo mensaje.
        if not self.actividad_id:
            return
        if self.actividad.tipo != TipoActividad.CAPACITACION:
            raise ValidationError({"actividad": SOLO_CAPACITACIONES_SUMAN_HORAS})
        if self.gestor_id:
            perfil = self.gestor.perfil
            if perfil.municipio_id != self.actividad.municipio_id or perfil.rol != Rol.GESTOR:
                raise ValidationError({"gestor": SOLO_GESTORES_DEL_MUNICIPIO})


def ruta_evidencia(instancia, nombre):
    return ruta_de_evidencia(
        "actividades", instancia.actividad.municipio.codigo_dane, instancia.tipo_contenido
    )


class EvidenciaActividad(Evidencia):
    actividad = models.ForeignKey(Actividad, on_delete=models.PROTECT, related_name="evidencias")
    archivo = models.FileField(upload_to=ruta_evidencia, storage=almacen_privado)
    subido_por = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("evidencia de actividad")
        verbose_name_plural = _("evidencias de actividades")
        constraints = restricciones_de_evidencia(
            "evidencia_actividad_tipo_permitido", "evidencia_actividad_tamano"
        )
