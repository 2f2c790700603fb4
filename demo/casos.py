"""Casos de demostración: unos 60 por municipio activo en los últimos 12 meses, en todos los
estados, con partes que se repiten entre casos, actuaciones, remisiones (respondidas y vencidas)
y acuerdos (algunos verificados).

Se crean con los servicios de verdad (cada transición deja su actuación y su auditoría) y luego
se reparten las fechas en el año, como si se hubieran registrado el día en que llegaron.
"""

import datetime
import random

from django.utils import timezone
from faker import Faker

from casos import services
from casos.models import (
    Actuacion,
    Caso,
    DocumentoMediacionTipo,
    Estado,
    NivelRiesgo,
    Resultado,
    TipoConflicto,
)
from casos.personas import DatosAutorizacion
from casos.services import DatosCompromiso, DatosParte
from comun.modelos import guardar
from gestores.models import Rol
from mediacion import services as servicios_mediacion
from mediacion.models import Citacion, EstadoSesion, SesionMediacion, TipoLugar
from municipios.models import Entidad, Sector, TipoEntidad
from remisiones import services as servicios_remision
from tableros import diarios

# Peso de cada tipo de conflicto en la demo (los vecinales comunes pesan más).
PESOS_TIPO = {
    "Ruido y alteración de la tranquilidad": 22,
    "Riñas y agresiones": 10,
    "Perturbación de la posesión, linderos y servidumbres": 9,
    "Basuras y escombros": 9,
    "Animales (tenencia, ruido, agresiones)": 10,
    "Ocupación del espacio público": 7,
    "Urbanismo y construcciones": 5,
    "Actividad económica (establecimientos, ventas)": 6,
    "Propiedad horizontal": 4,
    "Deudas y arriendos": 6,
    "Violencia intrafamiliar": 4,
    "Presunto delito (amenazas, hurto, lesiones)": 3,
    "Otro": 5,
}
RELATOS = {
    "Ruido y alteración de la tranquilidad": "Música a alto volumen hasta la madrugada.",
    "Riñas y agresiones": "Discusión entre vecinos que terminó en empujones frente a la tienda.",
    "Perturbación de la posesión, linderos y servidumbres": "El vecino corrió la cerca del patio.",
    "Basuras y escombros": "Dejan escombros y bolsas de basura en la esquina del parque.",
    "Animales (tenencia, ruido, agresiones)": "Un perro suelto mordió a un niño en la cuadra.",
    "Ocupación del espacio público": "Un taller ocupa el andén con carros en reparación.",
    "Urbanismo y construcciones": "Construcción de un segundo piso que tapa la ventana del vecino.",
    "Actividad económica (establecimientos, ventas)": "Un estadero sin horario, gente en la calle.",
    "Propiedad horizontal": "Desacuerdo por el uso del parqueadero común del conjunto.",
    "Deudas y arriendos": "El arrendatario debe tres meses y no entrega la vivienda.",
    "Violencia intrafamiliar": "Gritos y golpes reportados por los vecinos en una vivienda.",
    "Presunto delito (amenazas, hurto, lesiones)": "Amenazas por mensajes de WhatsApp.",
    "Otro": "Conflicto por el uso de la cancha del barrio.",
}


def _telefono(azar: random.Random) -> str:
    return f"3{azar.randint(0, 25):02d} {azar.randint(100, 999)} {azar.randint(1000, 9999)}"


def _correo(numero: int) -> str:
    return f"persona.{numero}@demo.convivencia.invalid"


def _direccion(azar: random.Random, via: str) -> str:
    return f"{via} {azar.randint(1, 60)} # {azar.randint(1, 40)}-{azar.randint(1, 99)}"


def _personas(fake: Faker, azar: random.Random, cantidad: int, base: int) -> list[DatosParte]:
    personas = []
    for i in range(cantidad):
        sexo = azar.choice(["mujer", "hombre"])
        menor = azar.random() < 0.06
        autoriza = azar.random() < 0.8
        personas.append(
            DatosParte(
                rol="solicitante",
                tipo_documento="TI" if menor else azar.choices(["CC", "CE", "PPT"], [90, 3, 7])[0],
                numero_documento=str(base + i * 37),
                nombres=fake.first_name_female() if sexo == "mujer" else fake.first_name_male(),
                apellidos=f"{fake.last_name()} {fake.last_name()}",
                sexo=sexo,
                edad=azar.randint(12, 17) if menor else azar.randint(18, 82),
                autorizacion=DatosAutorizacion(medio="verbal" if autoriza else ""),
                telefono=_telefono(azar) if autoriza else "",
                direccion=_direccion(azar, "Calle") if autoriza else "",
                # Sin tocar `azar` (la demo sigue siendo la misma): un correo de mentira para una de
                # cada tres personas que autorizan.
                correo=_correo(base + i * 37) if autoriza and i % 3 == 0 else "",
                enfoque_migrante=azar.random() < 0.08,
                enfoque_victima=azar.random() < 0.07,
                enfoque_etnico=azar.random() < 0.05,
            )
        )
    return personas


def _entidad(municipio, tipo: TipoConflicto) -> Entidad:
    entidades = {e.tipo: e for e in Entidad.objects.filter(municipio=municipio, activa=True)}
    return entidades.get(tipo.entidad_sugerida) or entidades[TipoEntidad.INSPECCION_URBANA]


def cargar_casos_demo(municipio, *, casos: int, semilla: int) -> int:
    """Crea `casos` casos en `municipio` si aún no tiene ninguno. Devuelve cuántos creó."""
    if casos <= 0 or Caso.objects.filter(municipio=municipio).exists():
        return 0
    fake = Faker("es_CO")
    fake.seed_instance(semilla)
    azar = random.Random(semilla)
    # Solo los gestores certificados responden por casos.
    gestores = list(
        municipio.perfiles.filter(
            rol=Rol.GESTOR, usuario__is_active=True, gestor__certificado_en__isnull=False
        )
        .select_related("usuario")
        .order_by("usuario__username")
    )
    if not gestores:
        return 0
    tipos = {t.nombre: t for t in TipoConflicto.objects.filter(nombre__in=PESOS_TIPO)}
    nombres_tipo = [n for n in PESOS_TIPO if n in tipos]
    sectores = list(Sector.objects.filter(municipio=municipio))
    # Un grupo de personas menor que el número de partes: algunas aparecen en varios casos.
    personas = _personas(fake, azar, max(4, casos * 3 // 2), 1_020_000_000 + semilla * 10_000)
    hoy = timezone.localdate()

    for _ in range(casos):
        recepcion = hoy - datetime.timedelta(days=azar.randint(0, 364))
        tipo = tipos[azar.choices(nombres_tipo, [PESOS_TIPO[n] for n in nombres_tipo])[0]]
        riesgo = azar.choices(NivelRiesgo.values, [60, 30, 10])[0]
        gestor = azar.choice(gestores).usuario
        elegidas = azar.sample(personas, k=azar.choice([2, 2, 2, 3]))
        partes = [
            DatosParte(**(vars(p) | {"rol": rol}))
            for p, rol in zip(elegidas, ["solicitante", "convocado", "afectado"], strict=False)
        ]
        caso, _creado = services.caso_registrar(
            municipio=municipio,
            autor=gestor,
            gestor=gestor,
            tipo=tipo,
            sector=azar.choice(sectores) if sectores else None,
            direccion=_direccion(azar, "Carrera"),
            fecha_hechos=recepcion - datetime.timedelta(days=azar.randint(0, 5)),
            fecha_recepcion=recepcion,
            canal=azar.choices(
                ["presencial", "visita", "telefono", "remitido", "de_oficio"], [45, 20, 20, 10, 5]
            )[0],
            relato=RELATOS.get(tipo.nombre, "Conflicto entre vecinos."),
            nivel_riesgo=riesgo,
            partes=partes,
            remitir_a_mebar=riesgo == NivelRiesgo.ALTO and azar.random() < 0.6,
        )
        if caso.estado == Estado.REMITIDO:
            _seguir_remision(caso.remisiones.get(), caso, gestor, recepcion, hoy, azar)
        else:
            _avanzar(caso, tipo, gestor, recepcion, hoy, azar)
        _repartir_fechas(caso, recepcion, hoy)
    return casos


def _avanzar(caso, tipo, gestor, recepcion, hoy, azar):
    """Lleva el caso por un camino realista según su antigüedad."""
    edad = (hoy - recepcion).days
    if azar.random() < (0.6 if edad < 7 else 0.04):
        return  # recién llegado (o olvidado): registrado
    if azar.random() < 0.04:
        services.caso_archivar(caso=caso, autor=gestor, motivo="Caso duplicado.")
        return
    services.actuacion_registrar(
        caso=caso, autor=gestor, tipo="llamada", descripcion="Primer contacto con las partes."
    )
    if azar.random() < (0.5 if edad < 20 else 0.1):
        return  # en gestión
    if not tipo.mediable or azar.random() < 0.25:
        envio = min(hoy, recepcion + datetime.timedelta(days=azar.randint(1, 5)))
        remision = servicios_remision.caso_remitir(
            caso=caso,
            autor=gestor,
            entidad=_entidad(caso.municipio, tipo),
            motivo="Competencia de la entidad según el tipo de conflicto.",
            medio=azar.choice(["oficio", "correo", "telefono"]),
            fecha_envio=envio,
        )
        _seguir_remision(remision, caso, gestor, recepcion, hoy, azar)
        return
    services.caso_iniciar_mediacion(caso=caso, autor=gestor)
    # Los detalles de la mediación salen de su propio azar: el del resto de la demo (qué casos
    # se remiten, a quién, cómo terminan) sigue siendo el mismo de antes de las sesiones.
    detalle = random.Random(caso.pk)
    sesion = _sesion_realizada(caso, gestor, recepcion, hoy, detalle)
    if azar.random() < (0.5 if edad < 30 else 0.12):
        # En mediación; la mayoría, con la sesión siguiente ya programada (la agenda).
        if detalle.random() < 0.7:
            _sesion_programada(caso, gestor, hoy, detalle)
        return
    if azar.random() < 0.25:
        resultado = azar.choice([Resultado.SIN_ACUERDO, Resultado.DESISTIMIENTO])
        if resultado == Resultado.SIN_ACUERDO:
            servicios_mediacion.documento_emitir(
                caso=caso, autor=gestor, tipo=DocumentoMediacionTipo.NO_ACUERDO, sesion=sesion
            )
        services.caso_cerrar(caso=caso, autor=gestor, resultado=resultado)
        return
    fecha = min(
        hoy,
        max(
            timezone.localtime(sesion.inicio).date(),
            recepcion + datetime.timedelta(days=azar.randint(5, 15)),
        ),
    )
    verificacion = fecha + datetime.timedelta(days=30)
    partes = list(caso.partes.order_by("pk")[:2])
    acuerdo = services.acuerdo_registrar(
        caso=caso,
        autor=gestor,
        fecha=fecha,
        descripcion="Las partes acuerdan convivir respetando horarios y espacios comunes.",
        fecha_verificacion=verificacion,
        compromisos=[
            DatosCompromiso(p, "Cumplir lo acordado en la sesión de mediación.", verificacion)
            for p in partes
        ],
    )
    parcial = detalle.random() < 0.25
    servicios_mediacion.documento_emitir(
        caso=caso,
        autor=gestor,
        tipo=DocumentoMediacionTipo.ACTA_PARCIAL if parcial else DocumentoMediacionTipo.ACTA_TOTAL,
        acuerdo=acuerdo,
    )
    if verificacion <= hoy and azar.random() < 0.75:
        resultado = azar.choices(["cumplido", "parcial", "incumplido"], [65, 20, 15])[0]
        services.acuerdo_verificar(
            acuerdo=acuerdo,
            autor=gestor,
            fecha=min(hoy, verificacion + datetime.timedelta(days=azar.randint(0, 5))),
            resultado=resultado,
        )
        if resultado == "incumplido":
            cierre = Resultado.SIN_ACUERDO
        else:
            cierre = Resultado.ACUERDO_PARCIAL if parcial else Resultado.ACUERDO_TOTAL
        services.caso_cerrar(caso=caso, autor=gestor, resultado=cierre)


def _sesion_realizada(caso, gestor, recepcion, hoy, azar) -> SesionMediacion:
    """Una sesión que ya pasó (días después de recibido el caso), con las partes que vinieron.

    Se escribe con el modelo y no con `sesion_programar`, que no programa en el pasado: la demo
    cuenta lo que habría pasado en el año."""
    dia = min(hoy, recepcion + datetime.timedelta(days=azar.randint(2, 10)))
    inicio = timezone.make_aware(
        datetime.datetime.combine(dia, datetime.time(azar.choice([9, 10, 15])))
    )
    inicio = min(inicio, timezone.now() - datetime.timedelta(hours=1))
    en_el_sector = caso.sector_id and azar.random() < 0.7
    sesion = guardar(
        SesionMediacion(
            caso=caso,
            numero=1,
            inicio=inicio,
            tipo_lugar=TipoLugar.SALON_COMUNAL if en_el_sector else TipoLugar.CASA_JUSTICIA,
            sector=caso.sector if en_el_sector else None,
            lugar=f"Salón comunal de {caso.sector.nombre}" if en_el_sector else "Casa de justicia",
            estado=EstadoSesion.REALIZADA,
            resumen="Sesión de mediación con las partes: se escucharon ambas versiones.",
            programada_por=gestor,
            registrada_en=inicio + datetime.timedelta(hours=1),
        ),
        gestor,
    )
    for parte in caso.partes.all():
        guardar(Citacion(sesion=sesion, parte=parte, asistio=azar.random() < 0.9), gestor)
    services.actuacion_anotar(
        caso, gestor, "sesion_mediacion", "Sesión 1 realizada con las partes.", fecha=inicio
    )
    return sesion


def _sesion_programada(caso, gestor, hoy, azar):
    dia = hoy + datetime.timedelta(days=azar.randint(1, 6))
    servicios_mediacion.sesion_programar(
        caso=caso,
        autor=gestor,
        datos=servicios_mediacion.DatosSesion(
            inicio=timezone.make_aware(
                datetime.datetime.combine(dia, datetime.time(azar.choice([9, 14, 16])))
            ),
            tipo_lugar=TipoLugar.SALON_COMUNAL if caso.sector_id else TipoLugar.OFICINA,
            lugar=f"Salón comunal de {caso.sector.nombre}"
            if caso.sector_id
            else "Oficina del programa de convivencia",
            sector=caso.sector,
        ),
        partes=list(caso.partes.all()),
    )


def _seguir_remision(remision, caso, gestor, recepcion, hoy, azar):
    """Lo que hizo la entidad con la remisión: nada aún, acusar recibo, responder o devolverla."""
    envio = remision.fecha_envio
    edad = (hoy - recepcion).days
    destino = azar.random()
    if (hoy - envio).days > 5 and destino < 0.08:
        servicios_remision.remision_devolver(
            remision=remision,
            autor=gestor,
            fecha=min(hoy, envio + datetime.timedelta(days=3)),
            motivo="La entidad informa que el asunto no es de su competencia.",
        )
        return
    if destino < 0.2:
        servicios_remision.remision_registrar_recepcion(
            remision=remision, autor=gestor, fecha=envio, medio="telefono"
        )
    if (hoy - envio).days > 5 and 0.2 <= destino < 0.85:
        respuesta = min(hoy, envio + datetime.timedelta(days=azar.randint(2, 20)))
        servicios_remision.remision_registrar_respuesta(
            remision=remision,
            autor=gestor,
            fecha=respuesta,
            respuesta="La entidad citó a las partes y tomó medidas.",
        )
        if edad > 40 and azar.random() < 0.8:
            services.caso_cerrar(caso=caso, autor=gestor, resultado=Resultado.REMITIDO_RESUELTO)


def _repartir_fechas(caso: Caso, recepcion: datetime.date, hoy: datetime.date):
    """Fechas de las actuaciones como si el caso se hubiera trabajado en su momento.

    Solo para la demo, y solo en Actuacion (que no se audita: es ella misma la bitácora). Los
    modelos auditados no se tocan con update().
    """
    caso = Caso.objects.get(pk=caso.pk)
    zona = timezone.get_current_timezone()
    inicio = datetime.datetime.combine(recepcion, datetime.time(9, 0), tzinfo=zona)
    dias = max(0, (hoy - recepcion).days)
    if caso.cerrado_en:
        # Un caso cerrado se trabajó entre una semana y dos meses, no hasta hoy.
        dias = min(dias, 7 + caso.pk * 7 % 53)
    actuaciones = list(Actuacion.objects.filter(caso=caso).order_by("pk"))
    fecha = inicio
    for i, actuacion in enumerate(actuaciones):
        paso = 0 if len(actuaciones) == 1 else dias * i // (len(actuaciones) - 1)
        fecha = min(inicio + datetime.timedelta(days=paso, hours=i), timezone.now())
        Actuacion.objects.filter(pk=actuacion.pk).update(fecha=fecha, creado=fecha)
    # update() no pasa por las señales: la última actuación del caso abierto, al día.
    diarios.actualizar(abiertos={caso.pk})
    if caso.cerrado_en:
        # El cierre es la última actuación; la auditoría ya registró el cierre de verdad.
        caso.cerrado_en = fecha
        caso.skip_history_when_saving = True
        caso.save(update_fields=["cerrado_en"])
