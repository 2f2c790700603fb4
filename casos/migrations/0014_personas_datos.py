"""El registro de personas pasa a ser de cada municipio (issue «Personas»), sin perder nada.

1. Cada persona toma el municipio de su primer caso (o de su primera actividad). Una persona que
   aparece en casos o actividades de otros municipios se copia, una vez por municipio, con toda
   su historia, y sus partes y asistencias de allá pasan a la copia: ningún municipio comparte
   filas con otro. Las compromisos siguen a su parte; las solicitudes de habeas data, a la fila
   original.
2. Cada autorización de datos que era un «sí» con fecha queda como un registro de autorización
   «registrada antes de que hubiera soporte», con el aviso v0 que lo dice.
3. El seudónimo del documento (HMAC) de cada persona, para contar la reincidencia entre
   municipios sin compartir filas.

Todo con sentencias sobre conjuntos (un millón de casos: ver la nota de cierre y el README).
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import migrations

AVISO_V0 = (
    "Autorización registrada antes de que el sistema guardara su soporte: se sabe que la persona "
    "autorizó y cuándo se registró, no qué aviso se le leyó ni quién lo hizo."
)
FINALIDADES = (
    "Registrar y gestionar el conflicto o la actividad; contactar a la persona para citaciones, "
    "seguimiento y verificación de acuerdos; remitir el caso a la autoridad competente; producir "
    "estadísticas sin datos que la identifiquen para el municipio, la Gobernación del Atlántico y "
    "el Área Metropolitana de Barranquilla."
)
AVISO_V1 = (
    "El Área Metropolitana de Barranquilla, con la Gobernación del Atlántico y el municipio, es "
    "responsable de los datos que usted nos da (Ley 1581 de 2012). Los usamos para atender este "
    "caso o esta actividad: registrarlo, llamarle o visitarle para citarle y hacer seguimiento, "
    "remitirlo a la autoridad que corresponda y contar, sin su nombre, cuántos casos atiende el "
    "programa. Darnos su teléfono y su dirección es voluntario; también lo es responder preguntas "
    "sobre datos sensibles (etnia, discapacidad, víctima, orientación sexual) y sobre niñas, niños "
    "y adolescentes. Usted puede conocer, actualizar, corregir o pedir que se supriman sus datos y "
    "revocar esta autorización en cualquier momento, con el gestor, con el coordinador del "
    "programa en su municipio o en la Secretaría de Gobierno. ¿Autoriza el tratamiento de sus "
    "datos para estos fines?"
)


def _tabla(apps, modelo):
    app, nombre = modelo.split(".")
    return apps.get_model(app, nombre)._meta.db_table


def adelante(apps, schema_editor):
    conexion = schema_editor.connection
    q = conexion.ops.quote_name
    persona = q(_tabla(apps, "casos.Persona"))
    historica = q(_tabla(apps, "casos.HistoricalPersona"))
    parte = q(_tabla(apps, "casos.Parte"))
    caso = q(_tabla(apps, "casos.Caso"))
    asistencia = q(_tabla(apps, "capacitaciones.Asistencia"))
    actividad = q(_tabla(apps, "capacitaciones.Actividad"))
    autorizacion = q(_tabla(apps, "casos.Autorizacion"))
    perfil = q(_tabla(apps, "gestores.Perfil"))
    municipio = q(_tabla(apps, "municipios.Municipio"))

    Aviso = apps.get_model("casos", "AvisoPrivacidad")
    v0 = Aviso.objects.create(
        version="v0-anterior",
        vigente_desde=datetime.date(2020, 1, 1),
        texto=AVISO_V0,
        finalidades=FINALIDADES,
    )
    Aviso.objects.create(
        version="v1",
        vigente_desde=datetime.date(2026, 11, 30),
        texto=AVISO_V1,
        finalidades=FINALIDADES,
    )

    with conexion.cursor() as cursor:
        # 1. El municipio de su primer caso; si no tiene casos, el de su primera actividad; si no
        #    tiene ninguno, el de quien la registró; si tampoco, el primero (no debería pasar).
        cursor.execute(
            f"UPDATE {persona} SET municipio_id = (SELECT c.municipio_id FROM {parte} p "
            f"JOIN {caso} c ON c.id = p.caso_id WHERE p.persona_id = {persona}.id "
            f"ORDER BY p.id LIMIT 1)"
        )
        cursor.execute(
            f"UPDATE {persona} SET municipio_id = (SELECT a.municipio_id FROM {asistencia} s "
            f"JOIN {actividad} a ON a.id = s.actividad_id WHERE s.persona_id = {persona}.id "
            f"ORDER BY s.id LIMIT 1) WHERE municipio_id IS NULL"
        )
        cursor.execute(
            f"UPDATE {persona} SET municipio_id = (SELECT pf.municipio_id FROM {historica} h "
            f"JOIN {perfil} pf ON pf.usuario_id = h.history_user_id WHERE h.id = {persona}.id "
            f"AND pf.municipio_id IS NOT NULL ORDER BY h.history_id LIMIT 1) "
            f"WHERE municipio_id IS NULL"
        )
        cursor.execute(
            f"UPDATE {persona} SET municipio_id = (SELECT MIN(id) FROM {municipio}) "
            f"WHERE municipio_id IS NULL"
        )

        # 2. Quien aparece en otros municipios: una copia por municipio, con su historia.
        cursor.execute(
            f"SELECT DISTINCT t.persona_id, t.municipio_id FROM ("
            f"SELECT p.persona_id, c.municipio_id FROM {parte} p JOIN {caso} c ON c.id = p.caso_id "
            f"UNION SELECT s.persona_id, a.municipio_id FROM {asistencia} s "
            f"JOIN {actividad} a ON a.id = s.actividad_id) t "
            f"JOIN {persona} pe ON pe.id = t.persona_id WHERE t.municipio_id <> pe.municipio_id "
            f"ORDER BY t.persona_id, t.municipio_id"
        )
        otros = cursor.fetchall()
    if otros:
        _copiar_por_municipio(apps, otros)

    with conexion.cursor() as cursor:
        # La historia de cada persona dice su municipio.
        cursor.execute(
            f"UPDATE {historica} SET municipio_id = (SELECT p.municipio_id FROM {persona} p "
            f"WHERE p.id = {historica}.id) WHERE municipio_id IS NULL"
        )
        # 3. Cada «sí autoriza» es un registro de autorización (aviso v0, sin soporte).
        cursor.execute(
            f"INSERT INTO {autorizacion} (persona_id, medio, aviso_id, finalidades, soporte, "
            f"tipo_contenido, capturada_por_id, capturada_en, revocada_en, revocada_por_id, "
            f"motivo_revocacion) SELECT id, 'anterior', %s, %s, '', '', NULL, "
            f"COALESCE(fecha_autorizacion, creado), NULL, NULL, '' FROM {persona} "
            f"WHERE autoriza_datos",
            [v0.pk, FINALIDADES],
        )
        cursor.execute(
            f"UPDATE {persona} SET autorizacion_id = (SELECT a.id FROM {autorizacion} a "
            f"WHERE a.persona_id = {persona}.id) WHERE autoriza_datos"
        )
    _claves(apps, schema_editor)


def _copiar_por_municipio(apps, otros):
    """Copia la persona para cada municipio donde aparece además del suyo."""
    Persona = apps.get_model("casos", "Persona")
    Historica = apps.get_model("casos", "HistoricalPersona")
    Parte = apps.get_model("casos", "Parte")
    ParteHistorica = apps.get_model("casos", "HistoricalParte")
    Asistencia = apps.get_model("capacitaciones", "Asistencia")
    for persona_id, municipio_id in otros:
        copia = Persona.objects.get(pk=persona_id)
        copia.pk = None
        copia.municipio_id = municipio_id
        copia.save()
        filas = list(Historica.objects.filter(id=persona_id).order_by("history_id"))
        for fila in filas:
            fila.history_id = None
            fila.id = copia.pk
            fila.municipio_id = municipio_id
        Historica.objects.bulk_create(filas)
        partes = list(
            Parte.objects.filter(
                persona_id=persona_id, caso__municipio_id=municipio_id
            ).values_list("pk", flat=True)
        )
        Parte.objects.filter(pk__in=partes).update(persona_id=copia.pk)
        ParteHistorica.objects.filter(id__in=partes).update(persona_id=copia.pk)
        Asistencia.objects.filter(
            persona_id=persona_id, actividad__municipio_id=municipio_id
        ).update(persona_id=copia.pk)


def clave(numero: str) -> str:
    numero = (numero or "").strip().upper()
    if not numero:
        return ""
    return hmac.new(settings.SEUDONIMO_CLAVE.encode(), numero.encode(), hashlib.sha256).hexdigest()


def _claves(apps, schema_editor):
    """El seudónimo de cada documento, calculado en Python (la clave no entra a la base)."""
    conexion = schema_editor.connection
    q = conexion.ops.quote_name
    persona = q(apps.get_model("casos", "Persona")._meta.db_table)
    lote = 20_000
    ultimo = 0
    while True:
        with conexion.cursor() as cursor:
            cursor.execute(
                f"SELECT id, numero_documento FROM {persona} WHERE id > %s "
                f"AND numero_documento <> '' ORDER BY id LIMIT %s",
                [ultimo, lote],
            )
            filas = cursor.fetchall()
            if not filas:
                break
            ultimo = filas[-1][0]
            valores = [(clave(numero), pk) for pk, numero in filas]
            if conexion.vendor == "postgresql":
                from psycopg2.extras import execute_values

                execute_values(
                    cursor,
                    f"UPDATE {persona} AS p SET clave_documento = v.clave "
                    f"FROM (VALUES %s) AS v(clave, id) WHERE p.id = v.id",
                    valores,
                    page_size=lote,
                )
            else:
                cursor.executemany(
                    f"UPDATE {persona} SET clave_documento = %s WHERE id = %s", valores
                )


class Migration(migrations.Migration):
    dependencies = [
        ("casos", "0013_personas_por_municipio"),
        ("capacitaciones", "0004_conteo_por_enfoque_en_espanol"),
        ("gestores", "0003_certificacion_del_gestor"),
    ]

    operations = [migrations.RunPython(adelante, migrations.RunPython.noop, elidable=False)]
