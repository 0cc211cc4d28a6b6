"""Export a library's social map as HSDS 3.0: a Tabular Data Package or a JSON list of services.

Both stream: rows are read from the database in chunks and written as they come, so memory
stays flat however large the social map is. With public=True professionals-only contacts and
phones (and what hangs off them) are left out; without it they are written with Plein's
extension field x_professionals_only, which the importer reads back.
"""

import csv
import datetime
import decimal
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from plein.core.csvsafe import cell_safe
from plein.core.models import Library
from plein.socialmap.hsds.serialize import hsds_value, iter_services_hsds
from plein.socialmap.hsds.tables import TABLES, TABLES_BY_NAME, Table
from plein.socialmap.models import (
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
    Taxonomy,
)

CHUNK_SIZE = 2000
OUT_NOT_EMPTY = gettext_noop(
    "De map {path} bestaat al en is niet leeg; kies een nieuwe of lege map."
)
OUT_IS_FILE = gettext_noop("{path} is een bestand; voor CSV is een map nodig.")
OUT_IS_DIR = gettext_noop(
    "{path} is een map; voor JSON is een bestandsnaam nodig (bijvoorbeeld diensten.json)."
)

FIELD_TYPES = {
    "UUIDField": ("string", "uuid"),
    "ForeignKey": ("string", "uuid"),
    "IntegerField": ("integer", None),
    "PositiveIntegerField": ("integer", None),
    "PositiveSmallIntegerField": ("integer", None),
    "DecimalField": ("number", None),
    "DateField": ("date", None),
    "DateTimeField": ("datetime", None),
    "TimeField": ("time", None),
    "BooleanField": ("boolean", None),
}


class HsdsExportError(Exception):
    pass


def hsds_export_csv(*, library: Library, out: Path, public: bool = False) -> dict[str, int]:
    """Write a datapackage folder; returns the number of rows per table."""
    out = Path(out)
    if out.is_file():
        raise HsdsExportError(_(OUT_IS_FILE).format(path=out))
    if out.is_dir() and any(out.iterdir()):
        raise HsdsExportError(_(OUT_NOT_EMPTY).format(path=out))
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in TABLES:
        columns = table.columns if public else table.all_columns
        with (out / table.filename).open("w", encoding="utf-8", newline="") as handle:
            counts[table.name] = write_table_csv(
                handle, table, columns, export_queryset(table, library=library, public=public)
            )
    descriptor = datapackage_descriptor(library=library, public=public)
    (out / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return counts


def hsds_export_json(*, library: Library, out: Path | TextIO, public: bool = False) -> int:
    """Write a JSON list of fully nested services; returns how many."""
    if isinstance(out, str | Path):
        out = Path(out)
        if out.is_dir():
            raise HsdsExportError(_(OUT_IS_DIR).format(path=out))
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as handle:
            return write_services_json(handle, library=library, public=public)
    return write_services_json(out, library=library, public=public)


def write_services_json(handle: TextIO, *, library: Library, public: bool) -> int:
    """The services, fully nested; then, in HSDS's tabular JSON form, what no service carries.

    A list of services alone would lose rows that hang off no service (a parent term that is
    only a parent, an organization without services, table descriptions); in the full export
    (public=False) those follow as one last item {"taxonomy_terms.csv": [rows], ...}, so the
    JSON route is as lossless as the CSV one.
    """
    services = Service.objects.filter(library=library).order_by("pk")
    carried: set[int] = set()
    count = 0
    handle.write("[")
    for service in iter_services_hsds(services, public=public):
        handle.write(",\n" if count else "\n")
        handle.write(json.dumps(service, ensure_ascii=False))
        _collect_ids(service, carried)
        count += 1
    # A public export is a plain list of services for other consumers; the full one is for a
    # lossless move to another installation.
    rest = {} if public else uncarried_rows(library=library, carried=carried)
    if rest:
        handle.write(",\n" if count else "\n")
        handle.write(json.dumps(rest, ensure_ascii=False))
    handle.write("\n]\n" if count or rest else "]\n")
    return count


def _collect_ids(data, ids: set[int]) -> None:
    """The ids (as uuid ints) of every object nested in data."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            object_id = value.get("id")
            if isinstance(object_id, str):
                ids.add(uuid.UUID(object_id).int)
            pending.extend(v for v in value.values() if isinstance(v, dict | list))
        elif isinstance(value, list):
            pending.extend(value)


def uncarried_rows(*, library: Library, carried: set[int]) -> dict[str, list]:
    """Per CSV file name, the library's rows (as flat HSDS rows) whose id is not in carried."""
    rest: dict[str, list] = {}
    for table in TABLES:
        columns = table.all_columns
        attnames = [table.attname(column) for column in columns]
        queryset = export_queryset(table, library=library, public=False)
        for row in queryset.values_list(*attnames).iterator(chunk_size=CHUNK_SIZE):
            if row[0].int in carried:
                continue
            rest.setdefault(table.filename, []).append(
                {c: hsds_value(v) for c, v in zip(columns, row, strict=True) if v not in (None, "")}
            )
    return rest


def write_table_csv(handle: TextIO, table: Table, columns: tuple, queryset: QuerySet) -> int:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    attnames = [table.attname(column) for column in columns]
    count = 0
    for row in queryset.values_list(*attnames).iterator(chunk_size=CHUNK_SIZE):
        writer.writerow([cell_safe(csv_value(value)) for value in row])
        count += 1
    return count


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="milliseconds") + "Z"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    return str(value)


# -- what belongs to a library -------------------------------------------------------------


def export_queryset(table: Table, *, library: Library, public: bool) -> QuerySet:
    """The rows of one table that belong to the library (and that the reader may see)."""
    queryset = table.model._default_manager.filter(_belongs_to(table, library)).order_by("pk")
    if public:
        queryset = queryset.exclude(_hidden(table))
    return queryset


def _belongs_to(table: Table, library: Library) -> Q:
    organizations = Organization.objects.filter(library=library).values("pk")
    services = Service.objects.filter(library=library).values("pk")
    locations = Location.objects.filter(library=library).values("pk")
    links = {
        "organization_id": organizations,
        "service_id": services,
        "location_id": locations,
        "service_at_location_id": ServiceAtLocation.objects.filter(service__library=library).values(
            "pk"
        ),
    }
    if table.name in ("taxonomy", "taxonomy_term"):
        return _taxonomy_rows(table, library)
    if "library" in table.owners:
        return Q(library=library)
    if table.name == "phone":
        contacts = Contact.objects.filter(_belongs_to(_table("contact"), library)).values("pk")
        links["contact_id"] = contacts
    if table.name == "language":
        phones = Phone.objects.filter(_belongs_to(_table("phone"), library)).values("pk")
        links["phone_id"] = phones
    query = Q(pk__in=[])
    for column in table.references:
        if column in links:
            query |= Q(**{f"{table.attname(column)}__in": links[column]})
    return query


def _taxonomy_rows(table: Table, library: Library) -> Q:
    """The library's own vocabularies plus the shared ones its attributes use."""
    used_terms = Attribute.objects.filter(library=library).values("taxonomy_term_id")
    shared = Taxonomy.objects.filter(library__isnull=True, terms__in=used_terms).values("pk")
    if table.name == "taxonomy":
        return Q(library=library) | Q(pk__in=shared)
    return Q(library=library) | Q(taxonomy_detail__in=shared) | Q(pk__in=used_terms)


def _hidden(table: Table) -> Q:
    """Professionals-only contacts and phones, and what only they carry."""
    hidden_contacts = Contact.objects.filter(professionals_only=True).values("pk")
    hidden_phones = Phone.objects.filter(
        Q(professionals_only=True) | Q(contact__professionals_only=True)
    ).values("pk")
    if table.name == "contact":
        return Q(professionals_only=True)
    if table.name == "phone":
        return Q(professionals_only=True) | Q(contact__professionals_only=True)
    if table.name == "language":
        return Q(phone__in=hidden_phones)
    if table.name == "attribute":
        return Q(link_id__in=hidden_contacts) | Q(link_id__in=hidden_phones)
    if table.name == "metadata":
        return Q(resource_id__in=hidden_contacts) | Q(resource_id__in=hidden_phones)
    return Q(pk__in=[])


def _table(name: str) -> Table:
    return TABLES_BY_NAME[name]


# -- datapackage.json ----------------------------------------------------------------------


def datapackage_descriptor(*, library: Library, public: bool) -> dict:
    return {
        "name": f"plein-{library.slug}",
        "title": _("Sociale kaart {library}").format(library=library.name),
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "resources": list(_resources(public=public)),
    }


def _resources(*, public: bool) -> Iterator[dict]:
    for table in TABLES:
        columns = table.columns if public else table.all_columns
        fields = []
        for column in columns:
            kind, fmt = FIELD_TYPES.get(
                table.model_field(column).get_internal_type(), ("string", None)
            )
            spec: dict[str, object] = {"name": column, "type": kind}
            if fmt:
                spec["format"] = fmt
            constraints: dict[str, object] = {"required": column in table.required}
            if column in table.enums:
                constraints["enum"] = list(table.enums[column])
            spec["constraints"] = constraints
            fields.append(spec)
        schema = {"fields": fields, "primaryKey": "id"}
        foreign_keys = [
            {"fields": column, "reference": {"resource": target, "fields": "id"}}
            for column, target in table.references.items()
        ]
        if foreign_keys:
            schema["foreignKeys"] = foreign_keys
        yield {
            "name": table.name,
            "path": table.filename,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }
