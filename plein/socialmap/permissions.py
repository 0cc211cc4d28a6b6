"""Who may read and edit the social map's entries: services, locations, their links and hours.

Partners edit their own organisation's entries; coordinators every entry of their library;
desk workers read their library's entries. Another library's entries do not exist for a user.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from plein.accounts.permissions import (
    is_administrator,
    is_coordinator,
    is_library_staff,
    is_partner,
    library_for,
    require_coordinator,
    sees_professional_contacts,
)
from plein.core.models import Library
from plein.socialmap.models import (
    Location,
    Organization,
    Room,
    Schedule,
    ScheduleException,
    Service,
    ServiceAtLocation,
    Theme,
)


def may_see_professional_contacts(user, library: Library) -> bool:
    """Professionals-only details of a library's map: its own professionals and administrators."""
    if not sees_professional_contacts(user):
        return False
    return is_administrator(user) or library_for(user) == library


def _may_edit_entry(user, *, library_id, organization_id) -> bool:
    if is_coordinator(user):
        return user.library_id == library_id
    if is_partner(user):
        return organization_id is not None and user.organization_id == organization_id
    return False


def _may_read_entry(user, *, library_id, organization_id) -> bool:
    if is_library_staff(user):
        return user.library_id == library_id
    return _may_edit_entry(user, library_id=library_id, organization_id=organization_id)


def _check_entry(user, *, library_id, organization_id, write: bool) -> None:
    if not (user and user.is_authenticated):
        raise PermissionDenied
    # Another library's entries do not exist for this user.
    library = library_for(user)
    if library is None or library.pk != library_id:
        raise Http404
    check = _may_edit_entry if write else _may_read_entry
    if not check(user, library_id=library_id, organization_id=organization_id):
        raise PermissionDenied


def editable_services(user) -> QuerySet[Service]:
    """The services a user may edit (empty for everyone who may not edit)."""
    if is_coordinator(user):
        return Service.objects.for_library(user.library_id)
    if is_partner(user):
        return Service.objects.filter(organization_id=user.organization_id)
    return Service.objects.none()


def editable_locations(user) -> QuerySet[Location]:
    if is_coordinator(user):
        return Location.objects.for_library(user.library_id)
    if is_partner(user):
        return Location.objects.filter(organization_id=user.organization_id)
    return Location.objects.none()


def get_service_for_user(user, pk, write: bool = False) -> Service:
    """The service, or Http404 (missing, another library) / PermissionDenied (not allowed)."""
    service = get_object_or_404(Service.objects.select_related("organization", "library"), pk=pk)
    _check_entry(
        user,
        library_id=service.library_id,
        organization_id=service.organization_id,
        write=write,
    )
    return service


def get_location_for_user(user, pk, write: bool = False) -> Location:
    location = get_object_or_404(Location.objects.select_related("organization"), pk=pk)
    _check_entry(
        user,
        library_id=location.library_id,
        organization_id=location.organization_id,
        write=write,
    )
    return location


def get_service_at_location_for_user(user, pk, write: bool = False) -> ServiceAtLocation:
    link = get_object_or_404(ServiceAtLocation.objects.select_related("service", "location"), pk=pk)
    _check_entry(
        user,
        library_id=link.service.library_id,
        organization_id=link.service.organization_id,
        write=write,
    )
    return link


def get_schedule_for_user(user, pk, write: bool = False) -> Schedule:
    """A schedule row, checked against the service or location it belongs to."""
    schedule = get_object_or_404(
        Schedule.objects.select_related("service", "location", "service_at_location__service"),
        pk=pk,
    )
    owner = schedule.service or schedule.location
    if owner is None and schedule.service_at_location is not None:
        owner = schedule.service_at_location.service
    if owner is None:
        raise Http404
    _check_entry(
        user, library_id=owner.library_id, organization_id=owner.organization_id, write=write
    )
    return schedule


def get_exception_for_user(user, pk, write: bool = False) -> ScheduleException:
    """An exception of a consultation hour, checked as the hour it belongs to."""
    exception = get_object_or_404(ScheduleException.objects.select_related("schedule"), pk=pk)
    exception.schedule = get_schedule_for_user(user, exception.schedule_id, write=write)
    return exception


def get_room_for_coordinator(user, pk) -> Room:
    """Rooms are the library's to arrange: its coordinators edit them."""
    library = require_coordinator(user)
    return get_object_or_404(Room.objects.for_library(library).select_related("branch"), pk=pk)


def get_theme_for_coordinator(user, pk) -> Theme:
    library = require_coordinator(user)
    return get_object_or_404(Theme.objects.for_library(library).select_related("branch"), pk=pk)


def manageable_organizations(user) -> QuerySet[Organization]:
    """The organisations a coordinator manages: those of the library (archived ones too)."""
    if not is_coordinator(user):
        raise PermissionDenied
    return Organization.objects.filter(library_id=user.library_id)


def get_organization_for_user(user, pk) -> Organization:
    """An organisation of the coordinator's library; another library's is Http404."""
    return get_object_or_404(manageable_organizations(user), pk=pk)


def can_read_directory(user) -> bool:
    """ "Ken je partners" and its monthly digest are for the library's desk and coordinators."""
    return is_library_staff(user)


def require_directory(user) -> Library:
    """The library whose partners the user may look up; PermissionDenied for anyone else."""
    if not can_read_directory(user):
        raise PermissionDenied
    return user.library


def can_send_directory_digest(user) -> bool:
    return is_coordinator(user)
