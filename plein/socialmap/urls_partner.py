from django.urls import path

from plein.socialmap.views import partner

urlpatterns = [
    path("partner/", partner.partner_home, name="partner_home"),
]
