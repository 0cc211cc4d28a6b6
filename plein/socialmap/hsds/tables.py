"""The HSDS 3.0 tables as Plein stores them: shared by the importer and the CSV exporter.

Each table names its CSV file and columns (in the order of the official HSDS examples), the
model that holds it, the columns that must be filled, the references to other tables and the
paths from a row to the library that owns it (for tenancy checks and for export).
"""

from dataclasses import dataclass, field

from django.db import models

from plein.socialmap import models as m

PROFESSIONALS_ONLY_COLUMN = "x_professionals_only"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FREQUENCIES = ("WEEKLY", "MONTHLY")


@dataclass(frozen=True)
class Table:
    name: str
    filename: str
    model: type[models.Model]
    columns: tuple[str, ...]
    required: frozenset[str] = frozenset({"id"})
    # column -> name of the referenced table
    references: dict[str, str] = field(default_factory=dict)
    # column -> allowed values (upper- or lower-case as HSDS writes them)
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # paths from a row to a Library id; a row belongs to the library any of them names
    owners: tuple[str, ...] = ()
    # Plein's extension columns, read and (when not public) written after the HSDS ones
    extensions: tuple[str, ...] = ()
    # the model attribute a column is stored in, when it is not the column's own name
    attnames: dict[str, str] = field(default_factory=dict)
    # columns of a position: out of their model fields' range, all are left out with a warning
    coordinates: tuple[str, ...] = ()

    def attname(self, column: str) -> str:
        if column == PROFESSIONALS_ONLY_COLUMN:
            return "professionals_only"
        return self.attnames.get(column, column)

    @property
    def all_columns(self) -> tuple[str, ...]:
        return self.columns + self.extensions

    @property
    def self_references(self) -> tuple[str, ...]:
        return tuple(c for c, target in self.references.items() if target == self.name)

    def model_field(self, column: str) -> models.Field:
        attname = self.attname(column)
        for model_field in self.model._meta.concrete_fields:
            if model_field.attname == attname:
                return model_field
        raise KeyError(column)


_SERVICE_LIBRARY = ("service__library",)
_SAL_LIBRARY = ("service_at_location__service__library",)

# In import order: every table comes after the tables it refers to (except self-references).
TABLES: tuple[Table, ...] = (
    Table(
        "taxonomy",
        "taxonomies.csv",
        m.Taxonomy,
        ("id", "name", "description", "uri", "version"),
        required=frozenset({"id", "name", "description"}),
        owners=("library",),
    ),
    Table(
        "taxonomy_term",
        "taxonomy_terms.csv",
        m.TaxonomyTerm,
        (
            "id",
            "code",
            "name",
            "description",
            "parent_id",
            "taxonomy",
            "language",
            "taxonomy_id",
            "term_uri",
        ),
        required=frozenset({"id", "name", "description"}),
        references={"parent_id": "taxonomy_term", "taxonomy_id": "taxonomy"},
        owners=("library",),
        attnames={"taxonomy_id": "taxonomy_detail_id"},
    ),
    Table(
        "organization",
        "organizations.csv",
        m.Organization,
        (
            "id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "tax_status",
            "tax_id",
            "year_incorporated",
            "legal_status",
            "logo",
            "uri",
            "parent_organization_id",
        ),
        required=frozenset({"id", "name", "description"}),
        references={"parent_organization_id": "organization"},
        owners=("library",),
    ),
    Table(
        "program",
        "programs.csv",
        m.Program,
        ("id", "organization_id", "name", "alternate_name", "description"),
        required=frozenset({"id", "organization_id", "name", "description"}),
        references={"organization_id": "organization"},
        owners=("organization__library",),
    ),
    Table(
        "service",
        "services.csv",
        m.Service,
        (
            "id",
            "organization_id",
            "program_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "interpretation_services",
            "application_process",
            "fees_description",
            "wait_time",
            "fees",
            "accreditations",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "assurer_email",
            "licenses",
            "alert",
            "last_modified",
        ),
        required=frozenset({"id", "organization_id", "name", "status"}),
        references={"organization_id": "organization", "program_id": "program"},
        enums={"status": tuple(m.ServiceStatus.values)},
        owners=("library",),
    ),
    Table(
        "location",
        "locations.csv",
        m.Location,
        (
            "id",
            "location_type",
            "url",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "transportation",
            "latitude",
            "longitude",
            "external_identifier",
            "external_identifier_type",
        ),
        required=frozenset({"id", "location_type"}),
        references={"organization_id": "organization"},
        enums={"location_type": tuple(m.LocationType.values)},
        owners=("library",),
        coordinates=("latitude", "longitude"),
    ),
    Table(
        "service_at_location",
        "service_at_location.csv",
        m.ServiceAtLocation,
        ("id", "service_id", "location_id", "description"),
        required=frozenset({"id", "service_id", "location_id"}),
        references={"service_id": "service", "location_id": "location"},
        owners=("service__library", "location__library"),
    ),
    Table(
        "contact",
        "contacts.csv",
        m.Contact,
        (
            "id",
            "organization_id",
            "service_id",
            "service_at_location_id",
            "location_id",
            "name",
            "title",
            "department",
            "email",
        ),
        references={
            "organization_id": "organization",
            "service_id": "service",
            "service_at_location_id": "service_at_location",
            "location_id": "location",
        },
        owners=("organization__library", "service__library", "location__library", *_SAL_LIBRARY),
        extensions=(PROFESSIONALS_ONLY_COLUMN,),
    ),
    Table(
        "phone",
        "phones.csv",
        m.Phone,
        (
            "id",
            "location_id",
            "service_id",
            "organization_id",
            "contact_id",
            "service_at_location_id",
            "number",
            "extension",
            "type",
            "description",
        ),
        required=frozenset({"id", "number"}),
        references={
            "location_id": "location",
            "service_id": "service",
            "organization_id": "organization",
            "contact_id": "contact",
            "service_at_location_id": "service_at_location",
        },
        owners=(
            "location__library",
            "service__library",
            "organization__library",
            "contact__organization__library",
            "contact__service__library",
            *_SAL_LIBRARY,
        ),
        extensions=(PROFESSIONALS_ONLY_COLUMN,),
    ),
    Table(
        "address",
        "addresses.csv",
        m.Address,
        (
            "id",
            "location_id",
            "attention",
            "address_1",
            "address_2",
            "city",
            "region",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ),
        # HSDS also requires state_province; Dutch addresses seldom name the province.
        required=frozenset({"id", "address_1", "city", "postal_code", "country", "address_type"}),
        references={"location_id": "location"},
        enums={"address_type": tuple(m.LocationType.values)},
        owners=("location__library",),
    ),
    Table(
        "schedule",
        "schedules.csv",
        m.Schedule,
        (
            "id",
            "service_id",
            "location_id",
            "service_at_location_id",
            "valid_from",
            "valid_to",
            "dtstart",
            "timezone",
            "until",
            "count",
            "wkst",
            "freq",
            "interval",
            "byday",
            "byweekno",
            "bymonthday",
            "byyearday",
            "description",
            "opens_at",
            "closes_at",
            "schedule_link",
            "attending_type",
            "notes",
        ),
        references={
            "service_id": "service",
            "location_id": "location",
            "service_at_location_id": "service_at_location",
        },
        enums={"wkst": WEEKDAYS, "freq": FREQUENCIES},
        owners=("service__library", "location__library", *_SAL_LIBRARY),
    ),
    Table(
        "service_area",
        "service_areas.csv",
        m.ServiceArea,
        ("id", "service_id", "name", "description", "extent", "extent_type", "uri"),
        references={"service_id": "service"},
        owners=_SERVICE_LIBRARY,
    ),
    Table(
        "language",
        "languages.csv",
        m.Language,
        ("id", "service_id", "location_id", "phone_id", "name", "code", "note"),
        references={"service_id": "service", "location_id": "location", "phone_id": "phone"},
        owners=(
            "service__library",
            "location__library",
            "phone__service__library",
            "phone__location__library",
            "phone__organization__library",
        ),
    ),
    Table(
        "accessibility",
        "accessibility.csv",
        m.Accessibility,
        ("id", "location_id", "description", "details", "url"),
        references={"location_id": "location"},
        owners=("location__library",),
    ),
    Table(
        "cost_option",
        "cost_options.csv",
        m.CostOption,
        (
            "id",
            "service_id",
            "valid_from",
            "valid_to",
            "option",
            "currency",
            "amount",
            "amount_description",
        ),
        required=frozenset({"id", "service_id"}),
        references={"service_id": "service"},
        owners=_SERVICE_LIBRARY,
    ),
    Table(
        "funding",
        "funding.csv",
        m.Funding,
        ("id", "organization_id", "service_id", "source"),
        references={"organization_id": "organization", "service_id": "service"},
        owners=("organization__library", "service__library"),
    ),
    Table(
        "required_document",
        "required_documents.csv",
        m.RequiredDocument,
        ("id", "service_id", "document", "uri"),
        references={"service_id": "service"},
        owners=_SERVICE_LIBRARY,
    ),
    Table(
        "organization_identifier",
        "organization_identifiers.csv",
        m.OrganizationIdentifier,
        ("id", "organization_id", "identifier_scheme", "identifier_type", "identifier"),
        required=frozenset({"id", "organization_id", "identifier_type", "identifier"}),
        references={"organization_id": "organization"},
        owners=("organization__library",),
    ),
    Table(
        "attribute",
        "attributes.csv",
        m.Attribute,
        ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
        # HSDS requires link_entity; the ORUK profile leaves it out, so the importer finds it.
        required=frozenset({"id", "link_id", "taxonomy_term_id"}),
        references={"taxonomy_term_id": "taxonomy_term"},
        owners=("library",),
    ),
    Table(
        "metadata",
        "metadata.csv",
        m.Metadata,
        (
            "id",
            "resource_id",
            "resource_type",
            "last_action_date",
            "last_action_type",
            "field_name",
            "previous_value",
            "replacement_value",
            "updated_by",
        ),
        # HSDS requires previous_value and replacement_value too, but they may be empty.
        required=frozenset(
            {
                "id",
                "resource_id",
                "resource_type",
                "last_action_date",
                "last_action_type",
                "field_name",
                "updated_by",
            }
        ),
        owners=("library",),
    ),
    Table(
        "meta_table_description",
        "meta_table_descriptions.csv",
        m.MetaTableDescription,
        ("id", "name", "language", "character_set"),
        owners=("library",),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}
TABLES_BY_FILENAME: dict[str, Table] = {table.filename: table for table in TABLES}
# Tables whose rows carry a library of their own (the others belong to one through a parent).
LIBRARY_TABLES = frozenset(
    {"taxonomy", "taxonomy_term", "organization", "service", "location", "attribute", "metadata"}
    | {"meta_table_description"}
)
# Shared default taxonomies (library NULL) may be referred to by every library.
SHARED_TABLES = frozenset({"taxonomy", "taxonomy_term"})
