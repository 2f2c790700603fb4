from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipios.alcance import AlcanceMunicipalQuerySet


class MunicipioQuerySet(AlcanceMunicipalQuerySet):
    ruta_municipio = "pk"

    def activos(self):
        return self.filter(activo=True)


class Municipio(models.Model):
    nombre = models.CharField(_("nombre"), max_length=100)
    codigo_dane = models.CharField(
        _("código DANE"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("El código DANE tiene cinco dígitos."))],
        help_text=_("Código de la División Político-Administrativa (DIVIPOLA), p. ej. 08296."),
    )
    sigla = models.CharField(
        _("sigla"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("La sigla son tres letras mayúsculas."))],
        help_text=_("Prefijo del radicado de los casos, p. ej. GAL."),
    )
    departamento = models.CharField(_("departamento"), max_length=60, default="Atlántico")
    activo = models.BooleanField(
        _("activo en el programa"),
        default=False,
        help_text=_("Municipio donde hoy opera la estrategia de convivencia."),
    )
    poblacion = models.PositiveIntegerField(
        _("población"),
        null=True,
        blank=True,
        help_text=_(
            "Habitantes según la proyección vigente del DANE; da las tasas por 10.000 habitantes "
            "de la comparación metropolitana."
        ),
    )

    objects = MunicipioQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "export")
        verbose_name = _("municipio")
        verbose_name_plural = _("municipios")
        ordering = ["nombre"]
        constraints = [
            models.CheckConstraint(
                condition=Exact(Length("codigo_dane"), 5),
                name="municipio_codigo_dane_cinco_digitos",
            ),
            models.CheckConstraint(
                condition=Exact(Length("sigla"), 3), name="municipio_sigla_tres_letras"
            ),
            models.CheckConstraint(
                condition=Q(poblacion__isnull=True) | Q(poblacion__gt=0),
                name="municipio_poblacion_positiva",
            ),
        ]

    def __str__(self):
        return self.nombre

    def get_absolute_url(self):
        """Su directorio: a quién remitir en el municipio."""
        return reverse("municipios:directorio", args=[self.codigo_dane])


class TipoSector(models.TextChoices):
    BARRIO = "barrio", _("Barrio")
    URBANIZACION = "urbanizacion", _("Urbanización")
    VEREDA = "vereda", _("Vereda")
    CORREGIMIENTO = "corregimiento", _("Corregimiento")


class Zona(models.TextChoices):
    URBANA = "urbana", _("Urbana")
    RURAL = "rural", _("Rural")


class Sector(models.Model):
    municipio = models.ForeignKey(
        Municipio, on_delete=models.PROTECT, related_name="sectores", verbose_name=_("municipio")
    )
    nombre = models.CharField(_("nombre"), max_length=120)
    tipo = models.CharField(
        _("tipo"), max_length=15, choices=TipoSector.choices, default=TipoSector.BARRIO
    )
    zona = models.CharField(_("zona"), max_length=6, choices=Zona.choices, default=Zona.URBANA)

    objects = AlcanceMunicipalQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "import", "export")
        verbose_name = _("sector")
        verbose_name_plural = _("sectores")
        ordering = ["municipio__nombre", "nombre"]
        constraints = [
            models.UniqueConstraint(
                "municipio",
                Lower("nombre"),
                name="sector_nombre_unico_por_municipio",
                violation_error_message=_("Ese municipio ya tiene un sector con ese nombre."),
            ),
            models.CheckConstraint(
                condition=Q(tipo__in=TipoSector.values), name="sector_tipo_valido"
            ),
            models.CheckConstraint(condition=Q(zona__in=Zona.values), name="sector_zona_valida"),
        ]

    def __str__(self):
        return self.nombre


class TipoEntidad(models.TextChoices):
    SECRETARIA_GOBIERNO = "secretaria_gobierno", _("Secretaría de Gobierno")
    INSPECCION_URBANA = "inspeccion_urbana", _("Inspección de Policía urbana")
    INSPECCION_RURAL = "inspeccion_rural", _("Inspección de Policía rural")
    ESTACION_MEBAR = "estacion_mebar", _("Estación de Policía MEBAR")
    CAI = "cai", _("CAI")
    COMISARIA_FAMILIA = "comisaria_familia", _("Comisaría de Familia")
    PERSONERIA = "personeria", _("Personería")
    ICBF = "icbf", _("ICBF")
    CENTRO_CONCILIACION = "centro_conciliacion", _("Centro de Conciliación")
    CASA_JUSTICIA = "casa_justicia", _("Casa de Justicia")


def orden_de(choices: type[models.TextChoices], campo: str) -> models.Case:
    """Expresión para ordenar por el orden en que se declaran las opciones, no alfabético."""
    return models.Case(
        *(models.When(**{campo: valor}, then=i) for i, valor in enumerate(choices.values)),
        default=len(choices.values),
        output_field=models.IntegerField(),
    )


class Entidad(models.Model):
    municipio = models.ForeignKey(
        Municipio, on_delete=models.PROTECT, related_name="entidades", verbose_name=_("municipio")
    )
    tipo = models.CharField(_("tipo"), max_length=25, choices=TipoEntidad.choices)
    nombre = models.CharField(_("nombre"), max_length=150)
    direccion = models.CharField(_("dirección"), max_length=200, blank=True)
    telefono = models.CharField(_("teléfono"), max_length=40, blank=True)
    correo = models.EmailField(_("correo electrónico"), blank=True)
    horario = models.CharField(_("horario de atención"), max_length=200, blank=True)
    activa = models.BooleanField(_("activa"), default=True)

    objects = AlcanceMunicipalQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "import", "export")
        verbose_name = _("entidad")
        verbose_name_plural = _("entidades")
        ordering = ["municipio__nombre", "tipo", "nombre"]
        constraints = [
            models.UniqueConstraint(
                "municipio",
                Lower("nombre"),
                name="entidad_nombre_unico_por_municipio",
                violation_error_message=_("Ese municipio ya tiene una entidad con ese nombre."),
            ),
            models.CheckConstraint(
                condition=Q(tipo__in=TipoEntidad.values), name="entidad_tipo_valido"
            ),
        ]

    def __str__(self):
        return self.nombre


class ContactoQuerySet(AlcanceMunicipalQuerySet):
    ruta_municipio = "entidad__municipio"

    def vigentes(self, fecha=None):
        """Contactos vigentes en `fecha` (hoy, en hora de Bogotá, si no se dice)."""
        fecha = fecha or timezone.localdate()
        return self.filter(
            Q(vigente_hasta__isnull=True) | Q(vigente_hasta__gte=fecha),
            vigente_desde__lte=fecha,
        )


class Contacto(models.Model):
    """Una persona en una entidad durante un periodo: los comandantes y los inspectores rotan."""

    entidad = models.ForeignKey(
        Entidad, on_delete=models.PROTECT, related_name="contactos", verbose_name=_("entidad")
    )
    nombre = models.CharField(_("nombre"), max_length=150)
    cargo = models.CharField(_("cargo"), max_length=120)
    telefono = models.CharField(_("teléfono"), max_length=40, blank=True)
    correo = models.EmailField(_("correo electrónico"), blank=True)
    vigente_desde = models.DateField(_("vigente desde"))
    vigente_hasta = models.DateField(
        _("vigente hasta"), null=True, blank=True, help_text=_("Vacío mientras siga en el cargo.")
    )

    objects = ContactoQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "import", "export")
        verbose_name = _("contacto")
        verbose_name_plural = _("contactos")
        ordering = ["entidad", "-vigente_desde"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vigente_hasta__isnull=True)
                | Q(vigente_hasta__gte=models.F("vigente_desde")),
                name="contacto_vigencia_ordenada",
                violation_error_message=_(
                    "La fecha «vigente hasta» no puede ser anterior a «vigente desde»."
                ),
            ),
        ]
        indexes = [models.Index(fields=["entidad", "vigente_desde", "vigente_hasta"])]

    def __str__(self):
        return f"{self.nombre} ({self.cargo})"

    @property
    def vigente(self) -> bool:
        hoy = timezone.localdate()
        return self.vigente_desde <= hoy and (
            self.vigente_hasta is None or self.vigente_hasta >= hoy
        )


class OrganizacionQuerySet(AlcanceMunicipalQuerySet):
    ruta_municipio = "sector__municipio"


class TipoOrganizacion(models.TextChoices):
    JAC = "jac", _("Junta de Acción Comunal")
    JUNTA_VIVIENDA = "junta_vivienda", _("Junta de vivienda comunitaria")
    COMITE_CONVIVENCIA = "comite_convivencia", _("Comité o frente de convivencia")
    ORGANIZACION_MUJERES = "mujeres", _("Organización de mujeres")
    ORGANIZACION_JUVENIL = "juvenil", _("Organización juvenil")
    ORGANIZACION_ETNICA = "etnica", _("Organización étnica")
    ADULTO_MAYOR = "adulto_mayor", _("Grupo de adulto mayor")
    RELIGIOSA = "religiosa", _("Organización religiosa")
    OTRA = "otra", _("Otra")


class OrganizacionComunitaria(models.Model):
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        related_name="organizaciones",
        verbose_name=_("sector"),
    )
    tipo = models.CharField(
        _("tipo"), max_length=20, choices=TipoOrganizacion.choices, default=TipoOrganizacion.JAC
    )
    nombre = models.CharField(_("nombre"), max_length=150)
    contacto_nombre = models.CharField(_("persona de contacto"), max_length=150, blank=True)
    contacto_cargo = models.CharField(
        _("cargo de la persona de contacto"), max_length=80, blank=True
    )
    contacto_telefono = models.CharField(_("teléfono de contacto"), max_length=40, blank=True)
    activa = models.BooleanField(_("activa"), default=True)

    objects = OrganizacionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "import", "export")
        verbose_name = _("organización comunitaria")
        verbose_name_plural = _("organizaciones comunitarias")
        ordering = ["sector__nombre", "nombre"]
        constraints = [
            models.UniqueConstraint(
                "sector",
                Lower("nombre"),
                name="organizacion_nombre_unico_por_sector",
                violation_error_message=_("Ese sector ya tiene una organización con ese nombre."),
            ),
            models.CheckConstraint(
                condition=Q(tipo__in=TipoOrganizacion.values), name="organizacion_tipo_valido"
            ),
        ]

    def __str__(self):
        return self.nombre
