"""The reminder the day before, and the purge after the library's retention period."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from plein.activities import selectors, services
from plein.activities.models import ActivitySettings, SignUp, Status
from plein.activities.tests.factories import OccurrenceFactory, SignUpFactory

pytestmark = pytest.mark.django_db


def test_reminders_go_the_day_before_once_with_an_ics():
    now = timezone.now()
    tomorrow = OccurrenceFactory(starts_at=now + timedelta(days=1))
    SignUpFactory(occurrence=tomorrow, email="morgen@example.org")
    SignUpFactory(occurrence=OccurrenceFactory(), email="later@example.org")
    SignUpFactory(occurrence=tomorrow, email="wacht@example.org", waiting=True)
    assert services.reminders_send(now=now) == 1
    assert services.reminders_send(now=now) == 0
    [message] = mail.outbox
    assert message.to == ["morgen@example.org"]
    assert message.attachments[0][2] == "text/calendar"


def test_the_purge_empties_contact_data_and_keeps_the_counts():
    occurrence = OccurrenceFactory(past=True)  # ended about 40 days ago
    SignUpFactory(occurrence=occurrence, attendance="present", email="a@example.org")
    SignUpFactory(occurrence=occurrence, attendance="absent")
    SignUpFactory(occurrence=occurrence, waiting=True)
    recent = SignUpFactory(occurrence=OccurrenceFactory(library=occurrence.library))
    assert services.signups_purge() == 3
    for signup in SignUp.objects.filter(occurrence=occurrence):
        assert (signup.name, signup.phone, signup.email, signup.contact_hash) == ("", "", "", "")
        assert signup.purged_at is not None
    recent.refresh_from_db()
    assert recent.name and recent.purged_at is None
    counts = selectors.occurrence_counts(occurrence=occurrence)
    assert counts == {"signed_up": 2, "attended": 1, "no_show": 1, "waitlisted": 1}
    assert services.signups_purge() == 0


def test_the_purge_follows_each_librarys_retention():
    occurrence = OccurrenceFactory(past=True)
    signup = SignUpFactory(occurrence=occurrence)
    ActivitySettings.objects.create(library=occurrence.library, retention_days=60)
    assert services.signups_purge() == 0
    assert services.signups_purge(now=timezone.now() + timedelta(days=21)) == 1
    signup.refresh_from_db()
    assert signup.is_purged and signup.status == Status.BOOKED
