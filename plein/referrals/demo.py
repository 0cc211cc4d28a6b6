"""Demo referrals: a handful per library in every kind of status, for the demo partner
organisations (those with is_partner=True). Called by the demo loader (`plein demo`).

The contact data is obviously made up (example.org addresses, 06-00000 numbers). Rows are
written directly rather than through the lifecycle services, so that loading the demo sends no
e-mails; the events follow the same paths the services allow. Idempotent: each demo referral
has a fixed id per library and is created only when missing.
"""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from plein.accounts.models import Role, User
from plein.core.models import Branch, Library
from plein.referrals.models import (
    CLOSED_STATUSES,
    Consent,
    OutcomeCode,
    ReasonCode,
    Referral,
    ReferralEvent,
    Source,
    Status,
)
from plein.referrals.selectors.reach import organization_has_inbox, organizations_reachable
from plein.referrals.services.lifecycle import ACKNOWLEDGING, consent_text_current
from plein.socialmap.models import Organization

DEMO_NAMESPACE = uuid.UUID("8f1d6a52-3c1e-4b57-9e0a-2a7c5d9e4b10")
R, RC, A, IP, OH = (Status.REQUESTED, Status.RECEIVED, Status.ACCEPTED, Status.IN_PROGRESS,
                    Status.ON_HOLD)  # fmt: skip

# (key, path of statuses, days ago made, (reason or outcome code, its text), first name,
# summary); a purged referral keeps its code only.
SPECS = [
    ("new", [R], 0, ("", ""), "Anna", "Hulp bij het aanvragen van huurtoeslag."),
    ("waiting", [R], 4, ("", ""), "Bram", "Vragen over een brief van de Belastingdienst."),
    ("received", [R, RC], 2, ("", ""), "Chaima", "Zoekt hulp bij het invullen van formulieren."),
    ("in-progress", [R, RC, A, IP], 7, ("", ""), "Daan", "Wil graag hulp bij de administratie."),
    ("on-hold", [R, RC, A, OH], 9,
     (ReasonCode.WAITING_FOR_RESIDENT, "Wacht op een afspraak bij de gemeente"), "Eva",
     "Vraag over kwijtschelding van gemeentelijke belastingen."),
    ("completed", [R, RC, A, IP, Status.COMPLETED], 14,
     (OutcomeCode.HELPED, "Samen de aanvraag ingediend"), "Fatima",
     "Hulp bij het aanvragen van zorgtoeslag."),
    ("rejected", [R, Status.REJECTED], 6, (ReasonCode.OUTSIDE_AREA, ""), "Gert",
     "Zoekt iemand die kan helpen met een huurachterstand."),
    ("failed", [R, RC, Status.FAILED], 10,
     (ReasonCode.NOT_REACHED, "Drie keer gebeld, niet opgenomen"), "Hanna",
     "Vragen over DigiD en de Mijn Overheid-berichtenbox."),
    ("purged", [R, RC, A, Status.COMPLETED], 70, (OutcomeCode.REFERRED_ON, ""), "", ""),
]  # fmt: skip


def demo_referral_id(*, library: Library, key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{library.slug}:{key}")


def _moments(path: list[str], made: datetime.datetime, now: datetime.datetime) -> list:
    """One step a day after the referral was made (never in the future)."""
    return [
        min(made + datetime.timedelta(days=i, hours=2 * bool(i)), now) for i in range(len(path))
    ]


def _create(*, library, organization, spec, branch, desk_user, now) -> None:
    key, path, days_ago, (code, text), first_name, summary = spec
    made = now - datetime.timedelta(days=days_ago)
    moments = _moments(path, made, now)
    status = path[-1]
    acknowledged = next((m for s, m in zip(path, moments, strict=True) if s in ACKNOWLEDGING), None)
    closed = moments[-1] if status in CLOSED_STATUSES else None
    purged = key == "purged"
    referral = Referral.objects.create(
        id=demo_referral_id(library=library, key=key),
        library=library,
        branch=branch,
        source=Source.DESK,
        organization=organization,
        service=organization.services.order_by("name").first(),
        created_by=desk_user,
        status=status,
        status_reason_code=code if status != Status.COMPLETED else "",
        status_reason=text if status != Status.COMPLETED else "",
        outcome_code=code if status == Status.COMPLETED else "",
        outcome=text if status == Status.COMPLETED else "",
        first_name=first_name,
        phone="" if purged else "06-00000000",
        email="" if purged else f"{first_name.lower()}@example.org",
        preferred_time="" if purged else "Doordeweeks in de ochtend",
        contact_language="" if purged else "nl",
        summary=summary,
    )
    # created_at and the events' times are auto_now_add: set the story's times afterwards.
    Referral.objects.filter(pk=referral.pk).update(
        created_at=made,
        acknowledged_at=acknowledged,
        closed_at=closed,
        purged_at=closed + datetime.timedelta(days=30) if purged and closed else None,
    )
    Consent.objects.create(
        referral=referral,
        text=consent_text_current(library=library),
        given_at=made,
        recorded_by=desk_user,
    )
    for i, (step, moment) in enumerate(zip(path, moments, strict=True)):
        event = ReferralEvent.objects.create(
            referral=referral,
            from_status=path[i - 1] if i else "",
            to_status=step,
            reason_code=code if i == len(path) - 1 and step in CLOSED_STATUSES | {OH} else "",
            reason=text if i == len(path) - 1 and step in CLOSED_STATUSES | {OH} else "",
            actor_label="demo",
        )
        ReferralEvent.objects.filter(pk=event.pk).update(created_at=moment)


@transaction.atomic
def demo_referrals_install(*, library: Library) -> int:
    """Create the demo referrals of a library that are missing; return how many were made."""
    candidates = list(
        Organization.objects.filter(library=library, is_partner=True).order_by("name")
    )
    reachable = organizations_reachable(organizations=candidates)
    # Partners with an account first, so the demo's partner logins find referrals in their inbox.
    partners = sorted(
        (organization for organization in candidates if organization.pk in reachable),
        key=lambda organization: (
            not organization_has_inbox(organization=organization),
            organization.name,
        ),
    )[:3]
    if not partners:
        return 0
    existing = set(
        Referral.objects.filter(
            pk__in=[demo_referral_id(library=library, key=spec[0]) for spec in SPECS]
        ).values_list("pk", flat=True)
    )
    branch = Branch.objects.filter(library=library).order_by("name").first()
    desk_user = User.objects.filter(library=library, role=Role.DESK).order_by("username").first()
    now = timezone.now()
    created = 0
    for index, spec in enumerate(SPECS):
        if demo_referral_id(library=library, key=spec[0]) in existing:
            continue
        _create(
            library=library,
            organization=partners[index % len(partners)],
            spec=spec,
            branch=branch,
            desk_user=desk_user,
            now=now,
        )
        created += 1
    return created
