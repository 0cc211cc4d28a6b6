"""plein sync-hsds against a small ORUK-style API served by the test (http.server on localhost):
its /services lists items without their organization, pages with page/per_page, and filters
on modified_after; a run can be broken off halfway by a failing page."""

import datetime
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from plein.core.models import Library
from plein.core.tests.factories import LibraryFactory
from plein.socialmap.hsds import serialize
from plein.socialmap.hsds.sync import HsdsSyncError, hsds_sync
from plein.socialmap.models import HsdsSync, Service, ServiceStatus
from plein.socialmap.tests import factories as f

pytestmark = pytest.mark.django_db


class SourceApi:
    """The remote social map: fully nested HSDS services, keyed by id."""

    def __init__(self, services: list[dict]):
        self.services = {item["id"]: item for item in services}
        self.fail_on_page: int | None = None
        self.requests: list[str] = []

    def page(self, query: dict) -> tuple[int, dict]:
        page, per_page = int(query.get("page", 1)), int(query.get("per_page", 50))
        if self.fail_on_page == page:
            return 500, {"detail": "kapot"}
        rows = sorted(self.services.values(), key=lambda item: item["name"])
        if since := query.get("modified_after"):
            moment = datetime.datetime.fromisoformat(since.replace("Z", "+00:00"))
            rows = [
                row
                for row in rows
                if datetime.datetime.fromisoformat(row["last_modified"]) >= moment
            ]
        chunk = rows[(page - 1) * per_page : page * per_page]
        total_pages = max(1, -(-len(rows) // per_page))
        # ORUK-style: list items carry the service's own fields only.
        contents = [
            {key: value for key, value in row.items() if not isinstance(value, list | dict)}
            for row in chunk
        ]
        return 200, {
            "total_items": len(rows),
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        }


@pytest.fixture
def source_api():
    api = SourceApi([])

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urllib.parse.urlsplit(self.path)
            api.requests.append(self.path)
            query = dict(urllib.parse.parse_qsl(parts.query))
            if parts.path == "/hsds/services" and query.get("format") == "ndjson":
                lines = "".join(json.dumps(item) + "\n" for item in api.services.values())
                raw = lines.encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)
                return
            if parts.path == "/hsds/services":
                status, body = api.page(query)
            elif parts.path.startswith("/hsds/services/"):
                found = api.services.get(parts.path.rsplit("/", 1)[1])
                status, body = (200, found) if found else (404, {"detail": "weg"})
            else:
                status, body = 404, {"detail": "weg"}
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_address[1]}/hsds"
    yield api
    server.shutdown()
    server.server_close()


def remote_services(count: int) -> list[dict]:
    """Fully nested HSDS services of a library that then disappears from this database."""
    LibraryFactory(slug="elders")
    elsewhere = Library.objects.get(slug="elders")
    organization = f.OrganizationFactory(library=elsewhere, name="Stichting Elders")
    moment = timezone.now() - datetime.timedelta(days=2)
    for number in range(count):
        service = f.ServiceFactory(
            organization=organization, name=f"Dienst {number:02d}", last_modified=moment
        )
        f.ServiceAtLocationFactory(service=service, location__organization=organization)
    data = serialize.services_to_hsds(
        serialize.prefetch_services(Service.objects.filter(library=elsewhere).order_by("name"))
    )
    elsewhere.delete()
    # As over the wire: every service its own copy (the serializer shares organization dicts).
    return json.loads(json.dumps(data))


def test_first_run_takes_everything_then_only_changes(source_api):
    source_api.services.update({item["id"]: item for item in remote_services(3)})
    library = LibraryFactory(slug="hier")
    result = hsds_sync(url=source_api.url, library=library)
    assert result.full and result.services == 3
    assert Service.objects.filter(library=library).count() == 3
    assert Service.objects.get(name="Dienst 00").organization.name == "Stichting Elders"
    assert not any("modified_after" in path for path in source_api.requests)
    state = HsdsSync.objects.get(library=library)
    assert state.synced_until and state.last_error == ""

    # Nothing changed: the next run asks for changes only and gets none.
    source_api.requests.clear()
    again = hsds_sync(url=source_api.url, library=library)
    assert not again.full and again.services == 0
    assert all("modified_after" in path for path in source_api.requests if "?" in path)


def test_ndjson_takes_everything_in_one_answer_and_is_idempotent(source_api, monkeypatch):
    monkeypatch.setattr("plein.socialmap.hsds.sync.NDJSON_BATCH", 2)
    source_api.services.update({item["id"]: item for item in remote_services(3)})
    library = LibraryFactory(slug="hier")
    result = hsds_sync(url=source_api.url, library=library, ndjson=True)
    assert (result.services, result.pages) == (3, 2)
    assert Service.objects.filter(library=library).count() == 3
    assert any("format=ndjson" in path for path in source_api.requests)
    again = hsds_sync(url=source_api.url, library=library, ndjson=True, full=True)
    assert again.deactivated == 0
    assert all(count.get("created", 0) == 0 for count in again.counts.values())
    assert Service.objects.filter(library=library).count() == 3


def test_a_deactivation_arrives_with_its_status(source_api):
    services = remote_services(2)
    source_api.services.update({item["id"]: item for item in services})
    library = LibraryFactory(slug="hier")
    hsds_sync(url=source_api.url, library=library)
    closed = source_api.services[services[0]["id"]]
    closed["status"] = "inactive"
    closed["last_modified"] = timezone.now().isoformat()
    result = hsds_sync(url=source_api.url, library=library)
    assert result.services == 1
    assert Service.objects.get(id=services[0]["id"]).status == ServiceStatus.INACTIVE
    assert Service.objects.get(id=services[1]["id"]).status == ServiceStatus.ACTIVE


def test_a_deletion_at_the_source_makes_the_service_defunct_on_a_full_run(source_api):
    services = remote_services(2)
    source_api.services.update({item["id"]: item for item in services})
    library = LibraryFactory(slug="hier")
    hsds_sync(url=source_api.url, library=library)
    del source_api.services[services[1]["id"]]
    assert hsds_sync(url=source_api.url, library=library).deactivated == 0  # not seen: no listing
    result = hsds_sync(url=source_api.url, library=library, full=True)
    assert result.deactivated == 1
    assert Service.objects.get(id=services[1]["id"]).status == ServiceStatus.DEFUNCT
    assert Service.objects.get(id=services[0]["id"]).status == ServiceStatus.ACTIVE
    # Idempotent: the same full run again changes nothing more.
    assert hsds_sync(url=source_api.url, library=library, full=True).deactivated == 0


def test_an_interrupted_run_keeps_whole_pages_and_resumes(source_api, monkeypatch):
    monkeypatch.setattr("plein.socialmap.hsds.sync.PER_PAGE", 2)
    services = remote_services(5)
    source_api.services.update({item["id"]: item for item in services})
    library = LibraryFactory(slug="hier")
    source_api.fail_on_page = 2
    with pytest.raises(HsdsSyncError) as stopped:
        hsds_sync(url=source_api.url, library=library)
    assert "500" in str(stopped.value)
    # Page 1 is in, whole; nothing of page 2; the run does not count as done.
    assert sorted(Service.objects.filter(library=library).values_list("name", flat=True)) == [
        "Dienst 00",
        "Dienst 01",
    ]
    state = HsdsSync.objects.get(library=library)
    assert state.synced_until is None and "500" in state.last_error
    source_api.fail_on_page = None
    result = hsds_sync(url=source_api.url, library=library)
    assert result.full and result.services == 5
    assert Service.objects.filter(library=library).count() == 5
    assert HsdsSync.objects.get(library=library).last_error == ""


def test_a_page_the_importer_refuses_stops_the_run_without_half_of_it(source_api, monkeypatch):
    monkeypatch.setattr("plein.socialmap.hsds.sync.PER_PAGE", 2)
    services = remote_services(4)
    services[3]["status"] = "misschien"  # not an HSDS status: the importer refuses it
    source_api.services.update({item["id"]: item for item in services})
    library = LibraryFactory(slug="hier")
    with pytest.raises(HsdsSyncError) as stopped:
        hsds_sync(url=source_api.url, library=library)
    assert "Pagina 2" in str(stopped.value)
    assert Service.objects.filter(library=library).count() == 2


def test_the_command_reports_what_changed_and_refuses_what_is_no_api(source_api, capsys):
    source_api.services.update({item["id"]: item for item in remote_services(2)})
    LibraryFactory(slug="hier")
    call_command("sync_hsds", source_api.url, "--library", "hier")
    out = capsys.readouterr().out
    assert "2 diensten op 1 pagina's" in out
    with pytest.raises(CommandError) as refused:
        call_command("sync_hsds", source_api.url + "/nergens", "--library", "hier")
    assert "404" in str(refused.value)
    with pytest.raises(CommandError):
        call_command("sync_hsds", "http://127.0.0.1:9/hsds", "--library", "hier")


@pytest.mark.parametrize("model", ["Organization", "Service", "Location"])
def test_the_admin_withdraws_rather_than_deletes(rf, admin_user, model):
    """A deleted row would leave no tombstone for HSDS consumers; status defunct does."""
    from django.contrib import admin

    from plein.socialmap import models

    request = rf.get("/")
    request.user = admin_user
    model_admin = admin.site._registry[getattr(models, model)]
    assert model_admin.has_delete_permission(request) is False
    assert "delete_selected" not in model_admin.get_actions(request)
