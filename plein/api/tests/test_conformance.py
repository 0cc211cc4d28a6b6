"""Plein against other people's documents: the official HSDS 3.0 OpenAPI (schemathesis, no
server error for any request it generates) and the Open Referral UK profile's schemas."""

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from plein.socialmap.tests import factories as f

pytestmark = pytest.mark.django_db

COMPILED_URL = re.compile(
    r"https://raw\.githubusercontent\.com/openreferral/specification/3\.0/schema/"
    r"(?:compiled/)?(\w+)\.json"
)
API = "/api/hsds/"


def official_openapi(shared_dir) -> dict:
    """The official document, its remote $refs to the compiled schemas made local (no network
    here), served from Plein's HSDS root."""
    compiled = shared_dir / "hsds-3.0" / "schema" / "compiled"
    text = (shared_dir / "hsds-3.0" / "schema" / "openapi.json").read_text()
    names = set(COMPILED_URL.findall(text))
    document = json.loads(COMPILED_URL.sub(r"#/components/schemas/hsds_\1", text))
    for name in names:
        path = compiled / f"{name}.json"
        if not path.exists():
            path = shared_dir / "hsds-3.0" / "schema" / f"{name}.json"
        document["components"]["schemas"][f"hsds_{name}"] = json.loads(path.read_text())
    document["servers"] = [{"url": API.rstrip("/")}]
    return document


@pytest.fixture(autouse=True)
def _one_connection():
    """As Django's test client does: the WSGI app keeps the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _data(db, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"hsds": None}}
    service = f.ServiceFactory()
    f.ServiceAtLocationFactory(service=service)
    f.AttributeFactory(service=service)


# schemathesis needs the document when the tests are collected, before fixtures exist; the
# shared_dir fixture (conftest) still decides whether a missing ../shared skips or fails.
SHARED_DIR = Path(
    os.environ.get("PLEIN_SHARED_DIR", Path(__file__).resolve().parents[4] / "shared")
)
HAS_SHARED = (SHARED_DIR / "hsds-3.0" / "schema" / "openapi.json").exists()
official = schemathesis.openapi.from_dict(
    official_openapi(SHARED_DIR) if HAS_SHARED else {"openapi": "3.0.3", "info": {}, "paths": {}}
)
official.app = get_wsgi_application()


def test_the_official_document_is_there(shared_dir):
    assert HAS_SHARED
    assert len(official_openapi(shared_dir)["paths"]) >= 11


@official.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_official_hsds_openapi_meets_no_server_error(case):
    response = case.call()
    assert response.status_code < 500, (case.path, case.query, response.text[:500])
    assert response.status_code != 429


def _merge_patch(target, patch):
    """RFC 7386, as Open Referral profiles are written: null removes, objects merge."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = _merge_patch(result.get(key), value)
    return result


@pytest.fixture(scope="module")
def oruk_validate(shared_dir):
    """oruk_validate("service", data): the HSDS schema with the ORUK profile patched over it."""
    plain = shared_dir / "hsds-3.0" / "schema"
    profile = shared_dir / "oruk-3.0" / "profile"
    schemas = {}
    for path in plain.glob("*.json"):
        if path.name == "openapi.json":
            continue
        schema = json.loads(path.read_text())
        patch = (
            json.loads((profile / path.name).read_text()) if (profile / path.name).exists() else {}
        )
        # A table the profile leaves out is null there; the HSDS schema stays for references.
        if patch is not None:
            schema = _merge_patch(schema, patch)
        schemas[path.name] = schema
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, DRAFT202012)) for name, schema in schemas.items()
    )

    def validate(name: str, data) -> None:
        jsonschema.Draft202012Validator(
            schemas[f"{name}.json"], registry=registry, format_checker=jsonschema.FormatChecker()
        ).validate(data)

    return validate


def test_responses_validate_against_the_oruk_profile(client, full_service, oruk_validate):
    oruk_validate("service", client.get(API + f"services/{full_service.id}").json())
    organization = client.get(API + f"organizations/{full_service.organization_id}").json()
    organization.pop("services", None)  # a list of service_list items, not in the profile
    oruk_validate("organization", organization)
    for sal in client.get(API + "service_at_locations?full=true").json()["contents"]:
        oruk_validate("service_at_location", {k: v for k, v in sal.items() if k != "service"})
    for location in client.get(API + "locations?full=true").json()["contents"]:
        oruk_validate("location", location)
    for term in client.get(API + "taxonomy_terms").json()["contents"]:
        oruk_validate("taxonomy_term", term)


def test_the_oruk_profile_check_refuses_what_the_profile_forbids(full_service, oruk_validate):
    """The check above can fail: ORUK requires a service's status."""
    with pytest.raises(jsonschema.ValidationError):
        oruk_validate("service", {"id": str(full_service.id), "name": "Zonder status"})
