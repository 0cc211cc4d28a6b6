"""Who may register questions, change them and manage the library's registration lists."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from plein.accounts.permissions import is_coordinator, require_coordinator, require_library_staff
from plein.core.models import Library
from plein.questions.models import Registration, Visit
from plein.questions.services.registration import visit_check_editable

LOGIN_AGAIN = _("Uw sessie is verlopen. Log opnieuw in; niets gaat verloren.")
NOT_ALLOWED = _("U mag geen vragen registreren.")
OTHER_USER = _(
    "Deze registratie is gemaakt door een andere gebruiker dan wie nu is ingelogd. Ze is niet "
    "opgeslagen en blijft op dit apparaat bewaard voor wie haar maakte."
)


def entry_of_other_user(request: HttpRequest) -> bool:
    """An entry from the desk's queue names its author; it is never stored under someone else."""
    stated = request.POST.get("client_user", "")
    return stated != "" and stated != str(request.user.pk)


def require_desk(user) -> Library:
    """Desk workers and coordinators register questions for their own library."""
    return require_library_staff(user)


def desk_required(view):
    """Pass the desk's library to the view; the desk script gets 401/403 JSON, not a login page.

    The script sends with ``Accept: application/json`` and keeps an entry in its offline queue
    until it is stored, so it must be told to log in again rather than be redirected.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        wants_json = "application/json" in request.META.get("HTTP_ACCEPT", "")
        if not request.user.is_authenticated:
            if wants_json:
                return JsonResponse(
                    {"ok": False, "login": True, "error": str(LOGIN_AGAIN)}, status=401
                )
            return redirect_to_login(request.get_full_path())
        try:
            library = require_desk(request.user)
        except PermissionDenied:
            if wants_json:
                return JsonResponse({"ok": False, "error": str(NOT_ALLOWED)}, status=403)
            raise
        return view(request, library, *args, **kwargs)

    return wrapper


def can_manage_registration_lists(user) -> bool:
    return is_coordinator(user)


def require_registration_lists(user) -> Library:
    """Only a library's coordinators manage its lists (options, topic tiles, settings)."""
    return require_coordinator(user)


def get_visit_for_user(user, pk, write: bool = False) -> Visit:
    """A visit of the user's library (else 404). Writing: its author on the same day."""
    library = require_library_staff(user)
    visit = get_object_or_404(
        Visit.objects.for_library(library).select_related("branch", "desk", "channel"), pk=pk
    )
    if write:
        try:
            visit_check_editable(visit=visit, user=user)
        except ValidationError as error:
            raise PermissionDenied(error.messages[0]) from error
    return visit


def get_registration_for_user(user, pk, write: bool = False) -> Registration:
    library = require_library_staff(user)
    registration = get_object_or_404(
        Registration.objects.for_library(library).select_related("visit", "outcome"), pk=pk
    )
    get_visit_for_user(user, registration.visit_id, write=write)
    return registration
