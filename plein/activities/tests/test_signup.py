"""Sign-up, the waiting list, cancel and offers, through the services."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from plein.activities import audit_actions as actions
from plein.activities import selectors, services
from plein.activities.models import SignUp, Source, Status
from plein.activities.tests.factories import OccurrenceFactory, SignUpFactory
from plein.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _contact(name="Fatima", phone="06 12345678", email=""):
    return services.ContactInput(name=name, phone=phone, email=email)


def _sign_up(occurrence, **contact):
    signup, _created = services.signup_create(
        occurrence=occurrence, contact=_contact(**contact), consent_given=True
    )
    return signup


def test_a_free_seat_is_booked_and_the_data_is_encrypted_at_rest():
    occurrence = OccurrenceFactory()
    signup = _sign_up(occurrence)
    assert signup.status == Status.BOOKED
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone FROM activities_signup")
        stored = repr(cursor.fetchall())
    assert "Fatima" not in stored and "12345678" not in stored
    assert SignUp.objects.get(pk=signup.pk).name == "Fatima"
    assert signup.consent_version == 1
    assert AuditEvent.objects.filter(action=actions.SIGNUP_CREATED).count() == 1


def test_when_full_the_next_person_goes_on_the_waiting_list():
    occurrence = OccurrenceFactory(capacity=1)
    _sign_up(occurrence, phone="0611111111")
    second = _sign_up(occurrence, phone="0622222222")
    assert second.status == Status.WAITING
    assert selectors.seats_left(occurrence) == 0


@pytest.mark.parametrize(
    ("contact", "consent", "field", "message"),
    [
        ({"name": " "}, True, "name", services.NAME_REQUIRED),
        ({"name": "x" * 101}, True, "name", services.NAME_TOO_LONG),
        ({"phone": "", "email": ""}, True, "phone", services.CONTACT_REQUIRED),
        ({"phone": "bel me"}, True, "phone", services.PHONE_INVALID),
        ({"email": "geen-adres"}, True, "email", services.EMAIL_INVALID),
        ({}, False, "consent", services.CONSENT_REQUIRED),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message(contact, consent, field, message):
    occurrence = OccurrenceFactory()
    with pytest.raises(ValidationError) as caught:
        services.signup_create(
            occurrence=occurrence, contact=_contact(**contact), consent_given=consent
        )
    assert caught.value.message_dict[field] == [str(message)]
    assert not SignUp.objects.exists()


def test_a_past_or_cancelled_date_takes_no_sign_ups():
    for occurrence in (
        OccurrenceFactory(past=True),
        OccurrenceFactory(cancelled_at=timezone.now()),
    ):
        with pytest.raises(ValidationError) as caught:
            _sign_up(occurrence)
        assert caught.value.message_dict["__all__"] == [str(services.SIGNUP_CLOSED)]


def test_the_same_person_signing_up_twice_is_signed_up_once():
    occurrence = OccurrenceFactory()
    first, created = services.signup_create(
        occurrence=occurrence, contact=_contact(phone="06-1234 5678"), consent_given=True
    )
    again, created_again = services.signup_create(
        occurrence=occurrence, contact=_contact(phone="0612345678"), consent_given=True
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert SignUp.objects.count() == 1


def test_the_confirmation_has_an_ics_and_a_cancel_link():
    occurrence = OccurrenceFactory()
    _sign_up(occurrence, email="fatima@example.org")
    [message] = mail.outbox
    assert message.to == ["fatima@example.org"]
    assert "/activiteit/afmelden/" in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    text = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in text and occurrence.activity.title in text


def test_cancel_offers_the_seat_to_the_first_person_waiting():
    occurrence = OccurrenceFactory(capacity=1)
    booked = _sign_up(occurrence, phone="0611111111")
    first = _sign_up(occurrence, phone="0622222222", email="eerste@example.org")
    second = _sign_up(occurrence, phone="0633333333")
    mail.outbox.clear()
    assert services.signup_cancel(signup=booked, actor_label="signed link")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.OFFERED, Status.WAITING)
    assert first.offer_expires_at <= occurrence.starts_at
    [offer] = mail.outbox
    assert "/activiteit/bevestigen/" in offer.body and "/activiteit/afmelden/" in offer.body
    services.signup_offer_accept(signup=first)
    first.refresh_from_db()
    assert first.status == Status.BOOKED


def test_an_offer_to_someone_without_e_mail_is_on_the_desks_call_list():
    occurrence = OccurrenceFactory(capacity=1)
    booked = _sign_up(occurrence, phone="0611111111")
    waiting = _sign_up(occurrence, phone="0622222222")
    services.signup_cancel(signup=booked)
    assert list(selectors.offers_to_phone(library=occurrence.library)) == [waiting]


def test_an_offer_not_confirmed_in_time_goes_to_the_next_person():
    occurrence = OccurrenceFactory(capacity=1)
    booked = _sign_up(occurrence, phone="0611111111")
    first = _sign_up(occurrence, phone="0622222222")
    second = _sign_up(occurrence, phone="0633333333")
    services.signup_cancel(signup=booked)
    later = timezone.now() + timedelta(days=2)
    assert services.offers_expire(now=later) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.EXPIRED, Status.OFFERED)
    with pytest.raises(ValidationError):
        services.signup_offer_accept(signup=first)


def test_cancelling_twice_frees_one_seat_only():
    occurrence = OccurrenceFactory(capacity=1)
    booked = _sign_up(occurrence, phone="0611111111")
    assert services.signup_cancel(signup=booked)
    assert not services.signup_cancel(signup=booked)
    assert AuditEvent.objects.filter(action=actions.SIGNUP_CANCELLED).count() == 1


def test_more_seats_move_people_up_from_the_waiting_list():
    occurrence = OccurrenceFactory(capacity=1)
    _sign_up(occurrence, phone="0611111111")
    waiting = _sign_up(occurrence, phone="0622222222")
    activity = occurrence.activity
    services.activity_update(activity=activity, values={"capacity": 2}, user=None)
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED


def test_attendance_is_marked_and_bad_values_refused():
    signup = SignUpFactory()
    services.attendance_mark(signup=signup, attendance="present", user=None)
    with pytest.raises(ValidationError):
        services.attendance_mark(signup=signup, attendance="misschien", user=None)
    counts = selectors.occurrence_counts(occurrence=signup.occurrence)
    assert counts == {"signed_up": 1, "attended": 1, "no_show": 0, "waitlisted": 0}


def test_a_desk_sign_up_records_who_and_where():
    occurrence = OccurrenceFactory()
    signup, _ = services.signup_create(
        occurrence=occurrence,
        contact=_contact(),
        consent_given=True,
        source=Source.DESK,
        recorded_by=None,
    )
    assert signup.source == Source.DESK


def test_a_weekly_series_has_one_occurrence_per_week():
    first = timezone.localdate() + timedelta(days=1)
    times = services.occurrence_times(
        first_day=first,
        starts=timezone.datetime(2000, 1, 1, 10).time(),
        ends=timezone.datetime(2000, 1, 1, 12).time(),
        sessions=4,
    )
    assert [start.date() for start, _end in times] == [first + timedelta(weeks=w) for w in range(4)]
    with pytest.raises(ValidationError):
        services.occurrence_times(
            first_day=first, starts=times[0][0].time(), ends=times[0][0].time(), sessions=1
        )


def test_e_mails_hold_no_name_or_number_only_the_links():
    occurrence = OccurrenceFactory()
    _sign_up(occurrence, name="Wendelmoed", phone="06-97531864", email="w@example.org")
    [message] = mail.outbox
    assert "Wendelmoed" not in message.body + message.subject
    assert "97531864" not in message.body
