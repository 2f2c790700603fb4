"""Piezas de seguridad del ingreso: la IP del cliente y la validación de contraseñas locales."""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Palabras que un atacante prueba primero contra este sistema: el programa, sus municipios y
# sus roles. Una contraseña hecha solo de ellas (con números o signos) se rechaza; una frase larga
# que además las lleva, no.
PALABRAS_LOCALES = (
    "convivencia",
    "ciudadana",
    "barranquilla",
    "area metropolitana",
    "metropolitana",
    "atlantico",
    "gobernacion",
    "soledad",
    "malambo",
    "galapa",
    "puerto colombia",
    "puertocolombia",
    "colombia",
    "gestor",
    "gestora",
    "coordinador",
    "coordinadora",
    "secretaria",
    "inspeccion",
    "comisaria",
    "policia",
    "mebar",
    "amb",
    "jac",
    "demo",
    "clave",
    "contrasena",
    "password",
)


def ip_del_cliente(request) -> str:
    """La IP de quien pide. Detrás del proxy TLS (`BEHIND_TLS_PROXY=1`), la última dirección de
    X-Forwarded-For, que es la que agrega nuestro proxy (las anteriores las escribe el cliente y
    se pueden falsificar); si no, REMOTE_ADDR."""
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        reenviadas = request.META.get("HTTP_X_FORWARDED_FOR", "")
        ultima = reenviadas.split(",")[-1].strip()
        if ultima:
            return ultima
    return request.META.get("REMOTE_ADDR", "")


def _letras(texto: str) -> str:
    sin_tildes = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z ]+", " ", sin_tildes)


class PalabrasLocalesValidator:
    """Rechaza contraseñas que, quitando las palabras del programa y sus municipios, los números
    y los signos, dejan menos de `minimo` letras propias («Malambo2026!», «convivencia.amb»)."""

    def __init__(self, minimo: int = 6):
        self.minimo = minimo

    def validate(self, password, user=None):
        resto = " " + _letras(password) + " "
        for palabra in sorted(PALABRAS_LOCALES, key=len, reverse=True):
            if len(palabra) <= 4:  # «amb», «jac»: solo como palabra suelta, no dentro de «cambio»
                resto = re.sub(rf"\b{palabra}\b", " ", resto)
            else:
                resto = resto.replace(palabra, " ")
        if len(resto.replace(" ", "")) < self.minimo:
            raise ValidationError(
                _(
                    "La contraseña se parece demasiado al nombre del programa, de un municipio o "
                    "de un rol. Use una frase propia, por ejemplo varias palabras que usted "
                    "recuerde."
                ),
                code="password_palabras_locales",
            )

    def get_help_text(self):
        return _(
            "No puede ser solo el nombre del programa, de un municipio o de un rol con números."
        )
