"""The activities and appointments report: sign-ups, attendance, waiting lists and no-shows per
activity, theme and partner; booked slots per partner; protection, tenancy and the purge."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.activities import services as activity_services
from plein.activities.models import Attendance, SignUp, Status
from plein.activities.tests.factories import ActivityFactory, OccurrenceFactory, SignUpFactory
from plein.appointments.models import BookingStatus
from plein.appointments.tests.factories import BookableHourFactory, BookingFactory
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.core.workdays import AMSTERDAM
from plein.reports import activities as report
from plein.reports.selectors import ReportScope
from plein.socialmap.models import Organization
from plein.socialmap.tests.factories import OrganizationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 30, 12, tzinfo=AMSTERDAM)
JUNE = (datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))


def at(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, tzinfo=AMSTERDAM)


def signups(occurrence, count, **fields):
    for _ in range(count):
        SignUpFactory(occurrence=occurrence, **fields)


PRESENT = {"attendance": Attendance.PRESENT}
ABSENT = {"attendance": Attendance.ABSENT}


@pytest.fixture
def world():
    """Library "Beek", June 2026 (counted by hand):

    Klik & Tik (theme Digitaal, the library's own), 10 June: 6 present, 1 absent, 2 waiting
      (one still waiting, one whose offer lapsed), 1 cancelled.
    Digisterker (theme Digitaal, partner Welzijn Oost), 17 June: 5 present, 2 not recorded.
    Bookings with Welzijn Oost in June: 5 attended, 1 no-show, 1 cancelled.
    Not counted: a sign-up on 29 May, a sign-up and a booking of another library.
    """
    library = LibraryFactory(name="Beek", slug="beek")
    branch = BranchFactory(library=library)
    theme = ThemeFactory(name="Digitaal")
    oost = OrganizationFactory(library=library, is_partner=True, name="Welzijn Oost")
    own = ActivityFactory(branch=branch, title="Klik & Tik", theme=theme, capacity=20)
    june10 = OccurrenceFactory(activity=own, starts_at=at(6, 10), ends_at=at(6, 10, 12))
    signups(june10, 6, **PRESENT)
    signups(june10, 1, **ABSENT)
    signups(june10, 1, status=Status.WAITING)
    signups(june10, 1, status=Status.EXPIRED)
    signups(june10, 1, status=Status.CANCELLED)
    may = OccurrenceFactory(activity=own, starts_at=at(5, 29), ends_at=at(5, 29, 12))
    signups(may, 1, **PRESENT)
    partner = ActivityFactory(
        branch=branch, title="Digisterker", theme=theme, organization=oost, capacity=20
    )
    june17 = OccurrenceFactory(activity=partner, starts_at=at(6, 17), ends_at=at(6, 17, 12))
    signups(june17, 5, **PRESENT)
    signups(june17, 2)
    elsewhere = OccurrenceFactory(
        activity__title="Elders", starts_at=at(6, 10), ends_at=at(6, 10, 12)
    )
    signups(elsewhere, 1, **PRESENT)

    hour = BookableHourFactory()
    hour.library = library
    hour.organization = oost
    hour.save()
    for day, status in [
        *[(d, BookingStatus.ATTENDED) for d in (2, 9, 16, 23, 30)],
        (3, BookingStatus.NO_SHOW),
        (10, BookingStatus.CANCELLED),
    ]:
        BookingFactory(hour=hour, start=at(6, day), status=status)
    other = BookableHourFactory()
    other.organization.name = "Elders partner"
    other.organization.save()
    BookingFactory(hour=other, start=at(6, 2), status=BookingStatus.ATTENDED)
    return library


def scope(library, *, protected=False, threshold=5, start=JUNE[0], end=JUNE[1]):
    return ReportScope(
        libraries=(library.pk,), start=start, end=end, protected=protected, threshold=threshold
    )


def texts(table):
    rows = {label: [cell.text for cell in cells] for label, cells in table.rows}
    if table.footer:
        rows[table.footer[0]] = [cell.text for cell in table.footer[1]]
    return rows


def test_exact_counts_per_activity_theme_and_partner(world):
    result = report.activity_report(scope=scope(world))
    assert texts(result.per_activity) == {
        "Digisterker": ["5", "0", "2", "0", "0", "7"],
        "Klik & Tik": ["6", "1", "0", "2", "1", "10"],
        "Totaal": ["11", "1", "2", "2", "1", "17"],
    }
    assert texts(result.per_theme) == {
        "Digitaal": ["11", "1", "2", "2", "1", "17"],
        "Totaal": ["11", "1", "2", "2", "1", "17"],
    }
    assert texts(result.per_partner) == {
        "De bibliotheek zelf": ["6", "1", "0", "2", "1", "10"],
        "Welzijn Oost": ["5", "0", "2", "0", "0", "7"],
        "Totaal": ["11", "1", "2", "2", "1", "17"],
    }


def test_booked_slots_per_partner_with_no_shows(world):
    result = report.activity_report(scope=scope(world))
    assert texts(result.bookings) == {
        "Welzijn Oost": ["5", "1", "0", "1", "7"],
        "Totaal": ["5", "1", "0", "1", "7"],
    }


def test_counts_survive_the_purge_of_personal_data(world):
    before = report.activity_report(scope=scope(world))
    purged = activity_services.signups_purge(now=NOW + datetime.timedelta(days=400))
    assert purged > 0
    assert not SignUp.objects.exclude(name="").exists()
    after = report.activity_report(scope=scope(world))
    for key, table in before.tables().items():
        assert texts(after.tables()[key]) == texts(table)


def test_protection_hides_every_count_from_one_to_four(world):
    result = report.activity_report(scope=scope(world, protected=True))
    exact = report.activity_report(scope=scope(world))
    for key, table in result.tables().items():
        exact_rows = exact.tables()[key].rows
        for (_label, cells), (_same, exact_cells) in zip(table.rows, exact_rows, strict=True):
            for cell, plain in zip(cells, exact_cells, strict=True):
                if 0 < plain.value < 5:
                    assert cell.text in ("<5", "×"), (key, cell)
    # 5 present and 2 not recorded of 7: the 5 must go too, or 7 − 5 gives the 2 away.
    assert texts(result.per_partner)["Welzijn Oost"][:3] == ["×", "0", "<5"]
    assert "0" in texts(result.per_partner)["Welzijn Oost"]  # zeros are no secret


def test_the_facts_read_no_encrypted_field(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(1) as captured:
        report.signup_facts(scope=scope(world))
    sql = captured.captured_queries[0]["sql"]
    for column in ('"activities_signup"."name"', "phone", "email", "contact_hash"):
        assert column not in sql


# The page and the downloads

URL = "/rapportage/activiteiten/"
JUNE_QUERY = {"period": "custom", "start": "01-06-2026", "end": "30-06-2026"}


@pytest.fixture
def coordinator(world):
    return UserFactory(coordinator=True, library=world)


@pytest.fixture
def funder(world):
    user = UserFactory(funder=True)
    user.funded_libraries.add(world)
    return user


def get(client, user, url=URL, now=NOW, **query):
    client.force_login(user)
    with time_machine.travel(now, tick=False):
        return client.get(url, query or JUNE_QUERY)


def test_the_url_and_the_link_from_the_dashboard(client, coordinator):
    assert reverse("reports:activities") == URL
    page = get(client, coordinator, reverse("reports:dashboard"), period="month")
    assert URL in page.content.decode()


def test_coordinator_sees_exact_counts_of_their_own_library(client, coordinator):
    response = get(client, coordinator)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Klik &amp; Tik" in page and "Digisterker" in page and "Welzijn Oost" in page
    assert "Elders" not in page  # another library's activity and partner
    assert "Deelnemer" not in page and "06 1234" not in page


def test_funder_sees_protected_counts(client, funder):
    page = get(client, funder, now=NOW + datetime.timedelta(days=2)).content.decode()
    assert "&lt;5" in page and "Klik &amp; Tik" in page
    assert "Elders" not in page


@pytest.mark.parametrize("role", ["anonymous", "desk", "partner", "unfunded funder", "other"])
def test_others_are_refused(client, world, role):
    if role == "anonymous":
        response = client.get(URL)
        assert response.status_code == 302 and "inloggen" in response["Location"]
        return
    user = {
        "desk": lambda: UserFactory(library=world),
        "partner": lambda: UserFactory(partner=True),
        "unfunded funder": lambda: UserFactory(funder=True),
        "other": lambda: UserFactory(coordinator=True, library=LibraryFactory()),
    }[role]()
    if role == "other":
        page = get(client, user).content.decode()
        assert "Klik &amp; Tik" not in page and "Welzijn Oost" not in page
        assert get(client, user, library=str(world.pk), period="month").status_code == 404
        return
    assert get(client, user).status_code == 403
    export = reverse("reports:activities_export", args=["activities", "csv"])
    assert get(client, user, export).status_code == 403


def test_bad_dates_are_explained_and_kept(client, coordinator):
    response = get(client, coordinator, period="custom", start="31-02-2026", end="bla")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vul een datum in als dd-mm-jjjj" in page
    assert 'value="31-02-2026"' in page and 'value="bla"' in page


@pytest.mark.parametrize("table", ["activities", "themes", "partners", "bookings"])
def test_exports_are_protected_even_for_the_coordinator(client, coordinator, table):
    url = reverse("reports:activities_export", args=[table, "csv"])
    response = get(client, coordinator, url)
    assert response.status_code == 200
    content = response.content.decode("utf-8-sig")
    assert "<5" in content
    assert response["Content-Disposition"].startswith('attachment; filename="plein-')


@pytest.mark.parametrize(("table", "fmt"), [("reasons", "csv"), ("activities", "pdf")])
def test_unknown_tables_and_formats_cannot_be_downloaded(client, coordinator, table, fmt):
    assert get(client, coordinator, f"{URL}export/{table}.{fmt}").status_code == 404


def test_an_export_with_bad_dates_says_why(client, coordinator):
    url = reverse("reports:activities_export", args=["activities", "xlsx"])
    response = get(client, coordinator, url, period="custom", start="bla")
    assert response.status_code == 400


def test_the_page_needs_few_queries(client, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(10):
        assert client.get(URL, JUNE_QUERY).status_code == 200


def test_the_demo_ships_past_dates_the_report_shows():
    from plein.demo.load import demo_load

    demo_load()
    today = datetime.date.today()
    library = SignUp.objects.exclude(purged_at=None).first().library
    result = report.activity_report(
        scope=scope(library, start=today - datetime.timedelta(days=31), end=today)
    )
    rows = texts(result.per_activity)
    assert rows["Digisterker"][:2] == ["7", "2"]
    assert rows["Klik & Tik"][:2] == ["5", "1"]
    assert texts(result.evaluations)["Digisterker"] == ["6", "4,2"]
    assert ("Klik & Tik", "Fijn dat er koffie was.") in result.comments
    assert not SignUp.objects.exclude(purged_at=None).exclude(name="").exists()


def test_a_funders_quarter_shows_only_what_its_months_show(world):
    """Q2 2026: each count of the quarter must be shown in every month too, else "×"."""
    april = OccurrenceFactory(
        activity=SignUp.objects.filter(occurrence__activity__title="Klik & Tik")
        .first()
        .occurrence.activity,
        starts_at=at(4, 8),
        ends_at=at(4, 8, 12),
    )
    signups(april, 4, **ABSENT)  # 5 absent in the quarter: shown alone, but June has 1
    quarter = ReportScope(
        libraries=(world.pk,),
        start=datetime.date(2026, 4, 1),
        end=datetime.date(2026, 6, 30),
        protected=True,
        threshold=5,
        fixed=True,
    )
    result = report.activity_report(scope=quarter)
    june = report.activity_report(scope=scope(world, protected=True))
    for key, table in result.tables().items():
        june_rows = dict(june.tables()[key].rows)
        for label, cells in table.rows:
            for cell, in_june in zip(cells, june_rows[label], strict=True):
                if in_june.hidden:
                    assert cell.hidden, (key, label)
    assert texts(result.per_activity)["Klik & Tik"][1] == "×"


@pytest.fixture
def evaluated(world):
    """Klik & Tik on 10 June: six answers (5, 4, 4, 3, 5, 3: average 4,0), one comment;
    Digisterker: two answers."""
    from plein.activities.models import Evaluation, Occurrence

    klik = Occurrence.objects.get(activity__title="Klik & Tik", starts_at=at(6, 10))
    digi = Occurrence.objects.get(activity__title="Digisterker")
    for score in (5, 4, 4, 3, 5, 3):
        Evaluation.objects.create(library=world, occurrence=klik, score=score)
    Evaluation.objects.create(library=world, occurrence=digi, score=2, comment="Te snel.")
    Evaluation.objects.create(library=world, occurrence=digi, score=4)
    return world


def test_evaluations_per_activity_exact_for_the_coordinator(evaluated):
    result = report.activity_report(scope=scope(evaluated))
    assert texts(result.evaluations) == {
        "Digisterker": ["2", "3,0"],
        "Klik & Tik": ["6", "4,0"],
        "Alle activiteiten": ["8", "3,8"],
    }
    assert result.comments == [("Digisterker", "Te snel.")]


def test_evaluations_protected_for_funders_without_comments(evaluated):
    result = report.activity_report(scope=scope(evaluated, protected=True))
    # Two answers: neither count nor average; the 6 must go too, or 8 − 6 gives the 2 away,
    # and an average rests on its count.
    assert texts(result.evaluations) == {
        "Digisterker": ["<5", "×"],
        "Klik & Tik": ["×", "×"],
        "Alle activiteiten": ["8", "3,8"],
    }
    assert result.comments is None


def test_comments_only_on_the_coordinators_screen(client, evaluated):
    coordinator = UserFactory(coordinator=True, library=evaluated)
    assert "Te snel." in get(client, coordinator).content.decode()
    export = reverse("reports:activities_export", args=["evaluations", "csv"])
    assert "Te snel." not in get(client, coordinator, export).content.decode("utf-8-sig")
    funder = UserFactory(funder=True)
    funder.funded_libraries.add(evaluated)
    page = get(client, funder, now=NOW + datetime.timedelta(days=2)).content.decode()
    assert "Te snel." not in page and "Beoordeling na afloop" in page


def _evaluate(library, occurrence, *scores):
    from plein.activities.models import Evaluation

    for score in scores:
        Evaluation.objects.create(library=library, occurrence=occurrence, score=score)


@pytest.fixture
def evaluated_themes(evaluated):
    """Besides `evaluated`: Taalcafé (theme Taal, partner Welzijn Oost) on 24 June with three
    answers (1, 2, 3); another library's activity under a theme and a partner of the same
    names with five answers of 1, which never count."""
    branch = BranchFactory(library=evaluated)
    oost = Organization.objects.get(library=evaluated, name="Welzijn Oost")
    taal = ActivityFactory(
        branch=branch, title="Taalcafé", theme=ThemeFactory(name="Taal"), organization=oost
    )
    _evaluate(
        evaluated,
        OccurrenceFactory(activity=taal, starts_at=at(6, 24), ends_at=at(6, 24, 12)),
        1, 2, 3,
    )  # fmt: skip
    other = LibraryFactory()
    elsewhere = ActivityFactory(
        branch=BranchFactory(library=other),
        title="Digisterker",
        theme=ThemeFactory(name="Digitaal"),
        organization=OrganizationFactory(library=other, name="Welzijn Oost"),
    )
    _evaluate(
        other,
        OccurrenceFactory(activity=elsewhere, starts_at=at(6, 17), ends_at=at(6, 17, 12)),
        1, 1, 1, 1, 1,
    )  # fmt: skip
    return evaluated


def test_evaluations_per_theme_and_partner_exact_for_the_coordinator(evaluated):
    result = report.activity_report(scope=scope(evaluated))
    # Digitaal: 5, 4, 4, 3, 5, 3 and 2, 4 = 30 / 8 = 3,75.
    assert texts(result.evaluation_themes) == {
        "Digitaal": ["8", "3,8"],
        "Alle activiteiten": ["8", "3,8"],
    }
    assert texts(result.evaluation_partners) == {
        "De bibliotheek zelf": ["6", "4,0"],
        "Welzijn Oost": ["2", "3,0"],
        "Alle activiteiten": ["8", "3,8"],
    }
    assert result.evaluation_themes.title == "Beoordeling na afloop per thema"
    assert result.evaluation_partners.row_header == "Partner"


def test_another_librarys_evaluations_never_count_per_theme_or_partner(evaluated_themes):
    result = report.activity_report(scope=scope(evaluated_themes))
    # Welzijn Oost: Digisterker 2, 4 and Taalcafé 1, 2, 3 = 12 / 5 = 2,4; the other
    # library's five answers of 1 under the same names would make it 17 / 10.
    assert texts(result.evaluation_themes) == {
        "Digitaal": ["8", "3,8"],
        "Taal": ["3", "2,0"],
        "Alle activiteiten": ["11", "3,3"],
    }
    assert texts(result.evaluation_partners) == {
        "De bibliotheek zelf": ["6", "4,0"],
        "Welzijn Oost": ["5", "2,4"],
        "Alle activiteiten": ["11", "3,3"],
    }


def test_theme_and_partner_averages_below_the_threshold_are_not_shown(evaluated_themes):
    result = report.activity_report(scope=scope(evaluated_themes, protected=True))
    themes = texts(result.evaluation_themes)
    # Taal has three answers: neither its count nor its average; the 8 goes too, or 11 − 8
    # gives the 3 away, and an average rests on its count.
    assert themes["Taal"] == ["<5", "×"]
    assert themes["Digitaal"] == ["×", "×"]
    assert themes["Alle activiteiten"] == ["11", "3,3"]
    # Five and six answers: shown, with their averages.
    assert texts(result.evaluation_partners) == {
        "De bibliotheek zelf": ["6", "4,0"],
        "Welzijn Oost": ["5", "2,4"],
        "Alle activiteiten": ["11", "3,3"],
    }
    higher = report.activity_report(scope=scope(evaluated_themes, protected=True, threshold=6))
    partners = texts(higher.evaluation_partners)
    assert partners["Welzijn Oost"] == ["<6", "×"]
    assert partners["De bibliotheek zelf"][1] == "×"


def test_the_page_shows_the_evaluations_per_theme_and_partner(client, evaluated):
    coordinator = UserFactory(coordinator=True, library=evaluated)
    page = get(client, coordinator).content.decode()
    assert "Beoordeling na afloop per thema" in page
    assert "Beoordeling na afloop per partner" in page
    for key in ("evaluation_themes", "evaluation_partners"):
        assert reverse("reports:activities_export", args=[key, "xlsx"]) in page


@pytest.mark.parametrize("table", ["evaluation_themes", "evaluation_partners"])
def test_the_exports_hold_the_protected_evaluations_per_theme_and_partner(
    client, evaluated_themes, table
):
    from .test_exports import _xlsx_cells

    coordinator = UserFactory(coordinator=True, library=evaluated_themes)
    csv_url = reverse("reports:activities_export", args=[table, "csv"])
    content = get(client, coordinator, csv_url).content.decode("utf-8-sig")
    rows = [line.split(";") for line in content.splitlines()]
    by_label = {row[0]: row[1:] for row in rows[2:] if len(row) == 3}
    title = {"evaluation_themes": "thema", "evaluation_partners": "partner"}[table]
    assert rows[0] == [f"Beoordeling na afloop per {title}"]
    assert rows[1] == [title.capitalize(), "Antwoorden", "Gemiddeld cijfer (1–5)"]
    if table == "evaluation_themes":
        assert by_label["Taal"] == ["<5", "×"] and by_label["Digitaal"] == ["×", "×"]
    else:
        assert by_label["Welzijn Oost"] == ["5", "2.4"]  # a number, as in every download
    assert by_label["Alle activiteiten"] == ["11", "3.3"]
    assert "Te snel." not in content
    xlsx_url = reverse("reports:activities_export", args=[table, "xlsx"])
    cells = _xlsx_cells(get(client, coordinator, xlsx_url).content)
    assert cells["A1"] == f"Beoordeling na afloop per {title}"
    assert "Alle activiteiten" in cells.values() and "11" in cells.values()
