"""Appointment URLs. Every page may show or hold contact data (typed into a form, or shown to
the partner), so none of them may be kept by the browser or a proxy: each is sent with no-store.
"""

from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache

from plein.appointments import views


def _not_stored(patterns: list) -> list[URLPattern]:
    return [
        URLPattern(p.pattern, never_cache(p.callback), p.default_args, p.name) for p in patterns
    ]


app_name = "appointments"

urlpatterns = _not_stored(
    [
        path("afspraken/spreekuren/", views.hours_setup, name="hours"),
        path("afspraken/spreekuren/<uuid:pk>/", views.hour_edit, name="hour_edit"),
        path("afspraken/instellingen/", views.settings_edit, name="settings"),
        path("afspraken/agenda/", views.agenda, name="agenda"),
        path("afspraken/maken/", views.desk_book, name="desk_book"),
        path("afspraken/<uuid:pk>/briefje/", views.slip, name="slip"),
        path("afspraken/<uuid:pk>/aanwezigheid/", views.mark, name="mark"),
        path("afspraken/<uuid:pk>/afzeggen/", views.cancel, name="cancel"),
        path(
            "partner/doorverwijzingen/<uuid:pk>/afspraak/",
            views.referral_book,
            name="referral_book",
        ),
        path("afspraak/beheren/<str:token>/", views.manage, name="manage"),
        path("afspraak/<slug:library_slug>/", views.public_hours, name="public_hours"),
        path("afspraak/<slug:library_slug>/<int:hour_pk>/", views.public_book, name="public_book"),
    ]
)
