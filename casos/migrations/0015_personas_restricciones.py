import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Tras mover los datos: municipio obligatorio, sin el «sí autoriza» de antes, y las
    restricciones nuevas (documento único en el municipio, contacto solo con autorización)."""

    dependencies = [("casos", "0014_personas_datos")]

    operations = [
        migrations.AlterField(
            model_name="persona",
            name="municipio",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="personas",
                to="municipios.municipio",
                verbose_name="municipio",
            ),
        ),
        migrations.RemoveField(
            model_name="historicalpersona",
            name="autoriza_datos",
        ),
        migrations.RemoveField(
            model_name="historicalpersona",
            name="fecha_autorizacion",
        ),
        migrations.AddIndex(
            model_name="persona",
            index=models.Index(fields=["clave_documento"], name="persona_clave_idx"),
        ),
        migrations.AddIndex(
            model_name="persona",
            index=models.Index(
                fields=["municipio", "fecha_nacimiento"], name="persona_mun_nacimiento_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="persona",
            index=models.Index(fields=["municipio", "edad"], name="persona_mun_edad_idx"),
        ),
        migrations.AddConstraint(
            model_name="persona",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("numero_documento", ""), _negated=True), ("revisar_duplicado", False)
                ),
                fields=("municipio", "tipo_documento", "numero_documento"),
                name="persona_documento_unico_en_municipio",
                violation_error_message="Ya hay una persona con ese documento en el municipio.",
            ),
        ),
        migrations.AddConstraint(
            model_name="persona",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("autorizacion__isnull", False),
                    models.Q(("direccion", ""), ("telefono", "")),
                    _connector="OR",
                ),
                name="persona_contacto_con_autorizacion_vigente",
                violation_error_message="Sin autorización de tratamiento de datos no se guardan teléfono ni dirección.",
            ),
        ),
        migrations.RemoveField(
            model_name="persona",
            name="autoriza_datos",
        ),
        migrations.RemoveField(
            model_name="persona",
            name="fecha_autorizacion",
        ),
    ]
