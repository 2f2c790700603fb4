"""Escrituras de la agenda: crear, regenerar y revocar el calendario privado de un usuario."""

from django.db import transaction
from django.utils import timezone

from agenda.models import CalendarioPrivado, huella_de, token_nuevo
from comun.modelos import actualizar, guardar


@transaction.atomic
def calendario_generar(*, usuario) -> str:
    """Crea el calendario privado de `usuario` o le da un token nuevo (la URL anterior deja de
    servir en ese instante) y lo deja vigente. Devuelve el token: es la única vez que existe en
    claro, porque la base guarda solo su huella."""
    token = token_nuevo()
    calendario = CalendarioPrivado.objects.select_for_update().filter(usuario=usuario).first()
    if calendario is None:
        guardar(CalendarioPrivado(usuario=usuario, huella=huella_de(token)))
    else:
        actualizar(calendario, huella=huella_de(token), creado=timezone.now(), revocado_en=None)
    return token


@transaction.atomic
def calendario_revocar(*, usuario) -> bool:
    """Revoca el calendario privado de `usuario`: su URL deja de responder. Devuelve si había
    uno vigente que revocar."""
    calendario = (
        CalendarioPrivado.objects.select_for_update()
        .filter(usuario=usuario, revocado_en__isnull=True)
        .first()
    )
    if calendario is None:
        return False
    actualizar(calendario, revocado_en=timezone.now())
    return True
