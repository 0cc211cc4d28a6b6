"""Export via CSV and via JSON, import each into an empty library: both routes lose nothing.

Every table is compared field by field (tenancy aside) with the original and between the two
routes, so a field that one route drops shows up by table, id and name.
"""

import pytest
from django.db import transaction

from plein.core.models import Library
from plein.core.tests.factories import LibraryFactory
from plein.socialmap import models as m
from plein.socialmap.hsds.exporter import export_queryset, hsds_export_csv, hsds_export_json
from plein.socialmap.hsds.importer import hsds_import
from plein.socialmap.hsds.tables import TABLES_BY_NAME
from plein.socialmap.tests.hsds_helpers import snapshot, spec_package, wipe_social_map

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def _diff(expected: dict, actual: dict) -> list[str]:
    """Differences as "table id field: expected != actual", empty when alike."""
    lines = []
    for table in sorted(expected.keys() | actual.keys()):
        rows, others = expected.get(table, {}), actual.get(table, {})
        for row_id in sorted(rows.keys() - others.keys(), key=str):
            lines.append(f"{table} {row_id}: missing")
        for row_id in sorted(others.keys() - rows.keys(), key=str):
            lines.append(f"{table} {row_id}: extra")
        for row_id in sorted(rows.keys() & others.keys(), key=str):
            for name, value in rows[row_id].items():
                if others[row_id].get(name) != value:
                    got = others[row_id].get(name)
                    lines.append(f"{table} {row_id} {name}: {value!r} != {got!r}")
    return lines


def _release_the_social_map() -> None:
    """Users, referrals, self-assessment answers, bookings and activities of the demo hold on
    to its organizations and hours; let go (rolled back)."""
    from plein.accounts.models import User
    from plein.activities.models import Activity
    from plein.appointments.models import Booking
    from plein.cooperation.models import Response
    from plein.referrals.models import Referral

    Referral.objects.all().delete()
    Response.objects.all().delete()
    Booking.objects.all().delete()
    Activity.objects.all().delete()
    User.objects.filter(organization__isnull=False).delete()


def _through(route: str, library: Library, tmp_path) -> dict:
    """The snapshot after exporting LIBRARY by ROUTE and importing it into an empty library."""
    out = tmp_path / route
    if route == "csv":
        hsds_export_csv(library=library, out=out)
    else:
        out = out.with_suffix(".json")
        hsds_export_json(library=library, out=out)
    try:
        with transaction.atomic():
            _release_the_social_map()
            wipe_social_map()
            empty = Library.objects.create(slug=f"leeg-{route}", name="Leeg")
            hsds_import(path=out, library=empty)
            result = snapshot()
            raise _Rollback
    except _Rollback:
        pass
    return result


def _library_snapshot(library: Library) -> dict:
    """snapshot() of the rows that belong to LIBRARY (the demo has several libraries)."""
    result = {}
    for table_name, rows in snapshot().items():
        table = TABLES_BY_NAME[table_name]
        own = set(
            export_queryset(table, library=library, public=False).values_list("pk", flat=True)
        )
        result[table_name] = {pk: row for pk, row in rows.items() if pk in own}
    return result


def _both_routes(library: Library, tmp_path) -> None:
    original = _library_snapshot(library)
    assert original["service"]
    by_csv = _through("csv", library, tmp_path)
    by_json = _through("json", library, tmp_path)

    assert _diff(original, by_csv) == []
    assert _diff(original, by_json) == []
    assert _diff(by_csv, by_json) == []


def test_the_demo_survives_both_routes_alike(tmp_path):
    from plein.demo.load import demo_load

    demo_load()
    for library in Library.objects.filter(organizations__isnull=False).distinct():
        _both_routes(library, tmp_path / library.slug)


def test_lindendal_survives_both_routes_alike(shared_dir, tmp_path):
    library = LibraryFactory(slug="lindendal")
    hsds_import(path=shared_dir / "data/lindendal/csv", library=library)
    m.Contact.objects.filter(name__startswith="K").update(professionals_only=True)
    m.Phone.objects.filter(number__startswith="06").update(professionals_only=True)

    _both_routes(library, tmp_path)


def test_a_rich_package_survives_both_routes_alike(shared_dir, tmp_path):
    """The specification's example: every table and column filled, generic links, metadata."""
    library = LibraryFactory(slug="voorbeeld")
    hsds_import(path=spec_package(shared_dir, tmp_path / "pkg"), library=library)
    orphan = m.Organization.objects.create(library=library, name="Zonder diensten", description="-")
    m.Location.objects.create(
        library=library, organization=orphan, name="Los", location_type="physical"
    )

    _both_routes(library, tmp_path)


def test_a_parent_term_finds_the_same_services_after_the_json_route(shared_dir, tmp_path):
    library = LibraryFactory(slug="lindendal")
    hsds_import(path=shared_dir / "data/lindendal/csv", library=library)
    parent = m.TaxonomyTerm.objects.filter(children__isnull=False, library=library).first()
    assert parent is not None
    children = parent.children.values("pk")
    services = set(
        m.Attribute.objects.filter(taxonomy_term__in=children, link_entity="service").values_list(
            "link_id", flat=True
        )
    )
    assert services
    hsds_export_json(library=library, out=tmp_path / "out.json")
    wipe_social_map()

    hsds_import(path=tmp_path / "out.json", library=library)

    term = m.TaxonomyTerm.objects.get(pk=parent.pk)
    after = set(
        m.Attribute.objects.filter(
            taxonomy_term__in=term.children.values("pk"), link_entity="service"
        ).values_list("link_id", flat=True)
    )
    assert after == services


def test_the_json_export_ends_with_what_no_service_carries(shared_dir, tmp_path):
    import json

    library = LibraryFactory(slug="lindendal")
    hsds_import(path=shared_dir / "data/lindendal/csv", library=library)

    count = hsds_export_json(library=library, out=tmp_path / "out.json")

    *services, rest = json.loads((tmp_path / "out.json").read_text())
    assert len(services) == count == m.Service.objects.count()
    assert all(item.get("status") for item in services)
    assert set(rest) >= {"taxonomy_terms.csv", "meta_table_descriptions.csv"}
    assert all(key.endswith(".csv") for key in rest)
    parents = {row["id"] for row in rest["taxonomy_terms.csv"]}
    assert str(m.TaxonomyTerm.objects.filter(children__isnull=False).first().pk) in parents


def test_the_public_json_export_stays_a_list_of_services(shared_dir, tmp_path):
    import json

    library = LibraryFactory(slug="lindendal")
    hsds_import(path=shared_dir / "data/lindendal/csv", library=library)

    count = hsds_export_json(library=library, out=tmp_path / "out.json", public=True)

    items = json.loads((tmp_path / "out.json").read_text())
    assert len(items) == count
    assert all(item.get("status") for item in items)


def test_a_json_export_without_loose_rows_is_services_only(shared_dir, tmp_path):
    import json

    library = LibraryFactory(slug="voorbeeld")
    hsds_import(path=shared_dir / "hsds-3.0/examples/service_full.json", library=library)

    hsds_export_json(library=library, out=tmp_path / "out.json")

    items = json.loads((tmp_path / "out.json").read_text())
    assert [item["id"] for item in items] == [str(m.Service.objects.get().pk)]
