"""What a role may do with activities: the desk signs people up and takes attendance, the
coordinator also plans activities and sets the library's retention."""

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from plein.accounts.permissions import (
    is_coordinator,
    is_library_staff,
    is_partner,
    require_library_staff,
)
from plein.activities.models import Activity, Occurrence, SignUp


def can_use_activities(user) -> bool:
    return is_library_staff(user)


def can_manage_activities(user) -> bool:
    return is_coordinator(user)


def can_plan_activities(user) -> bool:
    """Coordinators plan the library's activities; a partner plans its own."""
    return is_coordinator(user) or is_partner(user)


def require_planner(user) -> tuple:
    """(library, organisation) for a new activity: a partner's is always its own."""
    if is_coordinator(user):
        return user.library, None
    if is_partner(user):
        return user.organization.library, user.organization
    raise PermissionDenied


def get_activity_for_planner(user, pk: int) -> Activity:
    library, organization = require_planner(user)
    activities = Activity.objects.for_library(library)
    if organization is not None:
        activities = activities.filter(organization=organization)
    return get_object_or_404(activities, pk=pk)


def get_occurrence_for_planner(user, pk: int) -> Occurrence:
    """One date of an activity the user may plan (a partner: only its own activities')."""
    library, organization = require_planner(user)
    occurrences = Occurrence.objects.for_library(library).select_related("activity")
    if organization is not None:
        occurrences = occurrences.filter(activity__organization=organization)
    return get_object_or_404(occurrences, pk=pk)


def get_occurrence_for_staff(user, pk: int) -> Occurrence:
    library = require_library_staff(user)
    queryset = Occurrence.objects.for_library(library).select_related(
        "activity__room", "activity__branch"
    )
    return get_object_or_404(queryset, pk=pk)


def get_signup_for_staff(user, pk) -> SignUp:
    library = require_library_staff(user)
    try:
        pk = uuid.UUID(str(pk))
    except ValueError as error:
        raise Http404 from error
    queryset = SignUp.objects.for_library(library).select_related("occurrence__activity")
    return get_object_or_404(queryset, pk=pk, purged_at__isnull=True)
