"""Signed links in every message to a resident: cancel a sign-up, confirm an offered seat.

The token carries the sign-up id only (no personal data) and is salted per purpose, so a cancel
token is never accepted as a confirm token or by any other part of Plein.
"""

import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

from plein.activities.models import SignUp

CANCEL_SALT = "plein.activities.cancel"
CONFIRM_SALT = "plein.activities.confirm"
EVALUATION_SALT = "plein.activities.evaluation"
EVALUATION_MAX_AGE = 14 * 24 * 3600  # an evaluation link works for two weeks


def token_make(*, signup: SignUp, salt: str) -> str:
    return signing.dumps({"s": str(signup.pk)}, salt=salt, compress=True)


def token_read(*, token: str, salt: str, max_age: int | None = None) -> SignUp:
    """The sign-up a link is for; BadSignature when altered, forged, too old or purged."""
    payload = signing.loads(token, salt=salt, max_age=max_age)
    try:
        signup = SignUp.objects.select_related("occurrence__activity").get(
            pk=uuid.UUID(str(payload["s"]))
        )
    except (KeyError, TypeError, ValueError, SignUp.DoesNotExist) as error:
        raise signing.BadSignature("Unknown sign-up") from error
    if signup.is_purged:
        raise signing.BadSignature("Purged sign-up")
    return signup


def cancel_url(*, signup: SignUp) -> str:
    token = token_make(signup=signup, salt=CANCEL_SALT)
    return settings.SITE_URL + reverse("activities:cancel_link", kwargs={"token": token})


def confirm_url(*, signup: SignUp) -> str:
    token = token_make(signup=signup, salt=CONFIRM_SALT)
    return settings.SITE_URL + reverse("activities:confirm_link", kwargs={"token": token})


def evaluation_url(*, signup: SignUp) -> str:
    token = token_make(signup=signup, salt=EVALUATION_SALT)
    return settings.SITE_URL + reverse("activities:evaluation_link", kwargs={"token": token})
