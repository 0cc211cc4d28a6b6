from django.urls import path

from plein.socialmap.views import manage, rooms

urlpatterns = [
    path("beheer/actualiteit/", manage.freshness, name="freshness"),
    path("beheer/spreekuren/", rooms.hours_overview, name="hours_overview"),
    path("beheer/ruimtes/", rooms.rooms, name="rooms"),
    path("beheer/ruimtes/<int:pk>/", rooms.room_edit, name="room_edit"),
    path("beheer/ruimtes/<int:pk>/verwijderen/", rooms.room_delete, name="room_delete"),
    path("beheer/themas/", rooms.themes, name="themes"),
    path("beheer/themas/<int:pk>/", rooms.theme_edit, name="theme_edit"),
    path("beheer/themas/<int:pk>/verwijderen/", rooms.theme_delete, name="theme_delete"),
    path("beheer/vraagwoordenboek/", manage.dictionary, name="dictionary"),
]
