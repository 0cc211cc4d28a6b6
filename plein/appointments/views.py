"""Pages of appointments: setting up bookable hours, booking (desk, resident, from a referral),
the agenda with attendance, the slip, and the resident's signed link to cancel or move."""

import datetime
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing as django_signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.accounts import totp
from plein.accounts.permissions import is_coordinator, require_coordinator
from plein.appointments import consent_texts, permissions, selectors, services, signing
from plein.appointments.forms import (
    AppointmentSettingsForm,
    BookableHourForm,
    BookingForm,
    MarkForm,
    SlotForm,
)
from plein.appointments.models import BookableHour, Booking, BookingSource
from plein.core import guard
from plein.core.forms import add_service_errors
from plein.core.models import Library
from plein.referrals.permissions import get_referral_for_partner
from plein.socialmap.permissions import get_schedule_for_user
from plein.socialmap.selectors import library_get_public


@dataclass(frozen=True)
class ConsentView:
    language: str
    body: str
    version: int


def _language(request: HttpRequest) -> str:
    chosen = request.POST.get("show_language") or request.POST.get("consent_language")
    return "en" if (chosen or request.GET.get("taal")) == "en" else "nl"


def _consent(library: Library, language: str, organization_name: str) -> ConsentView:
    days = selectors.appointment_settings_get(library=library).appointment_retention_days
    version = consent_texts.CURRENT_VERSION
    body = consent_texts.consent_text(
        version=version, language=language, organization=organization_name, retention_days=days
    )
    return ConsentView(language=language, body=body, version=version)


# --- setting up bookable hours (partner: its own; coordinator: the library's) ----------------


@require_GET
@login_required
def hours_setup(request: HttpRequest) -> HttpResponse:
    library, organization = permissions.require_hours_setup(request.user)
    hours = selectors.hours_for_setup(library=library, organization=organization)
    return render(request, "appointments/hours.html", {"hours": hours})


@require_http_methods(["GET", "POST"])
@login_required
def hour_edit(request: HttpRequest, pk) -> HttpResponse:
    permissions.require_hours_setup(request.user)
    schedule = get_schedule_for_user(request.user, pk, write=True)
    if schedule.service_at_location is None:
        raise Http404
    existing = BookableHour.objects.filter(schedule=schedule).first()
    form = BookableHourForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        services.bookable_hour_set(schedule=schedule, user=request.user, **form.cleaned_data)
        messages.success(request, _("De instellingen voor afspraken zijn opgeslagen."))
        return redirect("appointments:hours")
    context = {"form": form, "schedule": schedule}
    return render(
        request, "appointments/hour_edit.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    library = require_coordinator(request.user)
    row = selectors.appointment_settings_get(library=library)
    form = AppointmentSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        services.appointment_settings_update(
            library=library,
            retention_days=form.cleaned_data["appointment_retention_days"],
            user=request.user,
        )
        messages.success(request, _("De instellingen voor afspraken zijn opgeslagen."))
        return redirect("appointments:settings")
    status = 400 if form.errors else 200
    return render(request, "appointments/settings.html", {"form": form}, status=status)


# --- booking: the desk and the resident ---------------------------------------------------


def _booking_form(request, *, slots, language: str, for_resident: bool) -> BookingForm:
    data = (
        request.POST if request.method == "POST" and "show_language" not in request.POST else None
    )
    initial = {
        "submission_key": uuid.uuid4(),
        "consent_language": language,
        "slot": request.GET.get("tijd", ""),
    }
    if data is None and request.method == "POST":
        # Switching the consent text's language keeps what was typed.
        initial |= {
            k: v
            for k, v in request.POST.items()
            if k not in ("csrfmiddlewaretoken", "show_language")
        }
        initial["consent_language"] = language
    return BookingForm(data, initial=initial, slots=slots, for_resident=for_resident)


def _book(request, form: BookingForm, *, source: str, client: str | None) -> Booking | None:
    """Book from a valid form; None (with the service's errors on the form) when refused.
    `client`: the public form's fingerprint, counted for its limit (plein.core.guard)."""
    if not form.is_valid():
        form.offer_name_confirmation()
        return None
    slot = form.chosen()
    try:
        return services.booking_create(
            hour=slot.hour,
            start=slot.start,
            contact=form.contact(),
            consent_given=form.cleaned_data["consent"],
            consent_language=form.cleaned_data["consent_language"],
            source=source,
            user=request.user if request.user.is_authenticated else None,
            submission_key=form.cleaned_data["submission_key"],
            client=client,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        form.offer_name_confirmation()
        return None


def _honeypot_caught(request, form: BookingForm) -> None:
    """A bot filled the honeypot: counted for the limit, nothing stored, the page shown again."""
    try:
        guard.honeypot_caught(
            kind=services.GUARD_KIND,
            client=guard.client_fingerprint(request),
            message=services.RATE_LIMITED,
        )
    except ValidationError as error:
        form.add_error(None, error)


def _book_page(request, *, library, hours, template: str, for_resident: bool, extra: dict):
    slots = selectors.upcoming_slots(library=library, hours=hours)
    language = _language(request)
    form = _booking_form(request, slots=slots, language=language, for_resident=for_resident)
    booking = None
    if form.is_bound and for_resident and form.honeypot_filled:
        _honeypot_caught(request, form)
    elif form.is_bound:
        client = guard.client_fingerprint(request) if for_resident else None
        source = BookingSource.ONLINE if for_resident else BookingSource.DESK
        booking = _book(request, form, source=source, client=client)
    if booking is not None:
        return booking, None
    names = sorted({h.organization.name for h in hours}) if hours else [library.name]
    context = {
        **extra,
        "form": form,
        "has_slots": bool(slots),
        "consent": _consent(library, language, ", ".join(names)),
        "for_resident": for_resident,
    }
    return None, render(request, template, context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def desk_book(request: HttpRequest) -> HttpResponse:
    library = permissions.require_desk(request.user)
    hours = list(selectors.bookable_hour_list(library=library))
    booking, page = _book_page(
        request,
        library=library,
        hours=hours,
        template="appointments/desk_book.html",
        for_resident=False,
        extra={"library": library},
    )
    if booking is None:
        return page
    messages.success(request, _("De afspraak is gemaakt. Geef de inwoner het afspraakbriefje mee."))
    return redirect("appointments:slip", pk=booking.pk)


@require_GET
def public_hours(request: HttpRequest, library_slug: str) -> HttpResponse:
    library = _public_library(library_slug)
    hours = list(selectors.bookable_hour_list(library=library))
    slots = selectors.upcoming_slots(library=library, hours=hours)
    first_free: dict[int, selectors.Slot] = {}
    for slot in slots:
        first_free.setdefault(slot.hour.pk, slot)
    context = {"library": library, "offers": list(first_free.values())}
    return render(request, "appointments/public_hours.html", context)


def _public_library(slug: str) -> Library:
    try:
        return library_get_public(slug=slug)
    except Library.DoesNotExist as error:
        raise Http404 from error


@require_http_methods(["GET", "POST"])
def public_book(request: HttpRequest, library_slug: str, hour_pk: int) -> HttpResponse:
    library = _public_library(library_slug)
    hour = selectors.bookable_hour_get(library=library, pk=hour_pk)
    if hour is None:
        raise Http404
    booking, page = _book_page(
        request,
        library=library,
        hours=[hour],
        template="appointments/public_book.html",
        for_resident=True,
        extra={"library": library, "hour": hour},
    )
    if booking is None:
        return page
    token = signing.manage_token_make(booking=booking)
    return redirect(reverse("appointments:manage", kwargs={"token": token}) + "?nieuw=1")


# --- the resident's signed link: see, cancel, move ----------------------------------------


def _link_problem(request: HttpRequest, status: int) -> HttpResponse:
    return render(request, "appointments/link_problem.html", status=status)


def _manage_context(request, booking: Booking, *, form=None) -> dict:
    hours = [
        h
        for h in selectors.bookable_hour_list(library=booking.library)
        if h.organization_id == booking.organization_id
    ]
    slots = selectors.upcoming_slots(library=booking.library, hours=hours)
    return {
        "booking": booking,
        "form": form or SlotForm(slots=slots),
        "has_slots": bool(slots),
        "is_new": request.GET.get("nieuw") == "1",
        "active": booking.is_active and booking.end > timezone.now(),
        **_slip_context(booking),
    }


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The resident's page for one booking. GET only shows it: mail scanners open links."""
    try:
        booking = signing.manage_token_read(token=token)
    except django_signing.BadSignature:
        return _link_problem(request, status=400)
    if request.method == "POST":
        return _manage_post(request, booking, token)
    return render(request, "appointments/manage.html", _manage_context(request, booking))


def _manage_post(request: HttpRequest, booking: Booking, token: str) -> HttpResponse:
    here = reverse("appointments:manage", kwargs={"token": token})
    if request.POST.get("action") == "cancel":
        try:
            services.booking_cancel(booking=booking)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Uw afspraak is afgezegd."))
        return redirect(here)
    context = _manage_context(request, booking)
    form = SlotForm(request.POST, slots=list(context["form"].slots.values()))
    if form.is_valid():
        slot = form.chosen()
        try:
            new = services.booking_reschedule(booking=booking, hour=slot.hour, start=slot.start)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Uw afspraak is verzet."))
            return redirect("appointments:manage", token=signing.manage_token_make(booking=new))
    context["form"] = form
    return render(request, "appointments/manage.html", context, status=400)


# --- the slip for a resident without e-mail -----------------------------------------------


def _slip_context(booking: Booking) -> dict:
    url = signing.manage_url(booking=booking)
    qr = segno.make(url, error="m").svg_inline(scale=3, light="#fff", border=2)
    schedule = booking.hour.schedule
    link = schedule.service_at_location
    return {
        "manage_url": url,
        "qr_svg": qr,
        "service_name": link.service.name if link else "",
        "place": link.location.name if link else "",
        "room": schedule.room.name if schedule.room else "",
    }


@require_GET
@login_required
def slip(request: HttpRequest, pk) -> HttpResponse:
    library = permissions.require_desk(request.user)
    booking = selectors.booking_get(library=library, pk=pk)
    if booking is None:
        raise Http404
    context = {"booking": booking, **_slip_context(booking)}
    return render(request, "appointments/slip.html", context)


# --- the agenda: partner (contact data after two-factor) and library staff ----------------


def verify_url(next_url: str) -> str:
    return reverse("accounts:totp_verify") + "?" + urlencode({"next": next_url})


@require_GET
@login_required
def agenda(request: HttpRequest) -> HttpResponse:
    library, organization = permissions.require_agenda(request.user)
    since = timezone.now() - datetime.timedelta(days=7)
    verified = totp.session_is_verified(request)
    with_contact = organization is not None and verified
    bookings = list(
        selectors.booking_agenda(
            library=library, organization=organization, since=since, with_contact=with_contact
        )
    )
    shown = [
        b
        for b in bookings
        if permissions.may_see_booking_contact(request.user, b, two_factor_verified=verified)
    ]
    services.booking_contacts_viewed(bookings=shown, user=request.user)
    context = {
        "bookings": bookings,
        "is_partner": organization is not None,
        "verified": verified,
        "shown": {b.pk for b in shown},
        "off_schedule": selectors.bookings_off_schedule(library=library, bookings=bookings),
        "verify_url": verify_url(request.path),
        "counts": selectors.booking_counts(library=library, organization=organization),
        "now": timezone.now(),
        "can_book": permissions.can_book_for_resident(request.user),
        "can_set_up": permissions.can_set_up_hours(request.user),
        "is_coordinator": is_coordinator(request.user),
        "public_url": reverse("appointments:public_hours", args=[library.slug]),
    }
    return render(request, "appointments/agenda.html", context)


@require_POST
@login_required
def mark(request: HttpRequest, pk) -> HttpResponse:
    booking = permissions.get_booking_for_partner(request.user, pk)
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies: geweest of niet gekomen."))
        return redirect("appointments:agenda")
    try:
        services.booking_mark(
            booking=booking, status=form.cleaned_data["status"], user=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Aanwezigheid opgeslagen."))
    return redirect("appointments:agenda")


@require_POST
@login_required
def cancel(request: HttpRequest, pk) -> HttpResponse:
    booking = permissions.get_booking_for_user(request.user, pk)
    try:
        services.booking_cancel(booking=booking, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("De afspraak is afgezegd."))
    return redirect("appointments:agenda")


# --- answering a warm referral with a slot ------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def referral_book(request: HttpRequest, pk) -> HttpResponse:
    referral = get_referral_for_partner(request.user, pk)
    hours = [
        h
        for h in selectors.bookable_hour_list(library=referral.library)
        if h.organization_id == referral.organization_id
    ]
    slots = selectors.upcoming_slots(library=referral.library, hours=hours)
    form = SlotForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        slot = form.chosen()
        try:
            services.booking_from_referral(
                referral=referral, hour=slot.hour, start=slot.start, user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De afspraak is gemaakt en staat bij de doorverwijzing."))
            return redirect("referrals:partner_detail", pk=referral.pk)
    context = {"referral": referral, "form": form, "has_slots": bool(slots)}
    return render(
        request, "appointments/referral_book.html", context, status=400 if form.errors else 200
    )
