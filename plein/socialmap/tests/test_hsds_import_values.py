"""Every e-mail, link, URI and recurrence field is checked on import, with its Dutch message."""

import json
import shutil

import pytest
from django.core.exceptions import ValidationError

from plein.core.links import LINK_SCHEME_REFUSED, validate_link
from plein.core.tests.factories import LibraryFactory
from plein.socialmap import models as m
from plein.socialmap import validators as v
from plein.socialmap.hsds.importer import HsdsImportError, hsds_import
from plein.socialmap.hsds.tables import TABLES
from plein.socialmap.tests.hsds_helpers import edit_csv, spec_package

pytestmark = pytest.mark.django_db


def _columns_with(validator) -> list[tuple[str, str]]:
    """(file, column) of every HSDS column whose model field carries the validator."""
    found = [
        (table.filename, column)
        for table in TABLES
        for column in table.columns
        if validator in table.model_field(column).validators
    ]
    assert found, validator
    return found


EMAIL_COLUMNS = _columns_with(v.validate_email)
LINK_COLUMNS = _columns_with(validate_link)
URI_COLUMNS = _columns_with(v.validate_uri)


@pytest.fixture
def library():
    return LibraryFactory(slug="lindendal")


@pytest.fixture
def package(shared_dir, tmp_path):
    return spec_package(shared_dir, tmp_path / "pkg")


def _set(column, value):
    def change(rows):
        rows[0][column] = value
        return rows

    return change


def _errors(path, library) -> list[str]:
    with pytest.raises(HsdsImportError) as error:
        hsds_import(path=path, library=library)
    assert not m.Service.objects.exists()
    return error.value.errors


def test_every_email_link_and_uri_field_of_hsds_is_checked():
    assert {c for _f, c in EMAIL_COLUMNS} == {"email", "assurer_email"}
    assert len(EMAIL_COLUMNS) == 4
    assert ("organizations.csv", "website") in LINK_COLUMNS
    assert ("organizations.csv", "logo") in LINK_COLUMNS
    assert ("schedules.csv", "schedule_link") in LINK_COLUMNS
    assert {c for _f, c in URI_COLUMNS} == {"uri", "term_uri"}
    assert len(URI_COLUMNS) == 5


@pytest.mark.parametrize(("filename", "column"), EMAIL_COLUMNS)
@pytest.mark.parametrize("value", ["naam@", "naam.voorbeeld.nl", "naam @voorbeeld.nl"])
def test_an_invalid_email_is_refused(package, library, filename, column, value):
    edit_csv(package / filename, _set(column, value))

    assert _errors(package, library) == [
        f"{filename}, regel 2, veld {column}: Vul een geldig e-mailadres in, bijvoorbeeld "
        "naam@voorbeeld.nl."
    ]


@pytest.mark.parametrize(("filename", "column"), LINK_COLUMNS)
@pytest.mark.parametrize("value", ["www.voorbeeld.nl", "voorbeeld.nl/pagina", "ftp://a.nl"])
def test_a_link_without_scheme_is_refused(package, library, filename, column, value):
    edit_csv(package / filename, _set(column, value))

    assert _errors(package, library) == [
        f"{filename}, regel 2, veld {column}: {LINK_SCHEME_REFUSED}"
    ]


@pytest.mark.parametrize(("filename", "column"), URI_COLUMNS)
@pytest.mark.parametrize("value", ["www.voorbeeld.nl", "/pad/zonder/schema", "javascript:x()"])
def test_a_uri_without_scheme_is_refused(package, library, filename, column, value):
    edit_csv(package / filename, _set(column, value))

    assert _errors(package, library) == [
        f"{filename}, regel 2, veld {column}: '{value}' is geen volledige URI: die begint met "
        "een schema, bijvoorbeeld https://www.voorbeeld.nl/."
    ]


def test_a_uri_with_another_scheme_is_an_identifier_and_kept(package, library):
    edit_csv(package / "organizations.csv", _set("uri", "urn:isni:0000000121032683"))

    hsds_import(path=package, library=library)

    assert m.Organization.objects.filter(uri="urn:isni:0000000121032683").exists()


@pytest.mark.parametrize("value", ["maandag", "MO,di", "MO;TU", "54MO", "0MO", "MO,", "1 MO"])
def test_byday_takes_rfc_5545_weekday_codes_only(package, library, value):
    edit_csv(package / "schedules.csv", _set("byday", value))

    assert _errors(package, library) == [
        f"schedules.csv, regel 2, veld byday: '{value}' is geen geldige lijst van dagen: gebruik "
        "MO, TU, WE, TH, FR, SA en SU met komma's ertussen, eventueel met een volgnummer ervoor "
        "(bijvoorbeeld MO,TH of 1TU,-1FR)."
    ]


@pytest.mark.parametrize(
    ("column", "value", "high"),
    [
        ("bymonthday", "32", 31),
        ("bymonthday", "0", 31),
        ("bymonthday", "1,,2", 31),
        ("bymonthday", "eerste", 31),
        ("byweekno", "54", 53),
        ("byweekno", "-54", 53),
        ("byyearday", "367", 366),
        ("byyearday", "1.5", 366),
    ],
)
def test_recurrence_numbers_keep_to_their_range(package, library, column, value, high):
    edit_csv(package / "schedules.csv", _set(column, value))

    assert _errors(package, library) == [
        f"schedules.csv, regel 2, veld {column}: '{value}' is geen geldige lijst van getallen "
        f"van 1 tot en met {high} met komma's ertussen (een min ervoor telt terug vanaf het "
        "einde; bijvoorbeeld 1,15,-1)."
    ]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("freq", "DAGELIJKS"),
        ("wkst", "ma"),
        ("interval", "-1"),
        ("count", "veel"),
        ("timezone", "15"),
    ],
)
def test_other_recurrence_fields_are_refused_too(package, library, column, value):
    edit_csv(package / "schedules.csv", _set(column, value))

    errors = _errors(package, library)

    assert len(errors) == 1
    assert errors[0].startswith(f"schedules.csv, regel 2, veld {column}: '{value}' ")


def test_valid_recurrence_values_are_accepted(package, library):
    def change(rows):
        rows[0].update(byday="mo, -1FR,+2TU", bymonthday="-31,1", byweekno="53", byyearday="366")
        return rows

    edit_csv(package / "schedules.csv", change)

    hsds_import(path=package, library=library)

    schedule = m.Schedule.objects.get()
    assert (schedule.byday, schedule.byyearday) == ("mo, -1FR,+2TU", "366")


def test_json_values_are_checked_with_the_same_messages(shared_dir, library, tmp_path):
    data = json.loads((shared_dir / "hsds-3.0/examples/service_full.json").read_text())
    data["email"] = "geen-adres"
    # A schedule of its own: the example repeats this one (same id) under the location.
    data["schedules"][0].update(id="6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b", byday="maandag")
    path = tmp_path / "dienst.json"
    path.write_text(json.dumps(data))

    errors = _errors(path, library)

    assert "dienst.json, hoofdobject, veld email: Vul een geldig e-mailadres in, bijvoorbeeld " in (
        " ".join(errors)
    )
    assert any(
        e.startswith("dienst.json, schedules[0], veld byday: 'maandag' is geen geldige lijst")
        for e in errors
    )


def test_the_validators_hold_in_forms_and_admin_too(library):
    """The rule sits on the model: full_clean refuses what the importer refuses."""
    from django.core.exceptions import ValidationError

    schedule = m.Schedule(byday="maandag", bymonthday="40")
    with pytest.raises(ValidationError) as error:
        schedule.full_clean()
    assert set(error.value.message_dict) == {"byday", "bymonthday"}


def test_the_spec_example_keeps_importing(shared_dir, library, tmp_path):
    shutil.copy(shared_dir / "hsds-3.0/examples/service_full.json", tmp_path / "in.json")

    hsds_import(path=tmp_path / "in.json", library=library)

    assert m.Service.objects.exists()


@pytest.mark.parametrize(
    ("column", "value", "low", "high"),
    [
        ("latitude", "152", -90, 90),
        ("latitude", "-90.5", -90, 90),
        ("longitude", "181", -180, 180),
        ("longitude", "-200.25", -180, 180),
    ],
)
def test_a_coordinate_outside_wgs84_is_named_and_the_position_left_out(
    package, library, column, value, low, high
):
    """Issue 17: latitude 152 is not taken nor exported again; the location itself imports
    (the official HSDS and ORUK examples use latitude 100, and their packages must import)."""
    edit_csv(package / "locations.csv", _set(column, value))

    result = hsds_import(path=package, library=library)

    assert (
        f"locations.csv, regel 2, veld {column}: '{value}' ligt buiten het bereik {low} tot en met "
        f"{high}; de coördinaten van deze locatie zijn niet overgenomen"
    ) in result.warnings
    location = m.Location.objects.get()
    assert (location.latitude, location.longitude) == (None, None)


def test_a_coordinate_outside_wgs84_is_refused_in_forms(library):
    location = m.Location(library=library, location_type="physical", latitude=152, longitude=5)
    with pytest.raises(ValidationError) as refused:
        location.full_clean(exclude=["organization"])
    assert list(refused.value.message_dict) == ["latitude"]


def test_a_coordinate_inside_wgs84_gets_no_warning(package, library):
    def change(rows):
        rows[0].update(latitude="52.0907", longitude="-5.1214")
        return rows

    edit_csv(package / "locations.csv", change)

    result = hsds_import(path=package, library=library)

    assert not [w for w in result.warnings if "ligt buiten" in w]
