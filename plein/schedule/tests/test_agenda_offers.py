"""The public agenda shows activities and bookable hours (schedule/offers.py, registered with
the social map's agenda in schedule/apps.py)."""

import datetime
import json

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


def _offers_html(page: str) -> str:
    """The agenda's lists of activities and bookable hours, without the consultation hours."""
    return "".join(
        part.split("</ul>")[0] for part in page.split("Activiteiten en spreekuren op afspraak")[1:]
    )


def test_a_full_bookable_hour_shows_vol_on_the_agenda_without_a_link(client, branch):
    from plein.socialmap.tests.factories import ScheduleExceptionFactory

    full = BookableHourFactory(schedule=_hour(branch, "Volgeboekt", (12, 0), (12, 40)))
    BookingFactory(hour=full, start=at(12, 0), end=at(12, 20))
    BookingFactory(hour=full, start=at(12, 20), end=at(12, 40))
    # Only today: next Tuesday's date does not take place.
    ScheduleExceptionFactory(schedule=full.schedule, date=datetime.date(2026, 12, 15))
    offers = _offers_html(_agenda(client, branch).content.decode())
    line = offers.split("Volgeboekt")[1].split("</li>")[0]
    assert "<strong>vol</strong>" in line and full.organization.name in line
    assert "12.00–12.40" in offers.split("Volgeboekt")[0].rsplit("<li>", 1)[1]
    assert "<a " not in line and "vrije tijd" not in line
    assert reverse("appointments:public_book", args=[branch.library.slug, full.pk]) not in offers


def test_a_partly_booked_hour_keeps_its_free_slots_and_a_cancelled_one_is_left_out(client, branch):
    from plein.socialmap.tests.factories import ScheduleExceptionFactory

    partly = BookableHourFactory(schedule=_hour(branch, "Halfvol", (12, 0), (13, 0)))
    BookingFactory(hour=partly, start=at(12, 20), end=at(12, 40))
    cancelled = BookableHourFactory(schedule=_hour(branch, "Vervallen", (14, 0), (14, 20)))
    BookingFactory(hour=cancelled, start=at(14, 0), end=at(14, 20))
    ScheduleExceptionFactory(schedule=cancelled.schedule, date=datetime.date(2026, 12, 8))
    offers = _offers_html(_agenda(client, branch).content.decode())
    today = offers.split("Halfvol")[1].split("</li>")[0]
    assert "2 vrije tijden" in today and "<strong>vol</strong>" not in today
    assert reverse("appointments:public_book", args=[branch.library.slug, partly.pk]) in today
    # Today's cancelled hour is not offered; next Tuesday's, with all its slots, is.
    lines = [line for line in offers.split("<li>") if "</strong> Vervallen" in line]
    assert len(lines) == 1 and "dinsdag 15 december" in lines[0]
    assert "1 vrije tijd" in lines[0]


# The JSON feeds: activity dates beside the consultation hours.

CONSULTATION_KEYS = {
    "type", "id", "schedule_id", "status", "cancelled", "start", "end", "moved_from",
    "moved_to", "holiday", "reason", "service", "organization", "branch", "room", "theme",
    "where", "by_appointment", "appointment_info", "appointment_url", "languages",
    "description",
}  # fmt: skip


def _json(client, name, *args):
    url = reverse(f"socialmap:agenda_feed_{name}", args=[*args, "json"])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), json.loads(response.content)


def _activities(data) -> list[dict]:
    return [item for item in data["occurrences"] if item["type"] == "activiteit"]


@pytest.fixture
def feed_dates(branch):
    """Four dates at Centrum: open (1 of 3 seats taken), full (with someone waiting), no
    sign-up, and a cancelled one; the sign-ups carry a name, phone and e-mail."""
    from plein.socialmap.tests.factories import OrganizationFactory, RoomFactory, ThemeFactory

    room = RoomFactory(branch=branch, name="Leeszaal", floor=1, route="achter de kast")
    theme = ThemeFactory(branch=branch, name="Digitaal")
    partner = OrganizationFactory(library=branch.library, name="Welzijn Oost")
    open_date = _date(branch, "Klik en Tik", 9, 13, capacity=3, room=room, theme=theme)
    SignUpFactory(occurrence=open_date, name="Geheime Naam", email="geheim@voorbeeld.nl")
    full = _date(branch, "Digisterker", 10, 9, capacity=1, organization=partner)
    SignUpFactory(occurrence=full, name="Tweede Naam", phone="06 9999 0000")
    SignUpFactory(occurrence=full, waiting=True, name="Wachtende Naam")
    free = _date(branch, "Inloop", 11, 9, signup_required=False, room=room)
    gone = _date(branch, "Afgelast", 9, 15, room=room, theme=theme)
    gone.cancelled_at = NOW
    gone.save()
    _date(BranchWithLocationFactory(library=branch.library), "Elders", 9, 13)
    _date(BranchWithLocationFactory(), "Andere bieb", 9, 13, room=None)
    return {"open": open_date, "full": full, "free": free, "room": room, "theme": theme}


def test_the_branch_json_feed_holds_activity_dates_with_their_places(client, branch, feed_dates):
    _hour(branch, "Belastingspreekuur", (12, 0), (13, 0))
    body, data = _json(client, "branch", branch.library.slug, branch.slug)
    hours = [item for item in data["occurrences"] if item["type"] == "spreekuur"]
    assert hours and all(set(item) == CONSULTATION_KEYS for item in hours)
    starts = [datetime.datetime.fromisoformat(i["start"]) for i in data["occurrences"]]
    assert starts == sorted(starts)
    items = {item["title"]: item for item in _activities(data)}
    assert list(items) == ["Klik en Tik", "Digisterker", "Inloop"]
    open_item = items["Klik en Tik"]
    public = reverse("activities:public", args=[branch.library.slug, feed_dates["open"].pk])
    assert open_item["id"] == f"activity-{feed_dates['open'].pk}@plein"
    assert open_item["url"].startswith("http") and open_item["url"].endswith(public)
    assert open_item["start"] == "2026-12-09T14:00:00+01:00"
    assert open_item["end"] == "2026-12-09T15:00:00+01:00"
    assert open_item["room"] == {
        "id": feed_dates["room"].pk, "name": "Leeszaal", "floor": 1, "route": "achter de kast",
    }  # fmt: skip
    assert open_item["theme"] == {"id": feed_dates["theme"].pk, "name": "Digitaal"}
    assert open_item["branch"] == {"slug": "centrum", "name": "Centrum"}
    assert open_item["where"].startswith("Centrum, Leeszaal")
    assert open_item["cancelled"] is False
    places = {
        title: (i["signup_required"], i["seats_left"], i["full"], i["waiting_list"])
        for title, i in items.items()
    }
    assert places == {
        "Klik en Tik": (True, 2, False, False),
        "Digisterker": (True, 0, True, True),
        "Inloop": (False, None, False, False),
    }
    assert items["Digisterker"]["organization"] == {"name": "Welzijn Oost"}
    assert items["Digisterker"]["seats_text"] == "vol – wachtlijst"
    assert items["Klik en Tik"]["room"] and items["Digisterker"]["room"] is None
    for absent in ("Afgelast", "Elders", "Andere bieb"):
        assert absent not in body


def test_the_room_and_theme_json_feeds_hold_the_activities_held_there(client, branch, feed_dates):
    library = branch.library.slug
    _body, room_data = _json(client, "room", library, branch.slug, feed_dates["room"].pk)
    _body, theme_data = _json(client, "theme", library, branch.slug, feed_dates["theme"].pk)
    assert [i["title"] for i in _activities(room_data)] == ["Klik en Tik", "Inloop"]
    assert [i["title"] for i in _activities(theme_data)] == ["Klik en Tik"]


def test_the_json_feeds_hold_no_personal_data_of_sign_ups(client, branch, feed_dates):
    library = branch.library.slug
    bodies = [
        _json(client, "branch", library, branch.slug)[0],
        _json(client, "room", library, branch.slug, feed_dates["room"].pk)[0],
        _json(client, "theme", library, branch.slug, feed_dates["theme"].pk)[0],
    ]
    for body in bodies:
        assert "Klik en Tik" in body
        for personal in ("Geheime Naam", "geheim@voorbeeld.nl", "Tweede Naam", "06 9999",
                         "Wachtende Naam", "Deelnemer", "06 1234"):  # fmt: skip
            assert personal not in body


def test_another_librarys_activities_never_appear_in_its_json_feeds(client, branch, feed_dates):
    other = BranchWithLocationFactory(slug="centrum")  # another library, the same slug
    _date(other, "Alleen daar", 9, 13)
    body, data = _json(client, "branch", branch.library.slug, branch.slug)
    assert "Alleen daar" not in body
    other_body, other_data = _json(client, "branch", other.library.slug, other.slug)
    assert [i["title"] for i in _activities(other_data)] == ["Alleen daar"]
    assert "Klik en Tik" not in other_body


def test_the_service_json_feed_stays_the_consultation_hours(client, branch, feed_dates):
    service = _hour(branch, "Belastingspreekuur", (12, 0), (13, 0)).service_at_location.service
    url = reverse("socialmap:agenda_feed_service", args=[branch.library.slug, service.pk, "json"])
    data = json.loads(client.get(url).content)
    assert data["occurrences"] and _activities(data) == []
