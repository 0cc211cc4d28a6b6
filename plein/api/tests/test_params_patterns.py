"""The text parameters: the pattern the schema publishes is the rule the API applies."""

import re

import pytest

from plein.api import params as p

pytestmark = pytest.mark.django_db

API = "/api/hsds/"


def schema_patterns(client) -> dict[str, str]:
    document = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    found = {}
    for operation in document["paths"].values():
        for parameter in operation.get("get", {}).get("parameters", []):
            if "pattern" in parameter["schema"]:
                found[parameter["name"]] = parameter["schema"]["pattern"]
    return found


def test_the_schema_publishes_the_patterns_the_api_checks(client):
    assert schema_patterns(client) == p.PATTERNS


@pytest.mark.parametrize(
    ("name", "good", "bad"),
    [
        ("postcode", ["7731", "7731BK", "7731 bk", ""], ["0731", "7731  BK", " 7731", "٧٧٣١"]),
        ("day", ["MO", "maandag", "Monday", "tUeSdAy", ""], ["maan", "mondays", "1"]),
        ("start_time", ["9:30", "09:30", "23:59:59", ""], ["24:00", "9:60", "9.30", "٠٩:٣٠"]),
        ("status", ["active", "ALL", "Temporarily Closed", ""], ["open", "active,defunct"]),
        ("library", ["bieb-deventer", "b_1", ""], ["bieb deventer", "bieb/..", "bïeb"]),
        ("search", ["schulden", "geld\tzorg", ""], ["geld\x00", "zorg\x1b[0m", "\x7f"]),
        (
            "proximity",
            ["52.26,6.16", "-90,180", "52.26, 6.16, 200000", "1000", "0.5"],
            ["90.1,6", "52,180.5", "52,6,200001", "200000.5", "52,6,-1", "lat,lon"],
        ),
    ],
)
def test_pattern_accepts_and_refuses(name, good, bad):
    for value in good:
        assert re.search(p.PATTERNS[name], value), (name, value)
    for value in bad:
        assert not re.search(p.PATTERNS[name], value), (name, value)


def test_the_largest_radius_is_the_limit():
    assert re.search(p.PATTERNS["proximity"], f"{p.MAX_RADIUS_METERS}")
    assert not re.search(p.PATTERNS["proximity"], f"{p.MAX_RADIUS_METERS + 1}")


@pytest.mark.parametrize(
    ("path", "name", "value"),
    [
        ("services", "postcode", "7731 B"),
        ("services", "day", "maan"),
        ("services", "start_time", "25:00"),
        ("services", "status", "open"),
        ("organizations", "library", "bieb deventer"),
        ("taxonomies", "search", "zorg\x01"),
        ("services", "proximity", "52,6,999999"),
    ],
)
def test_a_value_outside_its_pattern_is_refused_in_dutch(client, path, name, value):
    response = client.get(API + path, {name: value})
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == name
    assert " moet " in body["detail"] or " bevat " in body["detail"]
