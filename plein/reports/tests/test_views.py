"""Report pages per role, bad input, and no way into another library's numbers."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.reports.forms import (
    DATE_INVALID,
    DIMENSION_UNKNOWN,
    END_BEFORE_START,
    OPTION_UNKNOWN,
    RANGE_TOO_LONG,
    SAME_DIMENSION,
    period_range,
)

from .conftest import DAY

URL = "/rapportage/"


@pytest.fixture(autouse=True)
def _in_june():
    with time_machine.travel(datetime.datetime(2026, 6, 20, 12, 0), tick=False):
        yield


@pytest.fixture
def coordinator(world):
    return UserFactory(coordinator=True, library=world.library)


@pytest.fixture
def funder(world):
    user = UserFactory(funder=True)
    user.funded_libraries.add(world.library)
    return user


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and "/inloggen/" in response.url


@pytest.mark.parametrize("role", ["desk", "partner", "unfunded"])
def test_desk_workers_partners_and_funders_without_libraries_are_refused(client, world, role):
    user = {
        "desk": lambda: UserFactory(library=world.library),
        "partner": lambda: UserFactory(partner=True),
        "unfunded": lambda: UserFactory(funder=True),
    }[role]()
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.get("/rapportage/ido/").status_code == 403
    assert client.get("/rapportage/export/topic.csv").status_code == 403


def test_coordinator_sees_exact_counts_of_this_month(
    client, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    with django_assert_max_num_queries(30):
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 juni 2026 tot en met 30 juni 2026" in html
    assert "<svg" in html and 'role="img"' in html
    # Five questions in June, shown exactly; the other library's question is not counted.
    totals = response.context["totals"]
    assert [cells[0].text for _label, cells in totals.rows] == ["4", "5", "2", "1"]
    assert "&lt;5" not in html.split('id="tabel-totals"')[1].split("</table>")[0]


def test_change_against_the_previous_period_is_shown_to_the_coordinator(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL, {"period": "month"})
    questions = dict(response.context["totals"].rows)["Vragen"]
    # June: 5 questions; 2 May – 31 May: 2.
    assert [cell.text for cell in questions] == ["5", "2", "3"]


def test_funder_sees_small_counts_as_less_than_five(client, funder):
    # Funders see months that are over, last month by default: June, seen in July.
    with time_machine.travel(datetime.datetime(2026, 7, 2, 12, 0), tick=False):
        client.force_login(funder)
        response = client.get(URL)
    assert response.status_code == 200
    assert (response.context["scope"].start, response.context["scope"].end) == (
        datetime.date(2026, 6, 1),
        datetime.date(2026, 6, 30),
    )
    questions = dict(response.context["totals"].rows)["Vragen"]
    assert [cell.text for cell in questions] == ["5", "<5", "×"]
    topic = dict((t.key, t) for t, _chart in response.context["tables"])["topic"]
    assert all(cell.hidden for _label, cells in topic.rows for cell in cells)
    assert "<5" in response.content.decode().replace("&lt;", "<")


def test_funder_asking_for_a_library_they_do_not_fund_gets_404(client, funder, world):
    client.force_login(funder)
    assert client.get(URL, {"library": world.other_library.pk}).status_code == 404
    assert client.get(URL, {"library": "abc"}).status_code == 404
    assert (
        client.get("/rapportage/export/topic.csv", {"library": world.other_library.pk}).status_code
        == 404
    )


def test_funder_of_two_libraries_can_choose_one(client, funder, world):
    funder.funded_libraries.add(world.other_library)
    client.force_login(funder)
    both = client.get(URL).context["scope"]
    one = client.get(URL, {"library": world.other_library.pk}).context["scope"]
    assert set(both.libraries) == {world.library.pk, world.other_library.pk}
    assert one.libraries == (world.other_library.pk,)


def test_coordinator_cannot_filter_on_another_librarys_branch_or_topic(client, coordinator, world):
    client.force_login(coordinator)
    for field, value in (("branch", world.other_branch.pk), ("topic", world.other_topic.pk)):
        response = client.get(URL, {"period": "month-1", field: value, "complex_only": "on"})
        assert response.status_code == 200
        assert response.context["form"].errors[field] == [str(OPTION_UNKNOWN)]
        assert "report" not in response.context
        # The other filters stay as they were.
        assert 'value="month-1" selected' in response.content.decode()
        assert "checked" in response.content.decode()


@pytest.mark.parametrize(
    "query, field, message",
    [
        ({"period": "custom", "start": "2026-13-45"}, "start", DATE_INVALID),
        ({"period": "custom", "start": "gisteren"}, "start", DATE_INVALID),
        ({"period": "custom", "start": "10-06-2026", "end": "01-06-2026"}, "end", END_BEFORE_START),
        ({"period": "custom", "start": "01-01-2015", "end": "01-06-2026"}, "start", RANGE_TOO_LONG),
        ({"rows": "postcode"}, "rows", DIMENSION_UNKNOWN),
        ({"rows": "topic", "columns": "topic"}, "columns", SAME_DIMENSION),
        ({"rows": "age_band"}, "rows", DIMENSION_UNKNOWN),  # not recorded by this library
        ({"outcome": "999999"}, "outcome", OPTION_UNKNOWN),
        ({"desk": "x"}, "desk", OPTION_UNKNOWN),
    ],
)
def test_bad_input_gets_a_dutch_message_and_keeps_the_filters(
    client, coordinator, world, query, field, message
):
    client.force_login(coordinator)
    response = client.get(URL, {**query, "channel": world.phone.pk})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [str(message)]
    assert f'<option value="{world.phone.pk}" selected>' in response.content.decode()


def test_a_download_with_bad_input_is_refused_with_the_reason(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/rapportage/export/topic.csv", {"period": "custom", "start": "nee"})
    assert response.status_code == 400
    assert str(DATE_INVALID) in response.content.decode()


def test_unknown_tables_and_formats_are_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/rapportage/export/postcode.csv").status_code == 404
    assert client.get("/rapportage/export/topic.pdf").status_code == 404


def test_cross_table_of_any_two_dimensions(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL, {"rows": "weekday", "columns": "channel"})
    cross = dict((t.key, t) for t, _chart in response.context["tables"])["cross"]
    rows = {label: [c.text for c in cells] for label, cells in cross.rows}
    assert cross.columns == ["Balie", "Telefoon", "Totaal"]
    assert rows["maandag"] == ["3", "0", "3"] and rows["dinsdag"] == ["0", "1", "1"]


def test_ido_page_shows_totals_per_branch(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("reports:ido"), {"period": "month"})
    assert response.status_code == 200
    rows = {label: [c.text for c in cells] for label, cells in response.context["table"].rows}
    assert rows["Noord"] == ["2", "3", "0", "0", "3", "1"]
    assert response.context["table"].footer[1][0].text == "4"


def test_period_presets():
    assert period_range("month-1", DAY) == (datetime.date(2026, 5, 1), datetime.date(2026, 5, 31))
    assert period_range("quarter", DAY) == (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    assert period_range("quarter-1", datetime.date(2026, 2, 3)) == (
        datetime.date(2025, 10, 1),
        datetime.date(2025, 12, 31),
    )
    assert period_range("week", DAY) == (DAY, datetime.date(2026, 6, 21))
    assert period_range("year-1", DAY) == (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert period_range("yesterday", DAY) == (datetime.date(2026, 6, 14),) * 2


def test_age_band_and_gender_tables_appear_when_the_library_records_them(
    client, coordinator, world
):
    from plein.questions.models import RegistrationSettings

    client.force_login(coordinator)
    keys = [t.key for t, _chart in client.get(URL).context["tables"]]
    assert "age_band" not in keys and "gender" not in keys
    RegistrationSettings.objects.create(library=world.library, record_gender=True)
    response = client.get(URL, {"rows": "gender", "columns": "topic"})
    keys = [t.key for t, _chart in response.context["tables"]]
    assert "gender" in keys and "age_band" not in keys
    gender = dict((t.key, t) for t, _chart in response.context["tables"])["gender"]
    assert gender.rows[0][0] == "Niet ingevuld" and gender.rows[0][1][0].text == "5"


def test_dashboard_page_query_count_is_bounded(client, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    with django_assert_max_num_queries(26):
        client.get(URL, {"rows": "weekday", "columns": "hour"})
