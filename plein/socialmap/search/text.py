"""Text normalisation for search: accent folding, tokens, Dutch stop words and a Dutch stemmer.

PostgreSQL stems with its own `dutch` Snowball dictionary; SQLite has no stemmer, so the index
text and the query are stemmed here with the same rules (the Snowball Dutch algorithm, written
out below). Both sides of a comparison always go through the same stemmer.
"""

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA

TOKEN_RE = re.compile(r"[a-z0-9]+")

# Words that say nothing about what someone is looking for.
STOP_WORDS = frozenset(
    [
        "aan",
        "al",
        "alle",
        "als",
        "bij",
        "dan",
        "dat",
        "de",
        "der",
        "des",
        "die",
        "dit",
        "door",
        "een",
        "en",
        "er",
        "had",
        "heb",
        "heeft",
        "hem",
        "het",
        "hij",
        "hoe",
        "hun",
        "ik",
        "in",
        "is",
        "je",
        "jij",
        "kan",
        "kun",
        "me",
        "mee",
        "men",
        "met",
        "mij",
        "mijn",
        "na",
        "naar",
        "niet",
        "nog",
        "of",
        "om",
        "onder",
        "ons",
        "ook",
        "op",
        "over",
        "te",
        "tegen",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "want",
        "was",
        "wat",
        "we",
        "wel",
        "wie",
        "wij",
        "zal",
        "ze",
        "zei",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zonder",
    ]
)

# Words that say how someone asks, not what they need. A query counts them only when nothing
# else is asked ("hulp" alone still searches for "hulp"), and they do not name a need of the
# question dictionary on their own ("weet" stems to the "wet" of the law).
_QUESTION_WORDS = """
    aanvragen aanvraag advies betalen doen graag help helpen hulp iemand informatie info
    kunnen krijgen maken moet moeten nodig regelen vinden vraag vragen waar wanneer waarom
    weet welke wil willen word wordt worden zoek zoeken zit heel erg gaat gaan ben bent deze
    meer mag mogen iets goed niks niets alles steeds zelf even snel
"""
QUESTION_WORDS = frozenset(_QUESTION_WORDS.split())

VOWELS = frozenset("aeiouyè")


def fold(text: str) -> str:
    """Lower case without accents: "Oekraïne" -> "oekraine", "café" -> "cafe"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(fold(text))


def query_tokens(text: str) -> list[str]:
    return [token for token in tokens(text) if token not in STOP_WORDS]


def _regions(word: str) -> tuple[int, int]:
    """Start of R1 and R2: after the first non-vowel that follows a vowel (R1 at least 3)."""

    def after_vowel_consonant(start: int) -> int:
        for i in range(start + 1, len(word)):
            if word[i] not in VOWELS and word[i - 1] in VOWELS:
                return i + 1
        return len(word)

    r1 = max(after_vowel_consonant(0), 3)
    r2 = after_vowel_consonant(r1)
    return r1, r2


def _undouble(word: str) -> str:
    return word[:-1] if word.endswith(("kk", "dd", "tt")) else word


def _valid_en_ending(stem: str) -> bool:
    return bool(stem) and stem[-1] not in VOWELS and not stem.endswith("gem")


def _mark_semivowels(word: str) -> str:
    chars = list(word)
    for i, ch in enumerate(chars):
        previous_is_vowel = i > 0 and chars[i - 1] in VOWELS
        if ch == "y" and (i == 0 or previous_is_vowel):
            chars[i] = "Y"
        elif ch == "i" and previous_is_vowel and i + 1 < len(chars) and chars[i + 1] in VOWELS:
            chars[i] = "I"
    return "".join(chars)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem one folded Dutch word (Snowball Dutch rules)."""
    if len(word) < 3 or not word.isalpha():
        return word
    word = _mark_semivowels(word)
    r1, r2 = _regions(word)
    word = _plural_removed(word, r1)
    word, e_removed = _final_e_removed(word, r1)
    word = _heid_removed(word, r1, r2)
    word = _derivation_removed(word, r1, r2, e_removed=e_removed)
    word = _closed_vowel_undoubled(word)
    return word.replace("I", "i").replace("Y", "y")


def _plural_removed(word: str, r1: int) -> str:
    """Step 1: plural and genitive endings."""
    if word.endswith("heden") and len(word) - 5 >= r1:
        return word[:-5] + "heid"
    if word.endswith("ene") and len(word) - 3 >= r1 and _valid_en_ending(word[:-3]):
        return _undouble(word[:-3])
    if word.endswith("en") and len(word) - 2 >= r1 and _valid_en_ending(word[:-2]):
        return _undouble(word[:-2])
    if word.endswith("se") and len(word) - 2 >= r1 and word[-3] not in VOWELS | {"j"}:
        return word[:-2]
    if word.endswith("s") and len(word) - 1 >= r1 and word[-2] not in VOWELS | {"j"}:
        return word[:-1]
    return word


def _final_e_removed(word: str, r1: int) -> tuple[str, bool]:
    """Step 2: a final e after a consonant; also whether it was removed (step 3b asks)."""
    if word.endswith("e") and len(word) - 1 >= r1 and len(word) > 1 and word[-2] not in VOWELS:
        return _undouble(word[:-1]), True
    return word, False


def _heid_removed(word: str, r1: int, r2: int) -> str:
    """Step 3a: -heid, then an -en it leaves."""
    if word.endswith("heid") and len(word) - 4 >= r2 and not word.endswith("cheid"):
        word = word[:-4]
        if word.endswith("en") and len(word) - 2 >= r1 and _valid_en_ending(word[:-2]):
            word = _undouble(word[:-2])
    return word


def _derivation_removed(word: str, r1: int, r2: int, *, e_removed: bool) -> str:
    """Step 3b: derivational endings."""
    if word.endswith(("end", "ing")) and len(word) - 3 >= r2:
        word = word[:-3]
        if word.endswith("ig") and len(word) - 2 >= r2 and not word.endswith("eig"):
            return word[:-2]
        return _undouble(word)
    if word.endswith("ig") and len(word) - 2 >= r2 and not word.endswith("eig"):
        return word[:-2]
    if word.endswith("lijk") and len(word) - 4 >= r2:
        return _final_e_removed(word[:-4], r1)[0]
    if word.endswith("baar") and len(word) - 4 >= r2:
        return word[:-4]
    if word.endswith("bar") and len(word) - 3 >= r2 and e_removed:
        return word[:-3]
    return word


def _closed_vowel_undoubled(word: str) -> str:
    """Step 4: undouble a vowel in a closed final syllable ("maan" -> "man")."""
    if (
        len(word) >= 4
        and word[-4] not in VOWELS
        and word[-1] not in VOWELS
        and word[-1] != "I"
        and word[-3] == word[-2]
        and word[-2] in "aeou"
    ):
        return word[:-2] + word[-1]
    return word


def stemmed(text: str) -> str:
    """The index form of a text on SQLite: folded, stemmed words separated by spaces."""
    return " ".join(stem(token) for token in tokens(text))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of two letters counts once), capped at limit+1.

    RapidFuzz computes it in compiled code: a typo is compared with hundreds of known words
    per query, which took 10 ms and more in Python (docs/benchmarks.md)."""
    return OSA.distance(a, b, score_cutoff=limit)


# Compared by stem, so that "vind" is a question word as "vinden" is.
QUESTION_STEMS = frozenset(stem(word) for word in QUESTION_WORDS)
