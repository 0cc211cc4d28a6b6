from django.urls import path

from plein.schedule import views, views_screens, views_today

app_name = "schedule"

urlpatterns = [
    path("vandaag/", views_today.today, name="today"),
    path("scherm/<str:token>/", views_screens.display, name="display"),
    path("scherm/<str:token>/gegevens/", views_screens.display_data, name="display_data"),
    path("beheer/schermen/", views_screens.displays_manage, name="displays"),
    path("beheer/schermen/<int:pk>/", views_screens.display_edit, name="display_edit"),
    path(
        "beheer/schermen/<int:pk>/nieuwe-link/",
        views_screens.display_new_link,
        name="display_new_link",
    ),
    path("rooster/", views.duty, name="duty"),
    path("rooster/diensten/nieuw/", views.shift_create, name="shift_create"),
    path("rooster/diensten/<int:pk>/", views.shift_edit, name="shift_edit"),
    path("rooster/diensten/<int:pk>/stoppen/", views.shift_stop, name="shift_stop"),
    path("rooster/diensten/<int:pk>/wijziging/", views.shift_change, name="shift_change"),
    path("rooster/wijzigingen/<int:pk>/terugdraaien/", views.change_remove, name="change_remove"),
    path("rooster/vestigingen/<int:pk>/regel/", views.presence_rule, name="presence_rule"),
]
