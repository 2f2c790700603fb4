"""`{% mediacion_del_caso %}`: la sección de sesiones y documentos en la página del caso. Así
`casos` la muestra sin importar esta app (ARCHITECTURE.md, «Las capas»)."""

from django import template

from mediacion import selectors

register = template.Library()


@register.inclusion_tag("mediacion/_del_caso.html", takes_context=True)
def mediacion_del_caso(context):
    return selectors.mediacion_del_caso(
        context["request"].user, context["caso"], ve_evidencias=context.get("ve_evidencias", False)
    ) | {"csrf_token": context.get("csrf_token")}
