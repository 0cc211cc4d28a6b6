"""Writes for consultation hours, rooms and themes; one audit entry per change.

Consultation hours are HSDS schedules, so they are created, changed and removed by the social
map's schedule services (one code path, one history); this module adds where they are held
(a service at a branch's location), the rules about rooms and themes, and the exceptions.
Nothing here is cached, so pages and feeds show a change on their next request.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from plein.core import audit
from plein.core.models import Branch, Library
from plein.socialmap import audit_actions as actions
from plein.socialmap import services as socialmap_services
from plein.socialmap.agenda.occurrences import is_regular_date
from plein.socialmap.models import (
    ExceptionKind,
    Room,
    Schedule,
    ScheduleException,
    Service,
    ServiceAtLocation,
    Theme,
)

BRANCH_NOT_ON_MAP = _(
    "Deze vestiging staat niet op de sociale kaart. Vraag de coördinator om haar een locatie te "
    "geven."
)
ROOM_OF_OTHER_BRANCH = _("Deze ruimte hoort bij een andere vestiging.")
THEME_OF_OTHER_BRANCH = _("Dit thema hoort bij een andere vestiging.")
NOT_A_REGULAR_DATE = _("Op deze datum is er geen spreekuur volgens het rooster.")
ALREADY_REGULAR_DATE = _("Op deze datum is er al een spreekuur volgens het rooster.")
EXCEPTION_EXISTS = _("Voor deze datum is al een uitzondering ingevuld. Haal die eerst weg.")
ROOM_NAME_TAKEN = _("Deze vestiging heeft al een ruimte met deze naam.")
THEME_TAKEN = _("Deze vestiging heeft dit thema al op deze dag.")


def place_check(*, branch: Branch, room: Room | None, theme: Theme | None) -> None:
    """Raise ValidationError (by field) when the room or theme is not of the branch."""
    errors = {}
    if branch.location_id is None:
        errors["branch"] = BRANCH_NOT_ON_MAP
    if room is not None and room.branch_id != branch.pk:
        errors["room"] = ROOM_OF_OTHER_BRANCH
    if theme is not None and theme.branch_id != branch.pk:
        errors["theme"] = THEME_OF_OTHER_BRANCH
    if errors:
        raise ValidationError(errors)


def consultation_hour_branch(schedule: Schedule) -> Branch | None:
    """The library branch a schedule is held in (None: it is not a consultation hour)."""
    link = schedule.service_at_location
    if link is None:
        return None
    return (
        Branch.objects.filter(location_id=link.location_id, library_id=link.service.library_id)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def consultation_hour_create(
    *, service: Service, branch: Branch, data: dict[str, Any], user
) -> Schedule:
    """A consultation hour of the service in the branch: the schedule of the service at the
    branch's location (the link is made when the service is not there yet)."""
    if branch.library_id != service.library_id:
        raise ValueError("A service holds hours only in its own library's branches.")
    place_check(branch=branch, room=data.get("room"), theme=data.get("theme"))
    location = branch.location
    assert location is not None  # place_check refused a branch without one
    link = (
        ServiceAtLocation.objects.filter(service=service, location=location).order_by("pk").first()
    ) or ServiceAtLocation.objects.create(service=service, location=location)
    return socialmap_services.schedule_create(data=data, user=user, service_at_location=link)


def consultation_hour_update(
    *, schedule: Schedule, branch: Branch, data: dict[str, Any], user
) -> dict[str, list]:
    place_check(branch=branch, room=data.get("room"), theme=data.get("theme"))
    return socialmap_services.schedule_update(schedule=schedule, data=data, user=user)


@transaction.atomic
def schedule_exception_add(
    *,
    schedule: Schedule,
    kind: str,
    date: datetime.date,
    user,
    new_date: datetime.date | None = None,
    opens_at: datetime.time | None = None,
    closes_at: datetime.time | None = None,
    room: Room | None = None,
    reason: str = "",
) -> ScheduleException:
    """Cancel or move one regular occurrence, or add an extra one (raises ValidationError)."""
    if kind == ExceptionKind.EXTRA and is_regular_date(schedule, date):
        raise ValidationError({"date": ALREADY_REGULAR_DATE})
    if kind != ExceptionKind.EXTRA and not is_regular_date(schedule, date):
        raise ValidationError({"date": NOT_A_REGULAR_DATE})
    if schedule.exceptions.filter(date=date).exists():
        raise ValidationError({"date": EXCEPTION_EXISTS})
    branch = consultation_hour_branch(schedule)
    if room is not None and (branch is None or room.branch_id != branch.pk):
        raise ValidationError({"room": ROOM_OF_OTHER_BRANCH})
    exception = ScheduleException.objects.create(
        schedule=schedule,
        kind=kind,
        date=date,
        new_date=new_date,
        opens_at=opens_at,
        closes_at=closes_at,
        room=room,
        reason=reason,
    )
    audit.log(
        socialmap_services.schedule_owner(schedule),
        actions.SCHEDULE_EXCEPTION_ADDED,
        user=user,
        changes=_exception_changes(exception, added=True),
    )
    return exception


@transaction.atomic
def schedule_exception_remove(*, exception: ScheduleException, user) -> None:
    changes = _exception_changes(exception, added=False)
    owner = socialmap_services.schedule_owner(exception.schedule)
    exception.delete()
    audit.log(owner, actions.SCHEDULE_EXCEPTION_REMOVED, user=user, changes=changes)


def _exception_changes(exception: ScheduleException, *, added: bool) -> dict[str, list]:
    values = {
        "exception.kind": exception.kind,
        "exception.date": exception.date.isoformat(),
        "exception.new_date": exception.new_date.isoformat() if exception.new_date else None,
        "exception.opens_at": exception.opens_at.isoformat() if exception.opens_at else None,
        "exception.room": str(exception.room) if exception.room else None,
        # The reason is public text, but the log never keeps free text: only that there is one.
        "exception.reason": audit.FIELD_CHANGED if exception.reason else None,
    }
    return {
        key: [None, value] if added else [value, None] for key, value in values.items() if value
    }


# --- Rooms and themes ---------------------------------------------------------------------------


def _room_name_check(*, branch_id: int, name: str, room: Room | None = None) -> None:
    same = Room.objects.filter(branch_id=branch_id, name__iexact=name)
    if room is not None:
        same = same.exclude(pk=room.pk)
    if same.exists():
        raise ValidationError({"name": ROOM_NAME_TAKEN})


def _theme_check(*, branch_id: int, name: str, weekday: int, theme: Theme | None = None) -> None:
    same = Theme.objects.filter(branch_id=branch_id, name__iexact=name, weekday=weekday)
    if theme is not None:
        same = same.exclude(pk=theme.pk)
    if same.exists():
        raise ValidationError({"name": THEME_TAKEN})


@transaction.atomic
def room_create(*, library: Library, branch: Branch, data: dict[str, Any], user) -> Room:
    if branch.library_id != library.pk:
        raise ValueError("A room belongs to a branch of its own library.")
    _room_name_check(branch_id=branch.pk, name=data["name"])
    room = Room.objects.create(library=library, branch=branch, **data)
    audit.log(room, actions.ROOM_CREATED, user=user, changes=_created(data))
    return room


@transaction.atomic
def room_update(*, room: Room, data: dict[str, Any], user) -> dict[str, list]:
    _room_name_check(branch_id=room.branch_id, name=data["name"], room=room)
    changes = socialmap_services.fields_apply(room, data)
    if changes:
        room.save(update_fields=list(changes))
        audit.log(room, actions.ROOM_UPDATED, user=user, changes=changes)
    return changes


@transaction.atomic
def room_delete(*, room: Room, user) -> None:
    """Remove a room; hours held in it keep their branch and lose only the room."""
    audit.log(room, actions.ROOM_DELETED, user=user, changes={"name": [room.name, None]})
    room.delete()


@transaction.atomic
def theme_create(*, library: Library, branch: Branch, data: dict[str, Any], user) -> Theme:
    if branch.library_id != library.pk:
        raise ValueError("A theme belongs to a branch of its own library.")
    _theme_check(branch_id=branch.pk, name=data["name"], weekday=data["weekday"])
    theme = Theme.objects.create(library=library, branch=branch, **data)
    audit.log(theme, actions.THEME_CREATED, user=user, changes=_created(data))
    return theme


@transaction.atomic
def theme_update(*, theme: Theme, data: dict[str, Any], user) -> dict[str, list]:
    _theme_check(branch_id=theme.branch_id, name=data["name"], weekday=data["weekday"], theme=theme)
    changes = socialmap_services.fields_apply(theme, data)
    if changes:
        theme.save(update_fields=list(changes))
        audit.log(theme, actions.THEME_UPDATED, user=user, changes=changes)
    return changes


@transaction.atomic
def theme_delete(*, theme: Theme, user) -> None:
    """Remove a theme; its hours stay, without a theme."""
    audit.log(theme, actions.THEME_DELETED, user=user, changes={"name": [theme.name, None]})
    theme.delete()


def _created(data: dict[str, Any]) -> dict[str, list]:
    return {
        key: [None, value.isoformat() if hasattr(value, "isoformat") else value]
        for key, value in data.items()
        if value not in (None, "")
    }
