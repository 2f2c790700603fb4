"""Las remisiones, sus plazos y los correos pasan a la app `remisiones` (su 0001): aquí solo
salen del estado de `casos`. Las tablas no se tocan (conservan su nombre `casos_*`), ni sus
datos, ni su historia."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("casos", "0016_permisos_de_personas"),
        ("remisiones", "0001_desde_casos"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="historicalplazoremision",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalremision",
                    name="caso",
                ),
                migrations.RemoveField(
                    model_name="historicalremision",
                    name="contacto",
                ),
                migrations.RemoveField(
                    model_name="historicalremision",
                    name="entidad",
                ),
                migrations.RemoveField(
                    model_name="historicalremision",
                    name="enviada_por",
                ),
                migrations.RemoveField(
                    model_name="historicalremision",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalremision",
                    name="recibida_por",
                ),
                migrations.RemoveConstraint(
                    model_name="notificacion",
                    name="notificacion_clave_unica",
                ),
                migrations.RemoveConstraint(
                    model_name="notificacion",
                    name="notificacion_tipo_valido",
                ),
                migrations.RemoveConstraint(
                    model_name="notificacion",
                    name="notificacion_estado_valido",
                ),
                migrations.RemoveConstraint(
                    model_name="plazoremision",
                    name="plazo_razonable",
                ),
                migrations.RemoveConstraint(
                    model_name="plazoremision",
                    name="plazo_tipo_entidad_valido",
                ),
                migrations.DeleteModel(
                    name="PlazoRemision",
                ),
                migrations.RemoveIndex(
                    model_name="remision",
                    name="casos_remis_caso_id_1a919e_idx",
                ),
                migrations.RemoveIndex(
                    model_name="remision",
                    name="casos_remis_fecha_e_a9a7fb_idx",
                ),
                migrations.RemoveConstraint(
                    model_name="remision",
                    name="remision_medio_valido",
                ),
                migrations.RemoveConstraint(
                    model_name="remision",
                    name="remision_recibida_despues_de_enviada",
                ),
                migrations.RemoveConstraint(
                    model_name="remision",
                    name="remision_respondida_despues_de_recibida",
                ),
                migrations.RemoveConstraint(
                    model_name="remision",
                    name="remision_estado_valido",
                ),
                migrations.RemoveConstraint(
                    model_name="remision",
                    name="remision_fechas_segun_estado_v2",
                ),
                migrations.DeleteModel(
                    name="HistoricalPlazoRemision",
                ),
                migrations.DeleteModel(
                    name="HistoricalRemision",
                ),
                migrations.RemoveField(
                    model_name="remision",
                    name="caso",
                ),
                migrations.RemoveField(
                    model_name="remision",
                    name="contacto",
                ),
                migrations.RemoveField(
                    model_name="remision",
                    name="entidad",
                ),
                migrations.RemoveField(
                    model_name="remision",
                    name="enviada_por",
                ),
                migrations.RemoveField(
                    model_name="remision",
                    name="recibida_por",
                ),
                migrations.DeleteModel(
                    name="Notificacion",
                ),
                migrations.DeleteModel(
                    name="Remision",
                ),
            ],
            database_operations=[],
        ),
    ]
