"""Build the search index tables (see migration 0003_search) from the social map.

PostgreSQL builds every document in one INSERT … SELECT; SQLite needs the Python stemmer, so
its rows are built here in batches. Both also fill the word list used for typo tolerance.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from uuid import UUID

from django.db import connection, transaction

from plein.core.models import Library
from plein.socialmap.models import Attribute, Service
from plein.socialmap.search import text

BATCH_SIZE = 1000
MIN_WORD_LENGTH = 4
MAX_WORD_LENGTH = 40
BULK_THRESHOLD = 5000
GIN_INDEX = "socialmap_search_document_gin"
GIN_INDEXES = {
    GIN_INDEX: "document",
    "socialmap_search_document_name_gin": "name",
    "socialmap_search_document_title_gin": "title",
}

# The weights: A = name, B = alternate name and taxonomy term names, C = organisation and
# description, D = who it is for and how to apply. The descriptions of taxonomy terms are left
# out: they are long, general texts shared by every service with the term, so they made broad
# queries match (and rank) a third of all services without telling them apart. `name` (A)
# and `title` (A and B) are also kept on their own: small vectors under their own GIN
# indexes, so that a broad query finds its best matches without reading every match (see
# selectors.py).
_PG_PARTS = """
    setweight(to_tsvector('plein_dutch', s.name), 'A') AS a,
    setweight(to_tsvector('plein_dutch', s.alternate_name || ' ' || coalesce(t.names, '')), 'B')
      AS b,
    setweight(to_tsvector('plein_dutch', o.name || ' ' || s.description), 'C') AS c,
    setweight(to_tsvector('plein_dutch', o.alternate_name || ' ' || s.eligibility_description
        || ' ' || s.application_process), 'D') AS d
"""

_PG_WORDS_TEXT = """
    s.name || ' ' || s.alternate_name || ' ' || o.name || ' ' || s.description || ' '
    || coalesce(t.names, '')
"""

_PG_SOURCE = """
    FROM socialmap_service s
    JOIN socialmap_organization o ON o.id = s.organization_id
    LEFT JOIN (
        SELECT a.link_id, string_agg(tt.name, ' ') AS names
        FROM socialmap_attribute a
        JOIN socialmap_taxonomyterm tt ON tt.id = a.taxonomy_term_id
        WHERE a.link_entity = 'service' {attribute_filter}
        GROUP BY a.link_id
    ) t ON t.link_id = s.id
    WHERE s.library_id = %s {service_filter}
"""


def search_index_rebuild(*, library: Library, service_ids: Iterable[UUID] | None = None) -> int:
    """(Re)build the index of a whole library, or of some of its services; returns the count."""
    ids = None if service_ids is None else [UUID(str(pk)) for pk in service_ids]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            return _rebuild_postgresql(library.pk, ids)
        return _rebuild_sqlite(library.pk, ids)


def _rebuild_postgresql(library_id: int, ids: list[UUID] | None) -> int:
    attribute_filter = service_filter = ""
    params: list = [library_id]
    if ids is not None:
        attribute_filter = "AND a.link_id = ANY(%s)"
        service_filter = "AND s.id = ANY(%s)"
        params = [ids, library_id, ids]
    source = _PG_SOURCE.format(attribute_filter=attribute_filter, service_filter=service_filter)
    with connection.cursor() as cursor:
        # Stemming happens here, before any lock on the index table is taken.
        cursor.execute("DROP TABLE IF EXISTS plein_search_build")
        cursor.execute(
            "CREATE TEMPORARY TABLE plein_search_build ON COMMIT DROP AS "
            "SELECT service_id, library_id, a AS name, a || b AS title, "
            "a || b || c || d AS document "
            f"FROM (SELECT s.id AS service_id, s.library_id, {_PG_PARTS} {source}) parts",
            params,
        )
        count = cursor.rowcount
        # Filling a GIN index row by row is several times slower than building it afresh; a
        # bulk load drops and rebuilds it (searches wait for those seconds, within this
        # transaction).
        bulk = ids is None and count >= BULK_THRESHOLD
        if bulk:
            for index_name in GIN_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {index_name}")
        if bulk and _only_library(cursor, library_id):
            # Deleting every row would leave the table twice its size until a VACUUM FULL,
            # and every broad search would read the dead half too.
            cursor.execute("TRUNCATE socialmap_search_document")
        elif ids is None:
            # Rows left under another library id (a flushed test database, a moved service)
            # would otherwise collide with the new ones.
            cursor.execute(
                "DELETE FROM socialmap_search_document WHERE library_id = %s "
                "OR service_id IN (SELECT service_id FROM plein_search_build)",
                [library_id],
            )
        else:
            cursor.execute(
                "DELETE FROM socialmap_search_document WHERE service_id = ANY(%s)", [ids]
            )
        cursor.execute(
            "INSERT INTO socialmap_search_document (service_id, library_id, name, title, document) "
            "SELECT service_id, library_id, name, title, document FROM plein_search_build"
        )
        if bulk:
            for index_name, column in GIN_INDEXES.items():
                cursor.execute(
                    f"CREATE INDEX {index_name} ON socialmap_search_document USING gin ({column})"
                )
        cursor.execute("DROP TABLE plein_search_build")
        if ids is None:
            _postgresql_words_all(cursor, library_id)
            cursor.execute("ANALYZE socialmap_search_document")
            cursor.execute("ANALYZE socialmap_search_word")
        else:
            _postgresql_words_some(cursor, library_id, source, params)
    return count


def _only_library(cursor, library_id: int) -> bool:
    cursor.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM socialmap_search_document WHERE library_id <> %s)",
        [library_id],
    )
    return cursor.fetchone()[0]


def _postgresql_words_all(cursor, library_id: int) -> None:
    """Every distinct folded word of a library's services and the terms it can use."""
    cursor.execute("DELETE FROM socialmap_search_word WHERE library_id = %s", [library_id])
    library = int(library_id)
    texts = (
        "SELECT to_tsvector('simple', unaccent(s.name || ' ' || s.alternate_name || ' ' "
        "|| o.name || ' ' || s.description)) FROM socialmap_service s "
        f"JOIN socialmap_organization o ON o.id = s.organization_id WHERE s.library_id = {library} "
        "UNION ALL SELECT to_tsvector('simple', unaccent(tt.name)) "
        "FROM socialmap_taxonomyterm tt "
        f"WHERE tt.library_id IS NULL OR tt.library_id = {library}"
    )
    cursor.execute(
        "INSERT INTO socialmap_search_word (library_id, word) "
        "SELECT %s, word FROM ts_stat(%s) WHERE word ~ %s ON CONFLICT DO NOTHING",
        [library_id, texts, f"^[a-z0-9]{{{MIN_WORD_LENGTH},{MAX_WORD_LENGTH}}}$"],
    )


def _postgresql_words_some(cursor, library_id: int, source: str, params: list) -> None:
    cursor.execute(
        "INSERT INTO socialmap_search_word (library_id, word) "
        "SELECT DISTINCT %s, word FROM ("
        f"  SELECT regexp_split_to_table(lower(unaccent({_PG_WORDS_TEXT})), '[^a-z0-9]+')"
        f"  AS word {source}"
        ") words WHERE length(word) BETWEEN %s AND %s "
        "ON CONFLICT DO NOTHING",
        [library_id, *params, MIN_WORD_LENGTH, MAX_WORD_LENGTH],
    )


def _rebuild_sqlite(library_id: int, ids: list[UUID] | None) -> int:
    services = Service.objects.filter(library_id=library_id)
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(
                "DELETE FROM socialmap_search_document WHERE library_id = %s "
                "OR service_id IN (SELECT id FROM socialmap_service WHERE library_id = %s)",
                [library_id, library_id],
            )
            cursor.execute("DELETE FROM socialmap_search_word WHERE library_id = %s", [library_id])
        else:
            for chunk in _chunks([pk.hex for pk in ids], 500):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"DELETE FROM socialmap_search_document WHERE service_id IN ({marks})", chunk
                )
    if ids is None:
        return _sqlite_insert(library_id, services)
    return sum(
        _sqlite_insert(library_id, services.filter(id__in=chunk)) for chunk in _chunks(ids, 500)
    )


def _sqlite_insert(library_id: int, services) -> int:
    rows = services.values_list(
        "id",
        "name",
        "alternate_name",
        "description",
        "eligibility_description",
        "application_process",
        "organization__name",
        "organization__alternate_name",
    ).order_by()
    count = 0
    batch: list[tuple] = []
    for row in rows.iterator(chunk_size=BATCH_SIZE):
        batch.append(row)
        if len(batch) >= BATCH_SIZE:
            _sqlite_write(library_id, batch)
            count, batch = count + len(batch), []
    if batch:
        _sqlite_write(library_id, batch)
        count += len(batch)
    return count


def _sqlite_write(library_id: int, batch: Sequence[tuple]) -> None:
    terms = _terms_by_service([row[0] for row in batch])
    documents = []
    words: set[str] = set()
    for pk, name, alternate, description, eligibility, apply, org_name, org_alternate in batch:
        term_names = terms.get(pk, "")
        secondary = f"{alternate} {term_names}"
        body = f"{org_name} {description}"
        extra = f"{org_alternate} {eligibility} {apply}"
        documents.append(
            (
                pk.hex,
                library_id,
                text.stemmed(name),
                text.stemmed(secondary),
                text.stemmed(body),
                text.stemmed(extra),
            )
        )
        words.update(text.tokens(f"{name} {secondary} {body}"))
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO socialmap_search_document "
            "(service_id, library_id, name, secondary, body, extra) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            documents,
        )
        cursor.executemany(
            "INSERT OR IGNORE INTO socialmap_search_word (library_id, word) VALUES (%s, %s)",
            [
                (library_id, word)
                for word in words
                if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH
            ],
        )


def _terms_by_service(service_ids: list[UUID]) -> dict[UUID, str]:
    names: dict[UUID, list[str]] = defaultdict(list)
    attributes = Attribute.objects.filter(link_entity="service", link_id__in=service_ids)
    for link_id, name in attributes.values_list("link_id", "taxonomy_term__name"):
        names[link_id].append(name)
    return {pk: " ".join(names[pk]) for pk in names}


def _chunks(items: Sequence, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
