"""Writes to the social map: partners and coordinators keep their entries current.

Every save is one transaction with one audit entry, sets Service.last_modified and refreshes the
search index for the services it touched.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Max, Model, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plein.core import audit
from plein.core.models import AuditEvent, Library
from plein.socialmap import audit_actions as actions
from plein.socialmap.models import (
    Address,
    Attribute,
    Location,
    Metadata,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Synonym,
    TaxonomyKind,
    TaxonomyTerm,
)

REMINDER_TOKEN_SALT = "plein.socialmap.reminder-link"
# An organisation gets at most one reminder in this time, however often the task runs.
REMINDER_INTERVAL = datetime.timedelta(days=28)

# Who confirmed, when a service was confirmed through the signed link in a reminder e-mail.
REMINDER_LINK_ACTOR = "link in herinneringsmail"

SCHEDULE_FIELDS = (
    "freq",
    "interval",
    "byday",
    "dtstart",
    "opens_at",
    "closes_at",
    "valid_from",
    "valid_to",
    "description",
    "room",
    "theme",
    "on_public_holidays",
    "by_appointment",
    "appointment_info",
    "schedule_link",
    "languages",
)


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value for the audit log."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Model):
        return str(value)
    return value


def _apply(obj: Model, data: dict[str, Any]) -> dict[str, list]:
    """Set the given fields on obj; return {field: [old, new]} for those that changed."""
    changes = {}
    for field, new in data.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
            setattr(obj, field, new)
    return changes


# Other writers of the social map (agenda/services.py) record their changes the same way.
fields_apply = _apply


def _services_touched(services: Iterable[Service]) -> None:
    """Stamp last_modified and refresh the search index for the services a save changed."""
    services = list(services)
    if not services:
        return
    now = timezone.now()
    Service.objects.filter(pk__in=[s.pk for s in services]).update(last_modified=now)
    for service in services:
        service.last_modified = now
    from plein.socialmap.search.index import search_index_rebuild

    by_library: dict = {}
    for service in services:
        by_library.setdefault(service.library_id, (service.library, []))[1].append(service.pk)
    for library, service_ids in by_library.values():
        search_index_rebuild(library=library, service_ids=service_ids)


# Fields whose edits are published as HSDS metadata rows; assurer_email names a person.
METADATA_PRIVATE_FIELDS = frozenset({"assurer_email"})
# Who made an edit, as HSDS metadata says it: a role, never a name.
SYSTEM_EDITOR = "plein"


def _metadata_record(obj: Model, changes: dict[str, list], *, user) -> None:
    """One HSDS metadata row per changed field (what, when, by which role), for consumers."""
    role = getattr(user, "role", "") or SYSTEM_EDITOR
    today = timezone.localdate()
    Metadata.objects.bulk_create(
        Metadata(
            library_id=getattr(obj, "library_id", None),
            resource_id=obj.pk,
            resource_type=obj._meta.model_name or "",
            last_action_date=today,
            last_action_type="update",
            field_name=field,
            previous_value="" if old is None else str(old),
            replacement_value="" if new is None else str(new),
            updated_by=role,
        )
        for field, (old, new) in changes.items()
        if field not in METADATA_PRIVATE_FIELDS
    )


# --- Services ---------------------------------------------------------------------------------


def service_terms(*, service: Service, kind: str) -> list[TaxonomyTerm]:
    term_ids = Attribute.objects.filter(
        link_entity="service", link_id=service.pk, taxonomy_term__taxonomy_detail__kind=kind
    ).values("taxonomy_term_id")
    return list(TaxonomyTerm.objects.filter(pk__in=term_ids).order_by("name"))


def _service_terms_set(
    *, service: Service, kind: str, terms: Iterable[TaxonomyTerm]
) -> list[list[str]] | None:
    old = service_terms(service=service, kind=kind)
    new = sorted(set(terms), key=lambda t: t.name)
    if {t.pk for t in old} == {t.pk for t in new}:
        return None
    Attribute.objects.filter(
        link_entity="service", link_id=service.pk, taxonomy_term__taxonomy_detail__kind=kind
    ).exclude(taxonomy_term__in=new).delete()
    kept = {t.pk for t in old}
    Attribute.objects.bulk_create(
        Attribute(
            library=service.library,
            link_entity="service",
            link_id=service.pk,
            link_type=kind,
            taxonomy_term=term,
        )
        for term in new
        if term.pk not in kept
    )
    return [[t.name for t in old], [t.name for t in new]]


@transaction.atomic
def service_update(
    *,
    service: Service,
    data: dict[str, Any],
    user,
    topics: Iterable[TaxonomyTerm] | None = None,
    life_domains: Iterable[TaxonomyTerm] | None = None,
) -> dict[str, list]:
    """Save changed fields and topic/life-domain links; return what changed (empty: nothing)."""
    changes = _apply(service, data)
    if changes:
        service.save(update_fields=list(changes))
        _metadata_record(service, changes, user=user)
    for key, kind, terms in (
        ("topics", TaxonomyKind.TOPIC, topics),
        ("life_domains", TaxonomyKind.LIFE_DOMAIN, life_domains),
    ):
        if terms is not None:
            term_change = _service_terms_set(service=service, kind=kind, terms=terms)
            if term_change:
                changes[key] = term_change
    if changes:
        audit.log(service, actions.SERVICE_UPDATED, user=user, changes=changes)
        _services_touched([service])
    return changes


@transaction.atomic
def services_confirm(
    *,
    services: Iterable[Service],
    user=None,
    assurer_email: str | None = None,
    actor_label: str = "",
) -> int:
    """ "Klopt nog": set assured_date to today for each service, one audit entry each."""
    today = timezone.localdate()
    email = assurer_email if assurer_email is not None else getattr(user, "email", "") or ""
    services = list(services)
    for service in services:
        changes = _apply(service, {"assured_date": today, "assurer_email": email})
        service.save(update_fields=["assured_date", "assurer_email"])
        audit.log(
            service, actions.SERVICE_CONFIRMED, user=user, changes=changes, actor_label=actor_label
        )
    _services_touched(services)
    return len(services)


def service_confirm(*, service: Service, user) -> Service:
    services_confirm(services=[service], user=user)
    return service


# --- Locations ----------------------------------------------------------------------------------


def _location_services(location: Location) -> list[Service]:
    return list(
        Service.objects.filter(service_at_locations__location=location)
        .select_related("library")
        .distinct()
    )


@transaction.atomic
def location_update(
    *,
    location: Location,
    data: dict[str, Any],
    address: dict[str, str],
    phones: list[dict[str, Any]],
    user,
) -> dict[str, list]:
    """Save a location, its (first) address and its phones; phones: dicts with an optional
    "phone" (the existing row), "number", "description", "professionals_only" and "delete"."""
    changes = _apply(location, data)
    if changes:
        location.save(update_fields=list(changes))
        # The location's own fields only: its phones may be for professionals only.
        _metadata_record(location, changes, user=user)
    changes.update(_address_update(location, address))
    for row in phones:
        changes.update(_phone_update(location, row))
    if changes:
        audit.log(location, actions.LOCATION_UPDATED, user=user, changes=changes)
        _services_touched(_location_services(location))
    return changes


def _address_update(location: Location, address: dict[str, str]) -> dict[str, list]:
    """Save the location's first address; an address left empty is removed."""
    current = location.addresses.order_by("pk").first()
    if current is not None and not any(address.values()):
        removed = str(current)
        current.delete()
        return {"address": [removed, None]}
    if current is None and not any(address.values()):
        return {}
    if current is None:
        current = Address(location=location, address_1="", city="")
    address_changes = _apply(current, address)
    if address_changes:
        current.save()
    return {f"address.{k}": v for k, v in address_changes.items()}


def _phone_update(location: Location, row: dict[str, Any]) -> dict[str, list]:
    """Add, change or delete one phone of the location, as the row asks."""
    phone = row.get("phone")
    label = f"phone.{phone.number if phone else row['number']}"
    if row.get("delete"):
        if phone is None:
            return {}
        phone.delete()
        return {label: [phone.number, None]}
    fields = {k: row[k] for k in ("number", "description", "professionals_only")}
    if phone is None:
        Phone.objects.create(location=location, **fields)
        return {label: [None, row["number"]]}
    phone_changes = _apply(phone, fields)
    if not phone_changes:
        return {}
    phone.save(update_fields=list(phone_changes))
    return {
        label: [
            ", ".join(str(v[0]) for v in phone_changes.values()),
            ", ".join(str(v[1]) for v in phone_changes.values()),
        ]
    }


# --- Hours (HSDS schedules) ---------------------------------------------------------------------


def schedule_owner(schedule: Schedule) -> Service | Location:
    """The entry whose history records changes to these hours: the service, else the location."""
    if schedule.service is not None:
        return schedule.service
    if schedule.service_at_location is not None:
        return schedule.service_at_location.service
    if schedule.location is None:
        raise ValueError(f"Schedule {schedule.pk} belongs to no service or location.")
    return schedule.location


def _schedule_services(schedule: Schedule) -> list[Service]:
    owner = schedule_owner(schedule)
    return [owner] if isinstance(owner, Service) else _location_services(owner)


def _schedule_snapshot(schedule: Schedule) -> dict[str, Any]:
    return {field: _plain(getattr(schedule, field)) for field in SCHEDULE_FIELDS}


@transaction.atomic
def schedule_create(
    *,
    data: dict[str, Any],
    user,
    service: Service | None = None,
    location: Location | None = None,
    service_at_location: ServiceAtLocation | None = None,
) -> Schedule:
    if [service, location, service_at_location].count(None) != 2:
        raise ValueError("Hours belong to exactly one service, location or service-at-location.")
    schedule = Schedule.objects.create(
        service=service, location=location, service_at_location=service_at_location, **data
    )
    changes = {f"schedule.{k}": [None, v] for k, v in _schedule_snapshot(schedule).items() if v}
    audit.log(schedule_owner(schedule), actions.SCHEDULE_CREATED, user=user, changes=changes)
    _services_touched(_schedule_services(schedule))
    return schedule


@transaction.atomic
def schedule_update(*, schedule: Schedule, data: dict[str, Any], user) -> dict[str, list]:
    before = _schedule_snapshot(schedule)
    changes = _apply(schedule, data)
    if changes:
        schedule.save(update_fields=list(changes))
        after = _schedule_snapshot(schedule)
        # The whole schedule before and after, so that the history can describe it in words.
        logged = {
            f"schedule.{k}": [before[k], after[k]] for k in SCHEDULE_FIELDS if before[k] or after[k]
        }
        audit.log(schedule_owner(schedule), actions.SCHEDULE_UPDATED, user=user, changes=logged)
        _services_touched(_schedule_services(schedule))
    return changes


@transaction.atomic
def schedule_delete(*, schedule: Schedule, user) -> None:
    owner = schedule_owner(schedule)
    services = _schedule_services(schedule)
    changes = {f"schedule.{k}": [v, None] for k, v in _schedule_snapshot(schedule).items() if v}
    schedule.delete()
    audit.log(owner, actions.SCHEDULE_DELETED, user=user, changes=changes)
    _services_touched(services)


# --- Reminders ----------------------------------------------------------------------------------


def organization_reminder_record(*, organization: Organization, recipients: int) -> None:
    audit.log(
        organization,
        actions.REMINDER_SENT,
        changes={"recipients": recipients},
        actor_label="herinneringstaak",
    )


def freshness_cutoff(*, today: datetime.date | None = None) -> datetime.date:
    """Services confirmed before this date (or never) are stale: PLEIN_FRESHNESS_DAYS ago."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.PLEIN_FRESHNESS_DAYS)


def stale_services(*, today: datetime.date | None = None):
    return Service.objects.exclude(status=ServiceStatus.DEFUNCT).filter(
        Q(assured_date__isnull=True) | Q(assured_date__lt=freshness_cutoff(today=today))
    )


def reminder_token_make(*, organization: Organization) -> str:
    return signing.dumps({"org": str(organization.pk)}, salt=REMINDER_TOKEN_SALT)


def reminder_token_read(*, token: str) -> Organization:
    """The organisation a reminder link is for; raises signing.SignatureExpired when the link is
    older than PLEIN_CONFIRM_LINK_HOURS and signing.BadSignature when it was altered."""
    max_age = datetime.timedelta(hours=settings.PLEIN_CONFIRM_LINK_HOURS)
    payload = signing.loads(token, salt=REMINDER_TOKEN_SALT, max_age=max_age)
    try:
        return Organization.objects.select_related("library").get(pk=payload["org"])
    except (KeyError, TypeError, ValueError, ValidationError, Organization.DoesNotExist) as error:
        raise signing.BadSignature("Unknown organisation") from error


def reminder_recipients(*, organization: Organization) -> list[str]:
    """The organisation's partner users' addresses; without any, the organisation's own."""
    emails = sorted(
        {
            email
            for email in organization.partner_users.filter(
                is_active=True, role="partner"
            ).values_list("email", flat=True)
            if email
        }
    )
    if not emails and organization.email:
        emails = [organization.email]
    return emails


def _link_validity(hours: int) -> str:
    if hours % 24 == 0:
        return ngettext("%(count)d dag", "%(count)d dagen", hours // 24) % {"count": hours // 24}
    return ngettext("%(count)d uur", "%(count)d uur", hours) % {"count": hours}


def organization_reminder_send(*, organization: Organization) -> int:
    """E-mail each recipient a signed link; the message names the organisation and nothing else.

    Returns the number of e-mails sent (0 when the organisation has no address)."""
    recipients = reminder_recipients(organization=organization)
    if not recipients:
        return 0
    token = reminder_token_make(organization=organization)
    context = {
        "organization_name": organization.name,
        "confirm_url": settings.SITE_URL
        + reverse("socialmap:confirm_link", kwargs={"token": token}),
        "valid_for": _link_validity(settings.PLEIN_CONFIRM_LINK_HOURS),
    }
    subject = render_to_string("socialmap/email/reminder_subject.txt", context).strip()
    body = render_to_string("socialmap/email/reminder_body.txt", context)
    # One message per address, so that colleagues do not see each other's addresses.
    messages = [(subject, body, None, [email]) for email in recipients]
    sent = send_mass_mail(messages, fail_silently=False)
    organization_reminder_record(organization=organization, recipients=sent)
    return sent


def organization_last_reminders(*, organization_ids: Iterable) -> dict[str, datetime.datetime]:
    """{organisation id (str): when the last reminder was sent}, in one query."""
    rows = (
        AuditEvent.objects.filter(
            action=actions.REMINDER_SENT,
            object_type=Organization._meta.label_lower,
            object_id__in=[str(pk) for pk in organization_ids],
        )
        .values("object_id")
        .annotate(last=Max("created_at"))
    )
    return {row["object_id"]: row["last"] for row in rows}


def freshness_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind every organisation with stale services that was not reminded in the last
    REMINDER_INTERVAL; return the number of organisations reminded."""
    now = now or timezone.now()
    organization_ids = set(
        stale_services(today=timezone.localdate(now)).values_list("organization_id", flat=True)
    )
    last = organization_last_reminders(organization_ids=organization_ids)
    reminded = 0
    for organization in Organization.objects.filter(pk__in=organization_ids).order_by("name"):
        previous = last.get(str(organization.pk))
        if previous and previous > now - REMINDER_INTERVAL:
            continue
        if organization_reminder_send(organization=organization):
            reminded += 1
    return reminded


SYNONYM_NOT_YOURS = _("Dit woord hoort niet bij uw bibliotheek.")


@transaction.atomic
def synonym_add(*, library: Library, term: str, alternatives: str, user) -> Synonym:
    """A coordinator's own entry of the question dictionary: residents' words -> map words."""
    synonym = Synonym.objects.create(library=library, term=term, alternatives=alternatives)
    audit.log(synonym, actions.SYNONYM_ADDED, user=user, library=library)
    return synonym


@transaction.atomic
def synonym_remove(*, library: Library, synonym: Synonym, user) -> None:
    # Shared entries (no library) and other libraries' entries are not a coordinator's to remove.
    if synonym.library_id != library.pk:
        raise ValidationError(SYNONYM_NOT_YOURS)
    audit.log(synonym, actions.SYNONYM_REMOVED, user=user, library=library)
    synonym.delete()


# --- Organisations (coordinators) ----------------------------------------------------------------

ORGANIZATION_ARCHIVED_ALREADY = _("Deze organisatie is al gearchiveerd.")
ORGANIZATION_IS_ARCHIVED = _(
    "Deze organisatie is gearchiveerd. Haal haar eerst uit het archief om iets te wijzigen."
)


@transaction.atomic
def organization_create(*, library, data: dict[str, Any], user) -> Organization:
    organization = Organization(library=library, **data)
    organization.full_clean()
    organization.save()
    audit.log(organization, actions.ORGANIZATION_CREATED, user=user, changes={"name": data["name"]})
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, data: dict[str, Any], user) -> dict:
    """Save changed fields (the organisation's own page, or its agreement); what changed."""
    if organization.archived_at is not None:
        raise ValidationError(ORGANIZATION_IS_ARCHIVED)
    changes = _apply(organization, data)
    if changes:
        organization.full_clean()
        organization.save(update_fields=list(changes))
        audit.log(organization, actions.ORGANIZATION_UPDATED, user=user, changes=changes)
        _services_touched(organization.services.all())
    return changes


@transaction.atomic
def organization_archive(*, organization: Organization, user) -> int:
    """Archive an organisation that is gone (never delete it: referrals and history point at
    it). Its offered services become "opgeheven", so the map no longer shows them; returns how
    many services that were."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.archived_at is not None:
        raise ValidationError(ORGANIZATION_ARCHIVED_ALREADY)
    organization.archived_at = timezone.now()
    organization.save(update_fields=["archived_at"])
    audit.log(organization, actions.ORGANIZATION_ARCHIVED, user=user)
    ended = list(organization.services.exclude(status=ServiceStatus.DEFUNCT))
    for service in ended:
        changes = _apply(service, {"status": ServiceStatus.DEFUNCT})
        service.save(update_fields=["status"])
        audit.log(service, actions.SERVICE_UPDATED, user=user, changes=changes)
    _services_touched(ended)
    return len(ended)


@transaction.atomic
def organization_restore(*, organization: Organization, user) -> None:
    """Out of the archive; its services stay "opgeheven" until someone sets them active."""
    if organization.archived_at is None:
        return
    organization.archived_at = None
    organization.save(update_fields=["archived_at"])
    audit.log(organization, actions.ORGANIZATION_RESTORED, user=user)


@transaction.atomic
def service_create(*, organization: Organization, data: dict[str, Any], user) -> Service:
    """A new service of an organisation; the rest is filled in on its edit page."""
    if organization.archived_at is not None:
        raise ValidationError(ORGANIZATION_IS_ARCHIVED)
    service = Service(library_id=organization.library_id, organization=organization, **data)
    service.full_clean()
    service.save()
    audit.log(service, actions.SERVICE_CREATED, user=user, changes={"name": service.name})
    _services_touched([service])
    return service
