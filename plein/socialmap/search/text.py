"""Text normalisation for search: accent folding, tokens, Dutch stop words and a Dutch stemmer.

PostgreSQL stems with its own `dutch` Snowball dictionary; SQLite has no stemmer, so the index
text and the query are stemmed here with the same rules (the Snowball Dutch algorithm, written
out below). Both sides of a comparison always go through the same stemmer.
"""

import re
import unicodedata
from functools import lru_cache

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

    # Step 1: plural and genitive endings.
    if word.endswith("heden") and len(word) - 5 >= r1:
        word = word[:-5] + "heid"
    elif word.endswith("ene") and len(word) - 3 >= r1 and _valid_en_ending(word[:-3]):
        word = _undouble(word[:-3])
    elif word.endswith("en") and len(word) - 2 >= r1 and _valid_en_ending(word[:-2]):
        word = _undouble(word[:-2])
    elif word.endswith("se") and len(word) - 2 >= r1 and word[-3] not in VOWELS | {"j"}:
        word = word[:-2]
    elif word.endswith("s") and len(word) - 1 >= r1 and word[-2] not in VOWELS | {"j"}:
        word = word[:-1]

    # Step 2: a final e.
    e_removed = False
    if word.endswith("e") and len(word) - 1 >= r1 and len(word) > 1 and word[-2] not in VOWELS:
        word = _undouble(word[:-1])
        e_removed = True

    # Step 3a: -heid.
    if word.endswith("heid") and len(word) - 4 >= r2 and not word.endswith("cheid"):
        word = word[:-4]
        if word.endswith("en") and len(word) - 2 >= r1 and _valid_en_ending(word[:-2]):
            word = _undouble(word[:-2])

    # Step 3b: derivational endings.
    if word.endswith(("end", "ing")) and len(word) - 3 >= r2:
        word = word[:-3]
        if word.endswith("ig") and len(word) - 2 >= r2 and not word.endswith("eig"):
            word = word[:-2]
        else:
            word = _undouble(word)
    elif word.endswith("ig") and len(word) - 2 >= r2 and not word.endswith("eig"):
        word = word[:-2]
    elif word.endswith("lijk") and len(word) - 4 >= r2:
        word = word[:-4]
        if word.endswith("e") and len(word) - 1 >= r1 and len(word) > 1 and word[-2] not in VOWELS:
            word = _undouble(word[:-1])
    elif word.endswith("baar") and len(word) - 4 >= r2:
        word = word[:-4]
    elif word.endswith("bar") and len(word) - 3 >= r2 and e_removed:
        word = word[:-3]

    # Step 4: undouble a vowel in a closed final syllable ("maan" -> "man").
    if (
        len(word) >= 4
        and word[-4] not in VOWELS
        and word[-1] not in VOWELS
        and word[-1] != "I"
        and word[-3] == word[-2]
        and word[-2] in "aeou"
    ):
        word = word[:-2] + word[-1]

    return word.replace("I", "i").replace("Y", "y")


def stemmed(text: str) -> str:
    """The index form of a text on SQLite: folded, stemmed words separated by spaces."""
    return " ".join(stem(token) for token in tokens(text))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of two letters counts once), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]
