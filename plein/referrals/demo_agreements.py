"""Demo agreements: every demo network partner takes warm referrals, with a promised response
time and a contact person for the desk. Called by the demo loader before the demo referrals
(which only go to partners with an agreement). Idempotent: only missing agreements are made,
so changes made while trying the demo survive a restart."""

from django.db import transaction

from plein.core.models import Library
from plein.referrals.models import PartnerAgreement
from plein.socialmap.models import Organization

# (contact person, phone) for the desk, taken in turn; obviously made-up numbers.
CONTACTS = [
    ("Sanne Verbeek", "0570-000101"),
    ("Youssef Amrani", "0570-000102"),
    ("Ineke de Wit", "0570-000103"),
    ("Tom Hendriks", "0570-000104"),
]
RESPONSE_DAYS = [2, 3, 5]


@transaction.atomic
def demo_agreements_install(*, library: Library) -> int:
    """Give each of the library's partners without an agreement one; return how many."""
    partners = (
        Organization.objects.for_library(library)
        .filter(is_partner=True, archived_at__isnull=True)
        .exclude(agreement__isnull=False)
        .order_by("name")
    )
    made = []
    for index, organization in enumerate(partners):
        name, phone = CONTACTS[index % len(CONTACTS)]
        made.append(
            PartnerAgreement(
                organization=organization,
                library=library,
                takes_referrals=True,
                response_working_days=RESPONSE_DAYS[index % len(RESPONSE_DAYS)],
                contact_name=name,
                contact_phone=phone,
            )
        )
    PartnerAgreement.objects.bulk_create(made)
    return len(made)
