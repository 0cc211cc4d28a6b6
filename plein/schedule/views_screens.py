"""Display screens: the TV page (signed link, no login) with its JSON refresh, and the
coordinator's list of screens with their links, alerts and new links."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.accounts.http import AuthenticatedHttpRequest
from plein.schedule import permissions, services
from plein.schedule.displays import display_from_token, display_path
from plein.schedule.forms import DisplayForm
from plein.schedule.screens import display_content, qr_svg
from plein.schedule.selectors import display_list


def _display_or_404(token: str):
    display = display_from_token(token)
    if display is None:
        raise Http404(
            _("Dit scherm is niet (meer) gekoppeld. Vraag de coördinator om een nieuwe link.")
        )
    return display


@require_GET
def display(request: HttpRequest, token: str) -> HttpResponse:
    shown = _display_or_404(token)
    context = {"display": shown, "content": display_content(shown), "token": token}
    response = render(request, "schedule/display.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def display_data(request: HttpRequest, token: str) -> JsonResponse:
    shown = display_from_token(token)
    if shown is None:
        return JsonResponse({"gone": True}, status=404)
    response = JsonResponse(display_content(shown))
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def displays_manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    library = permissions.require_roster_manager(request.user)
    form = DisplayForm(request.POST if request.method == "POST" else None, library=library)
    if request.method == "POST" and form.is_valid():
        services.display_create(library=library, user=request.user, **form.cleaned_data)
        messages.success(request, _("Het scherm is toegevoegd."))
        return redirect("schedule:displays")
    links = [
        (shown, request.build_absolute_uri(display_path(shown)))
        for shown in display_list(library=library)
    ]
    rows = [(shown, url, qr_svg(url)) for shown, url in links]
    return render(request, "schedule/displays.html", {"form": form, "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def display_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    shown = permissions.get_display_for_manager(request.user, pk)
    initial = {name: getattr(shown, name) for name in DisplayForm.base_fields}
    form = DisplayForm(
        request.POST if request.method == "POST" else None, library=shown.library, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.display_update(display=shown, user=request.user, **form.cleaned_data)
        messages.success(request, _("Het scherm is gewijzigd."))
        return redirect("schedule:displays")
    return render(request, "schedule/display_edit.html", {"form": form, "display": shown})


@require_POST
@login_required
def display_new_link(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    shown = permissions.get_display_for_manager(request.user, pk)
    services.display_new_link(display=shown, user=request.user)
    messages.success(request, _("Het scherm heeft een nieuwe link; de oude werkt niet meer."))
    return redirect("schedule:displays")
