import datetime
import decimal
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plein.socialmap.hsds import serialize
from plein.socialmap.models import Service
from plein.socialmap.tests import factories as f

pytestmark = pytest.mark.django_db


def _all_values(data, key):
    """Every value of `key` anywhere in a nested structure."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key:
                yield v
            yield from _all_values(v, key)
    elif isinstance(data, list):
        for item in data:
            yield from _all_values(item, key)


def test_full_service_validates_against_the_compiled_schema(full_service, hsds_validate):
    data = serialize.service_to_hsds(full_service)
    hsds_validate("service", data)
    assert data["id"] == str(full_service.id)
    assert data["organization"]["id"] == str(full_service.organization_id)
    assert data["program"]["name"] == full_service.program.name
    sal = data["service_at_locations"][0]
    assert sal["location"]["addresses"][0]["postal_code"] == "7731 BK"
    assert sal["location"]["accessibility"]
    assert sal["location"]["languages"][0]["code"] == "en"
    assert sal["schedules"][0]["opens_at"] == "10:00:00"
    assert sal["contacts"][0]["name"] == "Locatiebalie"
    assert data["organization"]["organization_identifiers"][0]["identifier_type"] == "KvK-nummer"
    assert data["organization"]["locations"][0]["id"] == sal["location"]["id"]
    assert {s["byday"] for s in data["schedules"]} == {"MO,WE"}
    assert data["attributes"][0]["taxonomy_term"]["taxonomy_detail"]["name"]
    assert data["metadata"][0]["replacement_value"] == "Nieuwe naam"
    assert sal["location"]["metadata"][0]["resource_type"] == "location"


def test_values_have_hsds_shapes(full_service):
    data = serialize.service_to_hsds(full_service)
    assert data["assured_date"] == datetime.date.today().isoformat()
    assert data["last_modified"].endswith("Z")
    assert data["cost_options"][0]["amount"] == 21.8
    location = data["service_at_locations"][0]["location"]
    assert location["latitude"] == 52.2593
    assert isinstance(data["minimum_age"], int)
    json.dumps(data)  # everything is plain JSON


def test_empty_optional_fields_are_left_out_but_required_ones_stay(db):
    service = f.ServiceFactory(description="", alternate_name="", organization__description="")
    data = serialize.service_to_hsds(service)
    assert "alternate_name" not in data
    assert "description" not in data
    assert "maximum_age" not in data
    assert data["organization"]["description"] == ""
    assert "phones" not in data


def test_public_output_never_holds_professionals_only_contacts_or_phones(full_service):
    text = json.dumps(serialize.service_to_hsds(full_service, public=True))
    assert "Geheime Consulent" not in text
    assert "06-12345678" not in text
    assert "06-99999999" not in text
    assert serialize.PROFESSIONALS_ONLY_FIELD not in text
    assert "Publiek Loket" in text
    assert "0570-111 111" in text


def test_phone_of_a_professionals_only_contact_is_hidden_everywhere(full_service):
    secret = full_service.contacts.get(professionals_only=True)
    f.PhoneFactory(service=full_service, contact=secret, number="06-55555555")
    assert "06-55555555" not in json.dumps(serialize.service_to_hsds(full_service))
    assert "06-55555555" in json.dumps(serialize.service_to_hsds(full_service, public=False))


def test_private_output_marks_professionals_only_rows(full_service, hsds_validate):
    data = serialize.service_to_hsds(full_service, public=False)
    hsds_validate("service", data)
    secret = next(c for c in data["contacts"] if c["name"] == "Geheime Consulent")
    assert secret[serialize.PROFESSIONALS_ONLY_FIELD] is True
    assert secret["phones"][0]["number"] == "06-12345678"
    phone = next(p for p in data["phones"] if p["number"] == "06-99999999")
    assert phone[serialize.PROFESSIONALS_ONLY_FIELD] is True
    public = next(c for c in data["contacts"] if c["name"] == "Publiek Loket")
    assert serialize.PROFESSIONALS_ONLY_FIELD not in public


def test_minimal_service_has_id_name_status_and_modified(full_service, hsds_validate):
    data = serialize.service_to_hsds(full_service, minimal=True)
    assert set(data) == {"id", "name", "status", "last_modified"}
    hsds_validate("service_list", data)


def test_list_item_holds_one_to_one_fields_only(full_service, hsds_validate):
    data = serialize.service_list_item_to_hsds(full_service)
    hsds_validate("service_list", data)
    assert "phones" not in data
    assert "service_at_locations" not in data
    assert data["organization"]["name"] == full_service.organization.name
    assert "locations" not in data["organization"]


def test_organization_validates_and_lists_its_services(full_service, hsds_validate):
    data = serialize.organization_to_hsds(full_service.organization)
    hsds_validate("organization", data)
    assert [s["id"] for s in data["services"]] == [str(full_service.id)]
    assert "organization" not in data["services"][0]
    full = serialize.organization_to_hsds(full_service.organization, services="full")
    hsds_validate("organization", full)
    assert "Geheime Consulent" not in json.dumps(full)
    assert full["services"][0]["service_at_locations"]


def test_service_at_location_validates(full_service, hsds_validate):
    sal = full_service.service_at_locations.get()
    data = serialize.service_at_location_to_hsds(sal)
    hsds_validate("service_at_location", data)
    assert data["service_id"] == str(full_service.id)
    assert data["service"]["id"] == str(full_service.id)
    assert "Geheime Consulent" not in json.dumps(data)
    (short,) = serialize.service_at_locations_to_hsds([sal], full=False)
    hsds_validate("service_at_location_list", short)
    assert "addresses" not in short["location"]


def test_taxonomy_and_term(db, hsds_validate):
    term = f.TaxonomyTermFactory(description="", language="nl")
    child = f.TaxonomyTermFactory(parent=term, taxonomy_detail=term.taxonomy_detail)
    data = serialize.taxonomy_term_to_hsds(child)
    hsds_validate("taxonomy_term", data)
    assert data["parent_id"] == str(term.id)
    assert data["taxonomy_id"] == str(term.taxonomy_detail_id)
    parent = serialize.taxonomy_term_to_hsds(term)
    assert parent["description"] == ""
    assert parent["language"] == "nl"
    hsds_validate("taxonomy", serialize.taxonomy_to_hsds(term.taxonomy_detail))


def test_hsds_value_converts_model_values():
    tz = datetime.timezone(datetime.timedelta(hours=1))
    moment = datetime.datetime(2026, 3, 1, 10, 30, 0, tzinfo=tz)
    assert serialize.hsds_value(moment) == "2026-03-01T09:30:00Z"
    assert serialize.hsds_value(moment.replace(microsecond=123000)) == "2026-03-01T09:30:00.123Z"
    assert serialize.hsds_value(moment.replace(microsecond=5)) == "2026-03-01T09:30:00.000005Z"
    assert serialize.hsds_value(datetime.time(9, 5)) == "09:05:00"
    assert serialize.hsds_value(decimal.Decimal("35.00")) == 35
    assert serialize.hsds_value(decimal.Decimal("0.5")) == 0.5


def _count_queries(func) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def test_prefetched_services_serialize_without_a_query_per_service(full_service):
    def serialize_all():
        rows = list(serialize.prefetch_services(Service.objects.all()))
        serialize.services_to_hsds(rows)

    few = _count_queries(serialize_all)
    for _ in range(5):
        service = f.ServiceFactory(organization=full_service.organization)
        f.PhoneFactory(service=service)
        f.ContactFactory(service=service)
        f.ServiceAtLocationFactory(service=service)
        f.AttributeFactory(service=service)
    assert _count_queries(serialize_all) == few


def test_iter_services_streams_in_chunks(full_service):
    for _ in range(4):
        f.ServiceFactory(organization=full_service.organization)
    rows = list(serialize.iter_services_hsds(Service.objects.order_by("name"), chunk_size=2))
    assert len(rows) == 5
    assert [r["name"] for r in rows] == sorted(r["name"] for r in rows)
    assert "Geheime Consulent" not in json.dumps(rows)
    private = list(serialize.iter_services_hsds(Service.objects.all(), public=False))
    assert "Geheime Consulent" in json.dumps(private)
