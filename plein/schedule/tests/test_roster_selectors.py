import datetime

import pytest

from plein.accounts.tests.factories import UserFactory
from plein.schedule import selectors
from plein.schedule.models import StaffKind
from plein.schedule.tests.factories import (
    PresenceRuleFactory,
    ShiftChangeFactory,
    ShiftFactory,
    branch_with_opening_hours,
)

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 12, 7)
D = datetime.date


def test_a_weekly_shift_falls_on_its_weekday_within_its_dates():
    shift = ShiftFactory.build(valid_from=D(2026, 12, 1), valid_until=D(2026, 12, 21))
    dates = selectors.shift_dates(shift, start=D(2026, 11, 1), end=D(2027, 1, 31))
    assert dates == [D(2026, 12, 7), D(2026, 12, 14), D(2026, 12, 21)]


def test_every_other_week_counts_from_the_first_date():
    shift = ShiftFactory.build(weekday=1, every_weeks=2, valid_from=D(2026, 12, 1))
    dates = selectors.shift_dates(shift, start=D(2026, 12, 10), end=D(2027, 1, 10))
    # 1 December is a Tuesday: then 15 and 29 December, not 8 and 22 (asked from the 10th on).
    assert dates == [D(2026, 12, 15), D(2026, 12, 29)]


def test_a_shift_that_ended_has_no_dates():
    shift = ShiftFactory.build(valid_from=D(2026, 1, 1), valid_until=D(2026, 6, 30))
    assert selectors.shift_dates(shift, start=D(2026, 12, 1), end=D(2026, 12, 31)) == []


def test_duties_show_stand_ins_and_leave_out_cancelled_turns():
    shift = ShiftFactory(person__first_name="Anna", person__last_name="Vos")
    stand_in = UserFactory(library=shift.library, first_name="Bram", last_name="Kok")
    ShiftChangeFactory(shift=shift, date=MONDAY)  # cancelled
    ShiftChangeFactory(
        shift=shift, date=MONDAY + datetime.timedelta(days=7), stand_in=stand_in,
        stand_in_kind=StaffKind.PROFESSIONAL,
    )  # fmt: skip
    found = selectors.duties_between(
        branches=[shift.branch], start=MONDAY, end=MONDAY + datetime.timedelta(days=14)
    )[shift.branch_id]
    assert MONDAY not in found
    swapped = found[MONDAY + datetime.timedelta(days=7)][0]
    assert (swapped.person_name, swapped.kind, swapped.stand_in_for) == (
        "Bram Kok",
        StaffKind.PROFESSIONAL,
        "Anna Vos",
    )
    assert found[MONDAY + datetime.timedelta(days=14)][0].person_name == "Anna Vos"


def test_duties_of_several_branches_take_two_queries(django_assert_num_queries):
    first = ShiftFactory()
    ShiftFactory(branch__library=first.library)
    ShiftChangeFactory(shift=first, date=MONDAY)
    with django_assert_num_queries(2):
        selectors.duties_between(
            branches=[first.branch.pk], start=MONDAY, end=MONDAY + datetime.timedelta(days=30)
        )


def test_opening_periods_come_from_the_location_and_skip_public_holidays():
    branch = branch_with_opening_hours()
    periods = selectors.opening_periods(branch=branch, start=D(2026, 12, 21), end=D(2026, 12, 27))
    # Christmas (Friday 25th) and the weekend are closed.
    assert sorted(periods) == [D(2026, 12, 21), D(2026, 12, 22), D(2026, 12, 23), D(2026, 12, 24)]
    assert periods[D(2026, 12, 21)] == [(datetime.time(10), datetime.time(17))]


def test_a_branch_without_location_has_no_opening_periods():
    branch = branch_with_opening_hours()
    branch.location = None
    assert selectors.opening_periods(branch=branch, start=MONDAY, end=MONDAY) == {}


def _gaps_on_monday(branch):
    return [g for g in selectors.presence_gaps(branch=branch, start=MONDAY, days=1)]


def test_without_anyone_on_duty_the_whole_opening_is_a_gap():
    branch = branch_with_opening_hours()
    (gap,) = _gaps_on_monday(branch)
    assert (gap.starts_at, gap.ends_at) == (datetime.time(10), datetime.time(17))
    assert (gap.volunteers_missing, gap.professionals_missing) == (1, 1)


def test_gaps_are_the_stretches_where_the_rule_is_not_met():
    branch = branch_with_opening_hours()
    ShiftFactory(branch=branch, starts_at=datetime.time(10), ends_at=datetime.time(17))
    ShiftFactory(
        branch=branch, professional=True, starts_at=datetime.time(10), ends_at=datetime.time(13)
    )
    ShiftFactory(
        branch=branch, professional=True, starts_at=datetime.time(14), ends_at=datetime.time(17)
    )
    (gap,) = _gaps_on_monday(branch)
    assert (gap.starts_at, gap.ends_at) == (datetime.time(13), datetime.time(14))
    assert (gap.volunteers_missing, gap.professionals_missing) == (0, 1)


def test_a_cancelled_turn_opens_a_gap_and_a_stand_in_closes_it():
    branch = branch_with_opening_hours()
    volunteer = ShiftFactory(branch=branch, starts_at=datetime.time(10), ends_at=datetime.time(17))
    professional = ShiftFactory(
        branch=branch, professional=True, starts_at=datetime.time(10), ends_at=datetime.time(17)
    )
    assert _gaps_on_monday(branch) == []
    change = ShiftChangeFactory(shift=volunteer, date=MONDAY)
    (gap,) = _gaps_on_monday(branch)
    assert (gap.volunteers_missing, gap.professionals_missing) == (1, 0)
    change.stand_in = UserFactory(library=branch.library)
    change.stand_in_kind = StaffKind.VOLUNTEER
    change.save()
    assert _gaps_on_monday(branch) == []
    assert professional.pk


def test_the_presence_rule_is_configurable_per_branch():
    branch = branch_with_opening_hours()
    ShiftFactory(branch=branch, starts_at=datetime.time(10), ends_at=datetime.time(17))
    PresenceRuleFactory(branch=branch, min_volunteers=2, min_professionals=0)
    (gap,) = _gaps_on_monday(branch)
    assert (gap.volunteers, gap.volunteers_missing, gap.professionals_missing) == (1, 1, 0)
    other = branch_with_opening_hours(library=branch.library)
    PresenceRuleFactory(branch=other, min_volunteers=0, min_professionals=0)
    assert _gaps_on_monday(other) == []


def test_gaps_look_fourteen_days_ahead_on_opening_days_only():
    branch = branch_with_opening_hours()
    gaps = selectors.presence_gaps(branch=branch, start=MONDAY)
    assert {gap.date.weekday() for gap in gaps} == {0, 1, 2, 3, 4}
    assert len(gaps) == 10
    assert max(gap.date for gap in gaps) == MONDAY + datetime.timedelta(days=11)


def test_a_shift_outside_opening_hours_does_not_count_and_makes_no_gap_itself():
    branch = branch_with_opening_hours()
    ShiftFactory(branch=branch, weekday=5)  # Saturday, closed
    assert all(
        gap.date.weekday() < 5 for gap in selectors.presence_gaps(branch=branch, start=MONDAY)
    )
