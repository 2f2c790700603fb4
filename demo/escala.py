"""Datos a escala nacional para medir: `manage.py sembrar_escala --casos 1000000`.

Crea casos realistas en los cinco municipios del AMB (repartidos según su población), con
personas que reaparecen en varios casos, partes, actuaciones, remisiones, acuerdos, actividades y
asistencia, con las mismas proporciones de la demo. No pasa por los servicios (serían horas):
escribe filas ya válidas en bloque — `COPY` en PostgreSQL, `executemany` en SQLite — dentro de
una sola transacción, de modo que un error no deja nada a medias; las restricciones de la base
revisan cada fila igual que siempre. No deja auditoría (no hay cambios que auditar) ni notifica.
"""

import datetime
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from capacitaciones.models import (
    Actividad,
    Asistencia,
    ConteoAsistencia,
    EstadoActividad,
    GrupoEdad,
    PublicoObjetivo,
    TipoActividad,
)
from casos.models import (
    Actuacion,
    Acuerdo,
    Autorizacion,
    AvisoPrivacidad,
    Caso,
    ConsecutivoRadicado,
    Estado,
    MedioAutorizacion,
    NivelRiesgo,
    Parte,
    Persona,
    Resultado,
    TipoActuacion,
    TipoConflicto,
    clave_de_documento,
)
from demo.casos import PESOS_TIPO
from demo.escritor import Escritor, siguiente_id
from gestores.models import EstadoGestor, Gestor, Perfil, Rol
from municipios.models import Entidad, Municipio, Sector, TipoEntidad, TipoSector, Zona
from remisiones.models import Remision
from tableros import diarios

LOTE = 20_000
ANIOS = 5
NOMBRES = ["María", "José", "Luz", "Carlos", "Ana", "Luis", "Rosa", "Jorge", "Diana", "Andrés"]
APELLIDOS = ["Pérez", "Rodríguez", "Gómez", "Martínez", "De la Hoz", "Barrios", "Ortega", "Polo"]
RESULTADOS = {
    Resultado.ACUERDO_TOTAL: 38,
    Resultado.ACUERDO_PARCIAL: 14,
    Resultado.SIN_ACUERDO: 16,
    Resultado.REMITIDO_RESUELTO: 17,
    Resultado.DESISTIMIENTO: 9,
    Resultado.NO_LOCALIZADO: 6,
}
ENTIDAD_SUGERIDA = {
    TipoEntidad.COMISARIA_FAMILIA,
    TipoEntidad.ESTACION_MEBAR,
    TipoEntidad.INSPECCION_URBANA,
    TipoEntidad.CENTRO_CONCILIACION,
}


@dataclass
class Contexto:
    municipio: Municipio
    sectores: list[int]
    entidades: dict[str, int]
    gestores: list[int]
    personas: list[int] = field(default_factory=list)


def _preparar_municipio(municipio: Municipio, azar: random.Random) -> Contexto:
    """Sectores, entidades y gestores que el municipio necesite (los crea con el ORM: son pocos)."""
    if Sector.objects.filter(municipio=municipio).count() < 10:
        for i in range(20):
            Sector.objects.get_or_create(
                municipio=municipio,
                nombre=f"Sector {i + 1:02d} de {municipio.nombre}",
                defaults={
                    "tipo": TipoSector.VEREDA if i >= 16 else TipoSector.BARRIO,
                    "zona": Zona.RURAL if i >= 16 else Zona.URBANA,
                },
            )
    for tipo in ENTIDAD_SUGERIDA:
        if not Entidad.objects.filter(municipio=municipio, tipo=tipo).exists():
            Entidad.objects.create(
                municipio=municipio, tipo=tipo, nombre=f"{TipoEntidad(tipo).label} {municipio}"
            )
    gestores = list(
        Perfil.objects.filter(
            municipio=municipio, rol=Rol.GESTOR, gestor__certificado_en__isnull=False
        ).values_list("usuario_id", flat=True)
    )
    from django.contrib.auth import get_user_model

    usuarios = get_user_model()
    for i in range(len(gestores), 12):
        usuario = usuarios.objects.create_user(
            username=f"escala.{municipio.sigla.lower()}.{i + 1:02d}",
            first_name=azar.choice(NOMBRES),
            last_name=azar.choice(APELLIDOS),
            password=None,
        )
        perfil = Perfil.objects.create(usuario=usuario, rol=Rol.GESTOR, municipio=municipio)
        Gestor.objects.create(
            perfil=perfil,
            documento=f"{9_000_000_000 + municipio.pk * 1000 + i}",
            estado=EstadoGestor.ACTIVO,
            fecha_ingreso=datetime.date(2021, 1, 15),
            certificado_en=datetime.date(2021, 4, 1),
        )
        gestores.append(usuario.pk)
    entidades = {}
    for tipo, pk in Entidad.objects.filter(municipio=municipio, activa=True).values_list(
        "tipo", "pk"
    ):
        entidades.setdefault(tipo, pk)
    return Contexto(
        municipio=municipio,
        sectores=list(Sector.objects.filter(municipio=municipio).values_list("pk", flat=True)),
        entidades=entidades,
        gestores=gestores,
    )


def _reparto(total: int, municipios: list[Municipio]) -> dict[int, int]:
    """Casos por municipio en proporción a su población (partes iguales si falta el dato)."""
    pesos = {m.pk: (m.poblacion or 100_000) for m in municipios}
    suma = sum(pesos.values())
    reparto = {pk: total * peso // suma for pk, peso in pesos.items()}
    reparto[municipios[0].pk] += total - sum(reparto.values())
    return reparto


def sembrar(casos: int, *, semilla: int = 2026, salida=None) -> dict[str, int]:
    """Crea `casos` casos con todo lo suyo. Devuelve cuántas filas escribió por tabla."""
    azar = random.Random(semilla)
    imprimir = salida or (lambda _texto: None)
    escritor = Escritor()
    hoy = timezone.localdate()
    ahora = timezone.now()
    zona = timezone.get_current_timezone()
    primer_dia = hoy - datetime.timedelta(days=365 * ANIOS)
    dias_rango = (hoy - primer_dia).days
    tipos = dict(TipoConflicto.objects.filter(nombre__in=PESOS_TIPO).values_list("nombre", "pk"))
    entidad_de_tipo = dict(TipoConflicto.objects.values_list("pk", "entidad_sugerida"))
    nombres_tipo = list(tipos)
    pesos_tipo = [PESOS_TIPO[n] for n in nombres_tipo]
    resultados, pesos_resultado = list(RESULTADOS), list(RESULTADOS.values())
    inicio = time.monotonic()

    with transaction.atomic():
        municipios = list(Municipio.objects.order_by("codigo_dane"))
        contextos = {m.pk: _preparar_municipio(m, azar) for m in municipios}
        reparto = _reparto(casos, municipios)
        consecutivos = defaultdict(int)
        for municipio_id, anio, ultimo in ConsecutivoRadicado.objects.values_list(
            "municipio_id", "anio", "ultimo"
        ):
            consecutivos[(municipio_id, anio)] = ultimo
        modelos = (Caso, Persona, Autorizacion, Parte, Actuacion, Remision, Acuerdo)
        ids = {m: siguiente_id(m) for m in modelos}
        aviso = AvisoPrivacidad.vigente()

        campos_persona = [
            "id", "tipo_documento", "numero_documento", "nombres", "apellidos", "sexo", "edad",
            "enfoque_etnico", "enfoque_discapacidad", "enfoque_victima", "enfoque_migrante",
            "enfoque_lgbtiq", "telefono", "direccion", "correo", "autorizacion", "creado",
            "municipio",
            "clave_documento", "revisar_duplicado",
        ]  # fmt: skip
        campos_autorizacion = [
            "id", "persona", "medio", "aviso", "finalidades", "capturada_en", "soporte",
            "tipo_contenido", "motivo_revocacion",
        ]  # fmt: skip
        campos_caso = [
            "id", "radicado", "municipio", "anio", "consecutivo", "sector", "direccion",
            "fecha_hechos", "fecha_recepcion", "canal", "tipo", "relato", "nivel_riesgo", "estado",
            "resultado", "gestor", "registrado_por", "creado", "actualizado", "cerrado_en",
            "version", "token_registro",
        ]  # fmt: skip
        campos_parte = ["id", "caso", "persona", "rol"]
        campos_actuacion = [
            "id", "caso", "tipo", "fecha", "descripcion", "autor", "estado_anterior",
            "estado_nuevo", "creado",
        ]  # fmt: skip
        campos_remision = [
            "id", "caso", "entidad", "motivo", "medio", "fecha_envio", "fecha_limite", "estado",
            "fecha_recepcion", "fecha_respuesta", "respuesta", "accion_tomada",
            "archivo_respuesta", "medio_recepcion", "fecha_devolucion", "motivo_devolucion",
            "enviada_por",
        ]  # fmt: skip
        campos_acuerdo = [
            "id", "caso", "fecha", "descripcion", "fecha_verificacion", "verificado_en",
            "resultado_verificacion", "observacion_verificacion", "registrado_por",
        ]  # fmt: skip

        pendientes = defaultdict(list)

        def volcar(forzar=False):
            orden = [
                (Persona, campos_persona),
                (Autorizacion, campos_autorizacion),
                (Caso, campos_caso),
                (Parte, campos_parte),
                (Actuacion, campos_actuacion),
                (Remision, campos_remision),
                (Acuerdo, campos_acuerdo),
            ]
            if forzar or len(pendientes[Caso]) >= LOTE:
                for modelo, campos in orden:
                    escritor.escribir(modelo, campos, pendientes[modelo])
                    pendientes[modelo] = []

        def nuevo_id(modelo):
            valor = ids[modelo]
            ids[modelo] += 1
            return valor

        def persona(ctx: Contexto, creado, ya: set[int]) -> int:
            # Una de cada cinco partes es alguien que ya estuvo en otro caso del municipio.
            if ctx.personas and azar.random() < 0.2:
                elegida = azar.choice(ctx.personas)
                if elegida not in ya:
                    return elegida
            pk = nuevo_id(Persona)
            sexo = "mujer" if azar.random() < 0.52 else "hombre"
            menor = azar.random() < 0.06
            autoriza = azar.random() < 0.8
            autorizacion = nuevo_id(Autorizacion) if autoriza else None
            if autoriza:
                pendientes[Autorizacion].append(
                    (
                        autorizacion,
                        pk,
                        MedioAutorizacion.ANTERIOR,
                        aviso.pk,
                        aviso.finalidades,
                        creado,
                        "",
                        "",
                        "",
                    )
                )
            numero = str(3_000_000_000 + pk)
            pendientes[Persona].append(
                (
                    pk,
                    "TI" if menor else "CC",
                    numero,
                    azar.choice(NOMBRES),
                    f"{azar.choice(APELLIDOS)} {azar.choice(APELLIDOS)}",
                    sexo,
                    azar.randint(12, 17) if menor else azar.randint(18, 85),
                    azar.random() < 0.05,
                    azar.random() < 0.03,
                    azar.random() < 0.07,
                    azar.random() < 0.08,
                    azar.random() < 0.02,
                    f"300 {pk % 1000:03d} {pk % 10000:04d}" if autoriza else "",
                    f"Calle {pk % 90} # {pk % 40}-{pk % 99}" if autoriza else "",
                    # Un correo de mentira (dominio .invalid) para una de cada tres que autorizan.
                    f"persona{pk}@demo.convivencia.invalid" if autoriza and pk % 3 == 0 else "",
                    autorizacion,
                    creado,
                    ctx.municipio.pk,
                    clave_de_documento(numero),
                    False,
                )
            )
            ctx.personas.append(pk)
            return pk

        for municipio in municipios:
            ctx = contextos[municipio.pk]
            for _ in range(reparto[municipio.pk]):
                caso_id = nuevo_id(Caso)
                recepcion = primer_dia + datetime.timedelta(
                    days=int(dias_rango * azar.random() ** 0.8)
                )
                anio = recepcion.year
                consecutivos[(municipio.pk, anio)] += 1
                consecutivo = consecutivos[(municipio.pk, anio)]
                creado = datetime.datetime.combine(
                    recepcion, datetime.time(azar.randint(8, 17), azar.randint(0, 59)), tzinfo=zona
                )
                creado = min(creado, ahora)
                tipo = tipos[azar.choices(nombres_tipo, pesos_tipo)[0]]
                edad_dias = (hoy - recepcion).days
                gestor = azar.choice(ctx.gestores)
                # Los casos viejos casi todos cerrados; los recientes, en todos los estados.
                if (edad_dias > 120 and azar.random() < 0.93) or azar.random() < 0.45:
                    estado = Estado.CERRADO if azar.random() < 0.95 else Estado.ARCHIVADO
                else:
                    estado = azar.choice(
                        [Estado.REGISTRADO, Estado.EN_GESTION, Estado.EN_MEDIACION, Estado.REMITIDO]
                    )
                resultado = (
                    azar.choices(resultados, pesos_resultado)[0] if estado == Estado.CERRADO else ""
                )
                cerrado_en = None
                if estado == Estado.CERRADO:
                    cerrado_en = min(
                        creado + datetime.timedelta(days=azar.randint(1, 75), hours=2), ahora
                    )
                ultimo = cerrado_en or min(creado + datetime.timedelta(days=3), ahora)
                pendientes[Caso].append(
                    (
                        caso_id,
                        f"{municipio.sigla}-{anio}-{consecutivo:05d}",
                        municipio.pk,
                        anio,
                        consecutivo,
                        azar.choice(ctx.sectores) if azar.random() < 0.95 else None,
                        f"Calle {caso_id % 90} # {caso_id % 40}-{caso_id % 99}",
                        recepcion - datetime.timedelta(days=azar.randint(0, 7)),
                        recepcion,
                        azar.choices(["presencial", "visita", "telefono", "remitido", "de_oficio"],
                                     [45, 20, 20, 10, 5])[0],
                        tipo,
                        "Relato de escala.",
                        azar.choices(NivelRiesgo.values, [60, 30, 10])[0],
                        estado,
                        resultado,
                        gestor,
                        gestor,
                        creado,
                        ultimo,
                        cerrado_en,
                        1,
                        uuid.UUID(int=azar.getrandbits(128), version=4),
                    )
                )  # fmt: skip
                en_el_caso: set[int] = set()
                roles = ["solicitante", "convocado"] + (["afectado"] if azar.random() < 0.3 else [])
                for rol in roles:
                    persona_id = persona(ctx, creado, en_el_caso)
                    en_el_caso.add(persona_id)
                    pendientes[Parte].append((nuevo_id(Parte), caso_id, persona_id, rol))
                pasos = [(TipoActuacion.REGISTRO, creado)]
                for _paso in range(azar.randint(0, 3)):
                    pasos.append(
                        (
                            azar.choice([TipoActuacion.LLAMADA, TipoActuacion.VISITA,
                                         TipoActuacion.SESION_MEDIACION]),
                            creado + (ultimo - creado) * azar.random(),
                        )
                    )  # fmt: skip
                if cerrado_en:
                    pasos.append((TipoActuacion.CAMBIO_ESTADO, cerrado_en))
                for tipo_actuacion, fecha in pasos:
                    cambio = tipo_actuacion == TipoActuacion.CAMBIO_ESTADO
                    pendientes[Actuacion].append(
                        (
                            nuevo_id(Actuacion), caso_id, tipo_actuacion, fecha, "Seguimiento.",
                            gestor, Estado.EN_GESTION if cambio else "",
                            Estado.CERRADO if cambio else "", fecha,
                        )
                    )  # fmt: skip
                if (
                    estado == Estado.REMITIDO
                    or resultado == Resultado.REMITIDO_RESUELTO
                    or (azar.random() < 0.05)
                ):
                    entidad = (
                        ctx.entidades.get(entidad_de_tipo.get(tipo))
                        or ctx.entidades.get(TipoEntidad.INSPECCION_URBANA)
                        or next(iter(ctx.entidades.values()))
                    )
                    envio = min(creado.date() + datetime.timedelta(days=azar.randint(0, 5)), hoy)
                    limite = envio + datetime.timedelta(days=14)
                    suerte = azar.random()
                    if suerte < 0.6 and envio + datetime.timedelta(days=3) <= hoy:
                        respuesta = min(envio + datetime.timedelta(days=azar.randint(2, 25)), hoy)
                        fila = (
                            "respondida",
                            envio,
                            respuesta,
                            "Se atendió el caso.",
                            "Citación a las partes.",
                            "",
                            None,
                            "",
                        )
                    elif suerte < 0.65:
                        fila = (
                            "devuelta",
                            None,
                            None,
                            "",
                            "",
                            "",
                            envio,
                            "No es de su competencia.",
                        )
                    elif suerte < 0.8:
                        fila = ("recibida", envio, None, "", "", "sistema", None, "")
                    else:
                        fila = ("enviada", None, None, "", "", "", None, "")
                    estado_r, recibida, respondida, texto, accion, medio_r, devuelta, motivo = fila
                    pendientes[Remision].append(
                        (
                            nuevo_id(Remision), caso_id, entidad, "Remisión por competencia.",
                            "oficio", envio, limite, estado_r, recibida, respondida, texto, accion,
                            "", medio_r, devuelta, motivo, gestor,
                        )
                    )  # fmt: skip
                if resultado in (Resultado.ACUERDO_TOTAL, Resultado.ACUERDO_PARCIAL):
                    fecha = cerrado_en.astimezone(zona).date()
                    verificacion = fecha + datetime.timedelta(days=30)
                    verificado = verificacion <= hoy and azar.random() < 0.75
                    pendientes[Acuerdo].append(
                        (
                            nuevo_id(Acuerdo), caso_id, fecha, "Acuerdo de convivencia.",
                            verificacion, verificacion if verificado else None,
                            azar.choices(["cumplido", "parcial", "incumplido"], [60, 25, 15])[0]
                            if verificado else "",
                            "", gestor,
                        )
                    )  # fmt: skip
                volcar()
            imprimir(f"  {municipio.nombre}: {reparto[municipio.pk]} casos")
        volcar(forzar=True)

        for (municipio_id, anio), ultimo in consecutivos.items():
            ConsecutivoRadicado.objects.update_or_create(
                municipio_id=municipio_id, anio=anio, defaults={"ultimo": ultimo}
            )
        _actividades(escritor, azar, contextos, casos, primer_dia, hoy, zona)
        escritor.reiniciar_secuencias(
            [Persona, Autorizacion, Caso, Parte, Actuacion, Remision, Acuerdo, Actividad,
             Asistencia, ConteoAsistencia, ConsecutivoRadicado]
        )  # fmt: skip
        # COPY no pasa por las señales que mantienen los resúmenes de los tableros: se rehacen.
        imprimir("  resúmenes de los tableros…")
        diarios.recalcular()
    if escritor.postgres and not connection.in_atomic_block:
        # Fuera de la transacción: el mapa de visibilidad habilita las lecturas solo de índice.
        with connection.cursor() as cursor:
            for modelo in (Caso, Parte, Persona, Actuacion, Remision, Acuerdo, Asistencia,
                           *diarios.TABLAS):  # fmt: skip
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(modelo._meta.db_table)}")
    imprimir(f"Listo en {time.monotonic() - inicio:.0f} s.")
    return dict(escritor.filas_escritas)


def _actividades(escritor, azar, contextos, casos, primer_dia, hoy, zona):
    """Una actividad por cada 50 casos, con asistencia individual y, a veces, contada."""
    ids_actividad = siguiente_id(Actividad)
    ids_asistencia = siguiente_id(Asistencia)
    actividades, asistencias, conteos = [], [], []
    tipos = [t for t in TipoActividad.values if t != TipoActividad.CAPACITACION]
    ahora = timezone.now()
    total = max(1, casos // 50)
    lista = list(contextos.values())
    pesos = [len(c.personas) + 1 for c in lista]
    for _ in range(total):
        ctx = azar.choices(lista, pesos)[0]
        dia = primer_dia + datetime.timedelta(days=azar.randint(0, (hoy - primer_dia).days))
        inicio = datetime.datetime.combine(dia, datetime.time(azar.randint(8, 17)), tzinfo=zona)
        realizada = inicio < ahora and azar.random() < 0.9
        estado = EstadoActividad.REALIZADA if realizada else EstadoActividad.PROGRAMADA
        pk = ids_actividad
        ids_actividad += 1
        actividades.append(
            (pk, ctx.municipio.pk, azar.choice(tipos), "Convivencia y Código de Policía", estado,
             "", azar.choice(ctx.sectores), "Salón comunal", inicio,
             inicio + datetime.timedelta(hours=2), PublicoObjetivo.COMUNIDAD, "", ctx.gestores[0],
             inicio)
        )  # fmt: skip
        if realizada and ctx.personas:
            for persona in azar.sample(ctx.personas, k=min(len(ctx.personas), azar.randint(3, 15))):
                asistencias.append(
                    (ids_asistencia, pk, persona, azar.choice(["mujer", "hombre"]),
                     azar.choice(GrupoEdad.values[:-1]), False, False, azar.random() < 0.07,
                     azar.random() < 0.08, False, "", f"{azar.getrandbits(96):024x}",
                     ctx.gestores[0], inicio)
                )  # fmt: skip
                ids_asistencia += 1
            if azar.random() < 0.3:
                conteos.append((pk, "mujer", "29_59", azar.randint(5, 40)))
                conteos.append((pk, "hombre", "29_59", azar.randint(5, 40)))
    campos_actividad = [
        "id", "municipio", "tipo", "tema", "estado", "motivo_cancelacion", "sector", "lugar",
        "inicio", "fin", "publico_objetivo", "compromisos", "registrada_por", "creado",
    ]  # fmt: skip
    campos_asistencia = [
        "id", "actividad", "persona", "sexo", "grupo_edad", "enfoque_etnico",
        "enfoque_discapacidad", "enfoque_victima", "enfoque_migrante", "enfoque_lgbtiq",
        "comparendo", "codigo", "registrada_por", "creado",
    ]  # fmt: skip
    for i in range(0, len(actividades), LOTE):
        escritor.escribir(Actividad, campos_actividad, actividades[i : i + LOTE])
    for i in range(0, len(asistencias), LOTE):
        escritor.escribir(Asistencia, campos_asistencia, asistencias[i : i + LOTE])
    escritor.escribir(ConteoAsistencia, ["actividad", "sexo", "grupo_edad", "cantidad"], conteos)
