"""Where HSDS rows come from: a Tabular Data Package (folder or zip) or HSDS JSON.

A source yields, per table, rows as (where, values): `where` names the file and the line (CSV) or
the object path (JSON) in words an editor can follow; `values` maps HSDS column names to raw
values (strings from CSV, JSON values from JSON). Problems that stop reading are raised as
SourceError; problems with one object are reported through `problem` and reading goes on.
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from plein.core.csvsafe import cell_restored
from plein.socialmap.hsds.tables import TABLES_BY_FILENAME, TABLES_BY_NAME

# where: a str, or (file name, line number) for CSV, formatted only when a problem needs it
Row = tuple[str | tuple[str, int], dict]
Problem = Callable[[str, str, str], None]  # (where, field, message)

NOT_FOUND = gettext_noop("'{path}' bestaat niet.")
NOT_A_PACKAGE = gettext_noop(
    "'{path}' is geen datapakket: er staat geen datapackage.json in. Geef een map of zip met "
    "datapackage.json en de CSV-bestanden, of een HSDS JSON-bestand."
)
UNKNOWN_KIND = gettext_noop(
    "'{path}' kan niet worden ingelezen: geef een map of .zip met datapackage.json, of een "
    ".json-bestand."
)
BAD_ZIP = gettext_noop("{name} is geen geldig zip-bestand.")
EMPTY_FILE = gettext_noop("{name} is leeg.")
NOT_UTF8 = gettext_noop("{name} is geen UTF-8-tekst (regel {line}). Sla het bestand op als UTF-8.")
BAD_JSON = gettext_noop("{name}, regel {line}, kolom {column}: ongeldige JSON ({reason}).")
BAD_DESCRIPTOR = gettext_noop("{name}: verwacht een object met een lijst 'resources'.")
BAD_RESOURCE = gettext_noop("{name}: resource {index} heeft geen bruikbaar 'path'.")
UNSAFE_PATH = gettext_noop("{name}: het pad '{path}' wijst buiten het datapakket.")
MISSING_RESOURCE = gettext_noop(
    "{name} noemt '{path}', maar dat bestand ontbreekt in het datapakket."
)
UNKNOWN_RESOURCE = gettext_noop("{name}: tabel '{resource}' is geen HSDS-tabel en is overgeslagen.")
MISSING_COLUMN = gettext_noop("{name}, regel 1: de kolom {column} ontbreekt in de kopregel.")
EXTRA_CELLS = gettext_noop("deze regel heeft meer velden dan de kopregel")
NOT_AN_OBJECT = gettext_noop("verwacht een JSON-object")
NOT_A_LIST = gettext_noop("verwacht een lijst van objecten")
API_ROOT = gettext_noop(
    "{name} is de beschrijving van een HSDS-API (versie en profiel), geen sociale-kaartgegevens."
)
UNKNOWN_OBJECT = gettext_noop(
    "onbekend soort object: verwacht een dienst, organisatie, locatie, dienst-op-locatie, "
    "taxonomie of taxonomieterm"
)
MISSING_ID = gettext_noop("het veld id ontbreekt")

TOO_BIG = gettext_noop(
    "{name} is uitgepakt {size} MB; Plein leest hooguit {limit} MB per import. Splits de "
    "gegevens, of vraag de beheerder PLEIN_IMPORT_MAX_MB te verhogen."
)
ZIP_BOMB = gettext_noop(
    "{name}: '{entry}' pakt uit tot {ratio} keer zijn eigen grootte. Zo'n bestand leest Plein "
    "niet (het kan de server laten vastlopen)."
)
UNSAFE_ENTRY = gettext_noop(
    "{name}: het bestand '{entry}' in de zip wijst buiten de zip (een absoluut pad of '..')."
)
FIELD_TOO_LONG = gettext_noop(
    "{where}: een veld is langer dan {limit} tekens. Zo lang is geen omschrijving; kort het in."
)
TOO_MANY_ROWS = gettext_noop(
    "{name} heeft meer dan {limit} rijen; Plein leest hooguit zoveel per tabel. Splits de "
    "gegevens, of vraag de beheerder PLEIN_IMPORT_MAX_ROWS te verhogen."
)
TOO_DEEP = gettext_noop(
    "{name}: de JSON is dieper genest dan {limit} niveaus; zo diep gaat HSDS nooit."
)
# A zip entry that unpacks to more than this many times its packed size, and to more than
# BOMB_MINIMUM bytes, is refused as a zip bomb (ordinary CSV packs 5 to 20 times).
BOMB_RATIO = 200
BOMB_MINIMUM = 10 * 1024 * 1024
MB = 1024 * 1024


def import_limits() -> dict[str, int]:
    """Field length (characters), rows per table, bytes unpacked, JSON depth."""
    return {
        "field": settings.PLEIN_IMPORT_MAX_FIELD,
        "rows": settings.PLEIN_IMPORT_MAX_ROWS,
        "bytes": settings.PLEIN_IMPORT_MAX_MB * MB,
        "depth": settings.PLEIN_IMPORT_MAX_DEPTH,
    }


class SourceError(Exception):
    """The input cannot be read at all; the message says why, in Dutch."""


def open_source(path: Path, *, problem: Problem, warn: Callable[[str], None]):
    """The right reader for PATH: a package folder, a .zip or a JSON file."""
    if not path.exists():
        raise SourceError(_(NOT_FOUND).format(path=path))
    if path.is_dir():
        if not (path / "datapackage.json").exists():
            raise SourceError(_(NOT_A_PACKAGE).format(path=path))
        return PackageSource(FolderFiles(path), warn=warn)
    if path.suffix.lower() == ".zip":
        return PackageSource(ZipFiles(path), warn=warn)
    if path.suffix.lower() == ".json" or path.name == "datapackage.json":
        _check_size(path.name, path.stat().st_size)
        data = _load_json(path.name, path.read_bytes())
        if isinstance(data, dict) and "resources" in data:
            return PackageSource(FolderFiles(path.parent), warn=warn)
        return JsonSource(path.name, data, problem=problem)
    raise SourceError(_(UNKNOWN_KIND).format(path=path))


def _load_json(name: str, raw: bytes):
    if not raw.strip():
        raise SourceError(_(EMPTY_FILE).format(name=name))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SourceError(_(NOT_UTF8).format(name=name, line=line)) from error
    limits = import_limits()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(
            _(BAD_JSON).format(name=name, line=error.lineno, column=error.colno, reason=error.msg)
        ) from error
    except RecursionError as error:
        raise SourceError(_(TOO_DEEP).format(name=name, limit=limits["depth"])) from error
    _check_json_shape(name, data, limits)
    return data


def _check_size(name: str, size: int) -> None:
    limit = import_limits()["bytes"]
    if size > limit:
        raise SourceError(_(TOO_BIG).format(name=name, size=-(-size // MB), limit=limit // MB))


def _check_json_shape(name: str, data, limits: dict[str, int]) -> None:
    """Depth and text length of every value, walked without recursion."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > limits["depth"]:
            raise SourceError(_(TOO_DEEP).format(name=name, limit=limits["depth"]))
        if isinstance(value, str) and len(value) > limits["field"]:
            raise SourceError(_(FIELD_TOO_LONG).format(where=name, limit=limits["field"]))
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict | list):
            pending.extend((child, depth + 1) for child in children)


# -- Tabular Data Package ------------------------------------------------------------------


class FolderFiles:
    def __init__(self, root: Path):
        self.root = root

    def exists(self, name: str) -> bool:
        return (self.root / name).is_file()

    def read_bytes(self, name: str) -> bytes:
        return (self.root / name).read_bytes()

    def open_binary(self, name: str):
        return (self.root / name).open("rb")

    def descriptor(self) -> bytes:
        raw = self.read_bytes("datapackage.json")
        # A git checkout without symlink support leaves the link target as the file's text.
        target = raw.decode("utf-8", "replace").strip()
        if target and not target.startswith("{") and "\n" not in target:
            linked = (self.root / target).resolve()
            if linked.is_file() and linked.name.endswith(".json"):
                return linked.read_bytes()
        return raw


class ZipFiles:
    def __init__(self, path: Path):
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise SourceError(_(BAD_ZIP).format(name=path.name)) from error
        self._check_entries(path.name)
        names = [n for n in self.zip.namelist() if PurePosixPath(n).name == "datapackage.json"]
        if not names:
            raise SourceError(_(NOT_A_PACKAGE).format(path=path.name))
        # The descriptor closest to the root decides where the package's files are.
        self.prefix = str(PurePosixPath(min(names, key=len)).parent).lstrip(".")
        self.names = set(self.zip.namelist())

    def _check_entries(self, name: str) -> None:
        """Refuse entries outside the zip, zip bombs and more than the import may unpack."""
        total = 0
        for entry in self.zip.infolist():
            pure = PurePosixPath(entry.filename)
            if pure.is_absolute() or ".." in pure.parts or "\\" in entry.filename:
                raise SourceError(_(UNSAFE_ENTRY).format(name=name, entry=entry.filename))
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > BOMB_MINIMUM and ratio > BOMB_RATIO:
                raise SourceError(
                    _(ZIP_BOMB).format(name=name, entry=entry.filename, ratio=int(ratio))
                )
            total += entry.file_size
        _check_size(name, total)

    def _full(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def exists(self, name: str) -> bool:
        return self._full(name) in self.names

    def read_bytes(self, name: str) -> bytes:
        return self.zip.read(self._full(name))

    def open_binary(self, name: str):
        return self.zip.open(self._full(name))

    def descriptor(self) -> bytes:
        return self.read_bytes("datapackage.json")


class PackageSource:
    """The CSV files a datapackage.json lists, read row by row (never a whole table at once)."""

    def __init__(self, files, *, warn: Callable[[str], None]):
        self.files = files
        descriptor = _load_json("datapackage.json", files.descriptor())
        resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
        if not isinstance(resources, list):
            raise SourceError(_(BAD_DESCRIPTOR).format(name="datapackage.json"))
        self.paths: dict[str, str] = {}
        for index, resource in enumerate(resources, start=1):
            path = resource.get("path") if isinstance(resource, dict) else None
            if not isinstance(path, str) or not path:
                raise SourceError(_(BAD_RESOURCE).format(name="datapackage.json", index=index))
            pure = PurePosixPath(path)
            if pure.is_absolute() or ".." in pure.parts:
                raise SourceError(_(UNSAFE_PATH).format(name="datapackage.json", path=path))
            table = TABLES_BY_NAME.get(resource.get("name", "")) or TABLES_BY_FILENAME.get(
                pure.name
            )
            if table is None:
                warn(_(UNKNOWN_RESOURCE).format(name="datapackage.json", resource=path))
                continue
            if not files.exists(path):
                raise SourceError(_(MISSING_RESOURCE).format(name="datapackage.json", path=path))
            self.paths[table.name] = path

    def has(self, table_name: str) -> bool:
        return table_name in self.paths

    def _bad_line(self, path: str) -> int:
        """The first line that is not UTF-8 (decoding reads ahead, so find it again)."""
        with self.files.open_binary(path) as binary:
            for number, line in enumerate(binary, start=1):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError:
                    return number
        return 1

    def columns(self, table) -> set[str]:
        """The columns of a table's header row (read on its own, before the rows)."""
        path = self.paths.get(table.name)
        if path is None:
            return set()
        with self.files.open_binary(path) as binary:
            text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
            try:
                header = next(csv.reader(text), None) or []
            except (UnicodeDecodeError, csv.Error):
                return set()
        return {column.strip() for column in header}

    def rows(self, table, *, problem: Problem) -> Iterator[Row]:
        path = self.paths.get(table.name)
        if path is None:
            return
        name = PurePosixPath(path).name
        limits = import_limits()
        # The csv module refuses a longer field with csv.Error; the message is ours below.
        csv.field_size_limit(limits["field"])
        with self.files.open_binary(path) as binary:
            text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
            reader = csv.reader(text)
            count = 0
            try:
                header = next(reader, None)
                if header is None:
                    raise SourceError(_(EMPTY_FILE).format(name=name))
                header = [column.strip() for column in header]
                missing = sorted(table.required - set(header))
                if missing:
                    columns = ", ".join(missing)
                    raise SourceError(_(MISSING_COLUMN).format(name=name, column=columns))
                wanted = [(i, c) for i, c in enumerate(header) if c in table.all_columns]
                line = reader.line_num + 1
                for cells in reader:
                    start, line = line, reader.line_num + 1
                    if not any(cells):
                        continue
                    if len(cells) > len(header) and any(cells[len(header) :]):
                        where = _("{name}, regel {line}").format(name=name, line=start)
                        problem(where, "", _(EXTRA_CELLS))
                        continue
                    count += 1
                    if count > limits["rows"]:
                        raise SourceError(_(TOO_MANY_ROWS).format(name=name, limit=limits["rows"]))
                    values = {
                        c: cell_restored(cells[i]) if i < len(cells) else "" for i, c in wanted
                    }
                    yield (name, start), values
            except UnicodeDecodeError as error:
                message = _(NOT_UTF8).format(name=name, line=self._bad_line(path))
                raise SourceError(message) from error
            except csv.Error as error:
                where = _("{name}, regel {line}").format(name=name, line=reader.line_num)
                if "field larger than field limit" in str(error):
                    raise SourceError(
                        _(FIELD_TOO_LONG).format(where=where, limit=limits["field"])
                    ) from error
                raise SourceError(f"{where}: {error}") from error


# -- HSDS JSON -----------------------------------------------------------------------------

# parent table -> {key: (child table, column on the child that points to the parent)}
CHILD_LISTS: dict[str, dict[str, tuple[str, str]]] = {
    "service": {
        "phones": ("phone", "service_id"),
        "schedules": ("schedule", "service_id"),
        "service_areas": ("service_area", "service_id"),
        "service_at_locations": ("service_at_location", "service_id"),
        "languages": ("language", "service_id"),
        "funding": ("funding", "service_id"),
        "cost_options": ("cost_option", "service_id"),
        "required_documents": ("required_document", "service_id"),
        "contacts": ("contact", "service_id"),
    },
    "organization": {
        "funding": ("funding", "organization_id"),
        "contacts": ("contact", "organization_id"),
        "phones": ("phone", "organization_id"),
        "locations": ("location", "organization_id"),
        "programs": ("program", "organization_id"),
        "organization_identifiers": ("organization_identifier", "organization_id"),
        "services": ("service", "organization_id"),
    },
    "location": {
        "languages": ("language", "location_id"),
        "addresses": ("address", "location_id"),
        "contacts": ("contact", "location_id"),
        "accessibility": ("accessibility", "location_id"),
        "phones": ("phone", "location_id"),
        "schedules": ("schedule", "location_id"),
    },
    "service_at_location": {
        "contacts": ("contact", "service_at_location_id"),
        "phones": ("phone", "service_at_location_id"),
        "schedules": ("schedule", "service_at_location_id"),
    },
    "contact": {"phones": ("phone", "contact_id")},
    "phone": {"languages": ("language", "phone_id")},
}
# parent table -> {key: (child table, column on the parent that points to the child)}
CHILD_OBJECTS: dict[str, dict[str, tuple[str, str]]] = {
    "service": {
        "organization": ("organization", "organization_id"),
        "program": ("program", "program_id"),
    },
    "service_at_location": {
        "location": ("location", "location_id"),
        "service": ("service", "service_id"),
    },
    "attribute": {"taxonomy_term": ("taxonomy_term", "taxonomy_term_id")},
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", "taxonomy_id")},
}
# Every HSDS object may carry attributes and metadata, linked to it generically.
GENERIC_LISTS = {"attributes": ("attribute", "link_id", "link_entity")}
GENERIC_LISTS["metadata"] = ("metadata", "resource_id", "resource_type")


def detect_table(obj: dict) -> str | None:
    """Which HSDS object a top-level JSON object is, from the fields only it has."""
    keys = set(obj)
    if "location_type" in keys:
        return "location"
    if keys & {"location", "location_id", "service_id"} and "name" not in keys:
        return "service_at_location"
    if keys & {"taxonomy_detail", "term_uri", "parent_id", "code", "taxonomy_id"}:
        return "taxonomy_term"
    if keys & {"status", "service_at_locations", "organization", "organization_id", "program"}:
        return "service"
    if keys & {
        "website",
        "services",
        "locations",
        "programs",
        "organization_identifiers",
        "legal_status",
        "tax_status",
        "year_incorporated",
        "parent_organization_id",
    }:
        return "organization"
    if "version" in keys:
        return "taxonomy"
    return None


class JsonSource:
    """HSDS JSON (one object, a list, a Page, or the tabular form) flattened into tables.

    Nested objects become rows of their own table that point to the object they sit in. The
    same object may appear in several places (a contact under its service and its location):
    the rows are merged, so it gets every link.
    """

    def __init__(self, name: str, data, *, problem: Problem):
        self.name = name
        self.problem = problem
        self.tables: dict[str, dict[str, Row]] = {}
        if isinstance(data, dict) and data and all(k.endswith(".csv") for k in data):
            self._read_tabular(data)
        elif isinstance(data, dict) and isinstance(data.get("contents"), list):
            self._read_list(data["contents"], "contents")
        elif isinstance(data, list):
            self._read_list(data, "")
        elif isinstance(data, dict):
            self._read_top(data, "")
        else:
            raise SourceError(f"{name}: " + _(NOT_AN_OBJECT))

    def has(self, table_name: str) -> bool:
        return bool(self.tables.get(table_name))

    def columns(self, table) -> set[str]:
        rows = self.tables.get(table.name, {}).values()
        return {column for _where, row in rows for column in row}

    def rows(self, table, *, problem: Problem) -> Iterator[Row]:
        yield from self.tables.get(table.name, {}).values()

    def _where(self, path: str) -> str:
        return f"{self.name}, {path or _('hoofdobject')}"

    def _read_list(self, items: list, path: str) -> None:
        for index, item in enumerate(items):
            self._read_top(item, f"{path}[{index}]")

    def _read_top(self, obj, path: str) -> None:
        if not isinstance(obj, dict):
            self.problem(self._where(path), "", _(NOT_AN_OBJECT))
            return
        if "openapi_url" in obj or "profile" in obj:
            raise SourceError(_(API_ROOT).format(name=self.name))
        table = detect_table(obj)
        if table is None:
            self.problem(self._where(path), "", _(UNKNOWN_OBJECT))
            return
        self._read(table, obj, path, {})

    def _read_tabular(self, data: dict) -> None:
        for filename, rows in data.items():
            table = TABLES_BY_FILENAME.get(filename)
            if table is None or not isinstance(rows, list):
                continue
            for index, row in enumerate(rows):
                where = f"{filename}[{index}]"
                if not isinstance(row, dict):
                    self.problem(self._where(where), "", _(NOT_AN_OBJECT))
                    continue
                self._store(table.name, row, where, {})

    def _read(self, table: str, obj: dict, path: str, links: dict) -> str | None:
        """Store obj as a row of `table` (plus `links` to its parent); returns its id."""
        scalars = {k: v for k, v in obj.items() if not isinstance(v, dict | list)}
        self._read_child_objects(table, obj, path, scalars)
        object_id = self._store(table, scalars, path, links)
        if object_id is not None:
            self._read_child_lists(table, obj, path, object_id)
        return object_id

    def _read_child_objects(self, table: str, obj: dict, path: str, scalars: dict) -> None:
        """Objects nested in obj; each one's id fills obj's column that points to it."""
        for key, (child_table, parent_column) in CHILD_OBJECTS.get(table, {}).items():
            child = obj.get(key)
            if child is None:
                continue
            child_path = f"{path}.{key}" if path else key
            if not isinstance(child, dict):
                self.problem(self._where(child_path), key, _(NOT_AN_OBJECT))
                continue
            child_id = self._read(child_table, child, child_path, _nested_links(key, obj))
            if child_id and not scalars.get(parent_column):
                scalars[parent_column] = child_id

    def _read_child_lists(self, table: str, obj: dict, path: str, object_id: str) -> None:
        """Lists of objects nested in obj; each one points back to obj."""
        for key, (child_table, child_column, entity_column) in _child_lists(table).items():
            items = obj.get(key)
            if items is None:
                continue
            child_path = f"{path}.{key}" if path else key
            if not isinstance(items, list):
                self.problem(self._where(child_path), key, _(NOT_A_LIST))
                continue
            child_links = {child_column: object_id}
            if entity_column:
                child_links[entity_column] = table
            for index, item in enumerate(items):
                item_path = f"{child_path}[{index}]"
                if not isinstance(item, dict):
                    self.problem(self._where(item_path), "", _(NOT_AN_OBJECT))
                    continue
                self._read(child_table, item, item_path, child_links)

    def _store(self, table: str, values: dict, path: str, links: dict) -> str | None:
        object_id = values.get("id")
        if object_id in (None, ""):
            self.problem(self._where(path), "id", _(MISSING_ID))
            return None
        key = str(object_id)
        rows = self.tables.setdefault(table, {})
        if key not in rows:
            rows[key] = (self._where(path), {**values})
        stored = rows[key][1]
        # The first non-empty value wins; links to parents fill what the object left open.
        for column, value in {**links, **values}.items():
            if stored.get(column) in (None, "") and value not in (None, ""):
                stored[column] = value
        return key


def _nested_links(key: str, obj: dict) -> dict:
    """The links a nested object gets besides the one to obj."""
    if key != "program":
        return {}
    # A program nested in a service belongs to the service's organization.
    organization = obj.get("organization")
    return {
        "organization_id": obj.get("organization_id")
        or (organization.get("id") if isinstance(organization, dict) else None)
    }


def _child_lists(table: str) -> dict[str, tuple[str, str, str | None]]:
    """Per key of a list in `table`: child table, column to the parent, column with its type."""
    lists: dict[str, tuple[str, str, str | None]] = {
        key: (child_table, column, None)
        for key, (child_table, column) in CHILD_LISTS.get(table, {}).items()
    }
    lists.update(GENERIC_LISTS)
    return lists
