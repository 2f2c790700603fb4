"""Las dos páginas del gestor en la calle no crecen en consultas con los datos, y los campos
ligeros (`{% campo %}`) dibujan lo mismo que Django."""

import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casos.models import Estado
from convivencia.templatetags.formularios import campo
from municipios.models import TipoEntidad
from tests.factories import (
    ActuacionFactory,
    CasoFactory,
    ContactoFactory,
    EntidadFactory,
    MunicipioFactory,
    ParteFactory,
    PersonaFactory,
    SectorFactory,
    TipoConflictoFactory,
)

pytestmark = pytest.mark.django_db


def _consultas(cliente, url) -> int:
    with CaptureQueriesContext(connection) as capturadas:
        assert cliente.get(url).status_code == 200
    return len(capturadas)


def test_el_formulario_de_registro_no_crece_en_consultas_y_solo_ofrece_los_sectores_propios(
    cliente_gestor_galapa, galapa, django_assert_max_num_queries
):
    url = reverse("casos:nuevo")
    TipoConflictoFactory()
    SectorFactory(municipio=galapa)
    pocas = _consultas(cliente_gestor_galapa, url)

    TipoConflictoFactory.create_batch(20)
    SectorFactory.create_batch(40, municipio=galapa)
    otro = MunicipioFactory()
    ajenos = SectorFactory.create_batch(5, municipio=otro)
    PersonaFactory.create_batch(30, municipio=galapa)
    with django_assert_max_num_queries(pocas):
        html = cliente_gestor_galapa.get(url).content.decode()
    assert pocas <= 12
    opciones = re.search(r'<select name="sector".*?</select>', html, re.S).group(0)
    assert opciones.count("<option") == 42  # «---------» y los 41 de Galapa
    assert all(s.nombre not in opciones for s in ajenos)


def test_el_detalle_del_gestor_no_crece_en_consultas(
    cliente_gestor_galapa, galapa, gestor_galapa, django_assert_max_num_queries
):
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa, estado=Estado.EN_GESTION)
    ParteFactory(caso=caso)
    ActuacionFactory(caso=caso)
    url = reverse("casos:detalle", args=[caso.radicado])
    pocas = _consultas(cliente_gestor_galapa, url)

    ParteFactory.create_batch(4, caso=caso)
    ActuacionFactory.create_batch(20, caso=caso)
    with django_assert_max_num_queries(pocas):
        assert cliente_gestor_galapa.get(url).status_code == 200
    assert pocas <= 25


def test_la_remision_preselecciona_la_entidad_sugerida_sin_consultas_de_mas(
    cliente_gestor_galapa, galapa, gestor_galapa
):
    """La entidad sugerida sale de la misma lista que pinta las opciones: sin sugerida o con ella,
    la página de remitir hace las mismas consultas, y las entidades y sus contactos se leen una
    vez."""
    comisaria = EntidadFactory(
        municipio=galapa, tipo=TipoEntidad.COMISARIA_FAMILIA, nombre="Comisaría 1"
    )
    EntidadFactory(municipio=galapa, tipo=TipoEntidad.PERSONERIA, nombre="Personería")
    ContactoFactory(entidad=comisaria)
    sin = CasoFactory(municipio=galapa, gestor=gestor_galapa, estado=Estado.EN_GESTION)
    con = CasoFactory(
        municipio=galapa,
        gestor=gestor_galapa,
        estado=Estado.EN_GESTION,
        tipo=TipoConflictoFactory(
            nombre="Violencia intrafamiliar",
            mediable=False,
            entidad_sugerida=TipoEntidad.COMISARIA_FAMILIA,
        ),
    )
    consultas = {}
    for caso in (sin, con):
        url = reverse("remisiones:remitir", args=[caso.radicado])
        with CaptureQueriesContext(connection) as capturadas:
            html = cliente_gestor_galapa.get(url).content.decode()
        consultas[caso.pk] = [q["sql"] for q in capturadas]
    assert len(consultas[sin.pk]) == len(consultas[con.pk])
    de_entidades = [q for q in consultas[con.pk] if 'FROM "municipios_entidad"' in q]
    assert len(de_entidades) == 1
    opciones = re.search(r'<select name="entidad".*?</select>', html, re.S).group(0)
    assert re.search(rf'<option value="{comisaria.pk}" selected>', opciones)
    assert opciones.count(" selected") == 1
    # En el orden de los tipos (la comisaría antes que la personería) y por nombre dentro del tipo.
    nombres = [
        n.split(" — ")[0]
        for n in re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', opciones)
    ]
    assert nombres.index("Comisaría 1") < nombres.index("Comisaría de Familia de Galapa")
    assert nombres.index("Comisaría de Familia de Galapa") < nombres.index("Personería")


def test_el_usuario_llega_con_su_perfil_y_su_municipio_y_sus_permisos_en_una_consulta(
    cliente_gestor_galapa, galapa, gestor_galapa
):
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa, estado=Estado.EN_GESTION)
    with CaptureQueriesContext(connection) as capturadas:
        html = cliente_gestor_galapa.get(reverse("casos:detalle", args=[caso.radicado])).content
    sqls = [q["sql"] for q in capturadas]
    del_usuario = [q for q in sqls if q.startswith('SELECT "auth_user"')]
    assert len(del_usuario) == 1
    assert 'JOIN "gestores_perfil"' in del_usuario[0]
    assert 'JOIN "municipios_municipio"' in del_usuario[0]
    assert not any(
        q.startswith(('SELECT "gestores_perfil"', 'SELECT "municipios_municipio"')) for q in sqls
    )
    assert sum('FROM "auth_permission"' in q for q in sqls) == 1
    # El enlace al directorio de la barra usa ese municipio.
    assert reverse("municipios:directorio", args=[galapa.codigo_dane]).encode() in html


class _Muestra(forms.Form):
    lista = forms.ChoiceField(
        label="Lista", choices=[("", "— Elija —"), ("a", "A & <b>"), ("b", "B")]
    )
    agrupada = forms.ChoiceField(
        label="Agrupada", choices=[("Grupo <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")]
    )
    texto = forms.CharField(label="Texto", max_length=10, help_text="Sin puntos")
    numero = forms.IntegerField(label="Número", required=False)
    fecha = forms.DateField(
        label="Fecha", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    largo = forms.CharField(label="Largo", widget=forms.Textarea(attrs={"rows": 2}))
    si = forms.BooleanField(label="Sí", required=False)
    oculto = forms.CharField(widget=forms.HiddenInput, required=False)


def _sin_espacios(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize(
    "datos",
    [
        None,
        {
            "lista": "a",
            "agrupada": "y",
            "texto": 'a"<x>',
            "numero": "x",
            "largo": "<i>",
            "si": "on",
        },
    ],
    ids=["sin enviar", "con errores y valores que escapar"],
)
def test_el_campo_ligero_dibuja_el_mismo_control_que_django(datos):
    form = _Muestra(datos)
    form.is_valid()
    for bf in form:
        clase = "" if bf.is_hidden else " is-invalid" if bf.errors else ""
        base = "form-check-input" if bf.name == "si" else "form-control"
        if bf.name in ("lista", "agrupada"):
            base = "form-select"
        esperado = bf.as_widget(attrs={} if bf.is_hidden else {"class": base + clase})
        assert _sin_espacios(esperado) in _sin_espacios(campo(bf)), bf.name
        if bf.errors:
            assert f'id="{bf.auto_id}_error"' in campo(bf)
            assert 'aria-invalid="true"' in campo(bf)


def test_el_detalle_enlaza_la_remision_sin_leer_las_entidades(
    cliente_gestor_galapa, galapa, gestor_galapa
):
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa, estado=Estado.EN_GESTION)
    with CaptureQueriesContext(connection) as capturadas:
        html = cliente_gestor_galapa.get(reverse("casos:detalle", args=[caso.radicado])).content
    assert not any('FROM "municipios_entidad"' in q["sql"] for q in capturadas)
    assert f'href="{reverse("remisiones:remitir", args=[caso.radicado])}"'.encode() in html
    assert b'name="entidad"' not in html

    pagina = cliente_gestor_galapa.get(reverse("remisiones:remitir", args=[caso.radicado]))
    assert pagina.status_code == 200
    texto = pagina.content.decode()
    assert '<select name="entidad"' in texto
    assert "no se guardó nada" not in texto  # sin errores todavía
    assert re.search(r'<button[^>]*type="submit"[^>]*>Remitir</button>', texto)


def test_remitir_un_caso_cerrado_vuelve_al_caso_con_un_aviso(
    cliente_gestor_galapa, galapa, gestor_galapa
):
    caso = CasoFactory(
        municipio=galapa, gestor=gestor_galapa, estado=Estado.CERRADO, resultado="desistimiento"
    )
    respuesta = cliente_gestor_galapa.get(
        reverse("remisiones:remitir", args=[caso.radicado]), follow=True
    )
    assert respuesta.redirect_chain[-1][0] == reverse("casos:detalle", args=[caso.radicado])
    assert "no puede remitirse" in respuesta.content.decode()
    assert 'href="{}"'.format(reverse("remisiones:remitir", args=[caso.radicado])) not in (
        respuesta.content.decode()
    )


def test_remitir_con_el_caso_cambiado_deja_lo_escrito(cliente_gestor_galapa, galapa, gestor_galapa):
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa, estado=Estado.EN_GESTION)
    mebar = galapa.entidades.get(tipo=TipoEntidad.ESTACION_MEBAR)
    vieja = caso.version
    caso.relato = "Otra persona lo editó"
    caso.version += 1
    caso.save()
    respuesta = cliente_gestor_galapa.post(
        reverse("remisiones:remitir", args=[caso.radicado]),
        {
            "entidad": mebar.pk,
            "medio": "oficio",
            "fecha_envio": caso.fecha_recepcion.isoformat(),
            "motivo": "Riña con armas blancas en la esquina",
            "version": vieja,
        },
    )
    html = respuesta.content.decode()
    assert respuesta.status_code == 400
    assert "El caso cambió mientras usted lo tenía abierto" in html
    assert "Riña con armas blancas en la esquina" in html
    assert f'name="version" value="{caso.version}"' in html
    assert not caso.remisiones.exists()


def test_las_acciones_que_no_caben_en_el_estado_vuelven_al_caso(
    cliente_gestor_galapa, galapa, gestor_galapa
):
    en_gestion = CasoFactory(municipio=galapa, gestor=gestor_galapa, estado=Estado.EN_GESTION)
    respuesta = cliente_gestor_galapa.get(
        reverse("casos:acuerdo", args=[en_gestion.radicado]), follow=True
    )
    assert respuesta.redirect_chain[-1][0] == reverse("casos:detalle", args=[en_gestion.radicado])
    assert "Un acuerdo se registra en un caso en mediación." in respuesta.content.decode()

    cerrado = CasoFactory(
        municipio=galapa, gestor=gestor_galapa, estado=Estado.CERRADO, resultado="desistimiento"
    )
    respuesta = cliente_gestor_galapa.post(
        reverse("casos:cerrar", args=[cerrado.radicado]),
        {"resultado": "sin_acuerdo", "version": cerrado.version},
        follow=True,
    )
    assert "El caso ya está «Cerrado»." in respuesta.content.decode()
    assert "Escoja una opción válida" not in respuesta.content.decode()


def test_el_motivo_de_una_remision_tiene_un_largo_maximo(
    cliente_gestor_galapa, galapa, gestor_galapa
):
    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa, estado=Estado.EN_GESTION)
    respuesta = cliente_gestor_galapa.post(
        reverse("remisiones:remitir", args=[caso.radicado]),
        {
            "entidad": galapa.entidades.get(tipo=TipoEntidad.ESTACION_MEBAR).pk,
            "medio": "oficio",
            "fecha_envio": caso.fecha_recepcion.isoformat(),
            "motivo": "x" * 2001,
            "version": caso.version,
        },
    )
    assert respuesta.status_code == 400
    assert "2000" in respuesta.content.decode()
    assert not caso.remisiones.exists()


def test_el_formulario_de_remision_no_acepta_un_envio_antes_de_la_recepcion(galapa, gestor_galapa):
    import datetime

    from remisiones.forms import RemisionForm

    caso = CasoFactory(municipio=galapa, gestor=gestor_galapa, estado=Estado.EN_GESTION)
    form = RemisionForm(
        {
            "entidad": galapa.entidades.get(tipo=TipoEntidad.ESTACION_MEBAR).pk,
            "medio": "oficio",
            "fecha_envio": (caso.fecha_recepcion - datetime.timedelta(days=1)).isoformat(),
            "motivo": "Riña",
            "version": caso.version,
        },
        caso=caso,
    )
    assert not form.is_valid()
    assert "anterior a la recepción del caso" in form.errors["fecha_envio"][0]
