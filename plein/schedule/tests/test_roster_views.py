import datetime

import pytest
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.schedule import forms
from plein.schedule.models import PresenceRule, Shift, ShiftChange
from plein.schedule.tests.factories import ShiftFactory, branch_with_opening_hours

pytestmark = pytest.mark.django_db

DUTY = reverse("schedule:duty")
CREATE = reverse("schedule:shift_create")


@pytest.fixture
def branch():
    return branch_with_opening_hours(name="Centrum")


@pytest.fixture
def coordinator(client, branch):
    user = UserFactory(coordinator=True, library=branch.library)
    client.force_login(user)
    return user


def _shift_data(branch, person, changes=None):
    data = {
        "person": person.pk, "kind": "volunteer", "branch": branch.pk, "desk": "",
        "weekday": "1", "starts_at": "09:30", "ends_at": "12:30", "every_weeks": "2",
        "valid_from": "2026-12-01", "valid_until": "",
    }  # fmt: skip
    return data | (changes or {})


def test_a_desk_worker_sees_who_is_on_duty_but_cannot_manage(client, branch):
    shift = ShiftFactory(branch=branch, person__first_name="Anna", person__last_name="Vos")
    client.force_login(UserFactory(library=branch.library))
    page = client.get(DUTY, {"vestiging": branch.pk, "week": "2026-12-07"}).content.decode()
    assert "Anna Vos" in page and "vrijwilliger" in page
    assert "Gaten in de bezetting" not in page
    assert client.get(CREATE).status_code == 403
    assert client.get(reverse("schedule:shift_edit", args=[shift.pk])).status_code == 403


@pytest.mark.parametrize("role", ["partner", "funder"])
def test_partners_and_funders_have_no_roster(client, role):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(DUTY).status_code == 403


def test_a_coordinator_sees_the_gaps_and_the_rule(client, coordinator, branch):
    page = client.get(DUTY, {"vestiging": branch.pk}).content.decode()
    assert "Gaten in de bezetting, komende 14 dagen" in page
    assert "1 vrijwilliger te weinig" in page and "1 professional te weinig" in page


def test_a_coordinator_adds_a_shift(client, coordinator, branch):
    response = client.post(CREATE, _shift_data(branch, coordinator))
    assert response.status_code == 302
    shift = Shift.objects.get()
    assert (shift.library, shift.weekday, shift.every_weeks) == (branch.library, 1, 2)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": "09:00"}, "ends_at", forms.ENDS_BEFORE_START),
        ({"ends_at": "25:00"}, "ends_at", forms.TIME_INVALID),
        ({"valid_until": "2026-11-01"}, "valid_until", forms.UNTIL_BEFORE_FROM),
        ({"valid_from": "1-1-99999"}, "valid_from", forms.DATE_INVALID),
        ({"valid_from": "1800-01-01"}, "valid_from", forms.DATE_RANGE),
        ({"weekday": "7"}, "weekday", forms.UNKNOWN_CHOICE),
        ({"every_weeks": "9"}, "every_weeks", forms.UNKNOWN_CHOICE),
        ({"kind": "boss"}, "kind", forms.UNKNOWN_CHOICE),
        ({"person": "999999"}, "person", forms.UNKNOWN_CHOICE),
        ({"branch": "abc"}, "branch", forms.UNKNOWN_CHOICE),
    ],
)
def test_bad_shift_input_gets_a_dutch_message_and_keeps_the_rest(
    client, coordinator, branch, changes, field, message
):
    response = client.post(CREATE, _shift_data(branch, coordinator, changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [str(message)]
    assert 'value="09:30"' in response.content.decode() or field == "starts_at"
    assert not Shift.objects.exists()


def test_a_coordinator_cannot_use_people_or_branches_of_another_library(
    client, coordinator, branch
):
    stranger = UserFactory()
    foreign_branch = branch_with_opening_hours()
    response = client.post(CREATE, _shift_data(branch, stranger))
    assert response.context["form"].errors["person"] == [str(forms.UNKNOWN_CHOICE)]
    response = client.post(CREATE, _shift_data(foreign_branch, coordinator))
    assert response.context["form"].errors["branch"] == [str(forms.UNKNOWN_CHOICE)]
    assert not Shift.objects.exists()


def test_another_librarys_shifts_changes_and_rules_are_out_of_reach(client, coordinator):
    foreign = ShiftFactory()
    change = ShiftChange.objects.create(shift=foreign, date=datetime.date(2026, 12, 7))
    for url in (
        reverse("schedule:shift_edit", args=[foreign.pk]),
        reverse("schedule:shift_stop", args=[foreign.pk]),
        reverse("schedule:shift_change", args=[foreign.pk]),
        reverse("schedule:presence_rule", args=[foreign.branch.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("schedule:change_remove", args=[change.pk])).status_code == 404
    assert ShiftChange.objects.exists()


def test_a_stand_in_must_be_chosen_for_a_swap(client, coordinator, branch):
    shift = ShiftFactory(branch=branch)
    url = reverse("schedule:shift_change", args=[shift.pk])
    response = client.post(url, {"date": "2026-12-07", "what": "stand_in", "stand_in": ""})
    assert response.context["form"].errors["stand_in"] == [str(forms.STAND_IN_NEEDED)]
    response = client.post(url, {"date": "2026-12-08", "what": "cancel"})
    assert "Op deze datum heeft deze dienst geen beurt." in response.content.decode()
    response = client.post(url, {"date": "2026-12-07", "what": "cancel"})
    assert response.status_code == 302
    assert ShiftChange.objects.get().stand_in is None


def test_a_swap_shows_on_the_roster_and_can_be_undone(client, coordinator, branch):
    shift = ShiftFactory(branch=branch, person__first_name="Anna", person__last_name="Vos")
    url = reverse("schedule:shift_change", args=[shift.pk])
    client.post(
        url,
        {"date": "2026-12-07", "what": "stand_in", "stand_in": coordinator.pk,
         "stand_in_kind": "professional"},
    )  # fmt: skip
    page = client.get(DUTY, {"vestiging": branch.pk, "week": "2026-12-07"}).content.decode()
    assert "neemt het over van Anna Vos" in page
    change = ShiftChange.objects.get()
    client.post(reverse("schedule:change_remove", args=[change.pk]))
    assert not ShiftChange.objects.exists()


def test_stopping_a_shift_asks_first(client, coordinator, branch):
    shift = ShiftFactory(branch=branch, valid_from=datetime.date(2030, 1, 1))
    url = reverse("schedule:shift_stop", args=[shift.pk])
    assert "Ja, dienst stoppen" in client.get(url).content.decode()
    assert Shift.objects.exists()
    client.post(url)
    assert not Shift.objects.exists()


@pytest.mark.parametrize("value", ["21", "-1", "abc", "", "1e400"])
def test_bad_presence_rule_input_gets_a_dutch_message(client, coordinator, branch, value):
    url = reverse("schedule:presence_rule", args=[branch.pk])
    response = client.post(url, {"min_volunteers": value, "min_professionals": "1"})
    assert response.context["form"].errors["min_volunteers"] == [str(forms.NUMBER_RANGE)]
    assert not PresenceRule.objects.exists()


def test_the_presence_rule_is_saved_and_changes_the_gaps(client, coordinator, branch):
    url = reverse("schedule:presence_rule", args=[branch.pk])
    client.post(url, {"min_volunteers": "0", "min_professionals": "0"})
    page = client.get(DUTY, {"vestiging": branch.pk}).content.decode()
    assert "Geen gaten" in page


@pytest.mark.parametrize("week", ["gisteren", "99999-01-01", "1500-01-01"])
def test_an_unknown_week_shows_this_week_with_a_message(client, coordinator, branch, week):
    response = client.get(DUTY, {"vestiging": branch.pk, "week": week}, follow=True)
    assert response.status_code == 200
    assert "Die week bestaat niet; u ziet deze week." in response.content.decode()


def test_a_library_without_branches_gets_a_plain_page(client):
    client.force_login(UserFactory(coordinator=True))
    assert "nog geen actieve vestiging" in client.get(DUTY).content.decode()


def test_the_roster_page_runs_a_fixed_number_of_queries(
    client, coordinator, branch, django_assert_max_num_queries
):
    for _n in range(5):
        ShiftFactory(branch=branch)
    with django_assert_max_num_queries(22):
        client.get(DUTY, {"vestiging": branch.pk})
