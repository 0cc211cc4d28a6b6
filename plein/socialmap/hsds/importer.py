"""Import HSDS 3.0 into a library's social map: `hsds_import(path=..., library=...)`.

The import is one transaction: it checks every row (types, required fields, enums, references,
tenancy) and writes in batches with bulk upserts keyed on the HSDS id, so a re-import updates
and never duplicates. After the first problem nothing more is written, but checking goes on (up
to MAX_ERRORS problems) so that an editor can fix a file in one go; then the transaction is
rolled back and HsdsImportError lists the problems in Dutch.

CSV rows are streamed; what is kept per row is only its id (as an int, for reference and
duplicate checks), so memory stays moderate for 100,000 services.
"""

import operator
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from plein.core import audit
from plein.core.models import Library
from plein.socialmap import audit_actions
from plein.socialmap.hsds.convert import OutOfRange, converter_for
from plein.socialmap.hsds.sources import SourceError, open_source
from plein.socialmap.hsds.tables import (
    LIBRARY_TABLES,
    PROFESSIONALS_ONLY_COLUMN,
    SHARED_TABLES,
    TABLES,
    TABLES_BY_NAME,
    Table,
)
from plein.socialmap.models import Taxonomy, TaxonomyKind

# Tables an attribute may be linked to, the most common first.
_FIRST_LINKED = ("service", "organization", "location", "service_at_location")
LINKABLE_TABLES = _FIRST_LINKED + tuple(
    table.name for table in TABLES if table.name not in (*_FIRST_LINKED, "attribute", "metadata")
)
MAX_ERRORS = 50
BATCH_SIZE = 1000
SQLITE_CACHE_KIB = 64 * 1024

REQUIRED = gettext_noop("dit veld is verplicht maar is leeg")
DUPLICATE_ID = gettext_noop("id {value} komt al eerder voor in de {table}")
UNKNOWN_REFERENCE = gettext_noop(
    "verwijst naar {table} {value}, maar die staat niet in het pakket en niet in de database"
)
OTHER_LIBRARY_REFERENCE = gettext_noop(
    "verwijst naar {table} {value}, maar die hoort bij een andere bibliotheek"
)
OTHER_LIBRARY_ID = gettext_noop("{table} {value} bestaat al bij een andere bibliotheek")
DROPPED_REFERENCE = gettext_noop(
    "{where}, veld {field}: {table} {value} staat niet in het pakket en niet in de database; "
    "deze verwijzing is leeg gelaten."
)
POSITION_LEFT_OUT = gettext_noop(
    "{where}, veld {field}: {message}; de coördinaten van deze locatie zijn niet overgenomen"
)
TOO_MANY_ERRORS = gettext_noop(
    "Na {count} fouten is het controleren gestopt; er kunnen er meer zijn."
)
NOTHING_TO_IMPORT = gettext_noop("{path} bevat geen HSDS-gegevens om te importeren.")
IMPORT_FAILED = gettext_noop("Er is niets geïmporteerd, want de invoer bevat {count} fout(en):")
NO_LIBRARY = gettext_noop(
    "Er is nog geen bibliotheek; maak er eerst een aan met `plein setup` (of laad de demo)."
)
WHICH_LIBRARY = gettext_noop("Er zijn meerdere bibliotheken; kies er een met --library: {slugs}.")
UNKNOWN_LIBRARY = gettext_noop(
    "Er is geen bibliotheek met de korte naam '{slug}'. Kies uit: {slugs}."
)

HOOKS = (
    ("plein.socialmap.neighbourhoods", "neighbourhoods_link"),
    ("plein.socialmap.search.index", "search_index_rebuild"),
)


class HsdsImportError(Exception):
    """The input has problems; `errors` lists them in Dutch, file, line and field first."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join([_(IMPORT_FAILED).format(count=len(errors)), *errors]))


class _TooManyErrors(Exception):
    pass


@dataclass
class ImportResult:
    library: Library
    # table name -> {"created": n, "updated": n, "shared": n}
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    hooks_missing: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per table in plain Dutch, e.g. "diensten: 193 nieuw, 0 bijgewerkt"."""
        result = []
        for name, count in self.counts.items():
            label = str(TABLES_BY_NAME[name].model._meta.verbose_name_plural)
            line = _("{label}: {created} nieuw, {updated} bijgewerkt").format(
                label=label, created=count["created"], updated=count["updated"]
            )
            if count.get("shared"):
                line += _(", {shared} gedeeld (ongewijzigd)").format(shared=count["shared"])
            result.append(line)
        return result


def library_for_import(*, slug: str | None) -> Library:
    """The library named by --library, or the only one there is."""
    libraries = list(Library.objects.order_by("slug"))
    slugs = ", ".join(library.slug for library in libraries) or "-"
    if slug:
        for library in libraries:
            if library.slug == slug:
                return library
        raise HsdsImportError([_(UNKNOWN_LIBRARY).format(slug=slug, slugs=slugs)])
    if not libraries:
        raise HsdsImportError([_(NO_LIBRARY)])
    if len(libraries) > 1:
        raise HsdsImportError([_(WHICH_LIBRARY).format(slugs=slugs)])
    return libraries[0]


def hsds_import(*, path: Path, library: Library, user=None) -> ImportResult:
    """Import PATH (datapackage folder or zip, or HSDS JSON) into LIBRARY, all or nothing."""
    run = _ImportRun(library)
    try:
        with transaction.atomic(), _large_sqlite_cache():
            try:
                source = open_source(Path(path), problem=run.problem, warn=run.warnings.append)
                run.import_source(source)
            except _TooManyErrors:
                run.errors.append(_(TOO_MANY_ERRORS).format(count=MAX_ERRORS))
            if not run.errors and not run.result.counts:
                run.errors.append(_(NOTHING_TO_IMPORT).format(path=Path(path).name))
            if run.errors:
                raise HsdsImportError(run.errors)
            run.set_taxonomy_kinds()
            run.call_hooks()
            audit.log(
                library,
                audit_actions.HSDS_IMPORTED,
                user=user,
                changes={"source": Path(path).name, "counts": run.result.counts},
                actor_label="" if user else "plein import-hsds",
            )
    except SourceError as error:
        raise HsdsImportError([*run.errors, str(error)]) from error
    _planner_statistics_refresh()
    return run.result


def _planner_statistics_refresh() -> None:
    """A bulk load leaves the planner without statistics; searches are slow until ANALYZE."""
    tables = {table.model._meta.db_table for table in TABLES}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Sample a bounded number of rows per index, so this stays quick at any size.
            cursor.execute("PRAGMA analysis_limit = 1000")
        for db_table in sorted(tables):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(db_table)}")


@contextmanager
def _large_sqlite_cache():
    """SQLite's default 2 MB page cache makes a big import rewrite its pages over and over."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


@dataclass
class _Column:
    name: str
    attname: str
    convert: Callable
    required: bool
    empty: object = None


class _ImportRun:
    def __init__(self, library: Library):
        self.library = library
        self.result = ImportResult(library=library)
        self.warnings = self.result.warnings
        self.errors: list[str] = []
        # ids (uuid.int) of every row the package holds so far, per table
        self.seen: dict[str, set[int]] = defaultdict(set)
        self.term_taxonomy: dict[int, uuid.UUID] = {}
        self.kind_votes: dict[uuid.UUID, Counter] = defaultdict(Counter)
        self.column_cache: dict[str, list[_Column]] = {}
        self.writers: dict[str, _Upsert] = {}

    # -- problems --------------------------------------------------------------------------

    def problem(self, where, field_name: str, message: str) -> None:
        where = where_text(where)
        if field_name:
            self.errors.append(
                _("{where}, veld {field}: {message}").format(
                    where=where, field=field_name, message=message
                )
            )
        else:
            self.errors.append(f"{where}: {message}")
        if len(self.errors) >= MAX_ERRORS:
            raise _TooManyErrors

    # -- reading ---------------------------------------------------------------------------

    def import_source(self, source) -> None:
        for table in TABLES:
            if not source.has(table.name):
                continue
            columns = [
                (
                    c.name,
                    c.attname,
                    c.convert,
                    c.required,
                    c.empty,
                    c.attname == "professionals_only",
                )
                for c in self._columns(table)
            ]
            keep_flag = PROFESSIONALS_ONLY_COLUMN in table.extensions and (
                PROFESSIONALS_ONLY_COLUMN not in source.columns(table)
            )
            update_fields = self._update_fields(table, skip_flag=keep_flag)
            self.deferred: list[tuple[str, dict, _Column]] = []
            self.result.counts[table.name] = {"created": 0, "updated": 0}
            batch: list[tuple[str, dict]] = []
            for where, raw in source.rows(table, problem=self.problem):
                values = self._convert(table, columns, where, raw)
                if values is None:
                    continue
                batch.append((where, values))
                if len(batch) >= BATCH_SIZE:
                    self._flush(table, batch, update_fields)
                    batch = []
            self._flush(table, batch, update_fields)
            self._resolve_deferred(table)

    def _columns(self, table: Table) -> list[_Column]:
        if table.name in self.column_cache:
            return self.column_cache[table.name]
        self.column_cache[table.name] = [
            _Column(
                name=column,
                attname=table.attname(column),
                convert=converter_for(table.model_field(column), table.enums.get(column, ())),
                required=column in table.required,
                empty=_empty(table, column),
            )
            for column in table.all_columns
        ]
        return self.column_cache[table.name]

    def _update_fields(self, table: Table, *, skip_flag: bool) -> list[str]:
        names = [table.model_field(c).name for c in table.all_columns if c != "id"]
        if skip_flag:
            # A file that does not know Plein's flag must not reset what an editor set.
            names.remove("professionals_only")
        if table.name in LIBRARY_TABLES:
            names.append("library")
        return names

    def _convert(self, table: Table, columns: list[tuple], where, raw: dict) -> dict | None:
        values: dict = {}
        ok = True
        position_out = False
        get = raw.get
        # columns: (name, attname, convert, required, empty, optional_flag), see _plan
        for name, attname, convert, required, empty, flag in columns:
            value = get(name)
            if value is None or value == "" or (value.__class__ is str and value.isspace()):
                if required:
                    self.problem(where, name, _(REQUIRED))
                    ok = False
                elif not flag or name in raw:
                    values[attname] = empty
                continue
            try:
                values[attname] = convert(value)
            except OutOfRange as error:
                if name in table.coordinates:
                    position_out = self._position_left_out(where, name, error)
                else:
                    self.problem(where, name, str(error))
                    ok = False
            except ValueError as error:
                self.problem(where, name, str(error))
                ok = False
        if position_out:
            values.update((table.attname(column), None) for column in table.coordinates)
        if ok:
            return self._row_accept(table, where, values)
        self._row_refused(table, values)
        return None

    def _row_refused(self, table: Table, values: dict) -> None:
        # Rows that point at this one should not report it missing as well.
        if isinstance(values.get("id"), uuid.UUID):
            self.seen[table.name].add(values["id"].int)

    def _row_accept(self, table: Table, where, values: dict) -> dict | None:
        key = values["id"].int
        if key in self.seen[table.name]:
            label = str(table.model._meta.verbose_name_plural)
            self.problem(where, "id", _(DUPLICATE_ID).format(value=values["id"], table=label))
            return None
        self.seen[table.name].add(key)
        if table.name in LIBRARY_TABLES:
            values["library_id"] = self.library.id
        return values

    def _position_left_out(self, where, name: str, error: OutOfRange) -> bool:
        """A coordinate outside WGS84 leaves the row's whole position out (half a position is
        none) with a warning, rather than refusing the row: the HSDS and ORUK examples
        themselves use latitude 100, and their packages must import."""
        self.warnings.append(
            _(POSITION_LEFT_OUT).format(where=where_text(where), field=name, message=error)
        )
        return True

    # -- checking and writing a batch ------------------------------------------------------

    def _flush(self, table: Table, batch: list[tuple[str, dict]], update_fields: list[str]):
        if not batch:
            return
        existing = self._owners(table, [values["id"] for _where, values in batch])
        rows = []
        shared = 0
        for where, values in batch:
            owners = existing.get(values["id"])
            if owners is not None and self._foreign(owners):
                label = str(table.model._meta.verbose_name)
                message = _(OTHER_LIBRARY_ID).format(table=label, value=values["id"])
                self.problem(where, "id", message)
                continue
            if owners is not None and table.name in SHARED_TABLES and owners == (None,):
                # A shared default taxonomy (or term) stays as it is; rows may refer to it.
                shared += 1
                continue
            rows.append((where, values))
        self._check_references(table, rows)
        if table.name == "taxonomy_term":
            for _where, values in rows:
                if values.get("taxonomy_detail_id"):
                    self.term_taxonomy[values["id"].int] = values["taxonomy_detail_id"]
        if table.name == "attribute":
            self._fill_link_entities(rows)
            self._count_kind_votes(rows)
        if self.errors:
            return
        writer = self._writer(table, update_fields)
        writer.write([values for _where, values in rows if values["id"] not in existing])
        writer.write([values for _where, values in rows if values["id"] in existing], update=True)
        counts = self.result.counts[table.name]
        updated = sum(1 for _where, values in rows if values["id"] in existing)
        counts["updated"] += updated
        counts["created"] += len(rows) - updated
        if shared:
            counts["shared"] = counts.get("shared", 0) + shared

    def _writer(self, table: Table, update_fields: list[str]) -> "_Upsert":
        if self.writers.get(table.name) is None:
            self.writers[table.name] = _Upsert(table.model, update_fields)
        return self.writers[table.name]

    def _owners(self, table: Table, ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple]:
        """For each id already in the database: the libraries its owner paths lead to."""
        # The joins to the owners cost more than the primary key lookup; most ids are new.
        existing = list(
            table.model._default_manager.filter(id__in=ids).values_list("id", flat=True)
        )
        if not existing:
            return {}
        rows = table.model._default_manager.filter(id__in=existing).values_list("id", *table.owners)
        return {row[0]: tuple(row[1:]) for row in rows}

    def _foreign(self, owners: tuple) -> bool:
        return any(owner is not None and owner != self.library.id for owner in owners)

    def _check_references(self, table: Table, rows: list[tuple[str, dict]]) -> None:
        columns = {c.name: c for c in self._columns(table) if c.name in table.references}
        lookups: dict[str, dict[uuid.UUID, list]] = defaultdict(lambda: defaultdict(list))
        for where, values in rows:
            for name, column in columns.items():
                ref = values.get(column.attname)
                if ref is None:
                    continue
                target = table.references[name]
                if ref.int in self.seen[target]:
                    continue
                if target == table.name:
                    # It may still come further down the same table.
                    self.deferred.append((where, values, column))
                    continue
                lookups[target][ref].append((where, values, column))
        for target, refs in lookups.items():
            self._resolve(TABLES_BY_NAME[target], refs, table)

    def _resolve(self, target: Table, refs: dict, table: Table, *, written: bool = False) -> None:
        """Look references the package does not hold up in the database (this library's)."""
        ids = list(refs)
        found: dict[uuid.UUID, tuple] = {}
        for start in range(0, len(ids), BATCH_SIZE):
            found.update(self._owners(target, ids[start : start + BATCH_SIZE]))
        label = str(target.model._meta.verbose_name)
        for ref, uses in refs.items():
            for where, values, column in uses:
                owners = found.get(ref)
                if owners is not None and self._foreign(owners):
                    message = _(OTHER_LIBRARY_REFERENCE).format(table=label, value=ref)
                    self.problem(where, column.name, message)
                elif owners is None and column.required:
                    message = _(UNKNOWN_REFERENCE).format(table=label, value=ref)
                    self.problem(where, column.name, message)
                elif owners is None:
                    # HSDS data (the specification's own examples too) often points at objects
                    # outside the package; an optional link is left empty rather than refused.
                    self.warnings.append(
                        _(DROPPED_REFERENCE).format(
                            where=where_text(where), field=column.name, table=label, value=ref
                        )
                    )
                    values[column.attname] = None
                    if written and not self.errors:
                        table.model._default_manager.filter(id=values["id"]).update(
                            **{column.attname: None}
                        )

    def _resolve_deferred(self, table: Table) -> None:
        refs: dict[uuid.UUID, list] = defaultdict(list)
        for where, values, column in self.deferred:
            ref = values[column.attname]
            if ref.int not in self.seen[table.name]:
                refs[ref].append((where, values, column))
        self.deferred = []
        if refs:
            self._resolve(table, refs, table, written=True)

    def _fill_link_entities(self, rows: list[tuple[str, dict]]) -> None:
        """An attribute without link_entity (the ORUK profile's) gets the table of its link_id."""
        missing = [values for _where, values in rows if not values.get("link_entity")]
        unknown: dict[uuid.UUID, list[dict]] = defaultdict(list)
        for values in missing:
            key = values["link_id"].int
            found = [name for name in LINKABLE_TABLES if key in self.seen[name]]
            if found:
                values["link_entity"] = found[0]
            else:
                unknown[values["link_id"]].append(values)
        for name in LINKABLE_TABLES:
            if not unknown:
                break
            model = TABLES_BY_NAME[name].model
            for link_id in model._default_manager.filter(id__in=list(unknown)).values_list(
                "id", flat=True
            ):
                for values in unknown.pop(link_id):
                    values["link_entity"] = name

    # -- after the rows --------------------------------------------------------------------

    def _count_kind_votes(self, rows: list[tuple[str, dict]]) -> None:
        for _where, values in rows:
            link_type = values.get("link_type", "")
            taxonomy_id = self.term_taxonomy.get(values["taxonomy_term_id"].int)
            if taxonomy_id and link_type in (TaxonomyKind.TOPIC, TaxonomyKind.LIFE_DOMAIN):
                self.kind_votes[taxonomy_id][link_type] += 1

    def set_taxonomy_kinds(self) -> None:
        """A taxonomy whose terms are attached as "topic" (or "life_domain") is of that kind."""
        for taxonomy_id, votes in self.kind_votes.items():
            kind = votes.most_common(1)[0][0]
            Taxonomy.objects.filter(id=taxonomy_id, library=self.library).update(kind=kind)

    def call_hooks(self) -> None:
        """Link neighbourhoods and rebuild the search index (modules of other parts)."""
        import importlib

        for module_name, function_name in HOOKS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name and module_name.startswith(error.name):
                    self.result.hooks_missing.append(f"{module_name}.{function_name}")
                    continue
                raise
            getattr(module, function_name)(library=self.library)


class _Upsert:
    """INSERT ... ON CONFLICT (id) DO UPDATE for plain value dicts, in one executemany.

    bulk_create(update_conflicts=True) does the same, but builds a model instance and compiles
    SQL for every row; for a million rows that alone takes minutes.
    """

    def __init__(self, model, update_fields: list[str]):
        self.fields = list(model._meta.concrete_fields)
        self.plan = [
            (f.attname, None if f.attname == "id" else f.get_default(), self._preparer(f))
            for f in self.fields
        ]
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in self.fields)
        placeholders = ", ".join(["%s"] * len(self.fields))
        updates = [model._meta.get_field(name).column for name in update_fields]
        assignments = ", ".join(f"{qn(c)} = EXCLUDED.{qn(c)}" for c in updates)
        self.copy_sql = f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN"
        self.insert_sql = (
            f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
        )
        self.upsert_sql = (
            f"{self.insert_sql} ON CONFLICT ({qn(model._meta.pk.column)}) "
            f"DO UPDATE SET {assignments}"
        )

    @staticmethod
    def _preparer(field) -> Callable | None:
        """How a non-empty value goes to the database; None when it goes as it is."""
        kind = field.get_internal_type()
        if kind in ("CharField", "TextField", "IntegerField", "BooleanField") or kind.startswith(
            "Positive"
        ):
            return None
        if kind == "UUIDField" or (
            isinstance(field, models.ForeignKey)
            and field.target_field.get_internal_type() == "UUIDField"
        ):
            if connection.features.has_native_uuid_field:
                return None
            return operator.attrgetter("hex")
        if isinstance(field, models.ForeignKey):
            return None
        return lambda value: field.get_db_prep_save(value, connection)

    def write(self, rows: list[dict], *, update: bool = False) -> None:
        """Insert rows; with update=True rows that exist already are updated instead.

        New rows go in with a plain INSERT: on SQLite an upsert keeps a statement journal for
        every row, which for a large import means gigabytes of extra writes.
        """
        if not rows:
            return
        params = []
        plan = self.plan
        for values in rows:
            get = values.get
            row = []
            for attname, default, prepare in plan:
                value = get(attname, default)
                if prepare is not None and value is not None:
                    value = prepare(value)
                row.append(value)
            params.append(row)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and not update:
                # COPY is PostgreSQL's bulk load: one round trip instead of one per row.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in params:
                        copy.write_row(row)
            else:
                cursor.executemany(self.upsert_sql if update else self.insert_sql, params)


def where_text(where) -> str:
    """Sources name CSV rows as (file, line) and format that only when it is needed."""
    if isinstance(where, tuple):
        return _("{name}, regel {line}").format(name=where[0], line=where[1])
    return where


def _empty(table: Table, column: str):
    model_field = table.model_field(column)
    if model_field.attname == "professionals_only":
        return False
    if model_field.get_internal_type() in ("CharField", "TextField") and not model_field.null:
        return model_field.get_default() if model_field.has_default() else ""
    return None
