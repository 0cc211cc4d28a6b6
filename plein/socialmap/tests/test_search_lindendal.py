"""The four queries residents type, against the realistic Lindendal social map (../shared)."""

import csv
from pathlib import Path

import pytest

from plein.core.tests.factories import LibraryFactory
from plein.socialmap.models import (
    Attribute,
    Organization,
    Service,
    Taxonomy,
    TaxonomyKind,
    TaxonomyTerm,
)
from plein.socialmap.search import service_search, synonyms_install_defaults
from plein.socialmap.search.index import search_index_rebuild

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


def _rows(folder: Path, name: str) -> list[dict]:
    with (folder / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _load(folder: Path, library) -> None:
    """Just the tables search reads; the HSDS importer is tested elsewhere."""
    kinds = {"Plein onderwerpen": TaxonomyKind.TOPIC, "Leefgebieden": TaxonomyKind.LIFE_DOMAIN}
    for row in _rows(folder, "taxonomies.csv"):
        Taxonomy.objects.create(
            id=row["id"], library=library, name=row["name"], kind=kinds[row["name"]]
        )
    terms = _rows(folder, "taxonomy_terms.csv")
    TaxonomyTerm.objects.bulk_create(
        TaxonomyTerm(
            id=row["id"],
            library=library,
            taxonomy_detail_id=row["taxonomy_id"],
            code=row["code"],
            name=row["name"],
            description=row["description"],
        )
        for row in terms
    )
    for row in terms:
        if row["parent_id"]:
            TaxonomyTerm.objects.filter(pk=row["id"]).update(parent_id=row["parent_id"])
    Organization.objects.bulk_create(
        Organization(
            id=row["id"], library=library, name=row["name"], description=row["description"]
        )
        for row in _rows(folder, "organizations.csv")
    )
    fields = ["name", "alternate_name", "description", "eligibility_description", "status"]
    Service.objects.bulk_create(
        Service(
            id=row["id"],
            library=library,
            organization_id=row["organization_id"],
            application_process=row["application_process"],
            **{field: row[field] for field in fields},
        )
        for row in _rows(folder, "services.csv")
    )
    Attribute.objects.bulk_create(
        Attribute(
            id=row["id"],
            link_id=row["link_id"],
            link_entity=row["link_entity"],
            link_type=row["link_type"],
            taxonomy_term_id=row["taxonomy_term_id"],
        )
        for row in _rows(folder, "attributes.csv")
        if row["link_entity"] == "service"
    )


@pytest.fixture
def lindendal(shared_dir):
    library = LibraryFactory(slug="lindendal", municipality="Lindendal")
    _load(shared_dir / "data" / "lindendal" / "csv", library)
    synonyms_install_defaults()
    search_index_rebuild(library=library)
    return library


def _top(library, query: str, count: int = 5) -> list[str]:
    services = Service.objects.filter(library=library)
    return [s.name for s in service_search(services, query, library=library)[:count]]


def test_index_holds_every_service(lindendal):
    assert search_index_rebuild(library=lindendal) == Service.objects.count() == 193


def test_geldzorgen_finds_debt_help_first(lindendal):
    top = _top(lindendal, "geldzorgen", 3)
    assert "Schuldhulpverlening" in top
    assert "Geldlijn: anonieme hulplijn bij geldzorgen" in _top(lindendal, "geldzorgen", 5)


def test_typo_in_huurtoeslag_still_finds_allowance_help(lindendal):
    assert _top(lindendal, "huurtoeslg")[0] == "Hulp bij toeslagen en terugvorderingen"


def test_brief_van_de_belasting_finds_the_tax_office_hours(lindendal):
    top = _top(lindendal, "brief van de belasting")
    assert top[0] == "Spreekuur Belastingdienst in de bibliotheek"


def test_digid_kwijt_finds_the_digid_desk_first(lindendal):
    assert _top(lindendal, "digid kwijt")[0] == "DigiD-spreekuur"


def test_accents_are_folded(lindendal):
    assert "Informatiepunt voor ontheemden uit Oekraïne" in _top(lindendal, "oekraine")
    assert "Informatiepunt voor ontheemden uit Oekraïne" in _top(lindendal, "Oekraïne")
