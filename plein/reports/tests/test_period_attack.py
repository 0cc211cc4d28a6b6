"""An attacker with a funder's account subtracts periods (issue 10, §3).

The funder looks at every period offered (each month, quarter and year that is over) and
subtracts what one view shows from another: a period minus periods inside it leaves the count
of the days in between. No such difference may be a count from 1 to the threshold − 1, and no
month's hidden number may come out of one.
"""

import datetime
import random
from dataclasses import dataclass

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.models import OutcomeKind
from plein.questions.tests.factories import ChannelFactory, OutcomeFactory, TopicFactory
from plein.reports import periods
from plein.reports.forms import FIXED_PERIOD_ONLY
from plein.reports.protection import protect_list
from plein.reports.tables import Table

from .conftest import _question, _visit

NOW = datetime.datetime(2026, 7, 10, 12, tzinfo=datetime.UTC)
THRESHOLD = 5
MONTHS = [datetime.date(2025 + (m // 12), m % 12 + 1, 1) for m in range(18)]  # 2025-01 … 2026-06


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def months(self) -> frozenset[datetime.date]:
        return frozenset(m for m in MONTHS if self.start <= m <= self.end)


def _month_end(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(
        days=1
    )


def _offered() -> list[Period]:
    """Every period a funder can choose in July 2026: months, quarters and years that are over."""
    found = [Period(m, _month_end(m)) for m in MONTHS]
    found += [
        Period(m, _month_end(MONTHS[i + 2])) for i, m in enumerate(MONTHS) if m.month % 3 == 1
    ]
    found += [Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))]
    return found


def _data(seed: int):
    """Few questions a month over 18 months: many small counts."""
    rng = random.Random(seed)
    library = LibraryFactory.create(name="Bibliotheek Aanval", slug="aanval")
    branches = [BranchFactory(library=library, name=name) for name in ("Noord", "Zuid")]
    channel = ChannelFactory(library=library, name="Balie")
    topics = [TopicFactory(library=library, name=name) for name in ("DigiD", "Toeslagen", "Pas")]
    outcomes = [
        OutcomeFactory(library=library, name="Beantwoord", kind=OutcomeKind.ANSWERED),
        OutcomeFactory(library=library, name="Doorverwezen", kind=OutcomeKind.REFERRED),
    ]
    for month in MONTHS:
        for topic in topics:
            for _i in range(rng.choice([0, 1, 2, 3, 5, 6, 7, 9])):
                day = month + datetime.timedelta(days=rng.randrange(28))
                visit = _visit(rng.choice(branches), channel, day, rng.choice([10, 11, 14]))
                _question(visit, [topic], outcome=rng.choice(outcomes))
    funder = UserFactory.create(funder=True)
    funder.funded_libraries.add(library)
    return funder


def _shown(client, period: Period) -> dict[tuple[str, str, str], int]:
    """Every number the funder's dashboard shows for the period, by (table, row, column)."""
    query = {
        "period": "custom",
        "start": f"{period.start:%d-%m-%Y}",
        "end": f"{period.end:%d-%m-%Y}",
    }
    response = client.get("/rapportage/", {**query, "rows": "topic", "columns": "branch"})
    assert response.status_code == 200 and response.context["scope"].fixed
    tables = [response.context["totals"], *(table for table, _chart in response.context["tables"])]
    shown = {}
    for table in tables:
        lines = [*table.rows, table.footer] if table.footer else table.rows
        for label, cells in lines:
            for column, cell in zip(table.columns, cells, strict=True):
                # The totals' other columns are the previous period's; that period is offered too.
                if table.key == "totals" and column != table.columns[0]:
                    continue
                if not cell.hidden:
                    shown[(table.key, label, column)] = cell.value
    return shown


def _views(client) -> dict[Period, dict]:
    with time_machine.travel(NOW, tick=False):
        return {period: _shown(client, period) for period in _offered()}


def _leaks(views: dict[Period, dict], whole: Period, parts: list[Period]) -> list[str]:
    """What `whole` minus the disjoint `parts` inside it reveals, if anything small."""
    rest = whole.months - frozenset().union(*(p.months for p in parts))
    single = next((p for p in views if p.months == rest), None) if len(rest) == 1 else None
    found = []
    for key, value in views[whole].items():
        if not all(key in views[p] for p in parts):
            continue  # a hidden number in a part: nothing to subtract
        difference = value - sum(views[p][key] for p in parts)
        if 0 < difference < THRESHOLD:
            found.append(f"{key}: {sorted(rest)} = {difference}")
        if single is not None and key not in views[single]:
            found.append(f"{key}: hidden in {sorted(rest)}, recovered as {difference}")
    return found


def _attacks(views: dict[Period, dict]):
    """A period and some disjoint offered periods inside it."""
    offered = list(views)

    @st.composite
    def attack(draw):
        whole = draw(st.sampled_from([p for p in offered if len(p.months) > 1]))
        inside = [p for p in offered if p.months < whole.months]
        parts: list[Period] = []
        for part in draw(st.permutations(inside)):
            if not any(part.months & p.months for p in parts) and draw(st.booleans()):
                parts.append(part)
        return whole, parts

    return attack()


def _attack_exhaustively(views) -> list[str]:
    """Every period minus every single offered period inside it, and minus all its months
    but one."""
    found = []
    for whole in views:
        inside = [p for p in views if p.months < whole.months]
        for part in inside:
            found += _leaks(views, whole, [part])
        months = [p for p in inside if len(p.months) == 1]
        for left_out in months:
            found += _leaks(views, whole, [p for p in months if p != left_out])
    return found


@pytest.fixture
def attacker(client, db):
    with time_machine.travel(NOW, tick=False):
        funder = _data(seed=10)
        client.force_login(funder)
    return client


def test_no_difference_of_a_funders_periods_reveals_a_small_count(attacker):
    views = _views(attacker)
    assert sum(map(len, views.values())) > 500  # the attacker sees plenty

    assert _attack_exhaustively(views) == []

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_attacks(views))
    def random_attack(attack):
        whole, parts = attack
        assert _leaks(views, whole, parts) == []

    random_attack()


def test_without_consistent_periods_the_same_attacker_succeeds(attacker, monkeypatch):
    # The attack has teeth: protecting each period on its own, as before, gives counts away.
    monkeypatch.setattr(periods, "needs_months", lambda scope: False)
    leaks = _attack_exhaustively(_views(attacker))
    # e.g. "Q1 2025 minus January and March: 4 referrals in February", shown there as "<5".
    assert any("recovered" not in leak for leak in leaks)
    assert any("recovered" in leak for leak in leaks)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("01-11-2025", "30-11-2025"),  # allowed: a month that is over
        ("01-11-2025", "29-11-2025"),  # the attack: one day less
        ("02-11-2025", "30-11-2025"),
        ("01-02-2026", "30-04-2026"),  # three months, but not a quarter
        ("01-07-2026", "31-07-2026"),  # this month: not over
        ("01-01-2026", "31-12-2026"),  # this year: not over
    ],
)
def test_funders_choose_whole_calendar_periods_that_are_over(attacker, start, end):
    with time_machine.travel(NOW, tick=False):
        response = attacker.get("/rapportage/", {"period": "custom", "start": start, "end": end})
    assert response.status_code == 200
    refused = str(FIXED_PERIOD_ONLY) in response.content.decode()
    assert refused == ((start, end) != ("01-11-2025", "30-11-2025"))


def test_a_longer_period_shows_exactly_what_all_its_months_show():
    def table(values):
        cells, total = protect_list(values, threshold=THRESHOLD)
        rows = [(label, [cell]) for label, cell in zip(("A", "B", "C"), cells, strict=True)]
        return Table("topic", "Vragen", "Onderwerp", ["Vragen"], rows, ("Totaal", [total]))

    months = [table([5, 6, 0]), table([5, 0, 0]), table([5, 0, 2])]
    alone = table([15, 6, 2])
    # Protected on its own, the quarter would hide B beside the small C.
    assert [cells[0].text for _label, cells in alone.rows] == ["15", "×", "<5"]
    quarter = periods.table_consistent(alone, months)
    # Every month shows B: the quarter shows their sum. March hides A (beside its 2) and C.
    assert [cells[0].text for _label, cells in quarter.rows] == ["×", "6", "×"]
    assert quarter.footer is not None and quarter.footer[1][0].text == "23"
