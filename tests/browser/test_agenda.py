"""Consultation hours in a real browser: a resident reads a branch's agenda and prints the week
folder; a partner cancels today's hour and the agenda and feed say so at once."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.socialmap import audit_actions
from plein.socialmap.hours import DAY_CODES
from plein.socialmap.tests.factories import (
    BranchWithLocationFactory,
    ConsultationHourFactory,
    RoomFactory,
    ThemeFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hour():
    """An hour today (whatever day the test runs; on a holiday too) in a room with a theme."""
    today = timezone.localdate()
    branch = BranchWithLocationFactory(name="Bibliotheek Centrum", slug="centrum")
    room = RoomFactory(branch=branch, name="Spreekkamer 2", floor=1, route="naast de leestafel")
    theme = ThemeFactory(branch=branch, name="Werk & inkomen", weekday=today.weekday())
    return ConsultationHourFactory(
        branch=branch,
        service__name="Belastingspreekuur",
        byday=DAY_CODES[today.weekday()],
        dtstart=today - datetime.timedelta(days=7),
        opens_at=datetime.time(10, 0),
        closes_at=datetime.time(12, 0),
        room=room,
        theme=theme,
        on_public_holidays=True,
        languages="nl,ar",
    )


def _agenda_path(hour) -> str:
    branch = hour.room.branch
    return f"/sociale-kaart/{branch.library.slug}/agenda/{branch.slug}/"


def test_a_resident_reads_the_agenda_and_prints_the_week_folder(page, assert_accessible, hour):
    page.goto(_agenda_path(hour))
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda Bibliotheek Centrum")
    today = page.locator(".plein-agenda-day--today")
    expect(today).to_contain_text("vandaag")
    expect(today).to_contain_text("Werk & inkomen")
    expect(today).to_contain_text("Belastingspreekuur")
    expect(today).to_contain_text("Waar: Spreekkamer 2, eerste verdieping, naast de leestafel")
    expect(today).to_contain_text("Arabisch")
    assert_accessible(page)

    page.get_by_role("link", name="Belastingspreekuur").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Belastingspreekuur")
    expect(page.get_by_text(re.compile("Spreekkamer 2, eerste verdieping")).first).to_be_visible()
    assert_accessible(page)

    page.go_back()
    page.get_by_role("link", name="Weekfolder om af te drukken (A4)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spreekuren in Bibliotheek Centrum")
    assert_accessible(page)
    page.get_by_label("Week").select_option("1")
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator(".plein-folder__week")).to_contain_text("Week van")
    expect(page.locator(".plein-folder")).to_contain_text("Belastingspreekuur")
    assert_accessible(page)

    # On paper: no menu, no week picker; the folder itself.
    page.emulate_media(media="print")
    expect(page.locator(".plein-folder-tools")).to_be_hidden()
    expect(page.locator(".plein-header")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_a_partner_cancels_todays_hour_and_it_shows_everywhere(
    page, login, assert_accessible, hour
):
    service = hour.service_at_location.service
    partner = UserFactory(partner=True, organization=service.organization)
    login(page, partner)

    page.goto(f"/partner/diensten/{service.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Data, afzeggen en wijzigen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spreekuur Belastingspreekuur")
    assert_accessible(page)

    first_row = page.get_by_role("row").nth(1)
    first_row.get_by_label("Reden (zichtbaar voor bezoekers)").fill("wegens ziekte")
    first_row.get_by_role("button", name=re.compile("Gaat niet door")).click()
    expect(page.get_by_role("status")).to_contain_text("is afgezegd")
    expect(page.get_by_role("row").nth(1)).to_contain_text("Gaat niet door")
    assert_accessible(page)
    assert AuditEvent.objects.filter(
        action=audit_actions.SCHEDULE_EXCEPTION_ADDED, actor=partner
    ).exists()

    page.goto(_agenda_path(hour))
    today = page.locator(".plein-agenda-day--today")
    expect(today).to_contain_text("Gaat niet door")
    expect(today).to_contain_text("wegens ziekte")
    assert_accessible(page)

    branch = hour.room.branch
    feed = page.request.get(
        f"/sociale-kaart/{branch.library.slug}/agenda/{branch.slug}/spreekuren.ics"
    )
    assert "STATUS:CANCELLED" in feed.text()
    assert feed.headers["cache-control"] == "public, max-age=60"

    # Undone: the hour goes ahead again.
    page.goto(f"/partner/spreekuren/{hour.pk}/data/")
    page.get_by_role("button", name=re.compile("Ongedaan maken")).click()
    expect(page.get_by_role("status")).to_contain_text("weggehaald")
    assert_accessible(page)
    page.goto(_agenda_path(hour))
    expect(page.locator(".plein-agenda-day--today")).not_to_contain_text("Gaat niet door")
    assert_accessible(page)


def test_a_coordinator_sets_up_a_room_and_a_theme(page, login, assert_accessible):
    branch = BranchWithLocationFactory(name="Bibliotheek Hoogdonk", slug="hoogdonk")
    login(page, UserFactory(coordinator=True, library=branch.library))
    page.goto("/beheer/spreekuren/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spreekuren")
    assert_accessible(page)

    page.get_by_role("link", name="Ruimtes beheren").click()
    page.get_by_label("Vestiging").select_option(label="Bibliotheek Hoogdonk")
    page.get_by_label("Verdieping").select_option(label="eerste verdieping")
    page.get_by_label("Route").fill("boven aan de trap")
    page.get_by_role("button", name="Toevoegen").click()
    # Forgot the name: a clear message, the route stays.
    expect(page.get_by_role("alert")).to_contain_text("Niet alles is goed ingevuld")
    expect(page.get_by_label("Route")).to_have_value("boven aan de trap")
    assert_accessible(page)
    page.get_by_label("Naam").fill("Studieruimte")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("De ruimte is toegevoegd.")
    expect(page.get_by_role("table")).to_contain_text("eerste verdieping, boven aan de trap")
    assert_accessible(page)

    page.goto("/beheer/themas/")
    page.get_by_label("Vestiging").select_option(label="Bibliotheek Hoogdonk")
    page.get_by_label("Naam").fill("Werk & inkomen")
    page.get_by_label("Dag").select_option(label="dinsdag")
    page.get_by_label("Van").fill("13:00")
    page.get_by_label("Tot").fill("12:00")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("De eindtijd moet later zijn dan de begintijd.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Tot").fill("17:00")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("table")).to_contain_text("dinsdag 13.00–17.00 uur")
    assert_accessible(page)
