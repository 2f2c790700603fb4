"""El informe mensual como libro de Excel: una hoja por sección, encabezados en español, fechas y
números de verdad (no texto). Las secciones son las de `informe.secciones()`, así que el libro
lleva también la hoja «Cómo se calcula cada cifra», generada del catálogo de indicadores."""

import datetime
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tableros.informe import Mes, Porcentaje, Seccion

NO_PERMITIDOS = re.compile(r"[\[\]:*?/\\]")
ANCHO_MAXIMO = 60  # caracteres de una columna; un texto más largo se parte en renglones


def _nombre_hoja(titulo: str, usados: set[str]) -> str:
    nombre = NO_PERMITIDOS.sub(" ", titulo)[:31].strip()
    base, n = nombre, 2
    while nombre in usados:
        sufijo = f" ({n})"
        nombre, n = base[: 31 - len(sufijo)] + sufijo, n + 1
    usados.add(nombre)
    return nombre


def libro(titulo: str, secciones: list[Seccion]) -> bytes:
    """El XLSX con una hoja por sección: porcentajes, meses y fechas con su formato."""
    wb = Workbook()
    wb.remove(wb.active)
    usados: set[str] = set()
    for seccion in secciones:
        hoja = wb.create_sheet(_nombre_hoja(seccion.titulo, usados))
        hoja.append([titulo])
        hoja["A1"].font = Font(bold=True, size=12)
        hoja.append([seccion.titulo])
        fila_encabezado = 3
        if seccion.nota:
            hoja.append([seccion.nota])
            fila_encabezado = 4
        hoja.append(seccion.columnas)
        for celda in hoja[fila_encabezado]:
            celda.font = Font(bold=True)
        for fila in seccion.filas:
            hoja.append([float(v) / 100 if isinstance(v, Porcentaje) else v for v in fila])
            for celda, valor in zip(hoja[hoja.max_row], fila, strict=True):
                if isinstance(valor, Porcentaje):
                    celda.number_format = "0.0%"
                elif isinstance(valor, Mes):
                    celda.number_format = "mmmm yyyy"
                elif isinstance(valor, datetime.date):
                    celda.number_format = "dd/mm/yyyy"
                elif isinstance(valor, float):
                    celda.number_format = "0.0"
                elif isinstance(valor, str) and len(valor) > ANCHO_MAXIMO:
                    # Las definiciones: el texto entero, partido dentro de su columna.
                    celda.alignment = Alignment(wrap_text=True, vertical="top")
        hoja.freeze_panes = hoja.cell(row=fila_encabezado + 1, column=1)
        for i, columna in enumerate(seccion.columnas, start=1):
            ancho = max([len(str(columna))] + [len(str(f[i - 1] or "")) for f in seccion.filas])
            columna_xlsx = hoja.column_dimensions[get_column_letter(i)]
            columna_xlsx.width = min(max(ancho + 2, 10), ANCHO_MAXIMO)
    salida = io.BytesIO()
    wb.save(salida)
    return salida.getvalue()
