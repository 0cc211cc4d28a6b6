""" "Bel mij terug": a resident asks a partner to call them back, from the public social map.

Abuse protection without a third-party CAPTCHA: the guard of public forms (plein.core.guard:
a honeypot field and a limit per client, a keyed hash of the address, never the address itself)
and a limit per organisation.
The withdrawal link lets the resident withdraw consent later without an account.
"""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.core import guard
from plein.referrals.models import ConsentText, Referral, Source
from plein.referrals.selectors.reach import organizations_with_agreement
from plein.referrals.services import lifecycle
from plein.socialmap.models import Organization, Service

GUARD_KIND = "callback"
ORGANIZATION_PER_DAY = 20
WITHDRAWAL_LINK_DAYS = 90
WITHDRAWAL_SALT = "plein.referrals.consent-withdrawal"

CALLBACK_NOT_OFFERED = _("Deze organisatie biedt ‘Bel mij terug’ niet aan.")
RATE_LIMITED_CLIENT = _(
    "U heeft al een paar keer gevraagd om teruggebeld te worden. Probeer het over een uur "
    "opnieuw, of bel de organisatie zelf."
)
RATE_LIMITED_ORGANIZATION = _(
    "Deze organisatie heeft vandaag al veel terugbelverzoeken gekregen. Probeer het morgen "
    "opnieuw, of bel de organisatie zelf."
)
WITHDRAWAL_LINK_EXPIRED = _(
    "Deze link is verlopen. Wilt u uw toestemming intrekken? Bel of mail de bibliotheek of de "
    "organisatie."
)
WITHDRAWAL_LINK_INVALID = _(
    "Deze link klopt niet. Misschien is hij niet helemaal gekopieerd. Gebruik de hele link, of "
    "bel of mail de bibliotheek."
)


def organization_limit_error(*, service: Service):
    """The Dutch message if the organisation's limit for today is reached, else None."""
    today = Referral.objects.filter(
        organization_id=service.organization_id,
        source=Source.CALLBACK,
        created_at__gt=timezone.now() - datetime.timedelta(days=1),
    )
    if today.count() >= ORGANIZATION_PER_DAY:
        return RATE_LIMITED_ORGANIZATION
    return None


def callback_offered(*, service: Service) -> bool:
    organization = service.organization
    if not (organization.is_partner and organization.offers_callback):
        return False
    return bool(organizations_with_agreement(organization_ids=[organization.pk]))


@transaction.atomic
def callback_request(
    *,
    service: Service,
    contact: lifecycle.ContactInput | None,
    consent_given: bool,
    consent_text: ConsentText,
    consent_language: str,
    client: str,
    honeypot_filled: bool,
) -> Referral | None:
    """Store the request and start the referral loop; None when the honeypot caught a bot.

    A bot's request has no contact data (`contact` is None).

    Raises ValidationError when a rate limit is reached or the organisation does not offer it.
    Requests of one client, and requests to one organisation, are counted and stored one at a
    time (row locks held until commit), so parallel requests cannot pass a limit together.
    """
    if not callback_offered(service=service):
        raise ValidationError(CALLBACK_NOT_OFFERED)
    guard.attempt_check(kind=GUARD_KIND, client=client, message=RATE_LIMITED_CLIENT)
    Organization.objects.select_for_update().only("pk").get(pk=service.organization_id)
    error = organization_limit_error(service=service)
    if error is not None:
        raise ValidationError(error)
    if honeypot_filled or contact is None:
        # Counted for the limits, but nothing is stored and the bot is told it worked.
        guard.attempt_record(kind=GUARD_KIND, client=client, accepted=False)
        return None
    referral = lifecycle.referral_create(
        library=service.library,
        organization=service.organization,
        service=service,
        contact=contact,
        consent_given=consent_given,
        consent_text=consent_text,
        consent_language=consent_language,
        recorded_by=None,
        branch=None,
        source=Source.CALLBACK,
    )
    guard.attempt_record(kind=GUARD_KIND, client=client, accepted=True)
    return referral


def withdrawal_token_make(*, referral: Referral) -> str:
    return signing.TimestampSigner(salt=WITHDRAWAL_SALT).sign_object({"r": str(referral.pk)})


def withdrawal_referral_get(*, token: str) -> Referral:
    """The referral a withdrawal link is for, or ValidationError (expired, tampered, unknown)."""
    signer = signing.TimestampSigner(salt=WITHDRAWAL_SALT)
    try:
        payload = signer.unsign_object(token, max_age=datetime.timedelta(days=WITHDRAWAL_LINK_DAYS))
    except signing.SignatureExpired as error:
        raise ValidationError(WITHDRAWAL_LINK_EXPIRED) from error
    except (signing.BadSignature, ValueError) as error:
        raise ValidationError(WITHDRAWAL_LINK_INVALID) from error
    try:
        return Referral.objects.select_related("organization", "consent").get(pk=payload["r"])
    except (Referral.DoesNotExist, KeyError, TypeError, ValidationError) as error:
        raise ValidationError(WITHDRAWAL_LINK_INVALID) from error
