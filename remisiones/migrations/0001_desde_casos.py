# Generado por Django 6.1.3 on 2026-12-01 10:47

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import casos.models
import municipios.reglas

MODELOS = [
    "remision",
    "historicalremision",
    "plazoremision",
    "historicalplazoremision",
    "notificacion",
]


def tipos_de_contenido_a_remisiones(apps, schema_editor):
    """Los tipos de contenido (y con ellos los permisos de los grupos, la bitácora del admin y
    los exportes registrados) pasan de `casos` a `remisiones` sin cambiar de fila."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ya = set(ContentType.objects.filter(app_label="remisiones").values_list("model", flat=True))
    ContentType.objects.filter(app_label="casos", model__in=set(MODELOS) - ya).update(
        app_label="remisiones"
    )


def tipos_de_contenido_a_casos(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="remisiones", model__in=MODELOS).update(app_label="casos")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("casos", "0016_permisos_de_personas"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("municipios", "0005_permisos_de_exportes_e_importes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Las tablas ya existen (las creó `casos`): solo entran al estado de esta app.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalPlazoRemision",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "tipo_entidad",
                            models.CharField(
                                choices=[
                                    ("secretaria_gobierno", "Secretaría de Gobierno"),
                                    ("inspeccion_urbana", "Inspección de Policía urbana"),
                                    ("inspeccion_rural", "Inspección de Policía rural"),
                                    ("estacion_mebar", "Estación de Policía MEBAR"),
                                    ("cai", "CAI"),
                                    ("comisaria_familia", "Comisaría de Familia"),
                                    ("personeria", "Personería"),
                                    ("icbf", "ICBF"),
                                    ("centro_conciliacion", "Centro de Conciliación"),
                                    ("casa_justicia", "Casa de Justicia"),
                                ],
                                db_index=True,
                                max_length=25,
                                verbose_name="tipo de entidad",
                            ),
                        ),
                        (
                            "dias_habiles",
                            models.PositiveSmallIntegerField(
                                verbose_name="días hábiles para responder"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical plazo de respuesta a remisiones",
                        "verbose_name_plural": "historical plazos de respuesta a remisiones",
                        "db_table": "casos_historicalplazoremision",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalRemision",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("motivo", models.TextField(verbose_name="motivo de la remisión")),
                        (
                            "medio",
                            models.CharField(
                                choices=[
                                    ("oficio", "Oficio"),
                                    ("correo", "Correo electrónico"),
                                    ("telefono", "Teléfono"),
                                    ("whatsapp", "WhatsApp"),
                                    ("presencial", "Acompañamiento presencial"),
                                ],
                                max_length=12,
                                verbose_name="medio",
                            ),
                        ),
                        ("fecha_envio", models.DateField(verbose_name="fecha de envío")),
                        (
                            "fecha_limite",
                            models.DateField(
                                editable=False, verbose_name="fecha límite de respuesta"
                            ),
                        ),
                        (
                            "estado",
                            models.CharField(
                                choices=[
                                    ("enviada", "Enviada"),
                                    ("recibida", "Recibida"),
                                    ("respondida", "Respondida"),
                                    ("devuelta", "Devuelta (no competente)"),
                                ],
                                default="enviada",
                                max_length=10,
                                verbose_name="estado",
                            ),
                        ),
                        (
                            "fecha_recepcion",
                            models.DateField(
                                blank=True, null=True, verbose_name="fecha de recibido"
                            ),
                        ),
                        (
                            "fecha_respuesta",
                            models.DateField(
                                blank=True, null=True, verbose_name="fecha de respuesta"
                            ),
                        ),
                        (
                            "respuesta",
                            models.TextField(blank=True, verbose_name="respuesta de la entidad"),
                        ),
                        (
                            "accion_tomada",
                            models.TextField(blank=True, verbose_name="acción tomada"),
                        ),
                        (
                            "archivo_respuesta",
                            models.TextField(
                                blank=True,
                                help_text="PDF, JPG o PNG de hasta 10 MB; se descarga solo por el caso o la bandeja.",
                                max_length=100,
                                verbose_name="archivo de la respuesta",
                            ),
                        ),
                        (
                            "medio_recepcion",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("sistema", "En el sistema, por el enlace"),
                                    ("telefono", "Por teléfono"),
                                    ("correo", "Por correo electrónico"),
                                    ("oficio", "Con sello de recibido en el oficio"),
                                    ("presencial", "En persona"),
                                ],
                                max_length=12,
                                verbose_name="cómo se supo del recibido",
                            ),
                        ),
                        (
                            "fecha_devolucion",
                            models.DateField(
                                blank=True, null=True, verbose_name="fecha de devolución"
                            ),
                        ),
                        (
                            "motivo_devolucion",
                            models.TextField(blank=True, verbose_name="por qué no es competente"),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "caso",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="casos.caso",
                            ),
                        ),
                        (
                            "contacto",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                help_text="El contacto vigente de la entidad el día del envío.",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="municipios.contacto",
                            ),
                        ),
                        (
                            "entidad",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="municipios.entidad",
                            ),
                        ),
                        (
                            "enviada_por",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "recibida_por",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical remisión",
                        "verbose_name_plural": "historical remisiones",
                        "db_table": "casos_historicalremision",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="PlazoRemision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "tipo_entidad",
                            models.CharField(
                                choices=[
                                    ("secretaria_gobierno", "Secretaría de Gobierno"),
                                    ("inspeccion_urbana", "Inspección de Policía urbana"),
                                    ("inspeccion_rural", "Inspección de Policía rural"),
                                    ("estacion_mebar", "Estación de Policía MEBAR"),
                                    ("cai", "CAI"),
                                    ("comisaria_familia", "Comisaría de Familia"),
                                    ("personeria", "Personería"),
                                    ("icbf", "ICBF"),
                                    ("centro_conciliacion", "Centro de Conciliación"),
                                    ("casa_justicia", "Casa de Justicia"),
                                ],
                                max_length=25,
                                unique=True,
                                verbose_name="tipo de entidad",
                            ),
                        ),
                        (
                            "dias_habiles",
                            models.PositiveSmallIntegerField(
                                verbose_name="días hábiles para responder"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "plazo de respuesta a remisiones",
                        "verbose_name_plural": "plazos de respuesta a remisiones",
                        "db_table": "casos_plazoremision",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("dias_habiles__gte", 1), ("dias_habiles__lte", 90)
                                ),
                                name="plazo_razonable",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    (
                                        "tipo_entidad__in",
                                        [
                                            "secretaria_gobierno",
                                            "inspeccion_urbana",
                                            "inspeccion_rural",
                                            "estacion_mebar",
                                            "cai",
                                            "comisaria_familia",
                                            "personeria",
                                            "icbf",
                                            "centro_conciliacion",
                                            "casa_justicia",
                                        ],
                                    )
                                ),
                                name="plazo_tipo_entidad_valido",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Remision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("motivo", models.TextField(verbose_name="motivo de la remisión")),
                        (
                            "medio",
                            models.CharField(
                                choices=[
                                    ("oficio", "Oficio"),
                                    ("correo", "Correo electrónico"),
                                    ("telefono", "Teléfono"),
                                    ("whatsapp", "WhatsApp"),
                                    ("presencial", "Acompañamiento presencial"),
                                ],
                                max_length=12,
                                verbose_name="medio",
                            ),
                        ),
                        ("fecha_envio", models.DateField(verbose_name="fecha de envío")),
                        (
                            "fecha_limite",
                            models.DateField(
                                editable=False, verbose_name="fecha límite de respuesta"
                            ),
                        ),
                        (
                            "estado",
                            models.CharField(
                                choices=[
                                    ("enviada", "Enviada"),
                                    ("recibida", "Recibida"),
                                    ("respondida", "Respondida"),
                                    ("devuelta", "Devuelta (no competente)"),
                                ],
                                default="enviada",
                                max_length=10,
                                verbose_name="estado",
                            ),
                        ),
                        (
                            "fecha_recepcion",
                            models.DateField(
                                blank=True, null=True, verbose_name="fecha de recibido"
                            ),
                        ),
                        (
                            "fecha_respuesta",
                            models.DateField(
                                blank=True, null=True, verbose_name="fecha de respuesta"
                            ),
                        ),
                        (
                            "respuesta",
                            models.TextField(blank=True, verbose_name="respuesta de la entidad"),
                        ),
                        (
                            "accion_tomada",
                            models.TextField(blank=True, verbose_name="acción tomada"),
                        ),
                        (
                            "archivo_respuesta",
                            models.FileField(
                                blank=True,
                                help_text="PDF, JPG o PNG de hasta 10 MB; se descarga solo por el caso o la bandeja.",
                                storage=casos.models.almacen_privado,
                                upload_to="respuestas/",
                                verbose_name="archivo de la respuesta",
                            ),
                        ),
                        (
                            "medio_recepcion",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("sistema", "En el sistema, por el enlace"),
                                    ("telefono", "Por teléfono"),
                                    ("correo", "Por correo electrónico"),
                                    ("oficio", "Con sello de recibido en el oficio"),
                                    ("presencial", "En persona"),
                                ],
                                max_length=12,
                                verbose_name="cómo se supo del recibido",
                            ),
                        ),
                        (
                            "fecha_devolucion",
                            models.DateField(
                                blank=True, null=True, verbose_name="fecha de devolución"
                            ),
                        ),
                        (
                            "motivo_devolucion",
                            models.TextField(blank=True, verbose_name="por qué no es competente"),
                        ),
                        (
                            "caso",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="remisiones",
                                to="casos.caso",
                            ),
                        ),
                        (
                            "contacto",
                            models.ForeignKey(
                                blank=True,
                                help_text="El contacto vigente de la entidad el día del envío.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="remisiones",
                                to="municipios.contacto",
                            ),
                        ),
                        (
                            "entidad",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="remisiones",
                                to="municipios.entidad",
                            ),
                        ),
                        (
                            "enviada_por",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="remisiones",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "recibida_por",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "remisión",
                        "verbose_name_plural": "remisiones",
                        "db_table": "casos_remision",
                        "ordering": ["-fecha_envio", "-pk"],
                        "default_permissions": ("add", "change", "delete", "view", "export"),
                    },
                    bases=(
                        municipios.reglas.EtiquetasRapidas,
                        municipios.reglas.RecuerdaLoCargado,
                        models.Model,
                    ),
                ),
                migrations.CreateModel(
                    name="Notificacion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "tipo",
                            models.CharField(
                                choices=[
                                    ("remision_enviada", "Remisión enviada"),
                                    ("remision_recibida", "Remisión recibida"),
                                    ("remision_respondida", "Remisión respondida"),
                                    ("remision_devuelta", "Remisión devuelta"),
                                    ("recordatorio_enlace", "Recordatorio a un enlace"),
                                    ("recordatorio_gestor", "Recordatorio a un gestor"),
                                    ("resumen_coordinador", "Resumen semanal al coordinador"),
                                ],
                                max_length=25,
                                verbose_name="tipo",
                            ),
                        ),
                        ("para", models.EmailField(max_length=254, verbose_name="para")),
                        ("asunto", models.CharField(max_length=200, verbose_name="asunto")),
                        ("cuerpo", models.TextField(verbose_name="cuerpo")),
                        (
                            "clave",
                            models.CharField(
                                blank=True,
                                help_text="Evita mandar dos veces el mismo recordatorio.",
                                max_length=120,
                                verbose_name="clave de idempotencia",
                            ),
                        ),
                        (
                            "estado",
                            models.CharField(
                                choices=[
                                    ("pendiente", "Pendiente"),
                                    ("enviada", "Enviada"),
                                    ("fallida", "Falló"),
                                ],
                                default="pendiente",
                                max_length=10,
                                verbose_name="estado",
                            ),
                        ),
                        (
                            "error",
                            models.CharField(blank=True, max_length=500, verbose_name="error"),
                        ),
                        (
                            "creado",
                            models.DateTimeField(
                                default=django.utils.timezone.now,
                                editable=False,
                                verbose_name="creada",
                            ),
                        ),
                        (
                            "enviado_en",
                            models.DateTimeField(blank=True, null=True, verbose_name="enviada el"),
                        ),
                        (
                            "usuario",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="notificaciones",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "remision",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="notificaciones",
                                to="remisiones.remision",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "notificación",
                        "verbose_name_plural": "notificaciones",
                        "db_table": "casos_notificacion",
                        "ordering": ["-creado"],
                    },
                ),
                migrations.AddIndex(
                    model_name="remision",
                    index=models.Index(
                        fields=["caso", "estado", "fecha_limite"],
                        name="casos_remis_caso_id_1a919e_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="remision",
                    index=models.Index(
                        fields=["fecha_envio"], name="casos_remis_fecha_e_a9a7fb_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="remision",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "medio__in",
                                ["oficio", "correo", "telefono", "whatsapp", "presencial"],
                            )
                        ),
                        name="remision_medio_valido",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="remision",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("estado__in", ["enviada", "recibida", "respondida", "devuelta"])
                        ),
                        name="remision_estado_valido",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="remision",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("estado", "enviada"), ("fecha_recepcion__isnull", True)),
                            models.Q(
                                ("estado", "recibida"),
                                ("fecha_recepcion__isnull", False),
                                ("fecha_respuesta__isnull", True),
                            ),
                            models.Q(
                                ("estado", "respondida"),
                                ("fecha_recepcion__isnull", False),
                                ("fecha_respuesta__isnull", False),
                            ),
                            models.Q(
                                ("estado", "devuelta"),
                                ("fecha_devolucion__isnull", False),
                                ("fecha_respuesta__isnull", True),
                                ("motivo_devolucion__gt", ""),
                            ),
                            _connector="OR",
                        ),
                        name="remision_fechas_segun_estado_v2",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="remision",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("fecha_recepcion__isnull", True),
                            ("fecha_recepcion__gte", models.F("fecha_envio")),
                            _connector="OR",
                        ),
                        name="remision_recibida_despues_de_enviada",
                        violation_error_message="No puede recibirse antes de enviarse.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="remision",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("fecha_respuesta__isnull", True),
                            ("fecha_respuesta__gte", models.F("fecha_recepcion")),
                            _connector="OR",
                        ),
                        name="remision_respondida_despues_de_recibida",
                        violation_error_message="No puede responderse antes de recibirse.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="notificacion",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("clave", ""), _negated=True),
                        fields=("clave", "para"),
                        name="notificacion_clave_unica",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="notificacion",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "tipo__in",
                                [
                                    "remision_enviada",
                                    "remision_recibida",
                                    "remision_respondida",
                                    "remision_devuelta",
                                    "recordatorio_enlace",
                                    "recordatorio_gestor",
                                    "resumen_coordinador",
                                ],
                            )
                        ),
                        name="notificacion_tipo_valido",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="notificacion",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("estado__in", ["pendiente", "enviada", "fallida"])),
                        name="notificacion_estado_valido",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(tipos_de_contenido_a_remisiones, tipos_de_contenido_a_casos),
    ]
