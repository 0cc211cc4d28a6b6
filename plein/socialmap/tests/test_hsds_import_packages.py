"""Packages of other publishers: the ORUK profile, older HSDS versions, dialects and encodings."""

import csv
import json
import shutil

import pytest

from plein.core.tests.factories import LibraryFactory
from plein.socialmap import models as m
from plein.socialmap.hsds.importer import HsdsImportError, hsds_import
from plein.socialmap.tests.hsds_helpers import spec_package

pytestmark = pytest.mark.django_db

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
LOCATION_ID = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"


@pytest.fixture
def library():
    return LibraryFactory(slug="lindendal")


@pytest.fixture
def package(shared_dir, tmp_path):
    return spec_package(shared_dir, tmp_path / "pkg")


def oruk_package(shared_dir, target):
    """The ORUK profile's example CSV files with the profile's datapackage.json next to them."""
    shutil.copytree(shared_dir / "oruk-3.0" / "examples" / "csv", target)
    shutil.copy(shared_dir / "oruk-3.0" / "datapackage.json", target / "datapackage.json")
    for path in target.iterdir():
        path.chmod(0o644)
    target.chmod(0o755)
    return target


def _errors(path, library) -> list[str]:
    with pytest.raises(HsdsImportError) as error:
        hsds_import(path=path, library=library)
    assert not m.Service.objects.exists()
    return error.value.errors


def _write_package(folder, files: dict[str, list[list[str]]], **descriptor):
    """A small package: {file name: rows (header first)} and a datapackage.json listing them."""
    folder.mkdir()
    resources = []
    for name, rows in files.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
        resources.append({"name": name.removesuffix(".csv"), "path": name})
    (folder / "datapackage.json").write_text(json.dumps({**descriptor, "resources": resources}))
    return folder


# -- the ORUK 3.0 profile ------------------------------------------------------------------


def test_the_oruk_profile_package_imports(shared_dir, library, tmp_path):
    result = hsds_import(path=oruk_package(shared_dir, tmp_path / "oruk"), library=library)

    service = m.Service.objects.get(id=SERVICE_ID)
    assert service.name == "Community Counselling"
    assert result.counts["attribute"]["created"] == 1
    # ORUK's attribute.csv has no link_entity: the importer finds the table of link_id.
    attribute = m.Attribute.objects.get()
    assert str(attribute.link_id) == "f28dd44b-0c4d-479f-8e90-4c52219a8b3c"
    assert m.Schedule.objects.filter(service=service, byday="TH,FR").exists()


def test_oruk_attribute_gets_the_table_of_what_it_links_to(shared_dir, library, tmp_path):
    package = oruk_package(shared_dir, tmp_path / "oruk")
    text = (package / "attribute.csv").read_text()
    (package / "attribute.csv").write_text(
        text.replace("f28dd44b-0c4d-479f-8e90-4c52219a8b3c", SERVICE_ID)
        + f"0b0c3bd4-1f7e-4d7b-9a36-2a3e4c5d6e7f,{LOCATION_ID},"
        "3f7b145d-84af-42d7-8fae-eaca714b02b2,\n"
    )

    hsds_import(path=package, library=library)

    entities = dict(m.Attribute.objects.values_list("link_id", "link_entity"))
    assert {str(k): v for k, v in entities.items()} == {
        SERVICE_ID: "service",
        LOCATION_ID: "location",
    }


def test_oruk_attribute_linked_to_an_object_in_the_database(shared_dir, library, tmp_path):
    hsds_import(path=oruk_package(shared_dir, tmp_path / "oruk"), library=library)
    package = _write_package(
        tmp_path / "only-attributes",
        {
            "attribute.csv": [
                ["id", "link_id", "taxonomy_term_id", "link_type"],
                [
                    "8d3f1e0a-5b7c-4d2e-9f10-112233445566",
                    LOCATION_ID,
                    "3f7b145d-84af-42d7-8fae-eaca714b02b2",
                    "",
                ],
            ]
        },
    )

    hsds_import(path=package, library=library)

    assert m.Attribute.objects.get(link_id=LOCATION_ID).link_entity == "location"


def test_columns_plein_does_not_know_are_named_in_a_warning(shared_dir, library, tmp_path):
    result = hsds_import(path=oruk_package(shared_dir, tmp_path / "oruk"), library=library)

    unknown = [w for w in result.warnings if "kent Plein niet" in w]
    assert (
        "taxonomy_terms.csv: de kolom(men) term kent Plein niet (geen HSDS 3.0); die zijn niet "
        "geïmporteerd."
    ) in unknown
    assert any(w.startswith("service_areas.csv: ") and "service_area" in w for w in unknown)
    assert any(w.startswith("accessibility.csv: ") and "accessibility" in w for w in unknown)
    assert not any(w.startswith("services.csv") for w in unknown)


def test_a_package_with_only_known_columns_gets_no_column_warning(package, library):
    result = hsds_import(path=package, library=library)

    assert not [w for w in result.warnings if "kent Plein niet" in w]


# -- older HSDS versions -------------------------------------------------------------------

ORG_1X = [["id", "name", "description", "url"], ["1", "Buurthuis", "Ontmoeting", "http://a.nl"]]


def test_an_hsds_1_package_is_named_as_such(library, tmp_path):
    package = _write_package(
        tmp_path / "v1",
        {
            "organizations.csv": ORG_1X,
            "physical_addresses.csv": [["id", "location_id", "address_1"]],
            "services_taxonomy.csv": [["id", "service_id", "taxonomy_id"]],
        },
        version="1.1",
    )

    errors = _errors(package, library)

    assert len(errors) == 1
    assert errors[0].startswith("Dit is een HSDS 1.x-pakket (het bestand physical_addresses.csv")
    assert "Plein leest alleen HSDS 3.0" in errors[0]


def test_an_hsds_2_package_is_named_as_such(library, tmp_path):
    package = _write_package(
        tmp_path / "v2",
        {
            "organizations.csv": ORG_1X,
            "regular_schedules.csv": [["id", "service_id", "weekday", "opens_at", "closes_at"]],
            "attributes.csv": [["id", "link_id", "taxonomy_term_id"]],
        },
    )

    errors = _errors(package, library)

    assert errors[0].startswith("Dit is een HSDS 2.x-pakket (het bestand regular_schedules.csv")


def test_an_old_package_is_recognised_by_its_columns(library, tmp_path):
    package = _write_package(
        tmp_path / "old",
        {
            "organizations.csv": ORG_1X,
            "locations.csv": [["id", "organization_id", "name", "latitude", "longitude"]],
        },
    )

    errors = _errors(package, library)

    assert errors == [
        "Dit is een HSDS 1.x/2.x-pakket (organizations.csv heeft de kolom url van een oudere "
        "HSDS-versie). Plein leest alleen HSDS 3.0: zet de gegevens eerst om naar HSDS 3.0, of "
        "vraag de leverancier om een export in HSDS 3.0."
    ]


def test_a_declared_old_version_with_a_missing_column_is_named(library, tmp_path):
    package = _write_package(
        tmp_path / "declared",
        {"services.csv": [["id", "organization_id", "name"]]},
        version="2.0.1",
    )

    errors = _errors(package, library)

    assert errors[0].startswith(
        "Dit is een HSDS 2.x-pakket (datapackage.json noemt versie 2.0.1; services.csv mist de "
        "kolom status die HSDS 3.0 vraagt)"
    )


def test_a_package_version_alone_is_not_an_hsds_version(package, library):
    descriptor = json.loads((package / "datapackage.json").read_text())
    (package / "datapackage.json").write_text(json.dumps({**descriptor, "version": "1.4.2"}))

    hsds_import(path=package, library=library)

    assert m.Service.objects.exists()


def test_hsds_version_3_with_a_missing_column_keeps_the_column_message(package, library):
    text = (package / "services.csv").read_text().replace("status", "state", 1)
    (package / "services.csv").write_text(text)

    assert _errors(package, library) == [
        "services.csv, regel 1: de kolom status ontbreekt in de kopregel."
    ]


def test_hsds_1_json_is_named_as_such(library, tmp_path):
    path = tmp_path / "service.json"
    path.write_text(
        json.dumps(
            {
                "id": "s1",
                "name": "Taalcafé",
                "status": "active",
                "regular_schedules": [{"id": "r1", "weekday": 1}],
            }
        )
    )

    errors = _errors(path, library)

    assert errors == [
        "Dit is een HSDS 1.x/2.x-pakket (het veld regular_schedules hoort bij een oudere "
        "HSDS-versie). Plein leest alleen HSDS 3.0: zet de gegevens eerst om naar HSDS 3.0, of "
        "vraag de leverancier om een export in HSDS 3.0."
    ]


# -- dialects and encodings ----------------------------------------------------------------


def _rewrite(package, *, delimiter=",", encoding="utf-8"):
    """Every CSV of the package written again with another delimiter and encoding."""
    for path in package.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        with path.open("w", encoding=encoding, newline="", errors="replace") as handle:
            csv.writer(handle, delimiter=delimiter).writerows(rows)


def _declare(package, **properties):
    descriptor = json.loads((package / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        resource.update(properties)
    (package / "datapackage.json").write_text(json.dumps(descriptor))


def test_a_declared_semicolon_dialect_and_windows_1252_are_honoured(package, library):
    services = (package / "services.csv").read_text()
    (package / "services.csv").write_text(services.replace("Community Counselling", "Café Ü"))
    _rewrite(package, delimiter=";", encoding="windows-1252")
    _declare(package, dialect={"delimiter": ";"}, encoding="windows-1252")

    result = hsds_import(path=package, library=library)

    assert m.Service.objects.get(id=SERVICE_ID).name == "Café Ü"
    # The last column of locations.csv, and the example's latitude 100 read as a number.
    assert m.Location.objects.get(id=LOCATION_ID).external_identifier == "10092008082"
    assert [w for w in result.warnings if "veld latitude: '100' ligt buiten" in w]
    assert not [w for w in result.warnings if "gescheiden" in w]


def test_a_package_level_dialect_is_the_default(package, library):
    _rewrite(package, delimiter="\t")
    descriptor = json.loads((package / "datapackage.json").read_text())
    descriptor["dialect"] = {"delimiter": "\t"}
    (package / "datapackage.json").write_text(json.dumps(descriptor))

    hsds_import(path=package, library=library)

    assert m.Service.objects.get(id=SERVICE_ID).name == "Community Counselling"


def test_an_undeclared_semicolon_header_is_read_with_a_warning(package, library):
    _rewrite(package, delimiter=";")

    result = hsds_import(path=package, library=library)

    assert m.Service.objects.get(id=SERVICE_ID).name == "Community Counselling"
    assert (
        "services.csv: de kolommen zijn gescheiden door ';' in plaats van komma's. Plein leest "
        "het bestand zo; zet dit voortaan in datapackage.json (dialect.delimiter) of sla het op "
        "met komma's."
    ) in result.warnings


def test_a_declared_comma_is_not_second_guessed(package, library):
    _rewrite(package, delimiter=";")
    _declare(package, dialect={"delimiter": ","})

    errors = _errors(package, library)

    assert errors == [
        "taxonomies.csv, regel 1: de kolom description, id, name ontbreekt in de kopregel."
    ]


def test_text_that_does_not_fit_the_declared_encoding_names_file_and_line(package, library):
    raw = (package / "services.csv").read_bytes().replace(b"Community", b"Comm\x81nity")
    (package / "services.csv").write_bytes(raw)
    _declare(package, encoding="windows-1252")

    errors = _errors(package, library)

    assert errors == [
        "services.csv is geen cp1252-tekst (regel 2), zoals datapackage.json zegt. Sla het "
        "bestand op in die codering, of zet de juiste 'encoding' in datapackage.json."
    ]


@pytest.mark.parametrize(
    ("properties", "message"),
    [
        (
            {"encoding": "klingon-8"},
            "datapackage.json: de codering 'klingon-8' van 'organizations.csv' kent Plein niet "
            "(bijvoorbeeld utf-8 of windows-1252).",
        ),
        (
            {"dialect": {"delimiter": ";;"}},
            "datapackage.json: de 'dialect' van 'organizations.csv' is ongeldig: delimiter moet "
            "één teken zijn, niet ';;'.",
        ),
        (
            {"dialect": {"quoteChar": 7}},
            "datapackage.json: de 'dialect' van 'organizations.csv' is ongeldig: quoteChar moet "
            "één teken zijn, niet '7'.",
        ),
        (
            {"dialect": {"header": False}},
            "datapackage.json: 'organizations.csv' heeft volgens de 'dialect' geen kopregel; Plein "
            "heeft de kopregel nodig om de kolommen te herkennen.",
        ),
    ],
)
def test_a_bad_dialect_or_encoding_is_refused(package, library, properties, message):
    _declare(package, **properties)

    assert _errors(package, library) == [message]


# -- duplicate ids in JSON -----------------------------------------------------------------

ORG = {"id": "0d9c8b7a-6f5e-4d3c-2b1a-000000000001", "name": "Buurtwerk", "description": "Hulp"}


def _service(service_id: str, name: str, **extra) -> dict:
    return {"id": service_id, "name": name, "status": "active", "organization": ORG, **extra}


def _json(tmp_path, data) -> str:
    path = tmp_path / "diensten.json"
    path.write_text(json.dumps(data))
    return path


def test_two_services_with_one_id_are_refused_naming_the_id(library, tmp_path):
    path = _json(tmp_path, [_service(SERVICE_ID, "Taalcafé"), _service(SERVICE_ID, "Schuldhulp")])

    assert _errors(path, library) == [
        f"diensten.json, [1], veld id: id {SERVICE_ID} komt twee keer voor (ook op diensten.json, "
        "[0]); geef elk object een eigen id"
    ]


def test_the_same_service_twice_in_a_list_is_refused_too(library, tmp_path):
    path = _json(tmp_path, {"contents": [_service(SERVICE_ID, "Taalcafé")] * 2})

    errors = _errors(path, library)

    assert errors == [
        f"diensten.json, contents[1], veld id: id {SERVICE_ID} komt twee keer voor (ook op "
        "diensten.json, contents[0]); geef elk object een eigen id"
    ]


def test_a_nested_object_that_differs_under_the_same_id_is_refused(library, tmp_path):
    other_org = {**ORG, "name": "Andere organisatie"}
    path = _json(
        tmp_path,
        [
            _service(SERVICE_ID, "Taalcafé"),
            _service("5e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "Schuldhulp", organization=other_org),
        ],
    )

    assert _errors(path, library) == [
        f"diensten.json, [1].organization, veld id: id {ORG['id']} staat ook op diensten.json, "
        "[0].organization, maar daar met een andere waarde voor name ('Buurtwerk' en hier "
        "'Andere organisatie'); hetzelfde id moet hetzelfde object zijn, geef anders elk object "
        "een eigen id"
    ]


def test_the_same_nested_object_in_several_places_is_one_row(library, tmp_path):
    path = _json(
        tmp_path,
        [
            _service(SERVICE_ID, "Taalcafé"),
            _service("5e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "Schuldhulp"),
        ],
    )

    hsds_import(path=path, library=library)

    assert m.Organization.objects.get().services.count() == 2


def test_duplicate_rows_in_the_tabular_json_form_are_refused(library, tmp_path):
    path = _json(tmp_path, {"organizations.csv": [ORG, {**ORG, "name": "Tweede"}]})

    assert _errors(path, library) == [
        f"diensten.json, organizations.csv[1], veld id: id {ORG['id']} komt twee keer voor (ook "
        "op diensten.json, organizations.csv[0]); geef elk object een eigen id"
    ]
