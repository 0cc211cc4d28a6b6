"""Consultation hours: partners (for their own services) and coordinators enter them, cancel one
date, move one or add an extra one. Every write goes through socialmap.agenda.services."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plein.socialmap import permissions
from plein.socialmap import services as socialmap_services
from plein.socialmap.agenda import selectors, services
from plein.socialmap.agenda.forms import CancelForm, ConsultationHourForm, ExceptionForm, add_errors
from plein.socialmap.agenda.occurrences import Status, schedule_occurrences
from plein.socialmap.hours import date_describe, schedule_describe
from plein.socialmap.models import Schedule
from plein.socialmap.views.partner import _posted

# How far ahead the dates page lists occurrences to cancel.
DATES_AHEAD = datetime.timedelta(weeks=10)


def _hour_branch(schedule: Schedule):
    branch = services.consultation_hour_branch(schedule)
    if branch is None:
        raise Http404
    return branch


@login_required
def consultation_add(request: HttpRequest, pk) -> HttpResponse:
    service = permissions.get_service_for_user(request.user, pk, write=True)
    form = ConsultationHourForm(_posted(request), library=service.library)
    if request.method == "POST" and form.is_valid():
        try:
            schedule = services.consultation_hour_create(
                service=service,
                branch=form.cleaned_data["branch"],
                data=form.schedule_data(),
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Het spreekuur is toegevoegd."))
            return redirect("socialmap:consultation_dates", pk=schedule.pk)
    context = {
        "form": form,
        "service": service,
        "back_url": reverse("socialmap:service_edit", kwargs={"pk": service.pk}),
    }
    return render(request, "socialmap/agenda/consultation_form.html", context)


@login_required
def consultation_edit(request: HttpRequest, pk) -> HttpResponse:
    schedule = permissions.get_schedule_for_user(request.user, pk, write=True)
    branch = _hour_branch(schedule)
    service = socialmap_services.schedule_owner(schedule)
    form = ConsultationHourForm(
        _posted(request), library=branch.library, schedule=schedule, branch=branch
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_hour_update(
                schedule=schedule, branch=branch, data=form.schedule_data(), user=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Het spreekuur is opgeslagen."))
            return redirect("socialmap:consultation_dates", pk=schedule.pk)
    context = {
        "form": form,
        "service": service,
        "schedule": schedule,
        "back_url": reverse("socialmap:consultation_dates", kwargs={"pk": schedule.pk}),
    }
    return render(request, "socialmap/agenda/consultation_form.html", context)


@login_required
def consultation_dates(request: HttpRequest, pk) -> HttpResponse:
    """The coming dates of one hour: cancel one, move one, add an extra one, undo."""
    schedule = permissions.get_schedule_for_user(request.user, pk, write=True)
    branch = _hour_branch(schedule)
    form = ExceptionForm(
        _posted(request), rooms=selectors.room_list(library=branch.library, branch=branch)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.schedule_exception_add(
                schedule=schedule,
                kind=data["kind"],
                date=data["date"],
                new_date=data["new_date"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                room=data["room"],
                reason=data["reason"],
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("De wijziging is opgeslagen."))
            return redirect("socialmap:consultation_dates", pk=schedule.pk)
    now = timezone.localtime()
    today = datetime.datetime.combine(now.date(), datetime.time(), tzinfo=now.tzinfo)
    occurrences = [
        occurrence
        for occurrence in schedule_occurrences(schedule, start=today, end=now + DATES_AHEAD)
        if occurrence.status != Status.MOVED_AWAY
    ]
    context = {
        "schedule": schedule,
        "branch": branch,
        "service": socialmap_services.schedule_owner(schedule),
        "description": schedule_describe(schedule),
        "occurrences": occurrences,
        "exceptions": schedule.exceptions.filter(date__gte=now.date()).select_related("room"),
        "form": form,
        "cancel_form": CancelForm(),
    }
    return render(request, "socialmap/agenda/consultation_dates.html", context)


@require_POST
@login_required
def consultation_cancel(request: HttpRequest, pk) -> HttpResponse:
    """Cancel one date ("gaat deze keer niet door"): shown on every page at the next request."""
    schedule = permissions.get_schedule_for_user(request.user, pk, write=True)
    _hour_branch(schedule)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Deze datum kon niet worden afgezegd. Probeer het opnieuw."))
        return redirect("socialmap:consultation_dates", pk=schedule.pk)
    try:
        services.schedule_exception_add(
            schedule=schedule,
            kind="cancelled",
            date=form.cleaned_data["date"],
            reason=form.cleaned_data["reason"],
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Het spreekuur van %(date)s is afgezegd.")
            % {"date": date_describe(form.cleaned_data["date"])},
        )
    return redirect("socialmap:consultation_dates", pk=schedule.pk)


@require_POST
@login_required
def exception_remove(request: HttpRequest, pk: int) -> HttpResponse:
    exception = permissions.get_exception_for_user(request.user, pk, write=True)
    schedule_pk = exception.schedule_id
    services.schedule_exception_remove(exception=exception, user=request.user)
    messages.success(request, _("De uitzondering is weggehaald."))
    return redirect("socialmap:consultation_dates", pk=schedule_pk)
