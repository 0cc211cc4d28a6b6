"""plein sync-hsds end to end against a second Plein server, started by the test on localhost
(`plein runserver` in a child process, on its own copy of the database)."""

import datetime
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest
from django.db import connection
from django.utils import timezone

from plein.core.models import Library
from plein.core.tests.factories import LibraryFactory
from plein.socialmap.hsds.sync import HsdsSyncError, hsds_sync
from plein.socialmap.models import HsdsSync, Service, ServiceStatus
from plein.socialmap.tests import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="the second server gets a copy of the SQLite test database",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(database, port: int) -> subprocess.Popen:
    env = {
        "PATH": "/usr/bin:/bin",
        "PLEIN_DEV": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": ":".join(sys.path),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "plein", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/hsds/", timeout=5).close()
            return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise AssertionError("the second Plein server did not start")


@pytest.fixture
def remote(tmp_path):
    """A second Plein with library "bron" (three services); this database keeps none of it."""
    LibraryFactory(slug="bron")
    source = Library.objects.get(slug="bron")
    organization = f.OrganizationFactory(library=source, name="Stichting Bron")
    moment = timezone.now() - datetime.timedelta(days=1)
    for name in ("Budgetcoach", "Schuldhulp", "Taalcafé"):
        service = f.ServiceFactory(organization=organization, name=name, last_modified=moment)
        f.ServiceAtLocationFactory(service=service, location__organization=organization)
    database = tmp_path / "remote.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    source.delete()
    port = _free_port()
    server = _start_server(database, port)
    yield database, f"http://127.0.0.1:{port}/api/hsds", server
    server.terminate()
    server.wait(timeout=30)


def _remote_sql(database, sql: str, *params) -> None:
    with sqlite3.connect(database) as db:
        db.execute(sql, params)


def test_sync_from_a_second_plein_server(remote):
    database, url, server = remote
    LibraryFactory(slug="hier")
    library = Library.objects.get(slug="hier")

    first = hsds_sync(url=url, library=library)
    assert first.full and first.services == 3
    here = Service.objects.filter(library=library)
    assert sorted(here.values_list("name", flat=True)) == ["Budgetcoach", "Schuldhulp", "Taalcafé"]
    assert {s.organization.name for s in here} == {"Stichting Bron"}

    # A deactivation at the source arrives in the next, incremental run.
    closed = here.get(name="Schuldhulp")
    now = timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    _remote_sql(
        database,
        "UPDATE socialmap_service SET status = 'inactive', last_modified = ? WHERE id = ?",
        now,
        closed.id.hex,
    )
    second = hsds_sync(url=url, library=library)
    assert not second.full and second.services == 1
    closed.refresh_from_db()
    assert closed.status == ServiceStatus.INACTIVE

    # A deletion at the source: a full run makes it defunct here.
    gone = here.get(name="Taalcafé")
    _remote_sql(database, "DELETE FROM socialmap_service WHERE id = ?", gone.id.hex)
    third = hsds_sync(url=url, library=library, full=True)
    assert third.deactivated == 1
    gone.refresh_from_db()
    assert gone.status == ServiceStatus.DEFUNCT
    assert here.get(name="Budgetcoach").status == ServiceStatus.ACTIVE

    # The server goes away mid-way: the run stops cleanly and the last good moment stays.
    synced_until = HsdsSync.objects.get(library=library).synced_until
    server.terminate()
    server.wait(timeout=30)
    with pytest.raises(HsdsSyncError):
        hsds_sync(url=url, library=library)
    state = HsdsSync.objects.get(library=library)
    assert state.synced_until == synced_until
    assert state.last_error
