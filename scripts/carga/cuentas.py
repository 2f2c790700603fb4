"""Una cuenta de gestor para cada usuario virtual de locust (`carga.gestor01`, …), repartidas
entre Galapa, Malambo y Puerto Colombia: cada uno registra, sigue y cierra sus propios casos,
como en la calle. Con las tres cuentas de la demo compartidas, dos usuarios virtuales abrían y
cerraban el mismo caso a la vez y el segundo recibía, con razón, «El caso cambió mientras usted
lo tenía abierto» (un 400 que locust cuenta como error). Idempotente; la llama `carga.sh`.

    DATABASE_URL=… scripts/uv run python scripts/carga/cuentas.py 60
"""

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convivencia.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from demo.datos import CLAVE_DEMO  # noqa: E402
from gestores.models import EstadoGestor, Gestor, Rol  # noqa: E402
from gestores.services import gestor_registrar, usuario_crear  # noqa: E402
from municipios.models import Municipio, Sector  # noqa: E402

# Los de la prueba (los de `locustfile.MUNICIPIOS`), en el orden en que se reparten.
MUNICIPIOS = ["08296", "08433", "08573"]


def cuenta(numero: int) -> str:
    return f"carga.gestor{numero:02d}"


def crear(cuantas: int) -> int:
    creadas = 0
    for numero in range(1, cuantas + 1):
        if get_user_model().objects.filter(username=cuenta(numero)).exists():
            continue
        municipio = Municipio.objects.get(codigo_dane=MUNICIPIOS[numero % len(MUNICIPIOS)])
        usuario = usuario_crear(
            username=cuenta(numero),
            password=CLAVE_DEMO,
            rol=Rol.GESTOR,
            municipio=municipio,
            first_name="Gestor",
            last_name=f"de carga {numero:02d}",
        )
        gestor_registrar(
            usuario=usuario,
            documento=str(2_000_000_000 + numero),
            fecha_ingreso=datetime.date(2026, 2, 2),
            sectores=list(Sector.objects.filter(municipio=municipio).order_by("nombre")[:3]),
            estado=EstadoGestor.ACTIVO,
        )
        creadas += 1
    # Certificadas, como los gestores de la siembra (`demo/escala.py`): solo un gestor
    # certificado responde por un caso. En el programa lo da la capacitación.
    Gestor.objects.filter(
        perfil__usuario__username__startswith="carga.gestor", certificado_en__isnull=True
    ).update(certificado_en=datetime.date(2026, 3, 2))
    return creadas


if __name__ == "__main__":
    cuantas = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    print(f"Cuentas de gestor de la carga nuevas: {crear(cuantas)}")
