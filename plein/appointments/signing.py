"""Signed links in the resident's e-mail and slip: see, cancel or move one booking.

The token carries the booking id only (no personal data) and is salted, so a token made for
another purpose is never accepted here. A purged or past booking is no longer managed.
"""

import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

from plein.appointments.models import Booking

MANAGE_SALT = "plein.appointments.manage"
MANAGE_LINK_DAYS = 190


def manage_token_make(*, booking: Booking) -> str:
    return signing.dumps({"b": str(booking.pk)}, salt=MANAGE_SALT, compress=True)


def manage_token_read(*, token: str) -> Booking:
    """The booking a link is for; raises signing.BadSignature (or SignatureExpired) otherwise."""
    max_age = datetime.timedelta(days=MANAGE_LINK_DAYS)
    payload = signing.loads(token, salt=MANAGE_SALT, max_age=max_age)
    try:
        pk = uuid.UUID(str(payload["b"]))
        booking = Booking.objects.select_related("library", "hour", "organization").get(pk=pk)
    except (KeyError, TypeError, ValueError, Booking.DoesNotExist) as error:
        raise signing.BadSignature("Unknown booking") from error
    if booking.is_purged:
        raise signing.BadSignature("Purged booking")
    return booking


def manage_url(*, booking: Booking) -> str:
    token = manage_token_make(booking=booking)
    return settings.SITE_URL + reverse("appointments:manage", kwargs={"token": token})
