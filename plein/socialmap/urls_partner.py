from django.urls import path

from plein.socialmap.views import consultations, partner

urlpatterns = [
    path("partner/", partner.partner_home, name="partner_home"),
    path("partner/diensten/<uuid:pk>/", partner.service_edit, name="service_edit"),
    path("partner/diensten/<uuid:pk>/klopt-nog/", partner.service_confirm, name="service_confirm"),
    path(
        "partner/diensten/<uuid:pk>/tijden/nieuw/",
        partner.schedule_add_for_service,
        name="schedule_add_service",
    ),
    path("partner/locaties/<uuid:pk>/", partner.location_edit, name="location_edit"),
    path(
        "partner/locaties/<uuid:pk>/tijden/nieuw/",
        partner.schedule_add_for_location,
        name="schedule_add_location",
    ),
    path(
        "partner/dienst-op-locatie/<uuid:pk>/tijden/nieuw/",
        partner.schedule_add_for_service_at_location,
        name="schedule_add_service_at_location",
    ),
    path("partner/tijden/<uuid:pk>/", partner.schedule_edit, name="schedule_edit"),
    path("partner/tijden/<uuid:pk>/verwijderen/", partner.schedule_delete, name="schedule_delete"),
    path(
        "partner/diensten/<uuid:pk>/spreekuren/nieuw/",
        consultations.consultation_add,
        name="consultation_add",
    ),
    path(
        "partner/spreekuren/<uuid:pk>/", consultations.consultation_edit, name="consultation_edit"
    ),
    path(
        "partner/spreekuren/<uuid:pk>/data/",
        consultations.consultation_dates,
        name="consultation_dates",
    ),
    path(
        "partner/spreekuren/<uuid:pk>/afzeggen/",
        consultations.consultation_cancel,
        name="consultation_cancel",
    ),
    path(
        "partner/uitzonderingen/<int:pk>/verwijderen/",
        consultations.exception_remove,
        name="exception_remove",
    ),
    path("bevestigen/<str:token>/", partner.confirm_link, name="confirm_link"),
]
