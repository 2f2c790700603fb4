import datetime
import hashlib
import hmac
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casos.alcance import rol_de
from gestores.models import Gestor, Rol
from municipios.alcance import AlcanceMunicipalQuerySet, municipio_de_alcance
from municipios.models import Contacto, Entidad, Municipio, Sector, TipoEntidad
from municipios.reglas import SECTOR_DE_OTRO_MUNICIPIO, EtiquetasRapidas, RecuerdaLoCargado

USER = settings.AUTH_USER_MODEL


def _en(campo: str, choices) -> Q:
    return Q(**{f"{campo}__in": choices.values})


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
                condition=_en("categoria", CategoriaConvivencia), name="tipo_categoria_valida"
            ),
            models.CheckConstraint(
                condition=Q(entidad_sugerida="") | _en("entidad_sugerida", TipoEntidad),
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
        personas = Parte.objects.filter(caso=OuterRef(OuterRef("pk"))).values("persona")
        anteriores = Parte.objects.filter(
            persona__in=personas, caso__fecha_recepcion__lt=OuterRef("fecha_recepcion")
        )
        return self.annotate(reincidente=Exists(anteriores))

    def con_reincidencia_en_otro_municipio(self):
        """Anota `reincidente_fuera`: alguna de sus partes tiene el mismo documento (por su
        seudónimo `clave_documento`, nunca por una fila compartida) que una parte de un caso de
        **otro** municipio recibido antes. Para la comparación metropolitana del equipo AMB."""
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

    def con_alertas(self, ahora=None):
        """Anota las tres alertas de DESIGN §5 y `vencido` si tiene alguna (solo casos abiertos)."""
        ahora = ahora or timezone.now()
        hoy = timezone.localdate(ahora)
        abierto = Q(estado__in=ESTADOS_ABIERTOS)
        sin_seguimiento = ~Exists(
            Actuacion.objects.filter(
                caso=OuterRef("pk"), fecha__gte=ahora - datetime.timedelta(days=15)
            )
        )
        remision_vencida = Exists(Remision.objects.vencidas(hoy).filter(caso=OuterRef("pk")))
        verificacion_pendiente = Exists(
            Acuerdo.objects.filter(
                caso=OuterRef("pk"), resultado_verificacion="", fecha_verificacion__lte=hoy
            )
        )
        return self.annotate(
            alerta_sin_seguimiento=models.ExpressionWrapper(
                abierto & Q(sin_seguimiento), output_field=models.BooleanField()
            ),
            alerta_remision=models.ExpressionWrapper(
                abierto & Q(remision_vencida), output_field=models.BooleanField()
            ),
            alerta_verificacion=models.ExpressionWrapper(
                abierto & Q(verificacion_pendiente), output_field=models.BooleanField()
            ),
        ).annotate(
            vencido=models.ExpressionWrapper(
                Q(alerta_sin_seguimiento=True)
                | Q(alerta_remision=True)
                | Q(alerta_verificacion=True),
                output_field=models.BooleanField(),
            )
        )


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
ENTIDAD_DE_OTRO_MUNICIPIO = _("La entidad debe ser del municipio del caso.")
CONTACTO_DE_OTRA_ENTIDAD = _("El contacto debe ser de la entidad a la que se remite.")
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
    campos_vigilados = ("municipio_id", "gestor_id", "sector_id")

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
            models.CheckConstraint(condition=_en("estado", Estado), name="caso_estado_valido"),
            models.CheckConstraint(condition=_en("canal", Canal), name="caso_canal_valido"),
            models.CheckConstraint(
                condition=_en("nivel_riesgo", NivelRiesgo), name="caso_riesgo_valido"
            ),
            models.CheckConstraint(
                condition=(Q(estado=Estado.CERRADO) & _en("resultado", Resultado))
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


class TipoDocumento(models.TextChoices):
    CC = "CC", _("Cédula de ciudadanía")
    TI = "TI", _("Tarjeta de identidad")
    CE = "CE", _("Cédula de extranjería")
    PPT = "PPT", _("Permiso por Protección Temporal")
    PA = "PA", _("Pasaporte")
    RC = "RC", _("Registro civil")
    SD = "SD", _("Sin documento")


class Sexo(models.TextChoices):
    MUJER = "mujer", _("Mujer")
    HOMBRE = "hombre", _("Hombre")
    INTERSEXUAL = "intersexual", _("Intersexual")
    NO_INFORMA = "no_informa", _("No informa")


def es_menor_q(prefijo: str = "", hoy: datetime.date | None = None) -> Q:
    """`Persona.es_menor` como condición de la base (con `prefijo`, p. ej. "persona__")."""
    hoy = hoy or timezone.localdate()
    try:
        limite = hoy.replace(year=hoy.year - 18)
    except ValueError:  # 29 de febrero
        limite = hoy.replace(year=hoy.year - 18, day=28)
    return (
        Q(**{f"{prefijo}tipo_documento__in": ["TI", "RC"]})
        | Q(**{f"{prefijo}fecha_nacimiento__gt": limite})
        | Q(**{f"{prefijo}fecha_nacimiento__isnull": True, f"{prefijo}edad__lt": 18})
    )


class PersonaQuerySet(models.QuerySet):
    """Las personas son de un municipio (DESIGN §4): nadie las ve por fuera de él."""

    def _en_casos(self, casos):
        return self.filter(Exists(Parte.objects.filter(persona=OuterRef("pk"), caso__in=casos)))

    def del_alcance(self, user):
        """Las personas de los municipios de `user` (el equipo AMB, todas), sin mirar el rol."""
        todos, municipio_id = municipio_de_alcance(user)
        if todos:
            return self
        if municipio_id is None:
            return self.none()
        return self.filter(municipio_id=municipio_id)

    def visible_para(self, user):
        """Personas que son parte de algún caso que `user` puede ver."""
        return self._en_casos(Caso.objects.visible_para(user))

    def con_datos_para(self, user):
        """Personas cuyos datos `user` ve sin enmascarar (casos/alcance.py): las de los casos que
        gestiona un gestor; las de todo su alcance para coordinador y AMB; ninguna si no."""
        rol = rol_de(user)
        casos = Caso.objects.visible_para(user)
        if rol == Rol.GESTOR:
            return self._en_casos(casos.filter(gestor=user))
        if rol in (Rol.COORDINADOR, Rol.AMB) or user.is_superuser:
            return self.del_alcance(user)
        return self.none()

    def buscar(self, texto: str):
        """Personas cuyo nombre completo, sin tildes ni mayúsculas, contiene cada palabra de
        `texto` (en nombres o apellidos, en cualquier orden); sin palabras, ninguna. Usa el
        índice de trigramas en PostgreSQL (casos/busqueda.py). No aplica alcance ni menores."""
        from casos.busqueda import NombreNormalizado, palabras

        buscadas = palabras(texto)
        if not buscadas:
            return self.none()
        return self.alias(nombre_normalizado=NombreNormalizado()).filter(
            *(Q(nombre_normalizado__contains=palabra) for palabra in buscadas)
        )


def clave_de_documento(numero: str) -> str:
    """Seudónimo con clave del número de documento (HMAC-SHA256 con `SEUDONIMO_CLAVE`).

    El mismo número da la misma clave en todos los municipios y con cualquier tipo de documento
    (la tarjeta de identidad y la cédula de una persona llevan el mismo número): así el equipo
    AMB cuenta la reincidencia entre municipios sin que ninguna fila se comparta. Sin la clave no
    se revierte. Vacía para quien no tiene documento.
    """
    numero = (numero or "").strip().upper()
    if not numero:
        return ""
    return hmac.new(settings.SEUDONIMO_CLAVE.encode(), numero.encode(), hashlib.sha256).hexdigest()


class Persona(EtiquetasRapidas, models.Model):
    """Una persona en los registros de **un** municipio (partes de sus casos, asistentes de sus
    actividades). La misma persona en dos municipios son dos filas: cada municipio ve solo la
    suya, y la reincidencia entre municipios se cuenta por `clave_documento`."""

    municipio = models.ForeignKey(
        Municipio,
        on_delete=models.PROTECT,
        related_name="personas",
        verbose_name=_("municipio"),
    )
    tipo_documento = models.CharField(
        _("tipo de documento"), max_length=3, choices=TipoDocumento.choices
    )
    numero_documento = models.CharField(
        _("número de documento"), max_length=20, blank=True, help_text=_("Solo letras y dígitos.")
    )
    clave_documento = models.CharField(
        _("seudónimo del documento"), max_length=64, blank=True, editable=False
    )
    nombres = models.CharField(_("nombres"), max_length=100)
    apellidos = models.CharField(_("apellidos"), max_length=100, blank=True)
    sexo = models.CharField(_("sexo"), max_length=12, choices=Sexo.choices, default=Sexo.NO_INFORMA)
    fecha_nacimiento = models.DateField(_("fecha de nacimiento"), null=True, blank=True)
    edad = models.PositiveSmallIntegerField(
        _("edad declarada"),
        null=True,
        blank=True,
        help_text=_("Si no se conoce la fecha de nacimiento."),
    )
    enfoque_etnico = models.BooleanField(_("pertenencia étnica"), default=False)
    enfoque_discapacidad = models.BooleanField(_("persona con discapacidad"), default=False)
    enfoque_victima = models.BooleanField(_("víctima del conflicto armado"), default=False)
    enfoque_migrante = models.BooleanField(_("migrante"), default=False)
    enfoque_lgbtiq = models.BooleanField(_("LGBTIQ+"), default=False)
    telefono = models.CharField(_("teléfono"), max_length=40, blank=True)
    direccion = models.CharField(_("dirección"), max_length=200, blank=True)
    autorizacion = models.ForeignKey(
        "casos.Autorizacion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("autorización vigente"),
        help_text=_("Sin una autorización vigente no se guardan teléfono ni dirección."),
    )
    revisar_duplicado = models.BooleanField(
        _("posible duplicado por revisar"),
        default=False,
        editable=False,
        help_text=_(
            "Se registró con el documento de otra persona del municipio que quien la registró no "
            "podía ver: el coordinador decide si son la misma."
        ),
    )
    creado = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = PersonaQuerySet.as_manager()

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        ordering = ["apellidos", "nombres"]
        indexes = [
            # Búsqueda por número de documento (el índice único empieza por el municipio).
            models.Index(fields=["numero_documento"], name="persona_numero_idx"),
            # Reincidencia entre municipios (equipo AMB) y duplicados por número.
            models.Index(fields=["clave_documento"], name="persona_clave_idx"),
            # Duplicados: misma fecha de nacimiento o misma edad dentro del municipio.
            models.Index(
                fields=["municipio", "fecha_nacimiento"], name="persona_mun_nacimiento_idx"
            ),
            models.Index(fields=["municipio", "edad"], name="persona_mun_edad_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "tipo_documento", "numero_documento"],
                condition=~Q(numero_documento="") & Q(revisar_duplicado=False),
                name="persona_documento_unico_en_municipio",
                violation_error_message=_("Ya hay una persona con ese documento en el municipio."),
            ),
            models.CheckConstraint(
                condition=_en("tipo_documento", TipoDocumento), name="persona_tipo_doc_valido"
            ),
            models.CheckConstraint(condition=_en("sexo", Sexo), name="persona_sexo_valido"),
            models.CheckConstraint(
                condition=(Q(tipo_documento=TipoDocumento.SD) & Q(numero_documento=""))
                | (~Q(tipo_documento=TipoDocumento.SD) & ~Q(numero_documento="")),
                name="persona_numero_segun_tipo",
                violation_error_message=_(
                    "Escriba el número del documento, o elija «Sin documento»."
                ),
            ),
            models.CheckConstraint(
                condition=Q(autorizacion__isnull=False) | Q(telefono="", direccion=""),
                name="persona_contacto_con_autorizacion_vigente",
                violation_error_message=_(
                    "Sin autorización de tratamiento de datos no se guardan teléfono ni dirección."
                ),
            ),
            models.CheckConstraint(
                condition=Q(edad__isnull=True) | Q(edad__lte=120), name="persona_edad_razonable"
            ),
        ]

    def __str__(self):
        # Lo que usan el admin, la historia y los textos de otros modelos: nunca el nombre de un
        # menor. Las pantallas que muestran el nombre a quien puede verlo usan `nombre_completo`.
        return str(_("Menor de edad (reservado)")) if self.es_menor else self.nombre_completo

    def save(self, *args, **kwargs):
        # La clave sigue al número siempre, también cuando se guarda sin full_clean().
        self.clave_documento = clave_de_documento(self.numero_documento)
        super().save(*args, **kwargs)

    @property
    def nombre_completo(self) -> str:
        return f"{self.nombres} {self.apellidos}".strip()

    def clean(self):
        self.clave_documento = clave_de_documento(self.numero_documento)
        if self.autorizacion_id is not None:
            autorizacion = self.autorizacion
            if autorizacion.persona_id != self.pk or autorizacion.revocada_en is not None:
                raise ValidationError(
                    _("La autorización vigente debe ser de esta persona y no estar revocada.")
                )
        elif self.telefono or self.direccion:
            raise ValidationError(
                _("Sin autorización de tratamiento de datos no se guardan teléfono ni dirección.")
            )

    @property
    def autoriza_datos(self) -> bool:
        return self.autorizacion_id is not None

    @property
    def edad_actual(self) -> int | None:
        if self.fecha_nacimiento:
            hoy = timezone.localdate()
            nacimiento = self.fecha_nacimiento
            return (
                hoy.year
                - nacimiento.year
                - ((hoy.month, hoy.day) < (nacimiento.month, nacimiento.day))
            )
        return self.edad

    @property
    def es_menor(self) -> bool:
        edad = self.edad_actual
        return (edad is not None and edad < 18) or self.tipo_documento in (
            TipoDocumento.TI,
            TipoDocumento.RC,
        )

    @property
    def documento(self) -> str:
        if self.tipo_documento == TipoDocumento.SD:
            return str(TipoDocumento.SD.label)
        return f"{self.tipo_documento} {self.numero_documento}"


class RolParte(models.TextChoices):
    SOLICITANTE = "solicitante", _("Solicitante")
    CONVOCADO = "convocado", _("Convocado")
    AFECTADO = "afectado", _("Afectado")
    TESTIGO = "testigo", _("Testigo")


class Parte(EtiquetasRapidas, models.Model):
    caso = models.ForeignKey(Caso, on_delete=models.PROTECT, related_name="partes")
    persona = models.ForeignKey(Persona, on_delete=models.PROTECT, related_name="partes")
    rol = models.CharField(_("rol en el caso"), max_length=12, choices=RolParte.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parte")
        verbose_name_plural = _("partes")
        ordering = ["caso", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["caso", "persona"], name="parte_unica_por_caso"),
            models.CheckConstraint(condition=_en("rol", RolParte), name="parte_rol_valido"),
        ]
        # Reincidencia: los casos de una persona sin leer la tabla.
        indexes = [models.Index(fields=["persona", "caso"], name="parte_persona_caso_idx")]

    def __str__(self):
        return f"{self.persona} ({self.get_rol_display()})"

    def clean(self):
        if self.caso_id and self.persona_id and self.persona.municipio_id != self.caso.municipio_id:
            raise ValidationError(
                {"persona": _("La persona debe ser del registro del municipio del caso.")}
            )


class AvisoPrivacidad(models.Model):
    """El aviso de privacidad (Ley 1581, art. 12; Decreto 1377 de 2013, arts. 14-15) que el
    gestor lee en voz alta o entrega por escrito. Cada autorización guarda la versión mostrada."""

    version = models.CharField(_("versión"), max_length=20, unique=True)
    vigente_desde = models.DateField(_("vigente desde"))
    texto = models.TextField(_("texto que se lee a la persona"))
    finalidades = models.TextField(_("finalidades del tratamiento"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aviso de privacidad")
        verbose_name_plural = _("avisos de privacidad")
        ordering = ["-vigente_desde", "-pk"]

    def __str__(self):
        return f"{self.version} ({self.vigente_desde:%d/%m/%Y})"

    @classmethod
    def vigente(cls, hoy=None):
        return (
            cls.objects.filter(vigente_desde__lte=hoy or timezone.localdate())
            .order_by("-vigente_desde", "-pk")
            .first()
        )


class MedioAutorizacion(models.TextChoices):
    VERBAL = "verbal", _("Verbal: el gestor leyó el aviso en voz alta")
    ESCRITA = "escrita", _("Escrita: formato firmado, adjunto")
    ANTERIOR = "anterior", _("Registrada antes de que hubiera soporte (sin detalle)")


def ruta_autorizacion(instancia, nombre):
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        instancia.tipo_contenido, "bin"
    )
    return f"autorizaciones/{uuid.uuid4().hex}.{extension}"


class Autorizacion(EtiquetasRapidas, models.Model):
    """La prueba de una autorización de tratamiento de datos (Ley 1581, art. 9; Decreto 1377,
    arts. 7 y 8): quién la tomó, cuándo, cómo, con qué aviso y para qué; y su revocación."""

    persona = models.ForeignKey(Persona, on_delete=models.PROTECT, related_name="autorizaciones")
    medio = models.CharField(_("cómo se obtuvo"), max_length=10, choices=MedioAutorizacion.choices)
    aviso = models.ForeignKey(
        AvisoPrivacidad,
        on_delete=models.PROTECT,
        related_name="autorizaciones",
        verbose_name=_("aviso de privacidad mostrado"),
    )
    finalidades = models.TextField(_("finalidades autorizadas"))
    soporte = models.FileField(
        _("formato firmado"), upload_to=ruta_autorizacion, storage=almacen_privado, blank=True
    )
    tipo_contenido = models.CharField(max_length=40, blank=True)
    capturada_por = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    capturada_en = models.DateTimeField(_("capturada el"), default=timezone.now)
    revocada_en = models.DateTimeField(_("revocada el"), null=True, blank=True)
    revocada_por = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    motivo_revocacion = models.CharField(_("cómo la revocó"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("autorización de datos")
        verbose_name_plural = _("autorizaciones de datos")
        ordering = ["-capturada_en", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=_en("medio", MedioAutorizacion), name="autorizacion_medio_valido"
            ),
            models.CheckConstraint(
                condition=~Q(medio=MedioAutorizacion.ESCRITA) | ~Q(soporte=""),
                name="autorizacion_escrita_con_soporte",
                violation_error_message=_("Una autorización escrita lleva el formato firmado."),
            ),
            models.CheckConstraint(
                condition=Q(medio=MedioAutorizacion.ANTERIOR) | Q(capturada_por__isnull=False),
                name="autorizacion_con_quien_la_tomo",
            ),
            models.CheckConstraint(
                condition=Q(revocada_en__isnull=True, revocada_por__isnull=True)
                | Q(revocada_en__isnull=False, revocada_por__isnull=False),
                name="autorizacion_revocada_con_autor",
            ),
        ]

    def __str__(self):
        return f"{self.get_medio_display()} · {self.capturada_en:%d/%m/%Y}"

    @property
    def vigente(self) -> bool:
        return self.revocada_en is None


class MotivoDuplicado(models.TextChoices):
    MISMO_DOCUMENTO = "mismo_documento", _("Mismo tipo y número de documento")
    MISMO_NUMERO = "mismo_numero", _("Mismo número con otro tipo de documento")
    NOMBRE_Y_NACIMIENTO = "nombre_nacimiento", _("Nombre parecido y la misma fecha de nacimiento")
    NOMBRE_Y_EDAD = "nombre_edad", _("Nombre parecido y la misma edad")


class EstadoDuplicado(models.TextChoices):
    PENDIENTE = "pendiente", _("Por revisar")
    FUSIONADO = "fusionado", _("Fusionadas")
    DESCARTADO = "descartado", _("No son la misma persona")


class PosibleDuplicadoQuerySet(AlcanceMunicipalQuerySet):
    def pendientes(self):
        return self.filter(estado=EstadoDuplicado.PENDIENTE)


class PosibleDuplicado(models.Model):
    """Dos registros del mismo municipio que pueden ser la misma persona (los halla
    `casos.personas.duplicados_detectar` al registrar); el coordinador o el equipo AMB decide."""

    municipio = models.ForeignKey(Municipio, on_delete=models.PROTECT, related_name="+")
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="+")
    otra = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="+")
    motivo = models.CharField(_("por qué"), max_length=20, choices=MotivoDuplicado.choices)
    estado = models.CharField(
        _("estado"),
        max_length=10,
        choices=EstadoDuplicado.choices,
        default=EstadoDuplicado.PENDIENTE,
    )
    detectado_en = models.DateTimeField(default=timezone.now, editable=False)
    resuelto_por = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resuelto_en = models.DateTimeField(null=True, blank=True)

    objects = PosibleDuplicadoQuerySet.as_manager()

    class Meta:
        verbose_name = _("posible duplicado")
        verbose_name_plural = _("posibles duplicados")
        ordering = ["-detectado_en", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["persona", "otra"], name="duplicado_par_unico"),
            models.CheckConstraint(condition=Q(persona__lt=F("otra")), name="duplicado_ordenado"),
            models.CheckConstraint(
                condition=_en("motivo", MotivoDuplicado), name="duplicado_motivo_valido"
            ),
            models.CheckConstraint(
                condition=_en("estado", EstadoDuplicado), name="duplicado_estado_valido"
            ),
        ]
        indexes = [models.Index(fields=["municipio", "estado", "-detectado_en"])]

    def __str__(self):
        return f"{self.get_motivo_display()} · {self.municipio_id}"


class FusionPersonas(models.Model):
    """Bitácora de cada fusión: qué registro quedó, cuál se fusionó, qué se movió y quién lo hizo.
    Sin datos personales: los del registro fusionado quedan en la historia de Persona (su fila
    de borrado), que la anonimización también alcanza."""

    municipio = models.ForeignKey(Municipio, on_delete=models.PROTECT, related_name="+")
    conservada = models.ForeignKey(Persona, on_delete=models.PROTECT, related_name="fusiones")
    fusionada_id = models.PositiveBigIntegerField(_("registro fusionado"))
    movidos = models.JSONField(_("qué se movió"))
    autor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    creado = models.DateTimeField(default=timezone.now, editable=False)

    objects = AlcanceMunicipalQuerySet.as_manager()

    class Meta:
        verbose_name = _("fusión de personas")
        verbose_name_plural = _("fusiones de personas")
        ordering = ["-creado"]

    def __str__(self):
        return f"{self.fusionada_id} → {self.conservada_id}"


class TipoActuacion(models.TextChoices):
    REGISTRO = "registro", _("Registro del caso")
    LLAMADA = "llamada", _("Llamada")
    VISITA = "visita", _("Visita")
    CITACION = "citacion", _("Citación")
    SESION_MEDIACION = "sesion_mediacion", _("Sesión de mediación")
    VERIFICACION = "verificacion", _("Verificación")
    NOTA = "nota", _("Nota")
    CAMBIO_ESTADO = "cambio_estado", _("Cambio de estado")
    REMISION = "remision", _("Remisión")
    ASIGNACION = "asignacion", _("Asignación")


TIPOS_ACTUACION_MANUAL = [
    TipoActuacion.LLAMADA,
    TipoActuacion.VISITA,
    TipoActuacion.CITACION,
    TipoActuacion.SESION_MEDIACION,
    TipoActuacion.NOTA,
]


class Actuacion(EtiquetasRapidas, models.Model):
    caso = models.ForeignKey(Caso, on_delete=models.PROTECT, related_name="actuaciones")
    tipo = models.CharField(_("tipo"), max_length=16, choices=TipoActuacion.choices)
    fecha = models.DateTimeField(_("fecha"), default=timezone.now)
    descripcion = models.TextField(_("descripción"))
    autor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="actuaciones")
    estado_anterior = models.CharField(max_length=12, choices=Estado.choices, blank=True)
    estado_nuevo = models.CharField(max_length=12, choices=Estado.choices, blank=True)
    creado = models.DateTimeField(default=timezone.now, editable=False)

    objects = DeUnCasoQuerySet.as_manager()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "export")
        verbose_name = _("actuación")
        verbose_name_plural = _("actuaciones")
        ordering = ["-fecha", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=_en("tipo", TipoActuacion), name="actuacion_tipo_valido"
            ),
            models.CheckConstraint(
                condition=Q(fecha__lte=F("creado")),
                name="actuacion_no_futura",
                violation_error_message=_("La actuación no puede tener fecha futura."),
            ),
        ]
        indexes = [
            models.Index(fields=["caso", "-fecha"]),
            # Lista del admin (las más recientes primero) y su jerarquía de fechas.
            models.Index(fields=["-fecha", "-id"], name="actuacion_fecha_idx"),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} · {self.caso}"


class MedioRemision(models.TextChoices):
    OFICIO = "oficio", _("Oficio")
    CORREO = "correo", _("Correo electrónico")
    TELEFONO = "telefono", _("Teléfono")
    WHATSAPP = "whatsapp", _("WhatsApp")
    PRESENCIAL = "presencial", _("Acompañamiento presencial")


class EstadoRemision(models.TextChoices):
    ENVIADA = "enviada", _("Enviada")
    RECIBIDA = "recibida", _("Recibida")
    RESPONDIDA = "respondida", _("Respondida")
    DEVUELTA = "devuelta", _("Devuelta (no competente)")


# Una remisión respondida o devuelta ya no espera nada de la entidad.
REMISION_CERRADA = [EstadoRemision.RESPONDIDA, EstadoRemision.DEVUELTA]


class MedioRecepcion(models.TextChoices):
    SISTEMA = "sistema", _("En el sistema, por el enlace")
    TELEFONO = "telefono", _("Por teléfono")
    CORREO = "correo", _("Por correo electrónico")
    OFICIO = "oficio", _("Con sello de recibido en el oficio")
    PRESENCIAL = "presencial", _("En persona")


class PlazoRemision(models.Model):
    """Días hábiles que tiene cada tipo de entidad para responder una remisión."""

    tipo_entidad = models.CharField(
        _("tipo de entidad"), max_length=25, choices=TipoEntidad.choices, unique=True
    )
    dias_habiles = models.PositiveSmallIntegerField(_("días hábiles para responder"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plazo de respuesta a remisiones")
        verbose_name_plural = _("plazos de respuesta a remisiones")
        constraints = [
            models.CheckConstraint(
                condition=Q(dias_habiles__gte=1, dias_habiles__lte=90), name="plazo_razonable"
            ),
            models.CheckConstraint(
                condition=_en("tipo_entidad", TipoEntidad), name="plazo_tipo_entidad_valido"
            ),
        ]

    def __str__(self):
        return f"{self.get_tipo_entidad_display()}: {self.dias_habiles} días hábiles"


class RemisionQuerySet(AlcanceMunicipalQuerySet):
    ruta_municipio = "caso__municipio"

    def pendientes(self):
        return self.exclude(estado__in=REMISION_CERRADA)

    def visible_para(self, user):
        """Un enlace ve las remisiones a su entidad; los demás, las de los casos que ven."""
        perfil = getattr(user, "perfil", None)
        if perfil is not None and perfil.rol == Rol.ENLACE:
            if not user.is_active or perfil.entidad_id is None:
                return self.none()
            return self.filter(entidad_id=perfil.entidad_id)
        # Los demás roles ven todos los casos de su municipio (DESIGN §4): la misma regla.
        return super().visible_para(user)

    def vencidas(self, hoy=None):
        return self.pendientes().filter(fecha_limite__lt=hoy or timezone.localdate())


class Remision(EtiquetasRapidas, RecuerdaLoCargado, models.Model):
    campos_vigilados = ("caso_id", "entidad_id", "contacto_id")

    caso = models.ForeignKey(Caso, on_delete=models.PROTECT, related_name="remisiones")
    entidad = models.ForeignKey(Entidad, on_delete=models.PROTECT, related_name="remisiones")
    contacto = models.ForeignKey(
        Contacto,
        on_delete=models.PROTECT,
        related_name="remisiones",
        null=True,
        blank=True,
        help_text=_("El contacto vigente de la entidad el día del envío."),
    )
    motivo = models.TextField(_("motivo de la remisión"))
    medio = models.CharField(_("medio"), max_length=12, choices=MedioRemision.choices)
    fecha_envio = models.DateField(_("fecha de envío"))
    fecha_limite = models.DateField(_("fecha límite de respuesta"), editable=False)
    estado = models.CharField(
        _("estado"), max_length=10, choices=EstadoRemision.choices, default=EstadoRemision.ENVIADA
    )
    fecha_recepcion = models.DateField(_("fecha de recibido"), null=True, blank=True)
    fecha_respuesta = models.DateField(_("fecha de respuesta"), null=True, blank=True)
    respuesta = models.TextField(_("respuesta de la entidad"), blank=True)
    accion_tomada = models.TextField(_("acción tomada"), blank=True)
    archivo_respuesta = models.FileField(
        _("archivo de la respuesta"),
        upload_to="respuestas/",
        storage=almacen_privado,
        blank=True,
        help_text=_("PDF, JPG o PNG de hasta 10 MB; se descarga solo por el caso o la bandeja."),
    )
    medio_recepcion = models.CharField(
        _("cómo se supo del recibido"), max_length=12, choices=MedioRecepcion.choices, blank=True
    )
    recibida_por = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    fecha_devolucion = models.DateField(_("fecha de devolución"), null=True, blank=True)
    motivo_devolucion = models.TextField(_("por qué no es competente"), blank=True)
    enviada_por = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="remisiones")

    history = HistoricalRecords()
    objects = RemisionQuerySet.as_manager()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "export")
        verbose_name = _("remisión")
        verbose_name_plural = _("remisiones")
        ordering = ["-fecha_envio", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=_en("medio", MedioRemision), name="remision_medio_valido"
            ),
            models.CheckConstraint(
                condition=_en("estado", EstadoRemision), name="remision_estado_valido"
            ),
            models.CheckConstraint(
                condition=Q(estado=EstadoRemision.ENVIADA, fecha_recepcion__isnull=True)
                | Q(
                    estado=EstadoRemision.RECIBIDA,
                    fecha_recepcion__isnull=False,
                    fecha_respuesta__isnull=True,
                )
                | Q(
                    estado=EstadoRemision.RESPONDIDA,
                    fecha_recepcion__isnull=False,
                    fecha_respuesta__isnull=False,
                )
                | Q(
                    estado=EstadoRemision.DEVUELTA,
                    fecha_devolucion__isnull=False,
                    motivo_devolucion__gt="",
                    fecha_respuesta__isnull=True,
                ),
                name="remision_fechas_segun_estado_v2",
            ),
            models.CheckConstraint(
                condition=Q(fecha_recepcion__isnull=True)
                | Q(fecha_recepcion__gte=F("fecha_envio")),
                name="remision_recibida_despues_de_enviada",
                violation_error_message=_("No puede recibirse antes de enviarse."),
            ),
            models.CheckConstraint(
                condition=Q(fecha_respuesta__isnull=True)
                | Q(fecha_respuesta__gte=F("fecha_recepcion")),
                name="remision_respondida_despues_de_recibida",
                violation_error_message=_("No puede responderse antes de recibirse."),
            ),
        ]
        indexes = [
            models.Index(fields=["caso", "estado", "fecha_limite"]),
            models.Index(fields=["fecha_envio"]),
        ]

    def __str__(self):
        return f"{self.caso} → {self.entidad}"

    def clean(self):
        errores = {}
        # Solo si cambió: una entidad desactivada después aún puede responder lo que recibió.
        if (
            self.caso_id
            and self.entidad_id
            and self.cambio("caso_id", "entidad_id")
            and (self.entidad.municipio_id != self.caso.municipio_id or not self.entidad.activa)
        ):
            errores["entidad"] = [ENTIDAD_DE_OTRO_MUNICIPIO]
        if (
            self.contacto_id
            and self.cambio("contacto_id", "entidad_id")
            and self.contacto.entidad_id != self.entidad_id
        ):
            errores["contacto"] = [CONTACTO_DE_OTRA_ENTIDAD]
        if errores:
            raise ValidationError(errores)

    @property
    def pendiente(self) -> bool:
        return self.estado not in REMISION_CERRADA

    @property
    def vencida(self) -> bool:
        return self.pendiente and self.fecha_limite < timezone.localdate()


class ResultadoVerificacion(models.TextChoices):
    CUMPLIDO = "cumplido", _("Cumplido")
    PARCIAL = "parcial", _("Cumplido parcialmente")
    INCUMPLIDO = "incumplido", _("Incumplido")


class Acuerdo(EtiquetasRapidas, models.Model):
    caso = models.ForeignKey(Caso, on_delete=models.PROTECT, related_name="acuerdos")
    fecha = models.DateField(_("fecha del acuerdo"))
    descripcion = models.TextField(_("en qué quedaron las partes"))
    fecha_verificacion = models.DateField(_("fecha prevista de verificación"))
    verificado_en = models.DateField(_("verificado el"), null=True, blank=True)
    resultado_verificacion = models.CharField(
        _("resultado de la verificación"),
        max_length=10,
        choices=ResultadoVerificacion.choices,
        blank=True,
    )
    observacion_verificacion = models.TextField(_("observación de la verificación"), blank=True)
    registrado_por = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="acuerdos")

    history = HistoricalRecords()

    objects = DeUnCasoQuerySet.as_manager()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "export")
        verbose_name = _("acuerdo")
        verbose_name_plural = _("acuerdos")
        ordering = ["-fecha", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resultado_verificacion="", verificado_en__isnull=True)
                | (
                    _en("resultado_verificacion", ResultadoVerificacion)
                    & Q(verificado_en__isnull=False)
                ),
                name="acuerdo_verificacion_completa",
            ),
            models.CheckConstraint(
                condition=Q(fecha_verificacion__gte=F("fecha")),
                name="acuerdo_verificacion_despues",
                violation_error_message=_(
                    "La verificación no puede ser anterior a la fecha del acuerdo."
                ),
            ),
            models.CheckConstraint(
                condition=Q(verificado_en__isnull=True) | Q(verificado_en__gte=F("fecha")),
                name="acuerdo_verificado_despues",
                violation_error_message=_("No puede verificarse antes de acordarse."),
            ),
        ]
        indexes = [
            models.Index(fields=["caso", "resultado_verificacion", "fecha_verificacion"]),
            models.Index(fields=["-fecha", "-id"], name="acuerdo_fecha_idx"),
            models.Index(fields=["verificado_en"]),
        ]

    def __str__(self):
        return f"Acuerdo {self.caso} ({self.fecha:%d/%m/%Y})"


class Compromiso(models.Model):
    acuerdo = models.ForeignKey(Acuerdo, on_delete=models.CASCADE, related_name="compromisos")
    parte = models.ForeignKey(Parte, on_delete=models.PROTECT, related_name="compromisos")
    descripcion = models.CharField(_("compromiso"), max_length=300)
    fecha_limite = models.DateField(_("fecha límite"))

    history = HistoricalRecords()

    objects = CompromisoQuerySet.as_manager()

    class Meta:
        default_permissions = ("add", "change", "delete", "view", "export")
        verbose_name = _("compromiso")
        verbose_name_plural = _("compromisos")
        ordering = ["fecha_limite", "pk"]

    def __str__(self):
        return self.descripcion

    def clean(self):
        if self.parte_id and self.acuerdo_id and self.parte.caso_id != self.acuerdo.caso_id:
            raise ValidationError({"parte": PARTE_DE_OTRO_CASO})


def ruta_adjunto(instancia, nombre):
    """Nombre aleatorio, sin nada del nombre original: nada se adivina desde la ruta."""
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        instancia.tipo_contenido, "bin"
    )
    return f"adjuntos/{instancia.caso.municipio.codigo_dane}/{uuid.uuid4().hex}.{extension}"


class Adjunto(models.Model):
    caso = models.ForeignKey(Caso, on_delete=models.PROTECT, related_name="adjuntos")
    archivo = models.FileField(upload_to=ruta_adjunto, storage=almacen_privado)
    nombre_original = models.CharField(_("nombre del archivo"), max_length=200)
    tipo_contenido = models.CharField(max_length=40)
    tamano = models.PositiveIntegerField(_("tamaño en bytes"))
    descripcion = models.CharField(_("descripción"), max_length=200, blank=True)
    subido_por = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="adjuntos")
    creado = models.DateTimeField(default=timezone.now, editable=False)

    objects = DeUnCasoQuerySet.as_manager()

    class Meta:
        verbose_name = _("adjunto")
        verbose_name_plural = _("adjuntos")
        ordering = ["-creado"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tipo_contenido__in=["application/pdf", "image/jpeg", "image/png"]),
                name="adjunto_tipo_permitido",
            ),
            models.CheckConstraint(
                condition=Q(tamano__lte=10 * 1024 * 1024), name="adjunto_tamano_maximo"
            ),
        ]

    def __str__(self):
        return self.nombre_original


class TipoNotificacion(models.TextChoices):
    REMISION_ENVIADA = "remision_enviada", _("Remisión enviada")
    REMISION_RECIBIDA = "remision_recibida", _("Remisión recibida")
    REMISION_RESPONDIDA = "remision_respondida", _("Remisión respondida")
    REMISION_DEVUELTA = "remision_devuelta", _("Remisión devuelta")
    RECORDATORIO_ENLACE = "recordatorio_enlace", _("Recordatorio a un enlace")
    RECORDATORIO_GESTOR = "recordatorio_gestor", _("Recordatorio a un gestor")
    RESUMEN_COORDINADOR = "resumen_coordinador", _("Resumen semanal al coordinador")


class EstadoNotificacion(models.TextChoices):
    PENDIENTE = "pendiente", _("Pendiente")
    ENVIADA = "enviada", _("Enviada")
    FALLIDA = "fallida", _("Falló")


class Notificacion(models.Model):
    """Cada correo que el sistema manda: a quién, qué, cuándo y si salió."""

    tipo = models.CharField(_("tipo"), max_length=25, choices=TipoNotificacion.choices)
    para = models.EmailField(_("para"))
    usuario = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="notificaciones"
    )
    asunto = models.CharField(_("asunto"), max_length=200)
    cuerpo = models.TextField(_("cuerpo"))
    remision = models.ForeignKey(
        Remision, on_delete=models.SET_NULL, null=True, blank=True, related_name="notificaciones"
    )
    clave = models.CharField(
        _("clave de idempotencia"),
        max_length=120,
        blank=True,
        help_text=_("Evita mandar dos veces el mismo recordatorio."),
    )
    estado = models.CharField(
        _("estado"),
        max_length=10,
        choices=EstadoNotificacion.choices,
        default=EstadoNotificacion.PENDIENTE,
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    creado = models.DateTimeField(_("creada"), default=timezone.now, editable=False)
    enviado_en = models.DateTimeField(_("enviada el"), null=True, blank=True)

    class Meta:
        verbose_name = _("notificación")
        verbose_name_plural = _("notificaciones")
        ordering = ["-creado"]
        constraints = [
            models.UniqueConstraint(
                fields=["clave", "para"], condition=~Q(clave=""), name="notificacion_clave_unica"
            ),
            models.CheckConstraint(
                condition=_en("tipo", TipoNotificacion), name="notificacion_tipo_valido"
            ),
            models.CheckConstraint(
                condition=_en("estado", EstadoNotificacion), name="notificacion_estado_valido"
            ),
        ]

    def __str__(self):
        return f"{self.asunto} → {self.para}"
