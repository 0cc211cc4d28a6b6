from django.urls import path

from plein.referrals.views import desk, settings

urlpatterns = [
    path("doorverwijzen/nieuw/", desk.referral_new, name="desk_new"),
    path("doorverwijzingen/", desk.referral_list, name="desk_list"),
    path("doorverwijzingen/<uuid:pk>/", desk.referral_detail, name="desk_detail"),
    path("doorverwijzingen/<uuid:pk>/status/", desk.referral_transition, name="desk_transition"),
    path(
        "doorverwijzingen/<uuid:pk>/toestemming-intrekken/",
        desk.referral_withdraw_consent,
        name="desk_withdraw_consent",
    ),
    path("doorverwijzingen/<uuid:pk>/opnieuw/", desk.referral_refer_again, name="desk_refer_again"),
    path("doorverwijzingen/<uuid:pk>/kaart/", desk.referral_card, name="card"),
    path("beheer/doorverwijzen/instellingen/", settings.referral_settings, name="settings"),
]
