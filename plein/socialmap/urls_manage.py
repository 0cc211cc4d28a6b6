from django.urls import path

from plein.socialmap.views import manage

urlpatterns = [
    path("beheer/actualiteit/", manage.freshness, name="freshness"),
    path("beheer/vraagwoordenboek/", manage.dictionary, name="dictionary"),
]
