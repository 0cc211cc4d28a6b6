"""What residents type at the information point, as they type it: the benchmark's search load.

Typos, spoken phrasing, and words that are not in the service texts are deliberate: the search
must handle them, and a search that only handles tidy words would look faster than it is.
"""

RESIDENT_QUERIES = [
    "geldzorgen",
    "huurtoeslag",
    "huurtoeslg",
    "brief van de belasting",
    "digid kwijt",
    "schulden",
    "eenzaam",
    "taalcursus",
    "mantelzorg",
    "formulier invullen",
    "zorgtoeslag terugbetalen",
    "voedselbank",
    "hulp bij computer",
    "werk zoeken",
    "rouw",
    "dementie",
    "huiselijk geweld",
    "energierekening te hoog",
    "inburgering",
    "opvoeding",
    "wmo",
    "belastingaangifte",
    "juridisch advies",
    "ik kan mijn rekeningen niet betalen",
    "iemand om mee te praten",
    "vrijwilligerswerk",
    "rollator lenen",
    "scheiding kinderen",
    "ouderen",
    "nederlands leren",
]
