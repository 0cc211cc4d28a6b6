"""Model objects -> HSDS 3.0 dicts, shared by the read API and the JSON exporter.

Rules that keep an export lossless and valid against the compiled HSDS schemas:
- optional fields that are empty ("" or None) are left out; required fields are always written;
- dates are YYYY-MM-DD, times HH:MM:SS, last_modified ISO 8601 in UTC with "Z";
- decimals become numbers (int when whole);
- public=True leaves out professionals-only contacts and phones (and the phones of such
  contacts); public=False keeps them and marks them with the Plein extension field
  "x_professionals_only": true, which the importer reads back.

Nested rows are loaded per batch by a _Tree: one query per relation for the whole batch, and
each distinct organization and location once (their dicts are shared where they recur).
Attributes and metadata are linked generically (Attribute.link_id, Metadata.resource_id): every
object dict is registered in the tree while it is built, and the tree then loads the attributes
and metadata of all registered ids in two queries. So `services_to_hsds` on a batch of services
costs about 35 queries, whatever the batch size.
"""

import datetime
import decimal
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db.models import QuerySet
from django.utils.functional import cached_property

from plein.socialmap.hsds.tables import TABLES_BY_NAME
from plein.socialmap.models import (
    Attribute,
    Contact,
    Location,
    Metadata,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


def _json_fields(table: str, *, keep: tuple[str, ...] = ()) -> tuple[str, ...]:
    """A table's HSDS columns as nested JSON writes them: without the links to its parent."""
    spec = TABLES_BY_NAME[table]
    return tuple(c for c in spec.columns if c not in spec.references or c in keep)


PROFESSIONALS_ONLY_FIELD = "x_professionals_only"
HSDS_VERSION = "3.0"

SERVICE_FIELDS = _json_fields("service", keep=("organization_id", "program_id"))
SERVICE_REQUIRED = ("id", "name", "status")
ORGANIZATION_FIELDS = _json_fields("organization", keep=("parent_organization_id",))
ORGANIZATION_REQUIRED = ("id", "name", "description")
LOCATION_FIELDS = _json_fields("location", keep=("organization_id",))
ADDRESS_FIELDS = _json_fields("address")
ADDRESS_REQUIRED = ADDRESS_FIELDS[:1] + (
    "address_1",
    "city",
    "state_province",
    "postal_code",
    "country",
    "address_type",
)
SCHEDULE_FIELDS = _json_fields("schedule")
PHONE_FIELDS = _json_fields("phone")
CONTACT_FIELDS = _json_fields("contact")
SERVICE_AREA_FIELDS = _json_fields("service_area")
LANGUAGE_FIELDS = _json_fields("language")
ACCESSIBILITY_FIELDS = _json_fields("accessibility")
COST_OPTION_FIELDS = _json_fields("cost_option")
FUNDING_FIELDS = _json_fields("funding")
REQUIRED_DOCUMENT_FIELDS = _json_fields("required_document")
PROGRAM_FIELDS = _json_fields("program", keep=("organization_id",))
PROGRAM_REQUIRED = ("id", "name", "description")
IDENTIFIER_FIELDS = _json_fields("organization_identifier")
IDENTIFIER_REQUIRED = ("id", "identifier_type", "identifier")
TAXONOMY_FIELDS = _json_fields("taxonomy")
TAXONOMY_REQUIRED = ("id", "name", "description")
TERM_FIELDS = ("id", "code", "name", "description", "parent_id", "taxonomy")
TERM_TAIL_FIELDS = ("language", "term_uri")
TERM_REQUIRED = ("id", "name", "description")
ATTRIBUTE_FIELDS = _json_fields("attribute", keep=("link_id", "taxonomy_term_id"))
METADATA_FIELDS = _json_fields("metadata", keep=("resource_id",))
# Enough ids per attribute/metadata query to keep queries few, few enough for any database.
GENERIC_BATCH = 2000


def hsds_value(value):
    """One model value as JSON: str ids, ISO dates, HH:MM:SS times, UTC "Z" datetimes."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        timespec = "seconds" if not value.microsecond else "milliseconds"
        if value.microsecond % 1000:
            timespec = "microseconds"
        return value.replace(tzinfo=None).isoformat(timespec=timespec) + "Z"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    return value


def _fields(obj, names: Iterable[str], required: Iterable[str] = ("id",)) -> dict:
    data = {}
    for name in names:
        value = getattr(obj, name)
        if (value is None or value == "") and name not in required:
            continue
        data[name] = hsds_value(value) if value is not None else ""
    return data


class _Tree:
    """The dicts of one serialization run, so generic attributes/metadata load in bulk."""

    def __init__(self, *, public: bool):
        self.public = public
        self.nodes: dict[uuid.UUID, list[dict]] = defaultdict(list)
        # Organizations and locations recur across a batch of services: each is loaded and
        # serialized once per tree, and the same dict is used wherever it appears.
        self.organizations: dict[uuid.UUID, Organization] = {}
        self.locations: dict[uuid.UUID, Location] = {}
        self.dicts: dict[tuple[str, uuid.UUID], dict] = {}
        self.children: dict[tuple[str, uuid.UUID], list] = {}

    def load(self, model, objs: Iterable, spec: dict) -> None:
        """Fetch the related rows of `spec` for objs: one query per relation, not per object.

        Django's prefetch_related builds a manager per object and relation, which costs more
        than the query itself for thousands of small rows; here rows are grouped in dicts.
        Forward foreign keys (a service's organization, a SAL's location) are skipped here;
        load_services and load_locations fetch each distinct one once.
        """
        parents = list({obj.pk: obj for obj in objs})
        if not parents:
            return
        for name, subtree in spec.items():
            field = model._meta.get_field(name)
            if field.many_to_one or field.one_to_one:
                continue
            related, fk = field.related_model, field.field.attname
            rows: list = []
            for start in range(0, len(parents), GENERIC_BATCH):
                queryset = related.objects.filter(
                    **{f"{fk}__in": parents[start : start + GENERIC_BATCH]}
                )
                if self.public and related in (Contact, Phone):
                    queryset = queryset.filter(professionals_only=False)
                rows.extend(queryset.order_by("pk"))
            grouped: dict = defaultdict(list)
            for row in rows:
                grouped[getattr(row, fk)].append(row)
            for pk in parents:
                self.children[(name, pk)] = grouped.get(pk, [])
            self.load(related, rows, subtree)

    def rows(self, obj, name: str) -> list:
        """The loaded related rows of obj, or the database's when they were not loaded."""
        found = self.children.get((name, obj.pk))
        return list(getattr(obj, name).all()) if found is None else found

    def load_services(self, services: list[Service], *, with_locations: bool = True) -> None:
        spec = {k: v for k, v in SERVICE_TREE.items() if k != "organization"}
        if not with_locations:
            del spec["service_at_locations"]
        self.load(Service, services, spec)
        org_ids = {service.organization_id for service in services} - self.organizations.keys()
        self.use_organizations(list(Organization.objects.filter(pk__in=org_ids)))
        location_ids = (
            {
                sal.location_id
                for service in services
                for sal in self.rows(service, "service_at_locations")
            }
            if with_locations
            else set()
        )
        self.load_locations(location_ids)

    def use_organizations(self, orgs: list[Organization]) -> None:
        self.load(Organization, orgs, ORGANIZATION_TREE)
        for org in orgs:
            self.organizations[org.pk] = org
            self.locations.update((loc.pk, loc) for loc in self.rows(org, "locations"))

    def load_locations(self, location_ids: set) -> None:
        if missing := set(location_ids) - self.locations.keys():
            rows = list(Location.objects.filter(pk__in=missing))
            self.load(Location, rows, LOCATION_TREE)
            self.locations.update((location.pk, location) for location in rows)

    def once(self, kind: str, obj, build) -> dict:
        key = (kind, obj.pk)
        if key not in self.dicts:
            self.dicts[key] = build()
        return self.dicts[key]

    def node(self, obj, data: dict) -> dict:
        self.nodes[obj.pk].append(data)
        return data

    def visible(self, rows: Iterable) -> list:
        """The contacts or phones the reader may see."""
        if not self.public:
            return list(rows)
        return [row for row in rows if not row.professionals_only and not self._secret_owner(row)]

    def _secret_owner(self, row) -> bool:
        # A phone of a professionals-only contact stays hidden wherever else it is linked.
        contact_id = getattr(row, "contact_id", None)
        return contact_id is not None and contact_id in self.hidden_contacts

    @cached_property
    def hidden_contacts(self) -> set[uuid.UUID]:
        return set(Contact.objects.filter(professionals_only=True).values_list("id", flat=True))

    def mark(self, obj, data: dict) -> dict:
        if not self.public and obj.professionals_only:
            data[PROFESSIONALS_ONLY_FIELD] = True
        return data

    def attach_generic(self) -> None:
        ids = list(self.nodes)
        attributes: dict[uuid.UUID, list[dict]] = defaultdict(list)
        metadata: dict[uuid.UUID, list[dict]] = defaultdict(list)
        # A few terms recur across many attributes: each is serialized once per tree.
        terms: dict[uuid.UUID, dict] = {}
        for start in range(0, len(ids), GENERIC_BATCH):
            batch = ids[start : start + GENERIC_BATCH]
            for attribute in (
                Attribute.objects.filter(link_id__in=batch)
                .select_related("taxonomy_term__taxonomy_detail")
                .order_by("id")
            ):
                attributes[attribute.link_id].append(_attribute(attribute, terms))
            for row in Metadata.objects.filter(resource_id__in=batch).order_by(
                "last_action_date", "id"
            ):
                metadata[row.resource_id].append(_fields(row, METADATA_FIELDS, METADATA_FIELDS))
        for obj_id, dicts in self.nodes.items():
            for data in dicts:
                if attributes.get(obj_id):
                    data["attributes"] = attributes[obj_id]
                if metadata.get(obj_id):
                    data["metadata"] = metadata[obj_id]


def _put(data: dict, key: str, items: list) -> None:
    if items:
        data[key] = items


# -- small objects -------------------------------------------------------------------------


def _attribute(attribute: Attribute, terms: dict[uuid.UUID, dict]) -> dict:
    data = _fields(attribute, ATTRIBUTE_FIELDS)
    term_id = attribute.taxonomy_term_id
    if term_id not in terms:
        terms[term_id] = taxonomy_term_to_hsds(attribute.taxonomy_term)
    data["taxonomy_term"] = terms[term_id]
    return data


def _language(tree: _Tree, language) -> dict:
    return tree.node(language, _fields(language, LANGUAGE_FIELDS))


def _languages(tree: _Tree, owner) -> list[dict]:
    return [_language(tree, language) for language in tree.rows(owner, "languages")]


def _phone(tree: _Tree, phone: Phone) -> dict:
    data = tree.node(phone, _fields(phone, PHONE_FIELDS, ("id", "number")))
    _put(data, "languages", _languages(tree, phone))
    return tree.mark(phone, data)


def _phones(tree: _Tree, owner) -> list[dict]:
    return [_phone(tree, phone) for phone in tree.visible(tree.rows(owner, "phones"))]


def _contact(tree: _Tree, contact: Contact) -> dict:
    data = tree.node(contact, _fields(contact, CONTACT_FIELDS))
    _put(data, "phones", _phones(tree, contact))
    return tree.mark(contact, data)


def _contacts(tree: _Tree, owner) -> list[dict]:
    return [_contact(tree, contact) for contact in tree.visible(tree.rows(owner, "contacts"))]


def _simple(tree: _Tree, owner, name: str, names, required=("id",)) -> list[dict]:
    return [tree.node(row, _fields(row, names, required)) for row in tree.rows(owner, name)]


def _location(tree: _Tree, location: Location, *, nested: bool = True) -> dict:
    if not nested:
        return tree.node(location, _fields(location, LOCATION_FIELDS, ("id", "location_type")))
    location = tree.locations.get(location.pk, location)
    return tree.once("location", location, lambda: _location_nested(tree, location))


def _location_nested(tree: _Tree, location: Location) -> dict:
    data = tree.node(location, _fields(location, LOCATION_FIELDS, ("id", "location_type")))
    _put(data, "languages", _languages(tree, location))
    _put(data, "addresses", _simple(tree, location, "addresses", ADDRESS_FIELDS, ADDRESS_REQUIRED))
    _put(data, "contacts", _contacts(tree, location))
    _put(data, "accessibility", _simple(tree, location, "accessibility", ACCESSIBILITY_FIELDS))
    _put(data, "phones", _phones(tree, location))
    _put(data, "schedules", _simple(tree, location, "schedules", SCHEDULE_FIELDS))
    return data


def _program(tree: _Tree, program) -> dict:
    return tree.node(program, _fields(program, PROGRAM_FIELDS, PROGRAM_REQUIRED))


def _organization(tree: _Tree, org: Organization, *, nested: bool = True) -> dict:
    if not nested:
        return tree.node(org, _fields(org, ORGANIZATION_FIELDS, ORGANIZATION_REQUIRED))
    org = tree.organizations.get(org.pk, org)
    return tree.once("organization", org, lambda: _organization_nested(tree, org))


def _organization_nested(tree: _Tree, org: Organization) -> dict:
    data = tree.node(org, _fields(org, ORGANIZATION_FIELDS, ORGANIZATION_REQUIRED))
    _put(data, "funding", _simple(tree, org, "funding", FUNDING_FIELDS))
    _put(data, "contacts", _contacts(tree, org))
    _put(data, "phones", _phones(tree, org))
    _put(data, "locations", [_location(tree, loc) for loc in tree.rows(org, "locations")])
    _put(data, "programs", [_program(tree, program) for program in tree.rows(org, "programs")])
    identifiers = _simple(
        tree, org, "organization_identifiers", IDENTIFIER_FIELDS, IDENTIFIER_REQUIRED
    )
    _put(data, "organization_identifiers", identifiers)
    return data


def _service_at_location(tree: _Tree, sal: ServiceAtLocation, *, ids: bool = False) -> dict:
    names = ("id", "service_id", "location_id", "description") if ids else ("id", "description")
    data = tree.node(sal, _fields(sal, names))
    _put(data, "contacts", _contacts(tree, sal))
    _put(data, "phones", _phones(tree, sal))
    _put(data, "schedules", _simple(tree, sal, "schedules", SCHEDULE_FIELDS))
    location = tree.locations.get(sal.location_id) or sal.location
    data["location"] = _location(tree, location)
    return data


def _service(
    tree: _Tree,
    service: Service,
    *,
    nested: bool = True,
    with_locations: bool = True,
    with_organization: bool = True,
) -> dict:
    data = tree.node(service, _fields(service, SERVICE_FIELDS, SERVICE_REQUIRED))
    if not nested:
        data["organization"] = _organization(tree, service.organization, nested=False)
        if service.program is not None:
            data["program"] = _program(tree, service.program)
        return data
    _put(data, "phones", _phones(tree, service))
    _put(data, "schedules", _simple(tree, service, "schedules", SCHEDULE_FIELDS))
    _put(data, "service_areas", _simple(tree, service, "service_areas", SERVICE_AREA_FIELDS))
    if with_locations:
        sals = tree.rows(service, "service_at_locations")
        _put(data, "service_at_locations", [_service_at_location(tree, sal) for sal in sals])
    _put(data, "languages", _languages(tree, service))
    if with_organization:
        org = tree.organizations.get(service.organization_id) or service.organization
        data["organization"] = _organization(tree, org)
    _put(data, "funding", _simple(tree, service, "funding", FUNDING_FIELDS))
    _put(data, "cost_options", _simple(tree, service, "cost_options", COST_OPTION_FIELDS))
    if service.program is not None:
        data["program"] = _program(tree, service.program)
    documents = _simple(tree, service, "required_documents", REQUIRED_DOCUMENT_FIELDS)
    _put(data, "required_documents", documents)
    _put(data, "contacts", _contacts(tree, service))
    return data


def _service_minimal(service: Service) -> dict:
    return _fields(service, ("id", "name", "status", "last_modified"), SERVICE_REQUIRED)


# -- public interface ----------------------------------------------------------------------


def services_to_hsds(
    services: Iterable[Service], *, public: bool = True, minimal: bool = False, full: bool = True
) -> list[dict]:
    """A batch of services: fully nested, or (full=False) the one-to-one list form."""
    if minimal:
        return [_service_minimal(service) for service in services]
    services = list(services)
    tree = _Tree(public=public)
    if full:
        tree.load_services(services)
    result = [_service(tree, service, nested=full) for service in services]
    tree.attach_generic()
    return result


def service_to_hsds(service: Service, *, public: bool = True, minimal: bool = False) -> dict:
    """The fully nested service as in the HSDS example service_full.json."""
    return services_to_hsds([service], public=public, minimal=minimal)[0]


def service_list_item_to_hsds(service: Service) -> dict:
    """The one-to-one form of /services lists: own fields plus organization and program."""
    return services_to_hsds([service], full=False)[0]


def iter_services_hsds(
    queryset: QuerySet, *, public: bool = True, minimal: bool = False, chunk_size: int = 500
) -> Iterator[dict]:
    """Stream full services in chunks: memory stays flat however many services there are."""
    if not minimal:
        queryset = prefetch_services(queryset, public=public)
    rows = queryset.iterator(chunk_size=chunk_size)
    while batch := list(islice(rows, chunk_size)):
        yield from services_to_hsds(batch, public=public, minimal=minimal)


def organizations_to_hsds(
    orgs: Iterable[Organization],
    *,
    public: bool = True,
    nested: bool = True,
    services: str = "none",
) -> list[dict]:
    """Organizations; services="list" adds their services in list form, "full" fully nested.

    The organizations' `services` are read from `org.hsds_services` when the caller prefetched
    that (to limit them, e.g. to active services), else from `org.services.all()`.
    """
    orgs = list(orgs)
    tree = _Tree(public=public)
    if nested:
        tree.use_organizations(orgs)
    if services == "full":
        tree.load_services(
            [row for org in orgs for row in getattr(org, "hsds_services", org.services.all())]
        )
    result = []
    for org in orgs:
        data = _organization(tree, org, nested=nested)
        if services != "none":
            rows = getattr(org, "hsds_services", None)
            rows = org.services.all() if rows is None else rows
            if services == "full":
                items = [_service(tree, row, with_organization=False) for row in rows]
            else:
                items = [
                    tree.node(row, _fields(row, SERVICE_FIELDS, SERVICE_REQUIRED)) for row in rows
                ]
            data["services"] = items
        result.append(data)
    tree.attach_generic()
    return result


def organization_to_hsds(org: Organization, *, public: bool = True, services: str = "list") -> dict:
    """The fully nested organization, with its services (see organizations_to_hsds)."""
    return organizations_to_hsds([org], public=public, services=services)[0]


def service_at_locations_to_hsds(
    sals: Iterable[ServiceAtLocation], *, public: bool = True, full: bool = True
) -> list[dict]:
    sals = list(sals)
    tree = _Tree(public=public)
    if full:
        sal_spec = {k: v for k, v in SERVICE_AT_LOCATION_TREE.items() if k != "location"}
        tree.load(ServiceAtLocation, sals, sal_spec)
        tree.load_services([sal.service for sal in sals], with_locations=False)
        tree.load_locations({sal.location_id for sal in sals})
    result = []
    for sal in sals:
        if full:
            data = _service_at_location(tree, sal, ids=True)
            data["service"] = _service(tree, sal.service, with_locations=False)
        else:
            data = tree.node(sal, _fields(sal, ("id", "service_id", "location_id", "description")))
            data["location"] = _location(tree, sal.location, nested=False)
            data["service"] = _service(tree, sal.service, nested=False)
        result.append(data)
    tree.attach_generic()
    return result


def service_at_location_to_hsds(sal: ServiceAtLocation, *, public: bool = True) -> dict:
    return service_at_locations_to_hsds([sal], public=public)[0]


def taxonomy_to_hsds(taxonomy: Taxonomy) -> dict:
    return _fields(taxonomy, TAXONOMY_FIELDS, TAXONOMY_REQUIRED)


def taxonomy_term_to_hsds(term: TaxonomyTerm) -> dict:
    data = _fields(term, TERM_FIELDS, TERM_REQUIRED)
    detail = term.taxonomy_detail
    if detail is not None:
        data["taxonomy_detail"] = taxonomy_to_hsds(detail)
        data["taxonomy_id"] = str(detail.pk)
    data.update(_fields(term, TERM_TAIL_FIELDS, ()))
    return data


# -- what nests in what, and what the querysets need ---------------------------------------

PHONE_TREE: dict = {"languages": {}}
CONTACT_TREE: dict = {"phones": PHONE_TREE}
LOCATION_TREE: dict = {
    "languages": {},
    "addresses": {},
    "contacts": CONTACT_TREE,
    "accessibility": {},
    "phones": PHONE_TREE,
    "schedules": {},
}
SERVICE_AT_LOCATION_TREE: dict = {
    "contacts": CONTACT_TREE,
    "phones": PHONE_TREE,
    "schedules": {},
    "location": LOCATION_TREE,
}
ORGANIZATION_TREE: dict = {
    "funding": {},
    "contacts": CONTACT_TREE,
    "phones": PHONE_TREE,
    "locations": LOCATION_TREE,
    "programs": {},
    "organization_identifiers": {},
}
SERVICE_TREE: dict = {
    "phones": PHONE_TREE,
    "schedules": {},
    "service_areas": {},
    "service_at_locations": SERVICE_AT_LOCATION_TREE,
    "languages": {},
    "funding": {},
    "cost_options": {},
    "required_documents": {},
    "contacts": CONTACT_TREE,
    "organization": ORGANIZATION_TREE,
}


def prefetch_services(queryset: QuerySet, *, public: bool = True) -> QuerySet:
    """What services_to_hsds needs on the queryset itself; it loads nested rows per batch."""
    return queryset.select_related("program")


def prefetch_organizations(queryset: QuerySet, *, public: bool = True) -> QuerySet:
    """Organizations need nothing extra: organizations_to_hsds loads nested rows per batch."""
    return queryset


def prefetch_service_at_locations(queryset: QuerySet, *, public: bool = True) -> QuerySet:
    return queryset.select_related("location", "service__organization", "service__program")


def locations_to_hsds(
    locations: Iterable[Location], *, public: bool = True, full: bool = True
) -> list[dict]:
    """Locations on their own (HSDS location.json), fully nested or only their own fields."""
    locations = list(locations)
    tree = _Tree(public=public)
    if full:
        tree.load_locations({location.pk for location in locations})
    result = [_location(tree, location, nested=full) for location in locations]
    tree.attach_generic()
    return result
