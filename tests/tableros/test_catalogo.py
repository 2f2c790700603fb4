"""Cada indicador del catálogo, uno por uno, con pocos datos hechos a su medida y su cifra exacta;
y las definiciones que ven los usuarios, generadas del catálogo."""

import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from capacitaciones.models import EstadoActividad, TipoActividad
from casos.models import Estado
from municipios.models import Zona
from tableros import catalogo, consultas
from tableros.catalogo import COMPARACION, INFORME, TABLERO
from tableros.catalogo import actividades as de_actividades
from tableros.catalogo import casos as de_casos
from tableros.catalogo import remisiones as de_remisiones
from tableros.periodos import Periodo
from tests import factories as f
from tests.conftest import GALAPA, ingresar

OCTUBRE = Periodo.mes(2026, 10)
SECCIONES_DEL_TABLERO = {
    "meses",
    "tipo",
    "riesgo",
    "zona",
    "resultados",
    "remisiones",
    "alertas",
    "acuerdos",
    "mediacion",
    "actividades",
    "participantes",
    "gestores",
}


def bogota(*args):
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())


def el_dia(dia: int, mes: int = 10) -> datetime.date:
    return datetime.date(2026, mes, dia)


def cifra(indicador, usuario, municipio, periodo=OCTUBRE):
    """La cifra de un solo indicador, sacada de los grupos que cuenta `consultas.reunir`."""
    return indicador.calculo(consultas.reunir(usuario, [municipio.pk], periodo), municipio)


def _n(filas) -> dict:
    return {fila["clave"]: fila["n"] for fila in filas}


@pytest.fixture
def gestor(galapa):
    return f.GestorFactory(
        perfil__municipio=galapa, perfil__usuario__first_name="Ana", perfil__usuario__last_name="A"
    ).perfil.usuario


@pytest.fixture
def caso(galapa, gestor):
    """Un caso de Galapa recibido el día dado (cerrado si se dice cuándo y cómo)."""

    def crear(recibido: datetime.date, municipio=None, **campos):
        if "cerrado_en" in campos:
            campos.setdefault("estado", Estado.CERRADO)
            campos.setdefault("resultado", "sin_acuerdo")
        if municipio is None:
            campos.update(municipio=galapa, gestor=gestor)
        else:
            campos["municipio"] = municipio  # con un gestor de ese municipio
        return f.CasoFactory(
            fecha_hechos=recibido,
            fecha_recepcion=recibido,
            **campos,
        )

    return crear


# — Casos —


def test_recibidos_por_su_fecha_de_recepcion(caso, galapa, malambo, usuario_amb):
    caso(el_dia(1))
    caso(el_dia(31))
    caso(el_dia(30, mes=9))  # antes del periodo
    caso(el_dia(1, mes=11))  # después
    caso(el_dia(15), municipio=malambo)  # otro municipio
    assert cifra(de_casos.RECIBIDOS, usuario_amb, galapa) == 2


def test_por_10000_habitantes_con_dos_decimales(caso, galapa, usuario_amb):
    galapa.poblacion = 30000
    galapa.save(update_fields=["poblacion"])
    caso(el_dia(2))
    assert cifra(de_casos.POR_10000, usuario_amb, galapa) == 0.33  # 1 por 10.000 / 30.000
    galapa.poblacion = None
    assert cifra(de_casos.POR_10000, usuario_amb, galapa) is None


def test_cerrados_por_el_dia_de_cierre_en_bogota(caso, galapa, usuario_amb):
    caso(el_dia(20, mes=9), cerrado_en=bogota(2026, 10, 2, 10))  # recibido antes: cuenta
    caso(el_dia(5), cerrado_en=bogota(2026, 10, 31, 23, 30))  # ya noviembre en UTC: cuenta
    caso(el_dia(6), cerrado_en=bogota(2026, 11, 1, 0, 30))  # 31 de octubre en UTC: no
    caso(el_dia(7))  # abierto
    assert cifra(de_casos.CERRADOS, usuario_amb, galapa) == 2


def test_con_acuerdo_y_tasa_de_acuerdo(caso, galapa, usuario_amb):
    caso(el_dia(1), cerrado_en=bogota(2026, 10, 3, 9), resultado="acuerdo_total")
    caso(el_dia(1), cerrado_en=bogota(2026, 10, 4, 9), resultado="acuerdo_parcial")
    caso(el_dia(1), cerrado_en=bogota(2026, 10, 5, 9), resultado="sin_acuerdo")
    assert cifra(de_casos.CON_ACUERDO_TOTAL_O_PARCIAL, usuario_amb, galapa) == 2
    assert cifra(de_casos.TASA_ACUERDO, usuario_amb, galapa) == 66.7


def test_tasa_de_acuerdo_sin_cerrados_no_existe(caso, galapa, usuario_amb):
    caso(el_dia(1))
    assert cifra(de_casos.TASA_ACUERDO, usuario_amb, galapa) is None


def test_mediana_de_dias_para_cerrar(caso, galapa, usuario_amb):
    caso(el_dia(1), cerrado_en=bogota(2026, 10, 1, 18))  # 0 días
    caso(el_dia(1), cerrado_en=bogota(2026, 10, 4, 9))  # 3
    caso(el_dia(1), cerrado_en=bogota(2026, 10, 11, 9))  # 10
    caso(el_dia(1), cerrado_en=bogota(2026, 10, 21, 9))  # 20
    assert cifra(de_casos.MEDIANA_DIAS_CIERRE, usuario_amb, galapa) == 6.5  # (3 + 10) / 2


def test_reincidentes_y_tasa_de_reincidencia(caso, galapa, usuario_amb):
    persona = f.PersonaFactory(municipio=galapa)
    f.ParteFactory(caso=caso(el_dia(20, mes=9)), persona=persona)  # el primero, antes
    f.ParteFactory(caso=caso(el_dia(3)), persona=persona)  # reincidente
    f.ParteFactory(caso=caso(el_dia(4)))
    f.ParteFactory(caso=caso(el_dia(5)))
    assert cifra(de_casos.REINCIDENTES, usuario_amb, galapa) == 1
    assert cifra(de_casos.TASA_REINCIDENCIA, usuario_amb, galapa) == 33.3


def test_reincidentes_de_otro_municipio(caso, galapa, malambo, usuario_amb):
    documento = {"tipo_documento": "CC", "numero_documento": "77000111"}
    en_malambo = f.PersonaFactory(municipio=malambo, **documento)
    f.ParteFactory(caso=caso(el_dia(1, mes=9), municipio=malambo), persona=en_malambo)
    en_galapa = f.PersonaFactory(municipio=galapa, **documento)
    f.ParteFactory(caso=caso(el_dia(8)), persona=en_galapa)
    f.ParteFactory(caso=caso(el_dia(9)))
    assert de_casos.REINCIDENTES_FUERA.calculo is None  # tiene su propia consulta
    fuera = consultas.reincidentes_de_otro_municipio(usuario_amb, [galapa.pk], OCTUBRE)
    assert fuera == {galapa.pk: 1}


def test_serie_mensual(caso, galapa, usuario_amb):
    caso(el_dia(20, mes=9), cerrado_en=bogota(2026, 10, 2, 9))
    caso(el_dia(3))
    caso(el_dia(4))
    periodo = Periodo(el_dia(1, mes=9), el_dia(31))
    assert cifra(de_casos.SERIE, usuario_amb, galapa, periodo) == {
        "meses": [el_dia(1, mes=9), el_dia(1)],
        "recibidos": [1, 2],
        "cerrados": [0, 1],
    }


def test_por_tipo_de_mas_a_menos(caso, galapa, usuario_amb):
    rinas = f.TipoConflictoFactory(nombre="Riñas y agresiones")
    caso(el_dia(2))
    caso(el_dia(3), tipo=rinas)
    caso(el_dia(4), tipo=rinas)
    filas = cifra(de_casos.POR_TIPO, usuario_amb, galapa)
    assert [(fila["etiqueta"], fila["n"]) for fila in filas[:2]] == [
        ("Riñas y agresiones", 2),
        ("Ruido y alteración de la tranquilidad", 1),
    ]
    assert sum(fila["n"] for fila in filas) == 3


def test_por_zona_con_los_sin_sector(caso, galapa, usuario_amb):
    caso(el_dia(2), sector=f.SectorFactory(municipio=galapa, zona=Zona.URBANA))
    caso(el_dia(3), sector=f.SectorFactory(municipio=galapa, zona=Zona.RURAL, tipo="vereda"))
    caso(el_dia(4), sector=None)
    caso(el_dia(5), sector=None)
    assert _n(cifra(de_casos.POR_ZONA, usuario_amb, galapa)) == {
        "urbana": 1,
        "rural": 1,
        None: 2,
    }


def test_por_riesgo(caso, galapa, usuario_amb):
    caso(el_dia(2), nivel_riesgo="alto")
    caso(el_dia(3), nivel_riesgo="alto")
    caso(el_dia(4))
    assert _n(cifra(de_casos.POR_RIESGO, usuario_amb, galapa)) == {
        "bajo": 1,
        "medio": 0,
        "alto": 2,
    }


def test_resultados_de_los_cerrados_en_el_periodo(caso, galapa, usuario_amb):
    caso(el_dia(2), cerrado_en=bogota(2026, 10, 9, 9), resultado="acuerdo_total")
    caso(el_dia(2), cerrado_en=bogota(2026, 11, 9, 9), resultado="acuerdo_total")  # después
    caso(el_dia(2), cerrado_en=bogota(2026, 10, 9, 9), resultado="desistimiento")
    resultados = _n(cifra(de_casos.RESULTADOS, usuario_amb, galapa))
    assert (resultados["acuerdo_total"], resultados["desistimiento"]) == (1, 1)
    assert sum(resultados.values()) == 2


def test_alertas_de_los_abiertos_hoy(caso, galapa, usuario_amb, gestor):
    sin_seguimiento = caso(el_dia(1), estado=Estado.EN_GESTION)
    f.RemisionFactory(caso=sin_seguimiento, fecha_envio=el_dia(2))  # vencida, sin respuesta
    al_dia = caso(el_dia(1), estado=Estado.EN_GESTION)
    f.ActuacionFactory(caso=al_dia, autor=gestor)
    caso(el_dia(1), cerrado_en=bogota(2026, 10, 3, 9))  # cerrado: sin alertas
    # Una foto de hoy: el periodo no cambia la cifra.
    for periodo in (OCTUBRE, Periodo.mes(2025, 1)):
        assert _n(cifra(de_casos.VENCIDOS, usuario_amb, galapa, periodo)) == {
            "seguimiento": 1,
            "remision": 1,
            "verificacion": 0,
        }


def test_acuerdos_verificados_por_su_fecha_de_verificacion(caso, galapa, usuario_amb):
    def acuerdo(verificado_en, resultado):
        f.AcuerdoFactory(
            caso=caso(el_dia(1)),
            fecha=el_dia(2),
            fecha_verificacion=verificado_en,
            verificado_en=verificado_en,
            resultado_verificacion=resultado,
        )

    acuerdo(el_dia(20), "cumplido")
    acuerdo(el_dia(21), "cumplido")
    acuerdo(el_dia(22), "parcial")
    acuerdo(el_dia(2, mes=11), "incumplido")  # después del periodo
    assert _n(cifra(de_casos.VERIFICACIONES, usuario_amb, galapa)) == {
        "cumplido": 2,
        "parcial": 1,
        "incumplido": 0,
    }


# — Remisiones —


@pytest.fixture
def remisiones(caso, galapa):
    """Enviadas en octubre: a la inspección, una respondida a los 4 días y otra a los 10; a la
    MEBAR, una respondida en noviembre (sin respuesta para octubre) y una devuelta el 20/10."""
    inspeccion = f.EntidadFactory(municipio=galapa, nombre="Inspección de Galapa")
    mebar = f.EntidadFactory(municipio=galapa, nombre="MEBAR Galapa", tipo="estacion_mebar")

    def remision(entidad, envio, **campos):
        if campos.get("estado") == "respondida":
            campos["fecha_recepcion"] = envio
        return f.RemisionFactory(caso=caso(el_dia(1)), entidad=entidad, fecha_envio=envio, **campos)

    respondida = {"estado": "respondida", "respuesta": "Se citó a las partes."}
    remision(inspeccion, el_dia(2), fecha_respuesta=el_dia(6), **respondida)
    remision(inspeccion, el_dia(5), fecha_respuesta=el_dia(15), **respondida)
    remision(mebar, el_dia(28), fecha_respuesta=el_dia(3, mes=11), **respondida)
    devuelta = {"estado": "devuelta", "motivo_devolucion": "No es de su competencia."}
    remision(mebar, el_dia(10), fecha_devolucion=el_dia(20), **devuelta)
    remision(mebar, el_dia(30, mes=9))  # enviada antes del periodo


def test_remisiones_enviadas_en_el_periodo(remisiones, galapa, usuario_amb):
    assert cifra(de_remisiones.ENVIADAS, usuario_amb, galapa) == 4


def test_remisiones_respondidas_a_mas_tardar_el_ultimo_dia(remisiones, galapa, usuario_amb):
    assert cifra(de_remisiones.RESPONDIDAS, usuario_amb, galapa) == 2
    noviembre = Periodo(el_dia(1), el_dia(30, mes=11))
    assert cifra(de_remisiones.RESPONDIDAS, usuario_amb, galapa, noviembre) == 3


def test_remisiones_devueltas_a_mas_tardar_el_ultimo_dia(remisiones, galapa, usuario_amb):
    assert cifra(de_remisiones.DEVUELTAS, usuario_amb, galapa) == 1
    septiembre = Periodo(el_dia(1, mes=9), el_dia(30, mes=9))
    assert cifra(de_remisiones.DEVUELTAS, usuario_amb, galapa, septiembre) == 0


def test_tasa_de_respuesta(remisiones, galapa, usuario_amb):
    assert cifra(de_remisiones.TASA_RESPUESTA, usuario_amb, galapa) == 50.0


def test_mediana_de_dias_de_respuesta(remisiones, galapa, usuario_amb):
    assert cifra(de_remisiones.MEDIANA_DEMORA, usuario_amb, galapa) == 7.0  # (4 + 10) / 2


def test_remisiones_por_entidad(remisiones, galapa, usuario_amb):
    filas = {
        fila["entidad"]: fila for fila in cifra(de_remisiones.POR_ENTIDAD, usuario_amb, galapa)
    }
    inspeccion, mebar = filas["Inspección de Galapa"], filas["MEBAR Galapa"]
    assert (inspeccion["enviadas"], inspeccion["respondidas"], inspeccion["devueltas"]) == (2, 2, 0)
    assert (inspeccion["tasa_respuesta"], inspeccion["mediana_demora"]) == (100.0, 7.0)
    assert (mebar["enviadas"], mebar["respondidas"], mebar["devueltas"]) == (2, 0, 1)
    assert (mebar["tasa_respuesta"], mebar["mediana_demora"]) == (0.0, None)


# — Actividades, participantes y gestores —


@pytest.fixture
def actividades(galapa):
    """Una socialización realizada (2 registrados, una étnica; 3 contados, 1 migrante), una
    jornada programada y una pedagógica realizada el 1/11 a las 00:30 (fuera de octubre)."""
    registra = f.usuario_con_rol("coordinador", galapa)

    def actividad(tipo, inicio, estado=EstadoActividad.REALIZADA):
        return f.ActividadFactory(
            municipio=galapa,
            tipo=tipo,
            estado=estado,
            inicio=inicio,
            fin=inicio + datetime.timedelta(hours=1),
            registrada_por=registra,
        )

    socializacion = actividad(TipoActividad.SOCIALIZACION, bogota(2026, 10, 8, 10))
    f.AsistenciaFactory(
        actividad=socializacion,
        persona=f.PersonaFactory(sexo="mujer"),
        grupo_edad="18_28",
        enfoque_etnico=True,
    )
    f.AsistenciaFactory(actividad=socializacion, persona=f.PersonaFactory(sexo="hombre"))
    socializacion.conteos.create(sexo="mujer", grupo_edad="60_mas", cantidad=3)
    socializacion.conteos_enfoque.create(enfoque="migrante", cantidad=1)
    programada = actividad(
        TipoActividad.JORNADA, bogota(2026, 10, 20, 9), EstadoActividad.PROGRAMADA
    )
    f.AsistenciaFactory(actividad=programada)  # no cuenta: no se ha realizado
    fuera = actividad(TipoActividad.PEDAGOGICA, bogota(2026, 11, 1, 0, 30))
    f.AsistenciaFactory(actividad=fuera)


def test_actividades_realizadas(actividades, galapa, usuario_amb):
    assert cifra(de_actividades.REALIZADAS, usuario_amb, galapa) == 1


def test_actividades_por_tipo_y_estado(actividades, galapa, usuario_amb):
    filas = {
        a["clave"]: a for a in cifra(de_actividades.POR_TIPO_DE_ACTIVIDAD, usuario_amb, galapa)
    }
    assert filas["socializacion"]["realizadas"] == 1
    assert filas["jornada"]["programadas"] == 1
    assert filas["pedagogica"]["realizadas"] == 0  # empezó el 1 de noviembre en Bogotá


def test_participantes_registrados_mas_contados(actividades, galapa, usuario_amb):
    assert cifra(de_actividades.PARTICIPANTES, usuario_amb, galapa) == 5  # 2 + 3


def test_participantes_por_sexo(actividades, galapa, usuario_amb):
    assert _n(cifra(de_actividades.POR_SEXO, usuario_amb, galapa)) == {
        "mujer": 4,
        "hombre": 1,
        "intersexual": 0,
        "no_informa": 0,
    }


def test_participantes_por_edad(actividades, galapa, usuario_amb):
    edades = _n(cifra(de_actividades.POR_EDAD, usuario_amb, galapa))
    assert (edades["18_28"], edades["29_59"], edades["60_mas"]) == (1, 1, 3)
    assert sum(edades.values()) == 5


def test_participantes_por_enfoque(actividades, galapa, usuario_amb):
    enfoques = _n(cifra(de_actividades.POR_ENFOQUE, usuario_amb, galapa))
    assert (enfoques["etnico"], enfoques["migrante"], enfoques["victima"]) == (1, 1, 0)


@pytest.fixture
def gestores(caso, galapa, gestor):
    """Ana (certificada): un caso abierto recibido en octubre y uno cerrado en octubre; Beto (en
    formación): un caso abierto de septiembre; Ceci, inactiva."""
    beto = f.GestorFactory(
        perfil__municipio=galapa,
        perfil__usuario__first_name="Beto",
        perfil__usuario__last_name="B",
        certificado_en=None,
    ).perfil.usuario
    f.GestorFactory(perfil__municipio=galapa, perfil__usuario__is_active=False)
    caso(el_dia(3), estado=Estado.EN_GESTION)
    caso(el_dia(20, mes=9), cerrado_en=bogota(2026, 10, 5, 9))
    f.CasoFactory(
        municipio=galapa,
        gestor=beto,
        fecha_hechos=el_dia(10, mes=9),
        fecha_recepcion=el_dia(10, mes=9),
        estado=Estado.EN_GESTION,
    )


def test_gestores_activos_y_certificados(gestores, galapa, usuario_amb):
    assert cifra(de_actividades.ACTIVOS, usuario_amb, galapa) == 2
    assert cifra(de_actividades.CERTIFICADOS, usuario_amb, galapa) == 1


def test_carga_de_los_gestores(gestores, galapa, usuario_amb):
    filas = {g["nombre"]: g for g in cifra(de_actividades.CARGA, usuario_amb, galapa)}
    assert set(filas) == {"Ana A", "Beto B"}
    ana, beto = filas["Ana A"], filas["Beto B"]
    assert (ana["abiertos"], ana["recibidos"], ana["cerrados"]) == (1, 1, 1)
    assert (beto["abiertos"], beto["recibidos"], beto["cerrados"]) == (1, 0, 0)
    assert beto["certificado_en"] is None


# — El catálogo y sus definiciones —


def test_cada_indicador_tiene_nombre_y_definicion_en_espanol():
    claves = [indicador.clave for indicador in catalogo.CATALOGO]
    assert len(claves) == len(set(claves)) == 35
    for indicador in catalogo.CATALOGO:
        nombre, definicion = str(indicador.nombre), str(indicador.definicion)
        assert nombre[:1].isupper(), indicador.clave
        assert len(definicion) > 40, indicador.clave
        assert definicion.endswith("."), indicador.clave
        # Cada definición dice de qué fechas sale la cifra: las del periodo o la foto de hoy.
        assert "periodo" in definicion or "hoy" in definicion, indicador.clave
        assert indicador.aparece_en, indicador.clave
        if TABLERO in indicador.aparece_en:  # se explica en una sección del tablero
            assert indicador.grupo in SECCIONES_DEL_TABLERO, indicador.clave


def test_cada_indicador_con_calculo_aparece_en_las_cifras(datos_octubre, galapa, usuario_amb):
    from tableros.indicadores import calcular

    cifras = calcular(usuario_amb, [galapa], OCTUBRE)[galapa.pk]
    for indicador in catalogo.CATALOGO:
        if indicador.calculo:
            assert indicador.clave in cifras, indicador.clave
        if indicador.enlace:
            assert cifras[indicador.clave_enlace].startswith("/"), indicador.clave


def test_el_tablero_muestra_las_definiciones_del_catalogo(datos_octubre, cliente_secretaria_galapa):
    respuesta = cliente_secretaria_galapa.get(f"/tableros/{GALAPA}/")
    html = respuesta.content.decode()
    for indicador in catalogo.definiciones(TABLERO):
        assert f"<dt>{indicador.nombre}</dt>" in html, indicador.clave
        assert f'<dd class="text-body-secondary">{indicador.definicion}</dd>' in html
    # Las tarjetas, con los nombres y el orden del catálogo.
    tarjetas = [t["indicador"].clave for t in respuesta.context["tarjetas"]]
    assert tarjetas == [i.clave for i in catalogo.en("tarjeta")]
    assert tarjetas[:2] == ["recibidos", "cerrados"]


def test_la_comparacion_muestra_sus_filas_y_definiciones(datos_octubre, usuario_amb):
    respuesta = ingresar(Client(), usuario_amb).get("/tableros/metropolitano/")
    html = respuesta.content.decode()
    assert "Cómo se calcula cada cifra" in html
    filas = [fila["indicador"].clave for fila in respuesta.context["filas_indicadores"]]
    assert filas == [i.clave for i in catalogo.en(COMPARACION)]
    assert "reincidentes_fuera" in filas
    for indicador in catalogo.definiciones(COMPARACION):
        assert f"<dt>{indicador.nombre}</dt>" in html, indicador.clave


def test_el_xlsx_lleva_la_hoja_de_definiciones(datos_octubre, cliente_secretaria_galapa):
    xlsx = cliente_secretaria_galapa.get(f"/tableros/{GALAPA}/informe.xlsx", {"mes": "2026-10"})
    libro = load_workbook(io.BytesIO(xlsx.content))
    hoja = libro["Cómo se calcula cada cifra"]
    definiciones = {fila[0]: fila[1] for fila in hoja.iter_rows(min_row=4, values_only=True)}
    esperadas = {str(i.nombre): str(i.definicion) for i in catalogo.definiciones(INFORME)}
    assert definiciones == esperadas
    assert "Casos por 10.000 habitantes" not in definiciones  # no está en el informe
    # El resumen sigue el orden del catálogo.
    resumen = [fila[0] for fila in libro["Resumen"].iter_rows(min_row=4, values_only=True)]
    assert resumen == [str(i.nombre) for i in catalogo.en(INFORME)]
