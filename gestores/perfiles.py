"""El perfil del usuario de la solicitud, con su municipio, en una sola consulta.

Casi todas las páginas leen `user.perfil` (alcance, segundo factor) y la barra de navegación lee
`user.perfil.municipio` (el enlace al directorio): sin esto son dos consultas por página. Se
carga aquí con `select_related` y se deja en la caché de la relación, la misma que llenaría el
primer `user.perfil`: quien no tiene perfil sigue recibiendo `Perfil.DoesNotExist`.

El usuario de la sesión ya llega con su perfil (`gestores.backends.PermisosEnUnaConsulta.get_user`,
en la misma consulta que el usuario); esto cubre al que llega por otro camino.
"""

from django.contrib.auth import get_user_model

from gestores.models import Perfil


class PerfilMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        relacion = get_user_model().perfil.related
        # El backend de la sesión ya lo trae (`gestores.backends`); esto queda para otros caminos.
        if user is not None and user.is_authenticated and not relacion.is_cached(user):
            perfil = Perfil.objects.select_related("municipio").filter(usuario_id=user.pk).first()
            relacion.set_cached_value(user, perfil)
            if perfil is not None:
                Perfil.usuario.field.set_cached_value(perfil, user)
        return self.get_response(request)
