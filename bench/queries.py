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

# Long sentences and other languages (issue 14): the question dictionary reads these, and the
# speed target holds for them too. run.py prints their p95 on its own.
SENTENCE_QUERIES = [
    "ik ben mijn baan kwijt en weet niet hoe ik de huur en de rekeningen nog moet betalen",
    "mijn moeder wordt steeds vergeetachtiger en ik weet niet waar ik hulp kan vragen",
    "mijn buren maken elke avond herrie en ik durf er niets van te zeggen",
    "ik snap de brief van de belastingdienst niet en moet voor vrijdag iets doen",
]
LANGUAGE_QUERIES = [
    "help with taxes",
    "i cannot pay my rent",
    "لدي ديون ولا أستطيع دفع الفواتير",
    "iş arıyorum",
    "шукаю роботу",
    "mam długi i nie mogę zapłacić czynszu",
]
RESIDENT_QUERIES += SENTENCE_QUERIES + LANGUAGE_QUERIES
