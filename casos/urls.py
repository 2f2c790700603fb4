from django.urls import path

from casos import views, views_personas

app_name = "casos"

urlpatterns = [
    path("", views.caso_lista, name="lista"),
    path("mios/", views.mis_casos, name="mios"),
    path("nuevo/", views.caso_nuevo, name="nuevo"),
    path("personas/buscar/", views.persona_buscar, name="persona_buscar"),
    path("personas/duplicados/", views_personas.duplicados_lista, name="duplicados"),
    path("personas/duplicados/<int:pk>/", views_personas.duplicado_detalle, name="duplicado"),
    path(
        "personas/autorizaciones/<int:pk>/formato/",
        views_personas.autorizacion_formato,
        name="autorizacion_formato",
    ),
    path(
        "personas/<int:pk>/autorizacion/revocar/",
        views_personas.autorizacion_revocacion,
        name="autorizacion_revocar",
    ),
    path("<str:radicado>/", views.caso_detalle, name="detalle"),
    path("<str:radicado>/editar/", views.caso_edicion, name="editar"),
    path("<str:radicado>/historial/", views.caso_historial, name="historial"),
    path("<str:radicado>/actuaciones/", views.actuacion_nueva, name="actuacion"),
    path("<str:radicado>/mediacion/", views.mediacion_iniciar, name="mediacion"),
    path("<str:radicado>/acuerdo/", views.acuerdo_nuevo, name="acuerdo"),
    path(
        "<str:radicado>/acuerdos/<int:pk>/verificar/",
        views.acuerdo_verificacion,
        name="acuerdo_verificar",
    ),
    path("<str:radicado>/cerrar/", views.caso_cierre, name="cerrar"),
    path("<str:radicado>/reasignar/", views.caso_reasignacion, name="reasignar"),
    path("<str:radicado>/adjuntos/", views.adjunto_nuevo, name="adjunto"),
    path("<str:radicado>/adjuntos/<int:pk>/", views.adjunto_descargar, name="adjunto_descargar"),
]
