"""El informe mensual de un municipio como secciones de tabla: las mismas para el HTML imprimible
y para el XLSX, así que los dos (y el tablero, que lee los mismos indicadores) dicen lo mismo."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


class Porcentaje(float):
    """Un valor en puntos porcentuales (45.5 es 45,5 %); el XLSX lo escribe como 0,455 con %."""


class Mes(datetime.date):
    """El primer día de un mes que se muestra como mes («octubre 2026»)."""


@dataclass
class Seccion:
    titulo: str
    columnas: list[str]
    filas: list[list] = field(default_factory=list)
    nota: str = ""


def _pct(valor):
    return None if valor is None else Porcentaje(valor)


def secciones(cifras: dict) -> list[Seccion]:
    resumen = Seccion(
        _("Resumen"),
        [_("Indicador"), _("Valor")],
        [
            [_("Casos recibidos"), cifras["recibidos"]],
            [_("Casos cerrados"), cifras["cerrados"]],
            [_("Cerrados con acuerdo (total o parcial)"), cifras["con_acuerdo"]],
            [_("Tasa de acuerdo"), _pct(cifras["tasa_acuerdo"])],
            [_("Mediana de días para cerrar"), cifras["mediana_dias_cierre"]],
            [_("Casos reincidentes"), cifras["reincidentes"]],
            [_("Tasa de reincidencia"), _pct(cifras["tasa_reincidencia"])],
            [_("Remisiones enviadas"), cifras["remisiones_enviadas"]],
            [_("Remisiones respondidas"), cifras["remisiones_respondidas"]],
            [_("Tasa de respuesta de las remisiones"), _pct(cifras["tasa_respuesta"])],
            [_("Mediana de días de respuesta"), cifras["mediana_demora"]],
            [_("Actividades realizadas"), cifras["realizadas"]],
            [_("Participantes en actividades"), cifras["participantes"]],
            [_("Gestores activos"), len(cifras["gestores"])],
            [_("Gestores certificados"), cifras["gestores_certificados"]],
        ],
    )
    meses = Seccion(
        _("Casos por mes"),
        [_("Mes"), _("Recibidos"), _("Cerrados")],
        [
            [Mes(mes.year, mes.month, 1), recibidos, cerrados]
            for mes, recibidos, cerrados in zip(
                cifras["serie"]["meses"],
                cifras["serie"]["recibidos"],
                cifras["serie"]["cerrados"],
                strict=True,
            )
        ],
    )

    def simple(titulo, columna, filas, nota=""):
        return Seccion(
            titulo, [columna, _("Casos")], [[f["etiqueta"], f["n"]] for f in filas], nota
        )

    return [
        resumen,
        meses,
        simple(_("Casos por tipo de conflicto"), _("Tipo"), cifras["por_tipo"]),
        simple(_("Casos por zona"), _("Zona"), cifras["por_zona"]),
        simple(_("Casos por nivel de riesgo"), _("Nivel de riesgo"), cifras["por_riesgo"]),
        simple(_("Resultado de los casos cerrados"), _("Resultado"), cifras["resultados"]),
        Seccion(
            _("Remisiones por entidad"),
            [
                _("Entidad"),
                _("Tipo"),
                _("Enviadas"),
                _("Respondidas"),
                _("Devueltas"),
                _("Tasa de respuesta"),
                _("Mediana de días de respuesta"),
            ],
            [
                [
                    r["entidad"],
                    r["tipo"],
                    r["enviadas"],
                    r["respondidas"],
                    r["devueltas"],
                    _pct(r["tasa_respuesta"]),
                    r["mediana_demora"],
                ]
                for r in cifras["remisiones"]
            ],
            _("Respondidas o devueltas a más tardar el último día del periodo."),
        ),
        simple(
            _("Casos abiertos con alertas"),
            _("Alerta"),
            cifras["vencidos"],
            _("A la fecha en que se genera el informe."),
        ),
        Seccion(
            _("Acuerdos verificados"),
            [_("Resultado de la verificación"), _("Acuerdos")],
            [[f["etiqueta"], f["n"]] for f in cifras["verificaciones"]],
        ),
        Seccion(
            _("Actividades por tipo"),
            [_("Tipo"), _("Realizadas"), _("Programadas"), _("Canceladas")],
            [
                [a["etiqueta"], a["realizadas"], a["programadas"], a["canceladas"]]
                for a in cifras["actividades"]
            ],
        ),
        Seccion(
            _("Participantes por sexo"),
            [_("Sexo"), _("Participantes")],
            [[f["etiqueta"], f["n"]] for f in cifras["por_sexo"]],
        ),
        Seccion(
            _("Participantes por grupo de edad"),
            [_("Grupo de edad"), _("Participantes")],
            [[f["etiqueta"], f["n"]] for f in cifras["por_edad"]],
        ),
        Seccion(
            _("Participantes por enfoque diferencial"),
            [_("Enfoque"), _("Participantes")],
            [[f["etiqueta"], f["n"]] for f in cifras["por_enfoque"]],
            _("Una persona puede tener más de un enfoque."),
        ),
        Seccion(
            _("Gestores y su carga"),
            [
                _("Gestor"),
                _("Certificado desde"),
                _("Casos abiertos"),
                _("Recibidos"),
                _("Cerrados"),
            ],
            [
                [g["nombre"], g["certificado_en"], g["abiertos"], g["recibidos"], g["cerrados"]]
                for g in cifras["gestores"]
            ],
        ),
    ]
