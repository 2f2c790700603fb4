"""Guardar con las reglas del modelo: `full_clean()` antes de cada escritura y la historia con su
autor. Los servicios escriben por aquí (ARCHITECTURE.md, «Una regla nueva»)."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def en_opciones(campo: str, opciones) -> Q:
    """La condición de una `CheckConstraint`: el valor de `campo` es una de las `opciones` (un
    `TextChoices`). Así la base rechaza lo que el formulario no ofrece."""
    return Q(**{f"{campo}__in": opciones.values})


def guardar(instancia, autor=None):
    """Valida la instancia entera (campos, `clean()`, restricciones) y la guarda; la historia
    (django-simple-history) la firma `autor`."""
    instancia.full_clean()
    if autor is not None:
        instancia._history_user = autor
    instancia.save()
    return instancia


def actualizar(instancia, *, autor=None, **cambios) -> list[str]:
    """Cambia los campos dados, valida la instancia entera y guarda solo lo que cambió (más los
    campos `auto_now`). Devuelve los nombres cambiados; si nada cambió, no escribe ni deja
    historia. Un nombre que no es campo del modelo es un error (`FieldDoesNotExist`)."""
    cambiados = []
    for nombre, valor in cambios.items():
        instancia._meta.get_field(nombre)
        if getattr(instancia, nombre) != valor:
            setattr(instancia, nombre, valor)
            cambiados.append(nombre)
    if not cambiados:
        return []
    instancia.full_clean()
    if autor is not None:
        instancia._history_user = autor
    al_dia = [c.name for c in instancia._meta.concrete_fields if getattr(c, "auto_now", False)]
    instancia.save(update_fields=[*cambiados, *al_dia])
    return cambiados


def fila_bloqueada(modelo, **clave):
    """La fila de `modelo` con `clave` (un contador por municipio y año), creada si falta y
    bloqueada hasta el fin de la transacción: quien pida la misma espera aquí. Así se numeran
    sin huecos los radicados y los documentos de mediación; si la transacción se deshace, el
    número vuelve a quedar libre."""
    modelo.objects.bulk_create([modelo(**clave)], ignore_conflicts=True)
    return modelo.objects.select_for_update().get(**clave)


EXTENSION_DE_EVIDENCIA = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def ruta_de_evidencia(carpeta: str, codigo_dane: str, tipo_contenido: str) -> str:
    """`carpeta/<DANE>/<aleatorio>.<ext>`: nada del nombre original, nada se adivina."""
    extension = EXTENSION_DE_EVIDENCIA.get(tipo_contenido, "bin")
    return f"{carpeta}/{codigo_dane}/{uuid.uuid4().hex}.{extension}"


def restricciones_de_evidencia(tipo: str, tamano: str) -> list:
    """Las dos reglas de la base de cada evidencia (con el nombre que ya tienen en su tabla):
    PDF, JPG o PNG y a lo sumo 10 MB."""
    return [
        models.CheckConstraint(
            condition=Q(tipo_contenido__in=list(EXTENSION_DE_EVIDENCIA)), name=tipo
        ),
        models.CheckConstraint(condition=Q(tamano__lte=10 * 1024 * 1024), name=tamano),
    ]


class Evidencia(models.Model):
    """Lo común de un archivo de evidencia (adjunto de un caso, de una actividad, documento
    firmado): `comun.archivos.evidencia_guardar` lo llena. Cada modelo pone su `archivo` (su
    carpeta), su dueño, `subido_por` y sus restricciones (`restricciones_de_evidencia`)."""

    nombre_original = models.CharField(_("nombre del archivo"), max_length=200)
    tipo_contenido = models.CharField(max_length=40)
    tamano = models.PositiveIntegerField(_("tamaño en bytes"))
    descripcion = models.CharField(_("descripción"), max_length=200, blank=True)
    creado = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return self.nombre_original
