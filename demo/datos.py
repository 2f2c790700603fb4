"""Datos de demostración: sectores reales, contactos y JAC ficticios, un usuario por rol.

Idempotente: cada fila se busca por su clave natural, así que correrlo dos veces no duplica
nada. Los nombres y teléfonos de personas son inventados (Faker, es_CO, semilla fija).
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from faker import Faker

from comun.modelos import actualizar
from demo.actividades import cargar_actividades_demo
from demo.casos import cargar_casos_demo
from gestores.models import EstadoGestor, Gestor, Rol
from gestores.services import gestor_registrar, usuario_crear, usuario_sincronizar_rol
from municipios.models import (
    Contacto,
    Entidad,
    Municipio,
    OrganizacionComunitaria,
    Sector,
    TipoEntidad,
    TipoOrganizacion,
    TipoSector,
    Zona,
)

CLAVE_DEMO = "convivencia-demo"

B, U, C, V = TipoSector.BARRIO, TipoSector.URBANIZACION, TipoSector.CORREGIMIENTO, TipoSector.VEREDA
SECTORES = {
    "08296": [  # Galapa
        ("Centro", B, Zona.URBANA),
        ("Villa Olímpica", U, Zona.URBANA),
        ("Mundo Feliz", B, Zona.URBANA),
        ("El Paraíso", B, Zona.URBANA),
        ("San Francisco", B, Zona.URBANA),
        ("Los Almendros", B, Zona.URBANA),
        ("Paluato", C, Zona.RURAL),
    ],
    "08433": [  # Malambo
        ("Centro", B, Zona.URBANA),
        ("El Concorde", B, Zona.URBANA),
        ("Mesolandia", B, Zona.URBANA),
        ("Bellavista", B, Zona.URBANA),
        ("La Milagrosa", B, Zona.URBANA),
        ("Villa Esperanza", U, Zona.URBANA),
        ("Caracolí", C, Zona.RURAL),
    ],
    "08573": [  # Puerto Colombia
        ("Centro", B, Zona.URBANA),
        ("Pradomar", U, Zona.URBANA),
        ("Villa Campestre", U, Zona.URBANA),
        ("Loma Fresca", B, Zona.URBANA),
        ("Salgar", C, Zona.RURAL),
        ("Sabanilla Montecarmelo", C, Zona.RURAL),
    ],
}

CARGOS = {
    TipoEntidad.SECRETARIA_GOBIERNO: "Secretario(a) de Gobierno",
    TipoEntidad.INSPECCION_URBANA: "Inspector(a) de Policía urbano(a)",
    TipoEntidad.INSPECCION_RURAL: "Inspector(a) de Policía rural",
    TipoEntidad.ESTACION_MEBAR: "Comandante de estación",
    TipoEntidad.COMISARIA_FAMILIA: "Comisario(a) de Familia",
}
HORARIO_OFICINA = "Lunes a viernes, 8:00 a. m. a 12:00 m. y 2:00 p. m. a 5:00 p. m."

# (usuario, rol, código DANE del municipio, nombre, apellido)
USUARIOS = [
    ("amb", Rol.AMB, None, "Equipo", "AMB"),
    ("coord.malambo", Rol.COORDINADOR, "08433", "Coordinación", "Malambo"),
    ("secretaria.galapa", Rol.SECRETARIA, "08296", "Secretaría", "Galapa"),
    ("gestor.galapa", Rol.GESTOR, "08296", "Gestor", "Galapa"),
    ("gestor.malambo", Rol.GESTOR, "08433", "Gestor", "Malambo"),
    ("gestor.puerto", Rol.GESTOR, "08573", "Gestor", "Puerto Colombia"),
]
# Enlaces institucionales de Galapa: (usuario, tipo de entidad, nombre, apellido)
ENLACES = [
    ("enlace.inspeccion.galapa", TipoEntidad.INSPECCION_URBANA, "Inspección", "Galapa"),
    ("enlace.mebar.galapa", TipoEntidad.ESTACION_MEBAR, "Estación MEBAR", "Galapa"),
    ("enlace.comisaria.galapa", TipoEntidad.COMISARIA_FAMILIA, "Comisaría", "Galapa"),
]
GESTORES_ADICIONALES_POR_MUNICIPIO = 2  # sin clave: solo para que las listas tengan gente


def _telefono(fake: Faker) -> str:
    return (
        f"3{fake.random_int(0, 25):02d} {fake.random_int(100, 999)} {fake.random_int(1000, 9999)}"
    )


@transaction.atomic
def cargar_demo(
    casos_por_municipio: int = 60, actividades_por_municipio: int = 20
) -> dict[str, int]:
    fake = Faker("es_CO")
    fake.seed_instance(2026)
    azar = random.Random(2026)
    municipios = {m.codigo_dane: m for m in Municipio.objects.activos()}
    creados = {
        "sectores": 0,
        "contactos": 0,
        "organizaciones": 0,
        "usuarios": 0,
        "actividades": 0,
        "casos": 0,
    }

    for codigo, municipio in municipios.items():
        sectores = []
        for nombre, tipo, zona in SECTORES.get(codigo, []):
            sector, nuevo = Sector.objects.get_or_create(
                municipio=municipio, nombre=nombre, defaults={"tipo": tipo, "zona": zona}
            )
            sectores.append(sector)
            creados["sectores"] += nuevo

        for entidad in Entidad.objects.filter(municipio=municipio):
            cambios = {}
            if not entidad.telefono:
                cambios["telefono"] = _telefono(fake)
            if not entidad.horario:
                cambios["horario"] = (
                    "Atención las 24 horas"
                    if entidad.tipo == TipoEntidad.ESTACION_MEBAR
                    else HORARIO_OFICINA
                )
            if cambios:
                actualizar(entidad, **cambios)
            cargo = CARGOS.get(entidad.tipo, "Funcionario(a) de enlace")
            if entidad.tipo == TipoEntidad.ESTACION_MEBAR:
                # Los comandantes rotan: uno anterior, ya no vigente, y el actual.
                _, nuevo = Contacto.objects.get_or_create(
                    entidad=entidad,
                    cargo=cargo,
                    vigente_desde=datetime.date(2024, 2, 1),
                    defaults={
                        "nombre": f"{fake.first_name()} {fake.last_name()}",
                        "telefono": _telefono(fake),
                        "vigente_hasta": datetime.date(2025, 12, 31),
                    },
                )
                creados["contactos"] += nuevo
            _, nuevo = Contacto.objects.get_or_create(
                entidad=entidad,
                cargo=cargo,
                vigente_desde=datetime.date(2026, 1, 1),
                defaults={
                    "nombre": f"{fake.first_name()} {fake.last_name()}",
                    "telefono": _telefono(fake),
                    "correo": f"enlace.{entidad.tipo}.{codigo}@demo.convivencia.invalid",
                },
            )
            creados["contactos"] += nuevo

        for sector in sectores:
            _, nuevo = OrganizacionComunitaria.objects.get_or_create(
                sector=sector,
                nombre=f"Junta de Acción Comunal {sector.nombre}",
                defaults={
                    "tipo": TipoOrganizacion.JAC,
                    "contacto_nombre": f"{fake.first_name()} {fake.last_name()}",
                    "contacto_cargo": "Presidente(a)",
                    "contacto_telefono": _telefono(fake),
                },
            )
            creados["organizaciones"] += nuevo
        if sectores:
            _, nuevo = OrganizacionComunitaria.objects.get_or_create(
                sector=sectores[0],
                nombre=f"Comité de Convivencia de {municipio.nombre}",
                defaults={
                    "tipo": TipoOrganizacion.COMITE_CONVIVENCIA,
                    "contacto_nombre": f"{fake.first_name()} {fake.last_name()}",
                    "contacto_cargo": "Vocero(a)",
                    "contacto_telefono": _telefono(fake),
                },
            )
            creados["organizaciones"] += nuevo

    usuarios = [
        (username, rol, codigo, nombre, apellido, CLAVE_DEMO)
        for username, rol, codigo, nombre, apellido in USUARIOS
    ]
    for codigo in sorted(municipios):
        for i in range(1, GESTORES_ADICIONALES_POR_MUNICIPIO + 1):
            sigla = municipios[codigo].sigla.lower()
            usuarios.append(
                (
                    f"gestor{i}.{sigla}",
                    Rol.GESTOR,
                    codigo,
                    fake.first_name(),
                    fake.last_name(),
                    None,
                )
            )

    User = get_user_model()
    for numero, (username, rol, codigo, nombre, apellido, clave) in enumerate(usuarios, start=1):
        municipio = municipios[codigo] if codigo else None
        usuario = User.objects.filter(username=username).select_related("perfil").first()
        if usuario is None:
            usuario = usuario_crear(
                username=username,
                password=clave,
                rol=rol,
                municipio=municipio,
                first_name=nombre,
                last_name=apellido,
                email=f"{username}@demo.convivencia.invalid",
                telefono=_telefono(fake),
            )
            creados["usuarios"] += 1
        else:
            if clave:
                usuario.set_password(clave)
                usuario.save(update_fields=["password"])
            usuario_sincronizar_rol(usuario=usuario)
        if rol == Rol.GESTOR and not Gestor.objects.filter(perfil__usuario=usuario).exists():
            propios = list(Sector.objects.filter(municipio=municipio).order_by("nombre"))
            gestor_registrar(
                usuario=usuario,
                documento=str(1_000_000_000 + numero * 7_919),
                fecha_ingreso=datetime.date(2026, 2, 2),
                sectores=azar.sample(propios, k=min(3, len(propios))),
                estado=EstadoGestor.ACTIVO if clave else EstadoGestor.EN_FORMACION,
            )
    galapa = municipios.get("08296")
    for username, tipo, nombre, apellido in ENLACES if galapa else []:
        usuario = User.objects.filter(username=username).first()
        if usuario is None:
            usuario_crear(
                username=username,
                password=CLAVE_DEMO,
                rol=Rol.ENLACE,
                municipio=galapa,
                entidad=Entidad.objects.get(municipio=galapa, tipo=tipo),
                first_name=nombre,
                last_name=apellido,
                email=f"{username}@demo.convivencia.invalid",
                telefono=_telefono(fake),
            )
            creados["usuarios"] += 1
        else:
            usuario.set_password(CLAVE_DEMO)
            usuario.save(update_fields=["password"])

    creados["actividades"] = sum(
        cargar_actividades_demo(
            municipio, actividades=actividades_por_municipio, semilla=int(codigo)
        )
        for codigo, municipio in sorted(municipios.items())
    )
    creados["casos"] = sum(
        cargar_casos_demo(municipio, casos=casos_por_municipio, semilla=int(codigo))
        for codigo, municipio in sorted(municipios.items())
    )
    return creados
