"""Turn what a resident types into a full-text query for the search index (see selectors.py).

A query is a list of groups that must all match (AND); a group matches when any of its
alternatives does (OR); an alternative is a few words that must all occur. Synonyms and typo
corrections become extra alternatives. When no service matches every group, the groups are
relaxed to OR and the ranking puts the services that match most first.

The question dictionary (dictionary.py) reads the need out of a sentence first: each concept
it finds becomes a group of the words the map uses for it. Words it leaves over, and question
words such as "hulp" or "aanvragen", become optional groups when something more telling is
there: they help the ranking but need not match. So a question is answered by the words that
carry the need, and a question whose telling words match nothing finds nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection

from plein.core.models import Library
from plein.socialmap.search import dictionary, text
from plein.socialmap.search.synonyms import Folded, synonyms_for

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
    # Optional groups rank but do not have to match.
    optional: bool = False
    concept: dictionary.Concept | None = None
    correction: str = ""
    # Alternatives matched as whole words, not as the start of longer ones: the words of a
    # concept are whole words already, and expanding them all costs a broad search dearly.
    exact: set[Alternative] = field(default_factory=set)

    def add(self, alternative: Alternative, *, exact: bool = False) -> None:
        if alternative and alternative not in self.alternatives:
            self.alternatives.append(alternative)
            if exact:
                self.exact.add(alternative)

    def add_concept(self, concept: dictionary.Concept) -> None:
        self.concept = self.concept or concept
        for words in concept.words:
            self.add(_clean(text.tokens(words)), exact=True)


@dataclass
class Parsed:
    groups: list[Group]
    # Languages other than Dutch that the question was recognised in.
    languages: frozenset[str] = frozenset()
    # The question with its unknown words replaced by the nearest known ones ("" if none).
    suggestion: str = ""

    @property
    def required(self) -> list[Group]:
        return [group for group in self.groups if not group.optional]

    @property
    def concepts(self) -> list[dictionary.Concept]:
        return [group.concept for group in self.groups if group.concept is not None]


def query_parse(query: str, *, library: Library | None) -> Parsed:
    question = query[:MAX_QUERY_LENGTH]
    understood = dictionary.understand(question)
    words = [word for word in understood.leftover if word not in text.STOP_WORDS][:MAX_WORDS]
    if understood.languages:
        # The rest of a question in another language would only match Dutch words by chance.
        words = []
    synonyms = synonyms_for(library=library)
    groups = [
        _concept_group(concept, understood.typed.get(concept.key, []), synonyms)
        for concept in understood.concepts
    ]
    leftover = _group_synonyms(words, synonyms) if words else []
    _add_corrections(leftover, synonyms, library)
    telling = [group for group in leftover if text.stem(group.words[0]) not in text.QUESTION_STEMS]
    for group in leftover:
        # With a concept found, the other words only help the ranking; without one, question
        # words do, when there is a telling word.
        group.optional = bool(groups) or (bool(telling) and group not in telling)
    groups.extend(leftover)
    return Parsed(groups, understood.languages, _suggestion(question, leftover))


def _concept_group(
    concept: dictionary.Concept, typed: list[tuple[str, ...]], synonyms: Folded
) -> Group:
    group = Group(words=(concept.key,))
    # What the resident typed is searched too ("belasting" also finds "belastingdienst"), and
    # so are the coordinators' synonyms of it.
    for typed_words in typed:
        # A phrase ("baan kwijt", "rekeningen betalen") is searched as its whole words: as the
        # starts of longer words each of them would expand into hundreds of words of the map.
        group.add(_clean(typed_words), exact=len(typed_words) > 1)
        for alternative in synonyms.get(typed_words, []):
            group.add(_clean(alternative))
    group.add_concept(concept)
    return group


def _suggestion(question: str, groups: list[Group]) -> str:
    corrected = {group.words[0]: group.correction for group in groups if group.correction}
    if not corrected:
        return ""
    words = [corrected.get(word, word) for word in text.tokens(question)]
    return " ".join(words)


def _clean(words: Sequence[str]) -> Alternative:
    return tuple(word for word in words if word not in text.STOP_WORDS)


def _group_synonyms(words: list[str], synonyms: Folded) -> list[Group]:
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


def _add_corrections(groups: list[Group], synonyms: Folded, library: Library | None) -> None:
    candidates = [
        group.words[0]
        for group in groups
        if group.correctable
        and len(group.words[0]) >= MIN_CORRECTABLE_LENGTH
        and text.TOKEN_RE.fullmatch(group.words[0])
        # "niets" or "zoek" only says how someone asks: no need to correct it.
        and group.words[0] not in text.QUESTION_WORDS
    ]
    if not candidates:
        return
    vocabulary = dictionary.dutch_vocabulary()
    unknown = set(candidates) - vocabulary - _known_words(candidates, library)
    corrections = _corrections(sorted(unknown), library, vocabulary) if unknown else {}
    for group in groups:
        found = corrections.get(group.words[0], [])
        if found:
            group.correction = found[0]
        for correction in found:
            group.add((correction,))
            for alternative in synonyms.get((correction,), []):
                group.add(_clean(alternative))
            # "schuldhlup" -> "schuldhulp", which the dictionary knows as debts.
            for concept in dictionary.understand(correction).concepts:
                group.add_concept(concept)


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


def _corrections(
    words: list[str], library: Library | None, vocabulary: frozenset[str]
) -> dict[str, list[str]]:
    """For each unknown word, the known words closest to it within one or two typos: words of
    the map and of the question dictionary. One statement for all of them."""
    found = _similar_words(words, library)
    corrections = {}
    for word in words:
        limit = _max_typos(word)
        nearby = found.get(word, set()) | {
            known for known in vocabulary if abs(len(known) - len(word)) <= limit
        }
        scored = sorted(
            (distance, candidate)
            for candidate in nearby
            if (distance := text.edit_distance(word, candidate, limit)) <= limit
        )
        if scored:
            best = scored[0][0]
            closest = [candidate for distance, candidate in scored if distance == best]
            corrections[word] = closest[:MAX_CORRECTIONS]
    return corrections


def _similar_words(words: list[str], library: Library | None) -> dict[str, set[str]]:
    """Words of the map that may be within reach of each word: by trigram similarity on
    PostgreSQL (at most 50 per word), by length on SQLite."""
    condition, params = _library_condition(library)
    found: dict[str, set[str]] = {word: set() for word in words}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT typed, near.word FROM unnest(%s::text[]) AS typed, LATERAL ("
                "SELECT DISTINCT word, similarity(word, typed) AS score "
                f"FROM socialmap_search_word WHERE {condition}word %% typed "
                "ORDER BY score DESC LIMIT 50) AS near",
                [words, *params],
            )
            for typed, word in cursor.fetchall():
                found[typed].add(word)
            return found
        shortest = min(len(word) - _max_typos(word) for word in words)
        longest = max(len(word) + _max_typos(word) for word in words)
        cursor.execute(
            "SELECT DISTINCT word FROM socialmap_search_word "
            f"WHERE {condition}length(word) BETWEEN %s AND %s",
            [*params, shortest, longest],
        )
        for (word,) in cursor.fetchall():
            for typed in words:
                if abs(len(word) - len(typed)) <= _max_typos(typed):
                    found[typed].add(word)
    return found


def _postgres_term(word: str) -> str:
    return f"{word}:*" if len(word) >= MIN_PREFIX_LENGTH else word


def _sqlite_term(word: str) -> str:
    stemmed = text.stem(word)
    return f'"{stemmed}"*' if len(stemmed) >= MIN_PREFIX_LENGTH else f'"{stemmed}"'


def _exact_term(word: str, vendor: str) -> str:
    return word if vendor == "postgresql" else f'"{text.stem(word)}"'


def query_expression(groups: list[Group], *, match_all: bool, vendor: str) -> str:
    if vendor == "postgresql":
        prefix, both, either = _postgres_term, " & ", " | "
    else:
        prefix, both, either = _sqlite_term, " AND ", " OR "

    def alternative(group: Group, words: Alternative) -> str:
        if words in group.exact:
            return "(" + both.join(_exact_term(word, vendor) for word in words) + ")"
        return "(" + both.join(map(prefix, words)) + ")"

    rendered = [
        "(" + either.join(alternative(g, words) for words in g.alternatives) + ")" for g in groups
    ]
    return (both if match_all else either).join(rendered)
