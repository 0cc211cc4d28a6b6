"""Writes for consultation hours, exceptions, rooms and themes: rules and audit entries."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.socialmap import audit_actions
from plein.socialmap.agenda import services
from plein.socialmap.models import ExceptionKind, Room, ServiceAtLocation
from plein.socialmap.tests.factories import (
    BranchWithLocationFactory,
    ConsultationHourFactory,
    RoomFactory,
    ServiceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

TUESDAY = datetime.date(2026, 3, 10)
HOUR_DATA = {
    "freq": "WEEKLY",
    "interval": 1,
    "byday": "TU",
    "dtstart": datetime.date(2026, 1, 6),
    "opens_at": datetime.time(10, 0),
    "closes_at": datetime.time(12, 0),
}


@pytest.fixture
def hour():
    return ConsultationHourFactory()


@pytest.fixture
def user(hour):
    return UserFactory(partner=True, organization=hour.service_at_location.service.organization)


def test_a_consultation_hour_is_a_schedule_of_the_service_at_the_branch_location():
    branch = BranchWithLocationFactory()
    service = ServiceFactory(organization__library=branch.library)
    room = RoomFactory(branch=branch)
    user = UserFactory(coordinator=True, library=branch.library)
    schedule = services.consultation_hour_create(
        service=service, branch=branch, data={**HOUR_DATA, "room": room}, user=user
    )
    link = ServiceAtLocation.objects.get(service=service, location=branch.location)
    assert schedule.service_at_location == link
    assert schedule.room == room
    event = AuditEvent.objects.get(action=audit_actions.SCHEDULE_CREATED)
    assert event.object_id == str(service.pk)
    assert event.changes["schedule.room"] == [None, room.name]
    # A second hour in the same branch uses the same link.
    services.consultation_hour_create(
        service=service, branch=branch, data={**HOUR_DATA, "byday": "TH"}, user=user
    )
    assert ServiceAtLocation.objects.filter(service=service).count() == 1


def test_a_room_or_theme_of_another_branch_is_refused():
    branch = BranchWithLocationFactory()
    other = BranchWithLocationFactory(library=branch.library)
    service = ServiceFactory(organization__library=branch.library)
    with pytest.raises(ValidationError) as error:
        services.consultation_hour_create(
            service=service,
            branch=branch,
            data={
                **HOUR_DATA,
                "room": RoomFactory(branch=other),
                "theme": ThemeFactory(branch=other),
            },
            user=None,
        )
    assert error.value.message_dict == {
        "room": [str(services.ROOM_OF_OTHER_BRANCH)],
        "theme": [str(services.THEME_OF_OTHER_BRANCH)],
    }


def test_cancelling_a_date_is_audited_without_its_reason_text(hour, user):
    services.schedule_exception_add(
        schedule=hour, kind=ExceptionKind.CANCELLED, date=TUESDAY, reason="Ziek: Jan", user=user
    )
    event = AuditEvent.objects.get(action=audit_actions.SCHEDULE_EXCEPTION_ADDED)
    assert event.actor == user
    assert event.changes["exception.date"] == [None, "2026-03-10"]
    assert "Jan" not in str(event.changes)


def test_only_a_date_of_the_rule_can_be_cancelled_or_moved(hour, user):
    wednesday = TUESDAY + datetime.timedelta(days=1)
    for kind in (ExceptionKind.CANCELLED, ExceptionKind.MOVED):
        with pytest.raises(ValidationError) as error:
            services.schedule_exception_add(schedule=hour, kind=kind, date=wednesday, user=user)
        assert error.value.message_dict["date"] == [str(services.NOT_A_REGULAR_DATE)]


def test_an_extra_date_must_not_be_a_date_of_the_rule(hour, user):
    with pytest.raises(ValidationError) as error:
        services.schedule_exception_add(
            schedule=hour, kind=ExceptionKind.EXTRA, date=TUESDAY, user=user
        )
    assert error.value.message_dict["date"] == [str(services.ALREADY_REGULAR_DATE)]


def test_one_exception_per_date(hour, user):
    services.schedule_exception_add(
        schedule=hour, kind=ExceptionKind.CANCELLED, date=TUESDAY, user=user
    )
    with pytest.raises(ValidationError) as error:
        services.schedule_exception_add(
            schedule=hour,
            kind=ExceptionKind.MOVED,
            date=TUESDAY,
            new_date=TUESDAY + datetime.timedelta(days=2),
            user=user,
        )
    assert error.value.message_dict["date"] == [str(services.EXCEPTION_EXISTS)]


def test_a_moved_hour_goes_only_to_a_room_of_its_branch(hour, user):
    with pytest.raises(ValidationError):
        services.schedule_exception_add(
            schedule=hour, kind=ExceptionKind.MOVED, date=TUESDAY, room=RoomFactory(), user=user
        )


def test_removing_an_exception_is_audited(hour, user):
    exception = services.schedule_exception_add(
        schedule=hour, kind=ExceptionKind.CANCELLED, date=TUESDAY, user=user
    )
    services.schedule_exception_remove(exception=exception, user=user)
    assert not hour.exceptions.exists()
    event = AuditEvent.objects.get(action=audit_actions.SCHEDULE_EXCEPTION_REMOVED)
    assert event.changes["exception.kind"] == ["cancelled", None]


def test_rooms_are_unique_per_branch_and_every_change_is_audited():
    branch = BranchWithLocationFactory()
    user = UserFactory(coordinator=True, library=branch.library)
    data = {"name": "Spreekkamer 1", "floor": 1, "route": "naast de leestafel"}
    room = services.room_create(library=branch.library, branch=branch, data=data, user=user)
    with pytest.raises(ValidationError):
        services.room_create(
            library=branch.library, branch=branch, data={**data, "name": "spreekkamer 1"}, user=user
        )
    services.room_update(room=room, data={**data, "floor": 0}, user=user)
    services.room_delete(room=room, user=user)
    assert not Room.objects.exists()
    assert list(
        AuditEvent.objects.filter(object_type="socialmap.room")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [audit_actions.ROOM_CREATED, audit_actions.ROOM_UPDATED, audit_actions.ROOM_DELETED]


def test_deleting_a_room_keeps_its_hours(hour, user):
    room = RoomFactory(branch=hour.service_at_location.location.branches.get())
    hour.room = room
    hour.save(update_fields=["room"])
    services.room_delete(room=room, user=None)
    hour.refresh_from_db()
    assert hour.room is None


def test_a_theme_is_unique_per_branch_and_day():
    theme = ThemeFactory(name="Werk & inkomen", weekday=1)
    data = {
        "name": "werk & inkomen",
        "weekday": 1,
        "starts_at": datetime.time(13),
        "ends_at": datetime.time(17),
        "description": "",
    }
    with pytest.raises(ValidationError):
        services.theme_create(library=theme.library, branch=theme.branch, data=data, user=None)
    other_day = services.theme_create(
        library=theme.library, branch=theme.branch, data={**data, "weekday": 3}, user=None
    )
    assert other_day.weekday == 3
    assert AuditEvent.objects.filter(action=audit_actions.THEME_CREATED).count() == 1
