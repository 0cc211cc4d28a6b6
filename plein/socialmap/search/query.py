"""Turn what a resident types into a full-text query, and run it against the search index.

A query is a list of groups that must all match (AND); a group matches when any of its
alternatives does (OR); an alternative is a few words that must all occur. Synonyms and typo
corrections become extra alternatives. When no service matches every group, the groups are
relaxed to OR and the ranking puts the services that match most first.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.sql.where import AND, ExtraWhere

from plein.core.models import Library
from plein.socialmap.models import Service
from plein.socialmap.search import text
from plein.socialmap.search.synonyms import synonyms_for

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_CORRECTIONS = 3
MIN_CORRECTABLE_LENGTH = 4
MIN_PREFIX_LENGTH = 3
# Slices ending beyond this are read from the whole ranking at once (PostgreSQL).
MAX_HEAD_SLICE = 200

Alternative = tuple[str, ...]


@dataclass
class Group:
    words: Alternative
    alternatives: list[Alternative] = field(default_factory=list)
    correctable: bool = False

    def add(self, alternative: Alternative) -> None:
        if alternative and alternative not in self.alternatives:
            self.alternatives.append(alternative)


def query_parse(query: str, *, library: Library | None) -> list[Group]:
    words = text.query_tokens(query[:MAX_QUERY_LENGTH])[:MAX_WORDS]
    if not words:
        return []
    synonyms = synonyms_for(library=library)
    groups = _group_synonyms(words, synonyms)
    _add_corrections(groups, synonyms, library)
    return groups


def _clean(words: list[str]) -> Alternative:
    return tuple(word for word in words if word not in text.STOP_WORDS)


def _group_synonyms(words: list[str], synonyms: dict) -> list[Group]:
    longest = max((len(key) for key in synonyms), default=1)
    groups: list[Group] = []
    position = 0
    while position < len(words):
        for size in range(min(longest, len(words) - position), 0, -1):
            key = tuple(words[position : position + size])
            if size == 1 or key in synonyms:
                break
        group = Group(words=key, correctable=size == 1 and key not in synonyms)
        group.add(key)
        for alternative in synonyms.get(key, []):
            group.add(_clean(alternative))
        groups.append(group)
        position += size
    return groups


def _add_corrections(groups: list[Group], synonyms: dict, library: Library | None) -> None:
    candidates = [
        group.words[0]
        for group in groups
        if group.correctable
        and len(group.words[0]) >= MIN_CORRECTABLE_LENGTH
        and group.words[0].isalpha()
    ]
    if not candidates:
        return
    unknown = set(candidates) - _known_words(candidates, library)
    for group in groups:
        word = group.words[0]
        if word not in unknown:
            continue
        for correction in _corrections(word, library):
            group.add((correction,))
            for alternative in synonyms.get((correction,), []):
                group.add(_clean(alternative))


def _library_condition(library: Library | None) -> tuple[str, list]:
    if library is None:
        return "", []
    return "library_id = %s AND ", [library.pk]


def _known_words(words: list[str], library: Library | None) -> set[str]:
    condition, params = _library_condition(library)
    marks = ", ".join(["%s"] * len(words))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT word FROM socialmap_search_word WHERE {condition}word IN ({marks})",
            [*params, *words],
        )
        return {row[0] for row in cursor.fetchall()}


def _max_typos(word: str) -> int:
    return 1 if len(word) <= 7 else 2


def _corrections(word: str, library: Library | None) -> list[str]:
    """Known words closest to an unknown one, within one or two typos."""
    limit = _max_typos(word)
    condition, params = _library_condition(library)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT word, similarity(word, %s) AS score FROM socialmap_search_word "
                f"WHERE {condition}word %% %s ORDER BY score DESC LIMIT 50",
                [word, *params, word],
            )
        else:
            cursor.execute(
                "SELECT DISTINCT word, 0 FROM socialmap_search_word "
                f"WHERE {condition}length(word) BETWEEN %s AND %s",
                [*params, len(word) - limit, len(word) + limit],
            )
        found = [row[0] for row in cursor.fetchall()]
    scored = sorted(
        (distance, candidate)
        for candidate in found
        if (distance := text.edit_distance(word, candidate, limit)) <= limit
    )
    if not scored:
        return []
    best = scored[0][0]
    return [candidate for distance, candidate in scored if distance == best][:MAX_CORRECTIONS]


def _postgres_term(word: str) -> str:
    return f"{word}:*" if len(word) >= MIN_PREFIX_LENGTH else word


def _sqlite_term(word: str) -> str:
    stemmed = text.stem(word)
    return f'"{stemmed}"*' if len(stemmed) >= MIN_PREFIX_LENGTH else f'"{stemmed}"'


def query_expression(groups: list[Group], *, match_all: bool, vendor: str) -> str:
    if vendor == "postgresql":
        term, both, either = _postgres_term, " & ", " | "
    else:
        term, both, either = _sqlite_term, " AND ", " OR "
    rendered = [
        "(" + either.join("(" + both.join(map(term, alt)) + ")" for alt in g.alternatives) + ")"
        for g in groups
    ]
    return (both if match_all else either).join(rendered)


TABLE = "socialmap_search_document"
TSQUERY = "to_tsquery('plein_dutch', %s)"
IN_NAME = f"{TABLE}.name @@ {TSQUERY}"
IN_TITLE = f"{TABLE}.title @@ {TSQUERY}"
TIER = f"CASE WHEN {IN_NAME} THEN 2 WHEN {IN_TITLE} THEN 1 ELSE 0 END"
# Weights for D, C, B, A: a word in the name counts far more than in the description.
# Normalisation 1 divides by the log of the document length, so that long descriptions do not
# win by repetition alone.
RANK = f"ts_rank('{{0.02, 0.1, 0.4, 1.0}}', {TABLE}.document, {TSQUERY}, 1)"
# The function form of @@, which the planner does not answer from the document's GIN index:
# for a few known rows, checking them is cheaper than reading the index.
RECHECK = f"ts_match_vq({TABLE}.document, {TSQUERY})"
# A narrow ranking fetches this many times the end of the slice as candidates, so that the
# caller's filters (status, taxonomy, neighbourhood) can drop some and still fill the page.
CANDIDATE_FACTOR = 3


class _SearchMatch(ExtraWhere):
    """The full-text condition of a search, which a first-page read swaps for a narrower one.

    `complete`: the narrower condition still holds every match, so its rows are the answer
    even when they do not fill the slice.
    """

    def __init__(self, sqls: list[str], params: list, *, complete: bool = False):
        super().__init__(sqls, params)
        self.complete = complete


@dataclass(frozen=True)
class _Tiers:
    """What a first-page read needs to narrow a PostgreSQL search (see _HeadFirstMixin)."""

    expression: str
    any_word: str
    library_id: int | None

    def conditions(self, high_mark: int):
        """Narrower conditions, cheapest first; each holds the best matches in full.

        Each is the best matches of a set, found by a narrow ranking of the index table
        alone (no join, no wide rows to sort): the name tier, the name and title tiers (both
        from small GIN indexes of their own), then all matches.
        """
        count = high_mark * CANDIDATE_FACTOR
        document = f"{TABLE}.document @@ {TSQUERY}"
        if self.expression == self.any_word:
            # The name and the title are part of the document: matching them is enough.
            levels = [([IN_NAME], [self.any_word]), ([IN_TITLE], [self.any_word])]
        else:
            both = [self.any_word, self.expression]
            levels = [([IN_NAME, document], both), ([IN_TITLE, document], both)]
        levels.append(([document], [self.expression]))
        for number, (sqls, params) in enumerate(levels, start=1):
            candidates, every_one = self._best(count, sqls, params)
            complete = every_one and number == len(levels)
            if candidates or complete:
                yield _SearchMatch(
                    [f"{TABLE}.service_id = ANY(%s)", RECHECK],
                    [candidates, self.expression],
                    complete=complete,
                )

    def _best(self, count: int, sqls: list[str], params: list) -> tuple[list, bool]:
        """The ids of the best `count` rows that meet the conditions and of all that tie with
        the last of them, and whether that is every row that meets them.

        Every match of the query that is not among these ranks below all of them.
        """
        conditions = list(sqls)
        params = [self.any_word, self.any_word, self.expression, *params]
        if self.library_id is not None:
            conditions.append(f"{TABLE}.library_id = %s")
            params.append(self.library_id)
        ranked = (
            f"SELECT {TABLE}.service_id, {TIER} AS tier, {RANK} AS rank FROM {TABLE} "
            f"WHERE {' AND '.join(conditions)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH ranked AS MATERIALIZED ({ranked}), "
                "last AS (SELECT tier, rank FROM ranked ORDER BY tier DESC, rank DESC "
                "OFFSET %s LIMIT 1) "
                "SELECT service_id, NOT EXISTS (SELECT 1 FROM last) FROM ranked "
                "WHERE NOT EXISTS (SELECT 1 FROM last) "
                "OR (tier, rank) >= (SELECT tier, rank FROM last)",
                [*params, count - 1],
            )
            rows = cursor.fetchall()
        return [row[0] for row in rows], not rows or rows[0][1]


class _HeadFirstMixin:
    """Loads a page of search results without ranking every match joined to its service.

    PostgreSQL orders matches by tier first (2: the name holds a word of the query; 1: the
    alternate name or a taxonomy term name does; 0: only other text does), then by rank. A
    broad query matches tens of thousands of services, and ranking them all while joined to
    the services (wide rows, sorted) costs more than a page should. So a slice is first read
    from a few candidates: the best rows of the name tier, else of the title tier, else of all
    matches, each found by a narrow ranking of the index table alone (see _Tiers). Every match
    outside the candidates ranks below all of them, so when the candidates fill the slice
    after the caller's filters, its rows are exactly those of the whole ordering; otherwise the
    next set is tried, and finally the whole query. Counting, filtering, values() and further
    slicing work as on any QuerySet.
    """

    _search_tiers: _Tiers | None = None

    def _clone(self):
        clone = super()._clone()
        clone._search_tiers = self._search_tiers
        return clone

    def _fetch_all(self):
        if self._result_cache is None and self._search_tiers and self._head_slice_wanted():
            wanted = self.query.high_mark - self.query.low_mark
            for condition in self._search_tiers.conditions(self.query.high_mark):
                head = self._chain()
                head._search_tiers = None
                where = head.query.where
                matches = [child for child in where.children if isinstance(child, _SearchMatch)]
                if len(matches) != 1:
                    break
                where.children[where.children.index(matches[0])] = condition
                head._fetch_all()
                if len(head._result_cache) == wanted or condition.complete:
                    self._result_cache = head._result_cache
                    self._prefetch_done = head._prefetch_done
                    return
        super()._fetch_all()

    def _head_slice_wanted(self) -> bool:
        high = self.query.high_mark
        return high is not None and self.query.low_mark < high <= MAX_HEAD_SLICE


class HeadFirstQuerySet(_HeadFirstMixin, QuerySet):
    pass


_head_first_classes: dict[type, type] = {QuerySet: HeadFirstQuerySet}


def _head_first(queryset: QuerySet[Service], tiers: _Tiers):
    base = type(queryset)
    if not issubclass(base, _HeadFirstMixin):
        if base not in _head_first_classes:
            name = f"HeadFirst{base.__name__}"
            _head_first_classes[base] = type(name, (_HeadFirstMixin, base), {})
        queryset = queryset._chain()
        queryset.__class__ = _head_first_classes[base]
    queryset._search_tiers = tiers
    return queryset


def _joined(queryset: QuerySet[Service]) -> QuerySet[Service]:
    """Join the index table through an expression, so that Django names the service table
    itself: raw SQL naming it would break when the search is used inside a subquery."""
    return queryset.filter(id=RawSQL(f"{TABLE}.service_id", ()))


def _matching(
    queryset: QuerySet[Service], groups: list[Group], *, match_all: bool, library: Library | None
):
    vendor = connection.vendor
    expression = query_expression(groups, match_all=match_all, vendor=vendor)
    library_id = None if library is None else library.pk
    scope = [] if library_id is None else [f"{TABLE}.library_id = %s"]
    scope_params = [] if library_id is None else [library_id]
    if vendor != "postgresql":
        # Weights per column: service_id, library_id, name, secondary, body, extra.
        return (
            _joined(queryset)
            .extra(
                select={"search_rank": f"-bm25({TABLE}, 0, 0, 10.0, 4.0, 1.0, 0.3)"},
                tables=[TABLE],
                where=[*scope, f"{TABLE} MATCH %s"],
                params=[*scope_params, expression],
            )
            .order_by("-search_rank", "name", "id")
        )
    any_word = query_expression(groups, match_all=False, vendor=vendor)
    matched = (
        _joined(queryset)
        .extra(
            select={"search_tier": TIER, "search_rank": RANK},
            select_params=[any_word, any_word, expression],
            tables=[TABLE],
            where=scope,
            params=scope_params,
        )
        .order_by("-search_tier", "-search_rank", "name", "id")
    )
    matched.query.where.add(_SearchMatch([f"{TABLE}.document @@ {TSQUERY}"], [expression]), AND)
    return _head_first(matched, _Tiers(expression, any_word, library_id))


def service_search(
    queryset: QuerySet[Service], query: str, *, library: Library | None = None
) -> QuerySet[Service]:
    """Narrow the services to those matching the query, best match first.

    With a library, its synonyms and words apply, and only services indexed under it match.

    A query without searchable words (empty, or only words like "de" and "van") leaves the
    queryset as it is.
    """
    groups = query_parse(query or "", library=library)
    if not groups:
        return queryset
    matched = _matching(queryset, groups, match_all=True, library=library)
    if len(groups) > 1 and not matched.exists():
        matched = _matching(queryset, groups, match_all=False, library=library)
    return matched
