"""Lo que `casos` avisa a las apps de encima sin importarlas (ARCHITECTURE.md, «Las capas»)."""

from django.dispatch import Signal

# El gestor pidió, al registrar un caso de riesgo alto, remitirlo de inmediato a la estación
# MEBAR. Se envía dentro de la transacción del registro con `caso`, `autor` y `fecha`; la
# atiende `remisiones` (su `apps.py`). Un error del receptor deshace el registro entero.
remision_inmediata_pedida = Signal()
