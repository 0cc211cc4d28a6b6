"""Writes of the schedule app: shifts, their changes for one date, and a branch's presence rule.
Every change is audited here."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.accounts.models import Role, User
from plein.core import audit
from plein.core.models import Branch, Library
from plein.schedule import audit_actions as actions
from plein.schedule import selectors
from plein.schedule.models import Display, PresenceRule, Shift, ShiftChange

SHIFT_FIELDS = (
    "branch",
    "desk",
    "person",
    "kind",
    "weekday",
    "starts_at",
    "ends_at",
    "every_weeks",
    "valid_from",
    "valid_until",
)
NOT_A_SHIFT_DATE = _("Op deze datum heeft deze dienst geen beurt.")
STAND_IN_IS_PERSON = _("Kies als vervanger iemand anders dan wie de dienst heeft.")


def _values(shift: Shift) -> dict:
    return {name: str(getattr(shift, name)) for name in SHIFT_FIELDS}


@transaction.atomic
def shift_create(*, library: Library, user: User, **fields) -> Shift:
    shift = Shift(library=library, **fields)
    shift.full_clean()
    shift.save()
    audit.log(shift, actions.SHIFT_CREATED, user=user, changes=_values(shift))
    return shift


@transaction.atomic
def shift_update(*, shift: Shift, user: User, **fields) -> Shift:
    before = _values(shift)
    for name, value in fields.items():
        setattr(shift, name, value)
    shift.full_clean()
    shift.save(update_fields=list(fields))
    after = _values(shift)
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if changes:
        audit.log(shift, actions.SHIFT_UPDATED, user=user, changes=changes)
    return shift


@transaction.atomic
def shift_delete(*, shift: Shift, user: User) -> None:
    """A shift that has had turns ends yesterday (its history stays); a future one goes."""
    today = timezone.localdate()
    if shift.valid_from < today:
        shift.valid_until = today - datetime.timedelta(days=1)
        shift.save(update_fields=["valid_until"])
        shift.changes.filter(date__gte=today).delete()
        audit.log(shift, actions.SHIFT_ENDED, user=user, changes={"valid_until": str(today)})
        return
    audit.log(shift, actions.SHIFT_DELETED, user=user, changes=_values(shift))
    shift.delete()


@transaction.atomic
def shift_change_set(
    *, shift: Shift, date: datetime.date, stand_in: User | None, stand_in_kind: str, user: User
) -> ShiftChange:
    """Cancel the shift's turn on one date (no stand-in) or let someone else take it."""
    if not selectors.shift_dates(shift, start=date, end=date):
        raise ValidationError({"date": NOT_A_SHIFT_DATE})
    if stand_in is not None and stand_in.pk == shift.person_id:
        raise ValidationError({"stand_in": STAND_IN_IS_PERSON})
    change, _created = ShiftChange.objects.update_or_create(
        shift=shift,
        date=date,
        defaults={"stand_in": stand_in, "stand_in_kind": stand_in_kind if stand_in else ""},
    )
    audit.log(
        shift,
        actions.SHIFT_CHANGE_SET,
        user=user,
        changes={"date": str(date), "stand_in": str(stand_in) if stand_in else ""},
    )
    return change


@transaction.atomic
def shift_change_remove(*, change: ShiftChange, user: User) -> None:
    audit.log(
        change.shift, actions.SHIFT_CHANGE_REMOVED, user=user, changes={"date": str(change.date)}
    )
    change.delete()


@transaction.atomic
def presence_rule_set(
    *, branch: Branch, min_volunteers: int, min_professionals: int, user: User
) -> PresenceRule:
    rule, _created = PresenceRule.objects.get_or_create(
        branch=branch, defaults={"library": branch.library}
    )
    before = (rule.min_volunteers, rule.min_professionals)
    rule.min_volunteers, rule.min_professionals = min_volunteers, min_professionals
    rule.full_clean()
    rule.save(update_fields=["min_volunteers", "min_professionals"])
    audit.log(
        rule,
        actions.PRESENCE_RULE_SET,
        user=user,
        changes={
            "min_volunteers": [before[0], min_volunteers],
            "min_professionals": [before[1], min_professionals],
        },
    )
    return rule


def presence_gap_recipients(*, library: Library) -> list[str]:
    coordinators = User.objects.filter(library=library, role=Role.COORDINATOR, is_active=True)
    return sorted(set(coordinators.exclude(email="").values_list("email", flat=True)))


def presence_gaps_mail(*, today: datetime.date | None = None) -> int:
    """Weekly: tell each library's coordinators where the next 14 days lack people on duty.
    Returns the number of libraries told (a library without gaps gets no e-mail)."""
    today = today or timezone.localdate()
    told = 0
    for library in Library.objects.order_by("pk"):
        gaps = selectors.library_presence_gaps(library=library, start=today)
        recipients = presence_gap_recipients(library=library)
        if not gaps or not recipients:
            continue
        context = {
            "library": library,
            "gaps": gaps,
            "days": selectors.GAP_DAYS,
            "url": settings.SITE_URL + reverse("schedule:duty"),
        }
        subject = render_to_string("schedule/email/gaps_subject.txt", context).strip()
        body = render_to_string("schedule/email/gaps_body.txt", context)
        send_mass_mail([(subject, body, None, [email]) for email in recipients])
        told += 1
    return told


DISPLAY_FIELDS = ("branch", "room", "name", "alert", "is_active")


@transaction.atomic
def display_create(*, library: Library, user: User, **fields) -> Display:
    display = Display(library=library, **fields)
    display.full_clean()
    display.save()
    audit.log(display, actions.DISPLAY_CREATED, user=user, changes={"name": display.name})
    return display


@transaction.atomic
def display_update(*, display: Display, user: User, **fields) -> Display:
    before = {name: str(getattr(display, name)) for name in fields}
    for name, value in fields.items():
        setattr(display, name, value)
    display.full_clean()
    display.save(update_fields=list(fields))
    changes = {
        name: [before[name], str(getattr(display, name))]
        for name in fields
        if before[name] != str(getattr(display, name))
    }
    if changes:
        audit.log(display, actions.DISPLAY_UPDATED, user=user, changes=changes)
    return display


@transaction.atomic
def display_new_link(*, display: Display, user: User) -> Display:
    """A new link for the screen: the old one stops working at its next refresh."""
    display.key += 1
    display.save(update_fields=["key"])
    audit.log(display, actions.DISPLAY_NEW_LINK, user=user)
    return display
