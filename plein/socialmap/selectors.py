"""Reads of the social map for the public pages (search, service and organisation pages)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from plein.core.models import Branch, Library
from plein.socialmap.models import (
    Address,
    Attribute,
    Contact,
    Location,
    Neighbourhood,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from plein.socialmap.neighbourhoods import neighbourhood_family_ids
from plein.socialmap.search import ServiceSearch, text
from plein.socialmap.search.dictionary import Concept

# Inactive and defunct services are never listed; temporarily closed ones are, with a notice.
LISTED_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)


def library_get_public(*, slug: str) -> Library:
    return Library.objects.get(slug=slug)


def taxonomy_terms_visible(*, library: Library, kind: str) -> QuerySet[TaxonomyTerm]:
    """Terms of the shared taxonomies and the library's own, of one kind (topics, life domains)."""
    return TaxonomyTerm.objects.filter(
        Q(taxonomy_detail__library__isnull=True) | Q(taxonomy_detail__library=library),
        taxonomy_detail__kind=kind,
    )


def taxonomy_term_choices(*, library: Library, kind: str) -> list[tuple[str, str]]:
    """(id, label) with each child term right under its parent, marked by a dash."""
    terms = list(taxonomy_terms_visible(library=library, kind=kind).order_by("name"))
    children: dict[UUID | None, list[TaxonomyTerm]] = {}
    ids = {term.pk for term in terms}
    for term in terms:
        parent = term.parent_id if term.parent_id in ids else None
        children.setdefault(parent, []).append(term)
    choices: list[tuple[str, str]] = []

    def walk(parent: UUID | None, depth: int) -> None:
        for term in children.get(parent, []):
            choices.append((str(term.pk), "– " * depth + term.name))
            if depth < 5:
                walk(term.pk, depth + 1)

    walk(None, 0)
    return choices


def taxonomy_term_descendant_ids(*, term_id: UUID) -> set[UUID]:
    found = {term_id}
    frontier = {term_id}
    while frontier:
        frontier = (
            set(TaxonomyTerm.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= frontier
    return found


def neighbourhood_choices(*, library: Library) -> list[tuple[str, str]]:
    neighbourhoods = Neighbourhood.objects.for_library(library).order_by("name")
    return [(str(n.pk), n.name) for n in neighbourhoods]


def _with_term(queryset: QuerySet[Service], term_id: UUID) -> QuerySet[Service]:
    term_ids = taxonomy_term_descendant_ids(term_id=term_id)
    linked = Attribute.objects.filter(link_entity="service", taxonomy_term_id__in=term_ids)
    return queryset.filter(id__in=linked.values("link_id"))


def _in_neighbourhood(queryset: QuerySet[Service], neighbourhood: Neighbourhood):
    family = neighbourhood_family_ids(neighbourhood)
    located = ServiceAtLocation.objects.filter(location__neighbourhood_id__in=family)
    covered = ServiceArea.objects.filter(neighbourhoods__in=family)
    return queryset.filter(
        Q(id__in=located.values("service_id")) | Q(id__in=covered.values("service_id"))
    )


def _for_age(queryset: QuerySet[Service], age: int) -> QuerySet[Service]:
    return queryset.filter(
        Q(minimum_age__isnull=True) | Q(minimum_age__lte=age),
        Q(maximum_age__isnull=True) | Q(maximum_age__gte=age),
    )


def _on_day(queryset: QuerySet[Service], day: str, today: datetime.date) -> QuerySet[Service]:
    current = Schedule.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        Q(until__isnull=True) | Q(until__gte=today),
        Q(byday__contains=day) | Q(freq__iexact="DAILY"),
    )
    return queryset.filter(
        Q(id__in=current.filter(service__isnull=False).values("service_id"))
        | Q(
            id__in=current.filter(service_at_location__isnull=False).values(
                "service_at_location__service_id"
            )
        )
    )


def service_list_public(
    *,
    library: Library,
    query: str = "",
    topic_id: UUID | None = None,
    life_domain_id: UUID | None = None,
    neighbourhood: Neighbourhood | None = None,
    age: int | None = None,
    day: str = "",
) -> QuerySet[Service] | ServiceSearch:
    """Listed services of a library, filtered, best search match first (else by name).

    With searchable words, a `ServiceSearch`: Django's Paginator pages it as it pages a queryset.
    """
    services = Service.objects.for_library(library).filter(status__in=LISTED_STATUSES)
    for term_id in (topic_id, life_domain_id):
        if term_id:
            services = _with_term(services, term_id)
    if neighbourhood is not None:
        services = _in_neighbourhood(services, neighbourhood)
    if age is not None:
        services = _for_age(services, age)
    if day:
        services = _on_day(services, day, timezone.localdate())
    services = services.select_related("organization").prefetch_related(
        "schedules__exceptions",
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                "schedules__exceptions"
            ),
        ),
    )
    search = ServiceSearch(query, library=library, services=services)
    if search.searchable:
        return search
    return services.order_by("name", "id")


def _contacts(professional: bool) -> QuerySet[Contact]:
    contacts = Contact.objects.prefetch_related(
        Prefetch("phones", queryset=phones_shown(professional))
    )
    return contacts if professional else contacts.filter(professionals_only=False)


def phones_shown(professional: bool) -> QuerySet[Phone]:
    """Phone numbers as a page shows them: for residents, never the professionals-only ones."""
    phones = Phone.objects.order_by("professionals_only", "number")
    return phones if professional else phones.filter(professionals_only=False)


def _location_prefetches(prefix: str, professional: bool) -> list:
    return [
        f"{prefix}addresses",
        f"{prefix}schedules",
        f"{prefix}accessibility",
        f"{prefix}languages",
        Prefetch(f"{prefix}phones", queryset=phones_shown(professional)),
    ]


def service_get_public(*, library: Library, pk: UUID, professional: bool) -> Service:
    """One service with everything its page shows; professionals-only details only if asked."""
    return (
        Service.objects.for_library(library)
        .select_related("organization")
        .prefetch_related(
            "schedules__exceptions",
            "languages",
            "cost_options",
            "required_documents",
            "service_areas",
            Prefetch("phones", queryset=phones_shown(professional)),
            Prefetch("contacts", queryset=_contacts(professional)),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                    "schedules__exceptions",
                    Prefetch("phones", queryset=phones_shown(professional)),
                ),
            ),
            *_location_prefetches("service_at_locations__location__", professional),
        )
        .get(pk=pk)
    )


def service_taxonomy_terms(*, service: Service) -> list[TaxonomyTerm]:
    """The terms the service is classified with (through its attributes), by name."""
    return list(
        TaxonomyTerm.objects.filter(
            attributes__link_entity="service", attributes__link_id=service.pk
        )
        .select_related("taxonomy_detail")
        .distinct()
        .order_by("name")
    )


def organization_get_public(*, library: Library, pk: UUID, professional: bool) -> Organization:
    return (
        Organization.objects.for_library(library)
        .prefetch_related(
            Prefetch("phones", queryset=phones_shown(professional)),
            Prefetch("contacts", queryset=_contacts(professional)),
            Prefetch(
                "services",
                queryset=Service.objects.filter(status__in=LISTED_STATUSES).order_by("name"),
            ),
            "locations",
            *_location_prefetches("locations__", professional),
        )
        .get(pk=pk)
    )


def public_places(library) -> list[str]:
    """The street addresses of the library's social map ("Dorpsplein 1"): public buildings,
    which the personal-data guard does not take for a resident's address."""
    return list(
        Address.objects.filter(location__in=Location.objects.for_library(library))
        .exclude(address_1="")
        .values_list("address_1", flat=True)
        .distinct()
    )


def public_names(library) -> list[str]:
    """The names of the library's organisations and locations ("Stichting Willem de Zwijger"),
    which the personal-data guard does not take for a person's name."""
    organizations = Organization.objects.for_library(library).values_list("name", flat=True)
    locations = Location.objects.for_library(library).exclude(name="")
    return [*organizations, *locations.values_list("name", flat=True)]


def public_phone_numbers(library) -> list[str]:
    """The phone numbers on the library's social map: an organisation's, never a resident's,
    so the personal-data guard lets a desk note name them ("Schuldhulp gebeld, 0570 612345")."""
    organizations = Organization.objects.for_library(library)
    services = Service.objects.for_library(library)
    return list(
        Phone.objects.filter(
            Q(organization__in=organizations)
            | Q(service__in=services)
            | Q(location__in=Location.objects.for_library(library))
            | Q(contact__organization__in=organizations)
            | Q(service_at_location__service__in=services)
        ).values_list("number", flat=True)
    )


@dataclass(frozen=True)
class LibraryDesk:
    """The library's own information point: where residents go when the map has no answer."""

    branch: Branch
    phone: str
    # A service of the library's own organisation, for "Bel mij terug" on its page.
    service: Service | None


def library_desk(*, library: Library) -> LibraryDesk | None:
    """The first active branch with a place on the map, its public phone and own service."""
    branch = (
        Branch.objects.for_library(library)
        .filter(is_active=True, location__isnull=False)
        .select_related("location__organization")
        .order_by("pk")
        .first()
    )
    if branch is None or branch.location is None:
        return None
    location = branch.location
    if location.organization_id is None:
        return LibraryDesk(branch=branch, phone="", service=None)
    phone = (
        Phone.objects.filter(professionals_only=False)
        .filter(Q(location=location) | Q(organization_id=location.organization_id))
        .order_by("organization_id", "number")
        .values_list("number", flat=True)
        .first()
    )
    service = (
        Service.objects.filter(organization_id=location.organization_id, status__in=LISTED_STATUSES)
        .select_related("organization", "library")
        .order_by("name")
        .first()
    )
    return LibraryDesk(branch=branch, phone=phone or "", service=service)


def search_reasons(*, search: ServiceSearch, services: list[Service]) -> dict[UUID, list[str]]:
    """Per service, the concepts of the query that it matched (for desk workers)."""
    concepts = search.concepts
    if not concepts or not services:
        return {}
    terms: dict[UUID, list[str]] = {}
    rows = Attribute.objects.filter(
        link_entity="service", link_id__in=[service.pk for service in services]
    ).values_list("link_id", "taxonomy_term__name")
    for link_id, name in rows:
        terms.setdefault(link_id, []).append(name or "")
    reasons = {}
    for service in services:
        words = text.tokens(
            " ".join([service.name, service.alternate_name, service.description])
            + " "
            + " ".join(terms.get(service.pk, []))
        )
        stems = {text.stem(word) for word in words}
        reasons[service.pk] = [concept.label for concept in concepts if _mentions(concept, stems)]
    return reasons


def _mentions(concept: Concept, stems: set[str]) -> bool:
    for alternative in concept.words:
        wanted = [text.stem(word) for word in text.query_tokens(alternative)]
        if wanted and all(any(s.startswith(w) for s in stems) for w in wanted):
            return True
    return False


def service_ids_with_terms(*, service_ids: Iterable, term_ids: Iterable) -> set:
    """Those of the services linked to any of the terms, or to a narrower term of one."""
    term_ids = list(term_ids)
    if not term_ids:
        return set()
    narrower = TaxonomyTerm.objects.filter(parent_id__in=term_ids).values_list("pk", flat=True)
    return set(
        Attribute.objects.filter(
            link_entity="service",
            link_id__in=list(service_ids),
            taxonomy_term_id__in=[*term_ids, *narrower],
        ).values_list("link_id", flat=True)
    )
