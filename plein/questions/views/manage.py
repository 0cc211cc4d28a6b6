"""The coordinator's list management: options, topic tiles and registration settings.

Everything works with plain forms and redirects; nothing needs JavaScript. Options are archived
and restored, never deleted.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plein.questions import permissions
from plein.questions.forms.manage import (
    OptionForm,
    RegistrationSettingsForm,
    TileAddForm,
    option_initial,
)
from plein.questions.models import Desk, TopicTile
from plein.questions.selectors import options as selectors
from plein.questions.selectors.options import OptionList
from plein.questions.services import options as services

STEPS = {"omhoog": -1, "omlaag": 1}


def _option_list(slug: str) -> OptionList:
    option_list = selectors.option_list_get(slug)
    if option_list is None:
        raise Http404
    return option_list


def _option(option_list: OptionList, library, pk: int):
    return get_object_or_404(option_list.model.objects.filter(library=library), pk=pk)


def _list_url(option_list: OptionList) -> str:
    return reverse("questions:manage_list", args=[option_list.slug])


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET"])
@login_required
def manage_home(request: HttpRequest) -> HttpResponse:
    library = permissions.require_registration_lists(request.user)
    counts = selectors.option_counts(library=library)
    lists = [(option_list, *counts[option_list.slug]) for option_list in selectors.OPTION_LISTS]
    return render(request, "questions/manage/home.html", {"lists": lists, "library": library})


@require_http_methods(["GET", "POST"])
@login_required
def manage_list(request: HttpRequest, slug: str) -> HttpResponse:
    library = permissions.require_registration_lists(request.user)
    option_list = _option_list(slug)
    form = OptionForm(_posted(request), model=option_list.model, library=library, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            option = services.option_create(
                model=option_list.model,
                library=library,
                user=request.user,
                name=form.cleaned_data["name"],
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(name)s” is toegevoegd.") % {"name": option.name})
            return redirect(_list_url(option_list))
    return _render_list(request, library, option_list, form)


def _render_list(request, library, option_list: OptionList, form) -> HttpResponse:
    options = list(selectors.options_for_library(model=option_list.model, library=library))
    context = {
        "option_list": option_list,
        "active": [option for option in options if not option.is_archived],
        "archived": [option for option in options if option.is_archived],
        "form": form,
        "is_desk": option_list.model is Desk,
    }
    status = 400 if form.errors else 200
    return render(request, "questions/manage/list.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def manage_option_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    library = permissions.require_registration_lists(request.user)
    option_list = _option_list(slug)
    option = _option(option_list, library, pk)
    form = OptionForm(
        _posted(request),
        initial=option_initial(option),
        model=option_list.model,
        library=library,
        creating=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.option_update(
                option=option,
                user=request.user,
                name=form.cleaned_data["name"],
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(name)s” is opgeslagen.") % {"name": option.name})
            return redirect(_list_url(option_list))
    context = {"option_list": option_list, "option": option, "form": form}
    status = 400 if form.errors else 200
    return render(request, "questions/manage/option_edit.html", context, status=status)


def _apply(request: HttpRequest, change, success: str) -> None:
    """Run a one-button change; its refusal becomes an error message on the list page."""
    try:
        option = change()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if success:
            messages.success(request, success % {"name": option.name})


@require_POST
@login_required
def manage_option_archive(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    library = permissions.require_registration_lists(request.user)
    option_list = _option_list(slug)
    option = _option(option_list, library, pk)
    _apply(
        request,
        lambda: services.option_archive(option=option, user=request.user),
        _("“%(name)s” is gearchiveerd. Oude registraties en rapportages houden deze keuze."),
    )
    return redirect(_list_url(option_list))


@require_POST
@login_required
def manage_option_restore(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    library = permissions.require_registration_lists(request.user)
    option_list = _option_list(slug)
    option = _option(option_list, library, pk)
    _apply(
        request,
        lambda: services.option_restore(option=option, user=request.user),
        _("“%(name)s” is teruggezet en weer te kiezen."),
    )
    return redirect(_list_url(option_list))


def _step(request: HttpRequest) -> int:
    step = STEPS.get(request.POST.get("richting", ""))
    if step is None:
        raise Http404
    return step


@require_POST
@login_required
def manage_option_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    library = permissions.require_registration_lists(request.user)
    option_list = _option_list(slug)
    option = _option(option_list, library, pk)
    step = _step(request)
    _apply(request, lambda: services.option_move(option=option, user=request.user, step=step), "")
    return redirect(f"{_list_url(option_list)}#optie-{option.pk}")


# --- Topic tiles ----------------------------------------------------------------------------


def _tiles_url(branch) -> str:
    return f"{reverse('questions:manage_tiles')}?vestiging={branch.pk}"


def _chosen_branch(request: HttpRequest, branches):
    wanted = request.POST.get("vestiging") or request.GET.get("vestiging")
    if not wanted:
        return branches[0] if branches else None
    for branch in branches:
        if str(branch.pk) == wanted:
            return branch
    raise Http404


@require_http_methods(["GET", "POST"])
@login_required
def manage_tiles(request: HttpRequest) -> HttpResponse:
    library = permissions.require_registration_lists(request.user)
    branches = list(selectors.branches_for_library(library=library))
    branch = _chosen_branch(request, branches)
    form = TileAddForm(_posted(request), library=library)
    if branch is not None and request.method == "POST" and form.is_valid():
        try:
            services.tile_add(branch=branch, topic=form.cleaned_data["topic"], user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De tegel is toegevoegd."))
            return redirect(_tiles_url(branch))
    context = {
        "branches": branches,
        "branch": branch,
        "tiles": selectors.tiles_for_branch(branch=branch) if branch else [],
        "form": form,
        "max_tiles": services.MAX_TILES,
    }
    if branch is not None:
        topic = form.fields["topic"]
        assert isinstance(topic, forms.ModelChoiceField)
        topic.queryset = selectors.tile_candidates(branch=branch)
    status = 400 if form.errors else 200
    return render(request, "questions/manage/tiles.html", context, status=status)


def _tile(library, pk: int) -> TopicTile:
    tiles = TopicTile.objects.filter(branch__library=library).select_related("branch", "topic")
    return get_object_or_404(tiles, pk=pk)


@require_POST
@login_required
def manage_tile_move(request: HttpRequest, pk: int) -> HttpResponse:
    library = permissions.require_registration_lists(request.user)
    tile = _tile(library, pk)
    services.tile_move(tile=tile, user=request.user, step=_step(request))
    return redirect(_tiles_url(tile.branch) + f"#tegel-{tile.pk}")


@require_POST
@login_required
def manage_tile_remove(request: HttpRequest, pk: int) -> HttpResponse:
    library = permissions.require_registration_lists(request.user)
    tile = _tile(library, pk)
    services.tile_remove(tile=tile, user=request.user)
    messages.success(request, _("De tegel “%(name)s” is weggehaald.") % {"name": tile.topic})
    return redirect(_tiles_url(tile.branch))


# --- Registration settings ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def manage_settings(request: HttpRequest) -> HttpResponse:
    library = permissions.require_registration_lists(request.user)
    row = selectors.registration_settings_for(library=library)
    initial = {field: getattr(row, field) for field in services.SETTINGS_FIELDS}
    form = RegistrationSettingsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_settings_update(
                library=library, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De instellingen zijn opgeslagen."))
            return redirect("questions:manage_settings")
    status = 400 if form.errors else 200
    return render(request, "questions/manage/settings.html", {"form": form}, status=status)
