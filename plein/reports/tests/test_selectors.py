"""Report selectors against the hand-counted data set of conftest.World."""

import datetime

import pytest

from plein.questions.models import RegistrationSettings
from plein.questions.tests.factories import AgeBandFactory, RegistrationFactory, VisitFactory
from plein.reports.selectors import (
    ReportScope,
    Totals,
    report_breakdown,
    report_completeness,
    report_cross,
    report_dashboard,
    report_dimensions,
    report_heatmap,
    report_ido,
    report_series,
    report_threshold,
    report_totals,
)

from .conftest import at

JUNE = (datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))


def june(world, **filters) -> ReportScope:
    return ReportScope(libraries=(world.library.pk,), start=JUNE[0], end=JUNE[1], **filters)


def test_previous_period_has_equal_length_and_ends_the_day_before():
    scope = ReportScope(libraries=(1,), start=datetime.date(2026, 6, 1), end=JUNE[1])
    previous = scope.previous()
    assert previous.end == datetime.date(2026, 5, 31)
    assert previous.start == datetime.date(2026, 5, 2)  # 30 days, like June


def test_totals_count_visits_questions_referrals_and_complex_questions(world):
    totals, previous = report_totals(scope=june(world))
    # June: visits A, B, C, D; five questions; referred: A's second and D's; complex: one.
    assert totals == Totals(visits=4, questions=5, referrals=2, complex=1)
    # 2 May – 31 May holds visit E with two questions.
    assert previous == Totals(visits=1, questions=2, referrals=0, complex=0)


def test_another_librarys_questions_are_never_counted(world):
    totals, _previous = report_totals(scope=june(world))
    everything, _ = report_totals(
        scope=ReportScope(
            libraries=(world.library.pk, world.other_library.pk), start=JUNE[0], end=JUNE[1]
        )
    )
    assert everything.questions == totals.questions + 1


def test_a_question_with_two_topics_counts_under_each(world):
    assert report_breakdown(scope=june(world), dimension="topic") == [
        ("DigiD", 3),
        ("Toeslagen", 2),
        ("Bibliotheekpas", 1),
    ]


def test_breakdowns_by_branch_channel_outcome_and_referral(world):
    scope = june(world)
    assert report_breakdown(scope=scope, dimension="branch") == [("Noord", 3), ("Zuid", 2)]
    assert report_breakdown(scope=scope, dimension="channel") == [("Balie", 4), ("Telefoon", 1)]
    assert report_breakdown(scope=scope, dimension="outcome") == [
        ("Beantwoord", 2),
        ("Doorverwezen", 2),
        ("Geen uitkomst", 1),
    ]
    assert report_breakdown(scope=scope, dimension="referral") == [
        ("Onbekend", 1),
        ("Schuldhulp", 1),
    ]
    assert report_breakdown(scope=scope, dimension="desk") == [("Infopunt", 3), ("Geen balie", 2)]


def test_archived_options_still_appear_under_their_name(world):
    world.toeslagen.archived_at = at(datetime.date(2026, 6, 20), 9)
    world.toeslagen.save(update_fields=["archived_at"])
    names = [name for name, _n in report_breakdown(scope=june(world), dimension="topic")]
    assert "Toeslagen" in names


def test_filters_narrow_every_count(world):
    assert report_totals(scope=june(world, topic_ids=(world.toeslagen.pk,)))[0].questions == 2
    assert report_totals(scope=june(world, branch_ids=(world.south.pk,)))[0].visits == 2
    assert report_totals(scope=june(world, complex_only=True))[0].questions == 1
    assert report_totals(scope=june(world, life_domain_ids=(world.money.pk,)))[0].visits == 1
    assert report_totals(scope=june(world, channel_ids=(world.phone.pk,)))[0].questions == 1
    assert report_totals(scope=june(world, outcome_ids=(world.referred.pk,)))[0].referrals == 2


def test_series_per_day_fills_days_without_questions(world):
    scope = ReportScope(
        libraries=(world.library.pk,),
        start=datetime.date(2026, 6, 14),
        end=datetime.date(2026, 6, 17),
    )
    unit, series = report_series(scope=scope)
    assert unit == "day"
    assert series == [
        (datetime.date(2026, 6, 14), 0),
        (datetime.date(2026, 6, 15), 3),
        (datetime.date(2026, 6, 16), 1),
        (datetime.date(2026, 6, 17), 0),
    ]


def test_series_per_month_for_a_long_range(world):
    scope = ReportScope(
        libraries=(world.library.pk,), start=datetime.date(2025, 12, 1), end=JUNE[1]
    )
    unit, series = report_series(scope=scope)
    assert unit == "month"
    assert series[-2:] == [(datetime.date(2026, 5, 1), 2), (datetime.date(2026, 6, 1), 5)]
    assert len(series) == 7


def test_series_per_week_starts_on_monday(world):
    scope = ReportScope(libraries=(world.library.pk,), start=datetime.date(2026, 4, 1), end=JUNE[1])
    unit, series = report_series(scope=scope)
    assert unit == "week"
    assert dict(series)[datetime.date(2026, 6, 15)] == 4  # Monday 15 and Tuesday 16 June
    assert dict(series)[datetime.date(2026, 6, 1)] == 1
    assert all(day.weekday() == 0 for day, _n in series)


def test_heatmap_counts_by_weekday_and_hour(world):
    assert report_heatmap(scope=june(world)) == {(1, 10): 3, (2, 14): 1, (3, 11): 1}


def test_cross_table_of_topic_and_branch(world):
    cross = report_cross(scope=june(world), rows="topic", columns="branch")
    assert cross.row_labels == ["DigiD", "Toeslagen", "Bibliotheekpas"]
    assert cross.column_labels == ["Noord", "Zuid"]
    assert cross.cells == [[3, 0], [1, 1], [0, 1]]


def test_cross_table_with_age_band_reads_the_visit(world):
    band = AgeBandFactory(library=world.library, name="65+")
    visit = VisitFactory(
        branch=world.north, channel=world.balie, started_at=at(JUNE[0], 12), age_band=band
    )
    RegistrationFactory(visit=visit, topics=[world.pas])
    cross = report_cross(scope=june(world), rows="age_band", columns="topic")
    assert cross.row_labels == ["Niet ingevuld", "65+"]
    # Columns by size, ties by name: DigiD 3, Bibliotheekpas 2, Toeslagen 2.
    assert cross.column_labels == ["DigiD", "Bibliotheekpas", "Toeslagen"]
    assert cross.cells[1] == [0, 1, 0]


def test_completeness_counts_full_visits_with_every_enabled_field(world):
    # A (complete), B (tally: incomplete), C (complete), D (complete).
    assert report_completeness(scope=june(world)) == (3, 4)
    RegistrationSettings.objects.create(library=world.library, record_age_band=True)
    # Now no visit has an age band.
    assert report_completeness(scope=june(world)) == (0, 4)


def test_completeness_needs_an_outcome_on_every_question(world):
    visit = VisitFactory(
        branch=world.north, channel=world.balie, started_at=at(JUNE[0], 12), duration_band="5_15"
    )
    RegistrationFactory(visit=visit, outcome=world.answered)
    RegistrationFactory(visit=visit)
    assert report_completeness(scope=june(world)) == (3, 5)


def test_ido_counts_each_question_once_with_digital_government_first(world):
    rows = {row.branch: row for row in report_ido(scope=june(world))}
    north, south = rows["Noord"], rows["Zuid"]
    # Noord: digid, toeslagen+digid, digid -> 3 digital government; 2 visits; 1 referral.
    assert (north.visits, north.digital_government, north.library, north.other) == (2, 3, 0, 0)
    assert north.referrals == 1
    # Zuid: pas (library), toeslagen (other, referred).
    assert (south.visits, south.digital_government, south.library, south.other) == (2, 0, 1, 1)
    assert south.referrals == 1


def test_age_band_and_gender_only_where_a_library_records_them(world):
    assert "age_band" not in report_dimensions(libraries=[world.library.pk])
    RegistrationSettings.objects.create(library=world.library, record_gender=True)
    dimensions = report_dimensions(libraries=[world.library.pk])
    assert "gender" in dimensions and "age_band" not in dimensions


def test_threshold_is_the_highest_and_never_below_five(world):
    assert report_threshold(libraries=[world.library.pk]) == 5
    RegistrationSettings.objects.create(library=world.library, small_cell_threshold=8)
    RegistrationSettings.objects.create(library=world.other_library, small_cell_threshold=6)
    assert report_threshold(libraries=[world.library.pk, world.other_library.pk]) == 8


@pytest.mark.parametrize("cross", [("topic", "branch"), ("weekday", "life_domain"), None])
def test_the_dashboard_runs_a_fixed_number_of_queries(world, cross, django_assert_num_queries):
    # totals (questions, visits), series, 7 breakdowns, heatmap, cross table, completeness
    # (settings + figures).
    with django_assert_num_queries(14 if cross else 13):
        report_dashboard(scope=june(world), cross=cross)


def test_link_tables_and_the_question_table_give_the_same_topic_counts(world):
    both_branches = june(world, branch_ids=(world.north.pk, world.south.pk))
    for dimension in ("topic", "life_domain"):
        fast = report_breakdown(scope=june(world), dimension=dimension)
        assert fast == report_breakdown(scope=both_branches, dimension=dimension)
    assert report_breakdown(scope=june(world), dimension="life_domain") == [("Financiën", 1)]


def test_visits_counted_from_visits_or_from_questions_agree(world):
    every_topic = june(world, topic_ids=(world.digid.pk, world.toeslagen.pk, world.pas.pk))
    assert report_totals(scope=june(world)) == report_totals(scope=every_topic)
