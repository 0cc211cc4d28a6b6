"""What a role may do with activities: the desk signs people up and takes attendance, the
coordinator also plans activities and sets the library's retention."""

import uuid

from django.http import Http404
from django.shortcuts import get_object_or_404

from plein.accounts.permissions import (
    is_coordinator,
    is_library_staff,
    require_coordinator,
    require_library_staff,
)
from plein.activities.models import Activity, Occurrence, SignUp


def can_use_activities(user) -> bool:
    return is_library_staff(user)


def can_manage_activities(user) -> bool:
    return is_coordinator(user)


def get_activity_for_coordinator(user, pk: int) -> Activity:
    library = require_coordinator(user)
    return get_object_or_404(Activity.objects.for_library(library), pk=pk)


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
