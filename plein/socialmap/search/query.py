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

from dataclasses import dataclass, field

from django.db import connection

from plein.core.models import Library
from plein.socialmap.search import dictionary, text
from plein.socialmap.search.synonyms import synonyms_for

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_CORRECTIONS = 3
MIN_CORRECTABLE_LENGTH = 4
MIN_PREFIX_LENGTH = 3

# Words that say how someone asks, not what they need. They count only when nothing else is
# asked ("hulp" alone still searches for "hulp").
_QUESTION_WORDS = """
    aanvragen aanvraag advies betalen doen graag help helpen hulp iemand informatie info
    kunnen krijgen maken moet moeten nodig regelen vinden vraag vragen waar wanneer waarom
    weet welke wil willen word wordt worden zoek zoeken zit heel erg gaat gaan ben bent deze
    meer mag mogen iets goed niks niets alles steeds zelf even snel
    """
# Compared by stem, so that "vind" is a question word as "vinden" is.
QUESTION_STEMS = frozenset(text.stem(word) for word in _QUESTION_WORDS.split())

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
    telling = [group for group in leftover if text.stem(group.words[0]) not in QUESTION_STEMS]
    for group in leftover:
        # With a concept found, the other words only help the ranking; without one, question
        # words do, when there is a telling word.
        group.optional = bool(groups) or (bool(telling) and group not in telling)
    groups.extend(leftover)
    return Parsed(groups, understood.languages, _suggestion(question, leftover))


def _concept_group(
    concept: dictionary.Concept, typed: list[tuple[str, ...]], synonyms: dict
) -> Group:
    group = Group(words=(concept.key,))
    # What the resident typed is searched too ("belasting" also finds "belastingdienst"), and
    # so are the coordinators' synonyms of it.
    for typed_words in typed:
        group.add(_clean(list(typed_words)))
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
        and text.TOKEN_RE.fullmatch(group.words[0])
    ]
    if not candidates:
        return
    vocabulary = dictionary.dutch_vocabulary()
    unknown = set(candidates) - vocabulary - _known_words(candidates, library)
    for group in groups:
        word = group.words[0]
        if word not in unknown:
            continue
        corrections = _corrections(word, library, vocabulary)
        if corrections:
            group.correction = corrections[0]
        for correction in corrections:
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


def _corrections(word: str, library: Library | None, vocabulary: frozenset[str]) -> list[str]:
    """Known words closest to an unknown one, within one or two typos: words of the map and of
    the question dictionary."""
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
    found.extend(known for known in vocabulary if abs(len(known) - len(word)) <= limit)
    scored = sorted(
        (distance, candidate)
        for candidate in set(found)
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
