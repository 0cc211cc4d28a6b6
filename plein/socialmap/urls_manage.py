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
    path("beheer/organisaties/", manage.organizations, name="manage_organizations"),
    path("beheer/organisaties/nieuw/", manage.organization_new, name="manage_organization_new"),
    path("beheer/organisaties/<uuid:pk>/", manage.organization_edit, name="manage_organization"),
    path(
        "beheer/organisaties/<uuid:pk>/archief/",
        manage.organization_archive,
        name="manage_organization_archive",
    ),
    path(
        "beheer/organisaties/<uuid:pk>/diensten/nieuw/",
        manage.service_new,
        name="manage_service_new",
    ),
    path(
        "beheer/organisaties/<uuid:pk>/uitnodigen/",
        manage.organization_invite,
        name="manage_organization_invite",
    ),
]
