from django.urls import path

from plein.socialmap.views import public

urlpatterns = [
    path("sociale-kaart/<slug:library_slug>/", public.search, name="search"),
]
