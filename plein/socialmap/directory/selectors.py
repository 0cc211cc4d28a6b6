"""Reads of "Ken je partners": who the library's network partners are, what they offer, when
they sit in the library, and what changed in their services.

What changed is read from the audit log, the one record of every change made in Plein: a
service created (new), a status set to "opgeheven" or "niet actief" (ended, also when an
organisation is archived), and any other edit of a service or of its hours (changed). Confirming
that a service is still right ("klopt nog") changes nothing and is left out. A bulk import
(`plein import-hsds`, `sync-hsds`) writes one entry for the whole import, not one per service,
so its changes are not listed one by one.

The agreements for warm referral belong to the referrals app, which sits above the social map:
the project's URLconf hands the views a reader (`AgreementReader`), see plein/urls.py.
"""

import datetime
import enum
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from plein.core.models import AuditEvent, Library
from plein.socialmap import audit_actions as actions
from plein.socialmap.agenda.occurrences import Occurrence
from plein.socialmap.agenda.selectors import consultation_hour_list, occurrence_list
from plein.socialmap.models import (
    Attribute,
    Contact,
    Organization,
    Schedule,
    Service,
    ServiceStatus,
    TaxonomyKind,
)
from plein.socialmap.search.selectors import ServiceSearch
from plein.socialmap.selectors import (
    LISTED_STATUSES,
    phones_shown,
    taxonomy_term_descendant_ids,
)

# How far ahead the directory looks for a partner's next hour in the library.
NEXT_HOURS_DAYS = 28
ENDED_STATUSES = frozenset({ServiceStatus.DEFUNCT, ServiceStatus.INACTIVE})
CHANGE_ACTIONS = (
    actions.SERVICE_CREATED,
    actions.SERVICE_UPDATED,
    actions.SCHEDULE_CREATED,
    actions.SCHEDULE_UPDATED,
    actions.SCHEDULE_DELETED,
)
HOURS_ACTIONS = frozenset(CHANGE_ACTIONS[2:])
# What an audit entry's changed field is called on the pages (other fields: their own label).
CHANGE_LABELS: dict[str, StrOrPromise] = {
    "topics": _("onderwerpen"),
    "life_domains": _("leefgebieden"),
}


@dataclass(frozen=True)
class DirectoryAgreement:
    """A partner's agreement for warm referral as the desk needs to know it."""

    takes_referrals: bool
    # The working days the partner answers in: its promise, else the library's reminder time.
    response_working_days: int
    promised: bool
    # Whether a warm referral reaches someone now (an inbox or a referral address).
    reachable: bool
    contact_name: str
    contact_phone: str
    contact_email: str


# (library=, organization_ids=) -> {organisation id: agreement}; wired in plein/urls.py.
AgreementReader = Callable[..., dict[UUID, DirectoryAgreement]]


def no_agreements(*, library: Library, organization_ids: Iterable[UUID]) -> dict:
    return {}


class ChangeKind(enum.StrEnum):
    NEW = "new"
    CHANGED = "changed"
    ENDED = "ended"


KIND_ORDER = {ChangeKind.NEW: 0, ChangeKind.CHANGED: 1, ChangeKind.ENDED: 2}


@dataclass
class ServiceChange:
    service: Service
    kind: ChangeKind
    at: datetime.datetime
    # The labels of what changed ("wachttijd", "tijden"); empty for a new or ended service.
    what: list[str] = field(default_factory=list)


@dataclass
class PartnerRow:
    organization: Organization
    services: list[Service]
    topics: list[str]
    next_hour: Occurrence | None
    agreement: DirectoryAgreement | None
    changes: int


def directory_partners(*, library: Library) -> QuerySet[Organization]:
    """The library's network partners (marked by a coordinator, not archived), by name."""
    return (
        Organization.objects.for_library(library)
        .filter(is_partner=True, archived_at__isnull=True)
        .order_by("name")
    )


def _listed_services(library: Library) -> QuerySet[Service]:
    return Service.objects.for_library(library).filter(status__in=LISTED_STATUSES)


def _matching_organization_ids(
    *, library: Library, query: str, topic: UUID | None
) -> set[UUID] | None:
    """Organisations with a service that matches the words (or a name or description with
    them) and the topic; None when neither filter is given."""
    if not query and topic is None:
        return None
    services = _listed_services(library)
    if topic is not None:
        terms = taxonomy_term_descendant_ids(term_id=topic)
        linked = Attribute.objects.filter(link_entity="service", taxonomy_term_id__in=terms)
        services = services.filter(id__in=linked.values("link_id"))
    found: set[UUID] = set()
    if query:
        search = ServiceSearch(query, library=library, services=services)
        if search.searchable:
            found |= set(search.matches().values_list("organization_id", flat=True))
        if topic is None:
            words = Q(name__icontains=query) | Q(alternate_name__icontains=query)
            words |= Q(description__icontains=query)
            found |= set(
                directory_partners(library=library).filter(words).values_list("pk", flat=True)
            )
    else:
        found = set(services.values_list("organization_id", flat=True))
    return found


def _topics_by_service(service_ids: list[UUID]) -> dict[UUID, list[str]]:
    rows = (
        Attribute.objects.filter(
            link_entity="service",
            link_id__in=service_ids,
            taxonomy_term__taxonomy_detail__kind=TaxonomyKind.TOPIC,
        )
        .values_list("link_id", "taxonomy_term__name")
        .order_by("taxonomy_term__name")
    )
    topics: dict[UUID, list[str]] = {}
    for service_id, name in rows:
        topics.setdefault(service_id, []).append(name)
    return topics


def next_hours(
    *, library: Library, now: datetime.datetime, days: int = NEXT_HOURS_DAYS
) -> dict[UUID, list[Occurrence]]:
    """{organisation id: its coming hours in the library's branches}, cancelled ones left out."""
    upcoming: dict[UUID, list[Occurrence]] = {}
    end = now + datetime.timedelta(days=days)
    for occurrence in occurrence_list(library=library, start=now, end=end):
        if occurrence.is_cancelled or occurrence.end <= now:
            continue
        upcoming.setdefault(occurrence.service.organization_id, []).append(occurrence)
    return upcoming


def directory_partner_rows(
    *,
    library: Library,
    agreements: AgreementReader,
    now: datetime.datetime,
    since: datetime.datetime,
    query: str = "",
    topic: UUID | None = None,
    takes_referrals: bool = False,
) -> list[PartnerRow]:
    """The overview: each network partner that fits the filters, with its listed services,
    their topics, its next hour in the library, its agreement and its number of changes."""
    partners = directory_partners(library=library)
    matching = _matching_organization_ids(library=library, query=query.strip(), topic=topic)
    if matching is not None:
        partners = partners.filter(pk__in=matching)
    partners = partners.prefetch_related(
        Prefetch("services", queryset=_listed_services(library).order_by("name"))
    )
    organizations = list(partners)
    ids = [organization.pk for organization in organizations]
    agreed = agreements(library=library, organization_ids=ids)
    if takes_referrals:
        organizations = [
            o for o in organizations if o.pk in agreed and agreed[o.pk].takes_referrals
        ]
    services = [service for o in organizations for service in o.services.all()]
    topics = _topics_by_service([service.pk for service in services])
    hours = next_hours(library=library, now=now)
    changed: dict[UUID, int] = {}
    for change in service_changes(library=library, since=since, until=now, organization_ids=ids):
        key = change.service.organization_id
        changed[key] = changed.get(key, 0) + 1
    rows = []
    for organization in organizations:
        offered = list(organization.services.all())
        names = sorted({name for service in offered for name in topics.get(service.pk, [])})
        rows.append(
            PartnerRow(
                organization=organization,
                services=offered,
                topics=names,
                next_hour=next(iter(hours.get(organization.pk, [])), None),
                agreement=agreed.get(organization.pk),
                changes=changed.get(organization.pk, 0),
            )
        )
    return rows


def directory_partner_get(*, library: Library, pk: UUID) -> Organization:
    """One network partner of the library with what its page shows, the contacts meant for
    professionals included (the directory is for library staff only)."""
    contacts = Contact.objects.prefetch_related(Prefetch("phones", queryset=phones_shown(True)))
    services = _listed_services(library).prefetch_related(
        Prefetch("contacts", queryset=contacts),
        Prefetch("phones", queryset=phones_shown(True)),
    )
    return (
        directory_partners(library=library)
        .prefetch_related(
            Prefetch("services", queryset=services.order_by("name")),
            Prefetch("contacts", queryset=contacts),
            Prefetch("phones", queryset=phones_shown(True)),
        )
        .get(pk=pk)
    )


def partner_service_topics(*, organization: Organization) -> dict[UUID, list[str]]:
    return _topics_by_service([service.pk for service in organization.services.all()])


def partner_consultation_hours(
    *, library: Library, organization: Organization
) -> dict[UUID, list[Schedule]]:
    """{service id: its consultation hours in the library's branches (room, theme loaded)}."""
    hours: dict[UUID, list[Schedule]] = {}
    schedules = consultation_hour_list(library=library).filter(
        service_at_location__service__organization=organization
    )
    for schedule in schedules:
        assert schedule.service_at_location is not None
        hours.setdefault(schedule.service_at_location.service_id, []).append(schedule)
    return hours


def _what_changed(event: dict) -> list[str]:
    if event["action"] in HOURS_ACTIONS:
        return [str(_("tijden"))]
    labels = []
    for name in event["changes"] or {}:
        if name in CHANGE_LABELS:
            labels.append(str(CHANGE_LABELS[name]))
            continue
        try:
            model_field = Service._meta.get_field(name)
        except FieldDoesNotExist:  # a field no longer there: still a change, without its name
            labels.append(str(_("overig")))
            continue
        labels.append(str(getattr(model_field, "verbose_name", name)))
    return labels


def _service_ids(object_ids: Iterable[str]) -> set[UUID]:
    ids = set()
    for object_id in object_ids:
        try:
            ids.add(uuid.UUID(object_id))
        except ValueError:
            continue
    return ids


def service_changes(
    *,
    library: Library,
    since: datetime.datetime,
    until: datetime.datetime,
    organization_ids: Iterable[UUID] | None = None,
) -> list[ServiceChange]:
    """The library's services that were new, changed or ended in [since, until), one row per
    service (its state at the end of the period), new first, then changed, then ended."""
    events = list(
        AuditEvent.objects.for_library(library)
        .filter(
            object_type=Service._meta.label_lower,
            action__in=CHANGE_ACTIONS,
            created_at__gte=since,
            created_at__lt=until,
        )
        .order_by("created_at", "id")
        .values("object_id", "action", "changes", "created_at")
    )
    if not events:
        return []
    services = Service.objects.for_library(library).select_related("organization")
    if organization_ids is not None:
        services = services.filter(organization_id__in=list(organization_ids))
    by_id = {
        str(s.pk): s for s in services.filter(pk__in=_service_ids(e["object_id"] for e in events))
    }
    found: dict[str, ServiceChange] = {}
    ended_by: dict[str, bool] = {}
    for event in events:
        service = by_id.get(event["object_id"])
        if service is None:
            continue
        change = found.setdefault(
            event["object_id"], ServiceChange(service, ChangeKind.CHANGED, event["created_at"])
        )
        change.at = event["created_at"]
        if event["action"] == actions.SERVICE_CREATED:
            change.kind = ChangeKind.NEW
        status = (event["changes"] or {}).get("status")
        if isinstance(status, list) and len(status) == 2:
            ended_by[event["object_id"]] = status[1] in ENDED_STATUSES
        for label in _what_changed(event):
            if label not in change.what:
                change.what.append(label)
    for key, change in found.items():
        if ended_by.get(key) and change.service.status in ENDED_STATUSES:
            change.kind = ChangeKind.ENDED
        if change.kind != ChangeKind.CHANGED:
            change.what = []
    return sorted(
        found.values(),
        key=lambda c: (KIND_ORDER[c.kind], c.service.organization.name, c.service.name),
    )
