from django.urls import path

from plein.activities import views, views_public

app_name = "activities"

urlpatterns = [
    path("activiteiten/", views.activity_list, name="list"),
    path("activiteiten/nieuw/", views.activity_new, name="new"),
    path("activiteiten/instellingen/", views.activity_settings, name="settings"),
    path("activiteiten/bellen/", views.calls, name="calls"),
    path("activiteiten/<int:pk>/wijzigen/", views.activity_edit, name="edit"),
    path("activiteiten/<int:pk>/annuleren/", views.activity_cancel, name="cancel"),
    path("activiteiten/<int:pk>/datum/", views.occurrence_add, name="occurrence_add"),
    path("activiteiten/datum/<int:pk>/", views.occurrence_detail, name="occurrence"),
    path(
        "activiteiten/datum/<int:pk>/annuleren/",
        views.occurrence_cancel,
        name="occurrence_cancel",
    ),
    path("activiteiten/datum/<int:pk>/aanwezig/", views.attendance, name="attendance"),
    path("activiteiten/aanmelding/<uuid:pk>/afmelden/", views.signup_cancel, name="signup_cancel"),
    path("activiteiten/aanmelding/<uuid:pk>/bevestigen/", views.offer_accept, name="offer_accept"),
    path("activiteiten/aanmelding/<uuid:pk>/briefje/", views.slip, name="slip"),
    path("partner/activiteiten/", views.partner_list, name="partner_list"),
    # The resident's pages and the signed links in messages.
    path("activiteit/<slug:library_slug>/", views_public.public_list, name="public_list"),
    path("activiteit/<slug:library_slug>/<int:pk>/", views_public.public_detail, name="public"),
    path("activiteit/afmelden/<str:token>/", views_public.cancel_link, name="cancel_link"),
    path("activiteit/bevestigen/<str:token>/", views_public.confirm_link, name="confirm_link"),
    path(
        "activiteit/beoordelen/<str:token>/", views_public.evaluation_link, name="evaluation_link"
    ),
]
