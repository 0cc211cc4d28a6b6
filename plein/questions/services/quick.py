"""Register a plainly valid desk entry in one SQL statement (PostgreSQL).

The desk registers many questions an hour and every one should feel instant. The full path
(RegistrationForm, then services.registration.visit_register) loads six options one by one,
checks them in Python and inserts in a transaction: about fourteen statements. Here one
statement checks the same rules and inserts visit, question and links, or inserts nothing.

Nothing inserted means "not sure": the caller then takes the full path, which stores the entry or
explains in Dutch what is wrong. So this path never refuses anything itself; it must only never
accept what the full path would refuse. tests/test_quick_registration.py holds it to that with
random entries on PostgreSQL. On other databases (SQLite) every entry takes the full path.

The rules mirrored from services.registration (_visit_errors and _question_errors):
branch of the library and active; desk of that branch and library, not archived; channel, topics,
life domains, outcome and age band of the library, not archived; at least one topic; a referral
organisation of the library and then an outcome of kind "referred"; age band, gender and note
only where the library's settings allow them (the note also free of personal data, checked in
Python by the form layer); no time in the future.
"""

import contextlib
from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from plein.core import fastsql
from plein.core.models import Branch, Library
from plein.questions.forms.quick import QuickEntry
from plein.questions.models import (
    AgeBand,
    Channel,
    Desk,
    LifeDomain,
    Outcome,
    OutcomeKind,
    Registration,
    RegistrationLifeDomain,
    RegistrationSettings,
    RegistrationTopic,
    Topic,
    Visit,
)
from plein.questions.services.registration import (
    CLOCK_SKEW,
    months_changed,
    visit_local_parts,
)
from plein.socialmap.models import Organization

# The value of each column, per model, as SQL over the statement's parameters. Every concrete
# column must be here (checked when the statement is built), so a new column cannot be missed.
_VISIT_VALUES = {
    "library_id": "%(library)s",
    "branch_id": "%(branch)s",
    "desk_id": "%(desk)s",
    "channel_id": "%(channel)s",
    "started_at": "%(started_at)s",
    "date": "%(date)s",
    "hour": "%(hour)s",
    "weekday": "%(weekday)s",
    "duration_band": "%(duration_band)s",
    "age_band_id": "%(age_band)s",
    "gender": "%(gender)s",
    "mode": "%(mode)s",
    "registered_by_id": "%(user)s",
    "idempotency_key": "%(idempotency_key)s",
    "created_at": "%(now)s",
}
_REGISTRATION_VALUES = {
    "visit_id": "visit.id",
    "library_id": "%(library)s",
    "branch_id": "%(branch)s",
    "desk_id": "%(desk)s",
    "channel_id": "%(channel)s",
    "date": "%(date)s",
    "hour": "%(hour)s",
    "weekday": "%(weekday)s",
    "is_complex": "%(is_complex)s",
    "outcome_id": "%(outcome)s",
    "referred_organization_id": "%(organization)s",
    "referred_service_id": "NULL",
    "referred_name": "COALESCE(LEFT(facts.referred_name, 255), '')",
    "effort": "%(effort)s",
    "note": "%(note)s",
    "created_at": "%(now)s",
    "updated_at": "%(now)s",
}
_TOPIC_VALUES = {
    "registration_id": "registration.id",
    "topic_id": "item",
    "library_id": "%(library)s",
    "date": "%(date)s",
}
_LIFE_DOMAIN_VALUES = {**_TOPIC_VALUES, "life_domain_id": "item"}
del _LIFE_DOMAIN_VALUES["topic_id"]


def _cast(field) -> str:
    """The column's type, so that a NULL parameter is not taken for text. Strings stay text:
    a cast to varchar(n) would cut a long value where the insert should refuse it."""
    cast = field.cast_db_type(connection)
    return "text" if cast.startswith("varchar") else cast


def _insert_parts(model, values: dict[str, str]) -> tuple[str, str, str]:
    """(table, column list, value list) for an INSERT of every concrete column but the key."""
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    missing = {f.attname for f in fields} ^ set(values)
    if missing:
        raise LookupError(f"{model.__name__}: no value or no column for {sorted(missing)}")
    columns = ", ".join(quote(f.column) for f in fields)
    expressions = ", ".join(f"({values[f.attname]})::{_cast(f)}" for f in fields)
    return quote(model._meta.db_table), columns, expressions


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _all_of_library(model, parameter: str) -> str:
    """Every id in the array parameter is an active option of the library."""
    return (
        f"(SELECT count(*) FROM {_table(model)} o WHERE o.id = ANY(%({parameter})s::bigint[]) "
        f"AND o.library_id = %(library)s AND o.archived_at IS NULL) "
        f"= cardinality(%({parameter})s::bigint[])"
    )


def _option_of_library(model, parameter: str, extra: str = "") -> str:
    return (
        f"EXISTS (SELECT 1 FROM {_table(model)} o WHERE o.id = %({parameter})s "
        f"AND o.library_id = %(library)s AND o.archived_at IS NULL{extra})"
    )


class Shape(NamedTuple):
    """Which optional parts an entry has: the statement names only the tables it needs."""

    desk: bool = False
    life_domains: bool = False
    outcome: bool = False
    organization: bool = False
    age_band: bool = False
    gender: bool = False
    note: bool = False

    @classmethod
    def of(cls, entry: QuickEntry) -> "Shape":
        return cls(
            desk=entry.desk is not None,
            life_domains=bool(entry.life_domains),
            outcome=entry.outcome is not None,
            organization=entry.organization is not None,
            age_band=entry.age_band is not None,
            gender=bool(entry.gender),
            note=bool(entry.note),
        )


def _checks(shape: Shape) -> tuple[list[str], list[str]]:
    """(joins, conditions) of the facts query: the rules the entry's parts must meet."""
    joins, conditions = (
        [],
        [
            "branch.id = %(branch)s AND branch.library_id = %(library)s AND branch.is_active",
            _option_of_library(Channel, "channel"),
            "cardinality(%(topics)s::bigint[]) > 0",
            _all_of_library(Topic, "topics"),
        ],
    )
    if shape.desk:
        conditions.append(_option_of_library(Desk, "desk", " AND o.branch_id = branch.id"))
    if shape.life_domains:
        conditions.append(_all_of_library(LifeDomain, "life_domains"))
    if shape.outcome:
        referred = f" AND o.kind = '{OutcomeKind.REFERRED}'" if shape.organization else ""
        conditions.append(_option_of_library(Outcome, "outcome", referred))
    if shape.organization:
        joins.append(
            f"JOIN {_table(Organization)} organization ON organization.id = %(organization)s "
            "AND organization.library_id = %(library)s"
        )
        if not shape.outcome:  # a referral needs the outcome "referred"
            conditions.append("false")
    if shape.age_band or shape.gender or shape.note:
        joins.append(f"JOIN {_table(RegistrationSettings)} rules ON rules.library_id = %(library)s")
    if shape.age_band:
        conditions.append(f"rules.record_age_band AND {_option_of_library(AgeBand, 'age_band')}")
    if shape.gender:
        conditions.append("rules.record_gender")
    if shape.note:
        conditions.append("rules.allow_note")
    return joins, conditions


_PLAIN = Shape()


@cache
def _statement(shape: Shape = _PLAIN) -> str:
    visit_table, visit_columns, visit_values = _insert_parts(Visit, _VISIT_VALUES)
    reg_table, reg_columns, reg_values = _insert_parts(Registration, _REGISTRATION_VALUES)
    topic_table, topic_columns, topic_values = _insert_parts(RegistrationTopic, _TOPIC_VALUES)
    joins, conditions = _checks(shape)
    referred_name = "organization.name" if shape.organization else "NULL::text"
    life_domains = ""
    if shape.life_domains:
        domain_table, domain_columns, domain_values = _insert_parts(
            RegistrationLifeDomain, _LIFE_DOMAIN_VALUES
        )
        life_domains = f""",
life_domains AS (
    INSERT INTO {domain_table} ({domain_columns})
    SELECT {domain_values} FROM registration, unnest(%(life_domains)s::bigint[]) AS item
)"""
    newline = "\n    "
    return f"""
WITH facts AS (
    SELECT set_config('synchronous_commit', %(synchronous_commit)s, true) AS synchronous_commit,
           {referred_name} AS referred_name
    FROM {_table(Branch)} branch
    {newline.join(joins)}
    WHERE {(newline + "  AND ").join(conditions)}
),
visit AS (
    INSERT INTO {visit_table} ({visit_columns}) SELECT {visit_values} FROM facts RETURNING id
),
registration AS (
    INSERT INTO {reg_table} ({reg_columns}) SELECT {reg_values} FROM visit, facts RETURNING id
),
topics AS (
    INSERT INTO {topic_table} ({topic_columns})
    SELECT {topic_values} FROM registration, unnest(%(topics)s::bigint[]) AS item
){life_domains}
SELECT id FROM visit"""


def _parameters(entry: QuickEntry, *, library: Library, user, mode: str, started_at) -> dict:
    return {
        "library": library.pk,
        "user": user.pk,
        "mode": mode,
        "now": timezone.now(),
        "started_at": started_at,
        **visit_local_parts(started_at),
        "branch": entry.branch,
        "desk": entry.desk,
        "channel": entry.channel,
        "duration_band": entry.duration_band,
        "age_band": entry.age_band,
        "gender": entry.gender,
        "idempotency_key": entry.idempotency_key,
        "topics": list(entry.topics),
        "life_domains": list(entry.life_domains),
        "is_complex": entry.is_complex or len(entry.life_domains) >= 2,
        "outcome": entry.outcome,
        "organization": entry.organization,
        "effort": entry.effort,
        "note": entry.note,
        "synchronous_commit": "off" if settings.PLEIN_REGISTRATION_ASYNC_COMMIT else "on",
    }


def _insert(parameters: dict, shape: Shape) -> int | None:
    # One statement is atomic by itself; inside a caller's transaction a savepoint keeps a
    # refused insert (a key sent before) from spoiling that transaction.
    in_transaction = connection.in_atomic_block
    savepoint = transaction.atomic() if in_transaction else contextlib.nullcontext()
    with savepoint, fastsql.prepared_cursor() as cursor:
        cursor.execute(_statement(shape), parameters)
        row = cursor.fetchone()
    return row[0] if row else None


def visit_register_quick(entry: QuickEntry, *, user, library: Library, mode: str) -> int | None:
    """The new visit's id, or None when the full path must judge the entry.

    None for: another database than PostgreSQL, a time in the future, any rule not met, or an
    idempotency key sent before (the full path then returns the visit stored first).
    """
    if connection.vendor != "postgresql":
        return None
    started_at = entry.started_at or timezone.now()
    if not entry.topics or started_at > timezone.now() + CLOCK_SKEW:
        return None
    parameters = _parameters(entry, library=library, user=user, mode=mode, started_at=started_at)
    try:
        visit_id = _insert(parameters, Shape.of(entry))
    except IntegrityError:
        return None
    if visit_id is not None:
        # A late entry from an offline queue may belong to a past month.
        months_changed(library_id=library.pk, dates=[parameters["date"]])
    return visit_id
