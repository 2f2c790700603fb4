"""La agenda: /agenda/ (mía), /agenda/municipio/, /agenda/calendario/ y el feed ICS."""

from django.urls import path

from agenda import views

app_name = "agenda"

urlpatterns = [
    path("", views.agenda_mia, name="mia"),
    path("municipio/", views.agenda_municipio, name="municipio"),
    path("calendario/", views.calendario, name="calendario"),
    path("calendario/<str:token>.ics", views.calendario_feed, name="feed"),
]
