from django.urls import path

from plein.socialmap.views import directory

urlpatterns = [
    path("ken-je-partners/maandoverzicht/", directory.digest_preview, name="directory_digest"),
    path(
        "ken-je-partners/maandoverzicht/versturen/",
        directory.digest_send,
        name="directory_digest_send",
    ),
]
