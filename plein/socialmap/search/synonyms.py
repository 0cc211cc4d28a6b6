"""Search synonyms: the words residents use, mapped to the words the social map uses."""

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from django.db.models import Q

from plein.core.models import Library
from plein.socialmap.models import Synonym
from plein.socialmap.search import text

# Shared defaults (library NULL). Coordinators add their own per library; both apply.
DEFAULT_SYNONYMS: dict[str, str] = {
    "geldzorgen": "schulden, schuldhulp, budget, geldzaken, betalingsachterstand",
    "geldproblemen": "schulden, schuldhulp, budget, geldzaken",
    "schulden": "schuldhulp, betalingsachterstand, geldzorgen",
    "rood staan": "schulden, geldzorgen",
    "deurwaarder": "schulden, schuldhulp, betalingsachterstand",
    "aanmaning": "schulden, betalingsachterstand, brief",
    "belasting": "belastingdienst, aangifte, aanslag, belastingaangifte",
    "belastingen": "belastingdienst, aangifte, aanslag, kwijtschelding",
    "brief": "brieven, post, berichtenbox",
    "brieven": "brief, post, berichtenbox",
    "toeslag": "toeslagen, huurtoeslag, zorgtoeslag, kinderopvangtoeslag",
    "huurtoeslag": "toeslagen, toeslag",
    "zorgtoeslag": "toeslagen, toeslag",
    "kwijt": "vergeten, herstellen, verloren",
    "wachtwoord": "inloggen, digid",
    "inloggen": "digid, wachtwoord",
    "computer": "digitaal, laptop, tablet, computerles",
    "telefoon": "smartphone, tablet, digitaal",
    "huis": "woning, wonen",
    "woning": "huis, wonen, huurwoning",
    "huur": "huurwoning, huurachterstand, huurtoeslag",
    "eenzaam": "eenzaamheid, ontmoeting, maatje",
    "alleen": "eenzaamheid, ontmoeting, maatje",
    "werkloos": "ww, uitkering, werk zoeken",
    "baan": "werk, sollicitatie, vacature",
    "ontslagen": "ww, uitkering, werkloos",
    "uitkering": "bijstand, ww, aow",
    "eten": "voedselbank, maaltijd, voedselpakket",
    "honger": "voedselbank, voedselpakket",
    "taal": "taalhuis, nederlands, lezen, schrijven",
    "lezen": "taalhuis, laaggeletterdheid",
    # Not "zorgen voor": without its stop word that becomes "zorg*", which matches every
    # health-care allowance and insurance service too.
    "mantelzorg": "mantelzorger, mantelzorgers, zorgen voor een naaste",
    "dementie": "geheugen, alzheimer",
    "ruzie": "buurtbemiddeling, conflict",
    "geweld": "huiselijk geweld, veilig thuis",
    "verslaafd": "verslaving",
    "depressie": "psychische klachten, ggz",
    "energierekening": "energie, energiefonds, energiecoach",
    "scheiding": "scheiden, ouderschapsplan",
    "advocaat": "juridisch, rechtshulp, sociaal raadslieden",
    "formulier": "formulieren, formulierenhulp, invullen",
}


def synonyms_install_defaults() -> int:
    """Add the shared default synonyms that are missing; returns how many were added."""
    existing = set(Synonym.objects.filter(library__isnull=True).values_list("term", flat=True))
    missing = [
        Synonym(library=None, term=term, alternatives=alternatives)
        for term, alternatives in DEFAULT_SYNONYMS.items()
        if term not in existing
    ]
    Synonym.objects.bulk_create(missing)
    return len(missing)


Folded = Mapping[tuple[str, ...], tuple[tuple[str, ...], ...]]


def synonyms_for(*, library: Library | None) -> Folded:
    """Folded term words -> alternatives (each a tuple of folded words); shared and own."""
    scope = Q(library__isnull=True)
    if library is not None:
        scope |= Q(library=library)
    rows = Synonym.objects.filter(scope).order_by("pk").values_list("term", "alternatives")
    return _folded(tuple(rows))


@lru_cache(maxsize=64)
def _folded(rows: tuple[tuple[str, str], ...]) -> Folded:
    """The synonyms as folded words. The rows are read on every search, so an edit applies at
    once; folding the same rows again is what this saves (most of the time of reading them)."""
    mapping: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for term, alternatives in rows:
        key = tuple(text.tokens(term))
        if not key:
            continue
        words = [tuple(text.tokens(alternative)) for alternative in alternatives.split(",")]
        mapping.setdefault(key, []).extend(alternative for alternative in words if alternative)
    return MappingProxyType({key: tuple(alternatives) for key, alternatives in mapping.items()})
