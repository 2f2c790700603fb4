"""Las reglas entre modelos viven en `clean()`: `full_clean()` las hace cumplir, así que ni el
admin ni un ModelForm pueden saltárselas (los servicios ya llaman a `full_clean()`).

Cada regla: la instancia mala se rechaza con el error en su campo y la buena pasa."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from capacitaciones.models import AsistenciaGestor, TipoActividad
from casos.models import Caso
from gestores.models import EstadoGestor, Gestor, Perfil, Rol
from remisiones.models import Remision
from tests.conftest import ingresar
from tests.factories import (
    ActividadFactory,
    AcuerdoFactory,
    AsistenciaFactory,
    CasoFactory,
    CompromisoFactory,
    ContactoFactory,
    EntidadFactory,
    GestorFactory,
    ModuloFactory,
    OrganizacionComunitariaFactory,
    ParteFactory,
    PerfilFactory,
    PersonaFactory,
    RemisionFactory,
    SectorFactory,
    TipoConflictoFactory,
    UserFactory,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db


def errores(instancia, **kwargs) -> dict[str, list[str]]:
    """Los errores de `full_clean()` por campo ({} si pasa)."""
    try:
        instancia.full_clean(**kwargs)
    except ValidationError as error:
        return error.message_dict
    return {}


# --- por el admin -------------------------------------------------------------------------------


def _volcar(form, datos: dict) -> None:
    """Lo que el navegador enviaría de `form` tal como se mostró."""
    for nombre, campo in form.fields.items():
        if campo.disabled:
            continue
        clave, valor = form.add_prefix(nombre), form[nombre].value()
        if isinstance(campo.widget, forms.MultiWidget):
            for i, parte in enumerate(campo.widget.decompress(valor)):
                datos[f"{clave}_{i}"] = "" if parte is None else parte
        elif isinstance(valor, bool):
            if valor:
                datos[clave] = "on"
        elif isinstance(valor, (list, tuple)):
            datos[clave] = [str(v) for v in valor]
        else:
            datos[clave] = "" if valor is None else valor


def datos_de_la_ficha(respuesta) -> dict:
    """El formulario del admin y sus formularios en línea, como vienen en la ficha."""
    datos: dict = {}
    _volcar(respuesta.context["adminform"].form, datos)
    for en_linea in respuesta.context["inline_admin_formsets"]:
        _volcar(en_linea.formset.management_form, datos)
        for form in en_linea.formset.forms:
            _volcar(form, datos)
    return datos


@pytest.fixture
def superusuario(client):
    return ingresar(client, UserFactory(username="t.super", is_superuser=True, is_staff=True))


def test_el_admin_no_da_a_un_enlace_la_entidad_de_otro_municipio(
    superusuario, enlace_galapa, malambo
):
    propia = enlace_galapa.perfil.entidad
    ajena = EntidadFactory(municipio=malambo, nombre="Inspección de Malambo")
    url = reverse("admin:auth_user_change", args=[enlace_galapa.pk])
    datos = datos_de_la_ficha(superusuario.get(url))
    assert datos["perfil-0-entidad"] == propia.pk

    datos["perfil-0-entidad"] = ajena.pk
    respuesta = superusuario.post(url, datos)

    assert respuesta.status_code == 200  # la ficha otra vez, con el error
    (en_linea,) = respuesta.context["inline_admin_formsets"]
    assert en_linea.formset.errors[0]["entidad"] == [
        "La entidad del enlace debe ser de su municipio."
    ]
    assert "La entidad del enlace debe ser de su municipio." in respuesta.content.decode()
    assert Perfil.objects.get(usuario=enlace_galapa).entidad_id == propia.pk


def test_el_admin_si_guarda_la_entidad_del_mismo_municipio(superusuario, enlace_galapa, galapa):
    otra_propia = EntidadFactory(municipio=galapa, nombre="Comisaría de Galapa")
    url = reverse("admin:auth_user_change", args=[enlace_galapa.pk])
    datos = datos_de_la_ficha(superusuario.get(url))
    datos["perfil-0-entidad"] = otra_propia.pk

    respuesta = superusuario.post(url, datos)

    assert respuesta.status_code == 302, respuesta.context and respuesta.context.get("errors")
    assert Perfil.objects.get(usuario=enlace_galapa).entidad_id == otra_propia.pk


# --- gestores -----------------------------------------------------------------------------------


def test_perfil_enlace_con_entidad_de_otro_municipio(enlace_galapa, malambo):
    perfil = enlace_galapa.perfil
    assert errores(perfil) == {}
    perfil.entidad = EntidadFactory(municipio=malambo)

    assert errores(perfil) == {"entidad": ["La entidad del enlace debe ser de su municipio."]}


def test_perfil_que_cambia_de_municipio_y_deja_la_entidad(enlace_galapa, malambo):
    perfil = enlace_galapa.perfil
    perfil.municipio = malambo

    assert errores(perfil)["entidad"] == ["La entidad del enlace debe ser de su municipio."]


def test_perfil_sin_usuario_ni_municipio_no_revienta(galapa):
    # El formulario en línea valida antes de tener usuario; el error es de campos, no un 500.
    perfil = Perfil(rol=Rol.ENLACE, entidad=EntidadFactory(municipio=galapa))
    assert "usuario" in errores(perfil)
    assert "entidad" in errores(perfil)


def test_perfil_amb_con_usuario_y_sin_nada_mas(usuario_amb):
    assert errores(usuario_amb.perfil) == {}


def test_gestor_de_un_perfil_que_no_es_de_gestor(galapa):
    coordinador = PerfilFactory(rol=Rol.COORDINADOR, municipio=galapa)
    gestor = Gestor(perfil=coordinador, documento="1045123456", fecha_ingreso="2026-03-01")

    assert errores(gestor) == {
        "perfil": ["Solo un usuario con rol de gestor puede registrarse como gestor."]
    }
    gestor.perfil = PerfilFactory(rol=Rol.GESTOR, municipio=galapa)
    assert errores(gestor) == {}


def _alta_de_gestor(superusuario, perfil, sectores):
    return superusuario.post(
        reverse("admin:gestores_gestor_add"),
        {
            "perfil": perfil.pk,
            "documento": "1045123456",
            "sectores": [s.pk for s in sectores],
            "estado": EstadoGestor.ACTIVO,
            "fecha_ingreso": "2026-03-01",
        },
    )


def test_el_admin_no_da_a_un_gestor_sectores_de_otro_municipio(superusuario, galapa, malambo):
    perfil = PerfilFactory(rol=Rol.GESTOR, municipio=galapa)
    ajeno = SectorFactory(municipio=malambo, nombre="Mesolandia")

    respuesta = _alta_de_gestor(superusuario, perfil, [SectorFactory(municipio=galapa), ajeno])

    assert respuesta.status_code == 200
    assert respuesta.context["adminform"].form.errors["sectores"] == [
        "Estos sectores no son del municipio del gestor: Mesolandia."
    ]
    assert not Gestor.objects.filter(perfil=perfil).exists()


def test_el_admin_si_da_de_alta_un_gestor_con_sectores_de_su_municipio(superusuario, galapa):
    perfil = PerfilFactory(rol=Rol.GESTOR, municipio=galapa)
    propio = SectorFactory(municipio=galapa)

    respuesta = _alta_de_gestor(superusuario, perfil, [propio])

    assert respuesta.status_code == 302
    assert list(Gestor.objects.get(perfil=perfil).sectores.all()) == [propio]


def test_el_admin_no_registra_como_gestor_a_un_coordinador(superusuario, galapa):
    perfil = PerfilFactory(rol=Rol.COORDINADOR, municipio=galapa)

    respuesta = _alta_de_gestor(superusuario, perfil, [])

    assert respuesta.status_code == 200
    assert respuesta.context["adminform"].form.errors["perfil"] == [
        "Solo un usuario con rol de gestor puede registrarse como gestor."
    ]
    assert not Gestor.objects.filter(perfil=perfil).exists()


# --- casos --------------------------------------------------------------------------------------


def _caso_nuevo(municipio, gestor, **kwargs):
    kwargs.setdefault("sector", SectorFactory(municipio=municipio))
    return CasoFactory.build(
        municipio=municipio,
        gestor=gestor,
        registrado_por=gestor,
        tipo=TipoConflictoFactory(),
        **kwargs,
    )


RESPONSABLE = "El responsable debe ser un gestor o coordinador activo del municipio."


def test_caso_con_responsable_valido(galapa, gestor_galapa):
    assert errores(_caso_nuevo(galapa, gestor_galapa)) == {}
    coordinador = usuario_con_rol(Rol.COORDINADOR, galapa)
    assert errores(_caso_nuevo(galapa, coordinador)) == {}


def test_caso_con_responsable_de_otro_municipio(galapa, gestor_malambo):
    assert errores(_caso_nuevo(galapa, gestor_malambo)) == {"gestor": [RESPONSABLE]}


def test_caso_con_responsable_que_no_es_gestor_ni_coordinador(galapa, secretaria_galapa):
    assert errores(_caso_nuevo(galapa, secretaria_galapa)) == {"gestor": [RESPONSABLE]}


def test_caso_con_responsable_inactivo(galapa):
    coordinador = usuario_con_rol(Rol.COORDINADOR, galapa, usuario__is_active=False)
    assert errores(_caso_nuevo(galapa, coordinador)) == {"gestor": [RESPONSABLE]}


def test_caso_con_gestor_sin_certificar(galapa):
    nuevo = usuario_con_rol(Rol.GESTOR, galapa, certificado_en=None)
    (mensaje,) = errores(_caso_nuevo(galapa, nuevo))["gestor"]
    assert "aún no está certificado" in mensaje


def test_caso_con_sector_de_otro_municipio(galapa, malambo, gestor_galapa):
    caso = _caso_nuevo(galapa, gestor_galapa, sector=SectorFactory(municipio=malambo))
    assert errores(caso) == {"sector": ["El sector no es de este municipio."]}


def test_un_caso_guardado_no_revisa_otra_vez_un_responsable_que_no_cambio(galapa, malambo):
    """Si el gestor se retira después, su caso sigue pudiendo cerrarse o editarse; pero no se
    le puede asignar de nuevo, ni cambiar el sector por uno de otro municipio."""
    caso = CasoFactory(municipio=galapa)
    caso.gestor.is_active = False
    caso.gestor.save()
    otro = CasoFactory(municipio=galapa)

    leido = Caso.objects.get(pk=caso.pk)
    assert errores(leido) == {}
    reasignado = Caso.objects.get(pk=otro.pk)
    reasignado.gestor = caso.gestor
    assert errores(reasignado) == {"gestor": [RESPONSABLE]}
    leido.sector = SectorFactory(municipio=malambo)
    assert errores(leido) == {"sector": ["El sector no es de este municipio."]}


def test_remision_a_entidad_de_otro_municipio_o_inactiva(galapa, malambo):
    caso = CasoFactory(municipio=galapa)
    mensaje = ["La entidad debe ser del municipio del caso."]

    buena = RemisionFactory.build(caso=caso, entidad=EntidadFactory(municipio=galapa))
    ajena = RemisionFactory.build(caso=caso, entidad=EntidadFactory(municipio=malambo))
    inactiva = RemisionFactory.build(
        caso=caso, entidad=EntidadFactory(municipio=galapa, activa=False)
    )

    assert errores(buena) == {}
    assert errores(ajena) == {"entidad": mensaje}
    assert errores(inactiva) == {"entidad": mensaje}


def test_remision_guardada_a_una_entidad_que_despues_se_desactivo(galapa):
    remision = RemisionFactory(caso=CasoFactory(municipio=galapa))
    remision.entidad.activa = False
    remision.entidad.save()

    # Lo que ya recibió puede responderlo: la regla mira la entidad al remitir.
    assert errores(Remision.objects.get(pk=remision.pk)) == {}


def test_remision_con_contacto_de_otra_entidad(galapa):
    caso = CasoFactory(municipio=galapa)
    entidad = EntidadFactory(municipio=galapa)
    propio = ContactoFactory(entidad=entidad)
    ajeno = ContactoFactory(entidad=EntidadFactory(municipio=galapa))

    assert errores(RemisionFactory.build(caso=caso, entidad=entidad, contacto=propio)) == {}
    assert errores(RemisionFactory.build(caso=caso, entidad=entidad, contacto=ajeno)) == {
        "contacto": ["El contacto debe ser de la entidad a la que se remite."]
    }


def test_compromiso_de_una_parte_de_otro_caso(galapa):
    acuerdo = AcuerdoFactory(caso=CasoFactory(municipio=galapa))
    propia = ParteFactory(caso=acuerdo.caso)
    ajena = ParteFactory(caso=CasoFactory(municipio=galapa))

    assert errores(CompromisoFactory.build(acuerdo=acuerdo, parte=propia)) == {}
    assert errores(CompromisoFactory.build(acuerdo=acuerdo, parte=ajena)) == {
        "parte": ["Cada compromiso es de una parte de este caso."]
    }


# --- capacitaciones -----------------------------------------------------------------------------


def test_actividad_con_sector_de_otro_municipio(galapa, malambo):
    propia = ActividadFactory.build(municipio=galapa, sector=SectorFactory(municipio=galapa))
    ajena = ActividadFactory.build(municipio=galapa, sector=SectorFactory(municipio=malambo))

    assert errores(propia) == {}
    assert errores(ajena) == {"sector": ["El sector no es de este municipio."]}


def test_asistencia_con_organizacion_de_otro_municipio(galapa, malambo):
    actividad = ActividadFactory(municipio=galapa)
    propia = OrganizacionComunitariaFactory(sector__municipio=galapa)
    ajena = OrganizacionComunitariaFactory(sector__municipio=malambo)

    bien = AsistenciaFactory.build(
        actividad=actividad, persona=PersonaFactory(), organizacion=propia
    )
    mal = AsistenciaFactory.build(actividad=actividad, persona=PersonaFactory(), organizacion=ajena)

    assert errores(bien) == {}
    assert errores(mal) == {"organizacion": ["La organización no es de este municipio."]}


def test_asistencia_de_gestor_de_otro_municipio_o_a_otra_actividad(galapa, malambo):
    capacitacion = ActividadFactory(
        municipio=galapa, tipo=TipoActividad.CAPACITACION, modulo=ModuloFactory()
    )
    autor = capacitacion.registrada_por

    def asistencia(gestor, actividad=capacitacion):
        return AsistenciaGestor(actividad=actividad, gestor=gestor, registrada_por=autor)

    assert errores(asistencia(GestorFactory(perfil__municipio=galapa))) == {}
    assert errores(asistencia(GestorFactory(perfil__municipio=malambo))) == {
        "gestor": ["Solo gestores del municipio de la actividad."]
    }
    socializacion = ActividadFactory(municipio=galapa)
    assert errores(asistencia(GestorFactory(perfil__municipio=galapa), socializacion)) == {
        "actividad": ["Solo las capacitaciones de gestores suman horas de formación."]
    }
