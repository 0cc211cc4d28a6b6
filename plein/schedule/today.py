"""The desk's "Vandaag" page in data: what is on now and next at a branch, who is on duty,
referrals that need attention, today's questions and what changed since yesterday. It only
reads, through each app's selectors."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from plein.core.models import Branch, Library
from plein.questions.selectors.desk import question_count_for_branch
from plein.referrals.models import Referral
from plein.referrals.selectors.desk import FILTER_ATTENTION, referral_list_for_library
from plein.schedule import offers, selectors
from plein.socialmap.agenda import recent
from plein.socialmap.agenda.occurrences import Occurrence
from plein.socialmap.agenda.selectors import occurrence_list

SHOWN = 5  # referrals listed; the rest is a count with a link


@dataclass
class Today:
    branch: Branch
    now: datetime.datetime
    now_and_next: list[Occurrence] = field(default_factory=list)
    later: list[Occurrence] = field(default_factory=list)
    on_duty: list[selectors.Duty] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    more_referrals: bool = False
    questions: int = 0
    # Since yesterday: hours cancelled or moved, then services added or changed.
    changes: list[recent.Change] = field(default_factory=list)
    # Today's activities at the branch (seats left) and bookable hours still to come, with
    # their free slots or full.
    activities: list[offers.ActivityLine] = field(default_factory=list)
    bookable: list[offers.HourLine] = field(default_factory=list)

    @property
    def bookable_free(self) -> bool:
        """A slot is still free today: the desk may book one for a resident."""
        return any(not line.full for line in self.bookable)

    def on_duty_now(self, duty: selectors.Duty) -> bool:
        return duty.starts_at <= self.now.time() < duty.ends_at


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
    return start, start + datetime.timedelta(days=1)


def today_for_branch(
    *, library: Library, branch: Branch, now: datetime.datetime | None = None
) -> Today:
    """At most fourteen queries with the session and the user (schedule/tests/test_today.py):
    eight for the hours, duties, referrals, questions and changes, two to six for the
    activities and the bookable hours (offers.py)."""
    now = timezone.localtime(now)
    day = now.date()
    start, end = _day_bounds(day)
    today = Today(branch=branch, now=now)
    hours = occurrence_list(library=library, start=start, end=end, branch=branch)
    # Now and next: what runs now or starts later today; cancelled ones stay, marked.
    today.now_and_next = [occurrence for occurrence in hours if occurrence.end > now]
    duties = selectors.duties_between(branches=[branch], start=day, end=day)
    today.on_duty = duties.get(branch.pk, {}).get(day, [])
    attention = list(
        referral_list_for_library(library=library, state=FILTER_ATTENTION)[: SHOWN + 1]
    )
    today.referrals, today.more_referrals = attention[:SHOWN], len(attention) > SHOWN
    today.questions = question_count_for_branch(branch=branch, day=day)
    yesterday = start - datetime.timedelta(days=1)
    today.changes = recent.changes_since(library=library, since=yesterday, from_day=day)
    today.activities = offers.activity_lines(library=library, branch=branch, start=start, end=end)
    today.bookable = offers.hour_lines(library=library, branch=branch, start=now, end=end, now=now)
    return today
