"""Booking, cancelling, moving and marking appointments; e-mails; reminders; the purge."""

import datetime
import uuid

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from plein.accounts.tests.factories import UserFactory
from plein.appointments import audit_actions as actions
from plein.appointments import services
from plein.appointments.models import Booking, BookingSource, BookingStatus
from plein.appointments.tests.factories import (
    NOW,
    BookableHourFactory,
    BookingFactory,
    at,
)
from plein.core.models import AuditEvent
from plein.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _contact(**values) -> services.ContactInput:
    return services.ContactInput(**({"name": "Fatima", "phone": "06 12345678"} | values))


def _book(hour, start=None, **kwargs):
    values = {
        "hour": hour,
        "start": start or at(10),
        "contact": _contact(),
        "consent_given": True,
        "source": BookingSource.DESK,
    } | kwargs
    return services.booking_create(**values)


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return {
        field: [str(m) for m in messages] for field, messages in caught.value.message_dict.items()
    }


def test_a_booking_takes_the_slot_and_stores_the_contact_encrypted(django_assert_num_queries):
    hour = BookableHourFactory()
    booking = _book(hour, contact=_contact(email="fatima@voorbeeld.nl"))
    assert (booking.start, booking.end) == (at(10), at(10, 20))
    assert booking.consent_version == 1
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM appointments_booking")
        (stored,) = cursor.fetchone()
    assert "12345678" not in stored
    assert AuditEvent.objects.filter(action=actions.BOOKING_CREATED).count() == 1


@pytest.mark.parametrize(
    ("contact", "field", "message"),
    [
        ({"name": " "}, "name", services.NAME_REQUIRED),
        ({"phone": "", "email": ""}, "phone", services.CONTACT_REQUIRED),
        ({"phone": "bel me"}, "phone", services.PHONE_INVALID),
        ({"email": "fatima@"}, "email", services.EMAIL_INVALID),
        ({"name": "x" * 201}, "name", services.FIELD_TOO_LONG),
        ({"question": "x" * 301}, "question", services.QUESTION_TOO_LONG),
    ],
)
def test_bad_contact_data_is_refused_with_a_dutch_message(contact, field, message):
    hour = BookableHourFactory()
    errors = _errors(lambda: _book(hour, contact=_contact(**contact)))
    assert errors[field] == [str(message)]
    assert Booking.objects.count() == 0


def test_a_question_with_personal_data_is_refused():
    hour = BookableHourFactory()
    errors = _errors(lambda: _book(hour, contact=_contact(question="mijn BSN is 111222333")))
    assert "persoonsgegevens" in errors["question"][0]


def test_a_question_with_a_likely_name_needs_confirmation():
    hour = BookableHourFactory()
    question = "vraag van mevrouw Jansen"
    assert "question" in _errors(lambda: _book(hour, contact=_contact(question=question)))
    booking = _book(hour, contact=_contact(question=question, names_confirmed=True))
    assert booking.question == question


def test_without_consent_nothing_is_booked():
    hour = BookableHourFactory()
    assert _errors(lambda: _book(hour, consent_given=False))["consent"] == [
        str(services.CONSENT_REQUIRED)
    ]


def test_a_time_that_is_no_slot_is_refused():
    hour = BookableHourFactory()
    for start in (at(10, 5), at(12), at(10) - datetime.timedelta(days=7)):
        assert _errors(lambda start=start: _book(hour, start=start))["slot"] == [
            str(services.SLOT_GONE)
        ]


def test_a_taken_slot_is_refused_with_the_taken_message():
    hour = BookableHourFactory()
    BookingFactory(hour=hour, start=at(10))
    assert _errors(lambda: _book(hour))["slot"] == [str(services.SLOT_TAKEN)]
    assert Booking.objects.count() == 1


def test_the_same_form_sent_twice_books_once():
    hour = BookableHourFactory()
    key = uuid.uuid4()
    first = _book(hour, submission_key=key)
    second = _book(hour, submission_key=key)
    assert first.pk == second.pk
    assert Booking.objects.count() == 1
    assert AuditEvent.objects.filter(action=actions.BOOKING_CREATED).count() == 1


def test_the_confirmation_mail_has_the_manage_link_and_an_ics(django_capture_on_commit_callbacks):
    hour = BookableHourFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _book(hour, contact=_contact(email="fatima@voorbeeld.nl"))
    (message,) = mail.outbox
    assert message.to == ["fatima@voorbeeld.nl"]
    assert "/afspraak/beheren/" in message.body
    assert "Fatima" not in message.subject
    name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    assert "DTSTART" in content and "BEGIN:VEVENT" in content


def test_no_mail_without_an_email_address(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _book(BookableHourFactory())
    assert mail.outbox == []


def test_cancelling_frees_the_slot_and_cannot_happen_twice():
    hour = BookableHourFactory()
    booking = _book(hour)
    services.booking_cancel(booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    with pytest.raises(ValidationError):
        services.booking_cancel(booking=booking)
    assert _book(hour).status == BookingStatus.BOOKED


def test_rescheduling_moves_the_booking_and_keeps_the_contact():
    hour = BookableHourFactory()
    old = _book(hour)
    new = services.booking_reschedule(booking=old, hour=hour, start=at(11))
    old.refresh_from_db()
    assert old.status == BookingStatus.CANCELLED
    assert (new.start, new.name, new.previous_id) == (at(11), "Fatima", old.pk)


def test_rescheduling_to_a_taken_slot_keeps_the_old_booking():
    hour = BookableHourFactory()
    old = _book(hour)
    BookingFactory(hour=hour, start=at(11))
    with pytest.raises(ValidationError):
        services.booking_reschedule(booking=old, hour=hour, start=at(11))
    old.refresh_from_db()
    assert old.status == BookingStatus.BOOKED


def test_attendance_is_marked_after_the_start_only():
    booking = _book(BookableHourFactory())
    with pytest.raises(ValidationError):
        services.booking_mark(booking=booking, status=BookingStatus.ATTENDED, user=None)
    with time_machine.travel(at(10, 5), tick=False):
        services.booking_mark(booking=booking, status=BookingStatus.NO_SHOW, user=None)
        with pytest.raises(ValidationError):
            services.booking_mark(booking=booking, status=BookingStatus.CANCELLED, user=None)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW


def test_a_reminder_goes_out_the_day_before_once(django_capture_on_commit_callbacks):
    booking = _book(BookableHourFactory(), contact=_contact(email="fatima@voorbeeld.nl"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.booking_reminders_send() == 0  # Friday: not yet
    day_before = at(9, day=booking.start.date() - datetime.timedelta(days=1))
    with time_machine.travel(day_before), django_capture_on_commit_callbacks(execute=True):
        assert services.booking_reminders_send() == 1
        assert services.booking_reminders_send() == 0
    (message,) = mail.outbox
    assert "Herinnering" in message.subject


def test_the_purge_empties_contact_data_after_the_retention_and_keeps_the_counts():
    hour = BookableHourFactory()
    booking = _book(hour, contact=_contact(question="toeslagen"))
    assert services.bookings_expired_purge() == 0
    with time_machine.travel(booking.end + datetime.timedelta(days=29)):
        assert services.bookings_expired_purge() == 0
    with time_machine.travel(booking.end + datetime.timedelta(days=31)):
        assert services.bookings_expired_purge() == 1
        assert services.bookings_expired_purge() == 0
    booking.refresh_from_db()
    assert (booking.name, booking.phone, booking.email, booking.question) == ("", "", "", "")
    assert booking.is_purged and booking.status == BookingStatus.BOOKED


def test_the_purge_follows_the_librarys_own_retention():
    hour = BookableHourFactory()
    booking = _book(hour)
    services.appointment_settings_update(library=hour.library, retention_days=2, user=None)
    with time_machine.travel(booking.end + datetime.timedelta(days=3)):
        assert services.bookings_expired_purge() == 1


def test_a_referral_is_answered_with_a_slot_of_the_partners_own_hour():
    hour = BookableHourFactory()
    referral = ReferralFactory(organization=hour.organization, library=hour.library)
    booking = services.booking_from_referral(referral=referral, hour=hour, start=at(10), user=None)
    assert (booking.name, booking.phone, booking.referral) == ("Fatima", "06-12345678", referral)
    other = BookableHourFactory()
    errors = _errors(
        lambda: services.booking_from_referral(
            referral=referral, hour=other, start=at(10), user=None
        )
    )
    assert errors["slot"] == [str(services.REFERRAL_OTHER_ORGANIZATION)]


def test_a_referral_whose_consent_was_withdrawn_gets_no_booking():
    hour = BookableHourFactory()
    referral = ReferralFactory(organization=hour.organization, library=hour.library)
    referral.consent.withdrawn_at = NOW
    referral.consent.save()
    errors = _errors(
        lambda: services.booking_from_referral(
            referral=referral, hour=hour, start=at(10), user=None
        )
    )
    assert errors["slot"] == [str(services.REFERRAL_CLOSED)]


def test_a_cancellation_by_the_partner_is_mailed_to_the_resident(
    django_capture_on_commit_callbacks,
):
    booking = BookingFactory(email="fatima@voorbeeld.nl")
    partner = UserFactory(partner=True, organization=booking.organization)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, user=partner)
    (message,) = mail.outbox
    assert message.to == ["fatima@voorbeeld.nl"] and "gaat niet door" in message.subject
    assert "Fatima" not in message.body


def test_the_residents_own_cancelling_sends_no_mail(django_capture_on_commit_callbacks):
    booking = BookingFactory(email="fatima@voorbeeld.nl")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking)
    assert mail.outbox == []
