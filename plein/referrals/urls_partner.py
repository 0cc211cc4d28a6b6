from django.urls import path

from plein.referrals.views import agreements, coordinator, partner

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
    path("partner/afspraak/", agreements.partner_agreement, name="partner_agreement"),
    path("beheer/samenwerkingsafspraken/", agreements.agreement_list, name="agreements"),
    path(
        "beheer/samenwerkingsafspraken/<uuid:pk>/",
        agreements.agreement_edit,
        name="agreement_edit",
    ),
    path(
        "beheer/organisaties/<uuid:pk>/doorverwijzingen-overdragen/",
        agreements.transfer,
        name="transfer",
    ),
    path("beheer/doorverwijzingen/inzage/", coordinator.find, name="coordinator_find"),
    path(
        "beheer/doorverwijzingen/<uuid:pk>/inzage/",
        coordinator.access,
        name="coordinator_access",
    ),
]
