from django.urls import path

from plein.referrals.views import coordinator, partner

urlpatterns = [
    path("partner/doorverwijzingen/", partner.inbox, name="partner_inbox"),
    path("partner/doorverwijzingen/<uuid:pk>/", partner.detail, name="partner_detail"),
    path(
        "partner/doorverwijzingen/<uuid:pk>/status/",
        partner.transition,
        name="partner_transition",
    ),
    path("ontvangen/<str:token>/", partner.acknowledge, name="acknowledge"),
    path("partner/account-aanmaken/<str:token>/", partner.inbox_claim, name="inbox_claim"),
    path("beheer/doorverwijzingen/inzage/", coordinator.find, name="coordinator_find"),
    path(
        "beheer/doorverwijzingen/<uuid:pk>/inzage/",
        coordinator.access,
        name="coordinator_access",
    ),
]
