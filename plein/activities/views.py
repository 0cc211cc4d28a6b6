"""The desk's and the coordinator's pages: plan activities, sign people up, take attendance."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plein.accounts.permissions import require_coordinator, require_library_staff, require_partner
from plein.activities import selectors, services, signing
from plein.activities.consent_texts import consent_text
from plein.activities.forms import (
    ACTIVITY_FIELDS,
    ActivityForm,
    ActivitySettingsForm,
    DateForm,
    DatesForm,
    SignUpForm,
)
from plein.activities.models import Attendance, Source
from plein.activities.permissions import (
    can_manage_activities,
    get_activity_for_planner,
    get_occurrence_for_planner,
    get_occurrence_for_staff,
    get_signup_for_staff,
    require_planner,
)

COMING_DAYS = 60
SETTINGS_FIELDS = ("retention_days", "offer_hours")


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    library = require_library_staff(request.user)
    now = timezone.now()
    context = {
        # Cancelled dates stay in the list, marked, so the desk can phone who signed up.
        "occurrences": selectors.activity_occurrences(
            library=library,
            start=now,
            end=now + timedelta(days=COMING_DAYS),
            include_cancelled=True,
        ),
        "calls": selectors.offers_to_phone(library=library).count(),
        "manage": can_manage_activities(request.user),
        "activities": selectors.activities_for_library(library=library),
    }
    return render(request, "activities/list.html", context)


def _activity_values(form: ActivityForm, organization) -> dict:
    values = {name: form.cleaned_data[name] for name in ACTIVITY_FIELDS if name in form.fields}
    if organization is not None:
        values["organization"] = organization
    return values


def _back_to_planning(organization) -> HttpResponse:
    return redirect("activities:partner_list" if organization else "activities:list")


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    """A partner's own activities, with the seats taken (who signed up stays with the library)."""
    organization = require_partner(request.user)
    activities = selectors.activities_of_organization(
        library=organization.library, organization=organization
    )
    now = timezone.now()
    occurrences = selectors.activity_occurrences(
        library=organization.library, start=now, end=now + timedelta(days=COMING_DAYS)
    ).filter(activity__organization=organization)
    context = {"activities": activities, "occurrences": occurrences}
    return render(request, "activities/partner_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def activity_new(request: HttpRequest) -> HttpResponse:
    library, organization = require_planner(request.user)
    form = ActivityForm(request.POST or None, library=library, organization=organization)
    dates = DatesForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and dates.is_valid():
        try:
            times = services.occurrence_times(**dates.cleaned_data)
        except ValidationError as error:
            dates.add_error(None, error)
        else:
            values = _activity_values(form, organization)
            services.activity_create(library=library, values=values, times=times, user=request.user)
            messages.success(request, _("De activiteit is gepland."))
            return _back_to_planning(organization)
    status = 400 if form.errors or dates.errors else 200
    context = {"form": form, "dates": dates}
    return render(request, "activities/activity_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_planner(request.user, pk)
    _library, organization = require_planner(request.user)
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        library=activity.library,
        organization=organization,
    )
    if request.method == "POST" and form.is_valid():
        values = _activity_values(form, organization)
        # The form wrote its values onto the instance; the service compares with the stored ones.
        activity.refresh_from_db()
        services.activity_update(activity=activity, values=values, user=request.user)
        messages.success(request, _("De activiteit is gewijzigd."))
        return _back_to_planning(organization)
    status = 400 if form.errors else 200
    return _edit_page(request, activity, form=form, date_form=DateForm(), status=status)


def _edit_page(request, activity, *, form, date_form, status) -> HttpResponse:
    context = {
        "form": form,
        "activity": activity,
        "date_form": date_form,
        "coming": selectors.coming_dates(activity=activity),
    }
    return render(request, "activities/activity_form.html", context, status=status)


@require_POST
@login_required
def occurrence_add(request: HttpRequest, pk: int) -> HttpResponse:
    """One more date for a planned activity; on bad input the edit page with what was typed."""
    activity = get_activity_for_planner(request.user, pk)
    _library, organization = require_planner(request.user)
    date_form = DateForm(request.POST)
    if date_form.is_valid():
        starts_at, ends_at = date_form.times()
        try:
            services.occurrence_add(
                activity=activity, starts_at=starts_at, ends_at=ends_at, user=request.user
            )
        except ValidationError as error:
            date_form.add_error(None, error)
        else:
            messages.success(request, _("De datum is toegevoegd."))
            return redirect("activities:edit", pk=activity.pk)
    form = ActivityForm(instance=activity, library=activity.library, organization=organization)
    return _edit_page(request, activity, form=form, date_form=date_form, status=400)


@require_POST
@login_required
def occurrence_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = get_occurrence_for_planner(request.user, pk)
    try:
        to_phone = services.occurrence_cancel(occurrence=occurrence, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        message = _("De datum is geannuleerd; wie een e-mailadres gaf, krijgt bericht.")
        if to_phone:
            message += " " + ngettext(
                "%(count)s aanmelding zonder e-mailadres: de balie belt deze persoon.",
                "%(count)s aanmeldingen zonder e-mailadres: de balie belt deze mensen.",
                to_phone,
            ) % {"count": to_phone}
        messages.success(request, message)
    return redirect("activities:edit", pk=occurrence.activity_id)


@require_POST
@login_required
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_planner(request.user, pk)
    _library, organization = require_planner(request.user)
    count = services.activity_cancel(activity=activity, user=request.user)
    message = _("De activiteit is geannuleerd (%(count)s data).") % {"count": count}
    messages.success(request, message)
    return _back_to_planning(organization)


def signup_from_form(form, occurrence, source, recorded_by, client: str | None = None):
    """The sign-up the form asks for, or None with the service's messages on the form.
    `client`: the public form's fingerprint, counted for its limit (plein.core.guard)."""
    if not form.is_valid():
        return None
    contact = services.ContactInput(
        name=form.cleaned_data["name"],
        phone=form.cleaned_data["phone"],
        email=form.cleaned_data["email"],
    )
    try:
        signup, _created = services.signup_create(
            occurrence=occurrence,
            contact=contact,
            consent_given=form.cleaned_data["consent"],
            source=source,
            recorded_by=recorded_by,
            client=client,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    return signup


def consent_context(library) -> dict:
    retention = services.activity_settings_get(library=library).retention_days
    return {"consent": consent_text(language=get_language(), retention_days=retention)}


@require_http_methods(["GET", "POST"])
@login_required
def occurrence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The desk's page of one date: who is on the list, and a form to sign someone up."""
    occurrence = get_occurrence_for_staff(request.user, pk)
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        signup = signup_from_form(form, occurrence, Source.DESK, request.user)
        if signup is not None:
            messages.success(request, _("%(name)s is aangemeld.") % {"name": signup.name})
            return redirect("activities:occurrence", pk=occurrence.pk)
    services.occurrence_contact_view(occurrence=occurrence, user=request.user)
    context = {
        "occurrence": occurrence,
        "seats_left": selectors.seats_left(occurrence),
        "signups": selectors.occurrence_signups(occurrence=occurrence),
        "form": form,
        "open": services.occurrence_is_open(occurrence),
        **consent_context(occurrence.library),
    }
    status = 400 if form.errors else 200
    return render(request, "activities/occurrence.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """At the door: tap present or absent per person (a plain form per row)."""
    occurrence = get_occurrence_for_staff(request.user, pk)
    if request.method == "POST":
        signup = get_signup_for_staff(request.user, request.POST.get("signup", ""))
        if signup.occurrence_id != occurrence.pk:
            raise PermissionDenied
        try:
            services.attendance_mark(
                signup=signup, attendance=request.POST.get("attendance", ""), user=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect(f"{request.path}#s-{signup.pk}")
    services.occurrence_contact_view(occurrence=occurrence, user=request.user)
    context = {
        "occurrence": occurrence,
        "signups": selectors.occurrence_signups(occurrence=occurrence).filter(status="booked"),
        "counts": selectors.occurrence_counts(occurrence=occurrence),
        "PRESENT": Attendance.PRESENT,
        "ABSENT": Attendance.ABSENT,
    }
    return render(request, "activities/attendance.html", context)


@require_POST
@login_required
def signup_cancel(request: HttpRequest, pk) -> HttpResponse:
    signup = get_signup_for_staff(request.user, pk)
    services.signup_cancel(signup=signup, user=request.user)
    messages.success(request, _("De aanmelding is afgemeld."))
    return redirect("activities:occurrence", pk=signup.occurrence_id)


@require_POST
@login_required
def offer_accept(request: HttpRequest, pk) -> HttpResponse:
    """The desk phoned someone offered a seat, and they said yes."""
    signup = get_signup_for_staff(request.user, pk)
    try:
        services.signup_offer_accept(signup=signup, user=request.user)
        messages.success(request, _("De plaats is bevestigd."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("activities:calls")


@login_required
def calls(request: HttpRequest) -> HttpResponse:
    """Bel deze persoon: seats offered to people without e-mail."""
    library = require_library_staff(request.user)
    offers = selectors.offers_to_phone(library=library)
    services.calls_list_view(library=library, user=request.user)
    return render(request, "activities/calls.html", {"offers": offers})


@login_required
def slip(request: HttpRequest, pk) -> HttpResponse:
    """A printable slip for someone without e-mail: when, where, how to cancel."""
    signup = get_signup_for_staff(request.user, pk)
    occurrence = get_occurrence_for_staff(request.user, signup.occurrence_id)
    context = {
        "signup": signup,
        "occurrence": occurrence,
        "cancel_url": signing.cancel_url(signup=signup),
    }
    return render(request, "activities/slip.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def activity_settings(request: HttpRequest) -> HttpResponse:
    library = require_coordinator(request.user)
    current = services.activity_settings_get(library=library)
    initial = {name: getattr(current, name) for name in SETTINGS_FIELDS}
    form = ActivitySettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in SETTINGS_FIELDS}
        services.activity_settings_update(settings_row=current, values=values, user=request.user)
        messages.success(request, _("De instellingen voor activiteiten zijn opgeslagen."))
        return redirect("activities:settings")
    status = 400 if form.errors else 200
    context = {"form": form, "library": library}
    return render(request, "activities/settings.html", context, status=status)
