"""Write plein/socialmap/data/default_taxonomies.json: Plein's two default taxonomies.

The ids are uuid5 values of a fixed Plein namespace and the term code, so they never change
between runs or installations. Run with: python3 scripts/make_default_taxonomies.py
"""

import json
import uuid
from pathlib import Path

NAMESPACE = uuid.UUID("0b6f3c9e-5d7a-4e51-9a3c-2f1d8e7b6c40")
OUT = Path(__file__).resolve().parent.parent / "plein/socialmap/data/default_taxonomies.json"
BASE_URI = "urn:plein:taxonomie"
VERSION = "1.0"

# (code, name, description, [(subcode, name, description), ...])
TOPICS = [
    (
        "geld",
        "Geld",
        "Rondkomen, betalen, toeslagen en schulden.",
        [
            (
                "toeslagen",
                "Toeslagen",
                "Huurtoeslag, zorgtoeslag, kinderopvangtoeslag en het "
                "kindgebonden budget aanvragen of wijzigen.",
            ),
            (
                "schulden",
                "Schulden",
                "Hulp als u rekeningen niet meer kunt betalen of schulden hebt.",
            ),
            (
                "belastingaangifte",
                "Belastingaangifte",
                "Hulp bij de aangifte inkomstenbelasting en bij brieven van de Belastingdienst.",
            ),
            ("budget", "Budget en administratie", "Overzicht in uw geld en papieren houden."),
            (
                "inkomensondersteuning",
                "Inkomensondersteuning",
                "Bijstand, kwijtschelding en andere "
                "regelingen van de gemeente voor mensen met een laag inkomen.",
            ),
        ],
    ),
    (
        "digitaleoverheid",
        "Digitale overheid",
        "Zaken regelen met de overheid via internet.",
        [
            ("digid", "DigiD", "DigiD aanvragen, activeren, herstellen of de DigiD-app gebruiken."),
            ("mijnoverheid", "MijnOverheid", "Berichten van de overheid lezen in de Berichtenbox."),
            (
                "formulieren",
                "Formulieren",
                "Hulp bij het invullen van formulieren van de overheid.",
            ),
            (
                "digitalevaardigheden",
                "Digitale vaardigheden",
                "Leren omgaan met de computer, tablet of telefoon.",
            ),
        ],
    ),
    (
        "zorg",
        "Zorg en gezondheid",
        "Gezond blijven, zorg krijgen en zorgkosten.",
        [
            (
                "wmo",
                "Wmo en ondersteuning thuis",
                "Hulp van de gemeente om thuis te blijven wonen, "
                "zoals huishoudelijke hulp of een hulpmiddel.",
            ),
            (
                "zorgverzekering",
                "Zorgverzekering",
                "Een zorgverzekering kiezen of zorgkosten betalen.",
            ),
            (
                "geestelijkegezondheid",
                "Psychische gezondheid",
                "Hulp bij somberheid, stress of andere psychische klachten.",
            ),
            (
                "huisarts",
                "Huisarts en eerste lijn",
                "Huisarts, praktijkondersteuner en andere zorg dichtbij.",
            ),
        ],
    ),
    (
        "wonen",
        "Wonen",
        "Een huis vinden, huur, energie en buren.",
        [
            (
                "woningzoeken",
                "Woning zoeken",
                "Inschrijven voor een huurwoning en zoeken naar een huis.",
            ),
            ("huur", "Huur en huurproblemen", "Vragen over huurprijs, onderhoud en de verhuurder."),
            ("energie", "Energie", "Energie besparen en hulp bij een hoge energierekening."),
            ("burenruzie", "Buren", "Hulp bij problemen of ruzie met de buren."),
        ],
    ),
    (
        "werk",
        "Werk",
        "Werk zoeken, werken en inkomen uit werk.",
        [
            ("werkzoeken", "Werk zoeken", "Vacatures zoeken, solliciteren en een cv maken."),
            ("uitkering", "Uitkering", "Een WW-, bijstands- of arbeidsongeschiktheidsuitkering."),
            ("vrijwilligerswerk", "Vrijwilligerswerk", "Vrijwilligerswerk vinden en doen."),
        ],
    ),
    (
        "taal",
        "Taal en lezen",
        "Beter leren lezen, schrijven en Nederlands spreken.",
        [
            (
                "laaggeletterdheid",
                "Lezen en schrijven",
                "Beter leren lezen en schrijven in het Taalhuis of met een taalmaatje.",
            ),
            ("nederlandsleren", "Nederlands leren", "Nederlands leren als tweede taal."),
            ("inburgering", "Inburgering", "Het inburgeringsexamen en de taaleis."),
        ],
    ),
    (
        "gezin",
        "Opvoeding en gezin",
        "Kinderen, opvoeden en relaties in het gezin.",
        [
            ("opvoeding", "Opvoeden", "Vragen over opvoeden en opgroeien van kinderen."),
            ("kinderopvang", "Kinderopvang", "Kinderopvang vinden en betalen."),
            ("scheiding", "Scheiding", "Hulp bij uit elkaar gaan, voor ouders en kinderen."),
        ],
    ),
    (
        "meedoen",
        "Ontmoeting en meedoen",
        "Mensen ontmoeten en meedoen in de buurt.",
        [
            ("eenzaamheid", "Eenzaamheid", "Hulp als u zich alleen voelt en contact zoekt."),
            (
                "activiteiten",
                "Activiteiten in de buurt",
                "Activiteiten, clubs en ontmoetingsplekken.",
            ),
            ("buurthuis", "Buurthuis", "Het buurthuis of wijkcentrum in uw buurt."),
        ],
    ),
    (
        "vervoer",
        "Vervoer",
        "Reizen en vervoer in de gemeente.",
        [
            ("ov", "Openbaar vervoer", "Bus en trein, reisplanner en de ov-chipkaart."),
            (
                "doelgroepenvervoer",
                "Vervoer op maat",
                "Vervoer voor mensen die niet zelf kunnen reizen.",
            ),
            (
                "parkeren",
                "Gehandicaptenparkeerkaart",
                "Een parkeerkaart of parkeerplaats aanvragen.",
            ),
        ],
    ),
    (
        "juridisch",
        "Juridisch",
        "Recht, regels en bezwaar maken.",
        [
            ("rechtshulp", "Rechtshulp", "Gratis of goedkoop juridisch advies."),
            ("bezwaar", "Bezwaar maken", "Bezwaar maken tegen een besluit van de overheid."),
            (
                "consumentenrecht",
                "Consumentenzaken",
                "Problemen met een aankoop, abonnement of bedrijf.",
            ),
        ],
    ),
    (
        "veiligheid",
        "Veiligheid",
        "Veilig thuis, veilig online en in de buurt.",
        [
            ("huiselijkgeweld", "Huiselijk geweld", "Hulp bij geweld of dreiging thuis."),
            ("onlineveiligheid", "Veilig online", "Oplichting, phishing en veilig internetten."),
            (
                "buurtveiligheid",
                "Veilige buurt",
                "Veiligheid in de wijk en contact met de wijkagent.",
            ),
        ],
    ),
    (
        "onderwijs",
        "Onderwijs",
        "School, studie en leren voor volwassenen.",
        [
            ("school", "School", "Vragen over school en leerplicht."),
            ("studiefinanciering", "Studiefinanciering", "Studiefinanciering en tegemoetkoming."),
            (
                "volwassenenonderwijs",
                "Leren voor volwassenen",
                "Cursussen en opleidingen voor volwassenen.",
            ),
        ],
    ),
    (
        "mantelzorg",
        "Mantelzorg",
        "Zorgen voor een naaste en hulp voor de mantelzorger.",
        [
            (
                "ondersteuning",
                "Steun voor mantelzorgers",
                "Advies, contact met lotgenoten en respijtzorg.",
            ),
            ("waardering", "Mantelzorgwaardering", "De jaarlijkse waardering van de gemeente."),
        ],
    ),
]

# Life domains in Plein's own words, after the domains of the zelfredzaamheidsmatrix.
LIFE_DOMAINS = [
    ("financien", "Financiën", "Genoeg inkomen hebben en het geld goed beheren."),
    ("werkopleiding", "Werk en opleiding", "Betaald werk, een opleiding of op weg daarheen."),
    ("tijdsbesteding", "Tijdsbesteding", "De dag zinvol invullen, ook zonder betaald werk."),
    ("huisvesting", "Huisvesting", "Een veilige, betaalbare en passende plek om te wonen."),
    (
        "huiselijkerelaties",
        "Huiselijke relaties",
        "De relaties met partner, kinderen en huisgenoten.",
    ),
    (
        "geestelijkegezondheid",
        "Geestelijke gezondheid",
        "Hoe het met iemand gaat in het hoofd: stress, somberheid, angst.",
    ),
    (
        "lichamelijkegezondheid",
        "Lichamelijke gezondheid",
        "Gezondheid van het lichaam, ziekte en beperking.",
    ),
    ("middelengebruik", "Middelengebruik", "Het gebruik van alcohol, drugs, medicijnen of gokken."),
    (
        "dagelijksleven",
        "Dagelijkse levensverrichtingen",
        "Zelf de dagelijkse dingen doen: wassen, eten, huishouden, boodschappen en administratie.",
    ),
    ("sociaalnetwerk", "Sociaal netwerk", "Familie, vrienden en buren op wie iemand kan rekenen."),
    ("participatie", "Maatschappelijke participatie", "Meedoen in de buurt en de samenleving."),
    ("justitie", "Justitie", "Contact met politie en justitie, boetes en strafzaken."),
]


def term_id(taxonomy_code: str, code: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{taxonomy_code}/{code}"))


def term(taxonomy_code: str, code: str, name: str, description: str, parent: str | None) -> dict:
    return {
        "id": term_id(taxonomy_code, code),
        "code": code,
        "name": name,
        "description": description,
        "language": "nl",
        "term_uri": f"{BASE_URI}:{taxonomy_code}:{code}",
        "parent": parent,
    }


def topics() -> dict:
    terms = []
    for code, name, description, children in TOPICS:
        terms.append(term("onderwerpen", code, name, description, None))
        for subcode, subname, subdescription in children:
            full = f"{code}.{subcode}"
            terms.append(term("onderwerpen", full, subname, subdescription, code))
    return {
        "id": term_id("taxonomy", "onderwerpen"),
        "kind": "topic",
        "name": "Onderwerpen",
        "description": "Waar een vraag of een dienst over gaat. Plein's standaardlijst; "
        "een bibliotheek kan termen toevoegen of aanpassen.",
        "uri": f"{BASE_URI}:onderwerpen",
        "version": VERSION,
        "terms": terms,
    }


def life_domains() -> dict:
    return {
        "id": term_id("taxonomy", "leefgebieden"),
        "kind": "life_domain",
        "name": "Leefgebieden",
        "description": "De leefgebieden uit het leven van een inwoner, naar de indeling van "
        "de zelfredzaamheidsmatrix.",
        "uri": f"{BASE_URI}:leefgebieden",
        "version": VERSION,
        "terms": [term("leefgebieden", *row, None) for row in LIFE_DOMAINS],
    }


def main() -> None:
    data = {"taxonomies": [topics(), life_domains()]}
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    count = sum(len(t["terms"]) for t in data["taxonomies"])
    print(f"{OUT}: {len(data['taxonomies'])} taxonomies, {count} terms")


if __name__ == "__main__":
    main()
