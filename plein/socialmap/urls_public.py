from django.urls import path, register_converter

from plein.socialmap.views import agenda, public


class FeedFormat:
    regex = "ics|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FeedFormat, "feedfmt")

AGENDA = "sociale-kaart/<slug:library_slug>/agenda/<slug:branch_slug>/"

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
    path(AGENDA, agenda.agenda, name="agenda"),
    path(AGENDA + "weekfolder/", agenda.week_folder, name="agenda_folder"),
    path(AGENDA + "spreekuren.<feedfmt:fmt>", agenda.feed_branch, name="agenda_feed_branch"),
    path(
        AGENDA + "ruimtes/<int:room_pk>/spreekuren.<feedfmt:fmt>",
        agenda.feed_room,
        name="agenda_feed_room",
    ),
    path(
        AGENDA + "themas/<int:theme_pk>/spreekuren.<feedfmt:fmt>",
        agenda.feed_theme,
        name="agenda_feed_theme",
    ),
    path(
        "sociale-kaart/<slug:library_slug>/diensten/<uuid:pk>/spreekuren.<feedfmt:fmt>",
        agenda.feed_service,
        name="agenda_feed_service",
    ),
]
