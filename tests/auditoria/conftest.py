"""Exportar e importar por el admin como lo hace una persona, y leer el archivo de vuelta."""

import csv
import io

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.conftest import ingresar

FORMATOS = {"csv": 0, "xlsx": 1}  # el orden de IMPORT_EXPORT_FORMATS


def url_admin(modelo, vista: str) -> str:
    return reverse(f"admin:{modelo._meta.app_label}_{modelo._meta.model_name}_{vista}")


def datos_exporte(modelo, *, recurso: int = 0, formato: str = "csv", campos=None) -> dict:
    """Lo que envía el formulario «Exportar»: formato, exporte y las columnas marcadas."""
    clase = admin.site._registry[modelo].get_export_resource_classes(None)[recurso]
    datos = {"format": str(FORMATOS[formato]), "resource": str(recurso)}
    for campo in campos or clase().get_export_order():
        datos[f"{clase.__name__.lower()}_{campo}"] = "on"
    return datos


def leer(respuesta, formato: str) -> list[list]:
    contenido = b"".join(respuesta.streaming_content)
    if formato == "csv":
        return list(csv.reader(io.StringIO(contenido.decode("utf-8-sig"))))
    libro = openpyxl.load_workbook(io.BytesIO(contenido))
    return [list(fila) for fila in libro.active.iter_rows(values_only=True)]


def exportar(cliente, modelo, *, filtros: str = "", recurso: int = 0, formato: str = "csv"):
    respuesta = cliente.post(
        url_admin(modelo, "export") + filtros,
        datos_exporte(modelo, recurso=recurso, formato=formato),
    )
    assert respuesta.status_code == 200, respuesta.content[:2000]
    assert "attachment" in respuesta["Content-Disposition"]
    return leer(respuesta, formato)


def columna(filas: list[list], nombre: str) -> list:
    indice = filas[0].index(nombre)
    return [fila[indice] for fila in filas[1:]]


@pytest.fixture
def cliente_con_datos_personales(usuario_amb, client):
    usuario_amb.groups.add(Group.objects.get(name="Exporte de datos personales"))
    return ingresar(client, usuario_amb)
