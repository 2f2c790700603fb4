"""Exportes del admin: las columnas las definen recursos de django-import-export; el archivo lo
escribimos aquí, fila a fila, para que un millón de casos no quepa en memoria de una vez.

Por qué no el camino de la librería: arma el archivo entero en memoria (100.000 filas medidas: ~140
MB en CSV y ~280 MB en XLSX), su protección contra fórmulas solo quita un «=» inicial y vuelve texto
todas las celdas (las fechas y los números dejan de serlo). Aquí:

- CSV en un `StreamingHttpResponse` (`iterator()` + `csv.writer`), UTF-8 con BOM para Excel.
- XLSX con openpyxl en modo de solo escritura (memoria constante), con fechas y números reales,
  hasta `EXPORTE_XLSX_MAX_FILAS` filas; más allá, un mensaje claro que sugiere CSV o filtrar.
- Texto que empieza por `=`, `+`, `-`, `@` (también tras espacios o tabuladores, o en ancho
  completo, U+FF1D), tabulador o retorno de carro, neutralizado con un apóstrofo (inyección de
  fórmulas), después de quitar los caracteres de control; los números y las fechas conservan su
  tipo.
- Fechas y horas en hora de Bogotá.
- Datos personales (nombres, documentos, contacto, relatos) solo con el permiso
  `auditoria.exportar_datos_personales`; sin él, el mismo archivo con esas columnas reservadas y un
  seudónimo estable de cada persona. Los datos de menores nunca salen (DESIGN §5).
- Cada exporte queda en la bitácora (`RegistroExporte`) antes de entregarse.
"""

import csv
import datetime
import tempfile
import unicodedata
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import connections, models, transaction
from django.http import FileResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import resources
from import_export.admin import ExportMixin
from import_export.forms import SelectableFieldsExportForm
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from auditoria.eventos import evento_registrar
from auditoria.models import FormatoExporte, RegistroExporte, TipoEvento

PERMISO_DATOS_PERSONALES = "auditoria.exportar_datos_personales"
RESERVADO = "(reservado)"
PELIGROSOS = ("=", "+", "-", "@")
FORMATO_FECHA = "DD/MM/YYYY"
FORMATO_FECHA_HORA = "DD/MM/YYYY HH:MM"
FILAS_POR_BLOQUE = 2000


def neutralizar(texto: str) -> str:
    """Texto que una hoja de cálculo tomaría por fórmula, con un apóstrofo delante.

    Lo último que se le hace al texto: primero se quitan los caracteres de control (que openpyxl
    no escribe; si se quitaran después, «\x01=HYPERLINK(…)» quedaría como fórmula viva); luego
    se mira el comienzo sin espacios ni tabuladores y en forma NFKC (el igual de ancho
    completo, U+FF1D, es un «=» para algunas hojas de cálculo). Un tabulador o un retorno de
    carro al comienzo también llevan el apóstrofo.
    """
    texto = ILLEGAL_CHARACTERS_RE.sub("", texto)
    comienzo = unicodedata.normalize("NFKC", texto.lstrip()[:8]).lstrip()
    if comienzo.startswith(PELIGROSOS) or texto.startswith(("\t", "\r")):
        return "'" + texto
    return texto


def seudonimo(persona_id: int | None) -> str:
    """Código estable de una persona, sin su identidad: el mismo en todos los exportes.

    HMAC con la SECRET_KEY: no se revierte sin la clave, y cuenta la reincidencia igual.
    """
    if persona_id is None:
        return ""
    resumen = salted_hmac(
        "convivencia.exportes.seudonimo", str(persona_id), algorithm="sha256"
    ).hexdigest()
    return "P-" + resumen[:10].upper()


def puede_exportar_datos_personales(user) -> bool:
    return user.has_perm(PERMISO_DATOS_PERSONALES)


def _normalizar(valor):
    """El valor de una celda en su tipo: texto, número, fecha u hora local (sin zona)."""
    if valor is None:
        return None
    if isinstance(valor, bool):
        return _("Sí") if valor else _("No")
    if isinstance(valor, datetime.datetime):
        if timezone.is_aware(valor):
            valor = timezone.localtime(valor)
        return valor.replace(tzinfo=None, second=0, microsecond=0)
    if isinstance(valor, int | float | Decimal | datetime.date):
        return valor
    return neutralizar(str(valor))


def valor_csv(valor) -> str:
    valor = _normalizar(valor)
    if valor is None:
        return ""
    if isinstance(valor, datetime.datetime):
        return valor.strftime("%d/%m/%Y %H:%M")
    if isinstance(valor, datetime.date):
        return valor.strftime("%d/%m/%Y")
    return str(valor)


def celda_xlsx(hoja, valor):
    valor = _normalizar(valor)
    if isinstance(valor, str):
        # Ya sin caracteres de control (neutralizar los quitó antes de mirar el comienzo).
        return valor
    if isinstance(valor, datetime.datetime):
        celda = WriteOnlyCell(hoja, value=valor)
        celda.number_format = FORMATO_FECHA_HORA
        return celda
    if isinstance(valor, datetime.date):
        celda = WriteOnlyCell(hoja, value=valor)
        celda.number_format = FORMATO_FECHA
        return celda
    return valor


class RecursoExportable(resources.ModelResource):
    """Recurso con columnas en español, datos personales marcados y filas listas para recorrer.

    - `campos_personales`: nombres de los campos con datos personales de ciudadanos.
    - `filas(queryset)`: lo que se recorre a partir de la consulta de la lista del admin (con sus
      relaciones ya unidas); el exporte «una fila por parte» la cambia por las partes.
    - `fila_reservada(obj)`: filas cuyos datos personales no salen nunca (menores de edad).
    """

    campos_personales: frozenset[str] = frozenset()
    relaciones: tuple[str, ...] = ()

    def filas(self, queryset: models.QuerySet) -> models.QuerySet:
        if self.relaciones:
            queryset = queryset.select_related(*self.relaciones)
        return queryset

    def fila_reservada(self, obj) -> bool:
        return False

    def nombre_de(self, campo) -> str:
        return self.get_field_name(campo)

    def valor(self, campo, obj, *, con_datos_personales: bool):
        nombre = self.nombre_de(campo)
        if nombre in self.campos_personales and (
            not con_datos_personales or self.fila_reservada(obj)
        ):
            return RESERVADO
        return self.lector(campo)(obj)

    def lector(self, campo):
        """Función obj → valor de la columna, armada una vez por exporte.

        Recorre la ruta del atributo sin volver a partirla en cada fila y resuelve
        `get_<campo>_display` con un diccionario ya traducido: con un millón de filas,
        `_get_FIELD_display` de Django (que rearma sus opciones en cada llamada) era el 70 % del
        tiempo del exporte.
        """
        cache = self.__dict__.setdefault("_lectores", {})
        nombre = self.nombre_de(campo)
        if nombre not in cache:
            cache[nombre] = self._armar_lector(campo, nombre)
        return cache[nombre]

    def _armar_lector(self, campo, nombre):
        metodo = getattr(self, campo.get_dehydrate_method(nombre), None)
        if callable(metodo):
            return metodo
        exportar = getattr(campo.widget, "exportar", None)
        pasos = campo.attribute.split("__") if campo.attribute else []
        modelo = self._meta.model
        for paso in pasos[:-1]:
            relacion = _campo_de(modelo, paso)
            modelo = relacion.related_model if relacion is not None else None
            if modelo is None:
                break
        final = pasos[-1] if pasos else None
        opciones = None
        if final and modelo is not None and final.startswith("get_") and final.endswith("_display"):
            de_opciones = _campo_de(modelo, final[4 : -len("_display")])
            if de_opciones is not None and de_opciones.choices:
                opciones = {valor: str(etiqueta) for valor, etiqueta in de_opciones.flatchoices}
                pasos = [*pasos[:-1], de_opciones.attname]

        def leer(obj):
            valor = obj
            for paso in pasos:
                valor = getattr(valor, paso, None)
                if valor is None:
                    return None
            if opciones is not None:
                return opciones.get(valor, valor)
            if callable(valor) and not isinstance(valor, models.Manager):
                valor = valor()
            return exportar(valor) if exportar else valor

        return leer


def _campo_de(modelo, nombre):
    try:
        return modelo._meta.get_field(nombre)
    except Exception:  # una propiedad o un método, no un campo
        return None


class Exporte:
    """Un exporte concreto: recurso, columnas elegidas, permiso del usuario y formato."""

    def __init__(self, recurso: RecursoExportable, seleccion, *, con_datos_personales: bool):
        self.recurso = recurso
        self.campos = recurso.get_export_fields(seleccion)
        self.con_datos_personales = con_datos_personales
        personales = recurso.campos_personales
        self._columnas = [
            (recurso.lector(campo), recurso.nombre_de(campo) in personales) for campo in self.campos
        ]

    @property
    def encabezados(self) -> list[str]:
        return [str(campo.column_name) for campo in self.campos]

    @property
    def incluye_datos_personales(self) -> bool:
        personales = self.recurso.campos_personales
        return self.con_datos_personales and any(
            self.recurso.nombre_de(campo) in personales for campo in self.campos
        )

    def fila(self, obj) -> list:
        reservada = not self.con_datos_personales or self.recurso.fila_reservada(obj)
        return [
            RESERVADO if personal and reservada else leer(obj) for leer, personal in self._columnas
        ]

    def recorrer(self, filas: models.QuerySet):
        if connections[filas.db].vendor != "postgresql":
            # SQLite no tiene cursores del servidor (y su transacción IMMEDIATE tomaría el
            # bloqueo de escritura mientras dura el exporte).
            yield from filas.iterator(chunk_size=FILAS_POR_BLOQUE)
            return
        # En PostgreSQL, un cursor del servidor (memoria constante) dentro de una transacción,
        # que dura lo que ella. Fuera de una, PostgreSQL guardaría el resultado entero (WITH
        # HOLD) antes de dar la primera fila y, detrás de PgBouncer en modo transacción, cada
        # lote podría ir a otra conexión del servidor, donde el cursor no existe. Por eso con
        # PgBouncer van apagados (DISABLE_SERVER_SIDE_CURSORS, y iterator() traería todo el
        # resultado a la memoria): aquí se pide el cursor aunque lo estén (`_iterator(True, …)`,
        # el camino de iterator(); tests/convivencia/test_pgbouncer.py mira que siga siéndolo).
        with transaction.atomic(using=filas.db):
            yield from filas._iterator(True, FILAS_POR_BLOQUE)

    def csv(self, filas: models.QuerySet):
        """El CSV en trozos de texto: nunca el archivo entero en memoria."""

        class Eco:
            def write(self, linea):
                return linea

        escritor = csv.writer(Eco())
        yield "\ufeff" + escritor.writerow(self.encabezados)
        bloque = []
        for obj in self.recorrer(filas):
            bloque.append(escritor.writerow([valor_csv(v) for v in self.fila(obj)]))
            if len(bloque) >= 500:
                yield "".join(bloque)
                bloque.clear()
        if bloque:
            yield "".join(bloque)

    def xlsx(self, filas: models.QuerySet, titulo: str):
        """El XLSX en un archivo temporal, escrito en modo de solo escritura (memoria constante)."""
        libro = Workbook(write_only=True)
        hoja = libro.create_sheet(title=titulo[:31])
        hoja.freeze_panes = "A2"
        for indice, encabezado in enumerate(self.encabezados, start=1):
            hoja.column_dimensions[get_column_letter(indice)].width = min(
                max(len(encabezado) + 2, 12), 40
            )
        negrita = Font(bold=True)
        fila_encabezados = []
        for encabezado in self.encabezados:
            celda = WriteOnlyCell(hoja, value=neutralizar(encabezado))
            celda.font = negrita
            fila_encabezados.append(celda)
        hoja.append(fila_encabezados)
        for obj in self.recorrer(filas):
            hoja.append([celda_xlsx(hoja, v) for v in self.fila(obj)])
        archivo = tempfile.TemporaryFile()  # noqa: SIM115 (lo cierra FileResponse al terminar)
        libro.save(archivo)
        archivo.seek(0)
        return archivo


def filtros_de(request) -> dict:
    """Los parámetros de la lista (filtros, búsqueda, orden) tal como llegaron."""
    return {
        clave: valores[0] if len(valores) == 1 else valores
        for clave, valores in request.GET.lists()
    }


class FormularioExporte(SelectableFieldsExportForm):
    """Cada columna se ofrece por su nombre en español, no por el del campo en el código."""

    def _init_formats(self, formats):
        # Sin la opción en blanco «---» de la librería: el primer formato (CSV) ya elegido.
        super()._init_formats(formats)
        campo = self.fields["format"]
        campo.choices = [(valor, nombre) for valor, nombre in campo.choices if valor != ""]
        self.initial.setdefault("format", campo.choices[0][0])

    def _get_field_label(self, resource, field_name):
        campo = resource.fields.get(field_name)
        return str(campo.column_name) if campo is not None else field_name


class ExportacionAdminMixin(ExportMixin):
    """ExportMixin de django-import-export con el archivo escrito aquí, permisos y bitácora.

    El botón «Exportar» de la lista lleva sus filtros; `get_export_queryset` de la librería arma
    la misma consulta que la lista, y aquí se escribe, se registra y se entrega.
    """

    export_template_name = "admin/auditoria/exporte.html"
    export_form_class = FormularioExporte

    def export_action(self, request):
        # Filtros que la lista no entiende (un enlace viejo o escrito a mano): como la lista,
        # de vuelta a ella con ?e=1 («parámetros incorrectos»), nunca un error 500.
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            info = (self.opts.app_label, self.opts.model_name)
            return HttpResponseRedirect(reverse("admin:{}_{}_changelist".format(*info)) + "?e=1")

    def get_export_context_data(self, **kwargs):
        contexto = super().get_export_context_data(**kwargs)
        contexto["max_filas_xlsx"] = number_format(
            settings.EXPORTE_XLSX_MAX_FILAS, force_grouping=True
        )
        return contexto

    def init_request_context_data(self, request, form):
        contexto = super().init_request_context_data(request, form)
        contexto["con_datos_personales"] = puede_exportar_datos_personales(request.user)
        contexto["title"] = _("Exportar %(modelo)s") % {
            "modelo": self.model._meta.verbose_name_plural
        }
        return contexto

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        clase = self.choose_export_resource_class(export_form, request)
        recurso = clase(**self.get_export_resource_kwargs(request))
        exporte = Exporte(
            recurso,
            self.get_export_resource_fields_from_form(export_form),
            con_datos_personales=puede_exportar_datos_personales(request.user),
        )
        # En la base que eligió el enrutador mientras corre la vista (la copia de lectura, si la
        # hay): el CSV se escribe después de que la vista vuelve.
        filas = recurso.filas(queryset)
        filas = filas.using(filas.db)
        total = filas.count()
        formato = FormatoExporte(file_format.get_extension())
        maximo = settings.EXPORTE_XLSX_MAX_FILAS
        if formato == FormatoExporte.XLSX and total > maximo:
            # export_action muestra el ValueError como mensaje y vuelve al formulario.
            raise ValueError(
                _(
                    "Son %(total)s filas y un XLSX se arma hasta con %(maximo)s. Filtre la lista "
                    "(municipio, fechas…) o elija CSV, que no tiene límite."
                )
                % {
                    "total": number_format(total, force_grouping=True),
                    "maximo": number_format(maximo, force_grouping=True),
                }
            )
        nombre = self._nombre_archivo(clase, formato)
        if formato == FormatoExporte.XLSX:
            archivo = exporte.xlsx(filas, titulo=str(clase.get_display_name()))
            self._registrar(request, clase, exporte, formato, total)
            return FileResponse(
                archivo,
                as_attachment=True,
                filename=nombre,
                content_type=file_format.get_content_type(),
            )
        self._registrar(request, clase, exporte, formato, total)
        respuesta = StreamingHttpResponse(
            exporte.csv(filas), content_type="text/csv; charset=utf-8"
        )
        respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
        return respuesta

    def _nombre_archivo(self, clase, formato) -> str:
        hoy = timezone.localdate().isoformat()
        return f"{slugify(clase.get_display_name())}-{hoy}.{formato}"

    def _registrar(self, request, clase, exporte, formato, total):
        registro = RegistroExporte.objects.create(
            usuario=request.user,
            modelo=self.model._meta.label_lower,
            recurso=str(clase.get_display_name()),
            filtros=filtros_de(request),
            formato=formato,
            columnas=exporte.encabezados,
            filas=total,
            datos_personales=exporte.incluye_datos_personales,
        )
        evento_registrar(
            tipo=TipoEvento.EXPORTE,
            request=request,
            objeto=registro,
            detalle=f"{self.model._meta.label_lower} {formato} {total} filas"
            + (" con datos personales" if registro.datos_personales else ""),
        )
        if not exporte.con_datos_personales and exporte.recurso.campos_personales:
            messages.info(
                request,
                _("Exporte seudonimizado: no tiene permiso para exportar datos personales."),
            )
