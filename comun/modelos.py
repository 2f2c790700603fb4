"""Guardar con las reglas del modelo: `full_clean()` antes de cada escritura y la historia con su
autor. Los servicios escriben por aquí (ARCHITECTURE.md, «Una regla nueva»)."""

from django.db.models import Q


def en_opciones(campo: str, opciones) -> Q:
    """La condición de una `CheckConstraint`: el valor de `campo` es una de las `opciones` (un
    `TextChoices`). Así la base rechaza lo que el formulario no ofrece."""
    return Q(**{f"{campo}__in": opciones.values})


def guardar(instancia, autor=None):
    """Valida la instancia entera (campos, `clean()`, restricciones) y la guarda; la historia
    (django-simple-history) la firma `autor`."""
    instancia.full_clean()
    if autor is not None:
        instancia._history_user = autor
    instancia.save()
    return instancia


def actualizar(instancia, *, autor=None, **cambios) -> list[str]:
    """Cambia los campos dados, valida la instancia entera y guarda solo lo que cambió (más los
    campos `auto_now`). Devuelve los nombres cambiados; si nada cambió, no escribe ni deja
    historia. Un nombre que no es campo del modelo es un error (`FieldDoesNotExist`)."""
    cambiados = []
    for nombre, valor in cambios.items():
        instancia._meta.get_field(nombre)
        if getattr(instancia, nombre) != valor:
            setattr(instancia, nombre, valor)
            cambiados.append(nombre)
    if not cambiados:
        return []
    instancia.full_clean()
    if autor is not None:
        instancia._history_user = autor
    al_dia = [c.name for c in instancia._meta.concrete_fields if getattr(c, "auto_now", False)]
    instancia.save(update_fields=[*cambiados, *al_dia])
    return cambiados
