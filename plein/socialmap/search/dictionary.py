"""The question dictionary (vraagwoordenboek): how residents ask, mapped to what the map offers.

Plein ships a default in `data/question_dictionary.json`: concepts of the topic and life-domain
taxonomies, each with the Dutch words the social map uses for it (`words`, the term names among
them), and everyday phrases in Dutch, English, Arabic, Turkish, Ukrainian and Polish that mean
it. A coordinator's own entries are the editable synonyms (`Synonym`), which `query.py` applies
as before; both meet in the same parsed query.

A phrase matches when all its words occur in the question, in any order and with other words
between them ("mijn buren maken elke avond herrie" holds "buren herrie"). Dutch words are compared
by stem, words of other languages by their start, so that "debts" holds "debt" and Polish
"długów" holds "dług".
"""

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from plein.socialmap.search import text

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "question_dictionary.json"
LANGUAGES = ("nl", "en", "ar", "tr", "uk", "pl")
# Letters of every script, so that Arabic and Cyrillic words survive tokenising.
WORD_RE = re.compile(r"[^\W_]+")
MIN_PREFIX = 4


@dataclass(frozen=True)
class Concept:
    key: str
    label: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    language: str
    concept: Concept
    words: tuple[str, ...]
    # The words as written (folded), for a one-word phrase that shares its stem with a
    # question word: "wet" (the law) must be typed so, "weet" (know) is not it.
    written: tuple[str, ...] = ()

    def matches_alone(self, word: str) -> bool:
        """Whether this word of a question, alone, can be this one-word phrase."""
        if self.language != "nl" or self.words[0] not in text.QUESTION_STEMS:
            return True
        return word in self.written[:1]


@dataclass(frozen=True)
class Understood:
    """What the dictionary made of a question: its concepts, the languages it recognised and the
    words no phrase covered (stop words left out), in their order."""

    concepts: tuple[Concept, ...]
    languages: frozenset[str]
    leftover: tuple[str, ...]
    # The Dutch words of the question that each concept was found by, as typed.
    typed: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)


def words_of(question: str) -> list[str]:
    """Folded words of any script: "Borç" -> "borc", "Вибачте" -> "вибачте"."""
    # "can't" is one word, as is Ukrainian "здоров'я".
    return WORD_RE.findall(re.sub(r"['’]", "", text.fold(question)))


def _normal(word: str, language: str) -> str:
    return text.stem(word) if language == "nl" else word


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, Concept], list[Phrase], dict[str, str]]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    concepts: dict[str, Concept] = {}
    phrases: list[Phrase] = []
    for item in data["concepts"]:
        concept = Concept(key=item["key"], label=item["label"], words=tuple(_split(item["words"])))
        concepts[concept.key] = concept
        for language in LANGUAGES:
            for phrase in _split(item.get(language, "")):
                written = [
                    word
                    for word in words_of(phrase)
                    if not (language == "nl" and word in text.STOP_WORDS)
                ]
                words = tuple(_normal(word, language) for word in written)
                if words:
                    phrases.append(Phrase(language, concept, words, tuple(written)))
    # Longest phrases first: "huur niet betalen" wins over "betalen".
    phrases.sort(key=lambda phrase: -len(phrase.words))
    return concepts, phrases, data["notices"]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def concepts() -> dict[str, Concept]:
    return _load()[0]


def phrases() -> list[Phrase]:
    return _load()[1]


def dutch_notice(language: str) -> str:
    """'The information is in Dutch', in the resident's language ('' for Dutch)."""
    return _load()[2].get(language, "")


def _keys(word: str) -> set[tuple[bool, str]]:
    """What a word of the question can match: a Dutch stem, or a word of another language or
    its start."""
    keys = {(True, text.stem(word)), (False, word)}
    keys.update((False, word[:end]) for end in range(MIN_PREFIX, len(word)))
    return keys


@lru_cache(maxsize=1)
def _by_key() -> dict[tuple[bool, str], list[int]]:
    index: dict[tuple[bool, str], list[int]] = {}
    for number, phrase in enumerate(phrases()):
        for word in set(phrase.words):
            index.setdefault((phrase.language == "nl", word), []).append(number)
    return index


def understand(question: str) -> Understood:
    """The concepts a question asks for; every phrase covers the words it matched."""
    words = words_of(question)
    keys = {index: _keys(word) for index, word in enumerate(words)}
    # Dutch stop words are free for longer phrases of other languages only: Turkish "iş
    # arıyorum" folds to "is arıyorum", but a Dutch "is" alone is no Turkish "iş".
    stop = {index for index, word in enumerate(words) if word in text.STOP_WORDS}
    by_key = _by_key()
    candidates = sorted(
        {
            number
            for word_keys in keys.values()
            for key in word_keys
            for number in by_key.get(key, [])
        }
    )
    free = set(keys)
    found: list[Concept] = []
    languages: set[str] = set()
    typed: dict[str, list[tuple[str, ...]]] = {}
    for number in candidates:
        phrase = phrases()[number]
        dutch = phrase.language == "nl"
        usable = free - stop if dutch or len(phrase.words) < 2 else free
        taken: set[int] = set()
        alone = len(phrase.words) == 1
        for phrase_word in phrase.words:
            index = next(
                (
                    i
                    for i in sorted(usable - taken)
                    if (dutch, phrase_word) in keys[i]
                    and (not alone or phrase.matches_alone(words[i]))
                ),
                None,
            )
            if index is None:
                break
            taken.add(index)
        else:
            free -= taken
            if phrase.concept not in found:
                found.append(phrase.concept)
            languages.add(phrase.language)
            if dutch:
                words_typed = tuple(words[i] for i in sorted(taken))
                typed.setdefault(phrase.concept.key, []).append(words_typed)
    leftover = tuple(words[i] for i in sorted(free - stop))
    return Understood(tuple(found), frozenset(languages - {"nl"}), leftover, typed)


@lru_cache(maxsize=1)
def dutch_vocabulary() -> frozenset[str]:
    """Every Dutch word of the dictionary as written (folded): typo corrections aim at these
    as well as at the words of the map."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    words: set[str] = set()
    for item in data["concepts"]:
        for value in (item["words"], item.get("nl", "")):
            words.update(word for word in text.tokens(value) if word not in text.STOP_WORDS)
    return frozenset(words)


@lru_cache(maxsize=1)
def dutch_phrases() -> tuple[str, ...]:
    """The Dutch phrases as written (folded), shortest first: suggestions while typing."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    written = [phrase for item in data["concepts"] for phrase in _split(item.get("nl", ""))]
    phrases = {" ".join(text.tokens(phrase)) for phrase in written}
    return tuple(sorted(phrases, key=lambda phrase: (len(phrase), phrase)))
