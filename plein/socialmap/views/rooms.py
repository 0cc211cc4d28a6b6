"""Coordinators arrange their branches: rooms (where to go), day-part themes, and an overview
of every consultation hour."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plein.accounts.permissions import require_coordinator
from plein.socialmap import permissions
from plein.socialmap.agenda import selectors, services
from plein.socialmap.agenda.forms import RoomForm, ThemeForm, add_errors
from plein.socialmap.hours import schedule_describe
from plein.socialmap.views.partner import _posted


@login_required
def hours_overview(request: HttpRequest) -> HttpResponse:
    """Every consultation hour of the library, per branch, with links to change them."""
    library = require_coordinator(request.user)
    hours = selectors.consultation_hour_list(library=library, listed_only=False)
    branches = {b.location_id: b for b in selectors.branch_list_with_hours(library=library)}
    rows: dict = {branch: [] for branch in branches.values()}
    for schedule in hours:
        assert schedule.service_at_location is not None
        branch = branches.get(schedule.service_at_location.location_id)
        if branch is not None:
            rows[branch].append((schedule, schedule_describe(schedule)))
    context = {
        "rows": rows.items(),
        "services": selectors.service_list_for_hours(library=library),
    }
    return render(request, "socialmap/agenda/hours_overview.html", context)


def _arrangement_form(
    request: HttpRequest,
    form: RoomForm | ThemeForm,
    *,
    save: Callable[[], object],
    saved: str,
    back: str,
    template: str,
    context: dict,
) -> HttpResponse:
    """A room or theme form: saved through its service, then back to the list (`back`) with
    `saved`; bad input (also a service's ValidationError) shows the form again as entered."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, saved)
            return redirect(
                "socialmap:themes" if isinstance(form, ThemeForm) else "socialmap:rooms"
            )
    return render(request, template, {"form": form, **context})


@login_required
def rooms(request: HttpRequest) -> HttpResponse:
    library = require_coordinator(request.user)
    form = RoomForm(_posted(request), library=library)
    return _arrangement_form(
        request,
        form,
        save=lambda: services.room_create(
            library=library,
            branch=form.cleaned_data["branch"],
            data=form.room_data(),
            user=request.user,
        ),
        saved=_("De ruimte is toegevoegd."),
        back="socialmap:rooms",
        template="socialmap/agenda/rooms.html",
        context={
            "items": selectors.room_list(library=library).order_by("branch__name", "floor", "name")
        },
    )


@login_required
def room_edit(request: HttpRequest, pk: int) -> HttpResponse:
    room = permissions.get_room_for_coordinator(request.user, pk)
    form = RoomForm(_posted(request), library=room.library, room=room)
    return _arrangement_form(
        request,
        form,
        save=lambda: services.room_update(room=room, data=form.room_data(), user=request.user),
        saved=_("De ruimte is opgeslagen."),
        back="socialmap:rooms",
        template="socialmap/agenda/room_edit.html",
        context={"room": room},
    )


@require_POST
@login_required
def room_delete(request: HttpRequest, pk: int) -> HttpResponse:
    room = permissions.get_room_for_coordinator(request.user, pk)
    services.room_delete(room=room, user=request.user)
    messages.success(request, _("De ruimte is verwijderd."))
    return redirect("socialmap:rooms")


@login_required
def themes(request: HttpRequest) -> HttpResponse:
    library = require_coordinator(request.user)
    form = ThemeForm(_posted(request), library=library)
    return _arrangement_form(
        request,
        form,
        save=lambda: services.theme_create(
            library=library,
            branch=form.cleaned_data["branch"],
            data=form.theme_data(),
            user=request.user,
        ),
        saved=_("Het thema is toegevoegd."),
        back="socialmap:themes",
        template="socialmap/agenda/themes.html",
        context={
            "items": selectors.theme_list(library=library).order_by(
                "branch__name", "weekday", "starts_at"
            )
        },
    )


@login_required
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    theme = permissions.get_theme_for_coordinator(request.user, pk)
    form = ThemeForm(_posted(request), library=theme.library, theme=theme)
    return _arrangement_form(
        request,
        form,
        save=lambda: services.theme_update(theme=theme, data=form.theme_data(), user=request.user),
        saved=_("Het thema is opgeslagen."),
        back="socialmap:themes",
        template="socialmap/agenda/theme_edit.html",
        context={"theme": theme},
    )


@require_POST
@login_required
def theme_delete(request: HttpRequest, pk: int) -> HttpResponse:
    theme = permissions.get_theme_for_coordinator(request.user, pk)
    services.theme_delete(theme=theme, user=request.user)
    messages.success(request, _("Het thema is verwijderd."))
    return redirect("socialmap:themes")
