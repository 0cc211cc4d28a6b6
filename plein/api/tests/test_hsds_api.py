import datetime
import decimal
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plein.api import params as p
from plein.core.tests.factories import LibraryFactory
from plein.socialmap.models import ServiceStatus
from plein.socialmap.tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/hsds/"


def get(client, path: str, **query):
    return client.get(API + path, query)


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["contents"]]


def error(response, parameter: str) -> str:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["parameter"] == parameter
    return body["detail"]


# -- root and documents --------------------------------------------------------------------


def test_root_names_the_hsds_version_and_openapi_document(client):
    response = get(client, "")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/api/schema/")
    assert body["profile"].startswith("https://")


def test_openapi_url_serves_json_with_servers_by_default(client):
    response = client.get(get(client, "").json()["openapi_url"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    document = json.loads(response.content)
    assert document["servers"] == [{"url": "http://testserver"}]
    assert "/api/hsds/locations" in document["paths"]
    yaml = client.get("/api/schema/?format=yaml")
    assert yaml.content.startswith(b"openapi:")


def test_openapi_document_lists_every_hsds_endpoint(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    paths = schema["paths"]
    for path in (
        "/api/hsds/",
        "/api/hsds/services",
        "/api/hsds/services/{id}",
        "/api/hsds/organizations/{id}",
        "/api/hsds/service_at_locations",
        "/api/hsds/taxonomies/{id}",
        "/api/hsds/taxonomy_terms",
    ):
        assert path in paths
    documented = {param["name"] for param in paths["/api/hsds/services"]["get"]["parameters"]}
    assert {"search", "postcode", "proximity", "day", "minimum_age", "format"} <= documented


def test_openapi_document_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(out))
    assert "/api/hsds/services/{id}" in out.read_text()


# -- services ------------------------------------------------------------------------------


def test_services_page_wrapper_follows_hsds(client, hsds_validate):
    for n in range(3):
        f.ServiceFactory(name=f"Dienst {n}")
    response = get(client, "services", per_page=2)
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in body if k != "contents"} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    for item in body["contents"]:
        hsds_validate("service_list", item)
    second = get(client, "services", per_page=2, page=2).json()
    assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
    beyond = get(client, "services", per_page=2, page=9).json()
    assert beyond["contents"] == [] and beyond["empty"] is True


def test_a_search_pages_through_its_best_matches_only(client, monkeypatch):
    from plein.api import pagination
    from plein.socialmap.search.index import search_index_rebuild

    library = LibraryFactory()
    for n in range(5):
        f.ServiceFactory(name=f"Schuldhulp {n}", library=library, organization__library=library)
    f.ServiceFactory(name="Taalcafé", library=library, organization__library=library)
    search_index_rebuild(library=library)
    # Below the cap the count is exact; at the cap it stops, and the pages end with it.
    assert get(client, "services", search="schuldhulp").json()["total_items"] == 5
    monkeypatch.setattr(pagination, "SEARCH_RESULTS_MAX", 3)
    body = get(client, "services", search="schuldhulp", per_page=2).json()
    assert (body["total_items"], body["total_pages"], body["size"]) == (3, 2, 2)
    second = get(client, "services", search="schuldhulp", per_page=2, page=2).json()
    assert (second["size"], second["last_page"]) == (1, True)
    assert all(item["name"].startswith("Schuldhulp") for item in second["contents"])
    beyond = get(client, "services", search="schuldhulp", per_page=2, page=3).json()
    assert beyond["empty"] is True
    # Without a search the list's count is exact whatever the cap.
    assert get(client, "services").json()["total_items"] == 6


def test_empty_service_list_is_an_empty_page(client):
    body = get(client, "services").json()
    assert body["total_items"] == 0
    assert body["total_pages"] == 0
    assert body["empty"] is True
    assert body["contents"] == []


def test_per_page_is_capped(client):
    for _ in range(3):
        f.ServiceFactory()
    response = get(client, "services", per_page=100000)
    assert response.status_code == 200
    assert response.json()["size"] == 3
    assert p.MAX_PER_PAGE == 100


def test_full_services_validate_and_hide_professionals_only(client, full_service, hsds_validate):
    response = get(client, "services", full="true")
    (item,) = response.json()["contents"]
    hsds_validate("service", item)
    assert item["service_at_locations"]
    text = response.content.decode()
    assert "Geheime Consulent" not in text
    assert "06-12345678" not in text
    assert "06-99999999" not in text
    assert "x_professionals_only" not in text


def test_service_detail_is_fully_nested_and_public(client, full_service, hsds_validate):
    response = get(client, f"services/{full_service.id}")
    assert response.status_code == 200
    data = response.json()
    hsds_validate("service", data)
    assert data["id"] == str(full_service.id)
    assert data["organization"]["organization_identifiers"]
    assert "Geheime Consulent" not in response.content.decode()
    assert "Publiek Loket" in response.content.decode()


def test_service_detail_404_and_bad_id(client):
    missing = uuid.uuid4()
    response = get(client, f"services/{missing}")
    assert response.status_code == 404
    assert str(missing) in response.json()["detail"]
    # HSDS ids are strings: one that is no UUID is simply not here.
    for odd in ("niet-een-id", "123", "٣"):
        response = get(client, f"services/{odd}")
        assert response.status_code == 404
        assert odd in response.json()["detail"]


def test_minimal_services(client, full_service, hsds_validate):
    (item,) = get(client, "services", minimal="true").json()["contents"]
    assert set(item) == {"id", "name", "status", "last_modified"}
    hsds_validate("service_list", item)


def test_services_list_only_active_and_temporarily_closed_by_default(client):
    f.ServiceFactory(name="Actief")
    f.ServiceFactory(name="Even dicht", status=ServiceStatus.TEMPORARILY_CLOSED)
    f.ServiceFactory(name="Opgeheven", status=ServiceStatus.DEFUNCT)
    f.ServiceFactory(name="Inactief", status=ServiceStatus.INACTIVE)
    assert names(get(client, "services")) == ["Actief", "Even dicht"]
    assert names(get(client, "services", status="defunct")) == ["Opgeheven"]
    assert len(names(get(client, "services", status="all"))) == 4
    assert "all" in error(get(client, "services", status="weg"), "status")


def test_library_parameter_limits_to_one_library(client):
    here = f.ServiceFactory(name="Hier")
    f.ServiceFactory(name="Elders")
    assert names(get(client, "services", library=here.library.slug)) == ["Hier"]
    unknown = get(client, "services", library="bestaat-niet")
    assert unknown.status_code == 404  # a library that is not there, as the schema says
    assert "bestaat-niet" in unknown.json()["detail"]


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("library", "beek\x00veld"),
        ("search", "geld\x00"),
        ("page", "99999999999999999999"),
        ("page", "²"),
        ("page", ""),
        ("per_page", "0"),
        ("minimum_age", "¹²"),
        ("taxonomy_term_id", ""),
        ("taxonomy_term_id", "3f7b145d84af42d78faeeaca714b02b2"),
        ("modified_after", ""),
        ("modified_after", "2026-01-31T12:00:00+99:00"),
        ("format", ""),
        ("full", ""),
    ],
)
def test_bad_parameter_values_get_a_dutch_400_never_a_500(client, parameter, value):
    f.ServiceFactory()
    assert error(get(client, "services", **{parameter: value}), parameter)


def test_organization_id_filter(client):
    service = f.ServiceFactory(name="Van ons")
    f.ServiceFactory(name="Van een ander")
    assert names(get(client, "services", organization_id=service.organization_id)) == ["Van ons"]
    assert "UUID" in error(get(client, "services", organization_id="abc"), "organization_id")


def test_taxonomy_term_filter_includes_child_terms(client):
    parent = f.TaxonomyTermFactory(name="Geld")
    child = f.TaxonomyTermFactory(parent=parent, taxonomy_detail=parent.taxonomy_detail)
    other = f.TaxonomyTermFactory(name="Wonen")
    f.AttributeFactory(service__name="Budgetcursus", taxonomy_term=child)
    f.AttributeFactory(service__name="Schuldhulp", taxonomy_term=parent)
    f.AttributeFactory(service__name="Woningruil", taxonomy_term=other)
    assert names(get(client, "services", taxonomy_term_id=parent.id)) == [
        "Budgetcursus",
        "Schuldhulp",
    ]
    assert names(get(client, "services", taxonomy_term_id=child.id)) == ["Budgetcursus"]
    assert names(get(client, "services", taxonomy_id=other.taxonomy_detail_id)) == ["Woningruil"]
    assert names(get(client, "services", taxonomy_term_id=uuid.uuid4())) == []
    error(get(client, "services", taxonomy_term_id="12"), "taxonomy_term_id")
    error(get(client, "services", taxonomy_id="x"), "taxonomy_id")


def test_several_taxonomy_ids_mean_any_of_them(client):
    money = f.TaxonomyTermFactory(name="Geld")
    home = f.TaxonomyTermFactory(name="Wonen")
    f.AttributeFactory(service__name="Schuldhulp", taxonomy_term=money)
    f.AttributeFactory(service__name="Woningruil", taxonomy_term=home)
    f.ServiceFactory(name="Zonder term")
    both = ["Schuldhulp", "Woningruil"]
    assert names(get(client, "services", taxonomy_term_id=f"{money.id},{home.id}")) == both
    query = f"taxonomy_term_id={money.id}&taxonomy_term_id={home.id}"
    assert names(client.get(API + "services?" + query)) == both
    taxonomies = f"{money.taxonomy_detail_id},{home.taxonomy_detail_id}"
    assert names(get(client, "services", taxonomy_id=taxonomies)) == both
    detail = error(get(client, "services", taxonomy_term_id=f"{money.id},12"), "taxonomy_term_id")
    assert "'12'" in detail
    error(get(client, "services", taxonomy_term_id=","), "taxonomy_term_id")


def test_parameters_clients_commonly_add_are_ignored(client):
    f.ServiceFactory(name="Dienst")
    for extra in ({"_": "1733300000000"}, {"text": "geld"}, {"vocabulary": "esd"}):
        response = get(client, "services", **extra)
        assert response.status_code == 200, extra
        assert names(response) == ["Dienst"]
    # A typo of a real parameter is still refused, and so is a wrong value of a known one.
    assert "search" in error(get(client, "services", serach="geld"), "serach")
    error(get(client, "services", per_page="tien", _="1"), "per_page")


@pytest.mark.parametrize("value", ["²", "①", "٣", "3.0", "+3", " 3x"])
def test_pages_take_only_ascii_digits(client, value):
    f.ServiceFactory()
    error(get(client, "services", page=value), "page")
    error(get(client, "services", per_page=value), "per_page")


def test_minimal_pages_may_hold_a_thousand(client):
    organization = f.OrganizationFactory()
    f.ServiceFactory.create_batch(101, organization=organization, library=organization.library)
    assert get(client, "services", minimal="true", per_page=1000).json()["size"] == 101
    assert get(client, "services", per_page=1000).json()["size"] == 100
    assert p.MAX_PER_PAGE_MINIMAL == 1000


def test_modified_after(client):
    now = timezone.now()
    f.ServiceFactory(name="Oud", last_modified=now - datetime.timedelta(days=30))
    f.ServiceFactory(name="Nieuw", last_modified=now)
    since = (now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert names(get(client, "services", modified_after=since)) == ["Nieuw"]
    day = (now - datetime.timedelta(days=60)).date().isoformat()
    assert names(get(client, "services", modified_after=day)) == ["Nieuw", "Oud"]
    local = timezone.localtime(now - datetime.timedelta(hours=2)).isoformat(timespec="seconds")
    assert names(get(client, "services", modified_after=local)) == ["Nieuw"]
    # The same moment typed into a URL without encoding its "+".
    assert names(client.get(API + "services?modified_after=" + local)) == ["Nieuw"]
    for bad in ("gisteren", "2026-13-01", "2026-02-30T10:00"):
        assert "2026-01-31" in error(get(client, "services", modified_after=bad), "modified_after")


def test_modified_after_lists_closed_services_with_their_new_status(client):
    now = timezone.now()
    f.ServiceFactory(name="Gesloten", status=ServiceStatus.INACTIVE, last_modified=now)
    f.ServiceFactory(name="Opgeheven", status=ServiceStatus.DEFUNCT, last_modified=now)
    f.ServiceFactory(name="Open", last_modified=now)
    f.ServiceFactory(name="Lang geleden dicht", status=ServiceStatus.INACTIVE)
    since = (now - datetime.timedelta(minutes=5)).isoformat()
    for extra in ({}, {"minimal": "true"}, {"full": "true"}):
        body = get(client, "services", modified_after=since, **extra).json()
        statuses = {item["name"]: item["status"] for item in body["contents"] if "name" in item}
        assert statuses == {"Gesloten": "inactive", "Opgeheven": "defunct", "Open": "active"}
    ndjson = get(client, "services", modified_after=since, format="ndjson")
    lines = [json.loads(line) for line in ndjson.getvalue().decode().splitlines()]
    assert {line["status"] for line in lines} == {"inactive", "defunct", "active"}
    # An explicit status still narrows; without modified_after only the listed ones show.
    assert names(get(client, "services", modified_after=since, status="active")) == ["Open"]
    assert names(get(client, "services")) == ["Open"]


def test_modified_after_with_any_offset_iso_allows(client):
    """ISO 8601 offsets go to ±23:59, PostgreSQL's to ±15:59; and the calendar's ends."""
    f.ServiceFactory(name="Nu", last_modified=timezone.now())
    assert names(get(client, "services", modified_after="1026-11-11T04:53:06+17:43")) == ["Nu"]
    assert names(get(client, "services", modified_after="0001-01-01T00:00:00+05:00")) == ["Nu"]
    assert names(get(client, "services", modified_after="9999-12-31T23:59:59-10:00")) == []


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ({"minimum_age": 12}, ["Jongeren", "Volwassenen"]),
        ({"minimum_age": 12.5}, ["Volwassenen"]),
        ({"minimum_age": "0"}, ["Iedereen", "Jongeren", "Volwassenen"]),
        ({"minimum_age": 30}, []),
        ({"maximum_age": 23}, ["Jongeren"]),
        ({"maximum_age": "22.99"}, []),
        ({"minimum_age": 10, "maximum_age": 30}, ["Jongeren"]),
    ],
)
def test_age_filters_follow_oruk_bounds(client, asked, expected):
    """ORUK: the service's minimum age >= minimum_age, its maximum age <= maximum_age."""
    f.ServiceFactory(name="Iedereen")
    f.ServiceFactory(name="Jongeren", minimum_age=12, maximum_age=23)
    f.ServiceFactory(name="Volwassenen", minimum_age=18)
    assert names(get(client, "services", **asked)) == expected


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ({"minimum_age": 12}, ["Iedereen", "Jongeren", "Volwassenen"]),
        ({"minimum_age": 30}, ["Iedereen", "Volwassenen"]),
        ({"maximum_age": 15}, ["Iedereen", "Jongeren"]),
        ({"minimum_age": 20, "maximum_age": 22}, ["Iedereen", "Jongeren", "Volwassenen"]),
        ({"minimum_age": 23.5}, ["Iedereen", "Volwassenen"]),
    ],
)
def test_age_filters_overlap_the_service_age_range_with_x_overlap(client, asked, expected):
    f.ServiceFactory(name="Iedereen")
    f.ServiceFactory(name="Jongeren", minimum_age=12, maximum_age=23)
    f.ServiceFactory(name="Volwassenen", minimum_age=18)
    assert names(get(client, "services", x_overlap="true", **asked)) == expected


def test_bad_ages(client):
    error(get(client, "services", minimum_age=-1), "minimum_age")
    error(get(client, "services", maximum_age="tien"), "maximum_age")
    error(get(client, "services", maximum_age=400), "maximum_age")
    for odd in ("²", "١٢", "1e2", "nan", "12,5", "12.", ".5", "12.345"):
        assert "12.5" in error(get(client, "services", minimum_age=odd), "minimum_age")
    detail = error(get(client, "services", minimum_age=30, maximum_age=20), "minimum_age")
    assert detail == str(p.AGE_RANGE_INVALID)


def _day_and_time_services():
    tuesday = f.ScheduleFactory(service__name="Dinsdagochtend").service
    f.ScheduleFactory(
        service__name="Maandagmiddag",
        byday="MO",
        opens_at=datetime.time(13, 0),
        closes_at=datetime.time(16, 0),
    )
    sal = f.ServiceAtLocationFactory(service__name="Op locatie woensdag")
    f.ScheduleFactory(service=None, service_at_location=sal, byday="WE")
    f.ServiceFactory(name="Zonder tijden")
    return tuesday


def test_day_and_time_filters(client):
    tuesday = _day_and_time_services()
    assert (tuesday.schedules.get().opens_at, tuesday.schedules.get().closes_at) == (
        datetime.time(10, 0),
        datetime.time(12, 0),
    )
    assert names(get(client, "services", day="Tuesday")) == ["Dinsdagochtend"]
    assert names(get(client, "services", day="TU")) == ["Dinsdagochtend"]
    assert names(get(client, "services", day="maandag")) == ["Maandagmiddag"]
    assert names(get(client, "services", day="we")) == ["Op locatie woensdag"]
    # ORUK: opens at start_time or later, closes at end_time or earlier.
    assert names(get(client, "services", start_time="12:30")) == ["Maandagmiddag"]
    assert names(get(client, "services", start_time="13:00")) == ["Maandagmiddag"]
    assert names(get(client, "services", end_time="12:00")) == [
        "Dinsdagochtend",
        "Op locatie woensdag",
    ]
    assert names(get(client, "services", day="TU", start_time="10:00", end_time="12:00")) == [
        tuesday.name
    ]
    assert names(get(client, "services", day="TU", start_time="11:00", end_time="11:30")) == []


def test_time_filters_overlap_with_x_overlap(client):
    tuesday = _day_and_time_services()
    overlap = {"x_overlap": "true"}
    assert names(get(client, "services", start_time="12:30", **overlap)) == ["Maandagmiddag"]
    assert "Maandagmiddag" not in names(get(client, "services", end_time="11:00", **overlap))
    asked = {"day": "TU", "start_time": "11:00", "end_time": "11:30", **overlap}
    assert names(get(client, "services", **asked)) == [tuesday.name]
    assert names(get(client, "services", day="TU", start_time="12:00", **overlap)) == []
    error(get(client, "services", x_overlap="misschien"), "x_overlap")


def test_several_days_mean_any_of_them(client):
    _day_and_time_services()
    expected = ["Dinsdagochtend", "Maandagmiddag"]
    assert names(get(client, "services", day="MO,TU")) == expected
    assert names(get(client, "services", day="maandag, dinsdag")) == expected
    assert names(client.get(API + "services?day=MO&day=TU")) == expected
    assert names(client.get(API + "services?day=SA&day=TU")) == ["Dinsdagochtend"]
    assert "Monday" in error(client.get(API + "services?day=MO&day=Funday"), "day")
    assert "Monday" in error(get(client, "services", day="MO,,Funday"), "day")


def test_bad_day_and_times(client):
    assert "Monday" in error(get(client, "services", day="Funday"), "day")
    error(get(client, "services", start_time="25:00"), "start_time")
    error(get(client, "services", end_time="10u"), "end_time")
    error(get(client, "services", start_time="12:00", end_time="09:00"), "start_time")


def test_postcode_finds_locations_and_service_areas(client):
    library = LibraryFactory()
    at_address = f.ServiceAtLocationFactory(
        service__name="Op het adres", service__organization__library=library
    )
    f.AddressFactory(location=at_address.location, postal_code="7731 BK")
    elsewhere = f.ServiceAtLocationFactory(
        service__name="Ergens anders", service__organization__library=library
    )
    f.AddressFactory(location=elsewhere.location, postal_code="7415 AB")
    area = f.PostcodeAreaFactory(neighbourhood__library=library, postcode="7731")
    covering = f.ServiceAreaFactory(
        service__name="Wijkteam", service__organization__library=library
    )
    covering.neighbourhoods.add(area.neighbourhood)
    assert names(get(client, "services", postcode="7731BK")) == ["Op het adres", "Wijkteam"]
    assert names(get(client, "services", postcode="7731 bk")) == ["Op het adres", "Wijkteam"]
    assert names(get(client, "services", postcode="7731")) == ["Op het adres", "Wijkteam"]
    assert names(get(client, "services", postcode="7415")) == ["Ergens anders"]
    for bad in ("77310", "ABCD", "0731 AB", "7731-BK"):
        assert "7731 BK" in error(get(client, "services", postcode=bad), "postcode")


def _located(name: str, lat: str, lon: str, postal_code: str = "7731 BK"):
    sal = f.ServiceAtLocationFactory(
        service__name=name,
        location__latitude=decimal.Decimal(lat),
        location__longitude=decimal.Decimal(lon),
    )
    f.AddressFactory(location=sal.location, postal_code=postal_code)
    return sal


def test_proximity_orders_by_distance_and_limits_by_radius(client):
    _located("Ver weg", "52.5000", "6.5000")
    _located("Dichtbij", "52.2600", "6.1600")
    _located("Iets verder", "52.2700", "6.1800")
    f.ServiceFactory(name="Zonder locatie")
    ordered = names(get(client, "services", proximity="52.2590,6.1590"))
    assert ordered == ["Dichtbij", "Iets verder", "Ver weg", "Zonder locatie"]
    near = names(get(client, "services", proximity="52.2590,6.1590,3000"))
    assert near == ["Dichtbij", "Iets verder"]


def test_proximity_as_radius_from_the_postcode_centre(client):
    _located("In de postcode", "52.2600", "6.1600", "7731 BK")
    _located("Ver weg", "52.5000", "6.5000", "8000 AA")
    assert names(get(client, "services", postcode="7731BK", proximity="1000")) == ["In de postcode"]
    error(get(client, "services", proximity="1000"), "proximity")
    error(get(client, "services", postcode="9999AA", proximity="1000"), "proximity")


def test_bad_proximity(client):
    for bad in ("hier", "52.2,", "95,6", "52,200", "52,6,999999999"):
        assert "52.26,6.16" in error(get(client, "services", proximity=bad), "proximity")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "-5"}, "per_page"),
        ({"format": "xml"}, "format"),
        ({"minimal": "misschien"}, "minimal"),
        ({"full": "2"}, "full"),
        ({"colour": "blue"}, "colour"),
        ({"search": "x" * 201}, "search"),
    ],
)
def test_wrong_parameters_give_400_with_a_dutch_message(client, query, parameter):
    response = client.get(API + "services", query)
    detail = error(response, parameter)
    assert parameter in detail
    assert response["Access-Control-Allow-Origin"] == "*"


def test_errors_are_checked_even_when_streaming(client):
    error(get(client, "services", format="ndjson", page="x"), "page")


# -- ndjson --------------------------------------------------------------------------------


def test_ndjson_streams_every_result_one_per_line(client, full_service, hsds_validate):
    for n in range(3):
        f.ServiceFactory(name=f"Extra {n}", organization=full_service.organization)
    response = get(client, "services", format="ndjson", per_page=1, full="true")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert response["Access-Control-Allow-Origin"] == "*"
    text = b"".join(response.streaming_content).decode()
    lines = text.splitlines()
    assert len(lines) == 4
    for line in lines:
        hsds_validate("service", json.loads(line))
    assert "Geheime Consulent" not in text


def test_ndjson_for_other_lists(client):
    term = f.TaxonomyTermFactory(name="Geld")
    response = get(client, "taxonomy_terms", format="ndjson", taxonomy_id=term.taxonomy_detail_id)
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert [json.loads(line)["name"] for line in lines] == ["Geld"]


# -- organizations -------------------------------------------------------------------------


def test_organizations_list_and_detail(client, full_service, hsds_validate):
    f.OrganizationFactory(name="Zonder diensten")
    body = get(client, "organizations").json()
    assert body["total_items"] == 2
    for item in body["contents"]:
        hsds_validate("organization_list", item)
        assert "services" not in item
    org = full_service.organization
    assert [
        o["name"] for o in get(client, "organizations", search="zonder").json()["contents"]
    ] == ["Zonder diensten"]
    detail = get(client, f"organizations/{org.id}")
    data = detail.json()
    hsds_validate("organization", data)
    assert [s["id"] for s in data["services"]] == [str(full_service.id)]
    assert "phones" not in data["services"][0]
    assert "Geheime Consulent" not in detail.content.decode()
    full = get(client, f"organizations/{org.id}", full_service="true").json()
    hsds_validate("organization", full)
    assert full["services"][0]["service_at_locations"]
    nested = get(client, "organizations", full="true", search=org.name).json()["contents"][0]
    hsds_validate("organization", nested)
    assert nested["locations"]


def test_organization_hides_inactive_services_and_404s(client):
    service = f.ServiceFactory(status=ServiceStatus.DEFUNCT)
    data = get(client, f"organizations/{service.organization_id}").json()
    assert data["services"] == []
    assert get(client, f"organizations/{uuid.uuid4()}").status_code == 404
    assert get(client, "organizations/123").status_code == 404
    error(get(client, "organizations", full_service="ja graag"), "full_service")


# -- service at locations ------------------------------------------------------------------


def test_service_at_locations_list_and_detail(client, full_service, hsds_validate):
    other = _located("Elders", "52.5000", "6.5000", "8000 AA")
    body = get(client, "service_at_locations").json()
    assert body["total_items"] == 2
    for item in body["contents"]:
        hsds_validate("service_at_location_list", item)
    nearby = get(client, "service_at_locations", postcode="8000AA").json()["contents"]
    assert [item["id"] for item in nearby] == [str(other.id)]
    by_distance = get(client, "service_at_locations", proximity="52.5,6.5").json()["contents"]
    assert by_distance[0]["id"] == str(other.id)
    full = get(
        client, "service_at_locations", full="true", organization_id=full_service.organization_id
    )
    (item,) = full.json()["contents"]
    hsds_validate("service_at_location", item)
    assert "Geheime Consulent" not in full.content.decode()
    sal = full_service.service_at_locations.get()
    detail = get(client, f"service_at_locations/{sal.id}").json()
    hsds_validate("service_at_location", detail)
    assert detail["location"]["addresses"]
    assert get(client, f"service_at_locations/{uuid.uuid4()}").status_code == 404
    error(get(client, "service_at_locations", day="someday"), "day")


# -- taxonomies ----------------------------------------------------------------------------


def test_taxonomies_and_terms(client, hsds_validate):
    library = LibraryFactory()
    taxonomy = f.TaxonomyFactory(library=library, name="Onderwerpen Lindendal")
    parent = f.TaxonomyTermFactory(taxonomy_detail=taxonomy, name="Geld")
    f.TaxonomyTermFactory(taxonomy_detail=taxonomy, parent=parent, name="Schulden")
    f.TaxonomyFactory(name="Van een andere bibliotheek")
    listed = get(client, "taxonomies", library=library.slug).json()["contents"]
    names_listed = [t["name"] for t in listed]
    assert "Onderwerpen Lindendal" in names_listed
    assert "Van een andere bibliotheek" not in names_listed
    for item in listed:
        hsds_validate("taxonomy", item)
    hsds_validate("taxonomy", get(client, f"taxonomies/{taxonomy.id}").json())
    terms = get(client, "taxonomy_terms", taxonomy_id=taxonomy.id).json()["contents"]
    assert sorted(t["name"] for t in terms) == ["Geld", "Schulden"]
    for item in terms:
        hsds_validate("taxonomy_term", item)
    top = get(client, "taxonomy_terms", taxonomy_id=taxonomy.id, top_only="true").json()
    assert [t["name"] for t in top["contents"]] == ["Geld"]
    children = get(client, "taxonomy_terms", parent_id=parent.id).json()["contents"]
    assert [t["name"] for t in children] == ["Schulden"]
    found = get(client, "taxonomy_terms", search="schuld", taxonomy_id=taxonomy.id).json()
    found = found["contents"]
    assert [t["name"] for t in found] == ["Schulden"]
    detail = get(client, f"taxonomy_terms/{parent.id}").json()
    hsds_validate("taxonomy_term", detail)
    assert detail["taxonomy_detail"]["name"] == "Onderwerpen Lindendal"
    assert get(client, f"taxonomies/{uuid.uuid4()}").status_code == 404
    assert get(client, f"taxonomy_terms/{uuid.uuid4()}").status_code == 404
    error(get(client, "taxonomy_terms", top_only="soms"), "top_only")
    error(get(client, "taxonomy_terms", parent_id="x"), "parent_id")
    error(get(client, "taxonomies", taxonomy_id=taxonomy.id), "taxonomy_id")


def test_shared_default_taxonomies_are_listed_for_every_library(client):
    library = LibraryFactory()
    shared = [t["name"] for t in get(client, "taxonomies", library=library.slug).json()["contents"]]
    from plein.socialmap.models import Taxonomy

    expected = set(Taxonomy.objects.filter(library__isnull=True).values_list("name", flat=True))
    assert expected and expected <= set(shared)


# -- CORS, throttling, anonymous access, query counts --------------------------------------


def test_cors_header_on_every_response_and_preflight(client):
    assert get(client, "")["Access-Control-Allow-Origin"] == "*"
    assert get(client, f"services/{uuid.uuid4()}")["Access-Control-Allow-Origin"] == "*"
    response = client.options(
        API + "services",
        HTTP_ORIGIN="https://elders.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_unknown_paths_get_a_json_404_with_a_hint(client):
    response = get(client, "services/")
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "'services'" in response.json()["detail"]
    assert "/api/schema/" in get(client, "diensten").json()["detail"]


def test_api_is_read_only(client):
    response = client.post(API + "services", {"name": "Nieuw"})
    assert response.status_code == 405
    assert response["Access-Control-Allow-Origin"] == "*"


def test_anonymous_requests_are_throttled(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"hsds": "3/min"},
    }
    statuses = [get(client, "").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert int(get(client, "")["Retry-After"]) > 0


def test_a_forged_forwarded_header_gets_no_fresh_count(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"hsds": "3/min"},
    }
    statuses = [
        client.get(API, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_count(client, settings):
    settings.PLEIN_TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"hsds": "2/min"},
    }
    first = [client.get(API, HTTP_X_FORWARDED_FOR="192.0.2.1").status_code for _ in range(3)]
    other = client.get(API, HTTP_X_FORWARDED_FOR="192.0.2.2").status_code
    # A client that writes its own header in front still counts as the address the proxy saw.
    spoofed = client.get(API, HTTP_X_FORWARDED_FOR="203.0.113.9, 192.0.2.1").status_code
    assert (first, other, spoofed) == ([200, 200, 429], 200, 429)


def test_the_count_is_kept_where_every_worker_process_reads_it(client):
    """In the database cache's table, not in one process's memory."""
    get(client, "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM plein_cache")
        keys = [key for (key,) in cursor.fetchall()]
    assert any("throttle_hsds_127.0.0.1" in key for key in keys)


def test_signed_in_staff_still_get_the_public_view(client, full_service):
    from plein.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(coordinator=True, library=full_service.library))
    text = get(client, f"services/{full_service.id}").content.decode()
    assert "Geheime Consulent" not in text


def _queries(client, path, **query) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert get(client, path, **query).status_code == 200
    return len(ctx.captured_queries)


def _at_a_location_of_another_organization(service) -> None:
    # E.g. a partner's consultation hours in a library branch.
    elsewhere = f.LocationFactory()
    f.AddressFactory(location=elsewhere)
    f.ServiceAtLocationFactory(service=service, location=elsewhere)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("services", {}),
        ("services", {"full": "true"}),
        ("services", {"minimal": "true"}),
        ("organizations", {"full_service": "true"}),
        ("service_at_locations", {"full": "true"}),
    ],
)
def test_list_query_count_does_not_grow_with_the_page(client, full_service, path, query):
    _at_a_location_of_another_organization(full_service)
    before = _queries(client, path, **query)
    for _ in range(6):
        service = f.ServiceFactory(organization=full_service.organization)
        _at_a_location_of_another_organization(service)
        sal = f.ServiceAtLocationFactory(service=service)
        f.PhoneFactory(service=service)
        f.ContactFactory(service_at_location=sal, service=None)
        f.AttributeFactory(service=service)
        f.ScheduleFactory(service=service)
    assert _queries(client, path, **query) == before


# -- caching and language -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["services", "services?per_page=1", "service_at_locations", ""])
def test_lists_answer_conditional_gets_with_304(client, full_service, path):
    first = client.get(API + path)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"')
    again = client.get(API + path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get(API + path, HTTP_IF_NONE_MATCH='"iets-anders"').status_code == 200


def test_a_change_gives_a_new_etag_and_last_modified(client, full_service):
    first = client.get(API + "services")
    modified = first["Last-Modified"]
    assert client.get(API + "services", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    full_service.name = "Schuldhulp nieuw"
    full_service.last_modified = timezone.now() + datetime.timedelta(seconds=2)
    full_service.save()
    changed = client.get(API + "services", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert client.get(API + "services", HTTP_IF_MODIFIED_SINCE=modified).status_code == 200


def test_detail_answers_conditional_gets(client, full_service):
    path = API + f"services/{full_service.id}"
    first = client.get(path)
    assert first["Last-Modified"]
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    # Errors are never cached as "not modified".
    missing = client.get(API + f"services/{uuid.uuid4()}", HTTP_IF_NONE_MATCH="*")
    assert missing.status_code == 404


def test_errors_in_english_when_the_client_asks(client):
    english = client.get(API + "services?page=x", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert english.status_code == 400
    assert english.json()["detail"].startswith("page must be")
    assert english["Content-Language"] == "en"
    assert "Accept-Language" in english["Vary"]
    dutch = client.get(API + "services?page=x", HTTP_ACCEPT_LANGUAGE="fr,en;q=0,nl;q=0.5")
    assert dutch.json()["detail"].startswith("page moet")
    assert get(client, "services", page="x").json()["detail"].startswith("page moet")
    not_found = client.get(API + "services/weg", HTTP_ACCEPT_LANGUAGE="en")
    assert not_found.status_code == 404
    assert "no service" in not_found.json()["detail"].lower()
    # The language of one request does not stay for the next.
    assert get(client, "services", page="x").json()["detail"].startswith("page moet")


# -- locations ---------------------------------------------------------------------------------


def test_locations_include_those_without_a_service(client, full_service, hsds_validate):
    alone = f.LocationFactory(name="Aaa buurthuis zonder dienst")
    f.AddressFactory(location=alone, postal_code="7415 AB")
    body = get(client, "locations").json()
    assert body["total_items"] == 2
    assert body["contents"][0]["name"] == "Aaa buurthuis zonder dienst"
    for item in get(client, "locations", full="true").json()["contents"]:
        hsds_validate("location", item)
    assert [
        item["id"] for item in get(client, "locations", postcode="7415").json()["contents"]
    ] == [str(alone.id)]
    assert names(get(client, "locations", search="buurthuis")) == [alone.name]
    detail = get(client, f"locations/{alone.id}")
    assert detail.status_code == 200
    hsds_validate("location", detail.json())
    assert detail.json()["addresses"][0]["postal_code"] == "7415 AB"
    assert get(client, "locations/geen-id").status_code == 404
    assert get(client, f"locations/{uuid.uuid4()}").status_code == 404
    error(get(client, "locations", postcode="ABCD"), "postcode")
    error(get(client, "locations", full="soms"), "full")


def test_locations_hide_professionals_only_phones(client, full_service):
    location = full_service.service_at_locations.get().location
    f.PhoneFactory(service=None, location=location, number="06-55555555", professionals_only=True)
    text = get(client, "locations", full="true").content.decode()
    assert "06-55555555" not in text


# -- change records ------------------------------------------------------------------------------


def test_edits_appear_as_hsds_metadata_with_a_role_and_no_name(client, hsds_validate):
    from plein.accounts.tests.factories import UserFactory
    from plein.socialmap import services as socialmap_services

    service = f.ServiceFactory(name="Schuldhulp", wait_time="")
    partner = UserFactory(role="partner", username="jan.jansen", email="jan@voorbeeld.nl")
    socialmap_services.service_update(
        service=service,
        data={"wait_time": "2 weken", "assurer_email": "jan@voorbeeld.nl"},
        user=partner,
    )
    data = get(client, f"services/{service.id}").json()
    hsds_validate("service", data)
    (row,) = data["metadata"]
    assert row["field_name"] == "wait_time"
    assert (row["previous_value"], row["replacement_value"]) == ("", "2 weken")
    assert row["last_action_type"] == "update"
    assert row["updated_by"] == "partner"
    # The edit of assurer_email (a person's address) is not published as a change record.
    assert "jan" not in json.dumps(data["metadata"]).lower()
    # A change by Plein itself (a sync, a script) is signed by the system, not a person.
    socialmap_services.service_update(service=service, data={"status": "inactive"}, user=None)
    rows = get(client, f"services/{service.id}").json()["metadata"]
    assert {(r["field_name"], r["updated_by"]) for r in rows} == {
        ("wait_time", "partner"),
        ("status", "plein"),
    }
