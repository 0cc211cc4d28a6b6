from django.urls import path

from plein.questions.views import manage

urlpatterns = [
    path("beheer/lijsten/", manage.manage_home, name="manage_home"),
    path("beheer/lijsten/tegels/", manage.manage_tiles, name="manage_tiles"),
    path(
        "beheer/lijsten/tegels/<int:pk>/verplaatsen/",
        manage.manage_tile_move,
        name="manage_tile_move",
    ),
    path(
        "beheer/lijsten/tegels/<int:pk>/weghalen/",
        manage.manage_tile_remove,
        name="manage_tile_remove",
    ),
    path("beheer/lijsten/instellingen/", manage.manage_settings, name="manage_settings"),
    path("beheer/lijsten/<slug:slug>/", manage.manage_list, name="manage_list"),
    path(
        "beheer/lijsten/<slug:slug>/<int:pk>/",
        manage.manage_option_edit,
        name="manage_option_edit",
    ),
    path(
        "beheer/lijsten/<slug:slug>/<int:pk>/archiveren/",
        manage.manage_option_archive,
        name="manage_option_archive",
    ),
    path(
        "beheer/lijsten/<slug:slug>/<int:pk>/terugzetten/",
        manage.manage_option_restore,
        name="manage_option_restore",
    ),
    path(
        "beheer/lijsten/<slug:slug>/<int:pk>/verplaatsen/",
        manage.manage_option_move,
        name="manage_option_move",
    ),
]
