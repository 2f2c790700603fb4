import datetime
import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casos.alcance import rol_de
from gestores.models import Rol
from municipios.alcance import AlcanceMunicipalQuerySet
from municipios.models import Contacto, Entidad, Municipio, Sector, TipoEntidad

USER = settings.AUTH_USER_MODEL


def _en(campo: str, choices) -> Q:
    return Q(**{f"{campo}__in": choices.values})


class CategoriaConvivencia(models.TextChoices):
    """Las categorías de convivencia del artículo 6 de la Ley 1801 de 2016."""

    SEGURIDAD = "seguridad", _("Seguridad")
    TRANQUILIDAD = "tranquilidad", _("Tranquilidad")
    AMBIENTE = "ambiente", _("Ambiente")
    SALUD_PUBLICA = "salud_publica", _("Salud pública")


class TipoConflicto(models.Model):
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

        «Antes» es una fecha de recepción anterior (en cualquier municipio): dos casos del mismo
        día con la misma persona no cuentan el uno para el otro. Es la definición del tablero
        y del filtro «reincidentes» de la lista, que así dan la misma cifra.
        """
        personas = Parte.objects.filter(caso=OuterRef(OuterRef("pk"))).values("persona")
        anteriores = Parte.objects.filter(
            persona__in=personas, caso__fecha_recepcion__lt=OuterRef("fecha_recepcion")
        )
        return self.annotate(reincidente=Exists(anteriores))

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


class Caso(models.Model):
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

    @property
    def abierto(self) -> bool:
        return self.estado in ESTADOS_ABIERTOS


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
    def _en_casos(self, casos):
        return self.filter(Exists(Parte.objects.filter(persona=OuterRef("pk"), caso__in=casos)))

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
            return self._en_casos(casos)
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


class Persona(models.Model):
    tipo_documento = models.CharField(
        _("tipo de documento"), max_length=3, choices=TipoDocumento.choices
    )
    numero_documento = models.CharField(
        _("número de documento"), max_length=20, blank=True, help_text=_("Solo letras y dígitos.")
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
    autoriza_datos = models.BooleanField(
        _("autoriza el tratamiento de sus datos (Ley 1581 de 2012)"), default=False
    )
    fecha_autorizacion = models.DateTimeField(_("fecha de la autorización"), null=True, blank=True)
    creado = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = PersonaQuerySet.as_manager()

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        ordering = ["apellidos", "nombres"]
        # Búsqueda por número de documento (el índice único empieza por el tipo).
        indexes = [models.Index(fields=["numero_documento"], name="persona_numero_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["tipo_documento", "numero_documento"],
                condition=~Q(numero_documento=""),
                name="persona_documento_unico",
                violation_error_message=_("Ya hay una persona con ese documento."),
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
                condition=Q(autoriza_datos=True, fecha_autorizacion__isnull=False)
                | Q(autoriza_datos=False, telefono="", direccion=""),
                name="persona_contacto_con_autorizacion",
                violation_error_message=_(
                    "Sin autorización de tratamiento de datos no se guardan teléfono ni dirección."
                ),
            ),
            models.CheckConstraint(
                condition=Q(edad__isnull=True) | Q(edad__lte=120), name="persona_edad_razonable"
            ),
        ]

    def __str__(self):
        return f"{self.nombres} {self.apellidos}".strip()

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


class Parte(models.Model):
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


class Actuacion(models.Model):
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


def almacen_privado():
    return storages["privado"]


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


class Remision(models.Model):
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


class Acuerdo(models.Model):
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
