"""Lecturas de quién usa el sistema: el segundo factor de cada usuario."""

from django_otp.plugins.otp_totp.models import TOTPDevice


def dispositivo_confirmado(usuario) -> TOTPDevice | None:
    """La aplicación de autenticación (TOTP) ya confirmada de `usuario`, o None."""
    return TOTPDevice.objects.filter(user=usuario, confirmed=True).first()
