"""El calendario privado de cada usuario: la URL secreta de su feed ICS.

El token no se guarda: solo su SHA-256 (`huella`). Quien lea la base no puede suscribirse al
calendario de nadie; por eso la URL se muestra una sola vez, al crearla o regenerarla.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# 32 bytes aleatorios (256 bits) en base64 para URL: 43 caracteres.
BYTES_DEL_TOKEN = 32


def token_nuevo() -> str:
    """Un token aleatorio de 256 bits para la URL del calendario."""
    return secrets.token_urlsafe(BYTES_DEL_TOKEN)


def huella_de(token: str) -> str:
    """El SHA-256 del token en hexadecimal: lo único que se guarda."""
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarioQuerySet(models.QuerySet):
    def vigentes(self):
        return self.filter(revocado_en__isnull=True, usuario__is_active=True)


class CalendarioPrivado(models.Model):
    """La suscripción de un usuario a su agenda desde Google Calendar, Outlook o el teléfono.

    Una fila por usuario: regenerar cambia la huella (la URL anterior deja de servir) y revocar
    la marca; el feed solo responde a una huella vigente de un usuario activo."""

    usuario = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendario_privado",
        verbose_name=_("usuario"),
    )
    huella = models.CharField(_("huella del token"), max_length=64, unique=True, editable=False)
    creado = models.DateTimeField(_("creado el"), default=timezone.now, editable=False)
    revocado_en = models.DateTimeField(_("revocado el"), null=True, blank=True, editable=False)

    objects = CalendarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendario privado")
        verbose_name_plural = _("calendarios privados")
        constraints = [
            models.CheckConstraint(
                condition=Q(huella__regex=r"^[0-9a-f]{64}$"), name="calendario_huella_sha256"
            ),
        ]

    def __str__(self):
        return _("Calendario de %(usuario)s") % {"usuario": self.usuario_id}

    @property
    def vigente(self) -> bool:
        return self.revocado_en is None
