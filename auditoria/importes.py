"""Importes de datos de referencia con django-import-export: piezas comunes.

El flujo es el de la librería en el admin: subir el archivo (CSV o XLSX), ver la vista previa
(nada se guarda: corre dentro de una transacción que se deshace) con los errores fila por fila, y
confirmar. Con `IMPORT_EXPORT_USE_TRANSACTIONS` y `clean_model_instances`, un archivo con una sola
fila mala no importa nada: cada fila pasa por `full_clean()` (restricciones del modelo incluidas).

Los widgets de aquí leen lo que escribe una persona en una hoja de cálculo en español: «Sí»/«No»,
fechas dd/mm/aaaa, y opciones por su valor o por su nombre, sin importar mayúsculas ni tildes;
lo que no entienden lo dicen en español, con las opciones válidas.
"""

import datetime
import unicodedata

from django.utils.translation import gettext as _
from import_export import widgets

from auditoria.exportes import RecursoExportable


def _clave(texto) -> str:
    sin_tildes = unicodedata.normalize("NFKD", str(texto)).encode("ascii", "ignore").decode()
    return " ".join(sin_tildes.lower().split())


def _texto(valor) -> str:
    return "" if valor is None else str(valor).strip()


class OpcionWidget(widgets.Widget):
    """Un campo con opciones (`TextChoices`): acepta el valor («barrio») o el nombre («Barrio»)."""

    def __init__(self, choices, *, obligatorio=True, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.obligatorio = obligatorio
        self.por_clave = {}
        for valor, nombre in choices.choices:
            self.por_clave[_clave(valor)] = valor
            self.por_clave[_clave(nombre)] = valor

    def clean(self, value, row=None, **kwargs):
        texto = _texto(value)
        if not texto:
            if self.obligatorio:
                raise ValueError(_("Falta el valor."))
            return ""
        try:
            return self.por_clave[_clave(texto)]
        except KeyError:
            opciones = ", ".join(str(nombre) for nombre in self.choices.labels)
            raise ValueError(
                _("«%(valor)s» no es una opción válida. Opciones: %(opciones)s.")
                % {"valor": texto, "opciones": opciones}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return self.exportar(value)

    def exportar(self, valor):
        return str(self.choices(valor).label) if valor else ""


class SiNoWidget(widgets.Widget):
    SI = {"si", "s", "1", "true", "verdadero", "x"}
    NO = {"no", "n", "0", "false", "falso"}

    def __init__(self, *, vacio=False, **kwargs):
        super().__init__(**kwargs)
        self.vacio = vacio

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        texto = _clave(_texto(value))
        if not texto:
            return self.vacio
        if texto in self.SI:
            return True
        if texto in self.NO:
            return False
        raise ValueError(_("Escriba «Sí» o «No» (llegó «%(valor)s»).") % {"valor": value})

    def render(self, value, obj=None, **kwargs):
        return _("Sí") if value else _("No")


class FechaWidget(widgets.Widget):
    """Fecha como la escribe una persona (dd/mm/aaaa), en ISO o como fecha real de Excel."""

    FORMATOS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        texto = _texto(value)
        if not texto:
            return None
        for formato in self.FORMATOS:
            try:
                return datetime.datetime.strptime(texto, formato).date()  # noqa: DTZ007
            except ValueError:
                continue
        raise ValueError(
            _("«%(valor)s» no es una fecha: escríbala como dd/mm/aaaa, p. ej. 31/01/2026.")
            % {"valor": texto}
        )

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""

    def exportar(self, valor):
        return valor  # una fecha real: el CSV la escribe dd/mm/aaaa y el XLSX como fecha


class TextoWidget(widgets.CharWidget):
    """Texto sin espacios sobrantes; vacío en vez de None (los CharField no admiten NULL)."""

    def clean(self, value, row=None, **kwargs):
        return " ".join(_texto(value).split())


class ReferenciaWidget(widgets.ForeignKeyWidget):
    """Una llave foránea por un campo legible, con un mensaje en español si no existe.

    `filtro_fila(row)` limita la búsqueda con otras columnas de la misma fila (p. ej. el sector
    se busca por su nombre dentro del municipio de la fila).
    """

    def __init__(self, model, field, *, descripcion, filtro_fila=None, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.descripcion = descripcion
        self.filtro_fila = filtro_fila

    def exportar(self, valor):
        return getattr(valor, self.field, "") if valor is not None else ""

    def get_queryset(self, value, row, *args, **kwargs):
        consulta = self.model.objects.all()
        if self.filtro_fila is not None:
            consulta = consulta.filter(**self.filtro_fila(row or {}))
        return consulta

    def clean(self, value, row=None, **kwargs):
        texto = _texto(value)
        if not texto:
            return None
        candidatos = self.get_queryset(texto, row)
        encontrados = list(candidatos.filter(**{f"{self.field}__iexact": texto})[:2])
        if not encontrados:
            # Sin importar tildes ni mayúsculas fuera del ASCII («ESTACIÓN» = «Estación»), que
            # SQLite no compara: entre los candidatos de la fila, que son pocos.
            clave = _clave(texto)
            encontrados = [c for c in candidatos if _clave(getattr(c, self.field)) == clave][:2]
        if not encontrados:
            raise ValueError(
                _("No existe %(que)s «%(valor)s».") % {"que": self.descripcion, "valor": texto}
            )
        if len(encontrados) > 1:
            raise ValueError(
                _("Hay más de un(a) %(que)s «%(valor)s»: precise la fila.")
                % {"que": self.descripcion, "valor": texto}
            )
        return encontrados[0]


class RecursoImportable(RecursoExportable):
    """Recurso de datos de referencia que se exporta y se importa con las mismas columnas.

    Cada fila se valida con `full_clean()`; una fila ya existente se reconoce por
    `import_id_fields` sin importar mayúsculas (como las restricciones únicas de la base).
    """

    class Meta:
        clean_model_instances = True  # full_clean(): restricciones del modelo, fila por fila
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        encabezados = {str(h).strip() for h in dataset.headers or []}
        columnas = [str(campo.column_name) for campo in self.get_import_fields()]
        faltan = [
            str(self.fields[nombre].column_name)
            for nombre in self.get_import_id_fields()
            if str(self.fields[nombre].column_name) not in encabezados
        ]
        if faltan:
            raise ValueError(
                _(
                    "Al archivo le faltan columnas: %(faltan)s. La primera fila lleva los "
                    "encabezados: %(columnas)s (exporte la lista para tener una plantilla)."
                )
                % {"faltan": ", ".join(faltan), "columnas": ", ".join(columnas)}
            )

    def import_data(self, dataset, **kwargs):
        # Todo o nada: una fila que no pasa la validación deshace las demás, también al confirmar
        # (la librería solo lo hace en la vista previa).
        kwargs["rollback_on_validation_errors"] = True
        kwargs["use_transactions"] = True
        return super().import_data(dataset, **kwargs)

    def get_instance(self, instance_loader, row):
        filtros = {}
        for nombre in self.get_import_id_fields():
            campo = self.fields[nombre]
            try:
                valor = campo.clean(row)
            except (ValueError, KeyError):
                # La fila se valida campo por campo más adelante y allí se explica el error.
                return None
            if valor in (None, ""):
                return None
            clave = f"{campo.attribute}__iexact" if isinstance(valor, str) else campo.attribute
            filtros[clave] = valor
        return self._meta.model.objects.filter(**filtros).first()
