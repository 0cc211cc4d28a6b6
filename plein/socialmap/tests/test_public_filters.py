import datetime

import pytest

from plein.socialmap.templatetags import socialmap_public as display
from plein.socialmap.tests.factories import AddressFactory, LocationFactory


def test_tel_keeps_digits_and_plus_only():
    assert display.tel("+31 (0)6 - 12 34") == "+31061234"


def test_date_words_is_empty_without_a_date():
    assert display.date_words(None) == ""
    assert "2026" in display.date_words(datetime.date(2026, 12, 3))


@pytest.mark.django_db
def test_route_url_prefers_coordinates_then_address_then_nothing():
    located = LocationFactory(latitude=52.1, longitude=5.1)
    assert "52.1%2C5.1" in display.route_url(located)
    addressed = LocationFactory(latitude=None, longitude=None)
    AddressFactory(location=addressed, address_1="Dorpsplein 1", postal_code="1234 AB", city="X")
    assert "Dorpsplein+1" in display.route_url(addressed)
    assert display.route_url(LocationFactory(latitude=None, longitude=None)) == ""
