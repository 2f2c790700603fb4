"""Cómo se muestran los datos personales de las partes según quién mira (Ley 1581 de 2012)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from casos import alcance
from casos.models import Parte


def enmascarar(texto: str) -> str:
    """«Luz Marina Pérez» → «L*** M*** P***»."""
    return " ".join(f"{palabra[0]}***" for palabra in texto.split() if palabra)


def enmascarar_documento(tipo: str, numero: str) -> str:
    if not numero:
        return tipo
    return f"{tipo} ****{numero[-3:]}" if len(numero) > 3 else f"{tipo} ****"


@dataclass
class ParteVista:
    parte: Parte
    nombre: str
    documento: str
    telefono: str = ""
    correo: str = ""
    direccion: str = ""
    edad: int | None = None
    es_menor: bool = False
    enmascarada: bool = False
    enfoques: list[str] = field(default_factory=list)
    otros_casos: list = field(default_factory=list)


ENFOQUES = [
    ("enfoque_etnico", "Étnico"),
    ("enfoque_discapacidad", "Discapacidad"),
    ("enfoque_victima", "Víctima del conflicto"),
    ("enfoque_migrante", "Migrante"),
    ("enfoque_lgbtiq", "LGBTIQ+"),
]


def parte_para(user, caso, parte: Parte, otros_casos=()) -> ParteVista:
    persona = parte.persona
    completos = alcance.ve_datos_personales(user, caso)
    if persona.es_menor and not alcance.ve_datos_de_menores(user, caso):
        completos = False
    if not completos:
        return ParteVista(
            parte=parte,
            nombre=enmascarar(persona.nombre_completo),
            documento=enmascarar_documento(persona.tipo_documento, persona.numero_documento),
            es_menor=persona.es_menor,
            enmascarada=True,
            otros_casos=list(otros_casos),
        )
    edad = persona.edad_actual
    enfoques = [_(etiqueta) for campo, etiqueta in ENFOQUES if getattr(persona, campo)]
    if edad is not None and edad >= 60:
        enfoques.append(_("Persona mayor"))
    if persona.es_menor:
        enfoques.append(_("NNA"))
    return ParteVista(
        parte=parte,
        nombre=persona.nombre_completo,
        documento=persona.documento,
        telefono=persona.telefono,
        correo=persona.correo,
        direccion=persona.direccion,
        edad=edad,
        es_menor=persona.es_menor,
        enfoques=enfoques,
        otros_casos=list(otros_casos),
    )
