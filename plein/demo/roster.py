"""The demo's duty roster: a week of shifts in each branch of a library, a cancelled turn and a
swap this week, and one branch with its own presence rule. Called by the demo loader
(`plein demo`). The demo's volunteers are desk users with the demo password; rows are made only
when missing, so loading the demo twice adds nothing."""

import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from plein.accounts.models import Role, User
from plein.core.models import Branch, Library
from plein.demo.data import PASSWORD
from plein.schedule.models import Display, PresenceRule, Shift, ShiftChange, StaffKind

V, P = StaffKind.VOLUNTEER, StaffKind.PROFESSIONAL
# Volunteers of the demo on the roster besides the demo logins: (username, first, last name).
VOLUNTEERS = {
    "beekveld": [
        ("vrijwilliger-anna", "Anna", "Smit"),
        ("vrijwilliger-henk", "Henk", "Jansen"),
        ("vrijwilliger-fatma", "Fatma", "Yilmaz"),
    ],
    "zandhoven": [("vrijwilliger-piet", "Piet", "Zwart")],
}
# (branch slug, username, as, weekday, from, to, every weeks)
SHIFTS = [
    ("centrum", "vrijwilliger-anna", V, 0, "13:00", "18:00", 1),
    ("centrum", "coordinator", P, 0, "13:00", "18:00", 1),
    ("centrum", "balie", V, 1, "10:00", "14:00", 1),
    ("centrum", "vrijwilliger-henk", V, 1, "14:00", "18:00", 1),
    ("centrum", "coordinator", P, 1, "10:00", "18:00", 1),
    ("centrum", "vrijwilliger-fatma", V, 2, "10:00", "18:00", 1),
    ("centrum", "coordinator", P, 2, "10:00", "14:00", 1),
    ("centrum", "balie", P, 2, "14:00", "18:00", 1),
    ("centrum", "vrijwilliger-anna", V, 3, "10:00", "18:00", 1),
    ("centrum", "coordinator", P, 3, "10:00", "18:00", 1),
    ("centrum", "vrijwilliger-henk", V, 4, "10:00", "18:00", 1),
    ("centrum", "coordinator", P, 4, "10:00", "14:00", 1),  # Friday afternoon: a gap
    ("centrum", "vrijwilliger-fatma", V, 5, "10:00", "14:00", 2),
    ("hoogdonk", "vrijwilliger-henk", V, 1, "14:00", "17:00", 1),
    ("hoogdonk", "vrijwilliger-anna", V, 3, "14:00", "17:00", 1),
    ("hoogdonk", "balie", V, 5, "10:00", "12:00", 2),
    ("ravenstede", "vrijwilliger-fatma", V, 0, "10:00", "13:00", 1),
    ("zandhoven", "balie-zandhoven", P, 1, "10:00", "17:00", 1),
    ("zandhoven", "vrijwilliger-piet", V, 1, "10:00", "17:00", 1),
    ("zandhoven", "balie-zandhoven", P, 3, "10:00", "17:00", 1),
    ("zandhoven", "vrijwilliger-piet", V, 3, "10:00", "13:00", 1),
]
# One screen at the entrance of each branch (its link is on the coordinator's "Schermen" page).
DISPLAY_NAME = "Scherm bij de ingang"
# A small village branch runs on volunteers alone.
RULES = {"hoogdonk": (1, 0)}


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def _volunteer(library: Library, username: str, first: str, last: str) -> User:
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "role": Role.DESK,
            "library": library,
            "password": make_password(PASSWORD),
        },
    )
    return user


@transaction.atomic
def demo_roster_install(*, library: Library) -> None:
    for username, first, last in VOLUNTEERS.get(library.slug, []):
        _volunteer(library, username, first, last)
    branches = {branch.slug: branch for branch in Branch.objects.for_library(library)}
    people = {user.username: user for user in User.objects.filter(library=library)}
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    shifts = []
    for slug, username, kind, weekday, start, end, every in SHIFTS:
        if slug not in branches or username not in people:
            continue
        shift, _created = Shift.objects.get_or_create(
            library=library,
            branch=branches[slug],
            person=people[username],
            weekday=weekday,
            starts_at=_time(start),
            defaults={
                "kind": kind,
                "ends_at": _time(end),
                "every_weeks": every,
                "valid_from": monday - datetime.timedelta(weeks=8),
            },
        )
        shifts.append(shift)
    for slug, (volunteers, professionals) in RULES.items():
        if slug in branches:
            PresenceRule.objects.get_or_create(
                branch=branches[slug],
                defaults={
                    "library": library,
                    "min_volunteers": volunteers,
                    "min_professionals": professionals,
                },
            )
    _this_weeks_changes(shifts, monday, people)
    for branch in branches.values():
        Display.objects.get_or_create(
            library=library, branch=branch, name=DISPLAY_NAME, defaults={"alert": ""}
        )


def _this_weeks_changes(shifts: list[Shift], monday: datetime.date, people: dict) -> None:
    """Thursday's volunteer is away this week (cancelled); on Wednesday someone else stands in."""
    by_day = {(shift.branch.slug, shift.weekday, shift.kind): shift for shift in shifts}
    away = by_day.get(("centrum", 3, V))
    if away is not None:
        ShiftChange.objects.get_or_create(shift=away, date=monday + datetime.timedelta(days=3))
    swapped = by_day.get(("centrum", 2, V))
    stand_in = people.get("vrijwilliger-henk")
    if swapped is not None and stand_in is not None:
        ShiftChange.objects.get_or_create(
            shift=swapped,
            date=monday + datetime.timedelta(days=2),
            defaults={"stand_in": stand_in, "stand_in_kind": V},
        )
