"""Where HSDS rows come from: a Tabular Data Package (folder or zip) or HSDS JSON.

A source yields, per table, rows as (where, values): `where` names the file and the line (CSV) or
the object path (JSON) in words an editor can follow; `values` maps HSDS column names to raw
values (strings from CSV, JSON values from JSON). Problems that stop reading are raised as
SourceError; problems with one object are reported through `problem` and reading goes on.
"""

import codecs
import csv
import io
import json
import re
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
UNKNOWN_COLUMNS = gettext_noop(
    "{name}: de kolom(men) {columns} kent Plein niet (geen HSDS 3.0); die zijn niet geïmporteerd."
)
NOT_ENCODED = gettext_noop(
    "{name} is geen {encoding}-tekst (regel {line}), zoals datapackage.json zegt. Sla het bestand "
    "op in die codering, of zet de juiste 'encoding' in datapackage.json."
)
UNKNOWN_ENCODING = gettext_noop(
    "{name}: de codering '{encoding}' van '{path}' kent Plein niet (bijvoorbeeld utf-8 of "
    "windows-1252)."
)
BAD_DIALECT = gettext_noop(
    "{name}: de 'dialect' van '{path}' is ongeldig: {key} moet één teken zijn, niet '{value}'."
)
NO_HEADER = gettext_noop(
    "{name}: '{path}' heeft volgens de 'dialect' geen kopregel; Plein heeft de kopregel nodig om "
    "de kolommen te herkennen."
)
GUESSED_DELIMITER = gettext_noop(
    "{name}: de kolommen zijn gescheiden door '{delimiter}' in plaats van komma's. Plein leest "
    "het bestand zo; zet dit voortaan in datapackage.json (dialect.delimiter) of sla het op met "
    "komma's."
)
OLD_VERSION = gettext_noop(
    "Dit is een HSDS {version}-pakket ({evidence}). Plein leest alleen HSDS 3.0: zet de gegevens "
    "eerst om naar HSDS 3.0, of vraag de leverancier om een export in HSDS 3.0."
)
EVIDENCE_DECLARED = gettext_noop("{name} noemt versie {version}")
EVIDENCE_FILE = gettext_noop("het bestand {file} hoort bij een oudere HSDS-versie")
EVIDENCE_COLUMN = gettext_noop("{file} heeft de kolom {column} van een oudere HSDS-versie")
EVIDENCE_NO_COLUMN = gettext_noop("{file} mist de kolom {column} die HSDS 3.0 vraagt")
EVIDENCE_JSON_FIELD = gettext_noop("het veld {field} hoort bij een oudere HSDS-versie")
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
DUPLICATE_JSON_ID = gettext_noop(
    "id {id} komt twee keer voor (ook op {first}); geef elk object een eigen id"
)
CONFLICTING_JSON_ID = gettext_noop(
    "id {id} staat ook op {first}, maar daar met een andere waarde voor {field} ('{old}' en hier "
    "'{new}'); hetzelfde id moet hetzelfde object zijn, geef anders elk object een eigen id"
)

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

# Tables (resource names or file names without .csv) of HSDS 1.x and 2.x that 3.0 does not have.
LEGACY_TABLES = frozenset(
    {
        "physical_address",
        "physical_addresses",
        "postal_address",
        "postal_addresses",
        "regular_schedule",
        "regular_schedules",
        "holiday_schedule",
        "holiday_schedules",
        "eligibility",
        "payment_accepted",
        "payments_accepted",
        "accessibility_for_disabilities",
        "service_taxonomy",
        "services_taxonomy",
        "services_at_location",
    }
)
# Tables that HSDS 2.0 added: next to a legacy table they mean 2.x rather than 1.x.
SINCE_2 = frozenset({"attribute", "attributes", "taxonomy_term", "taxonomy_terms"})
# JSON fields of HSDS 1.x/2.x objects (and the ORUK v1 API) that 3.0 renamed or dropped.
LEGACY_JSON_FIELDS = frozenset(
    {
        "physical_addresses",
        "postal_addresses",
        "regular_schedules",
        "holiday_schedules",
        "eligibilitys",
        "payments_accepted",
        "accessibility_for_disabilities",
        "service_taxonomys",
        "service_attributes",
    }
)
# Columns that only older versions have: organizations had "url" before 3.0 named it "website".
LEGACY_COLUMNS = {"organization": ("url",)}
DELIMITERS = (";", "\t", "|")


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


def old_version_error(version: str, evidence: str) -> SourceError:
    return SourceError(_(OLD_VERSION).format(version=version, evidence=evidence))


def _declared_major(descriptor: dict) -> str | None:
    """The major version a datapackage.json declares ("1", "2", "3"), if it does."""
    for key in ("hsds_version", "version"):
        match = re.match(r"^\s*v?([0-9]+)(\.[0-9x]+)*\s*$", str(descriptor.get(key) or ""))
        if match:
            return match.group(1)
    return None


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


class _Format:
    """How one CSV file is written: its text encoding and csv.reader's dialect arguments."""

    def __init__(self, encoding: str, dialect: dict, *, declared: bool):
        self.encoding = encoding
        self.dialect = dialect
        # Without a declared delimiter a semicolon (or tab) header is recognised and read.
        self.declared = declared


class PackageSource:
    """The CSV files a datapackage.json lists, read row by row (never a whole table at once).

    Each resource's `encoding` and `dialect` (delimiter, quoteChar, doubleQuote, escapeChar,
    skipInitialSpace) are honoured as frictionless does; a package-level one is the default.
    """

    def __init__(self, files, *, warn: Callable[[str], None]):
        self.files = files
        self.warn = warn
        descriptor = _load_json("datapackage.json", files.descriptor())
        resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
        if not isinstance(resources, list):
            raise SourceError(_(BAD_DESCRIPTOR).format(name="datapackage.json"))
        self.paths: dict[str, str] = {}
        self.formats: dict[str, _Format] = {}
        legacy: list[str] = []
        names: set[str] = set()
        for index, resource in enumerate(resources, start=1):
            path = resource.get("path") if isinstance(resource, dict) else None
            if not isinstance(path, str) or not path:
                raise SourceError(_(BAD_RESOURCE).format(name="datapackage.json", index=index))
            pure = PurePosixPath(path)
            if pure.is_absolute() or ".." in pure.parts:
                raise SourceError(_(UNSAFE_PATH).format(name="datapackage.json", path=path))
            names |= {str(resource.get("name", "")), pure.stem}
            if {str(resource.get("name", "")), pure.stem} & LEGACY_TABLES:
                legacy.append(pure.name)
                continue
            table = TABLES_BY_NAME.get(resource.get("name", "")) or TABLES_BY_FILENAME.get(
                pure.name
            )
            if table is None:
                warn(_(UNKNOWN_RESOURCE).format(name="datapackage.json", resource=path))
                continue
            if not files.exists(path):
                raise SourceError(_(MISSING_RESOURCE).format(name="datapackage.json", path=path))
            self.paths[table.name] = path
            self.formats[table.name] = _format(resource, descriptor, path)
        self._check_version(descriptor, legacy, names)

    # -- which HSDS version --------------------------------------------------------------

    def _check_version(self, descriptor: dict, legacy: list[str], names: set[str]) -> None:
        """Refuse HSDS 1.x and 2.x packages with a message that says so (not column errors).

        A package's "version" is often its own release number (Plein's demo says 1.0.0), so
        a declared 1.x or 2.x counts only with evidence in the files; "hsds_version" counts alone.
        """
        declared = _declared_major(descriptor)
        guess = "2.x" if names & SINCE_2 else "1.x"
        version = f"{declared}.x" if declared in ("1", "2") else guess
        if legacy:
            raise old_version_error(version, _(EVIDENCE_FILE).format(file=legacy[0]))
        if declared == "3":
            return
        old_column, missing_column = self._column_evidence()
        if old_column:
            raise old_version_error(version if declared else "1.x/2.x", old_column)
        explicit = _declared_major({"version": descriptor.get("hsds_version")})
        if declared in ("1", "2") and (missing_column or explicit == declared):
            raw = descriptor.get("hsds_version") or descriptor.get("version")
            evidence = _(EVIDENCE_DECLARED).format(name="datapackage.json", version=raw)
            raise old_version_error(version, f"{evidence}; {missing_column}".rstrip("; "))

    def _column_evidence(self) -> tuple[str, str]:
        """From the header rows: a column only older versions have, and a 3.0 column missing."""
        missing = ""
        for table_name, path in self.paths.items():
            table = TABLES_BY_NAME[table_name]
            header = self.columns(table)
            if not header:
                continue
            name = PurePosixPath(path).name
            for column in LEGACY_COLUMNS.get(table_name, ()):
                if column in header and column not in table.all_columns:
                    return _(EVIDENCE_COLUMN).format(file=name, column=column), ""
            if table_name == "location" and "location_type" not in header:
                return _(EVIDENCE_NO_COLUMN).format(file=name, column="location_type"), ""
            absent = sorted(table.required - header)
            if absent and not missing:
                missing = _(EVIDENCE_NO_COLUMN).format(file=name, column=absent[0])
        return "", missing

    # -- reading -------------------------------------------------------------------------

    def has(self, table_name: str) -> bool:
        return table_name in self.paths

    def _bad_line(self, path: str, encoding: str) -> int:
        """The first line that does not decode (decoding reads ahead, so find it again)."""
        with self.files.open_binary(path) as binary:
            for number, line in enumerate(binary, start=1):
                try:
                    line.decode(encoding)
                except UnicodeDecodeError:
                    return number
        return 1

    def _text(self, binary, fmt: _Format):
        return io.TextIOWrapper(binary, encoding=fmt.encoding, newline="")

    def _dialect(self, table) -> dict:
        """The dialect for a table; an undeclared ';', tab or '|' header is recognised."""
        fmt = self.formats[table.name]
        if fmt.declared:
            return fmt.dialect
        with self.files.open_binary(self.paths[table.name]) as binary:
            try:
                first = self._text(binary, fmt).readline()
            except UnicodeDecodeError:
                return fmt.dialect
        if "," in first:
            return fmt.dialect
        for delimiter in DELIMITERS:
            cells = {cell.strip().strip('"') for cell in first.split(delimiter)}
            if len(cells) > 1 and cells & set(table.all_columns):
                return {**fmt.dialect, "delimiter": delimiter}
        return fmt.dialect

    def columns(self, table) -> set[str]:
        """The columns of a table's header row (read on its own, before the rows)."""
        path = self.paths.get(table.name)
        if path is None:
            return set()
        with self.files.open_binary(path) as binary:
            text = self._text(binary, self.formats[table.name])
            try:
                header = next(csv.reader(text, **self._dialect(table)), None) or []
            except (UnicodeDecodeError, csv.Error):
                return set()
        return {column.strip() for column in header}

    def _header(self, reader, table, name: str) -> list[str]:
        """The header row: every required column must be there; unknown ones are named."""
        header = next(reader, None)
        if header is None:
            raise SourceError(_(EMPTY_FILE).format(name=name))
        header = [column.strip() for column in header]
        missing = sorted(table.required - set(header))
        if missing:
            columns = ", ".join(missing)
            raise SourceError(_(MISSING_COLUMN).format(name=name, column=columns))
        unknown = [c for c in header if c and c not in table.all_columns]
        if unknown:
            self.warn(_(UNKNOWN_COLUMNS).format(name=name, columns=", ".join(unknown)))
        return header

    def rows(self, table, *, problem: Problem) -> Iterator[Row]:
        path = self.paths.get(table.name)
        if path is None:
            return
        name = PurePosixPath(path).name
        fmt = self.formats[table.name]
        dialect = self._dialect(table)
        if dialect.get("delimiter", ",") != fmt.dialect.get("delimiter", ","):
            shown = "tab" if dialect["delimiter"] == "\t" else dialect["delimiter"]
            self.warn(_(GUESSED_DELIMITER).format(name=name, delimiter=shown))
        limits = import_limits()
        # The csv module refuses a longer field with csv.Error; the message is ours below.
        csv.field_size_limit(limits["field"])
        with self.files.open_binary(path) as binary:
            text = self._text(binary, fmt)
            reader = csv.reader(text, **dialect)
            count = 0
            try:
                header = self._header(reader, table, name)
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
                line = self._bad_line(path, fmt.encoding)
                if fmt.encoding.startswith("utf-8"):
                    message = _(NOT_UTF8).format(name=name, line=line)
                else:
                    message = _(NOT_ENCODED).format(name=name, line=line, encoding=fmt.encoding)
                raise SourceError(message) from error
            except csv.Error as error:
                where = _("{name}, regel {line}").format(name=name, line=reader.line_num)
                if "field larger than field limit" in str(error):
                    raise SourceError(
                        _(FIELD_TOO_LONG).format(where=where, limit=limits["field"])
                    ) from error
                raise SourceError(f"{where}: {error}") from error


# Table Dialect (frictionless) property -> csv.reader argument, for one-character properties.
DIALECT_CHARACTERS = {
    "delimiter": "delimiter",
    "quoteChar": "quotechar",
    "escapeChar": "escapechar",
}
DIALECT_FLAGS = {"doubleQuote": "doublequote", "skipInitialSpace": "skipinitialspace"}


def _format(resource: dict, descriptor: dict, path: str) -> _Format:
    """A resource's encoding and dialect; the package's own, if any, is the default."""
    name = "datapackage.json"
    encoding = resource.get("encoding") or descriptor.get("encoding") or "utf-8"
    try:
        codec = codecs.lookup(str(encoding))
    except LookupError:
        raise SourceError(
            _(UNKNOWN_ENCODING).format(name=name, encoding=encoding, path=path)
        ) from None
    # A byte order mark in front of a UTF-8 file is no part of its first column's name.
    encoding = "utf-8-sig" if codec.name == "utf-8" else codec.name
    dialect = resource.get("dialect") or descriptor.get("dialect") or {}
    if not isinstance(dialect, dict):
        dialect = {}
    if dialect.get("header") is False:
        raise SourceError(_(NO_HEADER).format(name=name, path=path))
    arguments: dict = {}
    for key, argument in DIALECT_CHARACTERS.items():
        value = dialect.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or len(value) != 1:
            raise SourceError(_(BAD_DIALECT).format(name=name, path=path, key=key, value=value))
        arguments[argument] = value
    for key, argument in DIALECT_FLAGS.items():
        if isinstance(dialect.get(key), bool):
            arguments[argument] = dialect[key]
    return _Format(encoding, arguments, declared="delimiter" in arguments)


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
        # ids of the objects that stand on their own (top level, or rows of the tabular form)
        self.top: dict[str, set[str]] = {}
        if isinstance(data, dict) and _is_tabular(data):
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
        if _is_tabular(obj):
            # Plein's JSON export ends with the rows no service carries, in the tabular form.
            self._read_tabular(obj, f"{path}.")
            return
        table = detect_table(obj)
        if table is None:
            self.problem(self._where(path), "", _(UNKNOWN_OBJECT))
            return
        self._read(table, obj, path, {}, top=True)

    def _read_tabular(self, data: dict, prefix: str = "") -> None:
        for filename, rows in data.items():
            table = TABLES_BY_FILENAME.get(filename)
            if table is None or not isinstance(rows, list):
                continue
            for index, row in enumerate(rows):
                where = f"{prefix}{filename}[{index}]"
                if not isinstance(row, dict):
                    self.problem(self._where(where), "", _(NOT_AN_OBJECT))
                    continue
                self._store(table.name, row, where, {}, top=True)

    def _read(
        self, table: str, obj: dict, path: str, links: dict, *, top: bool = False
    ) -> str | None:
        """Store obj as a row of `table` (plus `links` to its parent); returns its id."""
        if legacy := sorted(LEGACY_JSON_FIELDS & obj.keys()):
            evidence = _(EVIDENCE_JSON_FIELD).format(field=legacy[0])
            raise old_version_error("1.x/2.x", evidence)
        scalars = {k: v for k, v in obj.items() if not isinstance(v, dict | list)}
        self._read_child_objects(table, obj, path, scalars)
        object_id = self._store(table, scalars, path, links, top=top)
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

    def _store(
        self, table: str, values: dict, path: str, links: dict, *, top: bool = False
    ) -> str | None:
        object_id = values.get("id")
        if object_id in (None, ""):
            self.problem(self._where(path), "id", _(MISSING_ID))
            return None
        key = str(object_id)
        rows = self.tables.setdefault(table, {})
        if key in rows:
            self._check_same(table, key, values, path, top=top)
        else:
            rows[key] = (self._where(path), {**values})
        if top:
            self.top.setdefault(table, set()).add(key)
        stored = rows[key][1]
        # The first non-empty value wins; links to parents fill what the object left open.
        for column, value in {**links, **values}.items():
            if stored.get(column) in (None, "") and value not in (None, ""):
                stored[column] = value
        return key

    def _check_same(self, table: str, key: str, values: dict, path: str, *, top: bool) -> None:
        """The same object may recur (nested in several places), a different one may not."""
        first, stored = self.tables[table][key]
        if top and key in self.top.get(table, ()):
            self.problem(self._where(path), "id", _(DUPLICATE_JSON_ID).format(id=key, first=first))
            return
        for column, value in values.items():
            old = stored.get(column)
            if old in (None, "") or value in (None, "") or _same(old, value):
                continue
            message = _(CONFLICTING_JSON_ID).format(
                id=key, first=first, field=column, old=old, new=value
            )
            self.problem(self._where(path), "id", message)
            return


def _same(old, new) -> bool:
    """JSON values alike as HSDS means them (3 and "3", true and "true")."""

    def text(value) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value).strip().casefold()

    return text(old) == text(new)


def _is_tabular(obj: dict) -> bool:
    """HSDS's tabular JSON form: {"services.csv": [rows], ...}."""
    return bool(obj) and all(isinstance(key, str) and key.endswith(".csv") for key in obj)


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
