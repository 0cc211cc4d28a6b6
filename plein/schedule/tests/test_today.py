import datetime

import pytest
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.questions.tests.factories import RegistrationFactory, VisitFactory
from plein.referrals.models import Status
from plein.referrals.tests.factories import ReferralFactory
from plein.schedule.tests.factories import ShiftFactory
from plein.schedule.views_today import SESSION_BRANCH
from plein.socialmap.models import ExceptionKind
from plein.socialmap.tests.factories import (
    BranchWithLocationFactory,
    ConsultationHourFactory,
    RoomFactory,
    ScheduleExceptionFactory,
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


def test_vandaag_reads_a_fixed_number_of_queries(
    client, desk, branch, django_assert_max_num_queries
):
    room = RoomFactory(branch=branch)
    for hour in range(10, 16):
        _hour(branch, f"Spreekuur {hour}", (hour, 0), (hour, 45), room=room)
        ShiftFactory(branch=branch, weekday=1)
        ReferralFactory(library=branch.library, status=Status.REJECTED)
    ScheduleExceptionFactory(
        schedule=_hour(branch, "Weg", (16, 0), (17, 0)),
        date=datetime.date(2026, 12, 8),
        kind=ExceptionKind.CANCELLED,
    )
    client.get(TODAY)  # the first load remembers the branch in the session
    with django_assert_max_num_queries(12):
        client.get(TODAY)
