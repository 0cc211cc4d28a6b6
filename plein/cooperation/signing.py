"""The signed link a partner organisation answers the self-assessment with, without an account.

The token names the response (one organisation in one round) and nothing else; it is salted,
so a token made for another purpose (a referral's "Ontvangen" link, an invitation) is never
accepted here. It is valid for LINK_DAYS after it was sent: long enough to change answers
until the round closes and to read the network's results afterwards. Whether answers are still
accepted is the round's closing date, checked by the service.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

from plein.cooperation.models import Response

SALT = "plein.cooperation.answer"
LINK_DAYS = 180


def token_make(*, response: Response) -> str:
    return signing.dumps(
        {"r": response.pk, "o": str(response.organization_id)}, salt=SALT, compress=True
    )


def token_read(*, token: str) -> Response:
    """The response a link is for.

    Raises signing.SignatureExpired after LINK_DAYS and signing.BadSignature when the token
    was altered, or names no response or another organisation than the response's.
    """
    payload = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=LINK_DAYS))
    try:
        response = Response.objects.select_related("assessment__library", "organization").get(
            pk=int(payload["r"])
        )
    except (KeyError, TypeError, ValueError, Response.DoesNotExist) as error:
        raise signing.BadSignature("Unknown response") from error
    if str(response.organization_id) != payload.get("o"):
        raise signing.BadSignature("The link names another organisation")
    return response


def answer_url(*, response: Response) -> str:
    """The absolute link for e-mails."""
    return settings.SITE_URL + reverse(
        "cooperation:answer", kwargs={"token": token_make(response=response)}
    )
