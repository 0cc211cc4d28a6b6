"""Turn what a resident types into a full-text query for the search index (see selectors.py).

A query is a list of groups that must all match (AND); a group matches when any of its
alternatives does (OR); an alternative is a few words that must all occur. Synonyms and typo
corrections become extra alternatives. When no service matches every group, the groups are
relaxed to OR and the ranking puts the services that match most first.
"""

from dataclasses import dataclass, field

from django.db import connection

from plein.core.models import Library
from plein.socialmap.search import text
from plein.socialmap.search.synonyms import synonyms_for

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_CORRECTIONS = 3
MIN_CORRECTABLE_LENGTH = 4
MIN_PREFIX_LENGTH = 3

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
