"""The agreements for warm referral as "Ken je partners" shows them to the desk.

The directory lives in the social map, below this app; the project's URLconf hands its views
`directory_agreements` (plein/urls.py), so the social map needs no import from here.
"""

from collections.abc import Iterable
from uuid import UUID

from plein.core.models import Library
from plein.referrals.models import PartnerAgreement, ReferralSettings
from plein.referrals.selectors.reach import organizations_reachable
from plein.referrals.services.timers import timer_working_days
from plein.socialmap.directory.selectors import DirectoryAgreement
from plein.socialmap.models import Organization


def directory_agreements(
    *, library: Library, organization_ids: Iterable[UUID]
) -> dict[UUID, DirectoryAgreement]:
    """{organisation id: its agreement} for those of the library's organisations that have one."""
    organization_ids = list(organization_ids)
    agreements = list(
        PartnerAgreement.objects.for_library(library).filter(organization_id__in=organization_ids)
    )
    if not agreements:
        return {}
    # Without settings of its own a library has the defaults (the unsaved row holds them).
    library_settings = ReferralSettings.objects.for_library(library).first() or ReferralSettings(
        library=library
    )
    reachable = organizations_reachable(
        organizations=Organization.objects.for_library(library).filter(
            pk__in=[a.organization_id for a in agreements]
        )
    )
    return {
        agreement.organization_id: DirectoryAgreement(
            takes_referrals=agreement.takes_referrals,
            response_working_days=timer_working_days(
                days_field="reminder_working_days",
                library_settings=library_settings,
                agreement=agreement,
            ),
            promised=agreement.response_working_days is not None,
            reachable=agreement.organization_id in reachable,
            contact_name=agreement.contact_name,
            contact_phone=agreement.contact_phone,
            contact_email=agreement.contact_email,
        )
        for agreement in agreements
    }
