from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipios.alcance import AlcanceMunicipalQuerySet
from municipios.models import Municipio, Sector


class Rol(models.TextChoices):
    """Los roles de DESIGN §1. Cada uno es también un grupo de Django con sus permisos."""

    GESTOR = "gestor", _("Gestor de convivencia")
    COORDINADOR = "coordinador", _("Coordinador municipal")
    SECRETARIA = "secretaria", _("Secretaría de Gobierno")
    ENLACE = "enlace", _("Enlace institucional")
    AMB = "amb", _("Equipo AMB")

    @property
    def nombre_grupo(self) -> str:
        """Nombre del grupo de Django del rol (creado en la migración 0002; no se traduce)."""
        return GRUPOS[self]

    @property
    def alcance_total(self) -> bool:
        """El equipo AMB ve todos los municipios; los demás, solo el suyo."""
        return self is Rol.AMB


def rol_de(user) -> Rol | None:
    """El rol del perfil de `user`; None sin perfil (anónimo, superusuario sin perfil)."""
    perfil = getattr(user, "perfil", None)
    return Rol(perfil.rol) if perfil else None


GRUPOS = {
    Rol.GESTOR: "Gestor de convivencia",
    Rol.COORDINADOR: "Coordinador municipal",
    Rol.SECRETARIA: "Secretaría de Gobierno",
    Rol.ENLACE: "Enlace institucional",
    Rol.AMB: "Equipo AMB",
}


ENTIDAD_DE_OTRO_MUNICIPIO = _("La entidad del enlace debe ser de su municipio.")
SOLO_ROL_GESTOR = _("Solo un usuario con rol de gestor puede registrarse como gestor.")
SECTORES_DE_OTRO_MUNICIPIO = _("Estos sectores no son del municipio del gestor: %(sectores)s.")


class PerfilQuerySet(AlcanceMunicipalQuerySet):
    def gestores(self):
        return self.filter(rol=Rol.GESTOR)


class Perfil(models.Model):
    """Quién es un usuario en el programa: su rol y su municipio (ninguno para el equipo AMB)."""

    usuario = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="perfil",
        verbose_name=_("usuario"),
    )
    rol = models.CharField(_("rol"), max_length=12, choices=Rol.choices)
    municipio = models.ForeignKey(
        Municipio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="perfiles",
        verbose_name=_("municipio"),
        help_text=_("Vacío solo para el equipo AMB, que ve todos los municipios."),
    )
    telefono = models.CharField(_("teléfono"), max_length=40, blank=True)
    entidad = models.ForeignKey(
        "municipios.Entidad",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enlaces",
        verbose_name=_("entidad"),
        help_text=_(
            "Solo para enlaces institucionales: la entidad a la que llegan sus remisiones."
        ),
    )

    objects = PerfilQuerySet.as_manager()

    class Meta:
        verbose_name = _("perfil")
        verbose_name_plural = _("perfiles")
        constraints = [
            models.CheckConstraint(condition=Q(rol__in=Rol.values), name="perfil_rol_valido"),
            models.CheckConstraint(
                condition=(Q(rol=Rol.AMB) & Q(municipio__isnull=True))
                | (~Q(rol=Rol.AMB) & Q(municipio__isnull=False)),
                name="perfil_municipio_segun_rol",
                violation_error_message=_(
                    "El equipo AMB no tiene municipio; todos los demás roles tienen uno."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(rol=Rol.ENLACE) & Q(entidad__isnull=False))
                | (~Q(rol=Rol.ENLACE) & Q(entidad__isnull=True)),
                name="perfil_entidad_solo_enlace",
                violation_error_message=_(
                    "Un enlace institucional pertenece a una entidad; los demás roles, a ninguna."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.usuario.get_full_name() or self.usuario.username} · {self.get_rol_display()}"

    def clean(self):
        # Un enlace ve las remisiones a su entidad: la de otro municipio le abriría otros casos.
        if self.entidad_id is not None and (
            self.municipio_id is None or self.entidad.municipio_id != self.municipio_id
        ):
            raise ValidationError({"entidad": ENTIDAD_DE_OTRO_MUNICIPIO})

    @property
    def alcance_total(self) -> bool:
        return Rol(self.rol).alcance_total


class EstadoGestor(models.TextChoices):
    EN_FORMACION = "en_formacion", _("En formación")
    ACTIVO = "activo", _("Activo")
    INACTIVO = "inactivo", _("Inactivo")


class GestorQuerySet(AlcanceMunicipalQuerySet):
    ruta_municipio = "perfil__municipio"


class Gestor(models.Model):
    """Los datos propios de un gestor de convivencia (su perfil tiene rol «gestor»)."""

    perfil = models.OneToOneField(
        Perfil, on_delete=models.CASCADE, related_name="gestor", verbose_name=_("perfil")
    )
    documento = models.CharField(
        _("número de cédula"), max_length=20, unique=True, help_text=_("Solo dígitos.")
    )
    sectores = models.ManyToManyField(
        Sector, blank=True, related_name="gestores", verbose_name=_("sectores que atiende")
    )
    estado = models.CharField(
        _("estado"), max_length=12, choices=EstadoGestor.choices, default=EstadoGestor.EN_FORMACION
    )
    fecha_ingreso = models.DateField(_("fecha de ingreso"))
    certificado_en = models.DateField(
        _("certificado desde"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Lo calcula el sistema cuando el gestor completa todos los módulos obligatorios."
        ),
    )

    objects = GestorQuerySet.as_manager()

    class Meta:
        verbose_name = _("gestor de convivencia")
        verbose_name_plural = _("gestores de convivencia")
        ordering = ["perfil__usuario__first_name", "perfil__usuario__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estado__in=EstadoGestor.values), name="gestor_estado_valido"
            ),
            models.CheckConstraint(
                condition=Q(documento__regex=r"^[0-9]{5,15}$"), name="gestor_documento_digitos"
            ),
        ]

    def __str__(self):
        return str(self.perfil.usuario.get_full_name() or self.perfil.usuario.username)

    def clean(self):
        if self.perfil_id is not None and self.perfil.rol != Rol.GESTOR:
            raise ValidationError({"perfil": SOLO_ROL_GESTOR})

    @property
    def certificado(self) -> bool:
        return self.certificado_en is not None


def validar_sectores(sectores, municipio_id) -> None:
    """Un gestor atiende sectores de su municipio (es M2M: no cabe en `Gestor.clean()`; lo usan
    el servicio y el formulario del admin)."""
    ajenos = [s.nombre for s in sectores if s.municipio_id != municipio_id]
    if ajenos:
        raise ValidationError(
            {"sectores": SECTORES_DE_OTRO_MUNICIPIO % {"sectores": ", ".join(ajenos)}}
        )
