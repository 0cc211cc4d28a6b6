"""Appointments in a real browser: the desk books a slot and prints the slip; a resident books
online (a mistake first); the partner sees its agenda after two-factor and marks attendance."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plein.accounts import totp
from plein.accounts.models import TOTPDevice
from plein.accounts.tests.factories import UserFactory
from plein.appointments.models import Booking, BookingStatus
from plein.appointments.tests.factories import BookableHourFactory, BookingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _hour_in_two_days():
    """A bookable hour two days from now, 10:00–12:00 (never today, so no slot has begun)."""
    day = timezone.localdate() + datetime.timedelta(days=2)
    return BookableHourFactory(
        schedule__byday=DAYS[day.weekday()],
        schedule__on_public_holidays=True,
        schedule__service__name="Belastingspreekuur",
    )


def test_the_desk_books_a_slot_and_gets_a_slip(page, login, assert_accessible):
    hour = _hour_in_two_days()
    login(page, UserFactory(library=hour.library))
    page.goto("/afspraken/agenda/")
    assert_accessible(page)
    page.get_by_role("link", name="Afspraak maken voor een inwoner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afspraak maken voor een inwoner")
    assert_accessible(page)
    page.get_by_label("Tijd").select_option(index=1)
    page.get_by_label("Naam of gekozen naam").fill("Yara")
    page.get_by_label("Telefoonnummer").fill("06 11122233")
    page.get_by_label("De inwoner geeft toestemming").check()
    page.get_by_role("button", name="Afspraak maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw afspraak")
    expect(page.locator(".plein-slip__qr svg")).to_be_visible()
    assert_accessible(page)
    assert Booking.objects.get().name == "Yara"


def test_a_resident_books_online_after_a_mistake(page, assert_accessible):
    hour = _hour_in_two_days()
    page.goto(f"/afspraak/{hour.library.slug}/")
    assert_accessible(page)
    page.get_by_role("link", name="Belastingspreekuur").click()
    assert_accessible(page)
    page.get_by_label("Tijd").select_option(index=2)
    page.get_by_label("Uw naam (of een naam die u kiest)").fill("Karel")
    page.get_by_label("Uw e-mailadres").fill("karel@voorbeeld.nl")
    page.get_by_role("button", name="Afspraak maken").click()
    expect(page.get_by_text("Zonder toestemming kunnen wij geen afspraak")).to_be_visible()
    expect(page.get_by_label("Uw naam (of een naam die u kiest)")).to_have_value("Karel")
    assert_accessible(page)
    page.get_by_label("Ja, ik geef toestemming").check()
    page.get_by_role("button", name="Afspraak maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw afspraak is gemaakt")
    assert_accessible(page)
    page.get_by_role("button", name="Afspraak afzeggen").click()
    expect(page.get_by_role("status")).to_contain_text("afgezegd")
    assert_accessible(page)
    assert Booking.objects.get().status == BookingStatus.CANCELLED


def test_the_partner_sees_the_agenda_after_two_factor_and_marks_attended(
    page, login, assert_accessible
):
    hour = _hour_in_two_days()
    start = timezone.now() - datetime.timedelta(minutes=30)
    booking = BookingFactory(hour=hour, start=start, name="Yara", phone="06 11122233")
    partner = UserFactory(partner=True, organization=hour.organization)
    device = TOTPDevice.objects.create(
        user=partner, secret=totp.secret_generate(), confirmed_at="2026-01-01T00:00Z"
    )
    login(page, partner)
    page.goto("/afspraken/agenda/")
    expect(page.get_by_text("Yara")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role(
        "link", name="Inloggen met tweestapsverificatie om contactgegevens te zien"
    ).click()
    assert_accessible(page)
    page.get_by_label("Code uit uw authenticator-app").fill(totp.code_at(device.secret))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afspraken")
    expect(page.get_by_text("Yara, 06 11122233")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Geweest").click()
    expect(page.get_by_role("status")).to_contain_text("Aanwezigheid opgeslagen")
    assert_accessible(page)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED
