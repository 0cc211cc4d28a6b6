"""Reports in a real browser: a coordinator filters, reads chart and table, downloads a CSV;
a funder sees small counts hidden."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.tests.factories import (
    ChannelFactory,
    RegistrationFactory,
    TopicFactory,
    VisitFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _library_with_questions(ago=datetime.timedelta(hours=1)):
    """Seven DigiD questions and two about the library card, at one branch, an hour ago."""
    library = LibraryFactory(name="Bibliotheek Beek", slug="beek")
    branch = BranchFactory(library=library, name="Noord")
    channel = ChannelFactory(library=library, name="Balie")
    digid = TopicFactory(library=library, name="DigiD")
    card = TopicFactory(library=library, name="Bibliotheekpas")
    started = timezone.now() - ago
    for topic in [digid] * 7 + [card] * 2:
        visit = VisitFactory(branch=branch, channel=channel, started_at=started)
        RegistrationFactory(visit=visit, topics=[topic])
    return library, timezone.localtime(started).date()


def _custom_period(page, day):
    page.get_by_label("Periode").select_option("custom")
    page.get_by_label("Van").fill((day - datetime.timedelta(days=6)).strftime("%d-%m-%Y"))
    page.get_by_label("Tot en met").fill(day.strftime("%d-%m-%Y"))


def test_coordinator_filters_reads_and_downloads(page, login, assert_accessible):
    library, day = _library_with_questions()
    login(page, UserFactory(coordinator=True, library=library))

    page.goto("/rapportage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportage")
    assert_accessible(page)

    # A mistake first: the message is clear and the chosen cross table stays.
    page.get_by_label("Periode").select_option("custom")
    page.get_by_label("Van").fill("31-02-2026x")
    page.get_by_label("Kruistabel: rijen").select_option("weekday")
    page.get_by_role("button", name="Toon rapportage").click()
    expect(page.get_by_role("alert")).to_contain_text("Niet alles is goed ingevuld")
    expect(page.get_by_text("Vul een datum in als dd-mm-jjjj")).to_be_visible()
    expect(page.get_by_label("Kruistabel: rijen")).to_have_value("weekday")
    assert_accessible(page)

    _custom_period(page, day)
    page.get_by_role("button", name="Toon rapportage").click()
    section = page.get_by_role("region", name="Vragen per onderwerp", exact=True)
    expect(section.get_by_role("img")).to_have_accessible_name(re.compile("Hoogste: DigiD \\(7\\)"))
    table = section.get_by_role("table", name="Vragen per onderwerp")
    expect(table.get_by_role("row", name=re.compile("DigiD"))).to_contain_text("7")
    # The coordinator sees the exact small count on screen.
    expect(table.get_by_role("row", name=re.compile("Bibliotheekpas"))).to_contain_text("2")
    assert_accessible(page)

    with page.expect_download() as download_info:
        section.get_by_role("link", name="Vragen per onderwerp als CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("plein-topic-beek-")
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    # Downloads are always protected: 2 shows as "<5", and 7 is hidden too because the total
    # would give the 2 away.
    assert "Bibliotheekpas;<5" in content and "DigiD;×" in content and "Totaal;9" in content


def test_funder_sees_small_counts_hidden(page, login, assert_accessible):
    # Funders choose months, quarters and years that are over: the questions are of last month.
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=10)
    library, day = _library_with_questions(ago=datetime.timedelta(days=(today - last_month).days))
    funder = UserFactory(funder=True)
    funder.funded_libraries.add(library)
    login(page, funder)

    page.goto("/rapportage/")
    assert_accessible(page)
    _custom_period(page, day)
    page.get_by_role("button", name="Toon rapportage").click()
    refused = page.get_by_text("Kies een hele kalendermaand, een kwartaal of een jaar")
    expect(refused).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Periode").select_option("month-1")
    page.get_by_label("Van").fill("")
    page.get_by_role("button", name="Toon rapportage").click()
    table = page.get_by_role("table", name="Vragen per onderwerp")
    expect(table.get_by_role("row", name=re.compile("Bibliotheekpas"))).to_contain_text("<5")
    expect(table.get_by_role("row", name=re.compile("DigiD"))).to_contain_text("×")
    expect(page.get_by_text(re.compile("Aantallen van 1 tot 5 tonen als"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="IDO-totalen voor de KB").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("IDO-totalen")
    assert_accessible(page)
