"""The public agenda shows activities and bookable hours (schedule/offers.py, registered with
the social map's agenda in schedule/apps.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plein.activities.tests.factories import OccurrenceFactory, SignUpFactory
from plein.appointments.tests.factories import BookableHourFactory, BookingFactory, at
from plein.socialmap.tests.factories import BranchWithLocationFactory, ConsultationHourFactory

pytestmark = pytest.mark.django_db

# Tuesday 8 December 2026, 11:00 in Amsterdam.
NOW = datetime.datetime(2026, 12, 8, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def branch(time_machine):
    time_machine.move_to(NOW)
    return BranchWithLocationFactory(name="Centrum", slug="centrum")


def _agenda(client, branch):
    return client.get(reverse("socialmap:agenda", args=[branch.library.slug, branch.slug]))


def _date(branch, title, day, hour, **activity):
    start = datetime.datetime(2026, 12, day, hour, 0, tzinfo=datetime.UTC)
    return OccurrenceFactory(
        activity__branch=branch,
        activity__title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        **{f"activity__{name}": value for name, value in activity.items()},
    )


def _hour(branch, name, opens, closes):
    return ConsultationHourFactory(
        branch=branch, service__name=name, byday="TU",
        opens_at=datetime.time(*opens), closes_at=datetime.time(*closes),
    )  # fmt: skip


def test_the_agenda_lists_activities_with_seats_and_links_to_sign_up(client, branch):
    open_date = _date(branch, "Klik en Tik", 9, 13, capacity=3)
    SignUpFactory(occurrence=open_date)
    full = _date(branch, "Digisterker", 10, 9, capacity=1)
    SignUpFactory(occurrence=full)
    _date(branch, "Inloop", 11, 9, signup_required=False)
    gone = _date(branch, "Afgelast", 9, 15)
    gone.cancelled_at = NOW
    gone.save()
    _date(branch, "Voorbij", 8, 8)  # this morning, over
    _date(BranchWithLocationFactory(library=branch.library), "Elders", 9, 13)
    _date(BranchWithLocationFactory(), "Andere bieb", 9, 13)
    page = _agenda(client, branch).content.decode()
    assert "Klik en Tik" in page and "nog 2 plaatsen" in page
    assert reverse("activities:public", args=[branch.library.slug, open_date.pk]) in page
    assert "Digisterker" in page and "vol – wachtlijst" in page
    assert "Inloop" in page and "Meer informatie" in page
    for absent in ("Afgelast", "Voorbij", "Elders", "Andere bieb"):
        assert absent not in page


def test_the_agenda_lists_bookable_hours_with_free_slots_and_a_link_to_book(client, branch):
    hour = BookableHourFactory(schedule=_hour(branch, "Belastingspreekuur", (12, 0), (13, 0)))
    BookingFactory(hour=hour, start=at(12, 0), end=at(12, 20))
    page = _agenda(client, branch).content.decode()
    assert "2 vrije tijden" in page  # today, after one booking
    assert "3 vrije tijden" in page  # next Tuesday
    assert reverse("appointments:public_book", args=[branch.library.slug, hour.pk]) in page


def test_the_agenda_reads_a_fixed_number_of_queries_for_activities_and_hours(client, branch):
    def count(extra: int) -> int:
        for n in range(extra):
            SignUpFactory(occurrence=_date(branch, f"Les {n}", 9 + n % 5, 13))
            BookableHourFactory(schedule=_hour(branch, f"Op afspraak {n}", (12, 0), (13, 0)))
        with CaptureQueriesContext(connection) as queries:
            assert _agenda(client, branch).status_code == 200
        return len(queries)

    assert count(1) == count(6) <= 14


def test_the_branch_feed_holds_each_activity_date_with_its_public_page(client, branch):
    import icalendar

    first = _date(branch, "Klik en Tik", 9, 13)
    SignUpFactory(occurrence=first, name="Geheime Naam")
    second = _date(branch, "Klik en Tik", 16, 13)
    second.cancelled_at = NOW
    second.save()
    _date(BranchWithLocationFactory(library=branch.library), "Elders", 9, 13)
    url = reverse("socialmap:agenda_feed_branch", args=[branch.library.slug, branch.slug, "ics"])
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200 and "Geheime Naam" not in body
    events = [
        c for c in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        if str(c["uid"]).startswith("activity-")
    ]  # fmt: skip
    assert [str(e["uid"]) for e in events] == [f"activity-{first.pk}@plein"]
    (event,) = events
    assert str(event["summary"]) == "Klik en Tik"
    assert str(event["url"]).endswith(
        reverse("activities:public", args=[branch.library.slug, first.pk])
    )
    assert event["dtstart"].dt.hour == 14  # 13:00 UTC is 14:00 in Amsterdam
    assert event["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert "Elders" not in body
    json_url = url.replace(".ics", ".json")
    assert "Klik en Tik" not in client.get(json_url).content.decode()


def test_the_room_and_theme_feeds_hold_the_activities_held_there(client, branch):
    from plein.socialmap.tests.factories import RoomFactory, ThemeFactory

    room, other_room = RoomFactory(branch=branch), RoomFactory(branch=branch)
    theme = ThemeFactory(branch=branch)
    here = _date(branch, "Klik en Tik", 9, 13, room=room, theme=theme)
    _date(branch, "Digisterker", 9, 15, room=other_room)
    library = branch.library.slug

    def uids(name, pk):
        url = reverse(f"socialmap:agenda_feed_{name}", args=[library, branch.slug, pk, "ics"])
        body = client.get(url).content.decode()
        return {line.split(":", 1)[1] for line in body.splitlines() if "UID:activity-" in line}

    assert uids("room", room.pk) == {f"activity-{here.pk}@plein"}
    assert uids("theme", theme.pk) == {f"activity-{here.pk}@plein"}
    assert len(uids("room", other_room.pk)) == 1
