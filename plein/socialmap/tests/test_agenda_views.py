"""Consultation hour pages: the public agenda, week folder and feeds; partners' and
coordinators' pages with bad input and the wrong user."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import time_machine
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.socialmap import audit_actions
from plein.socialmap.agenda import feeds
from plein.socialmap.agenda import forms as agenda_forms
from plein.socialmap.agenda import services as agenda_services
from plein.socialmap.agenda.occurrences import IN_FEEDS, Status
from plein.socialmap.agenda.selectors import occurrence_list
from plein.socialmap.forms import CLOSES_BEFORE_OPENS, NAME_REQUIRED, WEEKDAYS_REQUIRED
from plein.socialmap.models import ExceptionKind, Room, Schedule, ScheduleException, Theme
from plein.socialmap.tests.factories import (
    BranchWithLocationFactory,
    ConsultationHourFactory,
    RoomFactory,
    ScheduleExceptionFactory,
    ServiceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
# Tuesday 10 March 2026, 08:30 in Amsterdam.
NOW = datetime.datetime(2026, 3, 10, 8, 30, tzinfo=AMS)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def branch():
    return BranchWithLocationFactory(name="Bibliotheek Centrum", slug="centrum")


@pytest.fixture
def room(branch):
    return RoomFactory(branch=branch, name="Spreekkamer 2", floor=1, route="naast de leestafel")


@pytest.fixture
def theme(branch):
    return ThemeFactory(branch=branch, name="Werk & inkomen", weekday=1)


@pytest.fixture
def hour(branch, room, theme):
    return ConsultationHourFactory(
        branch=branch,
        service__name="Belastingspreekuur",
        room=room,
        theme=theme,
        by_appointment=True,
        appointment_info="Bel 0570 123 456",
        languages="nl,ar",
    )


@pytest.fixture
def partner(client, hour):
    user = UserFactory(partner=True, organization=hour.service_at_location.service.organization)
    client.force_login(user)
    return user


@pytest.fixture
def coordinator(client, branch):
    user = UserFactory(coordinator=True, library=branch.library)
    client.force_login(user)
    return user


def _agenda(client, branch):
    return client.get(reverse("socialmap:agenda", args=[branch.library.slug, branch.slug]))


def _feed(client, branch, fmt="ics", **kwargs):
    args = [branch.library.slug, branch.slug]
    if "room" in kwargs:
        url = reverse("socialmap:agenda_feed_room", args=[*args, kwargs["room"].pk, fmt])
    elif "theme" in kwargs:
        url = reverse("socialmap:agenda_feed_theme", args=[*args, kwargs["theme"].pk, fmt])
    else:
        url = reverse("socialmap:agenda_feed_branch", args=[*args, fmt])
    return client.get(url)


def _events(response) -> list:
    """The feed's occurrences, its recurring events expanded as a calendar client does."""
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(recurring_ical_events.of(calendar).between((2025, 1, 1), (2028, 1, 1)))


def _key(event) -> tuple[str, datetime.datetime]:
    """An occurrence's identity for a calendar client: UID and RECURRENCE-ID."""
    regular = event.decoded("recurrence-id") if "RECURRENCE-ID" in event else None
    return str(event["uid"]), regular or event.decoded("dtstart")


# --- The public agenda ------------------------------------------------------------------------


def test_the_agenda_shows_two_weeks_by_day_with_room_route_and_theme(client, hour):
    response = _agenda(client, hour.room.branch)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze week" in html and "Volgende week" in html
    assert "dinsdag 10 maart" in html and "dinsdag 17 maart" in html
    assert "dinsdag 24 maart" not in html
    assert "Spreekkamer 2, eerste verdieping, naast de leestafel" in html
    assert "Werk &amp; inkomen" in html
    assert "Alleen op afspraak." in html and "Bel 0570 123 456" in html
    assert "Arabisch" in html
    assert response["Cache-Control"] == "public, max-age=60"


def test_a_cancelled_hour_shows_on_the_agenda_at_the_next_request(client, hour, partner):
    dates = reverse("socialmap:consultation_cancel", args=[hour.pk])
    response = client.post(dates, {"date": "2026-03-10", "reason": "wegens ziekte"})
    assert response.status_code == 302
    client.logout()
    html = _agenda(client, hour.room.branch).content.decode()
    assert "Gaat niet door" in html and "wegens ziekte" in html


def test_holidays_moves_and_extra_dates_show_on_the_agenda(client, hour):
    ScheduleExceptionFactory(
        schedule=hour,
        kind=ExceptionKind.MOVED,
        date=datetime.date(2026, 3, 17),
        new_date=datetime.date(2026, 3, 19),
    )
    ScheduleExceptionFactory(
        schedule=hour, kind=ExceptionKind.EXTRA, date=datetime.date(2026, 3, 12)
    )
    html = _agenda(client, hour.room.branch).content.decode()
    assert "naar donderdag 19 maart, 10.00 uur" in html
    assert "in plaats van dinsdag 17 maart" in html
    assert "Extra" in html


def test_the_agenda_of_an_unknown_branch_or_library_is_not_found(client, branch):
    assert (
        client.get(reverse("socialmap:agenda", args=[branch.library.slug, "nergens"])).status_code
        == 404
    )
    assert client.get(reverse("socialmap:agenda", args=["nergens", branch.slug])).status_code == 404


def test_another_librarys_hours_are_not_on_the_agenda(client, hour):
    other = ConsultationHourFactory(service__name="Hulp elders")
    html = _agenda(client, hour.room.branch).content.decode()
    assert "Belastingspreekuur" in html and "Hulp elders" not in html
    # The other library's room in this branch's feed URL does not exist.
    stray = RoomFactory(branch=other.service_at_location.location.branches.get())
    assert _feed(client, hour.room.branch, room=stray).status_code == 404


def test_an_inactive_service_has_no_hours_on_the_agenda(client, hour):
    service = hour.service_at_location.service
    service.status = "inactive"
    service.save(update_fields=["status"])
    assert "Belastingspreekuur" not in _agenda(client, hour.room.branch).content.decode()


def test_the_week_folder_prints_one_week_and_refuses_nothing(client, hour):
    branch = hour.room.branch
    url = reverse("socialmap:agenda_folder", args=[branch.library.slug, branch.slug])
    html = client.get(url).content.decode()
    assert "Week van 9 maart 2026 tot en met 15 maart 2026" in html
    assert "Belastingspreekuur" in html and "plein/agenda.css" in html
    later = client.get(url, {"week": "1"}).content.decode()
    assert "Week van 16 maart 2026" in later
    for bad in ("abc", "-4", "99999999999999999999", "1e400"):
        response = client.get(url, {"week": bad})
        assert response.status_code == 200


# --- Feeds ------------------------------------------------------------------------------------


def test_the_branch_feed_is_a_calendar_of_recurring_events(client, hour):
    ScheduleExceptionFactory(schedule=hour, date=datetime.date(2026, 3, 17), reason="ziek")
    response = _feed(client, hour.room.branch)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=60"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    # One recurring event and the override of its cancelled date.
    published = calendar.walk("VEVENT")
    assert len(published) == 2 and "RRULE" in published[0]
    assert published[1].decoded("recurrence-id") == datetime.datetime(2026, 3, 17, 10, tzinfo=AMS)
    events = _events(response)
    # A week back and a year ahead, weekly, less holidays on a Tuesday (none in that year).
    assert 50 <= len(events) <= 55
    by_start = {event.decoded("dtstart"): event for event in events}
    march_10 = by_start[datetime.datetime(2026, 3, 10, 10, 0, tzinfo=AMS)]
    assert str(march_10["summary"]).startswith("Belastingspreekuur (")
    assert str(march_10["status"]) == "CONFIRMED"
    assert "Spreekkamer 2, eerste verdieping, naast de leestafel" in str(march_10["location"])
    cancelled = by_start[datetime.datetime(2026, 3, 17, 10, 0, tzinfo=AMS)]
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["summary"]).startswith("Vervalt:")
    assert "ziek" in str(cancelled["description"])
    assert len({_key(event) for event in events}) == len(events)


def test_a_moved_hour_keeps_its_uid_in_the_feed_and_holidays_are_left_out(client, branch):
    hour = ConsultationHourFactory(branch=branch, byday="MO")
    before = {_key(e): e.decoded("dtstart") for e in _events(_feed(client, branch))}
    # Tweede Paasdag (6 April 2026) and Tweede Pinksterdag (25 May) are not events.
    days = {start.date() for start in before.values()}
    assert datetime.date(2026, 4, 6) not in days and datetime.date(2026, 5, 25) not in days
    assert datetime.date(2026, 4, 13) in days
    agenda_services.schedule_exception_add(
        schedule=hour,
        kind=ExceptionKind.MOVED,
        date=datetime.date(2026, 3, 16),
        new_date=datetime.date(2026, 3, 18),
        user=None,
    )
    after = {_key(e): e.decoded("dtstart") for e in _events(_feed(client, branch))}
    assert before.keys() == after.keys()
    moved = [key for key in after if after[key] != before[key]]
    assert len(moved) == 1 and after[moved[0]].date() == datetime.date(2026, 3, 18)


def test_room_and_theme_feeds_hold_only_their_hours(client, hour, branch):
    ConsultationHourFactory(branch=branch, byday="TH", service__name="Zonder ruimte")
    room_events = _events(_feed(client, branch, room=hour.room))
    theme_events = _events(_feed(client, branch, theme=hour.theme))
    branch_events = _events(_feed(client, branch))
    assert len(branch_events) > len(room_events) == len(theme_events) > 0
    assert all("Belastingspreekuur" in str(e["summary"]) for e in room_events + theme_events)
    theme = theme_events[0]
    assert [str(c) for c in theme["categories"].cats] == ["Werk & inkomen"]


def test_the_service_feed_and_the_json_feed(client, hour):
    library = hour.room.branch.library
    service = hour.service_at_location.service
    ics = client.get(
        reverse("socialmap:agenda_feed_service", args=[library.slug, service.pk, "ics"])
    )
    assert len(_events(ics)) > 50
    data = json.loads(_feed(client, hour.room.branch, fmt="json").content)
    first = data["occurrences"][0]
    assert first["service"]["name"] == "Belastingspreekuur"
    assert first["room"] == {
        "id": hour.room.pk,
        "name": "Spreekkamer 2",
        "floor": 1,
        "route": "naast de leestafel",
    }
    assert first["theme"]["name"] == "Werk & inkomen"
    assert first["languages"] == ["nl", "ar"]
    assert first["by_appointment"] is True
    assert datetime.datetime.fromisoformat(first["start"]) == datetime.datetime(
        2026, 3, 3, 10, 0, tzinfo=AMS
    )


def test_a_feed_in_another_format_is_not_a_page(client, branch):
    url = reverse("socialmap:agenda_feed_branch", args=[branch.library.slug, branch.slug, "ics"])
    assert client.get(url.replace(".ics", ".xml")).status_code == 404


def test_the_service_page_tells_where_to_go_and_shows_a_cancellation(client, hour):
    ScheduleExceptionFactory(schedule=hour, date=datetime.date(2026, 3, 10), reason="ziek")
    service = hour.service_at_location.service
    url = reverse("socialmap:service_detail", args=[service.library.slug, service.pk])
    html = client.get(url).content.decode()
    assert "Spreekkamer 2, eerste verdieping, naast de leestafel" in html
    assert "Gaat niet door" in html
    # The next time is next week's, not today's cancelled one.
    assert "Eerstvolgende keer:</strong> dinsdag 17 maart" in html


# --- Partners and coordinators ----------------------------------------------------------------


def _hour_post(place, **overrides) -> dict:
    data = {
        "branch": place.pk,
        "room": "",
        "theme": "",
        "weekdays": ["TH"],
        "freq": "BIWEEKLY",
        "week_of_month": "",
        "first_date": "2026-03-12",
        "opens_at": "13:30",
        "closes_at": "15:00",
        "valid_from": "",
        "valid_to": "",
        "appointment_info": "",
        "schedule_link": "",
        "description": "",
    }
    return {**data, **overrides}


def test_a_partner_adds_an_hour_every_other_week_for_its_service(client, partner, hour, branch):
    service = hour.service_at_location.service
    url = reverse("socialmap:consultation_add", args=[service.pk])
    response = client.post(url, _hour_post(branch, room=hour.room.pk, languages=["tr"]))
    assert response.status_code == 302
    added = Schedule.objects.exclude(pk=hour.pk).get()
    assert (added.freq, added.interval, added.byday) == ("WEEKLY", 2, "TH")
    assert added.dtstart == datetime.date(2026, 3, 12)
    assert added.room == hour.room and added.languages == "tr"
    assert added.service_at_location == hour.service_at_location
    assert AuditEvent.objects.filter(action=audit_actions.SCHEDULE_CREATED, actor=partner).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_date": ""}, "first_date", agenda_forms.FIRST_DATE_REQUIRED),
        ({"first_date": "2026-03-13"}, "first_date", agenda_forms.FIRST_DATE_NOT_ON_DAY),
        ({"first_date": "13-13-2026"}, "first_date", agenda_forms.DATE_INVALID),
        ({"weekdays": []}, "weekdays", WEEKDAYS_REQUIRED),
        ({"closes_at": "12:00"}, "closes_at", CLOSES_BEFORE_OPENS),
        ({"by_appointment": "on"}, "appointment_info", agenda_forms.APPOINTMENT_INFO_REQUIRED),
        ({"branch": "99999999999999999999"}, "branch", agenda_forms.BRANCH_REQUIRED),
        ({"languages": ["klingon"]}, "languages", None),
        ({"schedule_link": "javascript:alert(1)"}, "schedule_link", agenda_forms.URL_INVALID),
    ],
)
def test_bad_input_for_an_hour_gets_a_dutch_message_and_keeps_the_rest(
    client, partner, hour, branch, overrides, field, message
):
    service = hour.service_at_location.service
    url = reverse("socialmap:consultation_add", args=[service.pk])
    response = client.post(url, _hour_post(branch, description="Neem uw post mee", **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    if message:
        assert str(message) in form.errors[field]
    assert "Neem uw post mee" in response.content.decode()
    assert Schedule.objects.count() == 1


def test_a_room_of_another_branch_is_refused_in_the_form(client, partner, hour, branch):
    other = RoomFactory(branch=BranchWithLocationFactory(library=branch.library))
    service = hour.service_at_location.service
    url = reverse("socialmap:consultation_add", args=[service.pk])
    response = client.post(url, _hour_post(branch, room=other.pk))
    assert str(agenda_services.ROOM_OF_OTHER_BRANCH) in response.context["form"].errors["room"]


def test_a_partner_edits_its_hour_and_keeps_the_branch(client, partner, hour, branch):
    url = reverse("socialmap:consultation_edit", args=[hour.pk])
    page = client.get(url)
    assert page.context["form"].initial["freq"] == "WEEKLY"
    response = client.post(
        url, _hour_post(branch, branch="", weekdays=["TU"], first_date="2026-03-10")
    )
    assert response.status_code == 302
    hour.refresh_from_db()
    assert hour.interval == 2 and hour.byday == "TU"


def test_a_partner_cannot_touch_another_organisations_hours(client, hour, branch):
    neighbour = ServiceFactory(organization__library=branch.library, organization__is_partner=True)
    client.force_login(UserFactory(partner=True, organization=neighbour.organization))
    exception = ScheduleExceptionFactory(schedule=hour)
    for name, args in (
        ("consultation_edit", [hour.pk]),
        ("consultation_dates", [hour.pk]),
        ("consultation_cancel", [hour.pk]),
        ("exception_remove", [exception.pk]),
        ("consultation_add", [hour.service_at_location.service.pk]),
    ):
        response = client.post(reverse(f"socialmap:{name}", args=args), {"date": "2026-03-17"})
        assert response.status_code == 403, name
    assert ScheduleException.objects.count() == 1


def test_other_library_users_do_not_find_the_hours(client, hour):
    other = BranchWithLocationFactory()
    client.force_login(UserFactory(coordinator=True, library=other.library))
    for name in ("consultation_edit", "consultation_dates", "consultation_cancel"):
        assert client.post(reverse(f"socialmap:{name}", args=[hour.pk])).status_code == 404
    assert client.get(reverse("socialmap:room_edit", args=[hour.room.pk])).status_code == 404
    assert client.post(reverse("socialmap:theme_delete", args=[hour.theme.pk])).status_code == 404
    assert Theme.objects.filter(pk=hour.theme.pk).exists()
    assert (
        "Belastingspreekuur" not in client.get(reverse("socialmap:hours_overview")).content.decode()
    )


def test_a_partner_cancels_moves_and_adds_on_the_dates_page(client, partner, hour):
    url = reverse("socialmap:consultation_dates", args=[hour.pk])
    page = client.get(url).content.decode()
    assert "Gaat niet door" in page
    cancel = reverse("socialmap:consultation_cancel", args=[hour.pk])
    client.post(cancel, {"date": "2026-03-10", "reason": ""})
    response = client.post(
        url, {"kind": "moved", "date": "2026-03-17", "new_date": "2026-03-19", "reason": ""}
    )
    assert response.status_code == 302
    response = client.post(
        url, {"kind": "extra", "date": "2026-03-13", "opens_at": "14:00", "closes_at": "15:00"}
    )
    assert response.status_code == 302
    kinds = list(ScheduleException.objects.order_by("date").values_list("kind", flat=True))
    assert kinds == ["cancelled", "extra", "moved"]


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        ({"kind": "moved", "date": "2026-03-17"}, "new_date", agenda_forms.MOVE_NEEDS_CHANGE),
        ({"kind": "extra", "date": "2026-03-17"}, "date", agenda_services.ALREADY_REGULAR_DATE),
        (
            {"kind": "moved", "date": "2026-03-18", "new_date": "2026-03-19"},
            "date",
            agenda_services.NOT_A_REGULAR_DATE,
        ),
        (
            {"kind": "extra", "date": "2026-03-13", "opens_at": "14:00"},
            "closes_at",
            agenda_forms.TIMES_BOTH,
        ),
        (
            {"kind": "extra", "date": "2026-03-13", "opens_at": "14:00", "closes_at": "13:00"},
            "closes_at",
            CLOSES_BEFORE_OPENS,
        ),
        ({"kind": "extra", "date": "morgen"}, "date", agenda_forms.DATE_INVALID),
        ({"kind": "weg", "date": "2026-03-13"}, "kind", None),
    ],
)
def test_bad_input_on_the_dates_page(client, partner, hour, post, field, message):
    url = reverse("socialmap:consultation_dates", args=[hour.pk])
    response = client.post(url, {"reason": "zie website", **post})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert str(message) in errors[field]
    assert 'value="zie website"' in response.content.decode()
    assert not ScheduleException.objects.exists()


def test_cancelling_a_date_that_is_not_in_the_rule_says_so(client, partner, hour):
    cancel = reverse("socialmap:consultation_cancel", args=[hour.pk])
    response = client.post(cancel, {"date": "2026-03-11"}, follow=True)
    assert str(agenda_services.NOT_A_REGULAR_DATE) in response.content.decode()
    response = client.post(cancel, {"date": "gisteren"}, follow=True)
    assert "kon niet worden afgezegd" in response.content.decode()
    assert not ScheduleException.objects.exists()


def test_a_desk_worker_and_a_partner_cannot_manage_rooms_or_themes(client, hour, partner):
    for name in ("rooms", "themes", "hours_overview"):
        assert client.get(reverse(f"socialmap:{name}")).status_code == 403
    client.force_login(UserFactory(library=hour.room.library))
    assert client.post(reverse("socialmap:room_delete", args=[hour.room.pk])).status_code == 403
    assert Room.objects.filter(pk=hour.room.pk).exists()


def test_a_coordinator_adds_edits_and_deletes_a_room(client, coordinator, branch):
    url = reverse("socialmap:rooms")
    response = client.post(
        url, {"branch": branch.pk, "name": "Leesplein", "floor": "0", "route": "bij de ingang"}
    )
    assert response.status_code == 302
    room = Room.objects.get(name="Leesplein")
    edit = reverse("socialmap:room_edit", args=[room.pk])
    client.post(edit, {"name": "Leesplein", "floor": "1", "route": "boven de trap"})
    room.refresh_from_db()
    assert (room.floor, room.route, room.branch) == (1, "boven de trap", branch)
    client.post(reverse("socialmap:room_delete", args=[room.pk]))
    assert not Room.objects.exists()
    assert AuditEvent.objects.filter(object_type="socialmap.room").count() == 3


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        ({"name": ""}, "name", NAME_REQUIRED),
        ({"name": "Spreekkamer 2"}, "name", agenda_services.ROOM_NAME_TAKEN),
        ({"floor": "99999999999999999999"}, "floor", agenda_forms.FLOOR_INVALID),
        ({"floor": "1e400"}, "floor", agenda_forms.FLOOR_INVALID),
        ({"branch": "-1"}, "branch", agenda_forms.BRANCH_REQUIRED),
        ({"name": "x" * 101}, "name", None),
    ],
)
def test_bad_input_for_a_room(client, coordinator, branch, room, post, field, message):
    data = {"branch": branch.pk, "name": "Stilteruimte", "floor": "0", "route": "achterin", **post}
    response = client.post(reverse("socialmap:rooms"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert str(message) in errors[field]
    assert 'value="achterin"' in response.content.decode()
    assert Room.objects.count() == 1


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        ({"name": ""}, "name", NAME_REQUIRED),
        ({"weekday": "7"}, "weekday", agenda_forms.WEEKDAY_REQUIRED),
        ({"weekday": "99999999999999999999"}, "weekday", agenda_forms.WEEKDAY_REQUIRED),
        ({"ends_at": "12:00"}, "ends_at", CLOSES_BEFORE_OPENS),
        ({"starts_at": "25:00"}, "starts_at", agenda_forms.TIME_INVALID),
        ({"name": "Werk & inkomen", "weekday": "1"}, "name", agenda_services.THEME_TAKEN),
    ],
)
def test_bad_input_for_a_theme(client, coordinator, branch, theme, post, field, message):
    data = {
        "branch": branch.pk,
        "name": "Taal",
        "weekday": "3",
        "starts_at": "13:00",
        "ends_at": "17:00",
        "description": "Taalhuis en taalcafé",
        **post,
    }
    response = client.post(reverse("socialmap:themes"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert str(message) in errors[field]
    assert "Taalhuis en taalcafé" in response.content.decode()
    assert Theme.objects.count() == 1


def test_a_coordinator_sees_every_hour_and_may_change_any(client, coordinator, hour):
    html = client.get(reverse("socialmap:hours_overview")).content.decode()
    assert "Belastingspreekuur" in html
    cancel = reverse("socialmap:consultation_cancel", args=[hour.pk])
    assert client.post(cancel, {"date": "2026-03-10"}).status_code == 302
    assert ScheduleException.objects.get().kind == "cancelled"


def test_the_agenda_page_runs_a_fixed_number_of_queries(
    client, hour, branch, django_assert_max_num_queries
):
    for day in ("WE", "TH", "FR"):
        other = ConsultationHourFactory(branch=branch, byday=day)
        ScheduleExceptionFactory(schedule=other, date=datetime.date(2026, 3, 13))
    ThemeFactory(branch=branch, weekday=3)
    # Eight for the hours, themes, rooms and branches; two more look for activities and
    # bookable hours (none here; schedule/tests/test_agenda_offers.py counts them with some).
    with django_assert_max_num_queries(10):
        response = _agenda(client, branch)
    assert response.status_code == 200


# --- The iCalendar feed expanded: the same occurrences as Plein's own ------------------------
# The feed publishes RRULE + EXDATE + RECURRENCE-ID overrides; expanded by an independent reader
# (recurring_ical_events), it holds exactly what `occurrence_list` has for the feed's year, which
# runs from 3 March 2026 to 10 March 2027, across both changes of summer time.

UID_SCHEDULE = re.compile(r"[0-9a-f]{8}-[0-9a-f-]{27}")


@pytest.fixture
def rooms(branch):
    return RoomFactory(branch=branch, name="Spreekkamer 1"), RoomFactory(
        branch=branch, name="Zaal", floor=0, route="achter de balie"
    )


@pytest.fixture
def hours(branch, rooms):
    """A branch's year: weekly, every other week on two days, the last Monday of the month,
    a limited number of dates, one that starts later and ends, one on holidays too; cancelled,
    moved (to another room, across summer time, into the window from before it) and extra
    dates."""
    small, hall = rooms
    theme = ThemeFactory(branch=branch, weekday=0, name="Geldzaken")
    monday = ConsultationHourFactory(
        branch=branch, byday="MO", room=small, theme=theme, service__name="Geldloket"
    )
    ScheduleExceptionFactory(schedule=monday, date=datetime.date(2026, 3, 16), reason="ziek")
    ScheduleExceptionFactory(
        schedule=monday,
        kind=ExceptionKind.MOVED,
        date=datetime.date(2026, 3, 23),
        new_date=datetime.date(2026, 4, 1),  # Wednesday, after the change to summer time
        opens_at=datetime.time(14, 0),
        closes_at=datetime.time(15, 30),
        room=hall,
        reason="verplaatst",
    )
    ScheduleExceptionFactory(
        schedule=monday, kind=ExceptionKind.EXTRA, date=datetime.date(2026, 6, 6), room=hall
    )
    fortnightly = ConsultationHourFactory(
        branch=branch,
        byday="WE,TH",
        interval=2,
        dtstart=datetime.date(2025, 9, 3),
        opens_at=datetime.time(13, 30),
        closes_at=datetime.time(16, 0),
        room=hall,
    )
    # Moved from before the window into it: not an override of a date in the feed.
    ScheduleExceptionFactory(
        schedule=fortnightly,
        kind=ExceptionKind.MOVED,
        date=datetime.date(2026, 2, 26),
        new_date=datetime.date(2026, 3, 6),
    )
    ConsultationHourFactory(
        branch=branch, freq="MONTHLY", byday="-1MO", opens_at=datetime.time(19, 0), room=None
    )
    ConsultationHourFactory(branch=branch, byday="FR", count=12, room=small)
    ConsultationHourFactory(
        branch=branch,
        byday="TH",
        valid_from=datetime.date(2026, 4, 9),
        valid_to=datetime.date(2026, 11, 26),
        closes_at=None,
        room=small,
    )
    ConsultationHourFactory(branch=branch, byday="MO", on_public_holidays=True, room=hall)
    return monday, fortnightly


def _expanded(content: bytes) -> set[tuple]:
    calendar = icalendar.Calendar.from_ical(content)
    found = set()
    for event in recurring_ical_events.of(calendar).between(
        datetime.datetime(2025, 1, 1, tzinfo=AMS), datetime.datetime(2028, 1, 1, tzinfo=AMS)
    ):
        match = UID_SCHEDULE.search(str(event["uid"]))
        assert match is not None
        found.add(
            (
                match.group(0),
                event.decoded("dtstart"),
                event.decoded("dtend"),
                str(event["status"]),
                str(event["summary"]),
                str(event["location"]),
            )
        )
    return found


def _plein(library, **filters) -> set[tuple]:
    start, end = feeds.feed_window()
    return {
        (
            str(o.schedule.pk),
            o.start,
            o.end,
            "CANCELLED" if o.status == Status.CANCELLED else "CONFIRMED",
            feeds._title(o),
            feeds.where_describe(o),
        )
        for o in occurrence_list(library=library, start=start, end=end, **filters)
        if o.status in IN_FEEDS
    }


def test_the_expanded_branch_feed_holds_exactly_plein_s_occurrences(client, branch, hours):
    content = _feed(client, branch).content
    expected = _plein(branch.library, branch=branch)
    assert _expanded(content) == expected
    # Published as rules, not as one event per date.
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert len(events) < 15 < len(expected)
    assert sum(1 for event in events if "RRULE" in event) == 6


def test_holidays_are_exdates_and_changed_dates_are_overrides(client, branch, hours):
    monday, _fortnightly = hours
    events = icalendar.Calendar.from_ical(_feed(client, branch).content).walk("VEVENT")
    uid = f"hour-{monday.pk}@plein"
    master = next(e for e in events if str(e["uid"]) == uid and "RECURRENCE-ID" not in e)
    skipped = {moment.dt.date() for exdate in _as_list(master["exdate"]) for moment in exdate.dts}
    # Tweede Paasdag, Koningsdag, Tweede Pinksterdag (Tweede Kerstdag is a Saturday).
    assert skipped == {
        datetime.date(2026, 4, 6),
        datetime.date(2026, 4, 27),
        datetime.date(2026, 5, 25),
    }
    assert master["rrule"]["BYDAY"] == ["MO"]
    overrides = {e.decoded("recurrence-id"): e for e in events if "RECURRENCE-ID" in e}
    cancelled = overrides[datetime.datetime(2026, 3, 16, 10, 0, tzinfo=AMS)]
    assert str(cancelled["uid"]) == uid and str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["summary"]).startswith("Vervalt:") and "ziek" in cancelled["description"]
    moved = overrides[datetime.datetime(2026, 3, 23, 10, 0, tzinfo=AMS)]
    assert moved.decoded("dtstart") == datetime.datetime(2026, 4, 1, 14, 0, tzinfo=AMS)
    assert "Zaal" in str(moved["location"]) and int(moved["sequence"]) == 1
    # 10:00 in Amsterdam is 09:00 UTC in winter and 08:00 UTC in summer.
    expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(_feed(client, branch).content))
    starts = [e.decoded("dtstart") for e in expanded.at((2026, 3, 30)) if str(e["uid"]) == uid]
    assert [start.astimezone(datetime.UTC).hour for start in starts] == [8]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def test_a_room_feed_and_a_service_feed_expand_to_their_own_occurrences(
    client, branch, rooms, hours
):
    small, hall = rooms
    monday, _fortnightly = hours
    for room in rooms:
        assert _expanded(_feed(client, branch, room=room).content) == _plein(
            branch.library, room=room
        )
    # The hour moved into the hall is an event of its own there: its regular date is not.
    hall_events = icalendar.Calendar.from_ical(_feed(client, branch, room=hall).content).walk(
        "VEVENT"
    )
    moved_in = [e for e in hall_events if str(monday.pk) in str(e["uid"])]
    assert {e.decoded("dtstart").date() for e in moved_in} == {
        datetime.date(2026, 4, 1),
        datetime.date(2026, 6, 6),
    }
    assert all("RRULE" not in e and "RECURRENCE-ID" not in e for e in moved_in)
    service = monday.service_at_location.service
    url = reverse("socialmap:agenda_feed_service", args=[branch.library.slug, service.pk, "ics"])
    assert _expanded(client.get(url).content) == _plein(branch.library, service=service)


def test_an_empty_feed_is_a_valid_calendar(client, branch):
    calendar = icalendar.Calendar.from_ical(_feed(client, branch).content)
    assert calendar.walk("VEVENT") == [] and str(calendar["version"]) == "2.0"
