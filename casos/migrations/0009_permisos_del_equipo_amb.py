"""El equipo AMB exporta casos, actuaciones, remisiones, acuerdos y compromisos, importa los
tipos de conflicto, mantiene los plazos de respuesta, lee la bitácora de correos y los
consecutivos, y reasigna casos en bloque desde el admin."""

from django.db import migrations

from auditoria.migraciones import dar_permisos, quitar_permisos

PERMISOS = {
    "Equipo AMB": [
        f"export_{modelo}"
        for modelo in ("caso", "actuacion", "remision", "acuerdo", "compromiso", "tipoconflicto")
    ]
    + ["import_tipoconflicto", "reasignar_caso"]
    + [f"{accion}_plazoremision" for accion in ("view", "add", "change", "delete")]
    + ["view_notificacion", "view_consecutivoradicado"]
}


def asignar(apps, schema_editor):
    dar_permisos(apps, "casos", PERMISOS)


def quitar(apps, schema_editor):
    quitar_permisos(apps, "casos", PERMISOS)


class Migration(migrations.Migration):
    dependencies = [
        ("casos", "0008_exportes_e_historia_de_catalogos"),
        ("gestores", "0002_grupos_y_permisos"),
    ]

    operations = [migrations.RunPython(asignar, quitar)]
