import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Cada modelo del admin, con datos, sus consultas y sus permisos: tests/auditoria/test_admin.py.


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
