"""Los cinco municipios del Área Metropolitana de Barranquilla y las instituciones de los tres
donde opera el programa (Puerto Colombia, Galapa y Malambo).

Solo datos institucionales: ninguna persona ni teléfono real (esos van en `cargar_demo`).
"""

from django.db import migrations

MUNICIPIOS = [
    # (código DANE, nombre, sigla del radicado, activo en el programa)
    ("08001", "Barranquilla", "BAQ", False),
    ("08296", "Galapa", "GAL", True),
    ("08433", "Malambo", "MAL", True),
    ("08573", "Puerto Colombia", "PCO", True),
    ("08758", "Soledad", "SOL", False),
]

# Instituciones de cada municipio activo. Los tres tienen zona rural (corregimientos de Paluato,
# Caracolí, Salgar y Sabanilla), así que cada uno tiene inspección urbana y rural.
ENTIDADES = [
    ("secretaria_gobierno", "Secretaría de Gobierno de {m}"),
    ("inspeccion_urbana", "Inspección de Policía Urbana de {m}"),
    ("inspeccion_rural", "Inspección de Policía Rural de {m}"),
    ("estacion_mebar", "Estación de Policía {m} (MEBAR)"),
    ("comisaria_familia", "Comisaría de Familia de {m}"),
]


def cargar(apps, schema_editor):
    Municipio = apps.get_model("municipios", "Municipio")
    Entidad = apps.get_model("municipios", "Entidad")
    for codigo, nombre, sigla, activo in MUNICIPIOS:
        municipio, _ = Municipio.objects.update_or_create(
            codigo_dane=codigo,
            defaults={
                "nombre": nombre,
                "sigla": sigla,
                "departamento": "Atlántico",
                "activo": activo,
            },
        )
        if activo:
            for tipo, plantilla in ENTIDADES:
                Entidad.objects.get_or_create(
                    municipio=municipio,
                    nombre=plantilla.format(m=nombre),
                    defaults={"tipo": tipo},
                )


def descargar(apps, schema_editor):
    Municipio = apps.get_model("municipios", "Municipio")
    Entidad = apps.get_model("municipios", "Entidad")
    codigos = [codigo for codigo, *_ in MUNICIPIOS]
    Entidad.objects.filter(municipio__codigo_dane__in=codigos, contactos__isnull=True).delete()
    Municipio.objects.filter(codigo_dane__in=codigos, entidades__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("municipios", "0001_initial")]

    operations = [migrations.RunPython(cargar, descargar)]
