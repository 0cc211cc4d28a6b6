"""Agreements with network partners about warm referral, "Bel mij terug", and moving open
referrals to another partner when an organisation's last partner account leaves."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from plein.accounts.permissions import is_partner, require_coordinator
from plein.core import audit
from plein.referrals import audit_actions as actions
from plein.referrals.models import CLOSED_STATUSES, PartnerAgreement, Referral
from plein.referrals.services.lifecycle import organization_unreachable_reason
from plein.socialmap import services as socialmap_services
from plein.socialmap.models import Organization

AGREEMENT_FIELDS = (
    "takes_referrals",
    "response_working_days",
    "contact_name",
    "contact_phone",
    "contact_email",
)
# What the agreement page also sets on the organisation itself.
ORGANIZATION_FIELDS = ("referral_email", "offers_callback")

NOT_A_PARTNER = _(
    "Alleen met een netwerkpartner (niet gearchiveerd) legt u een samenwerkingsafspraak vast. "
    "Maak de organisatie eerst netwerkpartner."
)
TRANSFER_SAME = _(
    "Kies een andere organisatie dan de organisatie die de doorverwijzingen nu heeft."
)
TRANSFER_NOT_CONFIRMED = _("Vink aan dat de nieuwe organisatie het werk overneemt.")


def _check_partner(organization: Organization) -> None:
    if not organization.is_partner or organization.archived_at is not None:
        raise ValidationError(NOT_A_PARTNER)


@transaction.atomic
def agreement_save(*, organization: Organization, values: dict[str, Any], user) -> dict:
    """Record or change a partner's agreement; what changed (the organisation's referral
    address and "Bel mij terug" are saved, and audited, on the organisation)."""
    library = require_coordinator(user)
    if organization.library_id != library.pk:
        raise PermissionDenied
    _check_partner(organization)
    agreement, created = PartnerAgreement.objects.select_for_update().get_or_create(
        organization=organization, defaults={"library": library}
    )
    changes = {}
    for field in AGREEMENT_FIELDS:
        old, new = getattr(agreement, field), values[field]
        if old != new or created:
            changes[field] = [old, new]
            setattr(agreement, field, new)
    if changes:
        agreement.full_clean()
        agreement.save()
        action = actions.AGREEMENT_CREATED if created else actions.AGREEMENT_UPDATED
        audit.log(agreement, action, user=user, library=library, changes=changes)
    changes.update(
        socialmap_services.organization_update(
            organization=organization,
            data={field: values[field] for field in ORGANIZATION_FIELDS},
            user=user,
        )
    )
    return changes


@transaction.atomic
def callback_offer_set(*, organization: Organization, offered: bool, user) -> bool:
    """A partner (or its coordinator) switches "Bel mij terug" on or off; True if it changed."""
    own_partner = is_partner(user) and user.organization_id == organization.pk
    if not own_partner:
        library = require_coordinator(user)
        if organization.library_id != library.pk:
            raise PermissionDenied
    _check_partner(organization)
    changes = socialmap_services.organization_update(
        organization=organization, data={"offers_callback": offered}, user=user
    )
    return bool(changes)


def open_referrals(*, organization: Organization):
    return Referral.objects.filter(organization=organization, purged_at__isnull=True).exclude(
        status__in=CLOSED_STATUSES
    )


@transaction.atomic
def referrals_transfer(*, source: Organization, target: Organization, confirmed: bool, user) -> int:
    """Move an organisation's open referrals to another partner that takes over its work (its
    last partner account left). Each referral is audited; the new partner gets the usual
    notice without personal data. Returns how many moved."""
    library = require_coordinator(user)
    if source.library_id != library.pk or target.library_id != library.pk:
        raise PermissionDenied
    errors: dict = {}
    if target.pk == source.pk:
        errors["target"] = [ValidationError(TRANSFER_SAME)]
    elif reason := organization_unreachable_reason(organization=target):
        errors["target"] = [ValidationError(reason)]
    if not confirmed:
        errors["confirm"] = [ValidationError(TRANSFER_NOT_CONFIRMED)]
    if errors:
        raise ValidationError(errors)
    moved = list(open_referrals(organization=source).select_for_update())
    for referral in moved:
        changes = {
            "organization": [source.name, target.name],
            "service": [referral.service.name if referral.service else "", ""],
        }
        referral.organization = target
        # The service was the old organisation's; the new partner decides which of its own fits.
        referral.service = None
        referral.save(update_fields=["organization", "service"])
        audit.log(
            referral, actions.REFERRAL_TRANSFERRED, user=user, library=library, changes=changes
        )
        _notify_on_commit(referral)
    return len(moved)


def _notify_on_commit(referral: Referral) -> None:
    def send() -> None:
        from plein.referrals.services import notify

        notify.referral_created(referral=referral)

    transaction.on_commit(send)
