"""SQL written once, for the few statements that run on nearly every request.

Django compiles a queryset's SQL anew on every call; on the benchmark machine that costs about
0.6 ms, three times the query itself. The session and user lookups run on every signed-in
request, so they use SQL built once per process from the models' own metadata and turn rows into
instances with the same converters the ORM applies. The desk's registration statement is also
prepared on PostgreSQL (planned once per connection). Everything else uses the ORM.
"""

from functools import cache

from django.db import connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import Model

try:
    from django.db.backends.postgresql.base import ServerBindingCursor
except ImportError:  # psycopg is not installed: SQLite only
    ServerBindingCursor = None


@cache
def _fields(model: type[Model]) -> tuple:
    return tuple(model._meta.concrete_fields)


def select_list(model: type[Model], alias: str, *, using: str = "default") -> str:
    """`alias."col1", alias."col2", …` for every concrete field of the model, in field order."""
    quote = connections[using].ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in _fields(model))


@cache
def _attnames(model: type[Model]) -> list[str]:
    return [field.attname for field in _fields(model)]


def column_count(model: type[Model]) -> int:
    return len(_fields(model))


@cache
def _converters(model: type[Model], using: str) -> tuple:
    """(position, column expression, converters) for each field whose values need converting."""
    connection = connections[using]
    table = model._meta.db_table
    found = []
    for position, field in enumerate(_fields(model)):
        column = field.get_col(table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if converters:
            found.append((position, column, tuple(converters)))
    return tuple(found)


def instance_from_row(model: type[Model], values, *, using: str = "default") -> Model:
    """Build the instance the ORM would build from these column values (in select_list order)."""
    connection = connections[using]
    values = list(values)
    if len(values) != column_count(model):
        raise ValueError(f"{model.__name__}: {len(values)} values for {column_count(model)} fields")
    for position, column, converters in _converters(model, using):
        for converter in converters:
            values[position] = converter(values[position], column, connection)
    return model.from_db(using, _attnames(model), values)


if ServerBindingCursor is not None:

    class _PreparingCursor(ServerBindingCursor):
        """psycopg with the parameters sent apart from the SQL, so the plan can be kept."""

        def execute(self, query, params=None, **kwargs):
            return super().execute(query, params, prepare=True, **kwargs)


class _LoggedPreparedCursor(CursorDebugWrapper):
    """Logs the statement as written: psycopg does not keep a prepared statement's text."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)


def prepared_cursor(*, using: str = "default"):
    """A cursor (use it with `with`) whose statements PostgreSQL plans once per connection.

    Like connection.cursor(): it connects, checks the connection's health and logs queries when
    Django does. Preparing needs OPTIONS["prepare_threshold"] set (settings.py does, unless
    PLEIN_DB_PREPARED_STATEMENTS=0); without it the statements simply run unprepared.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise ValueError("prepared_cursor is for PostgreSQL")
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    cursor = _PreparingCursor(connection.connection)
    if connection.queries_logged:
        return _LoggedPreparedCursor(cursor, connection)
    return connection.make_cursor(cursor)


def cursor(*, using: str = "default"):
    """prepared_cursor() on PostgreSQL, else the connection's own cursor (SQLite plans cheaply)."""
    if connections[using].vendor == "postgresql":
        return prepared_cursor(using=using)
    return connections[using].cursor()
