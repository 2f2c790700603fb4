"""Segundo factor (TOTP, django-otp), ASVS V6.

Obligatorio para quien ve varios municipios o puede sacar datos personales del sistema:
superusuarios, equipo AMB, quien tenga `auditoria.exportar_datos_personales` y todo el personal
que entra al admin (`is_staff`: el admin es el `OTPAdminSite` de django-otp). Opcional para los
demás; quien lo configura, lo usa en cada ingreso. Hasta verificar el código de su aplicación,
esa persona solo llega a las pantallas de configurar o verificar (y a salir).
"""

import io

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from municipios.alcance import municipio_de_alcance

PERMISO_DATOS_PERSONALES = "auditoria.exportar_datos_personales"


def requiere_segundo_factor(user) -> bool:
    if not user.is_authenticated:
        return False
    todos, _ = municipio_de_alcance(user)
    return user.is_superuser or user.is_staff or todos or user.has_perm(PERMISO_DATOS_PERSONALES)


def debe_verificar(user) -> bool:
    """Tiene que dar su código antes de seguir (obligatorio, o lo configuró)."""
    return (
        user.is_authenticated
        and not user.is_verified()
        and (requiere_segundo_factor(user) or user_has_device(user, confirmed=True))
    )


def dispositivo_pendiente(user) -> TOTPDevice:
    """El TOTP sin confirmar de `user` (lo crea si no hay): se confirma con el primer código."""
    dispositivo = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return dispositivo or TOTPDevice.objects.create(
        user=user, name="Aplicación de autenticación", confirmed=False
    )


def qr_svg(dispositivo: TOTPDevice) -> str:
    salida = io.BytesIO()
    write_qrcode_image(dispositivo.config_url, salida)
    svg = salida.getvalue().decode()
    return svg[svg.index("<svg") :]  # sin la declaración XML, para ponerlo dentro de la página


def siguiente(request) -> str:
    destino = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    # Solo una ruta del sitio: «979163» pasaría la revisión de host y `redirect()` la tomaría por
    # el nombre de una vista (error 500).
    if destino.startswith("/") and url_has_allowed_host_and_scheme(
        destino, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return destino
    return reverse(settings.LOGIN_REDIRECT_URL)


class SegundoFactorMiddleware:
    """Después de OTPMiddleware: quien debe verificar solo llega a configurar, verificar o salir."""

    LIBRES = (
        "segundo_factor_configurar",
        "segundo_factor_qr",
        "segundo_factor_verificar",
        "logout",
        "salud",
    )

    def __init__(self, get_response):
        self.get_response = get_response
        self._libres = None

    def __call__(self, request):
        usuario = getattr(request, "user", None)
        if usuario is not None and debe_verificar(usuario):
            if self._libres is None:
                self._libres = {reverse(nombre) for nombre in self.LIBRES}
            if request.path not in self._libres and not request.path.startswith(
                settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
            ):
                vista = (
                    "segundo_factor_verificar"
                    if user_has_device(usuario, confirmed=True)
                    else "segundo_factor_configurar"
                )
                consulta = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
                return redirect(f"{reverse(vista)}?{consulta}")
        return self.get_response(request)
