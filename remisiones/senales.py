"""Lo que `remisiones` pide a las apps de encima sin importarlas (ARCHITECTURE.md, «Las capas»)."""

from dataclasses import dataclass

from django.dispatch import Signal

# El resumen diario de los gestores se está armando para el día `hoy`. Cada receptor devuelve
# {id del usuario: SeccionDelResumen} con lo suyo para ese día (una consulta para todos, no una
# por gestor); un gestor con alguna sección recibe el resumen aunque no tenga casos con
# alertas. Hoy lo atiende `agenda` (sus sesiones de mañana, en `agenda/apps.py`).
resumen_diario_de_gestores = Signal()


@dataclass(frozen=True)
class SeccionDelResumen:
    """Una parte del correo diario: qué agrega al asunto y el texto que va en el cuerpo."""

    asunto: str
    cuerpo: str
