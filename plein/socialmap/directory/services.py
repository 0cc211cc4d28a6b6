"""The monthly digest of "Ken je partners": one e-mail per month to each active desk worker
and coordinator of a library, listing the services of its network partners (archived ones
included: their services ended) that were new, changed or ended since the previous digest.
It names services and organisations only: no residents, no partners' staff.

A month's digest goes out once: its `DirectoryDigest` row (unique per library and month) is
made before anything is sent, so a second run, a second scheduler or a coordinator's "Verstuur
nu" in the same month stops there. A month in which nothing changed sends nothing; its row
still marks the month as done, and the next digest starts where it ended.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from plein.accounts.models import Role, User
from plein.core import audit
from plein.core.models import Library
from plein.socialmap import audit_actions as actions
from plein.socialmap.directory.selectors import ChangeKind, ServiceChange, service_changes
from plein.socialmap.models import DirectoryDigest, Organization

# The first digest of a library looks back this far.
FIRST_DIGEST_DAYS = 31
DIGEST_SENT_ALREADY = _("Het partneroverzicht van deze maand is al verstuurd.")
DIGEST_EMPTY = _("Er is niets veranderd sinds het vorige overzicht; er is niets verstuurd.")
DIGEST_NO_RECIPIENTS = _("Niemand van uw bibliotheek heeft een e-mailadres; er is niets verstuurd.")
# Who sent it, in the audit log, when the monthly task did.
TASK_ACTOR = "maandtaak partneroverzicht"


@dataclass
class DigestPreview:
    library: Library
    period_start: datetime.datetime
    period_end: datetime.datetime
    new: list[ServiceChange]
    changed: list[ServiceChange]
    ended: list[ServiceChange]
    # This month's digest, when it already went out (or was found empty): then these changes
    # wait for next month's.
    sent: DirectoryDigest | None

    @property
    def total(self) -> int:
        return len(self.new) + len(self.changed) + len(self.ended)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def digest_period_start(*, library: Library, now: datetime.datetime) -> datetime.datetime:
    """Where the next digest starts: the end of the previous one, else FIRST_DIGEST_DAYS ago."""
    last = (
        DirectoryDigest.objects.for_library(library)
        .filter(period_end__lte=now)
        .order_by("-period_end")
        .first()
    )
    return last.period_end if last else now - datetime.timedelta(days=FIRST_DIGEST_DAYS)


def digest_preview(*, library: Library, now: datetime.datetime | None = None) -> DigestPreview:
    """What the next digest would say if it were sent now (and whether this month's went)."""
    now = now or timezone.now()
    sent = (
        DirectoryDigest.objects.for_library(library)
        .filter(month=month_start(timezone.localdate(now)))
        .first()
    )
    start = digest_period_start(library=library, now=now)
    partners = Organization.objects.for_library(library).filter(is_partner=True)
    changes = service_changes(
        library=library,
        since=start,
        until=now,
        organization_ids=partners.values_list("pk", flat=True),
    )
    return DigestPreview(
        library=library,
        period_start=start,
        period_end=now,
        new=[c for c in changes if c.kind == ChangeKind.NEW],
        changed=[c for c in changes if c.kind == ChangeKind.CHANGED],
        ended=[c for c in changes if c.kind == ChangeKind.ENDED],
        sent=sent,
    )


def digest_recipients(*, library: Library) -> list[str]:
    """The addresses of the library's active desk workers and coordinators."""
    users = User.objects.filter(
        library=library, role__in=[Role.DESK, Role.COORDINATOR], is_active=True
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _messages(preview: DigestPreview, recipients: list[str]) -> list[EmailMultiAlternatives]:
    context = {
        "preview": preview,
        "library": preview.library.name,
        "directory_url": settings.SITE_URL + reverse("directory:list"),
        "site_url": settings.SITE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("socialmap/email/digest_subject.txt", context).strip()
        text = render_to_string("socialmap/email/digest_body.txt", context)
        html = render_to_string("socialmap/email/digest_body.html", context)
    messages = []
    # One message per address, so that colleagues do not see each other's addresses.
    for email in recipients:
        message = EmailMultiAlternatives(subject, text, None, [email])
        message.attach_alternative(html, "text/html")
        messages.append(message)
    return messages


@transaction.atomic
def digest_send(*, library: Library, user=None, now: datetime.datetime | None = None) -> int:
    """Send this month's digest of the library if it has not gone out yet; return the number
    of e-mails sent. Raises ValidationError when a coordinator asks for a month already sent,
    or for a digest that would be empty or reach nobody (the task just skips those)."""
    now = now or timezone.now()
    recipients = digest_recipients(library=library)
    if not recipients:
        if user is not None:
            raise ValidationError(DIGEST_NO_RECIPIENTS)
        return 0  # nobody to tell: try again tomorrow, someone may have been added by then
    preview = digest_preview(library=library, now=now)
    if preview.sent is not None:
        if user is not None:
            raise ValidationError(DIGEST_SENT_ALREADY)
        return 0
    if preview.total == 0 and user is not None:
        raise ValidationError(DIGEST_EMPTY)
    # The row is the lock: a second run at the same time stops at the unique constraint.
    digest, created = DirectoryDigest.objects.get_or_create(
        library=library,
        month=month_start(timezone.localdate(now)),
        defaults={"period_start": preview.period_start, "period_end": preview.period_end},
    )
    if not created:
        return 0
    sent = 0
    if preview.total:
        sent = get_connection().send_messages(_messages(preview, recipients)) or 0
    DirectoryDigest.objects.filter(pk=digest.pk).update(recipients=sent, changes=preview.total)
    audit.log(
        digest,
        actions.DIRECTORY_DIGEST_SENT,
        user=user,
        changes={"recipients": sent, "services": preview.total},
        actor_label="" if user is not None else TASK_ACTOR,
    )
    return sent


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """Daily: send each library's digest of this month once; return the e-mails sent."""
    now = now or timezone.now()
    return sum(digest_send(library=library, now=now) for library in Library.objects.order_by("pk"))
