"""The desk screen: register a question in a few taps, with or without JavaScript.

Every POST answers HTML (redirect with a message) or, when the desk script asks with
``Accept: application/json``, JSON that its offline queue understands.
"""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.accounts.http import AuthenticatedHttpRequest
from plein.core.models import Branch, Library
from plein.questions import permissions
from plein.questions.forms.desk import DeviceForm, RegistrationForm, RepeatForm
from plein.questions.models import (
    Channel,
    Desk,
    DurationBand,
    Gender,
    IdoCategory,
    OutcomeKind,
    Visit,
    VisitMode,
)
from plein.questions.selectors import desk as selectors
from plein.questions.services import registration as services

DEVICE_COOKIE = "plein_balie"
DEVICE_COOKIE_SALT = "plein.questions.desk.device"
DEVICE_COOKIE_AGE = 400 * 24 * 3600
TODAY_LIST_LENGTH = 50


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.META.get("HTTP_ACCEPT", "")


# --- the device's place: branch, desk, channel ---------------------------------------------------


@dataclass
class Device:
    branch: Branch | None
    desk: Desk | None
    channel: Channel | None


def _first(items, **match):
    return next((i for i in items if all(getattr(i, k) == v for k, v in match.items())), None)


def _device(request: HttpRequest, options: selectors.DeskOptions) -> Device:
    """The remembered place when it is still valid, else the library's first active choices."""
    try:
        stored = request.get_signed_cookie(DEVICE_COOKIE, salt=DEVICE_COOKIE_SALT) or ""
        branch_id, desk_id, channel_id = (int(part or 0) for part in stored.split(":"))
    except (KeyError, signing.BadSignature, ValueError):
        branch_id = desk_id = channel_id = 0
    branch = _first(options.branches, pk=branch_id) or _first(options.branches)
    desk = None
    if branch is not None:
        desk = _first(options.desks, pk=desk_id, branch_id=branch.pk)
        desk = desk or _first(options.desks, branch_id=branch.pk)
    channel = _first(options.channels, pk=channel_id) or _first(options.channels)
    return Device(branch=branch, desk=desk, channel=channel)


def _set_device_cookie(response: HttpResponse, *, branch, desk, channel) -> None:
    value = f"{branch.pk}:{desk.pk if desk else ''}:{channel.pk}"
    response.set_signed_cookie(
        DEVICE_COOKIE,
        value,
        salt=DEVICE_COOKIE_SALT,
        max_age=DEVICE_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _ensure_options(library: Library) -> None:
    """A library without any channel gets the default lists once, so the screen works at once."""
    if Channel.objects.filter(library=library).exists():
        return
    try:
        from plein.questions.services.options import options_install_defaults
    except ImportError:  # the coordinators' list management is not installed
        return
    options_install_defaults(library=library)


# --- page context ------------------------------------------------------------------------------


def _selected(form) -> dict[str, set[str]]:
    """Which tiles and choices to show as chosen: what was posted, else the form's initial."""
    if form is None:
        return {}
    if form.is_bound:
        return {name: set(form.data.getlist(name)) for name in form.data}
    selected = {}
    for name, value in form.initial.items():
        values = value if isinstance(value, list | tuple | set) else [value]
        selected[name] = {str(v) for v in values if v not in (None, "")}
    return selected


def _other_topic_groups(topics, tiles) -> list[tuple[Any, list]]:
    tile_ids = {topic.pk for topic in tiles}
    groups = []
    for value, label in IdoCategory.choices:
        members = [t for t in topics if t.ido_category == value and t.pk not in tile_ids]
        if members:
            groups.append((label, members))
    return groups


def _suggestion_tiles(*, library, options, branch) -> list[dict]:
    """Organisations to refer to: the branch's frequent ones, then those matching a topic."""
    per_topic = selectors.referral_suggestions(library=library, topics=options.topics)
    tiles: dict = {}
    for organization in selectors.frequent_referrals_for_branch(branch=branch) if branch else []:
        tiles[organization.pk] = {"organization": organization, "topics": set(), "frequent": True}
    for topic_id, organizations in per_topic.items():
        for organization in organizations:
            tile = tiles.setdefault(
                organization.pk,
                {"organization": organization, "topics": set(), "frequent": False},
            )
            tile["topics"].add(topic_id)
    for tile in tiles.values():
        tile["topics"] = " ".join(str(pk) for pk in sorted(tile["topics"]))
    return list(tiles.values())


def _question_context(library: Library, options, branch, form) -> dict:
    tiles = selectors.topic_tiles_for_branch(branch=branch) if branch else []
    return {
        "options": options,
        "tiles": tiles,
        "other_topic_groups": _other_topic_groups(options.topics, tiles),
        "suggestions": _suggestion_tiles(library=library, options=options, branch=branch),
        "organizations": selectors.organizations_for_library(library=library),
        "reg_settings": options.settings,
        "duration_bands": DurationBand.choices,
        "genders": Gender.choices,
        "efforts": [1, 2, 3, 4],
        "referred_kind": OutcomeKind.REFERRED,
        "form": form,
        "selected": _selected(form),
    }


def _today_context(request: HttpRequest, device: Device) -> dict:
    today = selectors.visits_today_for_user(user=request.user)
    # A rush hour in tally mode makes hundreds; the screen shows the latest.
    visits = list(today[:TODAY_LIST_LENGTH])
    last = visits[0] if visits else selectors.visit_last_for_user(user=request.user)
    return {
        "visits_today": visits,
        "visits_today_count": today.count() if len(visits) == TODAY_LIST_LENGTH else len(visits),
        "last_visit": last,
        "repeat_key": uuid.uuid4(),
        "device": device,
    }


def _just_saved(request: AuthenticatedHttpRequest) -> Visit | None:
    """The visit saved by the previous no-script POST, while it can still be undone."""
    pk = request.session.pop("desk_saved", None)
    if pk is None:
        return None
    window = datetime.timedelta(seconds=services.UNDO_SECONDS + services.UNDO_GRACE_SECONDS)
    return Visit.objects.filter(
        pk=pk, registered_by=request.user, created_at__gte=timezone.now() - window
    ).first()


def _tally_tiles(request: HttpRequest, topics, device: Device) -> list[tuple]:
    if device.branch is None:
        return []
    counts = selectors.tally_counts_today(user=request.user, branch=device.branch)
    return [(topic, counts.get(topic.pk, 0)) for topic in topics]


def _desk_page(request, library, *, form=None, device_form=None, template, status=200):
    _ensure_options(library)
    options = selectors.desk_options(library=library)
    device = _device(request, options)
    context = {
        "device": device,
        "device_form": device_form
        or DeviceForm(
            library=library,
            initial={"branch": device.branch, "desk": device.desk, "channel": device.channel},
        ),
        "device_form_open": device_form is not None,
        "new_key": uuid.uuid4(),
        "just_saved": _just_saved(request),
        **_question_context(library, options, device.branch, form),
        **_today_context(request, device),
    }
    context["tally_tiles"] = _tally_tiles(request, context["tiles"] or options.topics, device)
    return render(request, template, context, status=status)


# --- answers -----------------------------------------------------------------------------------


def _errors_json(form) -> JsonResponse:
    errors = {name: [str(e) for e in problems] for name, problems in form.errors.items()}
    # The codes tell the desk screen which refusals it may offer to confirm ("Toch opslaan").
    codes = {
        name: [error.code for error in problems if error.code]
        for name, problems in form.errors.as_data().items()
    }
    return JsonResponse({"ok": False, "errors": errors, "codes": codes}, status=400)


def _saved(request: HttpRequest, visit_id: int, created: bool, *, next_name: str) -> HttpResponse:
    undo_url = reverse("questions:desk_undo", args=[visit_id])
    if _wants_json(request):
        answer = {"ok": True, "visit": visit_id, "created": created, "undo_url": undo_url}
        return JsonResponse(answer)
    request.session["desk_saved"] = visit_id
    messages.success(request, _("Opgeslagen."))
    return redirect(f"questions:{next_name}")


def _other_user_refused(request: HttpRequest, next_name: str) -> HttpResponse:
    if _wants_json(request):
        answer = {"ok": False, "other_user": True, "error": str(permissions.OTHER_USER)}
        return JsonResponse(answer, status=409)
    messages.error(request, permissions.OTHER_USER)
    return redirect(f"questions:{next_name}")


def _register(request, library, *, mode: str, template: str, next_name: str) -> HttpResponse:
    if permissions.entry_of_other_user(request):
        return _other_user_refused(request, next_name)
    options = selectors.desk_options(library=library)
    form = RegistrationForm(request.POST, options=options)
    if form.is_valid():
        data = form.visit_input()
        data.mode = mode
        try:
            visit, created = services.visit_register(
                data=data,
                user=request.user,
                idempotency_key=form.cleaned_data["idempotency_key"],
                settings_row=options.settings,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return _saved(request, visit.pk, created, next_name=next_name)
    if _wants_json(request):
        return _errors_json(form)
    return _desk_page(request, library, form=form, template=template, status=400)


@require_http_methods(["GET", "POST"])
@permissions.desk_required
def desk(request: HttpRequest, library: Library) -> HttpResponse:
    if request.method == "POST":
        return _register(
            request,
            library,
            mode=VisitMode.FULL,
            template="questions/desk/desk.html",
            next_name="desk",
        )
    return _desk_page(request, library, template="questions/desk/desk.html")


@require_http_methods(["GET", "POST"])
@permissions.desk_required
def desk_tally(request: HttpRequest, library: Library) -> HttpResponse:
    if request.method == "POST":
        return _register(
            request,
            library,
            mode=VisitMode.TALLY,
            template="questions/desk/tally.html",
            next_name="desk_tally",
        )
    return _desk_page(request, library, template="questions/desk/tally.html")


@require_POST
@permissions.desk_required
def desk_repeat(request: HttpRequest, library: Library) -> HttpResponse:
    if permissions.entry_of_other_user(request):
        return _other_user_refused(request, "desk")
    form = RepeatForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        clock = form.clock()
        try:
            visit, created = services.visit_repeat(
                user=request.user,
                idempotency_key=data["idempotency_key"],
                started_at=clock.started_at,
                clock_skew_seconds=clock.skew_seconds,
                branch=data["branch"],
                desk=data["desk"],
                channel=data["channel"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _saved(request, visit.pk, created, next_name="desk")
    if _wants_json(request):
        return _errors_json(form)
    for message in form.non_field_errors() or [_("Herhalen lukte niet.")]:
        messages.error(request, str(message))
    return redirect("questions:desk")


@require_POST
@permissions.desk_required
def desk_device(request: HttpRequest, library: Library) -> HttpResponse:
    form = DeviceForm(request.POST, library=library)
    if not form.is_valid():
        return _desk_page(
            request, library, device_form=form, template="questions/desk/desk.html", status=400
        )
    back = "questions:desk_tally" if request.POST.get("next") == "tally" else "questions:desk"
    response = redirect(back)
    _set_device_cookie(response, **form.cleaned_data)
    messages.success(request, _("Vestiging, balie en kanaal van dit apparaat zijn bewaard."))
    return response


@require_POST
@permissions.desk_required
def desk_undo(request: HttpRequest, library: Library, pk: int) -> HttpResponse:
    visit = permissions.get_visit_for_user(request.user, pk)
    try:
        services.visit_undo(visit=visit, user=request.user)
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": {"__all__": error.messages}}, status=400)
        messages.error(request, error.messages[0])
    else:
        if _wants_json(request):
            return JsonResponse({"ok": True})
        messages.success(request, _("Ongedaan gemaakt: de registratie is verwijderd."))
    return redirect("questions:desk")


@require_GET
@permissions.desk_required
def desk_csrf(request: HttpRequest, library: Library) -> HttpResponse:
    """A fresh CSRF token for the desk script, when the page's one went stale."""
    response = JsonResponse({"token": get_token(request)})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@permissions.desk_required
def desk_today(request: HttpRequest, library: Library) -> HttpResponse:
    """The part of the screen the script refreshes after sending: repeat button and today's list."""
    device = _device(request, selectors.desk_options(library=library))
    return render(request, "questions/desk/_today.html", _today_context(request, device))


def _edit_initial(registration) -> dict:
    visit = registration.visit
    return {
        "branch": visit.branch_id,
        "desk": visit.desk_id,
        "channel": visit.channel_id,
        "started_at": timezone.localtime(visit.started_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_band": visit.duration_band,
        "age_band": visit.age_band_id,
        "gender": visit.gender,
        "topics": [t.pk for t in registration.topics.all()],
        "life_domains": [d.pk for d in registration.life_domains.all()],
        "is_complex": "on" if registration.is_complex else "",
        "outcome": registration.outcome_id,
        "referred_organization": registration.referred_organization_id,
        "effort": registration.effort,
        "note": registration.note,
    }


@require_http_methods(["GET", "POST"])
@permissions.desk_required
def desk_edit(request: HttpRequest, library: Library, pk: int) -> HttpResponse:
    registration = permissions.get_registration_for_user(request.user, pk, write=True)
    options = selectors.desk_options(library=library)
    if request.method == "POST":
        form = RegistrationForm(request.POST, options=options)
        if form.is_valid():
            try:
                services.visit_question_update(
                    registration=registration, data=form.visit_input(), user=request.user
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("De wijziging is opgeslagen."))
                return redirect("questions:desk")
    else:
        form = RegistrationForm(initial=_edit_initial(registration))
    context = {
        "registration": registration,
        **_question_context(library, options, registration.visit.branch, form),
        # Every topic as a tile here, so a question with several topics shows them all.
        "tiles": options.topics,
        "other_topic_groups": [],
    }
    return render(request, "questions/desk/edit.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@permissions.desk_required
def desk_delete(request: HttpRequest, library: Library, pk: int) -> HttpResponse:
    """GET asks first (a page of its own, so it works without JavaScript); POST deletes."""
    registration = permissions.get_registration_for_user(request.user, pk, write=True)
    if request.method == "GET":
        return render(request, "questions/desk/delete.html", {"registration": registration})
    services.registration_delete(registration=registration, user=request.user)
    messages.success(request, _("De registratie is verwijderd."))
    return redirect("questions:desk")
