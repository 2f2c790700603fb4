"""La regla de alcance de DESIGN §4, en un solo lugar.

Un usuario ve lo de su municipio (gestor, coordinador, secretaría, enlace) o lo de todos (equipo
AMB, superusuario). Cada modelo con datos de un municipio expone `objects.visible_para(user)`
heredando de `AlcanceMunicipalQuerySet` y diciendo por qué camino llega a su municipio.

El perfil del usuario vive en la app `gestores` (que depende de esta); aquí solo se lee
`user.perfil.alcance_total` y `user.perfil.municipio_id`, sin importar la app.
"""

from django.conf import settings
from django.db import models


def municipio_de_alcance(user) -> tuple[bool, int | None]:
    """(ve todos los municipios, id del municipio propio) para `user`; (False, None) es nada."""
    if not user.is_authenticated or not user.is_active:
        return False, None
    if user.is_superuser:
        return True, None
    perfil = getattr(user, "perfil", None)
    if perfil is None:
        return False, None
    if perfil.alcance_total:
        return True, None
    return False, perfil.municipio_id


class AlcanceMunicipalQuerySet(models.QuerySet):
    """QuerySet de un modelo que pertenece a un municipio por `ruta_municipio`."""

    ruta_municipio = "municipio"

    def visible_para(self, user):
        todos, municipio_id = municipio_de_alcance(user)
        if todos:
            return self
        if municipio_id is None:
            return self.none()
        return self.filter(**{self.ruta_municipio: municipio_id})

    def para_lista(self):
        """Consulta que alimenta una lista: carga perezosa en bloque (o error en pruebas)."""
        return self.fetch_mode(settings.FETCH_MODE_LISTAS)


class AdminConAlcance:
    """ModelAdmin cuyo modelo tiene `visible_para`: el admin también pasa por la regla de alcance.

    Hoy solo entra al admin el equipo AMB (y los superusuarios), que ve todo; si alguna vez entra
    otro rol, ve lo de su municipio y nada más, sin tocar cada ModelAdmin.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).visible_para(request.user)
