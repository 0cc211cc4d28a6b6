"""Partners (and coordinators) keep social map entries current: edit, hours, "klopt nog"."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from plein.accounts.http import AuthenticatedHttpRequest
from plein.accounts.permissions import require_partner
from plein.core import audit
from plein.socialmap import audit_actions, permissions, services
from plein.socialmap.agenda import selectors as agenda_selectors
from plein.socialmap.forms import (
    ConfirmServicesForm,
    LocationForm,
    ScheduleForm,
    ServiceForm,
    phone_forms,
)
from plein.socialmap.hours import schedule_text
from plein.socialmap.models import (
    Address,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyKind,
)

LINK_EXPIRED = gettext_lazy(
    "Deze link is verlopen. Links in de herinneringsmail zijn een beperkte tijd geldig. "
    "Log in om uw gegevens te bevestigen, of vraag de bibliotheek om een nieuwe link."
)
LINK_INVALID = gettext_lazy(
    "Deze link klopt niet. Misschien is hij niet helemaal gekopieerd. Gebruik de link uit de "
    "e-mail, of log in om uw gegevens te bevestigen."
)

ACTION_LABELS = {
    audit_actions.SERVICE_UPDATED: gettext_lazy("gegevens gewijzigd"),
    audit_actions.SERVICE_CONFIRMED: gettext_lazy("bevestigd: klopt nog"),
    audit_actions.LOCATION_UPDATED: gettext_lazy("gegevens gewijzigd"),
    audit_actions.SCHEDULE_CREATED: gettext_lazy("tijden toegevoegd"),
    audit_actions.SCHEDULE_UPDATED: gettext_lazy("tijden gewijzigd"),
    audit_actions.SCHEDULE_DELETED: gettext_lazy("tijden verwijderd"),
    audit_actions.SCHEDULE_EXCEPTION_ADDED: gettext_lazy("spreekuur één keer gewijzigd"),
    audit_actions.SCHEDULE_EXCEPTION_REMOVED: gettext_lazy("wijziging van één keer ongedaan"),
    audit_actions.SERVICE_CREATED: gettext_lazy("dienst toegevoegd"),
    audit_actions.ORGANIZATION_CREATED: gettext_lazy("organisatie toegevoegd"),
    audit_actions.ORGANIZATION_UPDATED: gettext_lazy("gegevens gewijzigd"),
    audit_actions.ORGANIZATION_ARCHIVED: gettext_lazy("gearchiveerd"),
    audit_actions.ORGANIZATION_RESTORED: gettext_lazy("uit het archief gehaald"),
}
ORGANIZATION_ONLY_FIELDS = {
    "website",
    "is_partner",
    "referral_email",
    "offers_callback",
    "archived_at",
}
EXTRA_FIELD_LABELS = {
    "topics": gettext_lazy("onderwerpen"),
    "life_domains": gettext_lazy("leefgebieden"),
    "byday": gettext_lazy("dagen"),
}


def _posted(request: HttpRequest):
    """The submitted data, also when a form was sent empty (an empty POST is still a POST)."""
    return request.POST if request.method == "POST" else None


def freshness_state(service: Service, *, cutoff: datetime.date) -> str:
    if service.assured_date is None:
        return "never"
    return "stale" if service.assured_date < cutoff else "fresh"


def _verbose(model: type[Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(field.verbose_name) if isinstance(field, Field) else name


def _field_label(key: str) -> str:
    """'address.city' -> 'adres: plaats'; plain field names use the model's verbose name."""
    prefix, _dot, name = key.rpartition(".")
    if prefix == "phone":
        return _("telefoonnummer")
    model = {"": Service, "address": Address, "schedule": Schedule, "location": Location}.get(
        prefix, Service
    )
    if prefix == "" and name in ORGANIZATION_ONLY_FIELDS:
        model = Organization
    label = str(EXTRA_FIELD_LABELS[name]) if name in EXTRA_FIELD_LABELS else _verbose(model, name)
    prefix_label = {"address": _("adres"), "schedule": _("tijden")}.get(prefix)
    return f"{prefix_label}: {label}" if prefix_label else label


def _plain_value(value) -> str:
    if value in (None, "", []):
        return _("(leeg)")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or _("(leeg)")
    return str(value)


def _logged_value(field: str, value):
    if value and field in {"opens_at", "closes_at"}:
        return datetime.time.fromisoformat(value)
    if value and field in {"valid_from", "valid_to"}:
        return datetime.date.fromisoformat(value)
    return value


def _schedule_in_words(values: dict) -> str:
    """A schedule as the audit log holds it ({field: plain value}), in the words of the pages."""
    if not any(values.values()):
        return _("(leeg)")
    fields = {field: _logged_value(field, value) for field, value in values.items() if value}
    return schedule_text(Schedule(**fields))


def _changes(changes: dict) -> list[tuple[str, str, str]]:
    """(label, was, is now) per changed field; a schedule's fields as one schedule in words."""
    pairs = {k: v for k, v in changes.items() if isinstance(v, list) and len(v) == 2}
    rows = [
        (_field_label(key), _plain_value(values[0]), _plain_value(values[1]))
        for key, values in pairs.items()
        if not key.startswith("schedule.")
    ]
    prefix = "schedule."
    schedule = {k.removeprefix(prefix): v for k, v in pairs.items() if k.startswith(prefix)}
    if schedule:
        old = _schedule_in_words({field: values[0] for field, values in schedule.items()})
        new = _schedule_in_words({field: values[1] for field, values in schedule.items()})
        rows.append((_("tijden"), old, new))
    return rows


def history_of(obj) -> list[dict]:
    """The audit entries of an entry, in plain Dutch: who, when, what changed."""
    rows = []
    for event in audit.events_for(obj)[:100]:
        rows.append(
            {
                "when": event.created_at,
                "who": (str(event.actor) if event.actor else "")
                or event.actor_label
                or _("onbekend"),
                "what": ACTION_LABELS.get(event.action, event.action),
                "changes": _changes(event.changes),
            }
        )
    return rows


def _schedules(queryset) -> list[tuple[Schedule, str]]:
    return [(schedule, schedule_text(schedule)) for schedule in queryset]


@login_required
def partner_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = require_partner(request.user)
    cutoff = services.freshness_cutoff()
    service_rows = [
        (service, freshness_state(service, cutoff=cutoff))
        for service in permissions.editable_services(request.user).order_by("name")
    ]
    context = {
        "organization": organization,
        "service_rows": service_rows,
        "locations": permissions.editable_locations(request.user).order_by("name"),
        "stale_count": sum(1 for _s, state in service_rows if state != "fresh"),
    }
    return render(request, "socialmap/partner_home.html", context)


@login_required
def service_edit(request: HttpRequest, pk) -> HttpResponse:
    service = permissions.get_service_for_user(request.user, pk, write=True)
    topics = services.service_terms(service=service, kind=TaxonomyKind.TOPIC)
    life_domains = services.service_terms(service=service, kind=TaxonomyKind.LIFE_DOMAIN)
    form = ServiceForm(_posted(request), service=service, topics=topics, life_domains=life_domains)
    if request.method == "POST" and form.is_valid():
        changes = services.service_update(
            service=service,
            data=form.service_data(),
            topics=form.cleaned_data["topics"],
            life_domains=form.cleaned_data["life_domains"],
            user=request.user,
        )
        if changes:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
        else:
            messages.info(request, _("Er was niets veranderd."))
        return redirect("socialmap:service_edit", pk=service.pk)
    consultation_hours = agenda_selectors.consultation_hour_list(
        library=service.library, service=service, listed_only=False
    )
    # Hours at a library branch are consultation hours, listed and edited on their own.
    links = ServiceAtLocation.objects.filter(service=service).select_related("location")
    links = links.exclude(location__in=agenda_selectors.branch_locations(library=service.library))
    links = links.prefetch_related(Prefetch("schedules", queryset=Schedule.objects.order_by("pk")))
    context = {
        "service": service,
        "form": form,
        "state": freshness_state(service, cutoff=services.freshness_cutoff()),
        "schedules": _schedules(service.schedules.order_by("pk")),
        "links": [(link, _schedules(link.schedules.all())) for link in links],
        "consultation_hours": _schedules(consultation_hours),
        "history": history_of(service),
    }
    return render(request, "socialmap/partner_service_edit.html", context)


@require_POST
@login_required
def service_confirm(request: HttpRequest, pk) -> HttpResponse:
    service = permissions.get_service_for_user(request.user, pk, write=True)
    services.service_confirm(service=service, user=request.user)
    messages.success(
        request, _("Bedankt! %(name)s is bevestigd als actueel.") % {"name": service.name}
    )
    next_url = request.POST.get("next", "")
    if next_url == reverse("socialmap:partner_home"):
        return redirect(next_url)
    return redirect("socialmap:service_edit", pk=service.pk)


@login_required
def location_edit(request: HttpRequest, pk) -> HttpResponse:
    location = permissions.get_location_for_user(request.user, pk, write=True)
    data = request.POST if request.method == "POST" else None
    form = LocationForm(data, location=location)
    phones = phone_forms(location, data)
    if data is not None and form.is_valid() and all(f.is_valid() for f in phones):
        changes = services.location_update(
            location=location,
            data=form.location_data(),
            address=form.address_data(),
            phones=[row for row in (f.phone_row() for f in phones) if row],
            user=request.user,
        )
        if changes:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
        else:
            messages.info(request, _("Er was niets veranderd."))
        return redirect("socialmap:location_edit", pk=location.pk)
    context = {
        "location": location,
        "form": form,
        "phones": phones,
        "phones_invalid": data is not None and not all(f.is_valid() for f in phones),
        "schedules": _schedules(location.schedules.order_by("pk")),
        "history": history_of(location),
    }
    return render(request, "socialmap/partner_location_edit.html", context)


def _schedule_form_page(request, *, form, owner_label, back_url, schedule=None) -> HttpResponse:
    context = {
        "form": form,
        "owner_label": owner_label,
        "back_url": back_url,
        "schedule": schedule,
    }
    return render(request, "socialmap/partner_schedule_form.html", context)


def _back_url(schedule: Schedule) -> str:
    if schedule.location_id and not schedule.service_id:
        return reverse("socialmap:location_edit", kwargs={"pk": schedule.location_id})
    service = services.schedule_owner(schedule)
    return reverse("socialmap:service_edit", kwargs={"pk": service.pk})


def _schedule_add(request: HttpRequest, *, owner_label: str, back_url: str, **owner):
    form = ScheduleForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.schedule_create(data=form.schedule_data(), user=request.user, **owner)
        messages.success(request, _("De tijden zijn toegevoegd."))
        return redirect(back_url)
    return _schedule_form_page(request, form=form, owner_label=owner_label, back_url=back_url)


@login_required
def schedule_add_for_service(request: HttpRequest, pk) -> HttpResponse:
    service = permissions.get_service_for_user(request.user, pk, write=True)
    back_url = reverse("socialmap:service_edit", kwargs={"pk": service.pk})
    return _schedule_add(request, owner_label=service.name, back_url=back_url, service=service)


@login_required
def schedule_add_for_location(request: HttpRequest, pk) -> HttpResponse:
    location = permissions.get_location_for_user(request.user, pk, write=True)
    back_url = reverse("socialmap:location_edit", kwargs={"pk": location.pk})
    return _schedule_add(request, owner_label=str(location), back_url=back_url, location=location)


@login_required
def schedule_add_for_service_at_location(request: HttpRequest, pk) -> HttpResponse:
    link = permissions.get_service_at_location_for_user(request.user, pk, write=True)
    back_url = reverse("socialmap:service_edit", kwargs={"pk": link.service_id})
    label = f"{link.service.name} – {link.location}"
    return _schedule_add(request, owner_label=label, back_url=back_url, service_at_location=link)


@login_required
def schedule_edit(request: HttpRequest, pk) -> HttpResponse:
    schedule = permissions.get_schedule_for_user(request.user, pk, write=True)
    back_url = _back_url(schedule)
    form = ScheduleForm(_posted(request), schedule=schedule)
    if request.method == "POST" and form.is_valid():
        services.schedule_update(schedule=schedule, data=form.schedule_data(), user=request.user)
        messages.success(request, _("De tijden zijn opgeslagen."))
        return redirect(back_url)
    owner = services.schedule_owner(schedule)
    return _schedule_form_page(
        request, form=form, owner_label=str(owner), back_url=back_url, schedule=schedule
    )


@require_POST
@login_required
def schedule_delete(request: HttpRequest, pk) -> HttpResponse:
    schedule = permissions.get_schedule_for_user(request.user, pk, write=True)
    back_url = _back_url(schedule)
    services.schedule_delete(schedule=schedule, user=request.user)
    messages.success(request, _("De tijden zijn verwijderd."))
    return redirect(back_url)


def confirm_link(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind the link in a reminder e-mail: confirm without logging in."""
    login_url = (
        reverse("accounts:login") + "?" + urlencode({"next": reverse("socialmap:partner_home")})
    )
    try:
        organization = services.reminder_token_read(token=token)
    except signing.SignatureExpired:
        return render(
            request,
            "socialmap/confirm_link_invalid.html",
            {"message": LINK_EXPIRED, "login_url": login_url},
            status=410,
        )
    except signing.BadSignature:
        return render(
            request,
            "socialmap/confirm_link_invalid.html",
            {"message": LINK_INVALID, "login_url": login_url},
            status=400,
        )
    form = ConfirmServicesForm(_posted(request), organization=organization)
    if request.method == "POST" and form.is_valid():
        count = services.services_confirm(
            services=form.cleaned_data["services"],
            assurer_email=organization.email,
            actor_label=services.REMINDER_LINK_ACTOR,
        )
        return render(
            request,
            "socialmap/confirm_link_done.html",
            {"organization": organization, "count": count, "login_url": login_url},
        )
    context = {"organization": organization, "form": form, "login_url": login_url}
    return render(request, "socialmap/confirm_link.html", context)
