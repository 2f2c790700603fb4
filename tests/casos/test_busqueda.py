"""La búsqueda de la lista de casos y del admin: por radicado, documento o cualquier parte del
nombre de una parte, sin tildes ni mayúsculas, dentro del alcance de cada rol (casos/alcance.py
`puede_buscar_por_partes`); los menores, solo para quien ve sus datos."""

import pytest
from django.db import connection
from django.urls import reverse

from casos.models import Caso, Persona
from tests.auditoria.conftest import url_admin
from tests.factories import CasoFactory, ParteFactory, PersonaFactory

pytestmark = pytest.mark.django_db


def _buscar(cliente, texto: str) -> list:
    respuesta = cliente.get(reverse("casos:lista"), {"q": texto})
    assert respuesta.status_code == 200
    return list(respuesta.context["pagina"].object_list)


@pytest.fixture
def caso_mendez(malambo):
    """Un caso de Malambo con José Luis Méndez Rodríguez entre sus partes."""
    caso = CasoFactory(municipio=malambo)
    ParteFactory(
        caso=caso,
        persona=PersonaFactory(
            municipio=caso.municipio,
            nombres="José Luis",
            apellidos="Méndez Rodríguez",
            numero_documento="80123456",
        ),
    )
    ParteFactory(
        caso=caso,
        persona=PersonaFactory(municipio=caso.municipio, nombres="Ana", apellidos="Polo"),
        rol="convocado",
    )
    return caso


@pytest.fixture
def otro_caso(malambo):
    caso = CasoFactory(municipio=malambo)
    ParteFactory(
        caso=caso,
        persona=PersonaFactory(
            municipio=caso.municipio, nombres="María", apellidos="Gómez Barrios"
        ),
    )
    return caso


# --- la lista de casos -----------------------------------------------------------------------


@pytest.mark.parametrize("texto", ["mendez", "MÉNDEZ", "Méndez", " méndez ", "rodriguez", "ndez"])
def test_el_coordinador_encuentra_por_el_apellido_sin_tildes_ni_mayusculas(
    cliente_coordinador_malambo, caso_mendez, otro_caso, texto
):
    assert _buscar(cliente_coordinador_malambo, texto) == [caso_mendez]


@pytest.mark.parametrize("texto", ["luis", "José", "JOSE"])
def test_el_coordinador_encuentra_por_un_nombre(
    cliente_coordinador_malambo, caso_mendez, otro_caso, texto
):
    assert _buscar(cliente_coordinador_malambo, texto) == [caso_mendez]


@pytest.mark.parametrize("texto", ["rodriguez jose", "José Méndez", "luis rodríguez mendez"])
def test_varias_palabras_en_nombres_y_apellidos_en_cualquier_orden(
    cliente_coordinador_malambo, caso_mendez, otro_caso, texto
):
    assert _buscar(cliente_coordinador_malambo, texto) == [caso_mendez]


def test_todas_las_palabras_deben_coincidir_en_la_misma_persona(
    cliente_coordinador_malambo, caso_mendez, otro_caso
):
    # «Ana» es otra parte del mismo caso: no se mezclan palabras de dos personas.
    assert _buscar(cliente_coordinador_malambo, "mendez maria") == []
    assert _buscar(cliente_coordinador_malambo, "ana mendez") == []
    assert _buscar(cliente_coordinador_malambo, "ana polo") == [caso_mendez]


def test_el_coordinador_encuentra_por_documento_y_por_radicado(
    cliente_coordinador_malambo, caso_mendez, otro_caso
):
    assert _buscar(cliente_coordinador_malambo, "80123456") == [caso_mendez]
    assert _buscar(cliente_coordinador_malambo, caso_mendez.radicado) == [caso_mendez]
    assert _buscar(cliente_coordinador_malambo, caso_mendez.radicado.lower()) == [caso_mendez]
    consecutivo = caso_mendez.radicado.rsplit("-", 1)[1]
    assert _buscar(cliente_coordinador_malambo, consecutivo) == [caso_mendez]


def test_sin_coincidencias_la_lista_queda_vacia_con_un_mensaje(
    cliente_coordinador_malambo, caso_mendez
):
    respuesta = cliente_coordinador_malambo.get(reverse("casos:lista"), {"q": "zzzyxw"})

    assert list(respuesta.context["pagina"].object_list) == []
    html = respuesta.content.decode()
    assert "No hay casos que coincidan con «zzzyxw»" in html
    assert caso_mendez.radicado not in html


@pytest.mark.parametrize("texto", ["%", "_", "\\", "'", "a%b", "  ", "ñññ", "🙂", "x" * 300])
def test_textos_raros_no_rompen_la_busqueda(cliente_coordinador_malambo, caso_mendez, texto):
    respuesta = cliente_coordinador_malambo.get(reverse("casos:lista"), {"q": texto})

    assert respuesta.status_code == 200
    if texto.strip():
        assert caso_mendez not in respuesta.context["pagina"].object_list


def test_el_gestor_busca_por_nombre_solo_en_sus_casos(cliente_gestor_galapa, gestor_galapa, galapa):
    propio = CasoFactory(municipio=galapa, gestor=gestor_galapa)
    ParteFactory(caso=propio, persona__nombres="Carlos", persona__apellidos="Méndez")
    de_otro = CasoFactory(municipio=galapa)
    ParteFactory(caso=de_otro, persona__nombres="Diana", persona__apellidos="Méndez")

    assert _buscar(cliente_gestor_galapa, "mendez") == [propio]
    assert _buscar(cliente_gestor_galapa, "diana") == []
    # El radicado del caso de otro gestor sí lo encuentra (lo ve en la lista, enmascarado).
    assert _buscar(cliente_gestor_galapa, de_otro.radicado) == [de_otro]


def test_la_secretaria_no_busca_por_nombre_solo_por_radicado(cliente_secretaria_galapa, galapa):
    caso = CasoFactory(municipio=galapa)
    ParteFactory(caso=caso, persona__nombres="Carlos", persona__apellidos="Méndez")

    assert _buscar(cliente_secretaria_galapa, "mendez") == []
    assert _buscar(cliente_secretaria_galapa, "carlos mendez") == []
    assert _buscar(cliente_secretaria_galapa, caso.radicado) == [caso]


def test_un_gestor_de_otro_municipio_nunca_encuentra_los_casos(
    cliente_gestor_malambo, caso_mendez, galapa
):
    de_galapa = CasoFactory(municipio=galapa)
    ParteFactory(caso=de_galapa, persona__nombres="Carlos", persona__apellidos="Méndez")

    for texto in ("mendez", "carlos", "80123456", de_galapa.radicado):
        assert _buscar(cliente_gestor_malambo, texto) == []


def test_los_menores_solo_los_encuentra_quien_ve_sus_datos(
    cliente_coordinador_malambo, cliente_amb, malambo
):
    caso = CasoFactory(municipio=malambo)
    ParteFactory(
        caso=caso,
        persona=PersonaFactory(
            municipio=caso.municipio,
            nombres="Camila",
            apellidos="Méndez",
            tipo_documento="TI",
            edad=12,
        ),
        rol="afectado",
    )
    menor = caso.partes.get().persona

    assert _buscar(cliente_coordinador_malambo, "camila mendez") == [caso]
    # El equipo AMB no ve los datos de menores: ni su nombre ni su documento los delatan.
    assert _buscar(cliente_amb, "camila mendez") == []
    assert _buscar(cliente_amb, menor.numero_documento) == []
    assert _buscar(cliente_amb, caso.radicado) == [caso]


def test_el_equipo_amb_busca_por_nombre_en_todos_los_municipios(cliente_amb, caso_mendez, galapa):
    de_galapa = CasoFactory(municipio=galapa)
    ParteFactory(caso=de_galapa, persona__nombres="Carlos", persona__apellidos="Mendez")

    assert set(_buscar(cliente_amb, "MENDEZ")) == {caso_mendez, de_galapa}


def test_buscar_por_nombre_hace_las_mismas_consultas_con_pocos_o_muchos_casos(
    cliente_coordinador_malambo, malambo, django_assert_max_num_queries
):
    def sembrar(n):
        for _ in range(n):
            caso = CasoFactory(municipio=malambo)
            ParteFactory(caso=caso, persona__apellidos="Méndez")
            ParteFactory(caso=caso, persona__apellidos="Méndez Polo", rol="convocado")

    sembrar(2)
    with django_assert_max_num_queries(15):
        assert len(_buscar(cliente_coordinador_malambo, "mendez")) == 2
    sembrar(40)
    with django_assert_max_num_queries(15):
        respuesta = cliente_coordinador_malambo.get(reverse("casos:lista"), {"q": "mendez"})
    assert respuesta.context["pagina"].paginator.count == 42
    assert len(respuesta.context["pagina"].object_list) == 25


# --- PersonaQuerySet.buscar ------------------------------------------------------------------


def test_persona_buscar_normaliza_y_exige_todas_las_palabras(db):
    jose = PersonaFactory(nombres="José Luis", apellidos="Méndez Rodríguez")
    PersonaFactory(nombres="Luisa", apellidos="Ortega")
    nuñez = PersonaFactory(nombres="Ñeris", apellidos="Núñez")

    assert list(Persona.objects.buscar("mendez jose")) == [jose]
    assert set(Persona.objects.buscar("LUIS")) == {jose, *Persona.objects.filter(nombres="Luisa")}
    assert list(Persona.objects.buscar("nunez neris")) == [nuñez]
    assert list(Persona.objects.buscar("Ñúñez")) == [nuñez]
    assert list(Persona.objects.buscar("50%")) == []
    assert list(Persona.objects.buscar("   ")) == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="el índice de trigramas y la función inmutable existen solo en PostgreSQL (CI corre "
    "esta prueba allí); en SQLite la búsqueda por nombre la prueban las anteriores",
)
def test_en_postgresql_la_busqueda_por_nombre_usa_el_indice_de_trigramas(db):
    PersonaFactory.create_batch(5)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # con 5 filas preferiría recorrerlas
        plan = Persona.objects.buscar("mendez rodriguez").explain()

    assert "persona_nombre_trgm_idx" in plan


# --- el admin --------------------------------------------------------------------------------


def _admin(cliente, modelo, texto):
    respuesta = cliente.get(url_admin(modelo, "changelist"), {"q": texto})
    assert respuesta.status_code == 200
    return list(respuesta.context["cl"].result_list), respuesta.content.decode()


def test_el_admin_busca_personas_por_nombre_sin_tildes(cliente_amb, caso_mendez):
    jose = Persona.objects.get(nombres="José Luis")

    assert _admin(cliente_amb, Persona, "mendez jose")[0] == [jose]
    assert _admin(cliente_amb, Persona, "RODRIGUEZ")[0] == [jose]
    assert _admin(cliente_amb, Persona, "80123456")[0] == [jose]
    assert _admin(cliente_amb, Persona, "zzzyxw")[0] == []


def test_el_admin_busca_casos_por_nombre_de_una_parte_y_por_radicado(
    cliente_amb, caso_mendez, otro_caso
):
    assert _admin(cliente_amb, Caso, "jose mendez")[0] == [caso_mendez]
    assert _admin(cliente_amb, Caso, "gomez")[0] == [otro_caso]
    assert _admin(cliente_amb, Caso, caso_mendez.radicado.lower())[0] == [caso_mendez]
    assert _admin(cliente_amb, Caso, "zzzyxw")[0] == []


def test_el_admin_no_encuentra_ni_lista_a_los_menores_por_su_nombre(cliente_amb, malambo):
    caso = CasoFactory(municipio=malambo)
    ParteFactory(
        caso=caso,
        persona=PersonaFactory(
            municipio=caso.municipio,
            nombres="Camila",
            apellidos="Méndez",
            tipo_documento="TI",
            edad=12,
        ),
        rol="afectado",
    )
    adulto = PersonaFactory(municipio=malambo, nombres="Camilo", apellidos="Méndez")

    personas, html = _admin(cliente_amb, Persona, "mendez")
    casos, html_casos = _admin(cliente_amb, Caso, "camila mendez")

    assert personas == [adulto]
    assert "Camila" not in html
    assert casos == []
    assert "Camila" not in html_casos


def test_la_migracion_indexa_la_misma_expresion_que_escribe_la_busqueda():
    import importlib

    from casos.busqueda import EXPRESION_INDICE, INDICE

    migracion = importlib.import_module("casos.migrations.0012_busqueda_por_nombre")
    assert f"{EXPRESION_INDICE} gin_trgm_ops" in migracion.INDICE
    assert f"INDEX {INDICE} ON casos_persona" in migracion.INDICE
    sql, _ = Persona.objects.buscar("mendez").query.sql_with_params()
    assert (
        EXPRESION_INDICE.replace("nombres", '"casos_persona"."nombres"').replace(
            "apellidos", '"casos_persona"."apellidos"'
        )
        in sql
    )


def test_una_busqueda_con_demasiados_casos_muestra_los_mas_recientes_y_pide_afinar(
    cliente_coordinador_malambo, malambo, monkeypatch
):
    from comun.paginacion import PaginadorConTope

    monkeypatch.setattr(PaginadorConTope, "TOPE", 3)
    casos = [CasoFactory(municipio=malambo) for _ in range(5)]
    for caso in casos:
        ParteFactory(caso=caso, persona__apellidos="Méndez")

    respuesta = cliente_coordinador_malambo.get(reverse("casos:lista"), {"q": "mendez"})
    pocos = cliente_coordinador_malambo.get(reverse("casos:lista"), {"q": casos[0].radicado})

    assert respuesta.context["pagina"].paginator.count == 3
    assert len(respuesta.context["pagina"].object_list) == 3
    assert "Más de 3 casos" in respuesta.content.decode()
    assert pocos.context["pagina"].paginator.count == 1
    assert "Más de" not in pocos.content.decode()
