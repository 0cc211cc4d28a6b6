"""Desk workflows beyond the lifecycle: referring a resident again after a rejection."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plein.referrals.models import ConsentText, Referral, Status
from plein.referrals.services import lifecycle
from plein.socialmap.models import Service

# After these, the resident is still waiting for help: the desk refers them elsewhere.
REFER_AGAIN_STATUSES = frozenset({Status.REJECTED, Status.FAILED})

REFER_AGAIN_NOT_ALLOWED = _(
    "Alleen een afgewezen of niet bereikte doorverwijzing kan opnieuw worden doorverwezen."
)
REFER_AGAIN_PURGED = _(
    "De contactgegevens van deze doorverwijzing zijn al gewist. Begin een nieuwe doorverwijzing."
)
REFER_AGAIN_SAME_SERVICE = _("Kies een andere dienst dan de vorige keer.")


def referral_can_refer_again(*, referral: Referral) -> bool:
    return referral.status in REFER_AGAIN_STATUSES and not referral.is_purged


def referral_refer_again(
    *,
    previous: Referral,
    service: Service,
    consent_given: bool,
    consent_text: ConsentText,
    consent_language: str,
    user,
) -> Referral:
    """A new referral for another service with the same contact data, copied server-side.

    The desk worker never sees the data; the resident's consent is recorded again, because it
    names the receiving organisation.
    """
    if previous.status not in REFER_AGAIN_STATUSES:
        raise ValidationError(REFER_AGAIN_NOT_ALLOWED)
    if previous.is_purged:
        raise ValidationError(REFER_AGAIN_PURGED)
    if previous.service_id == service.pk:
        raise ValidationError({"service": [ValidationError(REFER_AGAIN_SAME_SERVICE)]})
    contact = lifecycle.ContactInput(
        first_name=previous.first_name,
        phone=previous.phone,
        email=previous.email,
        preferred_time=previous.preferred_time,
        contact_language=previous.contact_language,
        summary=previous.summary,
        names_confirmed=True,  # accepted when first sent
    )
    return lifecycle.referral_create(
        library=previous.library,
        organization=service.organization,
        service=service,
        contact=contact,
        consent_given=consent_given,
        consent_text=consent_text,
        consent_language=consent_language,
        recorded_by=user,
        branch=previous.branch,
        registration=previous.registration,
        previous=previous,
    )
