"""The pages: desk and resident booking, the signed link, the agenda behind two-factor,
attendance, setting up hours, answering a referral; bad input and the wrong users."""

import datetime
import uuid

import pytest
import time_machine
from django.core import signing as django_signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from plein.accounts import totp
from plein.accounts.tests.factories import UserFactory
from plein.appointments import audit_actions as actions
from plein.appointments import selectors, services, signing
from plein.appointments.models import BookableHour, Booking, BookingStatus
from plein.appointments.tests.factories import NOW, BookableHourFactory, BookingFactory, at
from plein.core import guard
from plein.core.models import AuditEvent, PublicFormAttempt
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.tests.factories import ConsultationHourFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _two_factor(client, user):
    client.force_login(user)
    session = client.session
    session[totp.SESSION_KEY] = timezone.now().timestamp()
    session.save()


def _form(hour, **values) -> dict:
    return {
        "slot": selectors.slot_key(hour_id=hour.pk, start=at(10)),
        "name": "Fatima",
        "phone": "06 12345678",
        "email": "",
        "question": "",
        "submission_key": str(uuid.uuid4()),
        "consent_language": "nl",
        "consent": "on",
    } | values


def test_the_desk_books_a_slot_and_gets_the_slip(client):
    hour = BookableHourFactory()
    client.force_login(UserFactory(library=hour.library))
    page = client.get(reverse("appointments:desk_book"))
    assert page.status_code == 200
    assert selectors.slot_key(hour_id=hour.pk, start=at(10)) in page.content.decode()
    response = client.post(reverse("appointments:desk_book"), _form(hour))
    booking = Booking.objects.get()
    assert response.url == reverse("appointments:slip", kwargs={"pk": booking.pk})
    slip = client.get(response.url).content.decode()
    assert "/afspraak/beheren/" in slip and "<svg" in slip


def test_bad_input_at_the_desk_keeps_what_was_typed(client):
    hour = BookableHourFactory()
    client.force_login(UserFactory(library=hour.library))
    response = client.post(
        reverse("appointments:desk_book"), _form(hour, phone="", consent="", name="Fatima K")
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Vul een telefoonnummer of een e-mailadres in." in text
    assert "Zonder toestemming" in text
    assert 'value="Fatima K"' in text
    assert Booking.objects.count() == 0


def test_a_taken_slot_tells_the_desk_and_offers_the_free_ones(client):
    hour = BookableHourFactory()
    BookingFactory(hour=hour, start=at(10))
    client.force_login(UserFactory(library=hour.library))
    response = client.post(reverse("appointments:desk_book"), _form(hour))
    text = response.content.decode()
    assert response.status_code == 400
    assert "kan niet (meer) geboekt worden" in text
    assert selectors.slot_key(hour_id=hour.pk, start=at(10, 20)) in text


def test_switching_the_consent_language_keeps_the_form(client):
    hour = BookableHourFactory()
    client.force_login(UserFactory(library=hour.library))
    response = client.post(
        reverse("appointments:desk_book"), _form(hour, name="Fatima K", show_language="en")
    )
    text = response.content.decode()
    assert 'value="Fatima K"' in text and "May we keep your details" in text
    assert Booking.objects.count() == 0


def test_a_partner_and_a_visitor_cannot_use_the_desk_page(client):
    hour = BookableHourFactory()
    assert client.get(reverse("appointments:desk_book")).status_code == 302
    client.force_login(UserFactory(partner=True, organization=hour.organization))
    assert client.post(reverse("appointments:desk_book"), _form(hour)).status_code == 403


def test_a_resident_books_online_and_lands_on_the_signed_page(client):
    hour = BookableHourFactory()
    listing = client.get(reverse("appointments:public_hours", args=[hour.library.slug]))
    url = reverse("appointments:public_book", args=[hour.library.slug, hour.pk])
    assert url in listing.content.decode()
    response = client.post(url, _form(hour, email="fatima@voorbeeld.nl"))
    assert response.status_code == 302 and "/afspraak/beheren/" in response.url
    page = client.get(response.url).content.decode()
    assert "Uw afspraak is gemaakt" in page
    assert Booking.objects.get().source == "online"


def test_a_bot_filling_the_hidden_field_books_nothing(client):
    hour = BookableHourFactory()
    url = reverse("appointments:public_book", args=[hour.library.slug, hour.pk])
    page = client.get(url).content.decode()
    assert 'class="plein-honeypot"' in page and 'name="website"' in page
    response = client.post(url, _form(hour, website="http://spam"))
    assert response.status_code == 200
    assert Booking.objects.count() == 0
    assert PublicFormAttempt.objects.get(kind="appointment_booking").accepted is False


def test_online_booking_is_limited_per_client_and_keeps_what_was_typed(client, settings):
    hour = BookableHourFactory()
    url = reverse("appointments:public_book", args=[hour.library.slug, hour.pk])
    limit = settings.PLEIN_PUBLIC_FORM_LIMITS["appointment_booking"]
    for number in range(limit):
        start = at(10) + datetime.timedelta(minutes=20 * number)
        data = _form(hour, slot=selectors.slot_key(hour_id=hour.pk, start=start))
        assert client.post(url, data).status_code == 302
    last = selectors.slot_key(
        hour_id=hour.pk, start=at(10) + datetime.timedelta(minutes=20 * limit)
    )
    response = client.post(url, _form(hour, slot=last, name="Fatima K", question="Toeslagen"))
    text = response.content.decode()
    assert response.status_code == 400
    assert str(services.RATE_LIMITED) in text
    assert 'value="Fatima K"' in text and "Toeslagen</textarea>" in text
    assert f'value="{last}" selected' in text
    assert Booking.objects.count() == limit
    other = client.post(url, _form(hour, slot=last), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302  # another client


def test_bots_caught_by_the_honeypot_reach_the_limit_too(client, settings):
    settings.PLEIN_PUBLIC_FORM_LIMITS = settings.PLEIN_PUBLIC_FORM_LIMITS | {
        "appointment_booking": 1
    }
    hour = BookableHourFactory()
    url = reverse("appointments:public_book", args=[hour.library.slug, hour.pk])
    assert client.post(url, _form(hour, website="http://spam")).status_code == 200
    response = client.post(url, _form(hour, website="http://spam"))
    assert response.status_code == 400
    assert str(services.RATE_LIMITED) in response.content.decode()


def test_the_desk_is_not_limited_and_bookings_leave_the_callback_limit_alone(client, settings):
    settings.PLEIN_PUBLIC_FORM_LIMITS = settings.PLEIN_PUBLIC_FORM_LIMITS | {
        "appointment_booking": 0
    }
    hour = BookableHourFactory()
    client.force_login(UserFactory(library=hour.library))
    assert client.post(reverse("appointments:desk_book"), _form(hour)).status_code == 302
    assert not PublicFormAttempt.objects.exists()
    client.logout()
    settings.PLEIN_PUBLIC_FORM_LIMITS = settings.PLEIN_PUBLIC_FORM_LIMITS | {
        "appointment_booking": 1
    }
    url = reverse("appointments:public_book", args=[hour.library.slug, hour.pk])
    slot = selectors.slot_key(hour_id=hour.pk, start=at(10, 20))
    assert client.post(url, _form(hour, slot=slot)).status_code == 302
    with transaction.atomic():  # the callback's own counter is untouched
        guard.attempt_check(kind="callback", client=guard.fingerprint(ip="127.0.0.1"))


def test_bad_online_input_gets_dutch_messages(client):
    hour = BookableHourFactory()
    url = reverse("appointments:public_book", args=[hour.library.slug, hour.pk])
    response = client.post(url, _form(hour, slot="nonsense", name="", email="geen-adres"))
    text = response.content.decode()
    assert response.status_code == 400
    assert "Kies een van de vrije tijden" in text
    assert "Vul een naam in" in text


def test_another_librarys_hour_is_not_bookable_under_this_library(client):
    mine, theirs = BookableHourFactory(), BookableHourFactory()
    url = reverse("appointments:public_book", args=[mine.library.slug, theirs.pk])
    assert client.get(url).status_code == 404


def test_the_signed_link_cancels_and_moves(client):
    booking = BookingFactory(start=at(10))
    url = reverse(
        "appointments:manage", kwargs={"token": signing.manage_token_make(booking=booking)}
    )
    assert client.get(url).status_code == 200
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED  # a GET changes nothing
    move = client.post(
        url, {"action": "move", "slot": selectors.slot_key(hour_id=booking.hour_id, start=at(11))}
    )
    assert move.status_code == 302
    new = Booking.objects.get(status=BookingStatus.BOOKED)
    assert new.start == at(11)
    client.post(move.url, {"action": "cancel"})
    new.refresh_from_db()
    assert new.status == BookingStatus.CANCELLED


def test_moving_to_nonsense_is_refused_and_keeps_the_booking(client):
    booking = BookingFactory(start=at(10))
    url = reverse(
        "appointments:manage", kwargs={"token": signing.manage_token_make(booking=booking)}
    )
    response = client.post(url, {"action": "move", "slot": "1-2"})
    assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_a_forged_or_foreign_token_is_refused(client):
    booking = BookingFactory()
    forged = django_signing.dumps({"b": str(booking.pk)}, salt="plein.referrals.acknowledge")
    for token in (forged, "nonsense"):
        response = client.post(
            reverse("appointments:manage", kwargs={"token": token}), {"action": "cancel"}
        )
        assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_the_partner_sees_contact_data_only_after_two_factor_and_it_is_audited(client):
    booking = BookingFactory(name="Fatima Q", phone="06 99887766")
    partner = UserFactory(partner=True, organization=booking.organization)
    client.force_login(partner)
    text = client.get(reverse("appointments:agenda")).content.decode()
    assert "Fatima Q" not in text and "tweestapsverificatie" in text
    assert not AuditEvent.objects.filter(action=actions.BOOKING_CONTACT_VIEWED).exists()
    _two_factor(client, partner)
    text = client.get(reverse("appointments:agenda")).content.decode()
    assert "Fatima Q" in text and "06 99887766" in text
    assert (
        AuditEvent.objects.filter(action=actions.BOOKING_CONTACT_VIEWED, actor=partner).count() == 1
    )


def test_the_desk_sees_the_agenda_without_contact_data(client):
    booking = BookingFactory(name="Fatima Q")
    _two_factor(client, UserFactory(library=booking.library))
    text = client.get(reverse("appointments:agenda")).content.decode()
    assert "Fatima Q" not in text
    assert booking.organization.name in text


def test_another_partner_sees_nothing_and_cannot_mark(client):
    booking = BookingFactory(name="Fatima Q")
    other = UserFactory(partner=True)
    with time_machine.travel(at(10, 30), tick=False):
        _two_factor(client, other)
        assert "Fatima Q" not in client.get(reverse("appointments:agenda")).content.decode()
        response = client.post(
            reverse("appointments:mark", args=[booking.pk]), {"status": "attended"}
        )
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_the_partner_marks_a_no_show_and_it_is_counted(client):
    booking = BookingFactory()
    with time_machine.travel(at(10, 30), tick=False):
        client.force_login(UserFactory(partner=True, organization=booking.organization))
        bad = client.post(reverse("appointments:mark", args=[booking.pk]), {"status": "nonsense"})
        assert bad.status_code == 302
        client.post(reverse("appointments:mark", args=[booking.pk]), {"status": "no_show"})
        text = client.get(reverse("appointments:agenda")).content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW
    assert "niet gekomen: 1" in text


def test_a_partner_makes_its_own_hour_bookable_but_not_anothers(client):
    schedule = ConsultationHourFactory()
    partner = UserFactory(
        partner=True, organization=schedule.service_at_location.service.organization
    )
    client.force_login(partner)
    assert (
        schedule.service_at_location.service.name
        in client.get(reverse("appointments:hours")).content.decode()
    )
    url = reverse("appointments:hour_edit", args=[schedule.pk])
    bad = client.post(url, {"is_active": "on", "slot_minutes": "2", "horizon_weeks": "x"})
    assert bad.status_code == 400 and not BookableHour.objects.exists()
    client.post(url, {"is_active": "on", "slot_minutes": "30", "horizon_weeks": "4"})
    assert BookableHour.objects.get().slot_minutes == 30
    other = ConsultationHourFactory(branch__library=schedule.service_at_location.service.library)
    response = client.post(
        reverse("appointments:hour_edit", args=[other.pk]),
        {"slot_minutes": "30", "horizon_weeks": "4"},
    )
    assert response.status_code == 403
    assert BookableHour.objects.count() == 1


def test_the_coordinator_sets_the_retention_with_a_range(client):
    hour = BookableHourFactory()
    client.force_login(UserFactory(coordinator=True, library=hour.library))
    url = reverse("appointments:settings")
    assert client.post(url, {"appointment_retention_days": "0"}).status_code == 400
    client.post(url, {"appointment_retention_days": "14"})
    assert selectors.appointment_settings_get(library=hour.library).appointment_retention_days == 14


def test_a_partner_answers_a_referral_with_a_slot(client):
    hour = BookableHourFactory()
    referral = ReferralFactory(organization=hour.organization, library=hour.library)
    client.force_login(UserFactory(partner=True, organization=hour.organization))
    url = reverse("appointments:referral_book", args=[referral.pk])
    assert client.post(url, {"slot": "nonsense"}).status_code == 400
    response = client.post(url, {"slot": selectors.slot_key(hour_id=hour.pk, start=at(10))})
    assert response.url == reverse("referrals:partner_detail", args=[referral.pk])
    assert Booking.objects.get().referral == referral
    detail = client.get(response.url).content.decode()
    assert "Afspraak" in detail and "Geboekt" in detail


def test_another_partner_cannot_answer_the_referral(client):
    hour = BookableHourFactory()
    referral = ReferralFactory(organization=hour.organization, library=hour.library)
    client.force_login(UserFactory(partner=True))
    url = reverse("appointments:referral_book", args=[referral.pk])
    assert client.get(url).status_code == 404


def test_the_agenda_runs_as_many_queries_for_many_bookings_as_for_one(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hour = BookableHourFactory()
    BookingFactory(hour=hour, start=at(10))
    _two_factor(client, UserFactory(partner=True, organization=hour.organization))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("appointments:agenda")).status_code == 200
        return len(queries)

    one = count()
    for minute in (20, 40):
        BookingFactory(hour=hour, start=at(10, minute))
    # Each booking shown with its contact data is audited (one insert each), nothing more.
    assert count() == one + 2 * 1


def test_an_online_booking_is_audited_as_the_residents(client):
    hour = BookableHourFactory()
    url = reverse("appointments:public_book", args=[hour.library.slug, hour.pk])
    client.post(url, _form(hour))
    event = AuditEvent.objects.get(action=actions.BOOKING_CREATED)
    assert (event.actor, event.actor_label) == (None, "resident")
