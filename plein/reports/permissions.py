"""Who may see which reports: coordinators their own library's, funders what they fund."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from plein.accounts.permissions import is_coordinator, is_funder
from plein.core.models import Library


def can_view_reports(user) -> bool:
    """Coordinators see their library's reports; funders the aggregates of what they fund."""
    if is_coordinator(user):
        return True
    return is_funder(user) and user.funded_libraries.exists()


def report_libraries(user) -> QuerySet[Library]:
    """The libraries whose registrations a user may report on (possibly none)."""
    if is_coordinator(user):
        return Library.objects.filter(pk=user.library_id)
    if is_funder(user):
        return user.funded_libraries.all()
    return Library.objects.none()


def require_reports(user, *, requested_library: str | None = None) -> QuerySet[Library]:
    """The libraries the user may report on; 403 for whoever sees no reports.

    Asking for a library outside them (`?library=`) is a 404, never a hint about its data.
    """
    if not can_view_reports(user):
        raise PermissionDenied
    libraries = report_libraries(user)
    if requested_library:
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        pk = int(requested_library) if requested_library.isdecimal() else 0
        if not libraries.filter(pk=pk).exists():
            raise Http404
    return libraries


def reports_are_protected(user) -> bool:
    """Funders see small counts as "<5"; only a library's own coordinator sees exact counts.

    Exports apply the protection for everyone (see plein.reports).
    """
    return not is_coordinator(user)


def reports_use_fixed_periods(user) -> bool:
    """Funders choose whole calendar periods that are over, and see numbers that agree with
    the months inside them, so subtracting one view from another reveals no small count
    (issue 10, §3). A coordinator sees exact counts of their own library anyway."""
    return not is_coordinator(user)
