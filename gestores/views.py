"""Pantallas del segundo factor: configurar la aplicación de autenticación y dar el código."""

from base64 import b32encode

from django import forms
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import user_has_device

from auditoria.eventos import evento_registrar
from auditoria.models import TipoEvento
from gestores import selectors, services
from gestores.segundo_factor import dispositivo_pendiente, qr_svg, siguiente


class CodigoForm(forms.Form):
    codigo = forms.RegexField(
        label=gettext_lazy("Código de 6 dígitos"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={
            "invalid": gettext_lazy("Escriba los 6 dígitos que muestra la aplicación.")
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_codigo(self):
        return self.cleaned_data["codigo"].strip()


def _permitido(form, dispositivo) -> bool:
    """Tras un código errado hay que esperar (1 s, 2 s, 4 s…): django-otp lo cuenta por equipo."""
    permitido, datos = dispositivo.verify_is_allowed()
    if not permitido:
        hasta = (datos or {}).get("locked_until")
        espera = max(1, int((hasta - timezone.now()).total_seconds()) + 1) if hasta else 1
        form.add_error(
            "codigo",
            _("Demasiados códigos errados seguidos: espere %(s)d segundos e intente de nuevo.")
            % {"s": espera},
        )
    return permitido


def configurar(request):
    """Primera vez: el código QR (y la clave para escribirla a mano) y el primer código."""
    if user_has_device(request.user, confirmed=True):
        if request.user.is_verified():
            return redirect(siguiente(request))
        return redirect("segundo_factor_verificar")
    dispositivo = dispositivo_pendiente(request.user)
    form = CodigoForm(request.POST or None)
    if form.is_valid() and _permitido(form, dispositivo):
        if services.segundo_factor_confirmar(
            dispositivo=dispositivo, codigo=form.cleaned_data["codigo"]
        ):
            otp_login(request, dispositivo)
            evento_registrar(tipo=TipoEvento.SEGUNDO_FACTOR, request=request, detalle="configurado")
            messages.success(request, _("Listo: su aplicación de autenticación quedó configurada."))
            return redirect(siguiente(request))
        form.add_error(
            "codigo",
            _("El código no coincide. Revise la hora del teléfono e intente con el siguiente."),
        )
    return render(
        request,
        "registration/segundo_factor_configurar.html",
        {
            "form": form,
            "clave": b32encode(dispositivo.bin_key).decode().rstrip("="),
            "next": request.GET.get(REDIRECT_FIELD_NAME, ""),
        },
    )


def qr(request):
    """El código QR de la configuración pendiente, como imagen SVG (nunca el de una confirmada)."""
    if user_has_device(request.user, confirmed=True):
        raise Http404
    respuesta = HttpResponse(qr_svg(dispositivo_pendiente(request.user)), "image/svg+xml")
    respuesta["Cache-Control"] = "no-store"
    return respuesta


def verificar(request):
    """En cada ingreso, para quien lo tiene configurado: el código del momento."""
    if not user_has_device(request.user, confirmed=True):
        return redirect("segundo_factor_configurar")
    if request.user.is_verified():
        return redirect(siguiente(request))
    form = CodigoForm(request.POST or None)
    dispositivo = selectors.dispositivo_confirmado(request.user)
    if form.is_valid() and _permitido(form, dispositivo):
        if dispositivo.verify_token(form.cleaned_data["codigo"]):
            otp_login(request, dispositivo)
            evento_registrar(tipo=TipoEvento.SEGUNDO_FACTOR, request=request, detalle="verificado")
            return redirect(siguiente(request))
        evento_registrar(tipo=TipoEvento.SEGUNDO_FACTOR, request=request, detalle="código errado")
        form.add_error(
            "codigo", _("El código no coincide. Intente con el que muestra ahora la aplicación.")
        )
    return render(
        request,
        "registration/segundo_factor_verificar.html",
        {"form": form, "next": request.GET.get(REDIRECT_FIELD_NAME, "")},
    )
