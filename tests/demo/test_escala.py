"""sembrar_escala: filas válidas y enlazadas, radicados que siguen, y se niega en producción; las
mediciones (`bench`, `bench_admin`) corren sobre lo sembrado."""

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db.models import Count

from auditoria.models import EventoSeguridad
from capacitaciones.models import Actividad, Asistencia
from casos.models import Acuerdo, Caso, ConsecutivoRadicado, Parte, Persona
from casos.services import DatosParte, caso_registrar
from municipios.models import Municipio
from remisiones.models import Remision


def test_se_niega_con_debug_apagado(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG está desactivado"):
        call_command("sembrar_escala", "--casos", "10")
    with pytest.raises(CommandError, match="DEBUG está desactivado"):
        call_command("bench", "--repeticiones", "1")


def test_siembra_casos_realistas_en_los_cinco_municipios(settings, db, capsys):
    settings.DEBUG = True
    call_command("sembrar_escala", "--casos", "600")
    assert Caso.objects.count() == 600
    por_municipio = dict(Caso.objects.values_list("municipio__sigla").annotate(n=Count("pk")))
    assert set(por_municipio) == {"BAQ", "GAL", "MAL", "PCO", "SOL"}
    assert por_municipio["BAQ"] > por_municipio["SOL"] > por_municipio["MAL"] > por_municipio["PCO"]
    # Partes en todos los casos, y personas que reaparecen (la reincidencia existe).
    assert not Caso.objects.filter(partes__isnull=True).exists()
    assert Parte.objects.count() > Persona.objects.count()
    assert Caso.objects.con_reincidencia().filter(reincidente=True).exists()
    assert Remision.objects.exists()
    assert Acuerdo.objects.filter(verificado_en__isnull=False).exists()
    assert Asistencia.objects.exists()
    assert Actividad.objects.count() == 12
    # Cada caso tiene su actuación de registro, y los cerrados la de cierre.
    assert not Caso.objects.exclude(actuaciones__tipo="registro").exists()
    assert "Filas nuevas" in capsys.readouterr().out


def test_los_radicados_siguen_despues_de_sembrar(settings, db):
    settings.DEBUG = True
    call_command("sembrar_escala", "--casos", "200", "--semilla", "7")
    galapa = Municipio.objects.get(sigla="GAL")
    ultimo = Caso.objects.filter(municipio=galapa).order_by("-fecha_recepcion", "-consecutivo")[0]
    consecutivo = ConsecutivoRadicado.objects.get(municipio=galapa, anio=ultimo.anio)
    assert consecutivo.ultimo == Caso.objects.filter(municipio=galapa, anio=ultimo.anio).count()
    gestor = ultimo.gestor
    nuevo, _ = caso_registrar(
        municipio=galapa,
        autor=gestor,
        gestor=gestor,
        tipo=ultimo.tipo,
        sector=None,
        direccion="",
        fecha_hechos=ultimo.fecha_recepcion,
        fecha_recepcion=ultimo.fecha_recepcion,
        canal="presencial",
        relato="Caso nuevo después de sembrar.",
        nivel_riesgo="bajo",
        partes=[DatosParte(rol="solicitante", tipo_documento="CC", numero_documento="77123456",
                           nombres="Nueva")],
    )  # fmt: skip
    assert nuevo.consecutivo == consecutivo.ultimo + 1
    # Los identificadores siguen también: el ORM crea filas nuevas sin chocar.
    assert Persona.objects.filter(numero_documento="77123456").exists()


def test_bench_mide_las_paginas(settings, db, capsys):
    settings.DEBUG = True
    call_command("sembrar_escala", "--casos", "100")
    call_command("bench", "--repeticiones", "2")
    salida = capsys.readouterr().out
    for pagina in ("Tablero municipal", "Comparación metropolitana", "Lista de casos", "Buscar"):
        assert pagina in salida


def test_bench_admin_mide_las_listas_sin_escribir(settings, db, capsys):
    settings.DEBUG = True
    call_command("sembrar_escala", "--casos", "100")
    antes = (Session.objects.count(), EventoSeguridad.objects.count(), Caso.objects.count())

    call_command("bench_admin", "--forzar", "--repeticiones", "1")

    salida = capsys.readouterr().out
    for lista in ("Casos, sin filtros", "Casos recibidos en 2025", "Personas", "Actuaciones"):
        assert lista in salida
    assert "DISTINCT" not in salida
    assert (Session.objects.count(), EventoSeguridad.objects.count(), Caso.objects.count()) == antes
