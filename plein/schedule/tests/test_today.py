import datetime

import pytest
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.questions.tests.factories import RegistrationFactory, VisitFactory
from plein.referrals.models import Status
from plein.referrals.tests.factories import ReferralFactory
from plein.schedule import selectors
from plein.schedule.models import StaffKind
from plein.schedule.tests.factories import ShiftChangeFactory, ShiftFactory
from plein.schedule.views_today import SESSION_BRANCH
from plein.socialmap.models import ExceptionKind
from plein.socialmap.tests.factories import (
    BranchWithLocationFactory,
    ConsultationHourFactory,
    RoomFactory,
    ScheduleExceptionFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

TODAY = reverse("schedule:today")
# Tuesday 8 December 2026, 11:00 in Amsterdam.
NOW = datetime.datetime(2026, 12, 8, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def branch():
    return BranchWithLocationFactory(name="Centrum")


@pytest.fixture
def desk(client, branch, time_machine):
    time_machine.move_to(NOW)
    user = UserFactory(library=branch.library)
    client.force_login(user)
    return user


def _hour(branch, name, opens, closes, **fields):
    return ConsultationHourFactory(
        branch=branch,
        service__name=name,
        byday="TU",
        opens_at=datetime.time(*opens),
        closes_at=datetime.time(*closes),
        **fields,
    )


def test_the_desk_sees_now_and_next_with_room_and_cancellations(client, desk, branch):
    room = RoomFactory(branch=branch, name="Spreekkamer 2", floor=1, route="naast de leestafel")
    _hour(branch, "Ochtendspreekuur", (8, 0), (9, 0))  # over before 11:00
    _hour(branch, "Belastinghulp", (10, 30), (12, 0), room=room)
    cancelled = _hour(branch, "Schuldhulp", (14, 0), (16, 0))
    ScheduleExceptionFactory(schedule=cancelled, date=datetime.date(2026, 12, 8))
    page = client.get(TODAY).content.decode()
    assert "Vandaag in Centrum, dinsdag 8 december" in page
    assert "Ochtendspreekuur" not in page
    assert "Belastinghulp" in page and "Spreekkamer 2" in page and "naast de leestafel" in page
    assert "<del>Schuldhulp</del>" in page and "Gaat niet door" in page
    # The cancellation was made today: it is also under "Sinds gisteren".
    assert "Schuldhulp: gaat niet door op dinsdag 8 december" in page


def test_the_desk_sees_who_is_on_duty_and_todays_questions(client, desk, branch):
    ShiftFactory(branch=branch, weekday=1, person__first_name="Anna", person__last_name="Vos")
    ShiftFactory(branch=branch, weekday=2, person__first_name="Wim", person__last_name="Wed")
    for _n in range(3):
        RegistrationFactory(visit=VisitFactory(branch=branch), date=datetime.date(2026, 12, 8))
    RegistrationFactory(visit=VisitFactory(branch=branch), date=datetime.date(2026, 12, 7))
    page = client.get(TODAY).content.decode()
    assert "Anna Vos" in page and "Wim Wed" not in page
    assert "3 vragen geregistreerd in deze vestiging" in page


def test_referrals_that_need_attention_are_listed(client, desk, branch):
    ReferralFactory(library=branch.library, status=Status.REJECTED, organization__name="Vangnet")
    ReferralFactory(library=branch.library, organization__name="Loopt Goed")
    page = client.get(TODAY).content.decode()
    assert "Vangnet" in page and "Loopt Goed" not in page


def test_the_chosen_branch_is_remembered_and_another_librarys_is_ignored(client, desk, branch):
    other = BranchWithLocationFactory(library=branch.library, name="Dorp")
    foreign = BranchWithLocationFactory(name="Elders")
    assert "Vandaag in Dorp" in client.get(TODAY, {"vestiging": other.pk}).content.decode()
    assert client.session[SESSION_BRANCH] == other.pk
    assert "Vandaag in Dorp" in client.get(TODAY).content.decode()
    page = client.get(TODAY, {"vestiging": foreign.pk}).content.decode()
    assert "Elders" not in page
    for bad in ("abc", "-1", "٣", "9" * 30):
        assert client.get(TODAY, {"vestiging": bad}).status_code == 200


@pytest.mark.parametrize("role", ["partner", "funder"])
def test_partners_and_funders_have_no_vandaag(client, role):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(TODAY).status_code == 403


def test_vandaag_reads_at_most_ten_queries_for_a_busy_branch_without_offers(
    client, desk, branch, django_assert_max_num_queries
):
    room = RoomFactory(branch=branch)
    for hour in range(10, 16):
        _hour(branch, f"Spreekuur {hour}", (hour, 0), (hour, 45), room=room)
        ShiftFactory(branch=branch, weekday=1)
        ReferralFactory(library=branch.library, status=Status.REJECTED)
        RegistrationFactory(visit=VisitFactory(branch=branch), date=datetime.date(2026, 12, 8))
    ScheduleExceptionFactory(
        schedule=_hour(branch, "Weg", (16, 0), (17, 0)),
        date=datetime.date(2026, 12, 8),
        kind=ExceptionKind.CANCELLED,
    )
    moved = _hour(branch, "Verhuisd", (9, 0), (9, 30))
    ScheduleExceptionFactory(
        schedule=moved,
        date=datetime.date(2026, 12, 8),
        kind=ExceptionKind.MOVED,
        new_date=datetime.date(2026, 12, 8),
        opens_at=datetime.time(17, 0),
        closes_at=datetime.time(18, 0),
        room=room,
    )
    extra = ConsultationHourFactory(branch=branch, byday="WE", service__name="Extra")
    ScheduleExceptionFactory(
        schedule=extra,
        date=datetime.date(2026, 12, 8),
        kind=ExceptionKind.EXTRA,
        opens_at=datetime.time(18, 0),
        closes_at=datetime.time(19, 0),
    )
    shift = ShiftFactory(branch=branch, weekday=1, person__first_name="Anna")
    ShiftChangeFactory(
        shift=shift,
        date=datetime.date(2026, 12, 8),
        stand_in=UserFactory(first_name="Bert"),
        stand_in_kind=StaffKind.VOLUNTEER,
    )
    ServiceFactory(organization__library=branch.library, name="Nieuw loket", last_modified=NOW)
    client.get(TODAY)  # the first load remembers the branch in the session
    # Eight for the hours, duties, referrals, questions and changes; two more look for
    # activities and bookable hours (none here; see the test with them below).
    with django_assert_max_num_queries(10):
        page = client.get(TODAY).content.decode()
    # Everything was read: hours (moved, extra, cancelled), the stand-in, referrals, the
    # count and what changed.
    assert "Verhuisd" in page and "Extra" in page and "<del>Weg</del>" in page
    assert "Bert" in page and "Anna" in page
    assert page.count("referrals/") >= 5 or "Alle doorverwijzingen" in page
    assert "6 vragen geregistreerd" in page
    assert "Weg: gaat niet door op dinsdag 8 december" in page
    assert "Nieuw of gewijzigd: Nieuw loket" in page


def test_one_days_duties_are_those_of_a_longer_period_in_one_query(
    branch, django_assert_num_queries
):
    day = datetime.date(2026, 12, 8)
    taken_over = ShiftFactory(branch=branch, weekday=1, person__first_name="Anna")
    ShiftChangeFactory(
        shift=taken_over,
        date=day,
        stand_in=UserFactory(first_name="Bert"),
        stand_in_kind=StaffKind.PROFESSIONAL,
    )
    ShiftChangeFactory(shift=ShiftFactory(branch=branch, weekday=1), date=day)  # cancelled
    ShiftChangeFactory(shift=taken_over, date=day + datetime.timedelta(days=7))
    ShiftFactory(branch=branch, weekday=1, person__first_name="Cor")
    with django_assert_num_queries(1):
        one_day = selectors.duties_between(branches=[branch], start=day, end=day)[branch.pk][day]
    week = selectors.duties_between(
        branches=[branch], start=day - datetime.timedelta(days=1), end=day + datetime.timedelta(7)
    )
    assert one_day == week[branch.pk][day]
    assert [(duty.person_name.split()[0], duty.stand_in_for.split()[:1]) for duty in one_day] == [
        ("Bert", ["Anna"]),
        ("Cor", []),
    ]


def _activity_date(branch, title, hour, **activity):
    from plein.activities.tests.factories import OccurrenceFactory

    start = datetime.datetime(2026, 12, 8, hour, 0, tzinfo=datetime.UTC)
    return OccurrenceFactory(
        activity__branch=branch,
        activity__title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        **{f"activity__{name}": value for name, value in activity.items()},
    )


def test_the_desk_sees_todays_activities_with_seats_and_the_waiting_list(client, desk, branch):
    from plein.activities.tests.factories import SignUpFactory

    open_date = _activity_date(branch, "Klik en Tik", 12, capacity=3)
    SignUpFactory(occurrence=open_date)
    full = _activity_date(branch, "Digisterker", 13, capacity=1)
    SignUpFactory(occurrence=full)
    SignUpFactory(occurrence=full, waiting=True)
    SignUpFactory(occurrence=full, waiting=True)
    _activity_date(branch, "Inloop", 14, signup_required=False)
    gone = _activity_date(branch, "Afgelast", 15)
    gone.cancelled_at = NOW
    gone.save()
    _activity_date(BranchWithLocationFactory(library=branch.library), "Elders", 12)
    _activity_date(BranchWithLocationFactory(), "Andere bieb", 12)
    page = client.get(TODAY, {"vestiging": branch.pk}).content.decode()
    assert "Klik en Tik" in page and "nog 2 plaatsen" in page
    assert reverse("activities:occurrence", args=[open_date.pk]) in page
    assert "Digisterker" in page and "2 op de wachtlijst" in page and ">vol<" in page
    assert "Inloop" in page and "vrij toegankelijk" in page
    for absent in ("Afgelast", "Elders", "Andere bieb"):
        assert absent not in page


def test_the_desk_sees_bookable_hours_with_free_slots_today(client, desk, branch):
    from plein.appointments.tests.factories import BookableHourFactory, BookingFactory, at

    hour = BookableHourFactory(
        schedule=_hour(branch, "Belastingspreekuur", (12, 0), (13, 0)), slot_minutes=20
    )
    BookingFactory(hour=hour, start=at(12, 0), end=at(12, 20))
    full = BookableHourFactory(schedule=_hour(branch, "Volgeboekt", (14, 0), (14, 20)))
    BookingFactory(hour=full, start=at(14, 0), end=at(14, 20))
    BookableHourFactory(schedule=_hour(BranchWithLocationFactory(), "Elders", (12, 0), (13, 0)))
    page = client.get(TODAY, {"vestiging": branch.pk}).content.decode()
    assert "Belastingspreekuur" in page and "2 vrije tijden, eerste om 12.20" in page
    assert reverse("appointments:desk_book") in page
    assert "Volgeboekt" in page.split("afspraak-vandaag")[1]  # shown as "vol" (below)
    assert "Elders" not in page


def _bookable_section(page: str) -> list[str]:
    """The lines of "Vandaag nog op afspraak", one per hour."""
    section = page.split('id="afspraak-vandaag"')[1].split("</section>")[0]
    return [line.split("</li>")[0] for line in section.split("<li>")[1:]]


def test_a_full_bookable_hour_shows_vol_without_a_booking_link(client, desk, branch):
    from plein.appointments.tests.factories import BookableHourFactory, BookingFactory, at

    full = BookableHourFactory(
        schedule=_hour(branch, "Volgeboekt", (14, 0), (14, 40)), slot_minutes=20
    )
    BookingFactory(hour=full, start=at(14, 0), end=at(14, 20))
    BookingFactory(hour=full, start=at(14, 20), end=at(14, 40))
    page = client.get(TODAY, {"vestiging": branch.pk}).content.decode()
    (line,) = _bookable_section(page)
    assert "14.00–14.40" in line and "Volgeboekt" in line
    assert full.organization.name in line and ">vol<" in line
    assert "vrije tijd" not in line
    # No booking link at all when nothing is free today; the agenda, which the desk may follow.
    assert reverse("appointments:desk_book") not in page
    assert reverse("appointments:public_book", args=[branch.library.slug, full.pk]) not in page
    assert reverse("appointments:agenda") in line


def test_a_partly_booked_hour_still_shows_its_free_slots(client, desk, branch):
    from plein.appointments.tests.factories import BookableHourFactory, BookingFactory, at

    hour = BookableHourFactory(schedule=_hour(branch, "Halfvol", (14, 0), (15, 0)))
    BookingFactory(hour=hour, start=at(14, 20), end=at(14, 40))
    page = client.get(TODAY, {"vestiging": branch.pk}).content.decode()
    (line,) = _bookable_section(page)
    assert "2 vrije tijden, eerste om 14.00" in line and ">vol<" not in line
    assert reverse("appointments:desk_book") in page


def test_a_cancelled_or_past_bookable_hour_is_not_shown(client, desk, branch):
    from plein.appointments.tests.factories import BookableHourFactory, BookingFactory, at

    cancelled = BookableHourFactory(schedule=_hour(branch, "Vervallen", (14, 0), (14, 20)))
    BookingFactory(hour=cancelled, start=at(14, 0), end=at(14, 20))
    ScheduleExceptionFactory(schedule=cancelled.schedule, date=datetime.date(2026, 12, 8))
    past = BookableHourFactory(schedule=_hour(branch, "Vanochtend", (8, 0), (8, 20)))
    BookingFactory(hour=past, start=at(8, 0), end=at(8, 20))
    page = client.get(TODAY, {"vestiging": branch.pk}).content.decode()
    assert _bookable_section(page) == []
    assert "Vandaag geen vrije afspraaktijden meer" in page


def test_vandaag_reads_a_fixed_number_of_queries_for_many_activities_and_hours(
    client, desk, branch, django_assert_max_num_queries
):
    from plein.activities.tests.factories import SignUpFactory
    from plein.appointments.tests.factories import BookableHourFactory

    def load(activities: int) -> str:
        for n in range(activities):
            SignUpFactory(occurrence=_activity_date(branch, f"Les {n}", 12 + n % 6))
            BookableHourFactory(schedule=_hour(branch, f"Op afspraak {n}", (12, 0), (13, 0)))
        client.get(TODAY, {"vestiging": branch.pk})
        # Eight as before, and six for activities and bookable hours (schedule/offers.py):
        # one for the activity dates with their counts, one for the bookable hours, three
        # for their occurrences across the library and one for the taken slots.
        with django_assert_max_num_queries(14):
            return client.get(TODAY).content.decode()

    assert "Les 0" in load(1)
    page = load(6)
    assert "Les 5" in page and "Op afspraak 6" not in page and "Op afspraak 5" in page
