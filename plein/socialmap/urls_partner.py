from django.urls import path

from plein.socialmap.views import partner

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
    path("bevestigen/<str:token>/", partner.confirm_link, name="confirm_link"),
]
