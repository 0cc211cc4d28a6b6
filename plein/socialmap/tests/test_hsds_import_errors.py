"""Bad input imports nothing and names file, line, field and problem in plain Dutch."""

import json
import zipfile

import pytest

from plein.core.tests.factories import LibraryFactory
from plein.socialmap import models as m
from plein.socialmap.hsds import importer
from plein.socialmap.hsds.importer import HsdsImportError, hsds_import
from plein.socialmap.tests.hsds_helpers import edit_csv, spec_package

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryFactory(slug="lindendal")


@pytest.fixture
def package(shared_dir, tmp_path):
    return spec_package(shared_dir, tmp_path / "pkg")


def _set(column, value, row=0):
    def change(rows):
        rows[row][column] = value
        return rows

    return change


def _errors(path, library) -> list[str]:
    with pytest.raises(HsdsImportError) as error:
        hsds_import(path=path, library=library)
    assert not m.Service.objects.exists()
    assert not m.Taxonomy.objects.filter(library=library).exists()
    return error.value.errors


@pytest.mark.parametrize(
    ("filename", "column", "value", "expected"),
    [
        (
            "services.csv",
            "minimum_age",
            "achttien",
            "services.csv, regel 2, veld minimum_age: 'achttien' is geen geheel getal",
        ),
        ("services.csv", "minimum_age", "-3", "veld minimum_age: '-3' mag niet negatief zijn"),
        ("services.csv", "name", "", "services.csv, regel 2, veld name: dit veld is verplicht"),
        ("services.csv", "id", "geen-uuid", "veld id: 'geen-uuid' is geen geldige uuid"),
        (
            "services.csv",
            "assured_date",
            "31-01-2026",
            "veld assured_date: '31-01-2026' is geen geldige datum",
        ),
        (
            "services.csv",
            "last_modified",
            "gisteren",
            "veld last_modified: 'gisteren' is geen geldig tijdstip",
        ),
        (
            "services.csv",
            "status",
            "open",
            "veld status: 'open' is geen toegestane waarde (kies uit: active, inactive, "
            "defunct, temporarily closed)",
        ),
        ("locations.csv", "location_type", "huis", "veld location_type: 'huis' is geen toegestane"),
        ("locations.csv", "latitude", "noord", "veld latitude: 'noord' is geen getal"),
        ("schedules.csv", "freq", "DAILY", "veld freq: 'DAILY' is geen toegestane waarde"),
        ("schedules.csv", "wkst", "ZO", "veld wkst: 'ZO' is geen toegestane waarde"),
        ("schedules.csv", "opens_at", "10 uur", "veld opens_at: '10 uur' is geen geldige tijd"),
        ("phones.csv", "extension", "1.5", "veld extension: '1.5' is geen geheel getal"),
        (
            "organizations.csv",
            "year_incorporated",
            "99999999999999999999",
            "veld year_incorporated: '99999999999999999999' is te groot (hoogstens 2100)",
        ),
        (
            "organizations.csv",
            "year_incorporated",
            "12",
            "veld year_incorporated: '12' is te klein (minstens 1000)",
        ),
        ("schedules.csv", "timezone", "-13", "veld timezone: '-13' is te klein (minstens -12)"),
        ("addresses.csv", "country", "NLD", "veld country: de tekst is te lang (3 tekens"),
        (
            "services.csv",
            "organization_id",
            "00000000-0000-4000-8000-000000000001",
            "services.csv, regel 2, veld organization_id: verwijst naar organisatie "
            "00000000-0000-4000-8000-000000000001, maar die staat niet in het pakket en niet "
            "in de database",
        ),
    ],
)
def test_bad_value_names_file_line_field_and_problem(
    package, library, filename, column, value, expected
):
    edit_csv(package / filename, _set(column, value))

    errors = _errors(package, library)

    assert any(expected in error for error in errors), errors


def test_reference_to_another_librarys_object_is_refused(package, library):
    from plein.socialmap.tests.factories import OrganizationFactory

    other = OrganizationFactory(library=LibraryFactory(slug="andere"))
    edit_csv(package / "services.csv", _set("organization_id", str(other.id)))

    errors = _errors(package, library)

    assert any("hoort bij een andere bibliotheek" in e for e in errors), errors


def test_reference_to_own_object_in_the_database_is_accepted(package, library):
    from plein.socialmap.tests.factories import OrganizationFactory

    own = OrganizationFactory(library=library)
    edit_csv(package / "services.csv", _set("organization_id", str(own.id)))

    hsds_import(path=package, library=library)

    assert m.Service.objects.get().organization == own


def test_several_errors_are_collected_in_one_go(package, library):
    def change(rows):
        rows[0]["minimum_age"] = "achttien"
        rows[0]["maximum_age"] = "honderd"
        return rows

    edit_csv(package / "services.csv", change)
    edit_csv(package / "schedules.csv", _set("freq", "DAILY"))

    errors = _errors(package, library)

    assert len(errors) == 3
    assert "maximum_age" in errors[1] and "schedules.csv" in errors[2]


def test_checking_stops_after_the_maximum_number_of_errors(package, library, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ERRORS", 3)

    def change(rows):
        return [{**rows[0], "id": "fout", "minimum_age": "x"} for _ in range(5)]

    edit_csv(package / "services.csv", change)

    errors = _errors(package, library)

    assert len(errors) == 4
    assert "Na 3 fouten is het controleren gestopt" in errors[-1]


def test_duplicate_id_in_a_file_is_an_error(package, library):
    edit_csv(package / "services.csv", lambda rows: rows + rows)

    errors = _errors(package, library)

    assert any("services.csv, regel 3, veld id: id ac148810" in e for e in errors), errors


def test_error_after_rows_were_written_rolls_everything_back(package, library):
    # Organisations are written before schedules are read; the error must undo them.
    edit_csv(package / "schedules.csv", _set("opens_at", "25:00"))

    _errors(package, library)

    assert not m.Taxonomy.objects.filter(library=library).exists()


def test_line_numbers_count_multi_line_cells(package, library):
    def change(rows):
        second = {**rows[0], "id": "c3c3c3c3-0000-4000-8000-000000000001"}
        rows[0]["description"] = "regel een\nregel twee\nregel drie"
        second["minimum_age"] = "twaalf"
        return [rows[0], second]

    edit_csv(package / "services.csv", change)

    errors = _errors(package, library)

    assert any(e.startswith("services.csv, regel 5, veld minimum_age") for e in errors), errors


def test_missing_required_column_is_named(package, library):
    text = (package / "services.csv").read_text().replace("organization_id,", "", 1)
    (package / "services.csv").write_text(text)

    errors = _errors(package, library)

    assert errors == ["services.csv, regel 1: de kolom organization_id ontbreekt in de kopregel."]


def test_row_with_too_many_cells_is_an_error(package, library):
    lines = (package / "taxonomies.csv").read_text().splitlines()
    lines[1] += ",extra"
    (package / "taxonomies.csv").write_text("\n".join(lines) + "\n")

    errors = _errors(package, library)

    assert errors == ["taxonomies.csv, regel 2: deze regel heeft meer velden dan de kopregel"]


def test_empty_csv_file_is_an_error(package, library):
    (package / "services.csv").write_text("")

    assert _errors(package, library) == ["services.csv is leeg."]


def test_file_that_is_not_utf8_is_an_error(package, library):
    (package / "services.csv").write_bytes(
        (package / "services.csv").read_bytes().replace(b"Community", b"Caf\xe9")
    )

    errors = _errors(package, library)

    assert errors == ["services.csv is geen UTF-8-tekst (regel 2). Sla het bestand op als UTF-8."]


def test_resource_file_missing_from_the_package(package, library):
    (package / "phones.csv").unlink()

    errors = _errors(package, library)

    assert errors == [
        "datapackage.json noemt 'phones.csv', maar dat bestand ontbreekt in het datapakket."
    ]


def test_folder_without_datapackage_is_not_a_package(package, library):
    (package / "datapackage.json").unlink()

    errors = _errors(package, library)

    assert "is geen datapakket: er staat geen datapackage.json in" in errors[0]


def test_datapackage_that_is_not_json(package, library):
    (package / "datapackage.json").write_text("{resources: [")

    errors = _errors(package, library)

    assert errors[0].startswith("datapackage.json, regel 1, kolom 2: ongeldige JSON")


def test_datapackage_without_resources(package, library):
    (package / "datapackage.json").write_text('{"name": "leeg"}')

    assert _errors(package, library) == [
        "datapackage.json: verwacht een object met een lijst 'resources'."
    ]


def test_resource_path_outside_the_package_is_refused(package, library):
    (package / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "service", "path": "../services.csv"}]})
    )

    assert "wijst buiten het datapakket" in _errors(package, library)[0]


def test_missing_path(library, tmp_path):
    assert "bestaat niet" in _errors(tmp_path / "weg", library)[0]


def test_unknown_file_type(library, tmp_path):
    path = tmp_path / "kaart.xlsx"
    path.write_bytes(b"PK")

    assert "kan niet worden ingelezen" in _errors(path, library)[0]


def test_zip_that_is_not_a_zip(library, tmp_path):
    path = tmp_path / "kaart.zip"
    path.write_text("geen zip")

    assert _errors(path, library) == ["kaart.zip is geen geldig zip-bestand."]


def test_zip_without_datapackage(library, tmp_path):
    path = tmp_path / "kaart.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("services.csv", "id\n")

    assert "geen datapakket" in _errors(path, library)[0]


def test_invalid_json_names_line_and_column(library, tmp_path):
    path = tmp_path / "diensten.json"
    path.write_text('[\n  {"id": "x",\n  "name": }\n]')

    errors = _errors(path, library)

    assert errors[0].startswith("diensten.json, regel 3, kolom 11: ongeldige JSON")


def test_empty_json_file(library, tmp_path):
    path = tmp_path / "diensten.json"
    path.write_text("  \n")

    assert _errors(path, library) == ["diensten.json is leeg."]


def test_json_without_objects_imports_nothing(library, tmp_path):
    path = tmp_path / "diensten.json"
    path.write_text("[]")

    assert _errors(path, library) == ["diensten.json bevat geen HSDS-gegevens om te importeren."]


def test_api_description_is_not_data(shared_dir, library):
    errors = _errors(shared_dir / "hsds-3.0/examples/base.json", library)

    assert "is de beschrijving van een HSDS-API" in errors[0]


def test_json_object_of_unknown_kind(library, tmp_path):
    path = tmp_path / "diensten.json"
    path.write_text(json.dumps([{"id": "c3c3c3c3-0000-4000-8000-000000000001", "kleur": "rood"}]))

    errors = _errors(path, library)

    assert errors[0].startswith("diensten.json, [0]: onbekend soort object")


def test_json_bad_values_name_the_object_path(shared_dir, library, tmp_path):
    data = json.loads((shared_dir / "hsds-3.0/examples/service_full.json").read_text())
    data["organization"]["year_incorporated"] = "ooit"
    data["cost_options"][0]["amount"] = "veel"
    data["minimum_age"] = "twaalf"
    path = tmp_path / "dienst.json"
    path.write_text(json.dumps(data))

    errors = _errors(path, library)

    assert "dienst.json, hoofdobject, veld minimum_age: 'twaalf' is geen geheel getal" in errors
    assert "dienst.json, cost_options[0], veld amount: 'veel' is geen getal" in errors
    assert len(errors) == 3
    assert (
        "dienst.json, organization, veld year_incorporated: 'ooit' is geen geheel getal" in errors
    )


def test_json_object_without_id(shared_dir, library, tmp_path):
    data = json.loads((shared_dir / "hsds-3.0/examples/service_full.json").read_text())
    del data["phones"][0]["id"]
    path = tmp_path / "dienst.json"
    path.write_text(json.dumps(data))

    errors = _errors(path, library)

    assert "dienst.json, phones[0], veld id: het veld id ontbreekt" in errors


def test_json_list_where_an_object_is_expected(shared_dir, library, tmp_path):
    data = json.loads((shared_dir / "hsds-3.0/examples/service_full.json").read_text())
    data["phones"] = {"id": "x"}
    path = tmp_path / "dienst.json"
    path.write_text(json.dumps(data))

    errors = _errors(path, library)

    assert "dienst.json, phones, veld phones: verwacht een lijst van objecten" in errors


# -- Limits: what an import may unpack and read --------------------------------------------


def _zip_package(package, target, *, extra: dict | None = None) -> object:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in package.iterdir():
            zf.write(path, path.name)
        for name, content in (extra or {}).items():
            zf.writestr(name, content)
    return target


def test_a_field_longer_than_the_limit_is_refused(package, library, settings):
    settings.PLEIN_IMPORT_MAX_FIELD = 1000
    edit_csv(package / "services.csv", _set("description", "lang " * 300))

    errors = _errors(package, library)

    assert errors == [
        "services.csv, regel 2: een veld is langer dan 1000 tekens. Zo lang is geen "
        "omschrijving; kort het in."
    ]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(package, library, tmp_path):
    description = "a" * (20 * 1024 * 1024)  # 20 MB of one letter packs to some 20 KB
    path = _zip_package(package, tmp_path / "bom.zip", extra={"extra.txt": description})

    errors = _errors(path, library)

    assert "pakt uit tot" in errors[0] and "extra.txt" in errors[0]


def test_more_than_the_import_may_unpack_is_refused(package, library, tmp_path, settings):
    settings.PLEIN_IMPORT_MAX_MB = 1
    path = _zip_package(package, tmp_path / "groot.zip", extra={"x.bin": bytes(range(256)) * 8000})

    assert "Plein leest hooguit 1 MB per import" in _errors(path, library)[0]


@pytest.mark.parametrize("entry", ["../buiten.csv", "/etc/passwd", "map/../../weg.csv"])
def test_a_zip_entry_outside_the_zip_is_refused(package, library, tmp_path, entry):
    path = _zip_package(package, tmp_path / "pad.zip", extra={entry: "id\n"})

    assert "wijst buiten de zip" in _errors(path, library)[0]


def test_more_rows_than_the_limit_are_refused(package, library, settings):
    settings.PLEIN_IMPORT_MAX_ROWS = 1
    edit_csv(package / "services.csv", lambda rows: rows + [dict(rows[0], id="tweede")])

    assert "meer dan 1 rijen" in _errors(package, library)[0]


@pytest.mark.parametrize("depth", [40, 100_000])
def test_deeply_nested_json_is_refused_in_plain_dutch(library, tmp_path, depth):
    path = tmp_path / "diep.json"
    path.write_text("[" * depth + "]" * depth)

    assert _errors(path, library) == [
        "diep.json: de JSON is dieper genest dan 32 niveaus; zo diep gaat HSDS nooit."
    ]


def test_a_json_text_longer_than_the_limit_is_refused(library, tmp_path, settings):
    settings.PLEIN_IMPORT_MAX_FIELD = 100
    path = tmp_path / "lang.json"
    path.write_text(json.dumps([{"id": "x", "name": "n", "description": "d" * 101}]))

    assert "een veld is langer dan 100 tekens" in _errors(path, library)[0]


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,x", "ftp://x.nl"])
def test_a_link_with_another_scheme_is_refused(package, library, link):
    edit_csv(package / "services.csv", _set("url", link))

    errors = _errors(package, library)

    assert any("url" in line and "moet beginnen met http://" in line for line in errors)
