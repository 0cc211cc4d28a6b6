import pytest

from plein.core.tests.factories import LibraryFactory
from plein.socialmap.models import PostcodeArea, ServiceArea
from plein.socialmap.neighbourhoods import (
    neighbourhood_for_postcode,
    neighbourhoods_link,
    postcode_normalize,
)
from plein.socialmap.tests.factories import AddressFactory, NeighbourhoodFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryFactory(slug="lindendal", municipality="Lindendal")


@pytest.fixture
def areas(library):
    centrum = NeighbourhoodFactory(library=library, name="Centrum")
    oost = NeighbourhoodFactory(library=library, name="Oost")
    PostcodeArea.objects.create(library=library, postcode="7731", neighbourhood=centrum)
    PostcodeArea.objects.create(library=library, postcode="7731CE", neighbourhood=oost)
    return {"centrum": centrum, "oost": oost}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7731 bk", "7731BK"),
        ("7731", "7731"),
        (" 7731BK ", "7731BK"),
        ("773", None),
        ("0731 AB", None),
        ("ABCD", None),
        ("7731 B", None),
        ("", None),
    ],
)
def test_postcode_normalize(value, expected):
    assert postcode_normalize(value) == expected


def test_full_postcode_beats_four_digits(library, areas):
    assert neighbourhood_for_postcode(library=library, postcode="7731 CE") == areas["oost"]
    assert neighbourhood_for_postcode(library=library, postcode="7731 BK") == areas["centrum"]
    assert neighbourhood_for_postcode(library=library, postcode="9999 ZZ") is None
    assert neighbourhood_for_postcode(library=library, postcode="onzin") is None


def test_postcodes_of_another_library_are_not_used(library, areas):
    assert neighbourhood_for_postcode(library=LibraryFactory(), postcode="7731") is None


def test_link_sets_location_neighbourhood_from_address(library, areas):
    in_oost = AddressFactory(
        location__library=library, location__organization__library=library, postal_code="7731 CE"
    )
    in_centrum = AddressFactory(
        location__organization__library=library, location__library=library, postal_code="7731 BK"
    )
    elsewhere = AddressFactory(
        location__organization__library=library, location__library=library, postal_code="1011 AB"
    )
    neighbourhoods_link(library=library)
    for address, expected in [
        (in_oost, areas["oost"]),
        (in_centrum, areas["centrum"]),
        (elsewhere, None),
    ]:
        address.location.refresh_from_db()
        assert address.location.neighbourhood == expected


def test_link_matches_service_areas_by_name(library, areas):
    service = ServiceFactory(organization__library=library)
    named = {
        name: ServiceArea.objects.create(service=service, name=name)
        for name in [
            "Lindendal Oost",
            "Centrum",
            "Gemeente Lindendal",
            "Heel Nederland",
            "Regio Linde-IJssel",
        ]
    }
    neighbourhoods_link(library=library)
    neighbourhoods_link(library=library)  # running twice changes nothing

    def linked(name):
        return set(named[name].neighbourhoods.all())

    assert linked("Lindendal Oost") == {areas["oost"]}
    assert linked("Centrum") == {areas["centrum"]}
    assert linked("Gemeente Lindendal") == {areas["oost"], areas["centrum"]}
    assert linked("Heel Nederland") == {areas["oost"], areas["centrum"]}
    assert linked("Regio Linde-IJssel") == set()
