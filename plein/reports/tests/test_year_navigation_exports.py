"""Issue 16 §3: "Dit jaar" runs until today and compares with the same days a year earlier; the
dashboard has a table of contents; desks are named with their branch; exports hold their filters."""

import csv
import datetime
import io
import re

import pytest
import time_machine

from plein.accounts.tests.factories import UserFactory
from plein.questions.tests.factories import DeskFactory
from plein.reports.forms import period_range
from plein.reports.selectors import ReportScope, year_earlier

from .conftest import _question, _visit
from .test_exports import _xlsx_cells

URL = "/rapportage/"


@pytest.fixture(autouse=True)
def _in_june():
    with time_machine.travel(datetime.datetime(2026, 6, 20, 12, 0), tick=False):
        yield


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(UserFactory(coordinator=True, library=world.library))
    return client


def test_this_year_runs_from_the_first_of_january_until_today():
    assert period_range("year", datetime.date(2026, 6, 20)) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 6, 20),
    )
    assert period_range("year", datetime.date(2027, 1, 1)) == (datetime.date(2027, 1, 1),) * 2
    # Last year stays the whole calendar year.
    assert period_range("year-1", datetime.date(2026, 6, 20)) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
    )


def test_this_year_compares_with_the_same_days_a_year_earlier():
    scope = ReportScope(
        libraries=(1,),
        start=datetime.date(2028, 1, 1),
        end=datetime.date(2028, 2, 29),
        year_to_date=True,
    )
    previous = scope.previous()
    assert (previous.start, previous.end) == (datetime.date(2027, 1, 1), datetime.date(2027, 2, 28))
    assert year_earlier(datetime.date(2026, 12, 31)) == datetime.date(2025, 12, 31)
    # Other periods still compare with the period of equal length just before.
    month = ReportScope(
        libraries=(1,), start=datetime.date(2026, 6, 1), end=datetime.date(2026, 6, 30)
    )
    assert (month.previous().start, month.previous().end) == (
        datetime.date(2026, 5, 2),
        datetime.date(2026, 5, 31),
    )


def test_dashboard_this_year_counts_until_today_against_the_same_days_last_year(
    coordinator_client, world
):
    for day in (datetime.date(2025, 1, 1), datetime.date(2025, 6, 20)):
        _question(_visit(world.north, world.balie, day, 10), [world.digid])
    # Outside the same days last year: after 20 June, and the last day of 2024.
    for day in (datetime.date(2025, 6, 21), datetime.date(2024, 12, 31)):
        _question(_visit(world.north, world.balie, day, 10), [world.digid])
    response = coordinator_client.get(URL, {"period": "year"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 januari 2026 tot en met 20 juni 2026" in html
    totals = response.context["totals"]
    assert totals.columns[1] == "1 januari 2025 – 20 juni 2025"
    questions = dict(totals.rows)["Vragen"]
    # This year: five questions in June and two in May; last year's same days: two.
    assert [cell.text for cell in questions] == ["7", "2", "5"]


def test_dashboard_has_a_table_of_contents_linking_to_every_section(coordinator_client):
    html = coordinator_client.get(URL).content.decode()
    nav = html.split('aria-labelledby="op-deze-pagina"')[1].split("</nav>")[0]
    targets = re.findall(r'href="#([\w-]+)"', nav)
    assert "tabel-totals" in targets and "volledigheid" in targets and "tabel-topic" in targets
    assert len(targets) >= 10
    for target in targets:
        assert f'id="{target}"' in html, target


def test_desk_filter_names_each_desk_with_its_branch(coordinator_client, world):
    DeskFactory(branch=world.south, name="Infopunt")
    response = coordinator_client.get(URL)
    labels = [label for _value, label in response.context["form"].fields["desk"].choices]
    assert "Infopunt (Noord)" in labels and "Infopunt (Zuid)" in labels


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_records_period_and_filters(coordinator_client, world):
    response = coordinator_client.get(
        "/rapportage/export/topic.csv",
        {"period": "month", "branch": world.north.pk, "desk": world.desk.pk, "complex_only": "on"},
    )
    rows = _csv(response)
    filters = rows[rows.index(["Filters"]) + 1 :]
    assert filters == [
        ["Periode", "Deze maand: 1 juni 2026 tot en met 30 juni 2026"],
        ["Vestiging", "Noord"],
        ["Balie", "Infopunt (Noord)"],
        ["Kanaal", "Alle"],
        ["Onderwerp", "Alle"],
        ["Leefgebied", "Alle"],
        ["Uitkomst", "Alle"],
        ["Alleen complexe vragen", "ja"],
    ]
    # The table itself still starts right below its title.
    assert rows[1] == ["Onderwerp", "Vragen"]


def test_custom_period_and_cross_table_are_recorded_in_the_export(coordinator_client):
    response = coordinator_client.get(
        "/rapportage/export/cross.csv",
        {"start": "01-03-2026", "end": "31-03-2026", "rows": "topic", "columns": "channel"},
    )
    rows = _csv(response)
    assert ["Periode", "1 maart 2026 tot en met 31 maart 2026"] in rows
    assert ["Kruistabel", "Onderwerp × Kanaal"] in rows


def test_xlsx_and_referral_exports_record_their_filters(coordinator_client):
    cells = _xlsx_cells(
        coordinator_client.get("/rapportage/export/ido.xlsx", {"period": "year"}).content
    )
    values = list(cells.values())
    assert "Filters" in values
    assert "Dit jaar: 1 januari 2026 tot en met 20 juni 2026" in values
    rows = _csv(
        coordinator_client.get(
            "/rapportage/doorverwijzingen/export/outcomes.csv", {"period": "month-1"}
        )
    )
    assert ["Periode", "Vorige maand: 1 mei 2026 tot en met 31 mei 2026"] in rows
