"""Un conjunto de datos conocido en Galapa (octubre de 2026) y sus cifras exactas esperadas.

Casos de Galapa (G1 certificado, G2 en formación):
  c3  G1  recibido el 20/09, cerrado el 02/10 con acuerdo parcial (12 días)
  c1  G1  recibido el 05/10, cerrado el 15/10 con acuerdo total (10 días); reincidente (P en c3)
  c4  G2  recibido el 10/10 sin sector, riesgo medio, cerrado el 02/11
  c2  G1  recibido el 31/10 a las 23:30 de Bogotá (ya 1/11 en UTC), riesgo alto, zona rural,
          cerrado ese mismo minuto sin acuerdo (0 días); reincidente (Q en c4)
  c5  G2  recibido el 03/11, abierto y sin actuaciones recientes
Remisiones: c4 → inspección el 12/10, respondida el 20/10 (8 días); c2 → MEBAR el 31/10,
respondida el 05/11 (después del periodo); c3 → inspección el 21/09 (antes).
Acuerdos: c1 verificado cumplido el 25/10; c3 verificado incumplido el 10/11.
Actividades: socialización realizada el 08/10 (2 registrados + 5 contados, 2 migrantes
contados); pedagógica realizada el 31/10 a las 23:00 (1 registrada); jornada programada el
20/10; pedagógica realizada el 01/11 a las 00:30 (fuera).
Malambo: un caso recibido el 15/10 que no debe contarse para Galapa.
"""

import datetime

import pytest
from django.utils import timezone

from capacitaciones.models import EstadoActividad, TipoActividad
from casos.models import Estado, TipoConflicto
from gestores.models import Rol
from municipios.models import TipoEntidad, Zona
from tests import factories as f

OCTUBRE = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))


def bogota(*args):
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def datos_octubre(galapa, malambo):
    ruido = TipoConflicto.objects.get(nombre__startswith="Ruido")
    rinas = TipoConflicto.objects.get(nombre__startswith="Riñas")
    urbano = f.SectorFactory(municipio=galapa, zona=Zona.URBANA)
    rural = f.SectorFactory(municipio=galapa, zona=Zona.RURAL, tipo="vereda")
    g1 = f.GestorFactory(
        perfil__municipio=galapa, perfil__usuario__first_name="Ana", perfil__usuario__last_name="A"
    ).perfil.usuario
    g2 = f.GestorFactory(
        perfil__municipio=galapa,
        perfil__usuario__first_name="Beto",
        perfil__usuario__last_name="B",
        certificado_en=None,
    ).perfil.usuario

    def caso(recibido, gestor, **kwargs):
        return f.CasoFactory(
            municipio=galapa,
            fecha_hechos=recibido,
            fecha_recepcion=recibido,
            gestor=gestor,
            tipo=kwargs.pop("tipo", ruido),
            sector=kwargs.pop("sector", urbano),
            **kwargs,
        )

    cerrado = {"estado": Estado.CERRADO}
    c3 = caso(
        datetime.date(2026, 9, 20),
        g1,
        **cerrado,
        resultado="acuerdo_parcial",
        cerrado_en=bogota(2026, 10, 2, 10),
    )
    c1 = caso(
        datetime.date(2026, 10, 5),
        g1,
        **cerrado,
        resultado="acuerdo_total",
        cerrado_en=bogota(2026, 10, 15, 12),
    )
    c4 = caso(
        datetime.date(2026, 10, 10),
        g2,
        sector=None,
        nivel_riesgo="medio",
        **cerrado,
        resultado="remitido_resuelto",
        cerrado_en=bogota(2026, 11, 2, 9),
    )
    c2 = caso(
        datetime.date(2026, 10, 31),
        g1,
        tipo=rinas,
        sector=rural,
        nivel_riesgo="alto",
        creado=bogota(2026, 10, 31, 23, 30),
        **cerrado,
        resultado="sin_acuerdo",
        cerrado_en=bogota(2026, 10, 31, 23, 30),
    )
    c5 = caso(datetime.date(2026, 11, 3), g2, estado=Estado.EN_GESTION)
    f.CasoFactory(
        municipio=malambo,
        fecha_hechos=datetime.date(2026, 10, 15),
        fecha_recepcion=datetime.date(2026, 10, 15),
    )

    p, q = f.PersonaFactory(), f.PersonaFactory()
    f.ParteFactory(caso=c3, persona=p)
    f.ParteFactory(caso=c1, persona=p)
    f.ParteFactory(caso=c4, persona=q)
    f.ParteFactory(caso=c2, persona=q)
    f.ParteFactory(caso=c5)

    inspeccion = f.EntidadFactory(municipio=galapa, tipo=TipoEntidad.INSPECCION_URBANA)
    mebar = f.EntidadFactory(
        municipio=galapa, tipo=TipoEntidad.ESTACION_MEBAR, nombre="Estación MEBAR Galapa"
    )

    def respondida(caso, entidad, envio, respuesta):
        return f.RemisionFactory(
            caso=caso,
            entidad=entidad,
            fecha_envio=envio,
            estado="respondida",
            fecha_recepcion=envio,
            fecha_respuesta=respuesta,
            respuesta="Se citó a las partes.",
        )

    respondida(c4, inspeccion, datetime.date(2026, 10, 12), datetime.date(2026, 10, 20))
    respondida(c2, mebar, datetime.date(2026, 10, 31), datetime.date(2026, 11, 5))
    f.RemisionFactory(caso=c3, entidad=inspeccion, fecha_envio=datetime.date(2026, 9, 21))

    f.AcuerdoFactory(
        caso=c1,
        fecha=datetime.date(2026, 10, 15),
        fecha_verificacion=datetime.date(2026, 10, 25),
        verificado_en=datetime.date(2026, 10, 25),
        resultado_verificacion="cumplido",
    )
    f.AcuerdoFactory(
        caso=c3,
        fecha=datetime.date(2026, 10, 2),
        fecha_verificacion=datetime.date(2026, 11, 10),
        verificado_en=datetime.date(2026, 11, 10),
        resultado_verificacion="incumplido",
    )

    registra = f.usuario_con_rol(Rol.COORDINADOR, galapa, usuario__username="t.coord.galapa")

    def actividad(tipo, inicio, estado=EstadoActividad.REALIZADA):
        return f.ActividadFactory(
            municipio=galapa,
            tipo=tipo,
            estado=estado,
            inicio=inicio,
            fin=inicio + datetime.timedelta(minutes=20),
            registrada_por=registra,
        )

    socializacion = actividad(TipoActividad.SOCIALIZACION, bogota(2026, 10, 8, 10))
    f.AsistenciaFactory(
        actividad=socializacion,
        persona=f.PersonaFactory(sexo="mujer"),
        grupo_edad="29_59",
        enfoque_etnico=True,
    )
    f.AsistenciaFactory(
        actividad=socializacion, persona=f.PersonaFactory(sexo="hombre"), grupo_edad="18_28"
    )
    socializacion.conteos.create(sexo="mujer", grupo_edad="60_mas", cantidad=5)
    socializacion.conteos_enfoque.create(enfoque="migrante", cantidad=2)
    pedagogica = actividad(TipoActividad.PEDAGOGICA, bogota(2026, 10, 31, 23))
    f.AsistenciaFactory(
        actividad=pedagogica, persona=f.PersonaFactory(sexo="mujer"), grupo_edad="12_17"
    )
    actividad(TipoActividad.JORNADA, bogota(2026, 10, 20, 9), EstadoActividad.PROGRAMADA)
    fuera = actividad(TipoActividad.PEDAGOGICA, bogota(2026, 11, 1, 0, 30))
    f.AsistenciaFactory(actividad=fuera, persona=f.PersonaFactory(sexo="hombre"))
    return {"casos": [c1, c2, c3, c4, c5], "gestores": [g1, g2]}
