"""Helpers for the HSDS import/export tests: small packages and model snapshots."""

import csv
import shutil
from pathlib import Path

from plein.socialmap.hsds.tables import SHARED_TABLES, TABLES


def spec_package(shared_dir: Path, target: Path) -> Path:
    """A copy of the specification's example package, with a real datapackage.json."""
    shutil.copytree(shared_dir / "hsds-3.0" / "examples" / "csv", target)
    (target / "datapackage.json").unlink()
    shutil.copy(shared_dir / "hsds-3.0" / "datapackage.json", target / "datapackage.json")
    for path in target.iterdir():
        path.chmod(0o644)
    target.chmod(0o755)
    return target


def edit_csv(path: Path, change) -> None:
    """Rewrite a CSV: change(rows) gets and returns a list of dicts (header kept)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _imported(table):
    """A table's rows, without the shared default taxonomies that migrations install."""
    queryset = table.model.objects.all()
    if table.name in SHARED_TABLES:
        queryset = queryset.filter(library__isnull=False)
    return queryset


def snapshot() -> dict[str, dict]:
    """Every HSDS row the model holds, per table and id, without tenancy columns."""
    result = {}
    for table in TABLES:
        names = [table.attname(column) for column in table.all_columns]
        if table.name == "taxonomy":
            names.append("kind")
        rows = _imported(table).values(*names).order_by("pk")
        result[table.name] = {row["id"]: row for row in rows}
    return result


def wipe_social_map() -> None:
    for table in reversed(TABLES):
        _imported(table).delete()
