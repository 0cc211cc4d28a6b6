import datetime
import json

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.schedule import audit_actions as actions
from plein.schedule.displays import display_path, display_token
from plein.schedule.forms import ROOM_OF_OTHER_BRANCH
from plein.schedule.models import Display
from plein.socialmap.tests.factories import (
    BranchWithLocationFactory,
    ConsultationHourFactory,
    RoomFactory,
    ScheduleExceptionFactory,
)

pytestmark = pytest.mark.django_db

# Tuesday 8 December 2026, 11:00 in Amsterdam.
NOW = datetime.datetime(2026, 12, 8, 10, 0, tzinfo=datetime.UTC)
MANAGE = reverse("schedule:displays")


@pytest.fixture
def branch(time_machine):
    time_machine.move_to(NOW)
    return BranchWithLocationFactory(name="Centrum")


def _display(branch, **fields):
    return Display.objects.create(library=branch.library, branch=branch, name="Ingang", **fields)


def _hour(branch, name, opens, closes, **fields):
    return ConsultationHourFactory(
        branch=branch, service__name=name, byday="TU",
        opens_at=datetime.time(*opens), closes_at=datetime.time(*closes), **fields,
    )  # fmt: skip


def _data(client, display):
    token = display_token(display)
    return client.get(reverse("schedule:display_data", args=[token]))


def test_the_screen_opens_without_login_and_shows_today_from_now_on(client, branch):
    room = RoomFactory(branch=branch, name="Spreekkamer 2", floor=1, route="naast de leestafel")
    _hour(branch, "Ochtend", (8, 0), (9, 0))
    _hour(branch, "Belastinghulp", (10, 30), (12, 0), room=room)
    _hour(branch, "Schuldhulp", (14, 0), (15, 0))
    display = _display(branch, alert="Vandaag sluiten we om 15.00 uur.")
    response = client.get(display_path(display))
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "Ochtend" not in page
    assert "Belastinghulp" in page and "Spreekkamer 2, eerste verdieping" in page
    assert "Vandaag sluiten we om 15.00 uur." in page
    assert page.count("<svg") == 2  # a QR code per hour still to come
    assert "10.30–12.00 <strong>Nu</strong>" in page


def test_the_data_refresh_has_the_same_content_as_json(client, branch):
    cancelled = _hour(branch, "Schuldhulp", (14, 0), (15, 0))
    ScheduleExceptionFactory(schedule=cancelled, date=datetime.date(2026, 12, 8))
    data = _data(client, _display(branch)).json()
    (item,) = data["items"]
    assert (item["service"], item["status"], item["qr"]) == ("Schuldhulp", "Gaat niet door", "")
    assert data["day"] == "dinsdag 8 december" and data["updated"] == "11.00"


def test_a_room_screen_shows_only_that_room(client, branch):
    room = RoomFactory(branch=branch)
    _hour(branch, "Hier", (12, 0), (13, 0), room=room)
    _hour(branch, "Elders", (12, 0), (13, 0))
    items = _data(client, _display(branch, room=room)).json()["items"]
    assert [item["service"] for item in items] == ["Hier"]


def test_nothing_on_gives_friendly_fallback_content(client, branch):
    page = client.get(display_path(_display(branch))).content.decode()
    assert "Vandaag geen spreekuren meer." in page


def test_a_forged_revoked_or_switched_off_link_shows_nothing(client, branch):
    display = _display(branch)
    old = display_path(display)
    display.key += 1
    display.save()
    assert client.get(old).status_code == 404
    assert client.get(reverse("schedule:display", args=["nep"])).status_code == 404
    display.is_active = False
    display.save()
    assert client.get(display_path(display)).status_code == 404
    assert _data(client, display).json() == {"gone": True}


def test_one_screen_load_stays_under_100_kb(client, branch):
    for hour in range(11, 17):
        _hour(branch, f"Spreekuur met een lange naam {hour}", (hour, 0), (hour, 45))
    display = _display(branch)
    assert len(client.get(display_path(display)).content) < 100_000
    assert len(_data(client, display).content) < 100_000


def test_a_coordinator_adds_a_screen_and_makes_a_new_link(client, branch):
    coordinator = UserFactory(coordinator=True, library=branch.library)
    client.force_login(coordinator)
    response = client.post(MANAGE, {"name": "Ingang", "branch": branch.pk, "is_active": "on"})
    assert response.status_code == 302
    display = Display.objects.get()
    old = display_path(display)
    assert old in client.get(MANAGE).content.decode()
    client.post(reverse("schedule:display_new_link", args=[display.pk]))
    display.refresh_from_db()
    assert display.key == 2 and client.get(old).status_code == 404
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        actions.DISPLAY_CREATED,
        actions.DISPLAY_NEW_LINK,
    ]


def test_the_alert_is_set_on_the_edit_page(client, branch):
    client.force_login(UserFactory(coordinator=True, library=branch.library))
    display = _display(branch)
    url = reverse("schedule:display_edit", args=[display.pk])
    data = {
        "name": "Ingang",
        "branch": branch.pk,
        "alert": "Lift buiten gebruik",
        "is_active": "on",
    }
    client.post(url, data)
    assert "Lift buiten gebruik" in json.dumps(_data(client, display).json())


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"name": ""}, "name"), ({"branch": "999"}, "branch"), ({"alert": "x" * 201}, "alert")],
)
def test_bad_screen_input_gets_a_dutch_message(client, branch, changes, field):
    client.force_login(UserFactory(coordinator=True, library=branch.library))
    response = client.post(MANAGE, {"name": "Ingang", "branch": branch.pk} | changes)
    assert field in response.context["form"].errors
    assert not Display.objects.exists()


def test_a_room_of_another_branch_is_refused(client, branch):
    client.force_login(UserFactory(coordinator=True, library=branch.library))
    room = RoomFactory(branch=BranchWithLocationFactory(library=branch.library))
    response = client.post(MANAGE, {"name": "Ingang", "branch": branch.pk, "room": room.pk})
    assert response.context["form"].errors["room"] == [str(ROOM_OF_OTHER_BRANCH)]


def test_screens_of_another_library_are_out_of_reach(client, branch):
    client.force_login(UserFactory(coordinator=True))
    display = _display(branch)
    assert client.get(reverse("schedule:display_edit", args=[display.pk])).status_code == 404
    assert client.post(reverse("schedule:display_new_link", args=[display.pk])).status_code == 404
    client.force_login(UserFactory(library=branch.library))
    assert client.get(MANAGE).status_code == 403


def test_a_cancellation_is_on_every_screen_of_the_branch_within_a_minute(
    client, branch, time_machine
):
    hour = _hour(branch, "Schuldhulp", (14, 0), (15, 0))
    first, second = _display(branch), _display(branch)
    assert _data(client, first).json()["items"][0]["status"] == ""
    ScheduleExceptionFactory(schedule=hour, date=datetime.date(2026, 12, 8))
    time_machine.move_to(NOW + datetime.timedelta(seconds=61))
    for display in (first, second):
        assert _data(client, display).json()["items"][0]["status"] == "Gaat niet door"


def _activity_date(branch, title, day, hour, **activity):
    from plein.activities.tests.factories import OccurrenceFactory

    start = datetime.datetime(2026, 12, day, hour, 0, tzinfo=datetime.UTC)
    return OccurrenceFactory(
        activity__branch=branch,
        activity__title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        **{f"activity__{name}": value for name, value in activity.items()},
    )


def test_the_screen_shows_coming_activities_with_seats_and_a_qr_to_sign_up(client, branch):
    from plein.activities.tests.factories import SignUpFactory

    open_date = _activity_date(branch, "Klik en Tik", 8, 13, capacity=3)
    SignUpFactory(occurrence=open_date)
    full = _activity_date(branch, "Digisterker", 9, 9, capacity=1)
    SignUpFactory(occurrence=full)
    _activity_date(branch, "Inloop", 10, 9, signup_required=False)
    cancelled = _activity_date(branch, "Afgelast", 8, 14)
    cancelled.cancelled_at = NOW
    cancelled.save()
    _activity_date(branch, "Te ver weg", 20, 9)
    _activity_date(BranchWithLocationFactory(), "Andere bieb", 8, 13)
    data = _data(client, _display(branch)).json()
    offers = [(o["time"], o["service"], o["seats"], bool(o["qr"])) for o in data["offers"]]
    assert offers == [
        ("14.00–15.00", "Klik en Tik", "nog 2 plaatsen", True),
        ("wo 9 dec 10.00–11.00", "Digisterker", "vol – wachtlijst", True),
        ("do 10 dec 10.00–11.00", "Inloop", "", False),
    ]
    page = client.get(display_path(_display(branch))).content.decode()
    assert "Meedoen of een afspraak maken" in page and "nog 2 plaatsen" in page
    assert "Afgelast" not in page and "Andere bieb" not in page


def test_the_screen_shows_bookable_hours_with_free_slots_and_a_qr_to_book(client, branch):
    from plein.appointments.tests.factories import BookableHourFactory, BookingFactory, at

    hour = BookableHourFactory(schedule=_hour(branch, "Belastingspreekuur", (12, 0), (13, 0)))
    BookingFactory(hour=hour, start=at(12, 0), end=at(12, 20))
    full = BookableHourFactory(schedule=_hour(branch, "Volgeboekt", (14, 0), (14, 20)))
    BookingFactory(hour=full, start=at(14, 0), end=at(14, 20))
    offers = _data(client, _display(branch)).json()["offers"]
    names = [(o["service"], o["seats"], o["qr"].startswith("<svg")) for o in offers]
    assert names == [
        ("Belastingspreekuur", "2 vrije tijden om een afspraak te maken", True),
        ("Volgeboekt", "vol", False),  # shown, with nothing to book (below)
    ]


def test_a_full_bookable_hour_shows_vol_on_the_screen_without_a_qr(client, branch):
    from plein.appointments.tests.factories import BookableHourFactory, BookingFactory, at

    full = BookableHourFactory(schedule=_hour(branch, "Volgeboekt", (14, 0), (14, 40)))
    BookingFactory(hour=full, start=at(14, 0), end=at(14, 20))
    BookingFactory(hour=full, start=at(14, 20), end=at(14, 40))
    partly = BookableHourFactory(schedule=_hour(branch, "Halfvol", (15, 0), (16, 0)))
    BookingFactory(hour=partly, start=at(15, 0), end=at(15, 20))
    cancelled = BookableHourFactory(schedule=_hour(branch, "Vervallen", (16, 0), (16, 20)))
    BookingFactory(hour=cancelled, start=at(16, 0), end=at(16, 20))
    ScheduleExceptionFactory(schedule=cancelled.schedule, date=datetime.date(2026, 12, 8))
    offers = _data(client, _display(branch)).json()["offers"]
    free = "2 vrije tijden om een afspraak te maken"
    assert [(o["time"], o["service"], o["organization"], o["seats"]) for o in offers] == [
        ("14.00–14.40", "Volgeboekt", full.organization.name, "vol"),
        ("15.00–16.00", "Halfvol", partly.organization.name, free),
    ]
    assert offers[0]["qr"] == "" and offers[1]["qr"].startswith("<svg")
    page = client.get(display_path(_display(branch))).content.decode()
    # Today's consultation hours list the cancelled one, marked; the offers leave it out.
    offers_html = page.split('id="offers"')[1].split("</section>")[0]
    assert "Volgeboekt" in offers_html and ">vol<" in offers_html
    assert "Vervallen" not in offers_html
    assert offers_html.count("<svg") == 1  # Halfvol's


def test_a_room_screen_shows_only_that_rooms_activities(client, branch):
    room = RoomFactory(branch=branch)
    _activity_date(branch, "Hier", 8, 13, room=room)
    _activity_date(branch, "Elders", 8, 13)
    offers = _data(client, _display(branch, room=room)).json()["offers"]
    assert [o["service"] for o in offers] == ["Hier"]


def test_the_screen_reads_a_fixed_number_of_queries_for_many_activities(client, branch):
    from plein.appointments.tests.factories import BookableHourFactory

    def count(extra: int) -> int:
        for n in range(extra):
            _activity_date(branch, f"Les {n}", 8 + n % 5, 13)
            BookableHourFactory(schedule=_hour(branch, f"Op afspraak {n}", (12, 0), (13, 0)))
        display = _display(branch)
        caches["screens"].clear()
        with CaptureQueriesContext(connection) as queries:
            assert _data(client, display).status_code == 200
        return len(queries)

    assert count(1) == count(8)
