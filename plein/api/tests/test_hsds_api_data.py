"""The API over realistic data: search through the shared search module, and Lindendal."""

import json

import jsonschema
import pytest

from plein.core.tests.factories import LibraryFactory
from plein.socialmap.models import Contact, Phone, Service, ServiceStatus
from plein.socialmap.tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/hsds/"


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["contents"]]


def test_schema_validation_in_these_tests_can_fail(hsds_validate):
    good = {"id": "3f7b145d-84af-42d7-8fae-eaca714b02b2", "name": "Dienst", "status": "active"}
    hsds_validate("service", good)
    for bad in (
        {**good, "id": "geen-uuid"},
        {**good, "url": "geen url"},
        {**good, "last_modified": "gisteren"},
        {**good, "minimum_age": "18"},
        {key: value for key, value in good.items() if key != "status"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            hsds_validate("service", bad)


def test_search_uses_the_shared_search_and_finds_the_debt_service(client):
    from plein.socialmap.search.index import search_index_rebuild

    library = LibraryFactory()
    debt = f.ServiceFactory(
        name="Schuldhulpverlening",
        description="Hulp bij schulden, betalingsachterstanden en geldzorgen.",
        organization__library=library,
    )
    f.ServiceAtLocationFactory(service=debt)
    f.ServiceFactory(
        name="Taalcafé", description="Samen Nederlands oefenen.", organization__library=library
    )
    f.ServiceFactory(
        name="Schuldhulp oud",
        description="Hulp bij schulden.",
        status=ServiceStatus.DEFUNCT,
        organization__library=library,
    )
    search_index_rebuild(library=library)
    assert names(client.get(API + "services", {"search": "schuldhulp"})) == ["Schuldhulpverlening"]
    assert names(client.get(API + "services", {"search": "schuldhulp", "library": library.slug}))
    assert names(client.get(API + "services", {"search": "taalcafe"})) == ["Taalcafé"]
    assert names(client.get(API + "services", {"search": "schuldhulp", "day": "SU"})) == []
    sals = client.get(API + "service_at_locations", {"search": "schulden"}).json()
    assert [item["service_id"] for item in sals["contents"]] == [str(debt.id)]
    stream = client.get(API + "services", {"search": "schuldhulp", "format": "ndjson"})
    lines = b"".join(stream.streaming_content).decode().splitlines()
    assert [json.loads(line)["name"] for line in lines] == ["Schuldhulpverlening"]


@pytest.fixture
def lindendal(shared_dir):
    from plein.socialmap.hsds.importer import hsds_import

    library = LibraryFactory(slug="lindendal")
    hsds_import(path=shared_dir / "data" / "lindendal" / "csv", library=library)
    return library


@pytest.mark.shared_data
def test_lindendal_through_the_api_validates_and_keeps_professional_contacts_out(
    client, lindendal, hsds_validate
):
    # Lindendal has no professionals-only rows; make every other contact and phone one.
    for model in (Contact, Phone):
        ids = list(model.objects.order_by("id").values_list("id", flat=True)[::2])
        model.objects.filter(id__in=ids).update(professionals_only=True)
    hidden = {c.email for c in Contact.objects.filter(professionals_only=True) if c.email} | {
        p.number for p in Phone.objects.filter(professionals_only=True)
    }
    # A value shared with a public row may show legitimately; only check unique ones.
    hidden -= {c.email for c in Contact.objects.filter(professionals_only=False)}
    hidden -= {p.number for p in Phone.objects.filter(professionals_only=False)}
    assert len(hidden) > 20
    listed = Service.objects.filter(status__in=["active", "temporarily closed"]).count()
    response = client.get(API + "services", {"format": "ndjson", "full": "true"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == listed
    for line in lines:
        hsds_validate("service", json.loads(line))
    text = "\n".join(lines)
    assert not [value for value in hidden if value in text]

    page = client.get(API + "services", {"per_page": 100, "library": "lindendal"}).json()
    assert page["total_items"] == listed
    for item in page["contents"]:
        hsds_validate("service_list", item)

    orgs = client.get(API + "organizations", {"full_service": "true", "per_page": 100}).json()
    for item in orgs["contents"]:
        hsds_validate("organization", item)
    assert not [value for value in hidden if value in json.dumps(orgs, ensure_ascii=False)]

    sals = client.get(API + "service_at_locations", {"full": "true", "per_page": 100}).json()
    assert sals["total_items"] > 0
    for item in sals["contents"]:
        hsds_validate("service_at_location", item)

    terms = client.get(API + "taxonomy_terms", {"library": "lindendal", "per_page": 100})
    for item in terms.json()["contents"]:
        hsds_validate("taxonomy_term", item)


@pytest.mark.shared_data
def test_lindendal_filters(client, lindendal):
    tuesday = names(client.get(API + "services", {"day": "dinsdag", "per_page": 100}))
    assert tuesday
    youth = client.get(API + "services", {"maximum_age": 16, "per_page": 100}).json()
    for item in youth["contents"]:
        assert item.get("minimum_age", 0) <= 16
    postcode = client.get(API + "services", {"postcode": "7731", "per_page": 100}).json()
    assert postcode["total_items"] > 0


def _mismatches(ours, theirs, path=""):
    """Paths where our output differs from the example; extra keys of ours are allowed."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in theirs:
            if key not in ours:
                yield f"missing {path}/{key}"
            else:
                yield from _mismatches(ours[key], theirs[key], f"{path}/{key}")
    elif isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for index, (mine, example) in enumerate(zip(ours, theirs, strict=True)):
            yield from _mismatches(mine, example, f"{path}[{index}]")
    elif ours != theirs:
        yield f"differs {path}: {ours!r} != {theirs!r}"


@pytest.mark.shared_data
def test_the_specification_example_comes_back_out_of_the_api(client, shared_dir):
    from plein.socialmap.hsds.importer import hsds_import

    example_path = shared_dir / "hsds-3.0" / "examples" / "service_full.json"
    hsds_import(path=example_path, library=LibraryFactory())
    example = json.loads(example_path.read_text())
    response = client.get(f"{API}services/{example['id']}")
    assert response.status_code == 200
    # The example points at a parent organisation and a parent term that it does not contain;
    # a database cannot hold such dangling links, so only those two may be missing.
    dangling = {"missing /organization/parent_organization_id"} | {
        "missing /attributes[0]/taxonomy_term/parent_id"
    }
    # Its location lies at latitude 100, outside WGS84: issue 17 asks that such a position is
    # not taken (the importer leaves both coordinates out, with a warning), so not exported.
    position = {
        f"missing {place}/{axis}"
        for place in ("/service_at_locations[0]/location", "/organization/locations[0]")
        for axis in ("latitude", "longitude")
    }
    mismatches = set(_mismatches(response.json(), example))
    assert mismatches <= dangling | position
    assert position & mismatches, "the example's latitude 100 came back out"


def test_pages_keep_the_relevance_order_of_the_search(client):
    from plein.socialmap.search import service_search
    from plein.socialmap.search.index import search_index_rebuild

    library = LibraryFactory()
    for name, description in (
        ("Aanpak armoede", "Ook schuldhulp voor gezinnen."),
        ("Schuldhulp", "Hulp bij schulden."),
        ("Budgetcoach", "Samen de schuldhulp voorbereiden; schuldhulp dichtbij."),
        ("Zwemles", "Leren zwemmen."),
    ):
        f.ServiceFactory(name=name, description=description, organization__library=library)
    search_index_rebuild(library=library)
    expected = [s.name for s in service_search(Service.objects.all(), "schuldhulp")]
    assert len(expected) == 3 and expected != sorted(expected)
    first = names(client.get(API + "services", {"search": "schuldhulp", "per_page": 2}))
    rest = names(client.get(API + "services", {"search": "schuldhulp", "per_page": 2, "page": 2}))
    assert first + rest == expected
