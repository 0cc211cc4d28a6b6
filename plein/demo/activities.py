"""The demo's activities: Digisterker and Klik & Tik as weekly series, and an information
session that is full, with a waiting list. Called by the demo loader (`plein demo`) per
library; an activity is made only when the library has none of that title yet, so loading the
demo twice adds nothing. Sign-ups go through the services, as a resident's would."""

import datetime

from django.utils import timezone

from plein.activities import services
from plein.activities.consent_texts import CURRENT_VERSION
from plein.activities.models import (
    Activity,
    Attendance,
    Evaluation,
    Occurrence,
    SignUp,
    Source,
    Status,
)
from plein.core.models import Branch, Library
from plein.socialmap.models import Organization, Room

# (title, description, weekday (None: today), from, to, weeks, capacity, audience)
ACTIVITIES = [
    (
        "Digisterker",
        "Leer in vier lessen werken met DigiD en de websites van de overheid.",
        1,
        "10:00",
        "12:00",
        4,
        8,
        "Volwassenen die al een beetje met de computer kunnen",
    ),
    (
        "Klik & Tik",
        "Voor wie net begint met de computer: muis, toetsenbord en internet.",
        3,
        "14:00",
        "16:00",
        3,
        6,
        "Beginners",
    ),
    (
        # Held today, so that the desk's "Vandaag" and the screen show an activity at once.
        "Koffie & computervragen",
        "Vragen over uw telefoon, tablet of laptop, bij een kop koffie.",
        None,
        "16:00",
        "17:30",
        1,
        10,
        "Iedereen met een vraag over een apparaat",
    ),
    (
        "Informatiebijeenkomst toeslagen",
        "Wat zijn toeslagen, waar hebt u recht op en hoe vraagt u ze aan?",
        2,
        "19:00",
        "20:30",
        1,
        3,
        "Iedereen",
    ),
]
# (name, phone, e-mail) per activity title; the information session is full with two waiting.
SIGNUPS = {
    "Digisterker": [("Ans", "06 1100 0001", "ans@example.org"), ("Mo", "06 1100 0002", "")],
    "Klik & Tik": [("Joke", "06 1100 0003", "")],
    "Koffie & computervragen": [("Nadia", "06 1100 0009", ""), ("Oksana", "06 1100 0010", "")],
    "Informatiebijeenkomst toeslagen": [
        ("Karim", "06 1100 0004", "karim@example.org"),
        ("Els", "06 1100 0005", ""),
        ("Sevda", "06 1100 0006", "sevda@example.org"),
        ("Piet", "06 1100 0007", ""),
        ("Wim", "06 1100 0008", "wim@example.org"),
    ],
}

# A past date per activity title, already purged (only status and attendance left), so the
# activities report has something to show: (present, absent, waiting list).
PAST = {"Digisterker": (7, 2, 1), "Klik & Tik": (5, 1, 0)}
# Answers to the question afterwards, per title: (score, comment).
EVALUATIONS = {
    "Digisterker": [
        (5, "Duidelijke uitleg, ik kan nu zelf inloggen."),
        (4, ""),
        (4, ""),
        (3, "Het ging soms wat snel."),
        (5, ""),
        (4, ""),
    ],
    "Klik & Tik": [(5, ""), (4, "Fijn dat er koffie was."), (5, "")],
}


def _first_day(weekday: int | None) -> datetime.date:
    """Today for None, else the next such weekday, at least two days from now."""
    if weekday is None:
        return timezone.localdate()
    day = timezone.localdate() + datetime.timedelta(days=2)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _activity_install(*, branch: Branch, spec: tuple) -> Activity:
    title, description, weekday, starts, ends, weeks, capacity, audience = spec
    room = Room.objects.for_library(branch.library_id).filter(branch=branch).first()
    times = services.occurrence_times(
        first_day=_first_day(weekday),
        starts=datetime.time.fromisoformat(starts),
        ends=datetime.time.fromisoformat(ends),
        sessions=weeks,
    )
    # The information session is held by the social counsellors, where the demo has them.
    partner = Organization.objects.for_library(branch.library_id).filter(
        name__startswith="Sociaal Raadslieden"
    )
    values = {
        "organization": partner.first() if title.startswith("Informatie") else None,
        "branch": branch,
        "title": title,
        "description": description,
        "room": room,
        "capacity": capacity,
        "audience": audience,
        "languages": "Nederlands",
        "accessibility": "Rolstoeltoegankelijk; er is een ringleiding.",
    }
    return services.activity_create(library=branch.library, values=values, times=times, user=None)


def _signups_install(*, activity: Activity) -> None:
    occurrence = activity.occurrences.order_by("starts_at").first()
    # Today's activity may have begun already when the demo loads late in the day.
    if occurrence is None or not services.occurrence_is_open(occurrence):
        return
    for index, (name, phone, email) in enumerate(SIGNUPS.get(activity.title, [])):
        contact = services.ContactInput(name=name, phone=phone, email=email)
        source = Source.DESK if index % 2 else Source.ONLINE
        services.signup_create(
            occurrence=occurrence, contact=contact, consent_given=True, source=source
        )


def _past_install(*, activity: Activity) -> None:
    """Two weeks ago, as the purge left it: counts for the report, no contact data."""
    counts = PAST.get(activity.title)
    first = activity.occurrences.order_by("starts_at").first()
    if counts is None or first is None:
        return
    shift = datetime.timedelta(days=14 + (first.starts_at.date() - timezone.localdate()).days)
    past = Occurrence.objects.create(
        library_id=activity.library_id,
        activity=activity,
        starts_at=first.starts_at - shift,
        ends_at=first.ends_at - shift,
        capacity=first.capacity,
    )
    now = timezone.now()
    present, absent, waiting = counts
    kinds = [
        *[(Status.BOOKED, Attendance.PRESENT)] * present,
        *[(Status.BOOKED, Attendance.ABSENT)] * absent,
        # Long past: whoever waited saw the offer lapse (the demo's one waiting list is ahead).
        *[(Status.EXPIRED, Attendance.UNKNOWN)] * waiting,
    ]
    evaluations = EVALUATIONS.get(activity.title, [])
    SignUp.objects.bulk_create(
        SignUp(
            library_id=activity.library_id,
            occurrence=past,
            status=status,
            attendance=attendance,
            consent_version=CURRENT_VERSION,
            consent_given_at=past.starts_at - datetime.timedelta(days=7),
            purged_at=now,
            evaluation_sent_at=past.ends_at + datetime.timedelta(hours=1),
            evaluated=index < len(evaluations),
        )
        for index, (status, attendance) in enumerate(kinds)
    )
    Evaluation.objects.bulk_create(
        Evaluation(library_id=activity.library_id, occurrence=past, score=score, comment=text)
        for score, text in evaluations
    )


def demo_activities_install(*, library: Library) -> None:
    branch = Branch.objects.for_library(library).filter(rooms__isnull=False).first()
    if branch is None:
        return
    for spec in ACTIVITIES:
        if Activity.objects.for_library(library).filter(title=spec[0]).exists():
            continue
        activity = _activity_install(branch=branch, spec=spec)
        _signups_install(activity=activity)
        _past_install(activity=activity)
