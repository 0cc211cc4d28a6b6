"""SQL written once (core.fastsql) and the PostgreSQL backend's health check (core.postgresql)."""

import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plein.accounts.models import User
from plein.accounts.tests.factories import UserFactory
from plein.core import fastsql
from plein.core.models import Library

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def _values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


@pytest.mark.parametrize("model", [User, Library])
def test_rows_become_the_instances_the_orm_builds(model):
    user = UserFactory()
    user.last_login = user.date_joined
    user.save()
    pk = user.pk if model is User else user.library_id
    sql = f"SELECT {fastsql.select_list(model, 't')} FROM {model._meta.db_table} t WHERE t.id = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    built = fastsql.instance_from_row(model, row)
    assert _values(built) == _values(model.objects.get(pk=pk))
    assert not built._state.adding
    if model is User:
        assert built.is_active is True and built.last_login.tzinfo is not None


def test_a_row_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="values for"):
        fastsql.instance_from_row(Library, (1, "x"))


def test_the_cursor_works_on_every_database():
    with fastsql.cursor() as cursor:
        cursor.execute("SELECT %s", [7])
        assert cursor.fetchone()[0] == 7


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite only")
def test_prepared_cursors_are_for_postgresql_only():
    with pytest.raises(ValueError):
        fastsql.prepared_cursor()


@postgresql_only
def test_a_prepared_statement_is_planned_once_and_still_logged():
    sql = "SELECT %s::int + 1 AS plein_prepared_probe"
    with CaptureQueriesContext(connection) as queries, fastsql.prepared_cursor() as cursor:
        cursor.execute(sql, [41])
        assert cursor.fetchone()[0] == 42
    assert queries[0]["sql"] == sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        assert any("plein_prepared_probe" in row[0] for row in cursor.fetchall())


@postgresql_only
def test_the_settings_choose_our_backend_and_allow_prepared_statements():
    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "plein.core.postgresql"
    assert database["OPTIONS"]["prepare_threshold"] == 5


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_healthy_idle_connection_is_usable_without_asking_the_server(monkeypatch):
    connection.ensure_connection()
    sent = []
    monkeypatch.setattr(psycopg.Cursor, "execute", lambda *a, **k: sent.append(a))
    monkeypatch.setattr(psycopg.Connection, "execute", lambda *a, **k: sent.append(a))
    assert connection.is_usable() is True
    assert sent == []


@postgresql_only
def test_a_connection_in_a_transaction_asks_the_server(monkeypatch):
    with connection.cursor() as cursor:  # opens the transaction pytest-django's test runs in
        cursor.execute("SELECT 0")
    sent = []
    original = psycopg.Cursor.execute

    def counting(cursor, *args, **kwargs):
        sent.append(args[0])
        return original(cursor, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", counting)
    assert connection.is_usable() is True
    assert sent == ["SELECT 1"]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_is_not_usable():
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(
        dbname=params["dbname"],
        user=params.get("user"),
        host=params.get("host"),
        port=params.get("port"),
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    try:
        deadline = time.monotonic() + 2
        while connection.is_usable() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert connection.is_usable() is False
    finally:
        connection.close()
