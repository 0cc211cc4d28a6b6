"""Nothing sits unanswered: reminders, escalations and the purge after the retention period.

Run hourly by plein.referrals.tasks. Each step claims a referral with a conditional UPDATE
before it e-mails, so two workers running at once (or a rerun) send every message once.
The e-mails carry no personal data: the organisation's and library's names, the date, links.
Timers never read the encrypted fields (the querysets leave them out).
"""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plein.accounts.models import Role, User
from plein.core import audit
from plein.core.workdays import add_working_days
from plein.referrals import audit_actions as actions
from plein.referrals import signing
from plein.referrals.models import (
    CLOSED_STATUSES,
    PartnerAgreement,
    Referral,
    ReferralSettings,
    Status,
)
from plein.referrals.selectors.reach import organization_recipients
from plein.referrals.services.lifecycle import referral_purge

logger = logging.getLogger(__name__)

# What the timers need to know about a referral; never the personal fields.
_SKELETON = (
    "id",
    "library",
    "organization",
    "created_at",
    "status",
    "acknowledged_at",
    "reminded_at",
)


def _settings_by_library(library_ids: Iterable) -> dict:
    """Each library's ReferralSettings; libraries without a row get the defaults."""
    rows = {
        row.library_id: row for row in ReferralSettings.objects.filter(library_id__in=library_ids)
    }
    return {pk: rows.get(pk) or ReferralSettings(library_id=pk) for pk in set(library_ids)}


def _waiting(*, now: datetime.datetime, stamp_field: str) -> QuerySet:
    """Unacknowledged referrals not yet stamped, at least a day old (a working day is ≥ 24h)."""
    return (
        Referral.objects.filter(
            status=Status.REQUESTED,
            acknowledged_at__isnull=True,
            purged_at__isnull=True,
            created_at__lte=now - datetime.timedelta(days=1),
            **{f"{stamp_field}__isnull": True},
        )
        .select_related("library", "organization")
        .only(*_SKELETON, "library__name", "organization__name", "organization__email")
        .order_by("created_at")
    )


def timer_working_days(
    *, days_field: str, library_settings: ReferralSettings, agreement: PartnerAgreement | None
) -> int:
    """After how many working days a timer fires for a partner.

    The response time a partner promised (its agreement, when filled in) replaces the
    library's reminder time; the coordinator hears as many days after that as the library's
    settings put between reminder and escalation (at least one)."""
    library_days = getattr(library_settings, days_field)
    if agreement is None or agreement.response_working_days is None:
        return library_days
    if days_field == "reminder_working_days":
        return agreement.response_working_days
    gap = library_settings.escalation_working_days - library_settings.reminder_working_days
    return agreement.response_working_days + max(1, gap)


def _due(
    *, now: datetime.datetime, stamp_field: str, days_field: str
) -> list[tuple[Referral, int]]:
    """(referral, working days) for each waiting referral whose time has come."""
    candidates = list(_waiting(now=now, stamp_field=stamp_field))
    per_library = _settings_by_library([r.library_id for r in candidates])
    agreements = {
        row.organization_id: row
        for row in PartnerAgreement.objects.filter(
            organization_id__in={r.organization_id for r in candidates}
        )
    }
    due = []
    for referral in candidates:
        days = timer_working_days(
            days_field=days_field,
            library_settings=per_library[referral.library_id],
            agreement=agreements.get(referral.organization_id),
        )
        if add_working_days(referral.created_at, days) <= now:
            due.append((referral, days))
    return due


def _claim(*, referral: Referral, stamp_field: str, now: datetime.datetime) -> bool:
    """Stamp the referral if nobody did yet; False when another run was first."""
    claimed = Referral.objects.filter(
        pk=referral.pk,
        status=Status.REQUESTED,
        acknowledged_at__isnull=True,
        **{f"{stamp_field}__isnull": True},
    ).update(**{stamp_field: now})
    return claimed == 1


def _send(*, referral: Referral, stamp_field: str, message: tuple, recipients: list) -> int | None:
    """Send one message per address; on a mail failure, unstamp so the next run retries."""
    subject, body = message
    try:
        # One message per address, so that colleagues do not see each other's addresses.
        return send_mass_mail([(subject, body, None, [email]) for email in recipients])
    except Exception:
        logger.exception("Referral %s e-mail could not be sent; retrying next run", stamp_field)
        Referral.objects.filter(pk=referral.pk).update(**{stamp_field: None})
        return None


def reminder_recipients(*, referral: Referral) -> list[str]:
    """Those a referral's notices go to (the partner users, else the referral address)."""
    return organization_recipients(organization=referral.organization)


def escalation_recipients(*, referral: Referral) -> list[str]:
    """The coordinators of the library that made the referral."""
    return sorted(
        set(
            User.objects.filter(
                library_id=referral.library_id, role=Role.COORDINATOR, is_active=True
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def _days(n: int) -> str:
    return ngettext("%(count)d werkdag", "%(count)d werkdagen", n) % {"count": n}


def _validity(hours: int) -> str:
    if hours % 24 == 0:
        return ngettext("%(count)d dag", "%(count)d dagen", hours // 24) % {"count": hours // 24}
    return ngettext("%(count)d uur", "%(count)d uur", hours) % {"count": hours}


def reminder_message(*, referral: Referral, working_days: int) -> tuple[str, str]:
    """Subject and body of the reminder to the partner. No personal data."""
    context = {
        "organization": referral.organization.name,
        "library": referral.library.name,
        "date": date_format(timezone.localtime(referral.created_at)),
        "days": _days(working_days),
        "ack_url": signing.ack_url(referral=referral),
        "detail_url": signing.partner_detail_url(referral=referral),
        "valid_for": _validity(settings.PLEIN_ACK_LINK_HOURS),
    }
    subject = _("Herinnering: doorverwijzing van %(library)s wacht op u") % context
    body = (
        _(
            "Beste medewerker van %(organization)s,\n\n"
            "%(library)s heeft op %(date)s iemand naar u doorverwezen. Na %(days)s is nog niet "
            "bevestigd dat de doorverwijzing is aangekomen.\n\n"
            "Bevestig met één klik dat u de doorverwijzing hebt ontvangen (deze link werkt "
            "%(valid_for)s):\n%(ack_url)s\n\n"
            "Log in om de contactgegevens te zien en de bewoner terug te bellen:\n"
            "%(detail_url)s\n\n"
            "Deze e-mail bevat bewust geen persoonsgegevens.\n"
        )
        % context
    )
    return subject, body


def escalation_message(*, referral: Referral, working_days: int) -> tuple[str, str]:
    """Subject and body of the escalation to the library's coordinators. No personal data."""
    context = {
        "organization": referral.organization.name,
        "date": date_format(timezone.localtime(referral.created_at)),
        "days": _days(working_days),
        "url": settings.SITE_URL + reverse("referrals:desk_detail", kwargs={"pk": referral.pk}),
        "reminded": " " + _("De partner heeft een herinnering gekregen.")
        if referral.reminded_at
        else "",
    }
    subject = _("Doorverwijzing naar %(organization)s niet ontvangen") % context
    body = (
        _(
            "Een doorverwijzing van %(date)s naar %(organization)s is na %(days)s nog steeds "
            "niet als ontvangen bevestigd.%(reminded)s\n\n"
            "Neem contact op met %(organization)s of verwijs de bewoner ergens anders heen, "
            "zodat niemand tussen wal en schip valt:\n%(url)s\n\n"
            "Deze e-mail bevat bewust geen persoonsgegevens.\n"
        )
        % context
    )
    return subject, body


def _timer_send(*, now, stamp_field: str, days_field: str, action: str, message, recipients):
    """Send one timer's e-mail once per due referral; return how many referrals were told."""
    sent = 0
    for referral, days in _due(now=now, stamp_field=stamp_field, days_field=days_field):
        if not _claim(referral=referral, stamp_field=stamp_field, now=now):
            continue
        count = _send(
            referral=referral,
            stamp_field=stamp_field,
            message=message(referral=referral, working_days=days),
            recipients=recipients(referral=referral),
        )
        if count is None:
            continue
        audit.log(referral, action, actor_label="system", changes={"sent": count})
        sent += 1
    return sent


def referral_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind the partner once about each referral not acknowledged in time; return the count."""
    return _timer_send(
        now=now or timezone.now(),
        stamp_field="reminded_at",
        days_field="reminder_working_days",
        action=actions.REFERRAL_REMINDED,
        message=reminder_message,
        recipients=reminder_recipients,
    )


def referral_escalations_send(*, now: datetime.datetime | None = None) -> int:
    """Tell the library's coordinators once about each referral still not acknowledged."""
    return _timer_send(
        now=now or timezone.now(),
        stamp_field="escalated_at",
        days_field="escalation_working_days",
        action=actions.REFERRAL_ESCALATED,
        message=escalation_message,
        recipients=escalation_recipients,
    )


def referral_expired_purge(*, now: datetime.datetime | None = None) -> int:
    """Purge the personal data of closed referrals whose retention period has passed."""
    now = now or timezone.now()
    closed = Referral.objects.filter(
        status__in=CLOSED_STATUSES, closed_at__isnull=False, purged_at__isnull=True
    )
    library_ids = set(closed.values_list("library_id", flat=True))
    purged = 0
    for library_id, row in _settings_by_library(library_ids).items():
        cutoff = now - datetime.timedelta(days=row.retention_days)
        for referral in closed.filter(library_id=library_id, closed_at__lte=cutoff):
            referral_purge(referral=referral, reason="retention period ended")
            purged += 1
    return purged
