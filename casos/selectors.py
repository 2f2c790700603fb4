"""Lecturas de casos para las pantallas: listas con alertas y el detalle con su línea de tiempo."""

import re

from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casos import alcance
from casos.busqueda import MAX_CARACTERES
from casos.models import (
    Actuacion,
    Acuerdo,
    Adjunto,
    Caso,
    Compromiso,
    Parte,
    Persona,
    es_menor_q,
    modelo_remision,
)
from casos.presentacion import parte_para
from casos.services import puede_mediarse, puede_remitirse

PATRON_RADICADO = re.compile(r"^[A-Za-z]{3}-\d{4}-\d{5}$")  # GAL-2026-00042


def casos_para_lista(user):
    """Casos visibles con lo que muestra una fila, sin consultas por fila.

    Sin las alertas: calcularlas para todo el municipio antes de paginar obliga a PostgreSQL a
    recorrer todas las actuaciones recientes. Se añaden a la página con `con_alertas_de`.
    """
    return (
        Caso.objects.visible_para(user)
        .select_related("municipio", "sector", "tipo", "gestor")
        .para_lista()
    )


CAMPOS_ALERTA = ("alerta_sin_seguimiento", "alerta_remision", "alerta_verificacion", "vencido")


def con_alertas_de(casos) -> list:
    """Las alertas de una página de casos, en una consulta sobre esos casos y nada más."""
    casos = list(casos)
    alertas = {
        pk: valores
        for pk, *valores in Caso.objects.filter(pk__in=[c.pk for c in casos])
        .con_alertas()
        .values_list("pk", *CAMPOS_ALERTA)
    }
    for caso in casos:
        for campo, valor in zip(CAMPOS_ALERTA, alertas[caso.pk], strict=True):
            setattr(caso, campo, valor)
    return casos


def mis_casos(user):
    """Los casos abiertos de un gestor, los vencidos primero y luego los más antiguos."""
    return (
        casos_para_lista(user)
        .con_alertas()
        .filter(gestor=user)
        .abiertos()
        .order_by("-vencido", "fecha_recepcion", "consecutivo")
    )


def filtrar_por_parte(queryset, user, texto: str):
    """Casos por radicado o, si el rol lo permite (`alcance.puede_buscar_por_partes`), por el
    documento o el nombre de una de sus partes.

    Un texto con dígitos es un radicado (completo: por su índice; un pedazo: contenido) o un
    documento completo; uno sin dígitos, palabras del nombre (`Persona.objects.buscar`: sin
    tildes ni mayúsculas, todas en la misma persona). Las personas se buscan primero (índice de
    trigramas en PostgreSQL) y los casos salen de sus partes, sin recorrer los casos uno a uno.
    """
    texto = texto.strip()[:MAX_CARACTERES]
    if not texto:
        return queryset
    if PATRON_RADICADO.fullmatch(texto):
        return queryset.filter(radicado=texto.upper())
    con_digitos = any(caracter.isdigit() for caracter in texto)
    condicion = Q(radicado__icontains=texto) if con_digitos else Q(pk__in=[])
    alcance_busqueda = alcance.puede_buscar_por_partes(user)
    if alcance_busqueda:
        # Solo el registro de personas de su alcance (cada persona es de un municipio).
        del_alcance = Persona.objects.del_alcance(user)
        if con_digitos:
            personas = del_alcance.filter(numero_documento=texto.upper())
        else:
            personas = del_alcance.buscar(texto)
        if not alcance.busca_menores(user):
            personas = personas.exclude(es_menor_q())
        por_parte = Q(pk__in=Parte.objects.filter(persona__in=personas).values("caso_id"))
        if alcance_busqueda == "propios":
            por_parte &= Q(gestor=user)
        condicion |= por_parte
    return queryset.filter(condicion)


def caso_detalle(user, caso: Caso) -> dict:
    """Todo lo que muestra la página de un caso, en un número fijo de consultas."""
    partes = list(
        Parte.objects.filter(caso=caso)
        .select_related("persona__autorizacion__aviso", "persona__autorizacion__capturada_por")
        .order_by("pk")
    )
    # Reincidencia: otros casos visibles para este usuario donde aparecen las mismas personas.
    otras = (
        Parte.objects.filter(persona__in=[p.persona_id for p in partes])
        .exclude(caso=caso)
        .filter(caso__in=Caso.objects.visible_para(user))
        .select_related("caso__tipo")
        # Solo lo que pinta «También en»: sin el relato ni el resto de cada caso.
        .only("persona", "caso", "caso__radicado", "caso__tipo", "caso__tipo__nombre")
        .order_by("-caso__fecha_recepcion")
    )
    otros_por_persona: dict[int, list] = {}
    for otra in otras:
        otros_por_persona.setdefault(otra.persona_id, []).append(otra.caso)
    actuaciones = list(
        Actuacion.objects.filter(caso=caso).select_related("autor").order_by("-fecha", "-pk")
    )
    remisiones = list(caso.remisiones.select_related("entidad", "contacto"))
    acuerdos = list(
        Acuerdo.objects.filter(caso=caso).prefetch_related(
            Prefetch(
                "compromisos",
                queryset=Compromiso.objects.select_related("parte").order_by("fecha_limite"),
            )
        )
    )
    adjuntos = list(Adjunto.objects.filter(caso=caso))
    return {
        "caso": caso,
        "partes": [
            parte_para(user, caso, p, otros_por_persona.get(p.persona_id, ())) for p in partes
        ],
        "actuaciones": actuaciones,
        "remisiones": remisiones,
        "acuerdos": acuerdos,
        "adjuntos": adjuntos,
        "ve_evidencias": alcance.ve_evidencias(
            user, caso, con_menores=any(p.persona.es_menor for p in partes)
        ),
        "puede_gestionar": alcance.puede_gestionar(user, caso),
        "puede_reasignar": alcance.puede_reasignar(user, caso),
        "puede_mediarse": puede_mediarse(caso),
        "puede_remitirse": puede_remitirse(caso),
        "ve_historial": alcance.puede_reasignar(user, caso)
        or alcance.municipio_de_alcance(user)[0],
    }


# Las de django-simple-history llegan en inglés («Created», «Changed»).
ACCIONES = {
    "+": gettext_lazy("creado"),
    "~": gettext_lazy("cambiado"),
    "-": gettext_lazy("borrado"),
}


def _cambio_legible(modelo, nombre: str, antes, despues) -> tuple[str, str, str]:
    """(etiqueta del campo, antes, después) como los lee una persona: el nombre del campo en
    español, la etiqueta de una opción en vez de su código y «archivo» en vez de su ruta."""
    campo = modelo._meta.get_field(nombre)
    opciones = dict(campo.flatchoices) if campo.choices else {}

    def valor(dato):
        if dato in (None, ""):
            return ""
        if isinstance(campo, models.FileField):
            return str(_("archivo adjunto"))
        return str(opciones.get(dato, dato))

    return str(campo.verbose_name), valor(antes), valor(despues)


def historial(caso: Caso, user) -> list[dict]:
    """La auditoría del caso y sus hijos (django-simple-history): quién, cuándo, antes y después.

    Se leen todas las versiones en pocas consultas y se comparan de a pares en memoria. Los
    cambios de los datos de un menor, solo para quien ve sus datos (el coordinador, no el AMB).
    """
    from casos.models import Persona, es_menor_q

    partes = Parte.objects.filter(caso=caso)
    if not alcance.ve_datos_de_menores(user, caso):
        partes = partes.exclude(es_menor_q("persona__"))
    personas = partes.values("persona_id")
    fuentes = [
        (Caso.history.filter(id=caso.pk), "Caso"),
        (Parte.history.filter(caso_id=caso.pk), "Parte"),
        (Persona.history.filter(id__in=personas), "Persona"),
        (modelo_remision().history.filter(caso_id=caso.pk), "Remisión"),
        (Acuerdo.history.filter(caso_id=caso.pk), "Acuerdo"),
    ]
    registros = []
    for historia, etiqueta in fuentes:
        anteriores = {}
        for version in historia.select_related("history_user").order_by(
            "history_date", "history_id"
        ):
            previa = anteriores.get(version.id)
            cambios = []
            if previa is not None:
                cambios = [
                    _cambio_legible(historia.model, c.field, c.old, c.new)
                    for c in version.diff_against(previa).changes
                    if c.field not in {"version", "actualizado"}
                ]
            anteriores[version.id] = version
            registros.append(
                {
                    "fecha": version.history_date,
                    "usuario": (
                        (version.history_user.get_full_name() or version.history_user.username)
                        if version.history_user
                        else _("sistema")
                    ),
                    "objeto": f"{etiqueta} {version.id}",
                    "accion": ACCIONES.get(version.history_type, version.history_type),
                    "cambios": cambios,
                }
            )
    registros.sort(key=lambda r: r["fecha"], reverse=True)
    return registros


def persona_por_documento(user, tipo: str, numero: str) -> Persona | None:
    """La persona del municipio de `user` con ese documento, solo si `user` la ve sin máscara
    (sus casos; el coordinador, todas): el formulario de partes no es un oráculo de identidades."""
    return (
        Persona.objects.con_datos_para(user)
        .filter(
            municipio_id=user.perfil.municipio_id,
            tipo_documento=tipo,
            numero_documento=numero.strip().upper(),
        )
        .first()
    )
