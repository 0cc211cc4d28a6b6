from django.urls import path

from plein.referrals.views import public

urlpatterns = [
    path(
        "sociale-kaart/<slug:library_slug>/diensten/<uuid:pk>/bel-mij-terug/",
        public.callback_request,
        name="callback",
    ),
    path("doorverwijzingen/bedankt/<str:token>/", public.callback_done, name="callback_done"),
    path("doorverwijzingen/intrekken/<str:token>/", public.consent_withdraw, name="withdraw"),
]
