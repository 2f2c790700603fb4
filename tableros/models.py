"""Las tablas de resumen de los tableros: conteos por municipio y día (y por mes), la
reincidencia guardada, los casos abiertos con lo que decide sus alertas y las remisiones con el
municipio de su caso.

Las mantiene `tableros/diarios.py` dentro de la misma transacción que cambia los casos, sus
partes, sus actuaciones, remisiones y acuerdos, y las actividades y sus asistentes (señales de
`tableros/senales.py`): cuando algo cambia se vuelven a contar, desde las tablas de base, los
días de ese municipio que el cambio toca, y sus meses desde esos días. Los tableros, la
comparación, el informe y su XLSX leen de aquí: sumar unos miles de grupos en vez de recorrer
cientos de miles de casos. `verificar_resumenes` las compara con las tablas de base y
`recalcular_resumenes` las rehace enteras.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casos.models import Caso, NivelRiesgo, Resultado, TipoConflicto
from municipios.models import Entidad, Municipio, Zona
from remisiones.models import Remision

SIN_ZONA = ""  # un caso sin sector


class Reincidencia(models.Model):
    """Un caso recibido con alguna parte que ya estaba en un caso anterior: del mismo municipio
    (`Caso.objects.con_reincidencia`) o, por el seudónimo del documento, de otro
    (`con_reincidencia_en_otro_municipio`). Solo hay fila si alguna de las dos es cierta."""

    caso = models.OneToOneField(
        Caso, on_delete=models.CASCADE, primary_key=True, related_name="reincidencia"
    )
    en_el_municipio = models.BooleanField(_("reincidente en el municipio"), default=False)
    en_otro_municipio = models.BooleanField(
        _("con un caso anterior en otro municipio"), default=False
    )

    class Meta:
        verbose_name = _("reincidencia de un caso")
        verbose_name_plural = _("reincidencia de los casos")
        constraints = [
            models.CheckConstraint(
                condition=Q(en_el_municipio=True) | Q(en_otro_municipio=True),
                name="reincidencia_alguna",
            )
        ]

    def __str__(self):
        return f"{self.caso_id}: {self.en_el_municipio}/{self.en_otro_municipio}"


class RecibidosDelDia(models.Model):
    """Casos recibidos un día en un municipio, por tipo, zona y nivel de riesgo."""

    municipio = models.ForeignKey(Municipio, on_delete=models.CASCADE, related_name="+")
    fecha = models.DateField(_("fecha de recepción"))
    tipo = models.ForeignKey(TipoConflicto, on_delete=models.CASCADE, related_name="+")
    zona = models.CharField(_("zona"), max_length=6, blank=True)  # "" sin sector
    nivel_riesgo = models.CharField(_("nivel de riesgo"), max_length=10)
    casos = models.PositiveIntegerField(_("casos"))
    reincidentes = models.PositiveIntegerField(_("reincidentes"))
    reincidentes_fuera = models.PositiveIntegerField(_("con caso anterior en otro municipio"))

    class Meta:
        verbose_name = _("casos recibidos en un día")
        verbose_name_plural = _("casos recibidos por día")
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "fecha", "tipo", "zona", "nivel_riesgo"],
                name="recibidos_del_dia_unico",
            ),
            models.CheckConstraint(
                condition=Q(zona__in=[*Zona.values, SIN_ZONA]), name="recibidos_zona_valida"
            ),
            models.CheckConstraint(
                condition=Q(nivel_riesgo__in=NivelRiesgo.values), name="recibidos_riesgo_valido"
            ),
            models.CheckConstraint(
                condition=Q(reincidentes__lte=models.F("casos"))
                & Q(reincidentes_fuera__lte=models.F("casos")),
                name="recibidos_reincidentes_de_los_casos",
            ),
        ]
        # El tablero suma un periodo de un municipio solo con el índice (PostgreSQL).
        indexes = [
            models.Index(
                fields=["municipio", "fecha"],
                include=["tipo", "zona", "nivel_riesgo", "casos", "reincidentes"],
                name="recibidos_del_dia_suma_idx",
            )
        ]

    def __str__(self):
        return f"{self.municipio_id} {self.fecha}: {self.casos}"


class CierresDelDia(models.Model):
    """Casos cerrados un día (hora de Bogotá) en un municipio, por resultado."""

    municipio = models.ForeignKey(Municipio, on_delete=models.CASCADE, related_name="+")
    fecha = models.DateField(_("día de cierre"))
    resultado = models.CharField(_("resultado"), max_length=20, blank=True)
    casos = models.PositiveIntegerField(_("casos"))

    class Meta:
        verbose_name = _("casos cerrados en un día")
        verbose_name_plural = _("casos cerrados por día")
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "fecha", "resultado"], name="cierres_del_dia_unico"
            ),
            models.CheckConstraint(
                condition=Q(resultado__in=[*Resultado.values, ""]), name="cierres_resultado_valido"
            ),
        ]

    def __str__(self):
        return f"{self.municipio_id} {self.fecha} {self.resultado}: {self.casos}"


class DuracionDeCierres(models.Model):
    """Cuántos casos cerrados un día tardaron `dias` desde el día de su recepción: el
    histograma del que sale la mediana de días para cerrar."""

    municipio = models.ForeignKey(Municipio, on_delete=models.CASCADE, related_name="+")
    fecha = models.DateField(_("día de cierre"))
    dias = models.IntegerField(_("días para cerrar"))
    casos = models.PositiveIntegerField(_("casos"))

    class Meta:
        verbose_name = _("duración de los cierres de un día")
        verbose_name_plural = _("duración de los cierres por día")
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "fecha", "dias"], name="duracion_cierres_unica"
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipio", "fecha"],
                include=["dias", "casos"],
                name="duracion_cierres_suma_idx",
            )
        ]

    def __str__(self):
        return f"{self.municipio_id} {self.fecha} {self.dias} días: {self.casos}"


class CargaDelDia(models.Model):
    """Casos recibidos y cerrados un día por cada responsable (los que tienen uno)."""

    municipio = models.ForeignKey(Municipio, on_delete=models.CASCADE, related_name="+")
    fecha = models.DateField(_("fecha"))
    gestor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recibidos = models.PositiveIntegerField(_("recibidos"))
    cerrados = models.PositiveIntegerField(_("cerrados"))

    class Meta:
        verbose_name = _("carga de un responsable en un día")
        verbose_name_plural = _("carga de los responsables por día")
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "fecha", "gestor"], name="carga_del_dia_unica"
            ),
        ]

    def __str__(self):
        return f"{self.municipio_id} {self.fecha} {self.gestor_id}: {self.recibidos}"


class CasoAbierto(models.Model):
    """Un caso abierto hoy, con lo que decide sus alertas (DESIGN §5): su última actuación, el
    plazo más próximo de sus remisiones sin respuesta y la verificación pendiente más próxima.
    Las alertas dependen de la hora en que se mira; estas fechas no: el tablero cuenta los
    abiertos de un municipio sin mirar sus actuaciones, remisiones ni acuerdos."""

    caso = models.OneToOneField(Caso, on_delete=models.CASCADE, primary_key=True, related_name="+")
    municipio = models.ForeignKey(Municipio, on_delete=models.CASCADE, related_name="+")
    gestor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    ultima_actuacion = models.DateTimeField(_("última actuación"), null=True)
    remision_vence = models.DateField(_("plazo de remisión más próximo"), null=True)
    verificacion_vence = models.DateField(_("verificación pendiente más próxima"), null=True)

    class Meta:
        verbose_name = _("caso abierto")
        verbose_name_plural = _("casos abiertos")
        indexes = [
            models.Index(
                fields=["municipio", "gestor"],
                include=["ultima_actuacion", "remision_vence", "verificacion_vence"],
                name="caso_abierto_municipio_idx",
            )
        ]

    def __str__(self):
        return f"{self.caso_id}"


class VerificacionesDelDia(models.Model):
    """Acuerdos verificados un día en un municipio, por el resultado de la verificación."""

    municipio = models.ForeignKey(Municipio, on_delete=models.CASCADE, related_name="+")
    fecha = models.DateField(_("verificado el"))
    resultado = models.CharField(_("resultado de la verificación"), max_length=12)
    acuerdos = models.PositiveIntegerField(_("acuerdos"))

    class Meta:
        verbose_name = _("acuerdos verificados en un día")
        verbose_name_plural = _("acuerdos verificados por día")
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "fecha", "resultado"], name="verificaciones_del_dia_unico"
            ),
        ]

    def __str__(self):
        return f"{self.municipio_id} {self.fecha} {self.resultado}: {self.acuerdos}"


class RemisionContada(models.Model):
    """Una remisión como la cuentan los tableros: con el municipio de su caso, para contar las de
    un municipio y periodo por el índice (municipio, envío) sin unir los casos del municipio."""

    remision = models.OneToOneField(
        Remision, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    municipio = models.ForeignKey(Municipio, on_delete=models.CASCADE, related_name="+")
    entidad = models.ForeignKey(Entidad, on_delete=models.CASCADE, related_name="+")
    fecha_envio = models.DateField(_("fecha de envío"))
    fecha_respuesta = models.DateField(_("fecha de respuesta"), null=True)
    fecha_devolucion = models.DateField(_("fecha de devolución"), null=True)

    class Meta:
        verbose_name = _("remisión contada")
        verbose_name_plural = _("remisiones contadas")
        indexes = [
            models.Index(
                fields=["municipio", "fecha_envio"],
                include=["entidad", "fecha_respuesta", "fecha_devolucion"],
                name="remision_contada_envio_idx",
            ),
            # Las respuestas y devoluciones de un mes (el que no termina con el periodo).
            models.Index(
                fields=["municipio", "fecha_respuesta"],
                include=["entidad", "fecha_envio"],
                name="remision_contada_resp_idx",
            ),
            models.Index(
                fields=["municipio", "fecha_devolucion"],
                include=["entidad", "fecha_envio"],
                name="remision_contada_dev_idx",
            ),
        ]

    def __str__(self):
        return f"{self.remision_id}"


class RecibidosDelMes(models.Model):
    """`RecibidosDelDia` sumado por mes: los meses completos de un periodo se leen de aquí (doce
    filas por grupo al año, no 365). Se rehace desde las filas del día de ese mes cada vez que
    alguno de sus días se vuelve a contar."""

    municipio = models.ForeignKey(Municipio, on_delete=models.CASCADE, related_name="+")
    mes = models.DateField(_("mes de recepción"))  # el primer día del mes
    tipo = models.ForeignKey(TipoConflicto, on_delete=models.CASCADE, related_name="+")
    zona = models.CharField(_("zona"), max_length=6, blank=True)
    nivel_riesgo = models.CharField(_("nivel de riesgo"), max_length=10)
    casos = models.PositiveIntegerField(_("casos"))
    reincidentes = models.PositiveIntegerField(_("reincidentes"))
    reincidentes_fuera = models.PositiveIntegerField(_("con caso anterior en otro municipio"))

    class Meta:
        verbose_name = _("casos recibidos en un mes")
        verbose_name_plural = _("casos recibidos por mes")
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "mes", "tipo", "zona", "nivel_riesgo"],
                name="recibidos_del_mes_unico",
            ),
        ]

    def __str__(self):
        return f"{self.municipio_id} {self.mes:%Y-%m}: {self.casos}"


class DuracionDelMes(models.Model):
    """`DuracionDeCierres` sumado por mes de cierre (los meses completos de un periodo)."""

    municipio = models.ForeignKey(Municipio, on_delete=models.CASCADE, related_name="+")
    mes = models.DateField(_("mes de cierre"))
    dias = models.IntegerField(_("días para cerrar"))
    casos = models.PositiveIntegerField(_("casos"))

    class Meta:
        verbose_name = _("duración de los cierres de un mes")
        verbose_name_plural = _("duración de los cierres por mes")
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "mes", "dias"], name="duracion_del_mes_unica"
            ),
        ]

    def __str__(self):
        return f"{self.municipio_id} {self.mes:%Y-%m} {self.dias} días: {self.casos}"


class AsistentesDelDia(models.Model):
    """Asistentes de las actividades realizadas que empezaron un día (hora de Bogotá) en un
    municipio, por sexo y grupo de edad: los registrados uno a uno (y cuántos de ellos con cada
    enfoque) y los contados en multitud. El tablero los suma sin unir actividades y
    asistencias."""

    municipio = models.ForeignKey(Municipio, on_delete=models.CASCADE, related_name="+")
    fecha = models.DateField(_("día de la actividad"))
    sexo = models.CharField(_("sexo"), max_length=12)
    grupo_edad = models.CharField(_("grupo de edad"), max_length=8)
    registrados = models.PositiveIntegerField(_("registrados uno a uno"))
    contados = models.PositiveIntegerField(_("contados en multitud"))
    enfoque_etnico = models.PositiveIntegerField(_("con pertenencia étnica"))
    enfoque_discapacidad = models.PositiveIntegerField(_("con discapacidad"))
    enfoque_victima = models.PositiveIntegerField(_("víctimas del conflicto armado"))
    enfoque_migrante = models.PositiveIntegerField(_("migrantes"))
    enfoque_lgbtiq = models.PositiveIntegerField(_("LGBTIQ+"))

    class Meta:
        verbose_name = _("asistentes de un día")
        verbose_name_plural = _("asistentes por día")
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "fecha", "sexo", "grupo_edad"],
                name="asistentes_del_dia_unico",
            ),
        ]

    def __str__(self):
        return f"{self.municipio_id} {self.fecha} {self.sexo} {self.grupo_edad}: {self.registrados}"


class EnfoquesContadosDelDia(models.Model):
    """Personas contadas en multitud con cada enfoque, en las actividades realizadas que
    empezaron un día en un municipio."""

    municipio = models.ForeignKey(Municipio, on_delete=models.CASCADE, related_name="+")
    fecha = models.DateField(_("día de la actividad"))
    enfoque = models.CharField(_("enfoque"), max_length=12)
    cantidad = models.PositiveIntegerField(_("cantidad"))

    class Meta:
        verbose_name = _("enfoques contados en un día")
        verbose_name_plural = _("enfoques contados por día")
        constraints = [
            models.UniqueConstraint(
                fields=["municipio", "fecha", "enfoque"], name="enfoques_contados_del_dia_unico"
            ),
        ]

    def __str__(self):
        return f"{self.municipio_id} {self.fecha} {self.enfoque}: {self.cantidad}"


class RemisionesDelMes(models.Model):
    """Las remisiones enviadas en un mes desde un municipio a una entidad, por el mes y los días
    de su respuesta y el mes de su devolución (sin respuesta o sin devolución: vacíos). Los meses
    completos de un periodo se cuentan de aquí; lo que hace falta día por día (los días sueltos
    del periodo y las respuestas del mes en que termina, si no termina con el mes), de
    `RemisionContada`."""

    municipio = models.ForeignKey(Municipio, on_delete=models.CASCADE, related_name="+")
    mes = models.DateField(_("mes de envío"))
    entidad = models.ForeignKey(Entidad, on_delete=models.CASCADE, related_name="+")
    mes_respuesta = models.DateField(_("mes de la respuesta"), null=True)
    dias_respuesta = models.IntegerField(_("días para responder"), null=True)
    mes_devolucion = models.DateField(_("mes de la devolución"), null=True)
    remisiones = models.PositiveIntegerField(_("remisiones"))

    class Meta:
        verbose_name = _("remisiones de un mes")
        verbose_name_plural = _("remisiones por mes")
        indexes = [models.Index(fields=["municipio", "mes"], name="remisiones_del_mes_idx")]

    def __str__(self):
        return f"{self.municipio_id} {self.mes:%Y-%m} {self.entidad_id}: {self.remisiones}"
