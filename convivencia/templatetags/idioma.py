from django import template
from django.utils.translation import to_locale

register = template.Library()


@register.filter
def bcp47(codigo: str) -> str:
    """«es-co» (como lo guarda Django) en la forma canónica de BCP 47 para `lang`: «es-CO»."""
    return to_locale(codigo).replace("_", "-")
