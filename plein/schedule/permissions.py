"""Who may see and manage the duty roster: a library's coordinators manage it; its desk workers
see who is on duty."""

from django.shortcuts import get_object_or_404

from plein.accounts.permissions import (
    is_library_staff,
    require_coordinator,
    require_library_staff,
)
from plein.core.models import Branch, Library
from plein.schedule.models import Display, Shift, ShiftChange


def can_read_roster(user) -> bool:
    return is_library_staff(user)


def require_roster_manager(user) -> Library:
    return require_coordinator(user)


def require_roster_reader(user) -> Library:
    return require_library_staff(user)


def get_branch_for_manager(user, pk: int) -> Branch:
    return get_object_or_404(Branch, pk=pk, library=require_roster_manager(user))


def get_shift_for_manager(user, pk: int) -> Shift:
    return get_object_or_404(
        Shift.objects.select_related("branch", "person"),
        pk=pk,
        library=require_roster_manager(user),
    )


def get_change_for_manager(user, pk: int) -> ShiftChange:
    library = require_roster_manager(user)
    return get_object_or_404(
        ShiftChange.objects.select_related("shift"), pk=pk, shift__library=library
    )


def get_display_for_manager(user, pk: int) -> Display:
    return get_object_or_404(Display, pk=pk, library=require_roster_manager(user))
