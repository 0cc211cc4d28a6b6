"""One date of a series: a coordinator or the partner cancels it or adds one; the people signed
up for that date hear it, the other dates stay as they are."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.accounts.tests.factories import UserFactory
from plein.activities import audit_actions as actions
from plein.activities import selectors
from plein.activities.models import Occurrence
from plein.activities.tests.factories import ActivityFactory, OccurrenceFactory, SignUpFactory
from plein.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _series(weeks: int = 3):
    activity = ActivityFactory(capacity=4)
    first = timezone.now() + timedelta(days=7)
    return [
        OccurrenceFactory(activity=activity, starts_at=first + timedelta(weeks=week))
        for week in range(weeks)
    ]


def _coordinator(client, library):
    user = UserFactory(coordinator=True, library=library)
    client.force_login(user)
    return user


def test_cancelling_one_date_tells_its_people_and_keeps_the_others(client, mailoutbox):
    first, second, third = _series()
    told = SignUpFactory(occurrence=second, email="a@example.org")
    waiting = SignUpFactory(occurrence=second, email="w@example.org", waiting=True)
    SignUpFactory(occurrence=second, email="")
    SignUpFactory(occurrence=third, email="other@example.org")
    _coordinator(client, second.library)

    response = client.post(reverse("activities:occurrence_cancel", args=[second.pk]), follow=True)

    assert response.status_code == 200
    assert "1 aanmelding zonder e-mailadres" in response.content.decode()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([told.email, waiting.email])
    second.refresh_from_db()
    assert second.cancelled_at is not None
    assert Occurrence.objects.filter(pk__in=[first.pk, third.pk], cancelled_at=None).count() == 2
    coming = selectors.activity_occurrences(
        library=second.library, start=timezone.now(), end=timezone.now() + timedelta(days=60)
    )
    assert second not in coming and first in coming
    assert AuditEvent.objects.filter(action=actions.OCCURRENCE_CANCELLED).count() == 1


def test_a_cancelled_date_is_marked_for_the_desk(client):
    occurrence = OccurrenceFactory()
    SignUpFactory(occurrence=occurrence, name="Alleen Telefoon", email="")
    _coordinator(client, occurrence.library)
    client.post(reverse("activities:occurrence_cancel", args=[occurrence.pk]))
    listing = client.get(reverse("activities:list")).content.decode()
    assert "bel wie geen e-mailadres gaf" in listing
    page = client.get(reverse("activities:occurrence", args=[occurrence.pk])).content.decode()
    assert "Deze datum is geannuleerd." in page and "Alleen Telefoon" in page
    public = client.get(
        reverse("activities:public", args=[occurrence.library.slug, occurrence.pk])
    ).content.decode()
    assert "niet (meer) aanmelden" in public


def test_a_past_or_cancelled_date_cannot_be_cancelled_again(client, mailoutbox):
    past = OccurrenceFactory(past=True)
    _coordinator(client, past.library)
    response = client.post(reverse("activities:occurrence_cancel", args=[past.pk]), follow=True)
    assert "al geweest of al geannuleerd" in response.content.decode()
    past.refresh_from_db()
    assert past.cancelled_at is None

    coming = OccurrenceFactory(activity__branch__library=past.library)
    SignUpFactory(occurrence=coming, email="a@example.org")
    client.post(reverse("activities:occurrence_cancel", args=[coming.pk]))
    client.post(reverse("activities:occurrence_cancel", args=[coming.pk]))
    assert len(mailoutbox) == 1


def test_a_date_is_added_and_bad_input_is_kept(client):
    occurrence = OccurrenceFactory()
    activity = occurrence.activity
    _coordinator(client, activity.library)
    url = reverse("activities:occurrence_add", args=[activity.pk])
    day = (timezone.localdate() + timedelta(days=10)).isoformat()

    wrong = client.post(url, {"day": day, "starts": "11:00", "ends": "10:00"})
    assert wrong.status_code == 400
    text = wrong.content.decode()
    assert "De eindtijd moet na de begintijd liggen." in text and f'value="{day}"' in text
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    past = client.post(url, {"day": yesterday, "starts": "10:00", "ends": "11:00"})
    assert "Deze datum ligt in het verleden." in past.content.decode()
    garbage = client.post(url, {"day": "morgen", "starts": "10 uur", "ends": ""})
    assert garbage.status_code == 400 and "morgen" in garbage.content.decode()
    assert activity.occurrences.count() == 1

    assert client.post(url, {"day": day, "starts": "10:00", "ends": "11:30"}).status_code == 302
    added = activity.occurrences.latest("starts_at")
    assert timezone.localtime(added.starts_at).time().hour == 10
    assert added.capacity == activity.capacity
    assert AuditEvent.objects.filter(action=actions.OCCURRENCE_ADDED).count() == 1
    edit = client.get(reverse("activities:edit", args=[activity.pk])).content.decode()
    assert "Deze datum annuleren" in edit


def test_no_date_is_added_to_a_cancelled_activity(client):
    occurrence = OccurrenceFactory()
    activity = occurrence.activity
    _coordinator(client, activity.library)
    client.post(reverse("activities:cancel", args=[activity.pk]))
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    url = reverse("activities:occurrence_add", args=[activity.pk])
    response = client.post(url, {"day": day, "starts": "10:00", "ends": "11:00"})
    assert response.status_code == 400
    assert activity.occurrences.count() == 1


def test_only_planners_of_the_activity_change_its_dates(client):
    occurrence = OccurrenceFactory()
    cancel = reverse("activities:occurrence_cancel", args=[occurrence.pk])
    add = reverse("activities:occurrence_add", args=[occurrence.activity.pk])
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    data = {"day": day, "starts": "10:00", "ends": "11:00"}

    client.force_login(UserFactory(library=occurrence.library))
    assert client.post(cancel).status_code == 403
    assert client.post(add, data).status_code == 403
    client.force_login(UserFactory(coordinator=True))
    assert client.post(cancel).status_code == 404
    assert client.post(add, data).status_code == 404
    client.force_login(UserFactory(partner=True, organization__library=occurrence.library))
    assert client.post(cancel).status_code == 404
    assert client.post(add, data).status_code == 404
    assert client.get(cancel).status_code == 405
    occurrence.refresh_from_db()
    assert occurrence.cancelled_at is None
    assert occurrence.activity.occurrences.count() == 1
