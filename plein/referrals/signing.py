"""Signed, expiring links that acknowledge a referral without logging in ("Ontvangen").

The token carries the referral id only (no personal data) and is salted, so a token made for
another purpose (a social map reminder link, a password reset) is never accepted here.
"""

import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

from plein.referrals.models import Referral

ACK_SALT = "plein.referrals.acknowledge"


def ack_token_make(*, referral: Referral) -> str:
    return signing.dumps({"r": str(referral.pk)}, salt=ACK_SALT, compress=True)


def ack_token_read(*, token: str) -> Referral:
    """The referral a link is for.

    Raises signing.SignatureExpired when the link is older than PLEIN_ACK_LINK_HOURS, and
    signing.BadSignature when it was altered or names no existing referral.
    """
    max_age = datetime.timedelta(hours=settings.PLEIN_ACK_LINK_HOURS)
    payload = signing.loads(token, salt=ACK_SALT, max_age=max_age)
    try:
        pk = uuid.UUID(str(payload["r"]))
        return Referral.objects.select_related("organization").get(pk=pk)
    except (KeyError, TypeError, ValueError, Referral.DoesNotExist) as error:
        raise signing.BadSignature("Unknown referral") from error


def ack_url(*, referral: Referral) -> str:
    """The absolute link for e-mails."""
    token = ack_token_make(referral=referral)
    return settings.SITE_URL + reverse("referrals:acknowledge", kwargs={"token": token})


def partner_detail_url(*, referral: Referral) -> str:
    return settings.SITE_URL + reverse("referrals:partner_detail", kwargs={"pk": referral.pk})
