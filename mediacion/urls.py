"""Las pantallas de la mediación cuelgan del caso: /casos/<radicado>/sesiones/… y
/casos/<radicado>/documentos/…"""

from django.urls import path

from mediacion import views, views_documentos

app_name = "mediacion"

urlpatterns = [
    path("<str:radicado>/sesiones/nueva/", views.sesion_nueva, name="sesion_nueva"),
    path("<str:radicado>/sesiones/<int:pk>/", views.sesion_detalle, name="sesion"),
    path(
        "<str:radicado>/sesiones/<int:pk>/registrar/",
        views.sesion_registro,
        name="sesion_registrar",
    ),
    path(
        "<str:radicado>/sesiones/<int:pk>/reprogramar/",
        views.sesion_reprogramacion,
        name="sesion_reprogramar",
    ),
    path(
        "<str:radicado>/sesiones/<int:pk>/cancelar/",
        views.sesion_cancelacion,
        name="sesion_cancelar",
    ),
    path(
        "<str:radicado>/sesiones/<int:pk>/citaciones/<int:citacion>/",
        views_documentos.citacion,
        name="citacion",
    ),
    path(
        "<str:radicado>/sesiones/<int:pk>/citaciones/<int:citacion>/pdf/",
        views_documentos.citacion_pdf,
        name="citacion_pdf",
    ),
    path("<str:radicado>/documentos/nuevo/", views.documento_nuevo, name="documento_nuevo"),
    path("<str:radicado>/documentos/<int:pk>/", views_documentos.documento, name="documento"),
    path(
        "<str:radicado>/documentos/<int:pk>/pdf/",
        views_documentos.documento_pdf,
        name="documento_pdf",
    ),
    path(
        "<str:radicado>/documentos/<int:pk>/corregir/",
        views.documento_correccion,
        name="documento_corregir",
    ),
    path("<str:radicado>/documentos/<int:pk>/firmado/", views.firmado_nuevo, name="firmado"),
    path(
        "<str:radicado>/documentos/<int:pk>/firmado/<int:firmado>/",
        views.firmado_descargar,
        name="firmado_descargar",
    ),
]
