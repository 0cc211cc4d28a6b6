"""import -> export -> import loses nothing the model holds (CSV and JSON)."""

import shutil

import pytest

from plein.core.tests.factories import LibraryFactory
from plein.socialmap import models as m
from plein.socialmap.hsds.exporter import hsds_export_csv, hsds_export_json
from plein.socialmap.hsds.importer import hsds_import
from plein.socialmap.tests.hsds_helpers import snapshot, spec_package, wipe_social_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryFactory(slug="lindendal")


def _roundtrip_csv(library, tmp_path, *, public=False):
    before = snapshot()
    hsds_export_csv(library=library, out=tmp_path / "export", public=public)
    wipe_social_map()
    hsds_import(path=tmp_path / "export", library=library)
    return before, snapshot()


def test_lindendal_csv_round_trip_loses_nothing(shared_dir, library, tmp_path):
    hsds_import(path=shared_dir / "data/lindendal/csv", library=library)
    m.Contact.objects.filter(name__startswith="K").update(professionals_only=True)
    m.Phone.objects.filter(number__startswith="06").update(professionals_only=True)

    before, after = _roundtrip_csv(library, tmp_path)

    assert sum(len(rows) for rows in before.values()) == 2550
    assert after == before
    assert m.Contact.objects.filter(professionals_only=True).exists()


def test_csv_round_trip_keeps_taxonomy_kinds(shared_dir, library, tmp_path):
    hsds_import(path=shared_dir / "data/lindendal/csv", library=library)
    kinds = dict(m.Taxonomy.objects.filter(library=library).values_list("id", "kind"))

    _roundtrip_csv(library, tmp_path)

    assert dict(m.Taxonomy.objects.filter(library=library).values_list("id", "kind")) == kinds


def test_spec_example_csv_round_trip_loses_nothing(shared_dir, library, tmp_path):
    hsds_import(path=spec_package(shared_dir, tmp_path / "pkg"), library=library)

    before, after = _roundtrip_csv(library, tmp_path)

    assert after == before
    assert after["service"]


def test_lindendal_json_round_trip_loses_nothing(shared_dir, library, tmp_path):
    hsds_import(path=shared_dir / "data/lindendal/services.json", library=library)
    m.Contact.objects.filter(name__startswith="K").update(professionals_only=True)
    before = snapshot()

    hsds_export_json(library=library, out=tmp_path / "services.json")
    wipe_social_map()
    hsds_import(path=tmp_path / "services.json", library=library)

    assert snapshot() == before


def test_spec_example_json_round_trip_loses_nothing(shared_dir, library, tmp_path):
    shutil.copy(shared_dir / "hsds-3.0/examples/service_full.json", tmp_path / "in.json")
    hsds_import(path=tmp_path / "in.json", library=library)
    before = snapshot()

    hsds_export_json(library=library, out=tmp_path / "out.json")
    wipe_social_map()
    hsds_import(path=tmp_path / "out.json", library=library)

    assert snapshot() == before


def test_reimporting_an_export_over_the_same_data_changes_nothing(shared_dir, library, tmp_path):
    hsds_import(path=shared_dir / "data/lindendal/csv", library=library)
    before = snapshot()
    hsds_export_csv(library=library, out=tmp_path / "export")

    result = hsds_import(path=tmp_path / "export", library=library)

    assert snapshot() == before
    assert result.counts["service"] == {"created": 0, "updated": 193}


def test_public_export_round_trip_drops_only_professionals_only_rows(shared_dir, library, tmp_path):
    hsds_import(path=shared_dir / "data/lindendal/csv", library=library)
    private = m.Contact.objects.filter(phones__isnull=False).first()
    private.professionals_only = True
    private.save(update_fields=["professionals_only"])
    hidden_phones = {str(p) for p in private.phones.values_list("id", flat=True)}

    before, after = _roundtrip_csv(library, tmp_path, public=True)

    assert set(before["contact"]) - set(after["contact"]) == {private.id}
    assert {str(p) for p in set(before["phone"]) - set(after["phone"])} == hidden_phones
    assert after["service"] == before["service"]


def test_csv_export_neutralises_formulas_and_the_import_reads_them_back(library, tmp_path):
    from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

    attack = '=HYPERLINK("http://example.org";"klik")'
    ServiceFactory(organization=OrganizationFactory(library=library), name=attack)
    hsds_export_csv(library=library, out=tmp_path / "first", public=False)
    written = (tmp_path / "first" / "services.csv").read_text(encoding="utf-8")
    assert "'" + attack.replace('"', '""') in written
    before, after = _roundtrip_csv(library, tmp_path)
    assert after == before
    assert m.Service.objects.get().name == attack
