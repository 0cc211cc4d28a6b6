"""Who receives a warm referral for an organisation: the one rule every path uses.

An organisation can receive one when it is a network partner (not archived) whose agreement
with the library says it takes warm referrals (PartnerAgreement), and someone there will see it:
an active partner account (the inbox; its users get the e-mail notices), or else the
organisation's address for warm referrals (Organization.referral_email), which gets the same
notice without personal data and the signed "Ontvangen" link. Otherwise the desk gives the
resident the public phone number instead ("geen warme overdracht").
"""

from collections.abc import Iterable
from uuid import UUID

from plein.accounts.models import Role, User
from plein.referrals.models import PartnerAgreement
from plein.socialmap.models import Organization


def _partner_users(organization_ids: Iterable[UUID]):
    return User.objects.filter(
        role=Role.PARTNER, organization_id__in=list(organization_ids), is_active=True
    )


def organization_recipients(*, organization: Organization) -> list[str]:
    """The addresses a referral's notices go to: the partner users', else the referral address."""
    users = _partner_users([organization.pk])
    emails = sorted(set(users.exclude(email="").values_list("email", flat=True)))
    if not emails and not users.exists() and organization.referral_email:
        return [organization.referral_email]
    return emails


def organization_has_inbox(*, organization: Organization) -> bool:
    return _partner_users([organization.pk]).exists()


def organizations_with_agreement(*, organization_ids: Iterable[UUID]) -> set[UUID]:
    """Those of the organisations whose agreement says they take warm referrals."""
    return set(
        PartnerAgreement.objects.filter(
            organization_id__in=list(organization_ids), takes_referrals=True
        ).values_list("organization_id", flat=True)
    )


def organizations_reachable(*, organizations: Iterable[Organization]) -> set[UUID]:
    """The ids of those organisations that can receive a warm referral (three queries)."""
    candidates = [o for o in organizations if o.is_partner and o.archived_at is None]
    agreed = organizations_with_agreement(organization_ids=[o.pk for o in candidates])
    candidates = [o for o in candidates if o.pk in agreed]
    with_inbox = set(
        _partner_users(o.pk for o in candidates).values_list("organization_id", flat=True)
    )
    return {o.pk for o in candidates if o.pk in with_inbox or o.referral_email}
