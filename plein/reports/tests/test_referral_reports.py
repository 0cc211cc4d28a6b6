"""The referral report: counts per partner and month, timeliness, reasons; who sees what."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import LibraryFactory
from plein.core.workdays import AMSTERDAM
from plein.referrals.models import ReasonCode, Referral
from plein.referrals.tests.factories import ReferralFactory
from plein.reports import referrals as report
from plein.reports.selectors import ReportScope
from plein.socialmap.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 30, 12, tzinfo=AMSTERDAM)
JUNE = (datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))


def at(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, tzinfo=AMSTERDAM)


def make(organization, created, acknowledged=None, **state):
    referral = ReferralFactory(organization=organization, **state)
    Referral.objects.filter(pk=referral.pk).update(created_at=created, acknowledged_at=acknowledged)
    return referral


# Reasons given as free text ("anders", as the migration filed the reasons from before codes).
OTHER = {"status_reason_code": ReasonCode.OTHER}


@pytest.fixture
def world():
    """Library "Beek", June 2026 (counted by hand):

    Welzijn Oost (7): created Mon 1 June 10h unless said otherwise
      3 completed, acknowledged after 0.25, 1.0 and 1.5 working days (all in time)
      1 rejected "Past niet bij ons aanbod", acknowledged Thu 4 June 10h (3 wd: late)
      1 failed "Drie keer gebeld, geen gehoor.", acknowledged Tue 2 June 16h (1.25 wd)
      1 requested, never acknowledged (late)
      1 requested, created Mon 29 June 10h: still inside its two days, not judged
    Schuldhulp West (2): 1 rejected "past niet bij ons aanbod" acknowledged 1 June 12h,
      1 in-progress acknowledged Wed 3 June 10h (2.0 wd, in time)
    Not counted: one entered-in-error, one made in May, one of another library.
    """
    library = LibraryFactory(name="Beek", slug="beek")
    oost = OrganizationFactory(library=library, is_partner=True, name="Welzijn Oost")
    west = OrganizationFactory(library=library, is_partner=True, name="Schuldhulp West")
    june1 = at(6, 1)
    make(oost, june1, at(6, 1, 16), completed=True)
    make(oost, june1, at(6, 2, 10), completed=True)
    make(oost, june1, at(6, 2, 22), completed=True)
    make(
        oost, june1, at(6, 4, 10), rejected=True, status_reason="Past niet bij ons aanbod", **OTHER
    )
    make(
        oost,
        june1,
        at(6, 2, 16),
        failed=True,
        status_reason="Drie keer gebeld, geen gehoor.",
        **OTHER,
    )
    make(oost, june1)
    make(oost, at(6, 29))
    make(
        west,
        june1,
        at(6, 1, 12),
        rejected=True,
        status_reason=" past niet bij  ons aanbod",
        **OTHER,
    )
    make(west, june1, at(6, 3, 10), in_progress=True)
    make(oost, june1, entered_in_error=True)
    make(oost, at(5, 29), completed=True)
    make(OrganizationFactory(is_partner=True, name="Elders"), june1, completed=True)
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


def build(library, **kwargs):
    with_reasons = kwargs.pop("with_reasons", True)
    return report.referral_report(
        scope=scope(library, **kwargs), with_reasons=with_reasons, now=NOW
    )


def test_outcomes_per_organisation(world):
    table = build(world).outcomes
    assert table.columns == [
        "Loopt nog",
        "Afgerond",
        "Afgewezen",
        "Niet bereikt",
        "Geannuleerd",
        "Totaal",
    ]
    assert texts(table) == {
        "Schuldhulp West": ["1", "0", "1", "0", "0", "2"],
        "Welzijn Oost": ["2", "3", "1", "1", "0", "7"],
        "Totaal": ["3", "3", "2", "1", "0", "9"],
    }


def test_timeliness_per_organisation(world):
    table = build(world).timeliness
    assert texts(table) == {
        # Oost: judged 6 (not the one of 29 June), in time 4 -> 66,7%; median of
        # 0.25, 1.0, 1.5, 3.0, 1.25 = 1.25 -> 1,2 (rounded half to even) ; completed 3 of 5 closed
        "Welzijn Oost": ["7", "66,7%", "1,2", "60,0%"],
        # West: both in time; median of 0.083 and 2.0 = 1.04; completed 0 of 1 closed
        "Schuldhulp West": ["2", "100,0%", "1,0", "0,0%"],
        "Alle organisaties": ["9", "75,0%", "1,2", "50,0%"],
    }


def test_a_referral_still_inside_its_two_working_days_is_not_judged(world):
    library = LibraryFactory()
    organization = OrganizationFactory(library=library, is_partner=True, name="Nieuw")
    make(organization, at(6, 29))
    table = build(library).timeliness
    assert texts(table)["Nieuw"] == ["1", "–", "–", "–"]


def test_per_month(world):
    table = build(world, start=datetime.date(2026, 5, 1)).months
    assert texts(table) == {
        "mei 2026": ["0", "1", "0", "0", "0", "1"],
        "juni 2026": ["3", "3", "2", "1", "0", "9"],
        "Totaal": ["3", "4", "2", "1", "0", "10"],
    }


def test_reasons_are_grouped_case_and_spacing_insensitive(world):
    reasons = build(world).reasons
    assert [(r.organization, r.group, r.reason, r.count) for r in reasons] == [
        ("Schuldhulp West", "Afgewezen", "Past niet bij ons aanbod", 1),
        ("Welzijn Oost", "Niet bereikt", "Drie keer gebeld, geen gehoor", 1),
        ("Welzijn Oost", "Afgewezen", "Past niet bij ons aanbod", 1),
    ]


def test_reasons_are_left_out_when_not_asked_for(world):
    assert build(world, with_reasons=False).reasons is None


def test_protected_report_hides_small_counts_and_what_rests_on_them(world):
    result = build(world, protected=True)
    # Every count is 1-4 except the totals, which would give the small ones away: "×".
    assert texts(result.outcomes) == {
        "Schuldhulp West": ["<5", "0", "<5", "0", "0", "<5"],
        "Welzijn Oost": ["<5", "<5", "<5", "<5", "0", "×"],
        "Totaal": ["<5", "<5", "<5", "<5", "0", "×"],
    }
    # Shares rest on hidden counts; a median needs at least 5 acknowledged referrals.
    assert texts(result.timeliness) == {
        "Schuldhulp West": ["<5", "×", "×", "×"],
        "Welzijn Oost": ["×", "×", "1,2", "×"],
        "Alle organisaties": ["×", "×", "1,2", "×"],
    }


def test_an_empty_period_gives_empty_tables(world):
    result = build(world, start=datetime.date(2025, 1, 1), end=datetime.date(2025, 1, 31))
    assert result.outcomes.is_empty and result.timeliness.is_empty and result.months.is_empty
    assert result.reasons == []


def test_the_report_reads_no_encrypted_field(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(1) as captured:
        report.referral_facts(scope=scope(world))
    sql = captured.captured_queries[0]["sql"]
    for column in ("first_name", "phone", "email", "summary", "preferred_time"):
        assert column not in sql


# The page and the downloads

URL = "/rapportage/doorverwijzingen/"
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


def test_the_url_is_the_reports_referral_page():
    assert reverse("reports:referrals") == URL


def test_coordinator_sees_exact_counts_and_the_reasons(client, coordinator):
    response = get(client, coordinator)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Welzijn Oost" in page and "66,7%" in page
    assert "Redenen van afwijzen en niet bereiken" in page
    assert "Drie keer gebeld, geen gehoor" in page
    assert "Elders" not in page  # another library's partner


def test_funder_sees_protected_counts_and_no_reasons(client, funder):
    # Funders see months that are over (periods.py): June, seen in July.
    page = get(client, funder, now=NOW + datetime.timedelta(days=2)).content.decode()
    assert "&lt;5" in page
    assert "Drie keer gebeld" not in page and "Past niet bij ons aanbod" not in page
    assert "Redenen van afwijzen" not in page


def test_the_page_holds_no_personal_data(client, coordinator):
    page = get(client, coordinator).content.decode()
    for value in ("Fatima", "06-12345678", "fatima@voorbeeld.nl", "toeslagen en een brief"):
        assert value not in page


@pytest.mark.parametrize("role", ["anonymous", "desk", "partner", "unfunded funder"])
def test_others_are_refused(client, world, role):
    if role == "anonymous":
        response = client.get(URL)
        assert response.status_code == 302 and "inloggen" in response["Location"]
        return
    user = {
        "desk": lambda: UserFactory(library=world),
        "partner": lambda: UserFactory(partner=True),
        "unfunded funder": lambda: UserFactory(funder=True),
    }[role]()
    assert get(client, user).status_code == 403
    export = reverse("reports:referrals_export", args=["outcomes", "csv"])
    assert get(client, user, export).status_code == 403


def test_another_librarys_report_is_a_404(client, coordinator):
    other = LibraryFactory()
    assert get(client, coordinator, period="month", library=str(other.pk)).status_code == 404
    assert get(client, coordinator, period="month", library="x").status_code == 404


def test_bad_dates_are_explained_and_kept(client, coordinator):
    response = get(client, coordinator, period="custom", start="31-02-2026", end="bla")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vul een datum in als dd-mm-jjjj" in page
    assert 'value="31-02-2026"' in page and 'value="bla"' in page
    response = get(client, coordinator, period="custom", start="30-06-2026", end="01-06-2026")
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()


def test_the_page_needs_few_queries(client, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(10):
        assert client.get(URL, JUNE_QUERY).status_code == 200


@pytest.mark.parametrize("table", ["outcomes", "timeliness", "months"])
def test_exports_are_protected_even_for_the_coordinator(client, coordinator, table):
    url = reverse("reports:referrals_export", args=[table, "csv"])
    response = get(client, coordinator, url)
    assert response.status_code == 200
    content = response.content.decode("utf-8-sig")
    assert "<5" in content or "×" in content
    assert "Past niet" not in content and "Drie keer" not in content
    assert response["Content-Disposition"].startswith('attachment; filename="plein-')


def test_xlsx_export_works(client, coordinator):
    url = reverse("reports:referrals_export", args=["outcomes", "xlsx"])
    response = get(client, coordinator, url)
    assert response.status_code == 200 and response.content[:2] == b"PK"


@pytest.mark.parametrize(("table", "fmt"), [("reasons", "csv"), ("outcomes", "pdf")])
def test_reasons_and_unknown_formats_cannot_be_downloaded(client, coordinator, table, fmt):
    url = f"{URL}export/{table}.{fmt}"
    assert get(client, coordinator, url).status_code == 404


def test_an_export_with_bad_dates_says_why(client, coordinator):
    url = reverse("reports:referrals_export", args=["outcomes", "csv"])
    response = get(client, coordinator, url, period="custom", start="bla")
    assert response.status_code == 400
    assert "Vul een datum in als dd-mm-jjjj" in response.content.decode()


def test_coded_reasons_are_counted_by_their_label_without_the_text():
    library = LibraryFactory()
    organization = OrganizationFactory(library=library, is_partner=True, name="Raad")
    for text in ("Buiten Deventer", "Woont in Olst"):
        made = make(
            organization,
            at(6, 1),
            rejected=True,
            status_reason_code=ReasonCode.OUTSIDE_AREA,
            status_reason=text,
        )
        assert made.status_reason == text
    reasons = build(library).reasons
    assert [(r.reason, r.count) for r in reasons] == [(str(ReasonCode.OUTSIDE_AREA.label), 2)]
