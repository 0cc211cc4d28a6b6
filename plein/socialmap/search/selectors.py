"""Find and rank the services that match a resident's query, in the search index tables.

The index differs per database (migrations 0003 and 0004): PostgreSQL keeps a tsvector per
service, SQLite an FTS5 table. Matching and ranking are therefore SQL over those tables;
filtering, counting and loading the services are ordinary querysets.

Matches come best first: on PostgreSQL by tier (2: the name holds a word of the query; 1: the
alternate name or a taxonomy term name does; 0: only other text does), then by rank; on SQLite
by bm25; then by name and id.

A broad query matches tens of thousands of services, and ranking them all costs more than a
page should. So a page is read from candidates: the best rows of the name tier, else of the name
and title tiers (not for a query of several required groups, where it narrows little), else of
all matches (each from a GIN index of its own, ranked in the index table alone), with every row
that ties with the last of them. Every match outside the candidates ranks
below all of them, so once the candidates that pass the caller's filters fill the page, they are
exactly that page of the whole ranking. Only when they do not is every match ranked.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from typing import overload
from uuid import UUID

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from plein.core.models import Library
from plein.socialmap.models import Service
from plein.socialmap.search import dictionary, text
from plein.socialmap.search.dictionary import Concept
from plein.socialmap.search.query import Parsed, query_expression, query_parse

TABLE = "socialmap_search_document"
TSQUERY = "to_tsquery('plein_dutch', %s)"
TIER = (
    f"CASE WHEN {TABLE}.name @@ {TSQUERY} THEN 2 WHEN {TABLE}.title @@ {TSQUERY} THEN 1 ELSE 0 END"
)
# Weights for D, C, B, A: a word in the name counts far more than in the description.
# Normalisation 1 divides by the log of the document length, so that long descriptions do not
# win by repetition alone.
RANK = f"ts_rank('{{0.02, 0.1, 0.4, 1.0}}', {TABLE}.document, {TSQUERY}, 1)"
# Weights per column of the FTS5 table: service_id, library_id, name, secondary, body, extra.
BM25 = f"-bm25({TABLE}, 0, 0, 10.0, 4.0, 1.0, 0.3)"
# A page is read from this many times its end in candidates, so that the caller's filters
# (status, topic, neighbourhood …) can drop some and still leave the page full.
CANDIDATE_FACTOR = 3
# Iterating over every match loads the services this many at a time.
LOAD_CHUNK = 500
# Suggestions start once this many letters are typed.
MIN_SUGGEST_LENGTH = 3

Condition = tuple[str, list]


@dataclass(frozen=True)
class _Match:
    """The full-text condition of a parsed query on the index table, and its ranking."""

    expression: str
    any_word: str
    # What the rank counts: the required groups and the optional ones (PostgreSQL).
    rank_expression: str
    library_id: int | None

    @classmethod
    def of(cls, parsed: Parsed, *, match_all: bool, library: Library | None) -> "_Match":
        vendor = connection.vendor
        required = parsed.required
        expression = query_expression(required, match_all=match_all, vendor=vendor)
        any_word = query_expression(required, match_all=False, vendor=vendor)
        everything = query_expression(parsed.groups, match_all=False, vendor=vendor)
        if vendor != "postgresql" and everything != any_word:
            # bm25 ranks by every phrase of the MATCH expression; this one adds the optional
            # words without changing what matches.
            expression = f"({expression}) AND ({everything})"
        return cls(
            expression=expression,
            any_word=any_word,
            rank_expression=everything,
            library_id=None if library is None else library.pk,
        )

    @property
    def postgresql(self) -> bool:
        return connection.vendor == "postgresql"

    def every(self) -> Condition:
        if self.postgresql:
            return f"{TABLE}.document @@ {TSQUERY}", [self.expression]
        return f"{TABLE} MATCH %s", [self.expression]

    def levels(self) -> list["_Level"]:
        """Conditions that each hold the best matches in full, narrowest first; the last holds
        every match. Each level knows what its rows' tier can be: every row of the name level
        is in the name tier, so the database need not ask again."""
        every = self.every()
        if not self.postgresql:
            return [_Level([every], ("0", []))]
        name = (f"{TABLE}.name @@ {TSQUERY}", [self.any_word])
        title = (f"{TABLE}.title @@ {TSQUERY}", [self.any_word])
        name_tier: Condition = ("2", [])
        any_tier: Condition = (TIER, [self.any_word, self.any_word])
        if self.expression != self.any_word:
            # Several groups required: nearly every match has a word of the query in its title
            # (its taxonomy terms), so a title level would scan a second index and narrow little
            # (docs/benchmarks.md). From the name level straight to every match.
            return [_Level([name, every], name_tier), _Level([every], any_tier)]
        # The name and the title are part of the document: matching them is enough.
        title_tier = (f"CASE WHEN {name[0]} THEN 2 ELSE 1 END", name[1])
        return [
            _Level([name], name_tier),
            _Level([title], title_tier),
            _Level([every], any_tier),
        ]

    def _where(self, conditions: list[Condition]) -> Condition:
        sqls = [sql for sql, _ in conditions]
        params = [param for _, condition_params in conditions for param in condition_params]
        if self.library_id is not None:
            sqls.append(f"{TABLE}.library_id = %s")
            params.append(self.library_id)
        return " AND ".join(sqls), params

    def service_ids(self) -> RawSQL:
        """Every matching service id, as a subquery that names only its own table."""
        where, params = self._where([self.every()])
        return RawSQL(f"SELECT service_id FROM {TABLE} WHERE {where}", params)

    def allowed_matches(self, services: QuerySet[Service]) -> Condition:
        """A query with a row for each of these services that matches.

        It reads the index table first and looks each row's service up by its key: asked the
        other way round (the services first), PostgreSQL may compare every service with every
        match when it expects an early stop (seconds at 100,000 services). The matches are
        fenced (OFFSET 0), so that PostgreSQL collects them from the GIN index, a few
        milliseconds, instead of reading the table in the hope of finding enough soon: 100 ms
        when nothing matches.
        """
        where, params = self._where([self.every()])
        fence = " OFFSET 0" if self.postgresql else ""
        allowed, allowed_params = services.order_by().values("id").query.sql_with_params()
        sql = (
            f"SELECT 1 FROM (SELECT service_id FROM {TABLE} WHERE {where}{fence}) AS found "
            f"WHERE found.service_id IN ({allowed})"
        )
        return sql, [*params, *allowed_params]

    def best_first(
        self,
        level: "_Level",
        services: QuerySet[Service],
        count: int | None = None,
        *,
        keep: int | None = None,
        at_most: int | None = None,
    ) -> "_Ranked":
        """The best `count` rows of the level, with every row that ties with the
        last of them (all of them, without a count), as candidates: the ids of the first `keep`
        of those among the allowed services (all of them, without `keep`), best first, ties by
        name and id; how many candidates there are; and with `at_most`, how many allowed services
        the level holds, counted up to there. One statement: the database ranks, filters,
        counts and sorts (by name in its own collation)."""
        where, params = self._where(level.conditions)
        tier, tier_params = level.tier
        if self.postgresql:
            select = f"{tier} AS tier, {RANK} AS rank"
            params = [*tier_params, self.rank_expression, *params]
        else:
            select = f"{tier} AS tier, {BM25} AS rank"
        sql = (
            f"WITH ranked AS MATERIALIZED (SELECT service_id, {select} FROM {TABLE} WHERE {where})"
        )
        if count is None:
            sql += ", candidates AS MATERIALIZED (SELECT * FROM ranked)"
        else:
            sql += (
                ", last AS (SELECT tier, rank FROM ranked ORDER BY tier DESC, rank DESC "
                "LIMIT 1 OFFSET %s), "
                "candidates AS MATERIALIZED (SELECT * FROM ranked "
                "WHERE NOT EXISTS (SELECT 1 FROM last) "
                "OR (tier, rank) >= (SELECT tier, rank FROM last))"
            )
            params.append(count - 1)
        allowed_count, allowed_count_params = "NULL", []
        if at_most is not None:
            # Each row's service looked up by its key until there are enough.
            every_allowed, every_allowed_params = (
                services.order_by().values("id").query.sql_with_params()
            )
            allowed_count = (
                "(SELECT count(*) FROM (SELECT 1 FROM ranked "
                f"WHERE ranked.service_id IN ({every_allowed}) LIMIT %s) AS capped)"
            )
            allowed_count_params = [*every_allowed_params, at_most]
        # The allowed services among the candidates: looked up by key, never read in full.
        among = services.filter(id__in=RawSQL("SELECT service_id FROM candidates", []))
        allowed, allowed_params = (
            among.order_by().values("id", "name").distinct().query.sql_with_params()
        )
        limit = "" if keep is None else " LIMIT %s"
        # The counts come in every row, and in one row of their own when no candidate is
        # allowed.
        sql += (
            " SELECT counted.candidates, counted.allowed, page.service_id FROM ("
            "SELECT (SELECT count(*) FROM candidates) AS candidates, "
            f"{allowed_count} AS allowed) AS counted LEFT JOIN ("
            "SELECT candidates.service_id, candidates.tier, candidates.rank, allowed.name, "
            f"allowed.id FROM candidates JOIN ({allowed}) AS allowed "
            "ON allowed.id = candidates.service_id "
            f"ORDER BY candidates.tier DESC, candidates.rank DESC, allowed.name, allowed.id{limit}"
            ") AS page ON 1 = 1 ORDER BY page.tier DESC, page.rank DESC, page.name, page.id"
        )
        params += [*allowed_count_params, *allowed_params]
        if keep is not None:
            params.append(keep)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        # SQLite keeps the ids as hexadecimal text.
        ids = [pk if isinstance(pk, UUID) else UUID(pk) for _, _, pk in rows if pk is not None]
        return _Ranked(ids=ids, candidates=rows[0][0], allowed=rows[0][1])


@dataclass(frozen=True)
class _Level:
    """Rows of the index table that hold the best matches in full, and their tier in SQL."""

    conditions: list[Condition]
    tier: Condition


@dataclass(frozen=True)
class _Ranked:
    """What `_Match.best_first` found."""

    ids: list[UUID]
    candidates: int
    allowed: int | None


@dataclass(frozen=True)
class _Slice:
    """A slice of a search, best first, and what was learnt on the way."""

    ids: list[UUID]
    # How many allowed services match, up to the count asked for; None when not known.
    total: int | None
    # Whether any allowed service matches at all.
    found: bool


class ServiceSearch:
    """A resident's query over some services: parsed once, then counted, ranked and paged.

    With a library, its synonyms and words apply, and only services indexed under it match.
    `services` is what the caller allows (status, topic, neighbourhood …) and how it loads them
    (select_related, prefetch_related). Django's Paginator pages a search as it pages a list:
    `count()`, then a slice, which gives the services of that slice best first; the API asks
    for a slice of the best matches and their capped count at once (`best`).
    """

    def __init__(
        self, query: str, *, library: Library | None, services: QuerySet[Service] | None = None
    ):
        self.library = library
        self.services = Service.objects.all() if services is None else services
        self.parsed = query_parse(query or "", library=library)
        self.groups = self.parsed.groups
        self._relaxed: bool | None = None

    @property
    def concepts(self) -> list[Concept]:
        """What the question dictionary understood the query to ask for."""
        return self.parsed.concepts

    @property
    def languages(self) -> frozenset[str]:
        """Languages other than Dutch the query was recognised in."""
        return self.parsed.languages

    @property
    def suggestion(self) -> str:
        """The query with its unknown words corrected ("bedoelde u …?"), or ""."""
        return self.parsed.suggestion

    @property
    def searchable(self) -> bool:
        """False for a query without searchable words (empty, or only words like "de")."""
        return bool(self.groups)

    @property
    def relaxed(self) -> bool:
        """True when no service matches every word, but each word matches some service: then
        services that match any word count.

        A word that matches nothing at all names a need the map does not know ("kapper",
        "parkeervergunning"); services that only share the other words ("in de buurt",
        "aanvragen" are already optional) would not answer it, so nothing matches then.
        Two statements at most: whether every word matches (known already when the search
        was counted or ranked first), then whether each one does.
        """
        if self._relaxed is None:
            self._relaxed = self._relax_needed(every_word_matches=None)
        return self._relaxed

    def _relax_needed(self, *, every_word_matches: bool | None) -> bool:
        required = self.parsed.required
        if len(required) < 2:
            return False
        if every_word_matches is None:
            every_word_matches = self._any([self._strict])
        if every_word_matches:
            return False
        return self._any(
            [
                _Match.of(Parsed([group]), match_all=True, library=self.library)
                for group in required
            ],
            every=True,
        )

    @cached_property
    def _strict(self) -> _Match:
        return _Match.of(self.parsed, match_all=True, library=self.library)

    def _any(self, matches: list[_Match], *, every: bool = False) -> bool:
        """Whether one of the allowed services meets any (or, with `every`, each) of these
        matches, in one statement."""
        conditions = [match.allowed_matches(self.services) for match in matches]
        joined = (" AND " if every else " OR ").join(f"EXISTS ({sql})" for sql, _ in conditions)
        params = [param for _, condition_params in conditions for param in condition_params]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {joined}", params)
            return bool(cursor.fetchone()[0])

    @cached_property
    def _match(self) -> _Match:
        return _Match.of(self.parsed, match_all=not self.relaxed, library=self.library)

    def matches(self) -> QuerySet[Service]:
        """The services that match, unordered: a filter for lists with an order of their own."""
        return self.services.filter(id__in=self._match.service_ids())

    def count(self, *, at_most: int | None = None) -> int:
        """How many services match; with `at_most`, counting stops there. A search shows its
        best matches first, and counting all of tens of thousands of matches costs more than
        ranking a page (docs/benchmarks.md). No ordering: an ordered, capped count would sort
        the matches (or walk the name index) before it could stop."""
        if self._relaxed is None and len(self.parsed.required) > 1:
            # Counting the services that match every word also tells whether to relax.
            found = self._count(self._strict, at_most)
            self._relaxed = self._relax_needed(every_word_matches=found > 0)
            if not self._relaxed:
                return found
        return self._count(self._match, at_most)

    def _count(self, match: _Match, at_most: int | None) -> int:
        if at_most is None:
            return self.services.filter(id__in=match.service_ids()).order_by().count()
        sql, params = match.allowed_matches(self.services)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT %s) AS capped", [*params, at_most])
            return cursor.fetchone()[0]

    def ids(self, *, offset: int = 0, limit: int | None = None) -> list[UUID]:
        """The ids of a slice of the matches, best first (of all of them, without a limit)."""
        if not self.searchable or limit == 0:
            return []
        if limit is None:
            return self._everything()[offset:]
        return self._slice(offset, limit, at_most=None).ids

    def best(self, *, offset: int, limit: int, at_most: int) -> tuple[list[UUID], int]:
        """The ids of a slice of the best `at_most` matches, best first, and how many matches
        there are, counted up to `at_most` (the API pages through a search this way). The
        statement that ranks the slice mostly counts too."""
        limit = max(0, min(limit, at_most - offset))
        if not self.searchable:
            return [], 0
        if limit == 0:
            return [], self.count(at_most=at_most)
        found = self._slice(offset, limit, at_most=at_most)
        if found.total is None:
            return found.ids, self._count(self._match, at_most)
        return found.ids, found.total

    def _slice(self, offset: int, limit: int, *, at_most: int | None) -> _Slice:
        if self._relaxed is None and len(self.parsed.required) > 1:
            # Ranking the services that match every word also tells whether to relax.
            strict = self._walk(self._strict, offset, limit, at_most)
            self._relaxed = self._relax_needed(every_word_matches=strict.found)
            if not self._relaxed:
                return strict
        return self._walk(self._match, offset, limit, at_most)

    def _walk(self, match: _Match, offset: int, limit: int, at_most: int | None) -> _Slice:
        """A slice of the matches, ranked level by level until a level holds it."""
        wanted = offset + limit
        count = wanted * CANDIDATE_FACTOR
        levels = match.levels()
        for number, level in enumerate(levels, start=1):
            ranked = match.best_first(level, self.services, count, keep=wanted, at_most=at_most)
            last_level = number == len(levels)
            # Every match outside the candidates ranks below all of them, so the candidates
            # that pass the filters are the slice once they fill it (or are every match).
            if len(ranked.ids) >= wanted or (last_level and ranked.candidates < count):
                return _Slice(
                    ids=ranked.ids[offset:wanted],
                    total=_level_total(ranked.allowed, at_most, every_match=last_level),
                    found=bool(ranked.ids),
                )
        everything = match.best_first(levels[-1], self.services).ids
        total = None if at_most is None else min(len(everything), at_most)
        return _Slice(ids=everything[offset:wanted], total=total, found=bool(everything))

    def _everything(self) -> list[UUID]:
        return self._match.best_first(self._match.levels()[-1], self.services).ids

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, bounds: int) -> Service: ...

    @overload
    def __getitem__(self, bounds: slice) -> list[Service]: ...

    def __getitem__(self, bounds: int | slice) -> Service | list[Service]:
        """The services of a slice, loaded as the queryset loads them (Paginator reads this)."""
        if isinstance(bounds, int):
            found = self[bounds : bounds + 1]
            if not found:
                raise IndexError("No service at this position of the search.")
            return found[0]
        if bounds.step is not None:
            raise TypeError("A search gives slices of its services, such as search[20:40].")
        start = bounds.start or 0
        limit = None if bounds.stop is None else bounds.stop - start
        return services_in_order(self.services, self.ids(offset=start, limit=limit))

    def iterator(self, chunk_size: int = LOAD_CHUNK) -> Iterator[Service]:
        """Every match, best first, loaded a chunk at a time."""
        ids = iter(self.ids())
        while chunk := list(islice(ids, chunk_size)):
            yield from services_in_order(self.services, chunk)

    def __iter__(self) -> Iterator[Service]:
        return self.iterator()


def _level_total(allowed: int | None, at_most: int | None, *, every_match: bool) -> int | None:
    """How many allowed services match, up to `at_most`, from the count of one level: the last
    level holds every match, an earlier one only some, which says enough once it reaches the
    cap."""
    if allowed is None or at_most is None:
        return None
    return allowed if every_match or allowed >= at_most else None


def services_in_order(services: QuerySet[Service], ids: list[UUID]) -> list[Service]:
    """The services with these ids, in the order of the ids."""
    found = services.order_by().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def service_search(
    services: QuerySet[Service], query: str, *, library: Library | None = None
) -> ServiceSearch | QuerySet[Service]:
    """The services that match the query, best first; the services as they are when the query
    has no searchable words (empty, or only words like "de" and "van")."""
    search = ServiceSearch(query, library=library, services=services)
    return search if search.searchable else services


def service_search_ids(
    *,
    library: Library | None,
    query: str,
    services: QuerySet[Service] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[UUID] | None:
    """Ids of a slice of the services that match the query, best first; None when the query
    has no searchable words."""
    search = ServiceSearch(query, library=library, services=services)
    if not search.searchable:
        return None
    return search.ids(offset=offset, limit=limit)


def search_suggestions(*, library: Library, query: str, limit: int = 8) -> list[str]:
    """Completions of what a resident is typing: everyday phrases of the question dictionary,
    then words of the library's map that finish the last word."""
    typed = " ".join(text.tokens(query))
    if len(typed) < MIN_SUGGEST_LENGTH:
        return []
    found = [phrase for phrase in dictionary.dutch_phrases() if phrase.startswith(typed)]
    head, _, last = typed.rpartition(" ")
    if len(last) >= MIN_SUGGEST_LENGTH:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM socialmap_search_word WHERE library_id = %s AND word LIKE %s "
                "ORDER BY length(word), word LIMIT %s",
                [library.pk, last + "%", limit],
            )
            found += [f"{head} {row[0]}".strip() for row in cursor.fetchall()]
    unique = [phrase for phrase in dict.fromkeys(found) if phrase != typed]
    return sorted(unique[: limit * 2], key=len)[:limit]
