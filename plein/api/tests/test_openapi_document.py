"""The OpenAPI document describes what the API answers with the HSDS 3.0 object schemas, so a
consumer (the ORUK validator, schemathesis) can check Plein against Plein's own document."""

import json

import jsonschema
import pytest
from django.urls import reverse

from plein.api.hsds_schemas import SCHEMA_DIR, hsds_components
from plein.socialmap.tests import factories as f

OBJECTS = {
    "accessibility", "address", "attribute", "contact", "cost_option", "funding", "language",
    "location", "meta_table_description", "metadata", "organization", "organization_identifier",
    "phone", "program", "required_document", "schedule", "service", "service_area",
    "service_at_location", "taxonomy", "taxonomy_term",
}  # fmt: skip

pytestmark = pytest.mark.django_db  # the API's rate-limit counts live in the database cache


@pytest.fixture
def document(client) -> dict:
    return client.get(reverse("api:schema")).json()


def response_schema(document: dict, path: str, status: str = "200") -> dict:
    """The JSON response schema of GET `path`, able to resolve the document's references."""
    content = document["paths"][path]["get"]["responses"][status]["content"]
    return {**content["application/json"]["schema"], "components": document["components"]}


def validator(document: dict, path: str) -> jsonschema.Draft4Validator:
    # OpenAPI 3.0 schema objects are close to JSON Schema draft 4 (what OpenAPI 3.0 extends).
    schema = response_schema(document, path)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def test_every_hsds_object_is_a_component(document):
    assert set(document["components"]["schemas"]) >= OBJECTS


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/hsds/services", "service"),
        ("/api/hsds/organizations", "organization"),
        ("/api/hsds/service_at_locations", "service_at_location"),
        ("/api/hsds/locations", "location"),
        ("/api/hsds/taxonomies", "taxonomy"),
        ("/api/hsds/taxonomy_terms", "taxonomy_term"),
    ],
)
def test_page_contents_and_single_objects_refer_to_their_hsds_object(document, path, name):
    contents = response_schema(document, path)["properties"]["contents"]
    assert contents["items"] == {"$ref": f"#/components/schemas/{name}"}
    single = response_schema(document, path + "/{id}")
    assert single["$ref"] == f"#/components/schemas/{name}"


def test_components_keep_hsds_properties_types_and_required_fields():
    service = hsds_components()["service"]
    original = json.loads((SCHEMA_DIR / "service.json").read_text(encoding="utf-8"))
    assert set(service["properties"]) == set(original["properties"])
    assert service["required"] == ["id", "name", "status"]
    assert service["properties"]["email"] == {
        key: original["properties"]["email"][key]
        for key in ("type", "title", "description", "format", "example")
    }
    assert service["properties"]["phones"]["items"] == {"$ref": "#/components/schemas/phone"}
    assert service["properties"]["organization"] == {"$ref": "#/components/schemas/organization"}


def test_the_shipped_schemas_are_the_specifications_own(shared_dir):
    """Copied unchanged (CC BY-SA 4.0, NOTICE.md): a changed copy would describe another HSDS."""
    shipped = {path.name: path.read_bytes() for path in SCHEMA_DIR.glob("*.json")}
    official = shared_dir / "hsds-3.0" / "schema"
    assert shipped
    for name, data in shipped.items():
        assert data == (official / name).read_bytes(), name
    others = {p.name for p in official.glob("*.json")} - set(shipped) - {"openapi.json"}
    assert not others, f"HSDS object schemas not shipped: {others}"


def test_a_full_service_as_served_matches_the_published_schema(client, document, full_service):
    answer = client.get(f"/api/hsds/services/{full_service.id}").json()
    validator(document, "/api/hsds/services/{id}").validate(answer)
    page = client.get("/api/hsds/services?per_page=10").json()
    validator(document, "/api/hsds/services").validate(page)
    assert page["contents"]


def test_an_answer_that_breaks_hsds_fails_the_published_schema(client, document, full_service):
    answer = client.get(f"/api/hsds/services/{full_service.id}").json()
    answer["phones"] = "0591 123 456"  # HSDS: a list of phone objects
    errors = list(validator(document, "/api/hsds/services/{id}").iter_errors(answer))
    assert errors and errors[0].path[0] == "phones"


def test_every_list_as_served_matches_the_published_schema(client, document):
    service = f.ServiceFactory()
    f.ServiceAtLocationFactory(service=service)
    lists = ["organizations", "service_at_locations", "locations", "taxonomies", "taxonomy_terms"]
    for path in (f"/api/hsds/{name}" for name in lists):
        page = client.get(path).json()
        validator(document, path).validate(page)
