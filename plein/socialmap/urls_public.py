from django.urls import path

from plein.socialmap.views import public

urlpatterns = [
    path("sociale-kaart/<slug:library_slug>/", public.search, name="search"),
    path(
        "sociale-kaart/<slug:library_slug>/suggesties/",
        public.search_suggest,
        name="search_suggest",
    ),
    path(
        "sociale-kaart/<slug:library_slug>/diensten/<uuid:pk>/",
        public.service_detail,
        name="service_detail",
    ),
    path(
        "sociale-kaart/<slug:library_slug>/organisaties/<uuid:pk>/",
        public.organization_detail,
        name="organization_detail",
    ),
]
