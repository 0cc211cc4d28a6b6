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
from plein.socialmap.models import Organization

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


# "Claim the inbox": an organisation that gets referrals at its referral e-mail address, but has
# no partner account yet, makes one from the link in that e-mail.
CLAIM_SALT = "plein.referrals.inbox_claim"
CLAIM_LINK_DAYS = 14


def claim_token_make(*, organization: Organization) -> str:
    payload = {"o": str(organization.pk), "e": organization.referral_email}
    return signing.dumps(payload, salt=CLAIM_SALT, compress=True)


def claim_token_read(*, token: str) -> Organization:
    """The organisation a claim link is for, while its referral address is still the one the
    link was sent to. Raises SignatureExpired after CLAIM_LINK_DAYS, BadSignature otherwise."""
    payload = signing.loads(
        token, salt=CLAIM_SALT, max_age=datetime.timedelta(days=CLAIM_LINK_DAYS)
    )
    try:
        organization = Organization.objects.get(pk=uuid.UUID(str(payload["o"])))
    except (KeyError, TypeError, ValueError, Organization.DoesNotExist) as error:
        raise signing.BadSignature("Unknown organisation") from error
    if not organization.referral_email or organization.referral_email != payload.get("e"):
        raise signing.BadSignature("The referral address changed since the link was sent")
    return organization


def claim_url(*, organization: Organization) -> str:
    token = claim_token_make(organization=organization)
    return settings.SITE_URL + reverse("referrals:inbox_claim", kwargs={"token": token})
