"""La migración que reparte el registro de personas por municipio (casos/0013-0015) no pierde
nada: una persona que estaba en casos y actividades de tres municipios queda como tres registros,
cada uno con sus partes, asistencias, historia y autorización; la solicitud de habeas data sigue
con el registro original."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# `remisiones` nació de `casos` después (casos/0017): antes de la 0012 no existe; `mediacion` y
# `tableros` dependen de migraciones de `casos` posteriores a la 0012.
ANTES = [
    ("casos", "0012_busqueda_por_nombre"),
    ("remisiones", None),
    ("mediacion", None),
    ("tableros", None),
]
GALAPA, MALAMBO, PUERTO = "08296", "08433", "08573"


def _migrar(destino):
    """Lleva la base a `destino` (las demás apps, a su última migración)."""
    executor = MigrationExecutor(connection)
    apps_destino = {app for app, _nombre in destino}
    destino = destino + [n for n in executor.loader.graph.leaf_nodes() if n[0] not in apps_destino]
    executor.migrate(destino)
    executor.loader.build_graph()
    return executor.loader.project_state([nodo for nodo in destino if nodo[1]]).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_la_migracion_reparte_a_quien_estaba_en_varios_municipios():
    apps = _migrar(ANTES)
    Municipio = apps.get_model("municipios", "Municipio")
    User = apps.get_model("auth", "User")
    Caso = apps.get_model("casos", "Caso")
    Persona = apps.get_model("casos", "Persona")
    HistoricaPersona = apps.get_model("casos", "HistoricalPersona")
    Parte = apps.get_model("casos", "Parte")
    HistoricaParte = apps.get_model("casos", "HistoricalParte")
    TipoConflicto = apps.get_model("casos", "TipoConflicto")
    Actividad = apps.get_model("capacitaciones", "Actividad")
    Asistencia = apps.get_model("capacitaciones", "Asistencia")
    Solicitud = apps.get_model("habeas", "SolicitudHabeasData")

    usuario = User.objects.create(username="migrador")
    tipo = TipoConflicto.objects.first()
    hoy = timezone.localdate()
    ahora = timezone.now()
    municipios = {m.codigo_dane: m for m in Municipio.objects.all()}
    rosa = Persona.objects.create(
        tipo_documento="CC",
        numero_documento="32654987",
        nombres="Rosa",
        apellidos="Mercado",
        telefono="300 111 2233",
        autoriza_datos=True,
        fecha_autorizacion=ahora,
    )
    sola = Persona.objects.create(tipo_documento="CC", numero_documento="11", nombres="Sola")
    HistoricaPersona.objects.create(
        id=rosa.pk,
        tipo_documento="CC",
        numero_documento="32654987",
        nombres="Rosa",
        apellidos="Mercado",
        telefono="300 111 2233",
        autoriza_datos=True,
        fecha_autorizacion=ahora,
        creado=ahora,
        history_date=ahora,
        history_type="+",
        history_user=usuario,
    )
    partes = {}
    for i, codigo in enumerate((GALAPA, MALAMBO)):
        caso = Caso.objects.create(
            radicado=f"M{i}-2026-00001",
            municipio=municipios[codigo],
            anio=2026,
            consecutivo=1,
            fecha_hechos=hoy - datetime.timedelta(days=2 - i),
            fecha_recepcion=hoy - datetime.timedelta(days=2 - i),
            canal="presencial",
            tipo=tipo,
            relato="Ruido",
            gestor=usuario,
            registrado_por=usuario,
        )
        partes[codigo] = Parte.objects.create(caso=caso, persona=rosa, rol="solicitante")
        HistoricaParte.objects.create(
            id=partes[codigo].pk,
            caso_id=caso.pk,
            persona_id=rosa.pk,
            rol="solicitante",
            history_date=ahora,
            history_type="+",
        )
    Parte.objects.create(caso=partes[MALAMBO].caso, persona=sola, rol="convocado")
    actividad = Actividad.objects.create(
        municipio=municipios[PUERTO],
        tipo="socializacion",
        tema="Código de Convivencia",
        lugar="Salón",
        inicio=ahora,
        fin=ahora + datetime.timedelta(hours=1),
        publico_objetivo="comunidad",
        registrada_por=usuario,
    )
    asistencia = Asistencia.objects.create(
        actividad=actividad, persona=rosa, sexo="mujer", grupo_edad="29_59", registrada_por=usuario
    )
    solicitud = Solicitud.objects.create(
        persona=rosa,
        tipo="consulta",
        recibida_el=hoy,
        fecha_limite=hoy + datetime.timedelta(days=14),
        fecha_limite_prorroga=hoy + datetime.timedelta(days=21),
        descripcion="Consulta",
        registrada_por=usuario,
    )

    _migrar([])
    from casos.models import Autorizacion
    from casos.models import Parte as ParteNueva
    from casos.models import Persona as PersonaNueva

    registros = PersonaNueva.objects.filter(numero_documento="32654987").order_by("pk")
    assert [p.municipio.codigo_dane for p in registros] == [GALAPA, MALAMBO, PUERTO]
    assert len({p.clave_documento for p in registros}) == 1
    assert registros[0].clave_documento
    original = registros[0]
    assert original.pk == rosa.pk
    for persona in registros:
        assert persona.nombres == "Rosa"
        assert persona.telefono == "300 111 2233"
        assert persona.autorizacion.medio == "anterior"
        assert persona.autorizacion.persona_id == persona.pk
        assert PersonaNueva.history.filter(id=persona.pk).count() == 1
    assert ParteNueva.objects.get(pk=partes[GALAPA].pk).persona_id == original.pk
    malambo = ParteNueva.objects.get(pk=partes[MALAMBO].pk).persona
    assert malambo.municipio.codigo_dane == MALAMBO
    assert ParteNueva.history.get(id=partes[MALAMBO].pk).persona_id == malambo.pk
    from capacitaciones.models import Asistencia as AsistenciaNueva
    from habeas.models import SolicitudHabeasData

    assert AsistenciaNueva.objects.get(pk=asistencia.pk).persona.municipio.codigo_dane == PUERTO
    assert SolicitudHabeasData.objects.get(pk=solicitud.pk).persona_id == original.pk
    assert PersonaNueva.objects.get(pk=sola.pk).municipio.codigo_dane == MALAMBO
    assert PersonaNueva.objects.get(pk=sola.pk).autorizacion is None
    assert Autorizacion.objects.count() == 3
