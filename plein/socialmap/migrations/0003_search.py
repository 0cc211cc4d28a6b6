"""The search index, kept in its own tables so that the HSDS data stays clean.

PostgreSQL: a tsvector per service (Dutch stemming with accents folded by `unaccent`) under a
GIN index, and a word list with a trigram index (`pg_trgm`) for typo tolerance.
SQLite: an FTS5 table holding text stemmed by plein.socialmap.search.text, and the word list.
Neither table has a foreign key: rows of deleted services are ignored by the join and removed
by the next rebuild, and test database flushes need not know about them.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'plein_dutch') THEN
        CREATE TEXT SEARCH CONFIGURATION plein_dutch (COPY = pg_catalog.dutch);
        ALTER TEXT SEARCH CONFIGURATION plein_dutch
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem;
      END IF;
    END $$
    """,
    # unaccent() is only STABLE; an IMMUTABLE wrapper may be used in indexes and is safe
    # because the unaccent rules are fixed for the lifetime of the installation.
    """
    CREATE OR REPLACE FUNCTION plein_unaccent(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$
    """,
    """
    CREATE TABLE socialmap_search_document (
      service_id uuid PRIMARY KEY,
      library_id bigint NOT NULL,
      document tsvector NOT NULL
    )
    """,
    "CREATE INDEX socialmap_search_document_gin ON socialmap_search_document USING gin (document)",
    "CREATE INDEX socialmap_search_document_library ON socialmap_search_document (library_id)",
    """
    CREATE TABLE socialmap_search_word (
      library_id bigint NOT NULL,
      word varchar(100) NOT NULL,
      PRIMARY KEY (library_id, word)
    )
    """,
    "CREATE INDEX socialmap_search_word_trgm ON socialmap_search_word USING gin (word gin_trgm_ops)",
]

POSTGRES_BACKWARD = [
    "DROP TABLE IF EXISTS socialmap_search_word",
    "DROP TABLE IF EXISTS socialmap_search_document",
    "DROP FUNCTION IF EXISTS plein_unaccent(text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS plein_dutch",
]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE socialmap_search_document USING fts5(
      service_id UNINDEXED, library_id UNINDEXED, name, secondary, body, extra,
      tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TABLE socialmap_search_word (
      library_id integer NOT NULL,
      word varchar(100) NOT NULL,
      PRIMARY KEY (library_id, word)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX socialmap_search_word_length ON socialmap_search_word (library_id, length(word))",
]

SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS socialmap_search_word",
    "DROP TABLE IF EXISTS socialmap_search_document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("socialmap", "0002_default_taxonomies")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
