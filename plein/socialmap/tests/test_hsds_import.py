import json
import shutil
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plein.core.models import AuditEvent
from plein.core.tests.factories import LibraryFactory
from plein.socialmap import models as m
from plein.socialmap.hsds.importer import hsds_import
from plein.socialmap.tests.factories import ContactFactory, OrganizationFactory
from plein.socialmap.tests.hsds_helpers import edit_csv, spec_package

pytestmark = pytest.mark.django_db

LINDENDAL_COUNTS = {
    m.Organization: 62,
    m.Service: 193,
    m.Location: 44,
    m.ServiceAtLocation: 139,
    m.Schedule: 143,
    m.Phone: 333,
    m.Contact: 156,
    m.Address: 40,
    m.ServiceArea: 204,
    m.Language: 235,
    m.Attribute: 701,
    m.Program: 4,
    m.Funding: 34,
    m.CostOption: 34,
    m.RequiredDocument: 32,
    m.Accessibility: 27,
    m.OrganizationIdentifier: 49,
    m.Metadata: 9,
    m.MetaTableDescription: 21,
}


@pytest.fixture
def library():
    return LibraryFactory(slug="lindendal", name="Bibliotheek Lindendal")


def _counts():
    return {model: model.objects.count() for model in LINDENDAL_COUNTS}


def test_lindendal_package_imports_every_table(shared_dir, library):
    result = hsds_import(path=shared_dir / "data/lindendal/csv", library=library)

    assert _counts() == LINDENDAL_COUNTS
    assert m.TaxonomyTerm.objects.filter(library=library).count() == 88
    assert result.counts["service"] == {"created": 193, "updated": 0}
    assert set(m.Service.objects.values_list("library", flat=True)) == {library.id}
    assert set(m.Location.objects.values_list("library", flat=True)) == {library.id}
    wmo = m.Service.objects.get(id="bc105198-ba16-524b-b047-99f782066435")
    assert wmo.minimum_age == 18
    assert str(wmo.assured_date) == "2024-03-29"
    assert wmo.last_modified.isoformat().startswith("2026-01-07T13:52:34.015")
    schedule = m.Schedule.objects.get(id="7a08b565-9c68-56f4-bf8b-e3a562bf6208")
    assert (schedule.freq, schedule.byday, str(schedule.opens_at)) == (
        "WEEKLY",
        "MO,TU,WE,TH,FR",
        "08:30:00",
    )


def test_reimport_updates_by_id_and_never_duplicates(shared_dir, library):
    path = shared_dir / "data/lindendal/csv"
    hsds_import(path=path, library=library)
    m.Service.objects.filter(id="bc105198-ba16-524b-b047-99f782066435").update(name="Oud")

    result = hsds_import(path=path, library=library)

    assert _counts() == LINDENDAL_COUNTS
    assert result.counts["service"] == {"created": 0, "updated": 193}
    assert m.Service.objects.get(id="bc105198-ba16-524b-b047-99f782066435").name == "Wmo-loket"


def test_taxonomy_kind_follows_the_link_type_of_its_attributes(shared_dir, library):
    hsds_import(path=shared_dir / "data/lindendal/csv", library=library)

    kinds = dict(m.Taxonomy.objects.filter(library=library).values_list("name", "kind"))
    assert kinds == {"Plein onderwerpen": "topic", "Leefgebieden": "life_domain"}


def test_lindendal_json_imports_the_same_services(shared_dir, library):
    result = hsds_import(path=shared_dir / "data/lindendal/services.json", library=library)

    assert m.Service.objects.count() == 193
    assert result.counts["service"]["created"] == 193
    # A contact nested under a service keeps its link; a location gets its organisation.
    assert m.Contact.objects.filter(service__isnull=False).exists()
    assert not m.Location.objects.filter(organization__isnull=True).exists()
    metadata = m.Metadata.objects.get(id="91e39324-272e-527d-a3c3-2d722583fada")
    assert str(metadata.resource_id) == "bc105198-ba16-524b-b047-99f782066435"


def test_organizations_json_imports(shared_dir, library):
    hsds_import(path=shared_dir / "data/lindendal/organizations.json", library=library)

    assert m.Organization.objects.count() == 62


def test_import_writes_one_audit_entry_with_counts(shared_dir, library):
    hsds_import(path=shared_dir / "data/lindendal/csv", library=library)

    event = AuditEvent.objects.get(action="socialmap.hsds.imported")
    assert event.library == library
    assert event.changes["counts"]["service"] == {"created": 193, "updated": 0}


def test_spec_example_package_imports(shared_dir, library):
    # The example's datapackage.json is a git symlink stub ("../../datapackage.json").
    result = hsds_import(path=shared_dir / "hsds-3.0/examples/csv", library=library)

    assert m.Service.objects.get().name == "Community Counselling"
    assert result.counts["phone"]["created"] == 1
    phone = m.Phone.objects.get()
    assert phone.contact_id and phone.service_at_location_id and phone.organization_id
    # The examples point at objects they do not contain; those optional links stay empty.
    assert any("cd09a387-91f4-4555-94ec-e799c35344cd" in w for w in result.warnings)
    assert m.Organization.objects.get().parent_organization_id is None


@pytest.mark.parametrize(
    "name",
    [
        "service_full.json",
        "service_list.json",
        "organization_full.json",
        "organization_list.json",
        "service_at_location_full.json",
        "service_at_location_list.json",
        "location.json",
        "taxonomy.json",
        "taxonomy_list.json",
        "taxonomy_term.json",
        "taxonomy_term_list.json",
        "tabular.json",
    ],
)
def test_spec_example_json_imports(shared_dir, library, name):
    path = shared_dir / "hsds-3.0/examples" / name
    data = json.loads(path.read_text())
    items = data.get("contents", [data])

    hsds_import(path=path, library=library)

    for item in items:
        if "id" in item:
            assert any(
                model.objects.filter(pk=item["id"]).exists()
                for model in (m.Service, m.Organization, m.ServiceAtLocation, m.Location)
                + (m.Taxonomy, m.TaxonomyTerm)
            )


def test_spec_full_service_merges_objects_that_appear_in_several_places(shared_dir, library):
    hsds_import(path=shared_dir / "hsds-3.0/examples/service_full.json", library=library)

    contact = m.Contact.objects.get()
    assert contact.service_id and contact.location_id and contact.service_at_location_id
    assert contact.organization_id
    language = m.Language.objects.get()
    assert language.phone_id and language.service_id and language.location_id
    assert m.Program.objects.get().organization_id == m.Organization.objects.get().id


def test_zip_package_imports(shared_dir, library, tmp_path):
    archive = tmp_path / "lindendal.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in (shared_dir / "data/lindendal/csv").iterdir():
            zf.write(path, f"lindendal/{path.name}")

    hsds_import(path=archive, library=library)

    assert m.Service.objects.count() == 193


def test_professionals_only_column_sets_the_flag(shared_dir, library, tmp_path):
    package = spec_package(shared_dir, tmp_path / "pkg")
    with (package / "contacts.csv").open() as handle:
        text = handle.read().splitlines()
    text[0] += ",x_professionals_only"
    text[1] += ",true"
    (package / "contacts.csv").write_text("\n".join(text) + "\n")

    hsds_import(path=package, library=library)

    assert m.Contact.objects.get().professionals_only is True


def test_json_extension_field_sets_the_flag(shared_dir, library, tmp_path):
    data = json.loads((shared_dir / "hsds-3.0/examples/service_full.json").read_text())
    data["contacts"][0]["phones"][0]["x_professionals_only"] = True
    path = tmp_path / "service.json"
    path.write_text(json.dumps(data))

    hsds_import(path=path, library=library)

    assert m.Phone.objects.get().professionals_only is True


def test_file_without_the_flag_keeps_an_editors_professionals_only_choice(shared_dir, library):
    path = shared_dir / "hsds-3.0/examples/csv"
    hsds_import(path=path, library=library)
    m.Contact.objects.update(professionals_only=True)

    hsds_import(path=path, library=library)

    assert m.Contact.objects.get().professionals_only is True


def test_import_calls_the_neighbourhood_and_search_hooks(shared_dir, library, monkeypatch):
    calls = []
    from plein.socialmap import neighbourhoods
    from plein.socialmap.search import index

    monkeypatch.setattr(neighbourhoods, "neighbourhoods_link", lambda **kw: calls.append(kw))
    monkeypatch.setattr(index, "search_index_rebuild", lambda **kw: calls.append(kw))

    hsds_import(path=shared_dir / "hsds-3.0/examples/service_full.json", library=library)

    assert calls == [{"library": library}, {"library": library}]


# -- the command ---------------------------------------------------------------------------


def test_command_prints_counts_per_table(shared_dir, library, capsys):
    call_command("import_hsds", str(shared_dir / "data/lindendal/csv"))

    out = capsys.readouterr().out
    assert "diensten: 193 nieuw, 0 bijgewerkt" in out
    assert "organisaties: 62 nieuw, 0 bijgewerkt" in out


def test_command_needs_library_when_there_are_several(shared_dir, library):
    LibraryFactory(slug="andere")

    with pytest.raises(CommandError, match="kies er een met --library: andere, lindendal"):
        call_command("import_hsds", str(shared_dir / "hsds-3.0/examples/service_full.json"))

    assert not m.Service.objects.exists()


def test_command_with_library_option_imports_there(shared_dir, library):
    other = LibraryFactory(slug="andere")

    call_command(
        "import_hsds", str(shared_dir / "hsds-3.0/examples/service_full.json"), library="andere"
    )

    assert m.Service.objects.get().library == other


def test_command_refuses_unknown_library(shared_dir, library):
    with pytest.raises(CommandError, match="geen bibliotheek met de korte naam 'nergens'"):
        call_command(
            "import_hsds",
            str(shared_dir / "hsds-3.0/examples/service_full.json"),
            library="nergens",
        )


def test_command_without_any_library_explains(shared_dir):
    with pytest.raises(CommandError, match="nog geen bibliotheek"):
        call_command("import_hsds", str(shared_dir / "hsds-3.0/examples/service_full.json"))


def test_ids_of_another_library_are_refused(shared_dir, library):
    other = LibraryFactory(slug="andere")
    OrganizationFactory(id="d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", library=other)

    with pytest.raises(CommandError) as error:
        call_command("import_hsds", str(shared_dir / "hsds-3.0/examples/csv"), library="lindendal")

    assert (
        "organizations.csv, regel 2, veld id: organisatie d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610 "
        "bestaat al bij een andere bibliotheek" in str(error.value)
    )
    assert not m.Service.objects.exists()


def test_child_rows_of_another_library_are_refused(shared_dir, library):
    other_org = OrganizationFactory(library=LibraryFactory(slug="andere"))
    ContactFactory(id="1e7efce3-639b-4880-940c-b95cd30cdb50", organization=other_org)

    with pytest.raises(CommandError, match="contacts.csv, regel 2, veld id: contactpersoon"):
        call_command("import_hsds", str(shared_dir / "hsds-3.0/examples/csv"), library="lindendal")


def test_shared_default_taxonomy_is_referred_to_not_taken_over(shared_dir, library, tmp_path):
    shared = m.Taxonomy.objects.create(
        id="ed4ec2ac-453e-5d4b-aa38-60b043e86844", name="Gedeeld", library=None
    )
    package = tmp_path / "lindendal"
    shutil.copytree(shared_dir / "data/lindendal/csv", package)

    result = hsds_import(path=package, library=library)

    shared.refresh_from_db()
    assert (shared.name, shared.library) == ("Gedeeld", None)
    assert result.counts["taxonomy"] == {"created": 1, "updated": 0, "shared": 1}


def test_edit_csv_helper_keeps_the_header(shared_dir, tmp_path):
    package = spec_package(shared_dir, tmp_path / "pkg")
    edit_csv(package / "services.csv", lambda rows: rows)

    assert (package / "services.csv").read_text().startswith("id,organization_id,program_id")


def _has_planner_statistics(db_table: str) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [db_table])
            return cursor.fetchone()[0] > 0
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return False
        cursor.execute("SELECT 1 FROM sqlite_stat1 WHERE tbl = %s", [db_table])
        return cursor.fetchone() is not None


def test_import_leaves_fresh_planner_statistics(shared_dir, library):
    # Without them, searches right after a large import take several times longer. (On
    # PostgreSQL, ANALYZE results outlive a test's rollback, so no "before" check here.)
    hsds_import(path=shared_dir / "data/lindendal/csv", library=library)
    assert _has_planner_statistics("socialmap_service")
    assert _has_planner_statistics("socialmap_organization")
