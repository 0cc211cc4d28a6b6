"""Downloads: CSV for Dutch Excel and XLSX, always protected, named after library and period."""

import csv
import datetime
import html
import io
import re
import zipfile

import pytest
import time_machine

from plein.accounts.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _in_june():
    with time_machine.travel(datetime.datetime(2026, 6, 20, 12, 0), tick=False):
        yield


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(UserFactory(coordinator=True, library=world.library))
    return client


def _csv(response, *, with_filters: bool = False) -> list[list[str]]:
    """The title, table and notes; with_filters: also the filters recorded below them."""
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM tells Excel it is UTF-8
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    return rows if with_filters else rows[: rows.index([])]


def test_csv_is_protected_even_for_the_coordinator(coordinator_client):
    response = coordinator_client.get("/rapportage/export/branch.csv", {"period": "month"})
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0] == ["Vragen per vestiging"]
    assert rows[1] == ["Vestiging", "Vragen"]
    # Noord 3 and Zuid 2 are both small; their sum 5 shows, but only as hidden: 3 + 2 could be
    # made of other small counts, and the total alone would not give them away... except that
    # both are small, so the total is hidden as well.
    assert rows[2:] == [["Noord", "<5"], ["Zuid", "<5"], ["Totaal", "×"]]


def test_csv_filename_names_library_table_and_period(coordinator_client):
    response = coordinator_client.get("/rapportage/export/topic.csv", {"period": "month-1"})
    assert response["Content-Disposition"] == (
        'attachment; filename="plein-topic-beek-2026-05-01-2026-05-31.csv"'
    )


def test_csv_of_the_totals_hides_the_change_of_a_hidden_count(coordinator_client):
    rows = _csv(coordinator_client.get("/rapportage/export/totals.csv"))
    by_label = {row[0]: row[1:] for row in rows[2:]}
    assert by_label["Vragen"] == ["5", "<5", "×"]


def _xlsx_cells(content: bytes) -> dict[str, str]:
    """{"A1": value} read back from the sheet's XML (shared or inline strings, numbers)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        names = archive.namelist()
        shared_xml = (
            archive.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in names else ""
        )
    shared = [html.unescape(t) for t in re.findall(r"<t[^>]*>([^<]*)</t>", shared_xml)]
    cells = {}
    for attributes, inner in re.findall(r"<c ([^>]*)>(.*?)</c>", sheet):
        ref_match = re.search(r'r="(\w+)"', attributes)
        value_match = re.search(r"<(?:v|t)[^>]*>([^<]*)<", inner)
        assert ref_match and value_match
        ref, value = ref_match.group(1), html.unescape(value_match.group(1))
        cells[ref] = shared[int(value)] if 't="s"' in attributes else value
    return cells


def test_xlsx_holds_the_same_protected_table(coordinator_client):
    response = coordinator_client.get("/rapportage/export/ido.xlsx", {"period": "month"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-beek-2026-06-01-2026-06-30.xlsx"')
    cells = _xlsx_cells(response.content)
    assert cells["A1"] == "IDO-totalen"
    assert cells["A2"] == "Vestiging" and cells["C2"] == "Vragen digitale overheid"
    # Row 3 is Noord: 2 visitors, 3 digital-government questions, all small, so hidden.
    assert [cells[f"{column}3"] for column in "ABCDEFG"] == [
        "Noord",
        "<5",
        "<5",
        "0",
        "0",
        "<5",
        "<5",
    ]


def test_every_dashboard_table_exports_in_both_formats(coordinator_client):
    for table in ("totals", "series", "branch", "desk", "channel", "topic", "life_domain",
                  "outcome", "referral", "heatmap", "cross", "ido"):  # fmt: skip
        for fmt in ("csv", "xlsx"):
            response = coordinator_client.get(f"/rapportage/export/{table}.{fmt}")
            assert response.status_code == 200, (table, fmt)


def test_a_topic_named_like_a_formula_is_text_in_the_csv(coordinator_client, world):
    attack = "=cmd|' /C calc'!A0"
    world.toeslagen.name = attack
    world.toeslagen.save()
    rows = _csv(
        coordinator_client.get(
            "/rapportage/export/topic.csv", {"period": "month", "topic": world.toeslagen.pk}
        ),
        with_filters=True,
    )
    labels = [row[0] for row in rows if row]
    assert "'" + attack in labels
    # The topic filter recorded below the table is text as well.
    assert ["Onderwerp", "'" + attack] in rows
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
