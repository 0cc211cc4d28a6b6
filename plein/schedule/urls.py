from django.urls import path

from plein.schedule import views, views_today

app_name = "schedule"

urlpatterns = [
    path("vandaag/", views_today.today, name="today"),
    path("rooster/", views.duty, name="duty"),
    path("rooster/diensten/nieuw/", views.shift_create, name="shift_create"),
    path("rooster/diensten/<int:pk>/", views.shift_edit, name="shift_edit"),
    path("rooster/diensten/<int:pk>/stoppen/", views.shift_stop, name="shift_stop"),
    path("rooster/diensten/<int:pk>/wijziging/", views.shift_change, name="shift_change"),
    path("rooster/wijzigingen/<int:pk>/terugdraaien/", views.change_remove, name="change_remove"),
    path("rooster/vestigingen/<int:pk>/regel/", views.presence_rule, name="presence_rule"),
]
