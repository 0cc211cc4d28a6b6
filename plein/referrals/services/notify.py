"""E-mail notifications about referrals. They never carry personal data: only that something
happened, the organisation's or library's name, and a link.

Not even the partner's free-text reason goes out: it may mention the resident. Called from
services.lifecycle after the transaction commits; a mail server that is down must not break
the page that changed the referral, so failures are logged (without addresses) and swallowed.
"""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from plein.accounts.models import Role, User
from plein.referrals import signing
from plein.referrals.models import Referral, Status
from plein.referrals.selectors.reach import organization_has_inbox, organization_recipients

logger = logging.getLogger(__name__)

# Statuses that send the referral back to the desk: somebody there must act.
BACK_TO_DESK = frozenset({Status.REJECTED, Status.FAILED})


def partner_addresses(*, referral: Referral) -> list[str]:
    return organization_recipients(organization=referral.organization)


def desk_addresses(*, referral: Referral) -> list[str]:
    """The desk worker who referred; without one (or when gone), the library's coordinators."""
    creator = referral.created_by
    if (
        creator is not None
        and creator.is_active
        and creator.email
        and creator.library_id == referral.library_id
    ):
        return [creator.email]
    coordinators = User.objects.filter(
        role=Role.COORDINATOR, library_id=referral.library_id, is_active=True
    ).exclude(email="")
    return sorted({user.email for user in coordinators})


def _link_validity(hours: int) -> str:
    if hours % 24 == 0:
        return ngettext("%(count)d dag", "%(count)d dagen", hours // 24) % {"count": hours // 24}
    return ngettext("%(count)d uur", "%(count)d uur", hours) % {"count": hours}


def _send(*, template: str, context: dict, recipients: list[str]) -> int:
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"referrals/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"referrals/email/{template}_body.txt", context)
    # One message per address, so that colleagues do not see each other's addresses.
    messages = [(subject, body, None, [address]) for address in recipients]
    try:
        return send_mass_mail(messages, fail_silently=False)
    except Exception:
        logger.exception("Referral notification %s could not be sent", template)
        return 0


def _names(referral: Referral) -> dict:
    return {
        "organization_name": referral.organization.name,
        "service_name": referral.service.name if referral.service is not None else "",
        "library_name": referral.library.name,
    }


def referral_created(*, referral: Referral) -> int:
    context = {
        **_names(referral),
        "ack_url": signing.ack_url(referral=referral),
        "detail_url": signing.partner_detail_url(referral=referral),
        "valid_for": _link_validity(settings.PLEIN_ACK_LINK_HOURS),
        "has_inbox": organization_has_inbox(organization=referral.organization),
        "claim_url": signing.claim_url(organization=referral.organization),
        "library_email": referral.library.contact_email,
    }
    recipients = partner_addresses(referral=referral)
    return _send(template="created", context=context, recipients=recipients)


def referral_status_changed(*, referral: Referral, from_status: str = "") -> int:
    if referral.status not in BACK_TO_DESK:
        return 0
    context = {
        **_names(referral),
        "rejected": referral.status == Status.REJECTED,
        "detail_url": settings.SITE_URL
        + reverse("referrals:desk_detail", kwargs={"pk": referral.pk}),
    }
    recipients = desk_addresses(referral=referral)
    return _send(template="back_to_desk", context=context, recipients=recipients)


def consent_withdrawn(*, referral: Referral) -> int:
    context = {
        **_names(referral),
        "inbox_url": settings.SITE_URL + reverse("referrals:partner_inbox"),
    }
    recipients = partner_addresses(referral=referral)
    return _send(template="withdrawn", context=context, recipients=recipients)
