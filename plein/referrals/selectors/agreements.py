"""Reads for the agreement pages."""

from dataclasses import dataclass

from django.db.models import Count, Q

from plein.accounts.models import Role
from plein.core.models import Library
from plein.referrals.models import PartnerAgreement
from plein.referrals.selectors.reach import organizations_reachable
from plein.socialmap.models import Organization


@dataclass
class AgreementRow:
    organization: Organization
    agreement: PartnerAgreement | None
    partner_users: int
    reachable: bool


def agreement_rows(*, library: Library) -> list[AgreementRow]:
    """Every network partner of the library, with its agreement (if any) and its inbox."""
    organizations = list(
        Organization.objects.for_library(library)
        .filter(is_partner=True, archived_at__isnull=True)
        .select_related("agreement")
        .annotate(
            active_partners=Count(
                "partner_users",
                filter=Q(partner_users__is_active=True, partner_users__role=Role.PARTNER),
            )
        )
        .order_by("name")
    )
    reachable = organizations_reachable(organizations=organizations)
    return [
        AgreementRow(
            organization=organization,
            agreement=getattr(organization, "agreement", None),
            partner_users=organization.active_partners,
            reachable=organization.pk in reachable,
        )
        for organization in organizations
    ]


def agreement_for(*, organization: Organization) -> PartnerAgreement | None:
    return PartnerAgreement.objects.filter(organization=organization).first()
