"""Two small vectors beside each search document, so a broad query can rank its best matches
without reading every match: `name` (the service name) and `title` (name, alternate name and
taxonomy term names), each under its own GIN index. PostgreSQL only; SQLite ranks with bm25.

Rows indexed before this migration get empty vectors and rank as plain matches until the next
`search_index_rebuild`.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE socialmap_search_document "
    "ADD COLUMN name tsvector NOT NULL DEFAULT ''::tsvector, "
    "ADD COLUMN title tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX socialmap_search_document_name_gin ON socialmap_search_document USING gin (name)",
    "CREATE INDEX socialmap_search_document_title_gin "
    "ON socialmap_search_document USING gin (title)",
]

POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS socialmap_search_document_title_gin",
    "DROP INDEX IF EXISTS socialmap_search_document_name_gin",
    "ALTER TABLE socialmap_search_document DROP COLUMN IF EXISTS title, DROP COLUMN IF EXISTS name",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("socialmap", "0003_search")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
