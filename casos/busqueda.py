"""Búsqueda de personas por su nombre sin tildes ni mayúsculas, la misma en PostgreSQL y SQLite.

La base compara `convivencia_normalizar(nombres || ' ' || apellidos)` (minúsculas y sin tildes)
con cada palabra ya normalizada aquí:

- En PostgreSQL la función es un envoltorio inmutable de `unaccent` (migración
  `casos/0012_busqueda_por_nombre`), y un índice GIN de trigramas (`pg_trgm`) sobre esa misma
  expresión hace que `LIKE '%palabra%'` no recorra la tabla. La expresión de `NombreNormalizado`
  tiene que ser idéntica a la del índice: si cambia una, cambia la otra.
- En SQLite, `registrar_en_sqlite` (conectado en `CasosConfig.ready`) registra una función
  Python con el mismo nombre en cada conexión.
"""

import re
import unicodedata

from django.db.models import F, Func, TextField

FUNCION = "convivencia_normalizar"
INDICE = "persona_nombre_trgm_idx"
# La expresión del índice, tal como la escribe NombreNormalizado (sin el nombre de la tabla).
EXPRESION_INDICE = f"{FUNCION}(nombres || ' ' || apellidos)"

MAX_PALABRAS = 6
MAX_CARACTERES = 100


def normalizar(texto: str | None) -> str | None:
    """Minúsculas y sin tildes ni diéresis (Méndez → mendez, Ñúñez → nunez)."""
    if texto is None:
        return None
    descompuesto = unicodedata.normalize("NFKD", texto)
    return "".join(c for c in descompuesto if not unicodedata.combining(c)).lower()


def palabras(texto: str) -> list[str]:
    """Las palabras de una búsqueda, normalizadas: letras y dígitos (lo demás separa)."""
    return re.findall(r"[^\W_]+", normalizar(texto[:MAX_CARACTERES]))[:MAX_PALABRAS]


class NombreNormalizado(Func):
    """`convivencia_normalizar(nombres || ' ' || apellidos)`: la expresión del índice."""

    function = FUNCION
    template = "%(function)s(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()

    def __init__(self, prefijo: str = ""):
        super().__init__(F(f"{prefijo}nombres"), F(f"{prefijo}apellidos"))


def registrar_en_sqlite(sender, connection, **kwargs):
    """En cada conexión SQLite nueva, la función que en PostgreSQL crea la migración."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCION, 1, normalizar, deterministic=True)
