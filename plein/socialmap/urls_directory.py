""" "Ken je partners" for library staff. Included by plein/urls.py with the reader of the
agreements for warm referral (`agreements`), which the referrals app provides."""

from django.urls import path

from plein.socialmap.views import directory

app_name = "directory"

urlpatterns = [
    path("ken-je-partners/", directory.directory, name="list"),
    path("ken-je-partners/<uuid:pk>/", directory.partner, name="partner"),
]
