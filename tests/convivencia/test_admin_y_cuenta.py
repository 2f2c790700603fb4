import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    ContactoFactory,
    GestorFactory,
    OrganizacionComunitariaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELOS = sorted(
    (modelo._meta.app_label, modelo._meta.model_name) for modelo in admin.site._registry
)


@pytest.fixture
def con_datos(galapa):
    ContactoFactory(entidad=galapa.entidades.first())
    OrganizacionComunitariaFactory(sector__municipio=galapa)
    GestorFactory(perfil__municipio=galapa)


@pytest.mark.parametrize(("app", "modelo"), MODELOS)
def test_el_admin_abre_la_lista_y_el_formulario_de_cada_modelo(client, con_datos, app, modelo):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    lista = client.get(reverse(f"admin:{app}_{modelo}_changelist"))
    nuevo = client.get(reverse(f"admin:{app}_{modelo}_add"))

    assert lista.status_code == 200
    assert nuevo.status_code in (200, 403)  # 403: modelos que el admin no deja crear a mano


def test_el_equipo_amb_entra_al_admin_en_espanol(cliente_amb):
    respuesta = cliente_amb.get(reverse("admin:index"))

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Convivencia — Área Metropolitana de Barranquilla" in html
    assert "Municipios y directorio" in html


def test_un_coordinador_no_entra_al_admin(cliente_coordinador_malambo):
    respuesta = cliente_coordinador_malambo.get(reverse("admin:index"))

    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("admin:login"))


def test_cambiar_la_contrasena(client, gestor_galapa, clave):
    client.force_login(gestor_galapa)
    nueva = "una frase larga para el barrio"

    respuesta = client.post(
        reverse("password_change"),
        {"old_password": clave, "new_password1": nueva, "new_password2": nueva},
    )

    assert respuesta.status_code == 302
    gestor_galapa.refresh_from_db()
    assert gestor_galapa.check_password(nueva)


def test_una_contrasena_corta_se_rechaza_en_espanol(client, gestor_galapa, clave):
    client.force_login(gestor_galapa)

    respuesta = client.post(
        reverse("password_change"),
        {"old_password": clave, "new_password1": "corta", "new_password2": "corta"},
    )

    assert respuesta.status_code == 200
    assert "Debe contener por lo menos 12 caracteres" in respuesta.content.decode()


def test_cerrar_sesion(cliente_gestor_galapa):
    respuesta = cliente_gestor_galapa.post(reverse("logout"))

    assert respuesta.status_code == 302
    assert cliente_gestor_galapa.get(reverse("inicio")).status_code == 302
