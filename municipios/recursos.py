"""Exportes e importes del directorio (django-import-export): las mismas columnas en los dos
sentidos, así un exporte sirve de plantilla para el siguiente importe.

Los municipios se nombran por su código DANE; las entidades y los sectores, por su nombre dentro
del municipio de la misma fila.
"""

from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from auditoria.exportes import RecursoExportable
from auditoria.importes import (
    FechaWidget,
    OpcionWidget,
    RecursoImportable,
    ReferenciaWidget,
    SiNoWidget,
    TextoWidget,
)
from municipios.models import (
    Contacto,
    Entidad,
    Municipio,
    OrganizacionComunitaria,
    Sector,
    TipoEntidad,
    TipoOrganizacion,
    TipoSector,
    Zona,
)

COL_MUNICIPIO = _("Municipio (código DANE)")


def _municipio_de_la_fila(row) -> dict:
    return {"municipio__codigo_dane": str(row.get(str(COL_MUNICIPIO)) or "").strip()}


def _municipio(attribute="municipio"):
    return Field(
        attribute=attribute,
        column_name=COL_MUNICIPIO,
        widget=ReferenciaWidget(Municipio, "codigo_dane", descripcion=_("municipio con código")),
    )


def _texto(attribute, column_name, **kwargs):
    return Field(attribute=attribute, column_name=column_name, widget=TextoWidget(), **kwargs)


def _si_no(attribute, column_name):
    return Field(attribute=attribute, column_name=column_name, widget=SiNoWidget(vacio=True))


class MunicipioRecurso(RecursoExportable):
    codigo_dane = Field(attribute="codigo_dane", column_name=_("Código DANE"))
    nombre = Field(attribute="nombre", column_name=_("Nombre"))
    sigla = Field(attribute="sigla", column_name=_("Sigla"))
    departamento = Field(attribute="departamento", column_name=_("Departamento"))
    poblacion = Field(attribute="poblacion", column_name=_("Población"))
    activo = Field(attribute="activo", column_name=_("Activo en el programa"))

    class Meta:
        model = Municipio
        name = _("Municipios")
        fields = ["codigo_dane", "nombre", "sigla", "departamento", "poblacion", "activo"]
        export_order = fields


class SectorRecurso(RecursoImportable):
    municipio = _municipio()
    nombre = _texto("nombre", _("Nombre"))
    tipo = Field(attribute="tipo", column_name=_("Tipo"), widget=OpcionWidget(TipoSector))
    zona = Field(attribute="zona", column_name=_("Zona"), widget=OpcionWidget(Zona))

    relaciones = ("municipio",)

    class Meta:
        model = Sector
        name = _("Sectores")
        fields = ["municipio", "nombre", "tipo", "zona"]
        export_order = fields
        import_id_fields = ["municipio", "nombre"]


class EntidadRecurso(RecursoImportable):
    municipio = _municipio()
    nombre = _texto("nombre", _("Nombre"))
    tipo = Field(attribute="tipo", column_name=_("Tipo"), widget=OpcionWidget(TipoEntidad))
    direccion = _texto("direccion", _("Dirección"))
    telefono = _texto("telefono", _("Teléfono"))
    correo = _texto("correo", _("Correo electrónico"))
    horario = _texto("horario", _("Horario de atención"))
    activa = _si_no("activa", _("Activa"))

    relaciones = ("municipio",)

    class Meta:
        model = Entidad
        name = _("Entidades")
        fields = ["municipio", "nombre", "tipo", "direccion", "telefono", "correo", "horario"]
        fields += ["activa"]
        export_order = fields
        import_id_fields = ["municipio", "nombre"]


class ContactoRecurso(RecursoImportable):
    """Un contacto se reconoce por su entidad, su nombre y desde cuándo está en el cargo."""

    municipio = Field(
        attribute="entidad__municipio",
        column_name=COL_MUNICIPIO,
        readonly=True,
        widget=ReferenciaWidget(Municipio, "codigo_dane", descripcion=_("municipio con código")),
    )
    entidad = Field(
        attribute="entidad",
        column_name=_("Entidad"),
        widget=ReferenciaWidget(
            Entidad,
            "nombre",
            descripcion=_("en ese municipio la entidad"),
            filtro_fila=_municipio_de_la_fila,
        ),
    )
    nombre = _texto("nombre", _("Nombre"))
    cargo = _texto("cargo", _("Cargo"))
    telefono = _texto("telefono", _("Teléfono"))
    correo = _texto("correo", _("Correo electrónico"))
    vigente_desde = Field(
        attribute="vigente_desde", column_name=_("Vigente desde"), widget=FechaWidget()
    )
    vigente_hasta = Field(
        attribute="vigente_hasta", column_name=_("Vigente hasta"), widget=FechaWidget()
    )

    relaciones = ("entidad__municipio",)

    class Meta:
        model = Contacto
        name = _("Contactos de las entidades")
        fields = ["municipio", "entidad", "nombre", "cargo", "telefono", "correo"]
        fields += ["vigente_desde", "vigente_hasta"]
        export_order = fields
        import_id_fields = ["entidad", "nombre", "vigente_desde"]


class OrganizacionComunitariaRecurso(RecursoImportable):
    municipio = Field(
        attribute="sector__municipio",
        column_name=COL_MUNICIPIO,
        readonly=True,
        widget=ReferenciaWidget(Municipio, "codigo_dane", descripcion=_("municipio con código")),
    )
    sector = Field(
        attribute="sector",
        column_name=_("Sector"),
        widget=ReferenciaWidget(
            Sector,
            "nombre",
            descripcion=_("en ese municipio el sector"),
            filtro_fila=_municipio_de_la_fila,
        ),
    )
    nombre = _texto("nombre", _("Nombre"))
    tipo = Field(attribute="tipo", column_name=_("Tipo"), widget=OpcionWidget(TipoOrganizacion))
    contacto_nombre = _texto("contacto_nombre", _("Persona de contacto"))
    contacto_cargo = _texto("contacto_cargo", _("Cargo de la persona de contacto"))
    contacto_telefono = _texto("contacto_telefono", _("Teléfono de contacto"))
    activa = _si_no("activa", _("Activa"))

    relaciones = ("sector__municipio",)

    class Meta:
        model = OrganizacionComunitaria
        name = _("Organizaciones comunitarias")
        fields = ["municipio", "sector", "nombre", "tipo", "contacto_nombre", "contacto_cargo"]
        fields += ["contacto_telefono", "activa"]
        export_order = fields
        import_id_fields = ["sector", "nombre"]
