"""Demostración de la formación y las actividades (DESIGN §6).

El currículo de los gestores, sesiones de capacitación realizadas (los tres gestores principales
de la demo completan los módulos obligatorios y quedan certificados; los demás van a medias), y
unas 20 socializaciones, actividades pedagógicas, jornadas y mesas por municipio activo, con
asistencia individual y contada.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from faker import Faker

from capacitaciones import services
from capacitaciones.models import (
    Actividad,
    GrupoEdad,
    Modulo,
    PublicoObjetivo,
    TipoActividad,
)
from casos.models import Sexo
from casos.personas import DatosAutorizacion
from casos.services import DatosParte
from gestores.models import Gestor, Rol
from municipios.models import OrganizacionComunitaria, Sector

CURRICULO = [
    # (orden, nombre, horas, obligatorio)
    (10, "Código Nacional de Seguridad y Convivencia Ciudadana (Ley 1801 de 2016)", 8, True),
    (20, "Mediación comunitaria y métodos alternativos de solución de conflictos", 12, True),
    (30, "Rutas de atención y remisión institucional", 6, True),
    (40, "Enfoque diferencial, género y derechos humanos", 6, True),
    (50, "Protección de datos personales (Ley 1581 de 2012)", 2, True),
    (60, "Primeros auxilios psicológicos", 4, False),
]
PRINCIPALES = {"gestor.galapa", "gestor.malambo", "gestor.puerto"}
TEMAS = {
    TipoActividad.SOCIALIZACION: [
        "Presentación de la estrategia de convivencia a la JAC",
        "Socialización del Código de Convivencia con líderes",
        "Ruta de atención de conflictos vecinales",
    ],
    TipoActividad.PEDAGOGICA: [
        "Actividad pedagógica: convivencia y tranquilidad (art. 33)",
        "Actividad pedagógica: riñas y agresiones (art. 27)",
        "Actividad pedagógica: espacio público (art. 140)",
    ],
    TipoActividad.JORNADA: ["Jornada de promoción de la convivencia en el parque"],
    TipoActividad.MESA: ["Mesa de articulación con inspección y estación MEBAR"],
}


def cargar_curriculo() -> list[Modulo]:
    modulos = []
    for orden, nombre, horas, obligatorio in CURRICULO:
        modulo, _ = Modulo.objects.get_or_create(
            nombre=nombre,
            defaults={"orden": orden, "horas": Decimal(horas), "obligatorio": obligatorio},
        )
        modulos.append(modulo)
    return modulos


def _momento(fecha: datetime.date, hora: int) -> datetime.datetime:
    return datetime.datetime.combine(
        fecha, datetime.time(hora, 0), tzinfo=timezone.get_current_timezone()
    )


def cargar_actividades_demo(municipio, *, actividades: int, semilla: int) -> int:
    """Formación y actividades de `municipio` si aún no tiene ninguna. Devuelve cuántas creó."""
    if Actividad.objects.filter(municipio=municipio).exists():
        return 0
    azar = random.Random(semilla)
    fake = Faker("es_CO")
    fake.seed_instance(semilla)
    modulos = cargar_curriculo()
    gestores = list(
        Gestor.objects.filter(perfil__municipio=municipio, perfil__rol=Rol.GESTOR).select_related(
            "perfil__usuario"
        )
    )
    coordinador = municipio.perfiles.filter(rol=Rol.COORDINADOR).first()
    autor = coordinador.usuario if coordinador else gestores[0].perfil.usuario
    creadas = 0

    # Capacitación: una sesión por módulo, entre febrero y marzo de 2026 (horas = las del módulo).
    for i, modulo in enumerate(modulos):
        dia = datetime.date(2026, 2, 9) + datetime.timedelta(days=7 * i)
        horas = int(modulo.horas)
        sesiones = (
            [(dia, horas)]
            if horas <= 8
            else [(dia, horas // 2), (dia + datetime.timedelta(days=1), horas - horas // 2)]
        )
        for fecha, duracion in sesiones:
            sesion = services.actividad_registrar(
                municipio=municipio,
                autor=autor,
                tipo=TipoActividad.CAPACITACION,
                tema=modulo.nombre,
                modulo=modulo,
                lugar="Casa de la Cultura",
                inicio=_momento(fecha, 8),
                fin=_momento(fecha, 8) + datetime.timedelta(hours=duracion),
                publico_objetivo=PublicoObjetivo.GESTORES,
                facilitadores=[autor],
            )
            asistentes = [
                g
                for g in gestores
                if g.perfil.usuario.username in PRINCIPALES or azar.random() < 0.5
            ]
            services.asistencia_gestores_registrar(
                actividad=sesion, autor=autor, gestores=asistentes
            )
            services.actividad_marcar_realizada(actividad=sesion, autor=autor)
            creadas += 1

    # Socializaciones, actividades pedagógicas, jornadas y mesas en los últimos 12 meses.
    sectores = list(Sector.objects.filter(municipio=municipio))
    organizaciones = list(OrganizacionComunitaria.objects.filter(sector__municipio=municipio))
    hoy = timezone.localdate()
    tipos = [
        TipoActividad.SOCIALIZACION,
        TipoActividad.PEDAGOGICA,
        TipoActividad.JORNADA,
        TipoActividad.MESA,
    ]
    for _ in range(actividades):
        tipo = azar.choices(tipos, [45, 35, 12, 8])[0]
        fecha = hoy + datetime.timedelta(days=azar.randint(-330, 30))
        inicio = _momento(fecha, azar.choice([9, 14, 17]))
        sector = azar.choice(sectores) if sectores else None
        actividad = services.actividad_registrar(
            municipio=municipio,
            autor=autor,
            tipo=tipo,
            tema=azar.choice(TEMAS[tipo]),
            lugar=f"Salón comunal {sector.nombre}" if sector else "Alcaldía",
            inicio=inicio,
            fin=inicio + datetime.timedelta(hours=azar.choice([2, 3, 4])),
            publico_objetivo={
                TipoActividad.SOCIALIZACION: azar.choice(
                    [PublicoObjetivo.JAC, PublicoObjetivo.LIDERES, PublicoObjetivo.COMUNIDAD]
                ),
                TipoActividad.PEDAGOGICA: PublicoObjetivo.REMITIDOS,
                TipoActividad.JORNADA: PublicoObjetivo.COMUNIDAD,
                TipoActividad.MESA: PublicoObjetivo.INSTITUCIONES,
            }[tipo],
            sector=sector,
            facilitadores=[azar.choice(gestores).perfil.usuario],
            organizaciones=azar.sample(organizaciones, k=min(2, len(organizaciones)))
            if tipo == TipoActividad.SOCIALIZACION
            else [],
        )
        creadas += 1
        if fecha > hoy:
            continue  # programada
        if azar.random() < 0.08:
            services.actividad_cancelar(actividad=actividad, autor=autor, motivo="Lluvia fuerte.")
            continue
        individuales = (
            azar.randint(3, 8) if tipo == TipoActividad.PEDAGOGICA else azar.randint(0, 4)
        )
        for j in range(individuales):
            sexo = azar.choice([Sexo.MUJER, Sexo.HOMBRE])
            services.asistencia_registrar(
                actividad=actividad,
                autor=autor,
                datos=DatosParte(
                    rol="",
                    tipo_documento="CC",
                    numero_documento=str(1_100_000_000 + semilla * 1000 + creadas * 10 + j),
                    nombres=fake.first_name_female()
                    if sexo == Sexo.MUJER
                    else fake.first_name_male(),
                    apellidos=fake.last_name(),
                    sexo=sexo,
                    edad=azar.randint(18, 70),
                    autorizacion=DatosAutorizacion(medio="verbal"),
                    enfoque_migrante=azar.random() < 0.1,
                ),
                comparendo=f"08-{semilla % 1000:03d}-{azar.randint(100000, 999999)}"
                if tipo == TipoActividad.PEDAGOGICA
                else "",
                organizacion=azar.choice(organizaciones)
                if organizaciones and azar.random() < 0.3
                else None,
            )
        if tipo in (TipoActividad.SOCIALIZACION, TipoActividad.JORNADA):
            conteos = {
                (sexo, grupo): azar.randint(0, 6)
                for sexo in (Sexo.MUJER, Sexo.HOMBRE)
                for grupo in (GrupoEdad.JUVENTUD, GrupoEdad.ADULTEZ, GrupoEdad.VEJEZ)
            }
            total = sum(conteos.values())
            services.conteos_guardar(
                actividad=actividad,
                autor=autor,
                por_sexo_y_edad=conteos,
                por_enfoque={
                    "migrante": min(total, azar.randint(0, 3)),
                    "victima": min(total, azar.randint(0, 2)),
                },
            )
        services.actividad_marcar_realizada(actividad=actividad, autor=autor)
    return creadas
