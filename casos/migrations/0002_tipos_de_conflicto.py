"""Catálogo inicial de tipos de conflicto (DESIGN §5), editable después en el admin.

Artículos de la Ley 1801 de 2016 (Código Nacional de Seguridad y Convivencia Ciudadana):
27 vida e integridad (riñas), 33 tranquilidad (ruido), 77 posesión y tenencia de inmuebles,
92–93 actividad económica, 111 limpieza y residuos, 116–124 animales, 135 integridad urbanística,
140 espacio público. Categorías del artículo 6: seguridad, tranquilidad, ambiente, salud pública.
"""

from django.db import migrations

TIPOS = [
    # (orden, nombre, categoría, referencia, mediable, entidad sugerida)
    (
        10,
        "Ruido y alteración de la tranquilidad",
        "tranquilidad",
        "Ley 1801, art. 33",
        True,
        "inspeccion_urbana",
    ),
    (20, "Riñas y agresiones", "seguridad", "Ley 1801, art. 27", True, "estacion_mebar"),
    (
        30,
        "Perturbación de la posesión, linderos y servidumbres",
        "seguridad",
        "Ley 1801, art. 77",
        True,
        "inspeccion_urbana",
    ),
    (40, "Basuras y escombros", "salud_publica", "Ley 1801, art. 111", True, "inspeccion_urbana"),
    (
        50,
        "Animales (tenencia, ruido, agresiones)",
        "ambiente",
        "Ley 1801, arts. 116 a 124",
        True,
        "inspeccion_urbana",
    ),
    (
        60,
        "Ocupación del espacio público",
        "seguridad",
        "Ley 1801, art. 140",
        True,
        "inspeccion_urbana",
    ),
    (
        70,
        "Urbanismo y construcciones",
        "seguridad",
        "Ley 1801, art. 135",
        True,
        "inspeccion_urbana",
    ),
    (
        80,
        "Actividad económica (establecimientos, ventas)",
        "tranquilidad",
        "Ley 1801, arts. 92 y 93",
        True,
        "inspeccion_urbana",
    ),
    (90, "Propiedad horizontal", "tranquilidad", "Ley 675 de 2001", True, "inspeccion_urbana"),
    (
        100,
        "Deudas y arriendos",
        "tranquilidad",
        "Conciliación (Ley 2220 de 2022)",
        True,
        "centro_conciliacion",
    ),
    (
        110,
        "Violencia intrafamiliar",
        "seguridad",
        "Ley 294 de 1996; Ley 2126 de 2021",
        False,
        "comisaria_familia",
    ),
    (
        120,
        "Presunto delito (amenazas, hurto, lesiones)",
        "seguridad",
        "Código Penal; denuncia ante la Policía o la Fiscalía",
        False,
        "estacion_mebar",
    ),
    (200, "Otro", "tranquilidad", "", True, ""),
]


def cargar(apps, schema_editor):
    TipoConflicto = apps.get_model("casos", "TipoConflicto")
    for orden, nombre, categoria, referencia, mediable, entidad in TIPOS:
        TipoConflicto.objects.update_or_create(
            nombre=nombre,
            defaults={
                "orden": orden,
                "categoria": categoria,
                "referencia_legal": referencia,
                "mediable": mediable,
                "entidad_sugerida": entidad,
            },
        )


def descargar(apps, schema_editor):
    TipoConflicto = apps.get_model("casos", "TipoConflicto")
    TipoConflicto.objects.filter(nombre__in=[t[1] for t in TIPOS], casos__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("casos", "0001_inicial")]

    operations = [migrations.RunPython(cargar, descargar)]
