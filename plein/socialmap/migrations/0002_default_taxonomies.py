"""Install the two default taxonomies (topics and life domains), shared by every library."""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "default_taxonomies.json"


def install(apps, schema_editor):
    Taxonomy = apps.get_model("socialmap", "Taxonomy")
    TaxonomyTerm = apps.get_model("socialmap", "TaxonomyTerm")
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for taxonomy_data in data["taxonomies"]:
        terms = taxonomy_data.pop("terms")
        taxonomy, _ = Taxonomy.objects.update_or_create(
            id=taxonomy_data["id"], defaults={**taxonomy_data, "library": None}
        )
        by_code = {}
        for term in terms:
            parent_code = term.pop("parent", None)
            by_code[term["code"]] = TaxonomyTerm.objects.update_or_create(
                id=term["id"],
                defaults={**term, "taxonomy_detail": taxonomy, "taxonomy": taxonomy.name,
                          "library": None, "parent": by_code.get(parent_code)},
            )[0]


class Migration(migrations.Migration):
    dependencies = [("socialmap", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
