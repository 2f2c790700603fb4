"""Tablero municipal, comparación metropolitana e informe mensual (HTML imprimible y XLSX)."""

import datetime
import hashlib

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from comun.replica import estado_de_la_copia, lee_de_la_replica
from gestores.models import Rol
from municipios.alcance import municipio_de_alcance
from municipios.models import Municipio
from tableros import catalogo, indicadores, resumenes
from tableros.catalogo import COMPARACION, TABLERO, TARJETA
from tableros.informe import secciones
from tableros.periodos import Periodo, PeriodoForm, sumar_meses
from tableros.xlsx import libro

ROLES_TABLERO = (Rol.COORDINADOR, Rol.SECRETARIA, Rol.AMB)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def puede_ver_tableros(user) -> bool:
    perfil = getattr(user, "perfil", None)
    return user.is_superuser or bool(perfil and perfil.rol in ROLES_TABLERO)


def _municipio(request, codigo_dane) -> Municipio:
    """El municipio pedido si está en el alcance del usuario (404 si no) y su rol ve tableros."""
    municipio = get_object_or_404(
        Municipio.objects.visible_para(request.user), codigo_dane=codigo_dane
    )
    if not puede_ver_tableros(request.user):
        raise PermissionDenied
    return municipio


def _graficos(cifras: dict) -> dict:
    """Los datos de los gráficos, en JSON (json_script), no en números formateados en español."""
    serie = cifras["serie"]

    def barras(filas):
        return {"etiquetas": [f["etiqueta"] for f in filas], "valores": [f["n"] for f in filas]}

    return {
        "meses": {
            "etiquetas": [date_format(mes, "M Y") for mes in serie["meses"]],
            "series": [
                {"nombre": _("Recibidos"), "valores": serie["recibidos"]},
                {"nombre": _("Cerrados"), "valores": serie["cerrados"]},
            ],
        },
        "tipo": barras([f for f in cifras["por_tipo"] if f["n"]]),
        "riesgo": barras(cifras["por_riesgo"]),
        "zona": barras(cifras["por_zona"]),
        "sexo": barras(cifras["por_sexo"]),
        "edad": barras(cifras["por_edad"]),
    }


def _tarjetas(cifras: dict) -> list[dict]:
    """Las cifras de las tarjetas del tablero, en el orden y con los nombres del catálogo."""
    return [
        {
            "indicador": indicador,
            "valor": cifras[indicador.clave],
            "url": cifras.get(indicador.clave_enlace),
            "sufijo": "%" if indicador.es_porcentaje else "",
        }
        for indicador in catalogo.en(TARJETA)
    ]


def _cifras_de_la_seccion(cifras: dict, grupo: str) -> list[dict]:
    """Las cifras (no los desgloses) de una sección del tablero, como tarjetas pequeñas."""
    return [
        {
            "indicador": indicador,
            "valor": cifras[indicador.clave],
            "sufijo": "%" if indicador.es_porcentaje else "",
        }
        for indicador in catalogo.en(TABLERO)
        if indicador.grupo == grupo
    ]


def _filas_indicadores(columnas: list[dict]) -> list[dict]:
    """La tabla «Indicadores del periodo» de la comparación: una fila por indicador del catálogo
    con la cifra (y su lista) de cada municipio."""
    return [
        {
            "indicador": indicador,
            "celdas": [
                {"valor": c[indicador.clave], "url": c.get(indicador.clave_enlace)}
                for c in columnas
            ],
        }
        for indicador in catalogo.en(COMPARACION)
    ]


@require_GET
def inicio(request):
    """Lleva a cada quien a su tablero: el AMB a la comparación, los demás a su municipio."""
    if not puede_ver_tableros(request.user):
        raise PermissionDenied
    todos, municipio_id = municipio_de_alcance(request.user)
    if todos:
        return redirect("tableros:metropolitano")
    municipio = get_object_or_404(Municipio, pk=municipio_id)
    return redirect("tableros:municipal", codigo_dane=municipio.codigo_dane)


@require_GET
@lee_de_la_replica
def municipal(request, codigo_dane):
    """El tablero de un municipio: tarjetas, secciones y cómo se calcula cada cifra."""
    municipio = _municipio(request, codigo_dane)
    form = PeriodoForm(request.GET or None)
    periodo = form.periodo_elegido()
    todas, corte = indicadores.calcular_con_cache(request.user, [municipio], periodo)
    cifras = todas[municipio.pk]
    # Lo que decide las cifras: el HTML dibujado con ellas se guarda con esta clave.
    fragmento = f"municipal:{municipio.pk}:{periodo.desde}:{periodo.hasta}:{corte.isoformat()}"
    return render(
        request,
        "tableros/municipal.html",
        {
            "municipio": municipio,
            "form": form,
            "periodo": periodo,
            "c": cifras,
            "tarjetas": _tarjetas(cifras),
            "mediacion": _cifras_de_la_seccion(cifras, "mediacion"),
            "definiciones": catalogo.por_grupo(TABLERO),
            "graficos": _graficos(cifras),
            "resumenes": resumenes.municipal(cifras),
            "meses": list(
                zip(
                    cifras["serie"]["meses"],
                    cifras["serie"]["recibidos"],
                    cifras["serie"]["cerrados"],
                    strict=True,
                )
            ),
            "informe_mes": _mes_anterior(),
            "corte": corte,
            "copia": estado_de_la_copia(),
            "fragmento_tarjetas": f"{fragmento}:tarjetas",
            "fragmento_secciones": f"{fragmento}:secciones",
        },
    )


@require_GET
@lee_de_la_replica
def metropolitano(request):
    """La comparación de los municipios activos (solo el equipo AMB), con las definiciones."""
    todos, _municipio_id = municipio_de_alcance(request.user)
    if not (todos and puede_ver_tableros(request.user)):
        raise PermissionDenied
    form = PeriodoForm(request.GET or None)
    periodo = form.periodo_elegido()
    municipios = list(Municipio.objects.visible_para(request.user).filter(activo=True))
    cifras, corte = indicadores.calcular_con_cache(request.user, municipios, periodo)
    tendencia_periodo = Periodo.ultimos_meses(12)
    tendencia = indicadores.tendencia_con_cache(request.user, municipios, tendencia_periodo)
    fuera = indicadores.reincidencia_entre_municipios_con_cache(request.user, municipios, periodo)
    columnas = [cifras[m.pk] | {"reincidentes_fuera": fuera.get(m.pk, 0)} for m in municipios]
    filas_tendencia = [
        (mes, [tendencia[m.pk]["recibidos"][i] for m in municipios])
        for i, mes in enumerate(tendencia_periodo.meses)
    ]
    # Lo que decide las cifras (la tendencia y la reincidencia entre municipios tienen su propia
    # caché: van por su contenido): el HTML dibujado con ellas se guarda con esta clave.
    huella = hashlib.sha256(repr((filas_tendencia, sorted(fuera.items()))).encode()).hexdigest()
    fragmento = (
        f"metropolitano:{','.join(str(m.pk) for m in municipios)}:{periodo.desde}:"
        f"{periodo.hasta}:{corte.isoformat()}:{huella[:16]}"
    )
    return render(
        request,
        "tableros/metropolitano.html",
        {
            "form": form,
            "periodo": periodo,
            "corte": corte,
            "copia": estado_de_la_copia(),
            "fragmento_indicadores": f"{fragmento}:indicadores",
            "fragmento_secciones": f"{fragmento}:secciones",
            "columnas": columnas,
            "filas_indicadores": _filas_indicadores(columnas),
            "definiciones": catalogo.definiciones(COMPARACION),
            "filas_tipo": _filas_comparadas(columnas, "por_tipo"),
            "filas_riesgo": _filas_comparadas(columnas, "por_riesgo"),
            "filas_zona": _filas_comparadas(columnas, "por_zona"),
            "filas_resultados": _filas_comparadas(columnas, "resultados"),
            "filas_vencidos": _filas_comparadas(columnas, "vencidos"),
            "filas_sexo": _filas_comparadas(columnas, "por_sexo"),
            "filas_enfoque": _filas_comparadas(columnas, "por_enfoque"),
            "graficos": {
                "tendencia": {
                    "etiquetas": [date_format(mes, "M Y") for mes in tendencia_periodo.meses],
                    "series": [
                        {"nombre": m.nombre, "valores": tendencia[m.pk]["recibidos"]}
                        for m in municipios
                    ],
                },
                "tasa": {
                    "etiquetas": [m.nombre for m in municipios],
                    "valores": [cifras[m.pk]["por_10000"] for m in municipios],
                },
            },
            "tendencia": filas_tendencia,
            "resumenes": resumenes.metropolitano(columnas, filas_tendencia),
        },
    )


def _filas_comparadas(columnas: list[dict], clave: str) -> list[dict]:
    """Una fila por categoría con la celda de cada municipio (cifra y enlace)."""
    if not columnas:
        return []
    return [
        {"etiqueta": fila["etiqueta"], "celdas": [c[clave][i] for c in columnas]}
        for i, fila in enumerate(columnas[0][clave])
    ]


def _mes_anterior() -> datetime.date:
    return sumar_meses(timezone.localdate(), -1)


class MesForm(forms.Form):
    mes = forms.DateField(
        label=gettext_lazy("Mes"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        required=False,
        error_messages={
            "invalid": gettext_lazy(
                "Escriba el mes como AAAA-MM (por ejemplo, 2026-10): se muestra el último mes "
                "completo."
            )
        },
    )

    def clean_mes(self):
        mes = self.cleaned_data["mes"]
        if mes and mes > timezone.localdate():
            raise forms.ValidationError(
                _("Ese mes todavía no ha empezado: se muestra el último mes completo.")
            )
        if mes and mes.year < 2000:
            raise forms.ValidationError(
                _("No hay informes de antes del año 2000: se muestra el último mes completo.")
            )
        return mes


def _informe(request, codigo_dane):
    municipio = _municipio(request, codigo_dane)
    form = MesForm(request.GET or None, initial={"mes": _mes_anterior()})
    mes = (form.is_valid() and form.cleaned_data["mes"]) or _mes_anterior()
    periodo = Periodo.mes(mes.year, mes.month)
    todas, corte = indicadores.calcular_con_cache(request.user, [municipio], periodo)
    return municipio, form, periodo, todas[municipio.pk], corte


@require_GET
@lee_de_la_replica
def informe(request, codigo_dane):
    municipio, form, periodo, cifras, corte = _informe(request, codigo_dane)
    return render(
        request,
        "tableros/informe.html",
        {
            "municipio": municipio,
            "form": form,
            "periodo": periodo,
            "secciones": secciones(cifras),
            "generado": timezone.localtime(corte),
            "copia": estado_de_la_copia(),
        },
    )


@require_GET
@lee_de_la_replica
def informe_xlsx(request, codigo_dane):
    municipio, form, periodo, cifras, _corte = _informe(request, codigo_dane)
    if form.is_bound and not form.is_valid():
        # Una descarga no tiene dónde avisar que cambió de mes: no se descarga otro.
        return HttpResponseBadRequest(
            _(
                "No se descargó el informe: el mes pedido no es válido. Escríbalo como AAAA-MM, "
                "desde el año 2000 hasta el mes en curso."
            ),
            content_type="text/plain; charset=utf-8",
        )
    titulo = _("Informe mensual de convivencia — %(municipio)s, %(mes)s") % {
        "municipio": municipio.nombre,
        "mes": date_format(periodo.desde, "F \\d\\e Y").lower(),
    }
    respuesta = HttpResponse(libro(titulo, secciones(cifras)), content_type=XLSX)
    nombre = f"informe-{municipio.sigla.lower()}-{periodo.desde:%Y-%m}.xlsx"
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta
