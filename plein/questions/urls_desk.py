from django.urls import path

from plein.questions.views import desk

urlpatterns = [
    path("balie/", desk.desk, name="desk"),
    path("balie/turven/", desk.desk_tally, name="desk_tally"),
    path("balie/herhalen/", desk.desk_repeat, name="desk_repeat"),
    path("balie/apparaat/", desk.desk_device, name="desk_device"),
    path("balie/vandaag/", desk.desk_today, name="desk_today"),
    path("balie/sleutel/", desk.desk_csrf, name="desk_csrf"),
    path("balie/bezoeken/<int:pk>/ongedaan-maken/", desk.desk_undo, name="desk_undo"),
    path("balie/registraties/<int:pk>/wijzigen/", desk.desk_edit, name="desk_edit"),
    path("balie/registraties/<int:pk>/verwijderen/", desk.desk_delete, name="desk_delete"),
]
