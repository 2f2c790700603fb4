"""Casos de convivencia: el caso, sus personas y su seguimiento."""


def __getattr__(nombre):
    """django-simple-history nombra a las historias de un paquete de modelos (`casos/models/`)
    como `casos.HistoricalCaso`: que ese nombre se pueda importar (el `shell`, pickle)."""
    if nombre.startswith("Historical"):
        from casos import models

        return getattr(models, nombre)
    raise AttributeError(f"module 'casos' has no attribute {nombre!r}")
