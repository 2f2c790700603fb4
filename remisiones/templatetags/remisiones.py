"""Lo que la página de un caso (app `casos`, debajo) pinta de sus remisiones sin importar esta
app: las opciones del recibido en línea."""

from django import template

from remisiones.forms import RecepcionForm

register = template.Library()


@register.simple_tag
def medios_de_recepcion():
    """Cómo supo el gestor que la entidad recibió la remisión (sin «en el sistema»)."""
    return RecepcionForm.base_fields["medio"].choices
