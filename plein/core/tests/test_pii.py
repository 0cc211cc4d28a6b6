"""The personal-data guard: each kind is found, and ordinary desk notes pass."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from plein.core import pii

TODAY = datetime.date(2026, 11, 23)


def problems(text: str) -> list[str]:
    return pii.personal_data_problems(text, today=TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "mail naar jan.jansen@example.nl",
        "J.Jansen+belasting@mail.co.uk",
        "adres: a_b@c-d.org",
    ],
)
def test_an_email_address_is_found(text):
    assert problems(text) == [str(pii.EMAIL_FOUND)]


@pytest.mark.parametrize("text", ["vraag via e-mail gesteld", "@gemeente op twitter", "a@b"])
def test_mentioning_email_is_no_email_address(text):
    assert problems(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "bel 06-12345678",
        "tel 06 1234 5678",
        "+31 6 12345678",
        "+31 (0)6 12345678",
        "0031612345678",
        "0612345678",
        "huisnummer onbekend, 010-1234567",
        "0512 123456",
        "020 123 45 67",
    ],
)
def test_a_dutch_phone_number_is_found(text):
    assert problems(text) == [str(pii.PHONE_FOUND)]


@pytest.mark.parametrize(
    "text",
    [
        "bel de Belastingtelefoon 0800-0543",
        "gemeente 14 038",
        "om 10:30 terug",
        "06 nummer gevraagd",
        "formulier 12 pagina's",
        "toeslag 2025 aangevraagd, 3 kinderen",
    ],
)
def test_service_numbers_and_small_numbers_are_no_phone_number(text):
    assert problems(text) == []


@pytest.mark.parametrize(
    "text",
    ["bsn 111222333", "BSN: 123456782", "1234.56.782", "123 456 782", "nummer 12345672"],
)
def test_a_bsn_that_passes_the_eleven_check_is_found(text):
    assert problems(text) == [str(pii.BSN_FOUND)]


@pytest.mark.parametrize("text", ["123456789", "klantnummer 111222334", "1234.56.789"])
def test_nine_digits_that_fail_the_eleven_check_are_no_bsn(text):
    assert problems(text) == []


def test_the_eleven_check():
    assert pii.bsn_is_valid("111222333")
    assert pii.bsn_is_valid("123456782")
    assert not pii.bsn_is_valid("123456789")
    assert not pii.bsn_is_valid("000000000")
    assert not pii.bsn_is_valid("12345678")


@pytest.mark.parametrize(
    "text",
    [
        "woont op 1234 AB 12",
        "1234AB 12a",
        "7722 RS, 5",
        "Dorpsstraat 12, 1234 AB",
        "woont aan de Kerkstraat 3",
        "Burgemeester van Rooijenlaan 140b",
        "Oude Rijksweg 7",
    ],
)
def test_a_postcode_or_street_with_a_house_number_is_an_address(text):
    assert problems(text) == [str(pii.ADDRESS_FOUND)]


@pytest.mark.parametrize(
    "text",
    [
        "postcode 1234 AB gezocht",
        "wijkteam voor 7722 gevraagd",
        "Kerkstraat gezocht op de kaart",
        "Wmo-aanvraag",
        "vraag over toeslagen 2025",
        "formulier 12 pagina's",
        "2 vragen over de weg naar het gemeentehuis",
    ],
)
def test_an_area_or_a_street_alone_is_no_address(text):
    assert problems(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "12-03-1956",
        "1/3/56",
        "12.03.1956",
        "12 maart 1956",
        "3 okt. 1948",
        "1956-03-12",
        "geboren op 4 juni 2023",
        "geb. 2019",
        "Geboortedatum: 1-3-24",
    ],
)
def test_a_date_of_birth_is_found(text):
    assert problems(text) == [str(pii.BIRTH_DATE_FOUND)]


@pytest.mark.parametrize(
    "text",
    [
        "afspraak 23-11-2026 om 10:30",
        "brief van 1 oktober 2025 over toeslag",
        "aanslag 2019-2020",
        "2026-11-23",
        "geboren in Syrië, vraag over inburgering",
        "31-02-1950",
        "formulier 12-34",
    ],
)
def test_recent_dates_times_and_impossible_dates_are_no_date_of_birth(text):
    assert problems(text) == []


def test_the_birth_date_limit_is_ten_years():
    # Issue 10: a date named as a letter's is no date of birth however old ("brief van 1 maart
    # 1990"), so the limit is shown on bare dates; it was shown on "brief van" dates before.
    assert problems("komt 24-11-2016") == []
    assert problems("komt 22-11-2016") == [str(pii.BIRTH_DATE_FOUND)]
    assert problems("brief van 22-11-2016") == []


def test_a_date_is_not_read_again_as_a_bsn_or_phone():
    assert problems("12.03.1956 en 01-02-1990") == [str(pii.BIRTH_DATE_FOUND)]


def test_every_kind_is_reported_once_in_a_fixed_order():
    text = "jan@example.nl, 06-12345678, 06-87654321, bsn 111222333, 1234 AB 5, geb. 1-2-1950"
    assert problems(text) == [
        str(pii.EMAIL_FOUND),
        str(pii.ADDRESS_FOUND),
        str(pii.BIRTH_DATE_FOUND),
        str(pii.PHONE_FOUND),
        str(pii.BSN_FOUND),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Hulp bij DigiD aanvragen, komt donderdag terug",
        "Doorverwezen naar schuldhulp, 2 formulieren ingevuld",
        "Vraag over zorgtoeslag 2025 en huurtoeslag",
        "Wmo-aanvraag, uitleg over de keukentafel",
    ],
)
def test_ordinary_desk_notes_pass(text):
    assert problems(text) == []


def test_reasons_are_plain_strings_that_can_be_joined():
    assert "; ".join(pii.personal_data_problems("a@b.nl 0612345678"))


def test_the_validator_refuses_personal_data_and_says_why():
    with pytest.raises(ValidationError) as error:
        pii.validate_no_personal_data("bel 06-12345678")

    assert error.value.code == "personal_data"
    assert str(pii.PHONE_FOUND) in error.value.messages[0]


def test_the_validator_accepts_an_ordinary_note():
    pii.validate_no_personal_data("vraag over toeslagen")
    pii.validate_no_personal_data("")


def test_an_organisations_number_from_the_social_map_is_no_personal_number():
    public = ["0570-612345", "+31 (0)6 11122233"]
    assert (
        pii.personal_data_problems("Schuldhulp gebeld: 0570 61 23 45", public_phones=public) == []
    )
    assert (
        pii.personal_data_problems("app 06-11122233 van het wijkteam", public_phones=public) == []
    )
    # Another number in the same note is still found.
    assert pii.personal_data_problems(
        "0570 612345 gebeld, bewoner op 06-98765432", public_phones=public
    ) == [str(pii.PHONE_FOUND)]
