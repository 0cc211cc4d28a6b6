"""Reads for the partner's inbox and the coordinator's right-of-access page."""

import uuid

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from plein.core import audit
from plein.core.models import Library
from plein.referrals.models import CLOSED_STATUSES, Referral, ReferralEvent, Status
from plein.socialmap.models import Organization

FILTER_OPEN = "open"
FILTER_CLOSED = "afgesloten"
FILTER_ALL = "alle"
FILTERS = [
    (FILTER_OPEN, _("Lopend")),
    (FILTER_CLOSED, _("Afgesloten")),
    (FILTER_ALL, _("Alle")),
]
REFERENCE_MIN_LENGTH = 8


def referral_inbox(*, organization: Organization, state: str = FILTER_OPEN) -> QuerySet:
    """The organisation's referrals: not yet acknowledged first, then open ones, newest first."""
    referrals = Referral.objects.filter(organization=organization).select_related("service")
    if state == FILTER_OPEN:
        referrals = referrals.exclude(status__in=CLOSED_STATUSES)
    elif state == FILTER_CLOSED:
        referrals = referrals.filter(status__in=CLOSED_STATUSES)
    rank = Case(
        When(status=Status.REQUESTED, then=Value(0)),
        When(status__in=CLOSED_STATUSES, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    # Contact fields stay in the database: the list never shows them, so never decrypts them.
    return (
        referrals.annotate(rank=rank)
        .defer("first_name", "phone", "email", "preferred_time", "contact_language", "summary")
        .order_by("rank", "-created_at")
    )


def referral_new_count(*, organization: Organization) -> int:
    return Referral.objects.filter(organization=organization, status=Status.REQUESTED).count()


def referral_events(*, referral: Referral) -> QuerySet[ReferralEvent]:
    return referral.events.order_by("created_at", "id")


def referral_audit_trail(*, referral: Referral) -> list:
    """Who did what with the referral (the audit log), for the right-of-access page."""
    entries = list(audit.events_for(referral)[:200])
    consent = getattr(referral, "consent", None)
    if consent is not None:
        entries += list(audit.events_for(consent)[:50])
    return sorted(entries, key=lambda entry: (entry.created_at, entry.pk))


def referral_find_for_library(*, library: Library, reference: str) -> Referral | None:
    """A referral by its full id or by the short reference (its first characters) on the card."""
    reference = reference.strip().lower().replace("-", "")
    if len(reference) < REFERENCE_MIN_LENGTH or any(c not in "0123456789abcdef" for c in reference):
        return None
    referrals = Referral.objects.for_library(library)
    if len(reference) == 32:
        return referrals.filter(pk=uuid.UUID(reference)).first()
    # The first 8 characters hold no hyphen in any database's text form of a UUID.
    matches = list(referrals.filter(id__startswith=reference[:8])[:2])
    return matches[0] if len(matches) == 1 else None
