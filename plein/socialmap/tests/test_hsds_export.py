import io
import json

import jsonschema
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plein.core.tests.factories import LibraryFactory
from plein.socialmap import models as m
from plein.socialmap.hsds.exporter import hsds_export_csv, hsds_export_json
from plein.socialmap.hsds.importer import hsds_import
from plein.socialmap.hsds.tables import TABLES
from plein.socialmap.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(shared_dir):
    library = LibraryFactory(slug="lindendal")
    hsds_import(path=shared_dir / "data/lindendal/csv", library=library)
    return library


@pytest.fixture(scope="session")
def service_validator(shared_dir):
    schema = json.loads((shared_dir / "hsds-3.0/schema/compiled/service.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture
def private_contact(library):
    service = m.Service.objects.get(id="bc105198-ba16-524b-b047-99f782066435")
    contact = f.ContactFactory(service=service, organization=None, professionals_only=True)
    phone = m.Phone.objects.create(service=service, contact=contact, number="06-12345678")
    return contact, phone


def _header(path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0]


def test_csv_export_headers_are_exactly_the_hsds_examples(shared_dir, library, tmp_path):
    hsds_export_csv(library=library, out=tmp_path / "out", public=True)

    for table in TABLES:
        example = shared_dir / "hsds-3.0/examples/csv" / table.filename
        assert _header(tmp_path / "out" / table.filename) == _header(example), table.filename


def test_csv_export_without_public_adds_the_professionals_only_column(library, tmp_path):
    hsds_export_csv(library=library, out=tmp_path / "out")

    assert _header(tmp_path / "out/contacts.csv").endswith(",email,x_professionals_only")
    assert _header(tmp_path / "out/phones.csv").endswith(",description,x_professionals_only")


def test_csv_export_writes_every_row_and_a_datapackage(library, tmp_path):
    counts = hsds_export_csv(library=library, out=tmp_path / "out")

    assert counts["service"] == 193 and counts["attribute"] == 701
    assert counts["taxonomy_term"] == 88 and counts["meta_table_description"] == 21
    lines = (tmp_path / "out/services.csv").read_text(encoding="utf-8").count("\n")
    assert lines >= 194
    descriptor = json.loads((tmp_path / "out/datapackage.json").read_text())
    assert [r["path"] for r in descriptor["resources"]] == [t.filename for t in TABLES]
    service = next(r for r in descriptor["resources"] if r["name"] == "service")
    reference = {"resource": "organization", "fields": "id"}
    assert {"fields": "organization_id", "reference": reference} in service["schema"]["foreignKeys"]


def test_csv_export_values_are_written_as_hsds_writes_them(library, tmp_path):
    hsds_export_csv(library=library, out=tmp_path / "out")

    services = (tmp_path / "out/services.csv").read_text(encoding="utf-8")
    wmo_tail = ",18,,2024-03-29,socialekaart@bibliotheeklindendal.example,,,"
    assert wmo_tail + "2026-01-07T13:52:34.015Z" in services
    locations = (tmp_path / "out/locations.csv").read_text(encoding="utf-8")
    assert ",52.45212,6.25087," in locations
    schedules = (tmp_path / "out/schedules.csv").read_text(encoding="utf-8")
    assert ",08:30:00,17:00:00," in schedules


def test_csv_export_holds_only_the_librarys_own_data(library, tmp_path):
    other = f.ServiceFactory(library=LibraryFactory(slug="andere"), name="Elders")

    hsds_export_csv(library=library, out=tmp_path / "out")

    assert str(other.id) not in (tmp_path / "out/services.csv").read_text(encoding="utf-8")
    assert str(other.organization_id) not in (tmp_path / "out/organizations.csv").read_text(
        encoding="utf-8"
    )


def test_public_csv_export_leaves_out_professionals_only_contacts(
    library, private_contact, tmp_path
):
    contact, phone = private_contact

    hsds_export_csv(library=library, out=tmp_path / "public", public=True)
    hsds_export_csv(library=library, out=tmp_path / "all")

    assert str(contact.id) not in (tmp_path / "public/contacts.csv").read_text()
    assert str(phone.id) not in (tmp_path / "public/phones.csv").read_text()
    assert f"{contact.id}," in (tmp_path / "all/contacts.csv").read_text()
    assert ",true\n" in (tmp_path / "all/contacts.csv").read_text()


def test_json_export_is_a_list_of_services_valid_against_the_compiled_schema(
    library, service_validator, tmp_path
):
    hsds_export_json(library=library, out=tmp_path / "diensten.json", public=True)

    services = json.loads((tmp_path / "diensten.json").read_text(encoding="utf-8"))
    assert len(services) == 193
    for service in services:
        service_validator.validate(service)
    wmo = next(s for s in services if s["id"] == "bc105198-ba16-524b-b047-99f782066435")
    assert wmo["organization"]["name"] == "Gemeente Lindendal"
    assert wmo["attributes"]


def test_json_export_marks_professionals_only_contacts_unless_public(
    library, private_contact, service_validator
):
    contact, _phone = private_contact
    private, public = io.StringIO(), io.StringIO()

    hsds_export_json(library=library, out=private)
    hsds_export_json(library=library, out=public, public=True)

    private_wmo = next(
        s for s in json.loads(private.getvalue()) if s["id"] == str(contact.service_id)
    )
    service_validator.validate(private_wmo)
    marked = [c for c in private_wmo["contacts"] if c["id"] == str(contact.id)]
    assert marked and marked[0]["x_professionals_only"] is True
    assert str(contact.id) not in public.getvalue()


def test_json_export_of_an_empty_library_is_an_empty_list(tmp_path):
    library = LibraryFactory()

    assert hsds_export_json(library=library, out=tmp_path / "leeg.json") == 0
    assert json.loads((tmp_path / "leeg.json").read_text()) == []


# -- the command ---------------------------------------------------------------------------


def test_command_exports_csv_and_prints_a_summary(library, tmp_path, capsys):
    call_command("export_hsds", str(tmp_path / "out"), format="csv")

    assert "193 diensten geëxporteerd" in capsys.readouterr().out
    assert (tmp_path / "out/datapackage.json").exists()


def test_command_writes_json_to_stdout_with_dash(library, capsys):
    call_command("export_hsds", "-", format="json", public=True)

    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 193
    assert "193 diensten geëxporteerd" in captured.err


def test_command_refuses_a_folder_that_is_not_empty(library, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out/iets.txt").write_text("bewaren")

    with pytest.raises(CommandError, match="bestaat al en is niet leeg"):
        call_command("export_hsds", str(tmp_path / "out"), format="csv")

    assert (tmp_path / "out/iets.txt").read_text() == "bewaren"


def test_command_refuses_a_file_as_csv_folder(library, tmp_path):
    (tmp_path / "out.csv").write_text("")

    with pytest.raises(CommandError, match="is een bestand; voor CSV is een map nodig"):
        call_command("export_hsds", str(tmp_path / "out.csv"), format="csv")


def test_command_refuses_a_folder_as_json_file(library, tmp_path):
    with pytest.raises(CommandError, match="voor JSON is een bestandsnaam nodig"):
        call_command("export_hsds", str(tmp_path), format="json")


def test_command_refuses_an_unknown_format(library, tmp_path):
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        call_command("export_hsds", str(tmp_path / "out"), format="xml")


def test_command_refuses_an_unknown_library(library, tmp_path):
    with pytest.raises(CommandError, match="geen bibliotheek met de korte naam 'nergens'"):
        call_command("export_hsds", str(tmp_path / "out"), format="csv", library="nergens")
