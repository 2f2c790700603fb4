from django.urls import path

from municipios import views

app_name = "municipios"

urlpatterns = [
    path("", views.municipio_lista, name="lista"),
    path("<str:codigo_dane>/", views.municipio_directorio, name="directorio"),
]
