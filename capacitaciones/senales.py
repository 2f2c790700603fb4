"""Lo que `capacitaciones` avisa a las apps de encima sin importarlas (ARCHITECTURE.md, «Las
capas»)."""

from django.dispatch import Signal

# Se reemplazaron los conteos de la multitud de una actividad (`_conteos_escribir`: borrar y
# `bulk_create`, que no envían las señales de cada fila). Se envía dentro de la transacción con
# `actividad`; lo atienden los tableros (sus asistentes por día).
conteos_reemplazados = Signal()
