"""The duty roster: who is on duty this week at a branch, the gaps in the presence rule, and the
coordinator's forms for shifts, one-date changes and the rule. Plain forms, no JavaScript."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.accounts.http import AuthenticatedHttpRequest
from plein.accounts.permissions import is_coordinator
from plein.core.models import Branch, Library
from plein.schedule import permissions, selectors, services
from plein.schedule.forms import PresenceRuleForm, ShiftChangeForm, ShiftForm
from plein.schedule.models import ShiftChange

WEEK = datetime.timedelta(days=7)


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _week_start(request: HttpRequest) -> datetime.date:
    today = timezone.localdate()
    text = request.GET.get("week", "")
    if not text:
        return _monday(today)
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31):
        messages.warning(request, _("Die week bestaat niet; u ziet deze week."))
        return _monday(today)
    return _monday(day)


def _branch(request: HttpRequest, library: Library) -> Branch | None:
    branches = Branch.objects.filter(library=library, is_active=True)
    wanted = request.GET.get("vestiging", "")
    chosen = branches.filter(pk=wanted).first() if wanted.isascii() and wanted.isdigit() else None
    return chosen or branches.first()


def _roster_url(branch: Branch, day: datetime.date | None = None) -> str:
    query = f"?vestiging={branch.pk}" + (f"&week={day:%Y-%m-%d}" if day else "")
    return reverse("schedule:duty") + query


@require_GET
@login_required
def duty(request: AuthenticatedHttpRequest) -> HttpResponse:
    library = permissions.require_roster_reader(request.user)
    branch = _branch(request, library)
    branches = Branch.objects.filter(library=library, is_active=True)
    context: dict = {"library": library, "branch": branch, "branches": branches}
    if branch is None:
        return render(request, "schedule/duty.html", context)
    start = _week_start(request)
    end = start + datetime.timedelta(days=6)
    duties = selectors.duties_between(branches=[branch], start=start, end=end).get(branch.pk, {})
    opening = selectors.opening_periods(branch=branch, start=start, end=end)
    days = [start + datetime.timedelta(days=i) for i in range(7)]
    context |= {
        "days": [(day, opening.get(day, []), duties.get(day, [])) for day in days],
        "week_start": start,
        "previous_week": _roster_url(branch, start - WEEK),
        "next_week": _roster_url(branch, start + WEEK),
        "today": timezone.localdate(),
    }
    if is_coordinator(request.user):
        context |= _manager_context(branch, start, end)
    return render(request, "schedule/duty.html", context)


def _manager_context(branch: Branch, start: datetime.date, end: datetime.date) -> dict:
    today = timezone.localdate()
    return {
        "manager": True,
        "gaps": selectors.presence_gaps(branch=branch, start=today),
        "gap_days": selectors.GAP_DAYS,
        "minimums": selectors.presence_rule_minimums(branch),
        "shifts": selectors.shift_list(library=branch.library, branch=branch).exclude(
            valid_until__lt=today
        ),
        "changes": ShiftChange.objects.filter(
            shift__branch=branch, date__gte=start, date__lte=end
        ).select_related("shift__person", "stand_in"),
    }


@require_http_methods(["GET", "POST"])
@login_required
def shift_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    library = permissions.require_roster_manager(request.user)
    initial: dict = {"valid_from": timezone.localdate()}
    if branch_id := request.GET.get("vestiging", ""):
        initial["branch"] = branch_id
    form = ShiftForm(_posted(request), library=library, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            shift = services.shift_create(library=library, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De dienst is toegevoegd."))
            return redirect(_roster_url(shift.branch))
    return render(request, "schedule/shift_form.html", {"form": form, "shift": None})


@require_http_methods(["GET", "POST"])
@login_required
def shift_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    shift = permissions.get_shift_for_manager(request.user, pk)
    initial = {name: getattr(shift, name) for name in services.SHIFT_FIELDS}
    form = ShiftForm(_posted(request), library=shift.library, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.shift_update(shift=shift, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De dienst is gewijzigd."))
            return redirect(_roster_url(shift.branch))
    return render(request, "schedule/shift_form.html", {"form": form, "shift": shift})


@require_http_methods(["GET", "POST"])
@login_required
def shift_stop(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask first; then end the shift (its past turns stay on record)."""
    shift = permissions.get_shift_for_manager(request.user, pk)
    if request.method == "POST":
        services.shift_delete(shift=shift, user=request.user)
        messages.success(request, _("De dienst is gestopt."))
        return redirect(_roster_url(shift.branch))
    return render(request, "schedule/shift_stop.html", {"shift": shift})


@require_http_methods(["GET", "POST"])
@login_required
def shift_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    shift = permissions.get_shift_for_manager(request.user, pk)
    initial = {"date": request.GET.get("datum") or None}
    form = ShiftChangeForm(_posted(request), library=shift.library, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.shift_change_set(
                shift=shift,
                date=data["date"],
                stand_in=data["stand_in"],
                stand_in_kind=data["stand_in_kind"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De wijziging is opgeslagen."))
            return redirect(_roster_url(shift.branch, data["date"]))
    return render(request, "schedule/shift_change.html", {"form": form, "shift": shift})


@require_POST
@login_required
def change_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    change = permissions.get_change_for_manager(request.user, pk)
    branch, day = change.shift.branch, change.date
    services.shift_change_remove(change=change, user=request.user)
    messages.success(
        request, _("De wijziging is teruggedraaid; de dienst gaat door zoals gepland.")
    )
    return redirect(_roster_url(branch, day))


@require_http_methods(["GET", "POST"])
@login_required
def presence_rule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    branch = permissions.get_branch_for_manager(request.user, pk)
    volunteers, professionals = selectors.presence_rule_minimums(branch)
    initial = {"min_volunteers": volunteers, "min_professionals": professionals}
    form = PresenceRuleForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.presence_rule_set(branch=branch, user=request.user, **form.cleaned_data)
        messages.success(request, _("De bezettingsregel is opgeslagen."))
        return redirect(_roster_url(branch))
    return render(request, "schedule/presence_rule.html", {"form": form, "branch": branch})
