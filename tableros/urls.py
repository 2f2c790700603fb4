from django.urls import path

from tableros import views

app_name = "tableros"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("metropolitano/", views.metropolitano, name="metropolitano"),
    path("<str:codigo_dane>/", views.municipal, name="municipal"),
    path("<str:codigo_dane>/informe/", views.informe, name="informe"),
    path("<str:codigo_dane>/informe.xlsx", views.informe_xlsx, name="informe_xlsx"),
]
