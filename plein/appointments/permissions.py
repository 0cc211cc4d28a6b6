"""Who may set up bookable hours, book for a resident, follow the agenda and see contact data.

Another library's or organisation's bookings are a 404: they reveal nothing.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from plein.accounts.permissions import (
    is_coordinator,
    is_library_staff,
    is_partner,
    library_for,
)
from plein.appointments import selectors
from plein.appointments.models import Booking
from plein.core.models import Library
from plein.socialmap.models import Organization


def can_book_for_resident(user) -> bool:
    """Desk workers and coordinators book a slot for a resident of their library."""
    return is_library_staff(user)


def require_desk(user) -> Library:
    if not can_book_for_resident(user):
        raise PermissionDenied
    return user.library


def can_set_up_hours(user) -> bool:
    """Partners (their own organisation's hours) and coordinators (the library's)."""
    return is_partner(user) or is_coordinator(user)


def require_hours_setup(user) -> tuple[Library, Organization | None]:
    """The library and, for a partner, the organisation whose hours the user may make bookable."""
    if not can_set_up_hours(user):
        raise PermissionDenied
    library = library_for(user)
    assert library is not None
    return library, (user.organization if is_partner(user) else None)


def can_follow_agenda(user) -> bool:
    return is_partner(user) or is_library_staff(user)


def require_agenda(user) -> tuple[Library, Organization | None]:
    """The agenda a user follows: a partner its organisation's, library staff the library's."""
    if is_partner(user):
        return user.organization.library, user.organization
    if is_library_staff(user):
        return user.library, None
    raise PermissionDenied


def get_booking_for_user(user, pk) -> Booking:
    """A booking of the user's agenda (404 otherwise)."""
    library, organization = require_agenda(user)
    booking = selectors.booking_get(library=library, pk=pk)
    if booking is None or (organization is not None and booking.organization_id != organization.pk):
        raise Http404
    return booking


def get_booking_for_partner(user, pk) -> Booking:
    """A booking of the partner's own organisation (404 otherwise); partners only."""
    if not is_partner(user):
        raise PermissionDenied
    return get_booking_for_user(user, pk)


def may_see_booking_contact(user, booking: Booking, *, two_factor_verified: bool) -> bool:
    """Contact data: the organisation holding the hour, after logging in with a second factor.
    The desk that booked does not see it again afterwards (it gives the resident a slip)."""
    if not two_factor_verified or booking.is_purged:
        return False
    return is_partner(user) and user.organization_id == booking.organization_id
