"""El caso y su ciclo de vida: tipos de conflicto, estados, resultados, el radicado, y lo que
se consulta de los casos (alcance, reincidencia, alertas)."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from comun.modelos import en_opciones
from gestores.models import Gestor, Rol, rol_de
from municipios.alcance import AlcanceMunicipalQuerySet
from municipios.models import Municipio, Sector, TipoEntidad
from municipios.reglas import SECTOR_DE_OTRO_MUNICIPIO, EtiquetasRapidas, RecuerdaLoCargado

USER = settings.AUTH_USER_MODEL


class CategoriaConvivencia(models.TextChoices):
    """Las categorías de convivencia del artículo 6 de la Ley 1801 de 2016."""

    SEGURIDAD = "seguridad", _("Seguridad")
    TRANQUILIDAD = "tranquilidad", _("Tranquilidad")
    AMBIENTE = "ambiente", _("Ambiente")
    SALUD_PUBLICA = "salud_publica", _("Salud pública")


class TipoConflicto(EtiquetasRapidas, models.Model):
    nombre = models.CharField(_("nombre"), max_length=120, unique=True)
    categoria = models.CharField(
        _("categoría (Ley 1801, art. 6)"), max_length=15, choices=CategoriaConvivencia.choices
    )
    referencia_legal = models.CharField(
        _("referencia legal"), max_length=120, blank=True, help_text=_("p. ej. Ley 1801, art. 33")
    )
    mediable = models.BooleanField(
        _("mediable"),
        default=True,
        help_text=_("Si no es mediable, el caso se remite a la entidad competente."),
    )
    entidad_sugerida = models.CharField(
        _("entidad a la que suele remitirse"),
        max_length=25,
        choices=TipoEntidad.choices,
        blank=True,
    )
    descripcion = models.TextField(_("descripción"), blank=True)
    activo = models.BooleanField(_("activo"), default=True)
    orden = models.PositiveSmallIntegerField(_("orden"), default=100)

    history = HistoricalRecords()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "import", "export")
        verbose_name = _("tipo de conflicto")
        verbose_name_plural = _("tipos de conflicto")
        ordering = ["orden", "nombre"]
        constraints = [
            models.CheckConstraint(
                condition=en_opciones("categoria", CategoriaConvivencia),
                name="tipo_categoria_valida",
            ),
            models.CheckConstraint(
                condition=Q(entidad_sugerida="") | en_opciones("entidad_sugerida", TipoEntidad),
                name="tipo_entidad_sugerida_valida",
            ),
            models.CheckConstraint(
                condition=Q(mediable=True) | ~Q(entidad_sugerida=""),
                name="tipo_no_mediable_con_entidad",
                violation_error_message=_(
                    "Un tipo no mediable debe decir a qué entidad se remite."
                ),
            ),
        ]

    def __str__(self):
        return self.nombre


class Canal(models.TextChoices):
    PRESENCIAL = "presencial", _("Presencial")
    VISITA = "visita", _("Visita")
    TELEFONO = "telefono", _("Teléfono / WhatsApp")
    REMITIDO = "remitido", _("Remitido por una entidad")
    DE_OFICIO = "de_oficio", _("De oficio")


class NivelRiesgo(models.TextChoices):
    BAJO = "bajo", _("Bajo")
    MEDIO = "medio", _("Medio")
    ALTO = "alto", _("Alto")


class Estado(models.TextChoices):
    REGISTRADO = "registrado", _("Registrado")
    EN_GESTION = "en_gestion", _("En gestión")
    EN_MEDIACION = "en_mediacion", _("En mediación")
    ACUERDO = "acuerdo", _("Con acuerdo")
    REMITIDO = "remitido", _("Remitido")
    CERRADO = "cerrado", _("Cerrado")
    ARCHIVADO = "archivado", _("Archivado")


ESTADOS_ABIERTOS = [
    Estado.REGISTRADO,
    Estado.EN_GESTION,
    Estado.EN_MEDIACION,
    Estado.ACUERDO,
    Estado.REMITIDO,
]


class Resultado(models.TextChoices):
    ACUERDO_TOTAL = "acuerdo_total", _("Acuerdo total")
    ACUERDO_PARCIAL = "acuerdo_parcial", _("Acuerdo parcial")
    SIN_ACUERDO = "sin_acuerdo", _("Sin acuerdo")
    REMITIDO_RESUELTO = "remitido_resuelto", _("Remitido y resuelto")
    DESISTIMIENTO = "desistimiento", _("Desistimiento")
    NO_LOCALIZADO = "no_localizado", _("No localizado")


class DocumentoMediacionTipo(models.TextChoices):
    """Los documentos con que termina una mediación (los del registro de conciliaciones SICAAC
    del Ministerio de Justicia): el acta de acuerdo, total o parcial, y las constancias."""

    ACTA_TOTAL = "acta_total", _("Acta de acuerdo total")
    ACTA_PARCIAL = "acta_parcial", _("Acta de acuerdo parcial")
    NO_ACUERDO = "constancia_no_acuerdo", _("Constancia de no acuerdo")
    INASISTENCIA = "constancia_inasistencia", _("Constancia de inasistencia")


ACTAS = (DocumentoMediacionTipo.ACTA_TOTAL, DocumentoMediacionTipo.ACTA_PARCIAL)


class CasoQuerySet(AlcanceMunicipalQuerySet):
    def visible_para(self, user):
        if rol_de(user) == Rol.ENLACE:
            return self.none()
        return super().visible_para(user)

    def abiertos(self):
        return self.filter(estado__in=ESTADOS_ABIERTOS)

    def con_reincidencia(self):
        """Anota `reincidente`: alguna de sus partes aparece en un caso recibido antes.

        «Antes» es una fecha de recepción anterior: dos casos del mismo día con la misma persona
        no cuentan el uno para el otro. Como cada persona es de un municipio, es la reincidencia
        dentro del municipio (entre municipios: `con_reincidencia_en_otro_municipio`). Es la
        definición del tablero y del filtro «reincidentes» de la lista, que así dan la misma
        cifra.
        """
        from casos.models.personas import Parte  # personas.py importa este módulo

        personas = Parte.objects.filter(caso=OuterRef(OuterRef("pk"))).values("persona")
        anteriores = Parte.objects.filter(
            persona__in=personas, caso__fecha_recepcion__lt=OuterRef("fecha_recepcion")
        )
        return self.annotate(reincidente=Exists(anteriores))

    def con_reincidencia_en_otro_municipio(self):
        """Anota `reincidente_fuera`: alguna de sus partes tiene el mismo documento (por su
        seudónimo `clave_documento`, nunca por una fila compartida) que una parte de un caso de
        **otro** municipio recibido antes. Para la comparación metropolitana del equipo AMB."""
        from casos.models.personas import Parte  # personas.py importa este módulo

        antes_fuera = Parte.objects.filter(
            persona__clave_documento=OuterRef("persona__clave_documento"),
            caso__fecha_recepcion__lt=OuterRef(OuterRef("fecha_recepcion")),
        ).exclude(caso__municipio=OuterRef(OuterRef("municipio")))
        partes = (
            Parte.objects.filter(caso=OuterRef("pk"))
            .exclude(persona__clave_documento="")
            .filter(Exists(antes_fuera))
        )
        return self.annotate(reincidente_fuera=Exists(partes))

    @staticmethod
    def _motivos_de_alerta(ahora) -> dict:
        """Lo que hace una alerta, como consultas de las filas que la causan (con su `caso`):
        actuaciones de los últimos 15 días (su falta es la alerta), remisiones vencidas sin
        respuesta y acuerdos con la verificación atrasada."""
        from casos.models.seguimiento import Actuacion, Acuerdo  # importan este módulo

        hoy = timezone.localdate(ahora)
        return {
            "recientes": Actuacion.objects.filter(fecha__gte=ahora - datetime.timedelta(days=15)),
            "remision": modelo_remision().objects.vencidas(hoy),
            "verificacion": Acuerdo.objects.filter(
                resultado_verificacion="", fecha_verificacion__lte=hoy
            ),
        }

    def con_alertas(self, ahora=None):
        """Anota las tres alertas de DESIGN §5 y `vencido` si tiene alguna (solo casos abiertos)."""
        motivos = self._motivos_de_alerta(ahora or timezone.now())
        abierto = Q(estado__in=ESTADOS_ABIERTOS)

        def del_caso(consulta):
            return Exists(consulta.filter(caso=OuterRef("pk")))

        return self.annotate(
            alerta_sin_seguimiento=models.ExpressionWrapper(
                abierto & ~Q(del_caso(motivos["recientes"])), output_field=models.BooleanField()
            ),
            alerta_remision=models.ExpressionWrapper(
                abierto & Q(del_caso(motivos["remision"])), output_field=models.BooleanField()
            ),
            alerta_verificacion=models.ExpressionWrapper(
                abierto & Q(del_caso(motivos["verificacion"])), output_field=models.BooleanField()
            ),
        ).annotate(
            vencido=models.ExpressionWrapper(
                Q(alerta_sin_seguimiento=True)
                | Q(alerta_remision=True)
                | Q(alerta_verificacion=True),
                output_field=models.BooleanField(),
            )
        )


def modelo_remision():
    """El modelo de las remisiones de un caso (`remisiones.Remision`). Esa app está encima de
    `casos` y la importa; `casos` la alcanza solo por la relación inversa `Caso.remisiones`, sin
    importarla (ARCHITECTURE.md, «Las capas»)."""
    return Caso.remisiones.rel.related_model


class DeUnCasoQuerySet(AlcanceMunicipalQuerySet):
    """Lo que cuelga de un caso se ve si se ve el caso: la misma regla (los enlaces, nada)."""

    ruta_municipio = "caso__municipio"

    def visible_para(self, user):
        if rol_de(user) == Rol.ENLACE:
            return self.none()
        return super().visible_para(user)


class CompromisoQuerySet(DeUnCasoQuerySet):
    ruta_municipio = "acuerdo__caso__municipio"


class ConsecutivoRadicado(models.Model):
    """El último número de radicado usado por municipio y año (se bloquea al registrar)."""

    municipio = models.ForeignKey(Municipio, on_delete=models.PROTECT)
    anio = models.PositiveSmallIntegerField()
    ultimo = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("consecutivo de radicado")
        verbose_name_plural = _("consecutivos de radicado")
        constraints = [
            models.UniqueConstraint(fields=["municipio", "anio"], name="consecutivo_unico"),
        ]

    def __str__(self):
        return f"{self.municipio_id}-{self.anio}: {self.ultimo}"


RESPONSABLE_NO_VALIDO = _("El responsable debe ser un gestor o coordinador activo del municipio.")
RESPONSABLE_SIN_CERTIFICAR = _(
    "%(nombre)s aún no está certificado: debe completar los módulos obligatorios de la "
    "capacitación antes de responder por casos."
)
PARTE_DE_OTRO_CASO = _("Cada compromiso es de una parte de este caso.")


def validar_responsable(usuario, municipio_id) -> None:
    """Responde por un caso un gestor o coordinador activo del municipio del caso; si es gestor,
    certificado (la capacitación va primero)."""
    perfil = getattr(usuario, "perfil", None)
    if (
        perfil is None
        or perfil.municipio_id != municipio_id
        or perfil.rol not in (Rol.GESTOR, Rol.COORDINADOR)
        or not usuario.is_active
    ):
        raise ValidationError({"gestor": RESPONSABLE_NO_VALIDO})
    if (
        perfil.rol == Rol.GESTOR
        and not Gestor.objects.filter(perfil=perfil, certificado_en__isnull=False).exists()
    ):
        nombre = usuario.get_full_name() or usuario.get_username()
        raise ValidationError({"gestor": RESPONSABLE_SIN_CERTIFICAR % {"nombre": nombre}})


class Caso(EtiquetasRapidas, RecuerdaLoCargado, models.Model):
    # Los tres primeros, para las reglas de clean(); los demás, para que las tablas de resumen
    # de los tableros sepan qué días recontar sin volver a leer el caso (tableros/senales.py).
    campos_vigilados = (
        "municipio_id",
        "gestor_id",
        "sector_id",
        "fecha_recepcion",
        "cerrado_en",
        "tipo_id",
        "nivel_riesgo",
        "resultado",
        "estado",
    )
    # Lo que el gestor corrige en «Editar» (formulario y servicio `caso_editar`), en ese orden.
    CAMPOS_EDITABLES = [
        "tipo",
        "nivel_riesgo",
        "canal",
        "fecha_hechos",
        "sector",
        "direccion",
        "relato",
    ]

    radicado = models.CharField(_("radicado"), max_length=20, unique=True, editable=False)
    municipio = models.ForeignKey(
        Municipio, on_delete=models.PROTECT, related_name="casos", verbose_name=_("municipio")
    )
    anio = models.PositiveSmallIntegerField(_("año del radicado"), editable=False)
    consecutivo = models.PositiveIntegerField(_("consecutivo"), editable=False)
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        related_name="casos",
        verbose_name=_("sector"),
        null=True,
        blank=True,
    )
    direccion = models.CharField(_("dirección o referencia"), max_length=200, blank=True)
    fecha_hechos = models.DateField(_("fecha de los hechos"))
    fecha_recepcion = models.DateField(_("fecha de recepción"))
    canal = models.CharField(_("canal"), max_length=12, choices=Canal.choices)
    tipo = models.ForeignKey(
        TipoConflicto,
        on_delete=models.PROTECT,
        related_name="casos",
        verbose_name=_("tipo de conflicto"),
    )
    relato = models.TextField(_("relato de los hechos"))
    nivel_riesgo = models.CharField(
        _("nivel de riesgo"), max_length=5, choices=NivelRiesgo.choices, default=NivelRiesgo.BAJO
    )
    estado = models.CharField(
        _("estado"), max_length=12, choices=Estado.choices, default=Estado.REGISTRADO
    )
    resultado = models.CharField(
        _("resultado"), max_length=20, choices=Resultado.choices, blank=True
    )
    gestor = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        related_name="casos_asignados",
        verbose_name=_("gestor responsable"),
    )
    registrado_por = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="casos_registrados", editable=False
    )
    creado = models.DateTimeField(_("registrado el"), default=timezone.now, editable=False)
    actualizado = models.DateTimeField(_("actualizado el"), auto_now=True)
    cerrado_en = models.DateTimeField(_("cerrado el"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    token_registro = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    history = HistoricalRecords(excluded_fields=["actualizado"])
    objects = CasoQuerySet.as_manager()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "export")
        permissions = [("reasignar_caso", _("Puede reasignar casos en bloque desde el admin"))]
        verbose_name = _("caso")
        verbose_name_plural = _("casos")
        ordering = ["-fecha_recepcion", "-consecutivo"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "anio", "consecutivo"], name="caso_consecutivo_unico"
            ),
            models.CheckConstraint(
                condition=en_opciones("estado", Estado), name="caso_estado_valido"
            ),
            models.CheckConstraint(condition=en_opciones("canal", Canal), name="caso_canal_valido"),
            models.CheckConstraint(
                condition=en_opciones("nivel_riesgo", NivelRiesgo), name="caso_riesgo_valido"
            ),
            models.CheckConstraint(
                condition=(Q(estado=Estado.CERRADO) & en_opciones("resultado", Resultado))
                | (~Q(estado=Estado.CERRADO) & Q(resultado="")),
                name="caso_cerrado_con_resultado",
                violation_error_message=_("Un caso cerrado tiene resultado, y solo él."),
            ),
            models.CheckConstraint(
                condition=Q(fecha_hechos__lte=F("fecha_recepcion")),
                name="caso_hechos_antes_de_recepcion",
                violation_error_message=_(
                    "La fecha de los hechos no puede ser posterior a la de recepción."
                ),
            ),
            # La recepción no puede ser futura: ni posterior al día (UTC) en que se registró.
            models.CheckConstraint(
                condition=Q(fecha_recepcion__lte=Cast("creado", models.DateField())),
                name="caso_recepcion_no_futura",
                violation_error_message=_("La fecha de recepción no puede estar en el futuro."),
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="caso_version_positiva"),
        ]
        indexes = [
            models.Index(fields=["municipio", "estado", "-fecha_recepcion"]),
            models.Index(fields=["gestor", "estado"]),
            models.Index(fields=["municipio", "tipo"]),
            models.Index(fields=["municipio", "nivel_riesgo"]),
            models.Index(fields=["municipio", "sector"]),
            models.Index(fields=["-fecha_recepcion", "-consecutivo"]),
            # Lista de un municipio (orden por omisión) y casos recibidos en un periodo.
            models.Index(
                fields=["municipio", "-fecha_recepcion", "-consecutivo"],
                name="caso_municipio_recepcion_idx",
            ),
            # Tableros: casos cerrados de un municipio en un periodo.
            models.Index(fields=["municipio", "cerrado_en"]),
        ]

    def __str__(self):
        return self.radicado

    def get_absolute_url(self):
        return reverse("casos:detalle", args=[self.radicado])

    def clean(self):
        errores = {}
        # Solo si cambió: un caso cuyo gestor se retiró después sigue pudiendo cerrarse.
        if self.gestor_id and self.municipio_id and self.cambio("gestor_id", "municipio_id"):
            try:
                validar_responsable(self.gestor, self.municipio_id)
            except ValidationError as error:
                errores.update(error.message_dict)
        if (
            self.sector_id
            and self.municipio_id
            and self.cambio("sector_id", "municipio_id")
            and self.sector.municipio_id != self.municipio_id
        ):
            errores["sector"] = [SECTOR_DE_OTRO_MUNICIPIO]
        if errores:
            raise ValidationError(errores)

    @property
    def abierto(self) -> bool:
        return self.estado in ESTADOS_ABIERTOS


def almacen_privado():
    return storages["privado"]
