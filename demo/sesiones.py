"""Sesiones de un cliente de pruebas o de medición (`django.test.Client`), nunca por la web."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def sesion_con_segundo_factor(cliente, usuario) -> TOTPDevice:
    """Deja verificado el segundo factor en la sesión de `cliente` (ya ingresado como `usuario`),
    con su dispositivo confirmado o uno nuevo llamado «pruebas». Lo usan las pruebas
    (tests/conftest.py) y las mediciones (`bench`, `bench_exportes`)."""
    dispositivo = TOTPDevice.objects.filter(user=usuario, confirmed=True).first()
    dispositivo = dispositivo or TOTPDevice.objects.create(
        user=usuario, name="pruebas", confirmed=True
    )
    sesion = cliente.session
    sesion[DEVICE_ID_SESSION_KEY] = dispositivo.persistent_id
    sesion.save()
    return dispositivo
