"""A judged set over the demo's social map (Bibliotheek Beekveld, `plein demo`).

Each query has a kind and the services that answer it, by name: 2 for the best answers, 1 for
services that also help. An empty judgement means the map has no answer, and the honest result
is none at all. The queries are written the way residents ask at the desk; they are not the
held-out Lindendal set (see search_quality.py).
"""

IDO = "Informatiepunt Digitale Overheid"
DIGISTERKER = "Cursus Digisterker: werken met de digitale overheid"
DIGICAFE = "Digicafé: hulp met uw telefoon, tablet of computer"
TAALHUIS = "Taalhuis: beter lezen, schrijven en rekenen"
WMO = "Wmo-loket: hulp om thuis te blijven wonen"
BIJZONDERE_BIJSTAND = "Bijzondere bijstand"
KWIJTSCHELDING = "Kwijtschelding van gemeentelijke belastingen"
SCHULDHULP = "Schuldhulpverlening"
MANTELZORGWAARDERING = "Mantelzorgwaardering"
WIJKTEAM = "Sociaal wijkteam: hulp als u vastloopt"
OPVOEDSTEUN = "Opvoedondersteuning"
SCHEIDEN = "Hulp bij scheiden"
OUDERENADVISEUR = "Ouderenadviseur"
MAATJES = "Maatjesproject: samen iets leuks doen"
BUURTHUIS = "Activiteiten in Buurthuis De Elzen"
HUISKAMER = "Huiskamer Wilgenhorst"
VERVOER = "Vrijwillige vervoersdienst"
RAADSLIEDEN = "Sociaal raadslieden: hulp bij brieven en regels"
FORMULIEREN = "Formulierenhulp"
BELASTINGSPREEKUUR = "Belastingspreekuur: hulp bij de aangifte"
THUISADMINISTRATIE = "Thuisadministratie: orde in uw papieren"
SCHULDMAATJE = "SchuldMaatje: een maatje bij geldzorgen"
VOEDSELPAKKET = "Voedselpakket"
KLEDING = "Gratis kleding"
LEERGELD = "Meedoen voor kinderen: sport, muziek en school"
RECHTSWINKEL = "Gratis juridisch advies"
WERK = "Hulp bij werk zoeken"
UITKERING = "Bijstandsuitkering aanvragen"
VRIJWILLIGERSWERK = "Vrijwilligerswerk vinden"
HUURWONING = "Inschrijven voor een huurwoning"
HUURACHTERSTAND = "Hulp bij huurachterstand"
ENERGIECOACH = "Energiecoach aan huis"
BUURTBEMIDDELING = "Buurtbemiddeling"
HUISARTS = "Huisartsenpraktijk De Elzen"
POH_GGZ = "Praktijkondersteuner psychische klachten"
CONSULTATIEBUREAU = "Consultatiebureau"
WIJKVERPLEGING = "Wijkverpleging"
VERSLAVING = "Hulp bij verslaving"
ZORGVERZEKERING = "Hulp bij het kiezen van een zorgverzekering"
MANTELZORGSTEUN = "Steun voor mantelzorgers"
JONGE_MANTELZORGERS = "Jonge mantelzorgers"
INBURGERING = "Steun bij inburgering"
TAALCAFE = "Taalcafé: Nederlands oefenen"
LOODS = "Jongerencentrum De Loods"
STUDIE = "Hulp bij studie en studiefinanciering"
HUISELIJK_GEWELD = "Advies bij huiselijk geweld"
VEILIG_ONLINE = "Spreekuur Veilig Online"
REGIOTAXI = "Regiotaxi"
PARKEERKAART = "Gehandicaptenparkeerkaart aanvragen"
BELASTINGINVULLERS = "Belastinginvullers voor ouderen"
BEWEGEN = "Bewegen voor ouderen"
BUDGETCURSUS = "Cursus Rondkomen met je inkomen"
ALZHEIMER_CAFE = "Alzheimer Café Beekveld"
HUISWERKKLAS = "Huiswerkklas"
COMPUTERHULP = "Computerhulp aan huis"

DEBT = {SCHULDHULP: 2, SCHULDMAATJE: 2, BUDGETCURSUS: 1, THUISADMINISTRATIE: 1, WIJKTEAM: 1}
TAX = {BELASTINGSPREEKUUR: 2, BELASTINGINVULLERS: 2, KWIJTSCHELDING: 1}
DUTCH = {TAALCAFE: 2, TAALHUIS: 2, INBURGERING: 1}
LONELY = {MAATJES: 2, OUDERENADVISEUR: 1, HUISKAMER: 1, BUURTHUIS: 1}
ALLOWANCES = {IDO: 1, RAADSLIEDEN: 1, FORMULIEREN: 1, BELASTINGSPREEKUUR: 1, BELASTINGINVULLERS: 1}
CARERS = {MANTELZORGSTEUN: 2, MANTELZORGWAARDERING: 1, JONGE_MANTELZORGERS: 1}
WORK = {WERK: 2, VRIJWILLIGERSWERK: 0}
COMPUTER = {DIGICAFE: 2, COMPUTERHULP: 2, DIGISTERKER: 1}

# (kind, query, {service name: grade})
JUDGED: list[tuple[str, str, dict[str, int]]] = [
    ("zin", "ik kan mijn huur niet betalen", {HUURACHTERSTAND: 2, **DEBT, BIJZONDERE_BIJSTAND: 1}),
    ("zin", "mijn moeder wordt vergeetachtig", {ALZHEIMER_CAFE: 2, MANTELZORGSTEUN: 1}),
    ("zin", "iemand om mee te praten", {MAATJES: 2, POH_GGZ: 1, OUDERENADVISEUR: 1}),
    ("zin", "mijn buren maken herrie", {BUURTBEMIDDELING: 2}),
    ("zin", "ik kan mijn rekeningen niet betalen", {**DEBT, BIJZONDERE_BIJSTAND: 1}),
    ("zin", "ik snap de brief van de gemeente niet", {RAADSLIEDEN: 2, FORMULIEREN: 1, IDO: 1}),
    ("zin", "ik voel me zo alleen", LONELY),
    ("zin", "ik wil beter nederlands leren spreken", DUTCH),
    ("zin", "mijn man drinkt te veel", {VERSLAVING: 2}),
    ("zin", "ik heb geen geld voor eten", {VOEDSELPAKKET: 2, BIJZONDERE_BIJSTAND: 1}),
    ("zin", "hoe vraag ik een uitkering aan", {UITKERING: 2}),
    ("zin", "ik zorg voor mijn zieke vader", CARERS),
    ("zin", "mijn zoon wil niet naar school", {OPVOEDSTEUN: 2, HUISWERKKLAS: 1, WIJKTEAM: 1}),
    ("zin", "wij gaan scheiden en hebben kinderen", {SCHEIDEN: 2, OPVOEDSTEUN: 1}),
    ("zin", "mijn partner slaat mij", {HUISELIJK_GEWELD: 2}),
    ("zin", "mijn energierekening is veel te hoog", {ENERGIECOACH: 2, BIJZONDERE_BIJSTAND: 1}),
    ("zin", "ik heb een laptop maar weet niet hoe die werkt", COMPUTER),
    ("zin", "ik zoek vrijwilligerswerk", {VRIJWILLIGERSWERK: 2}),
    ("zin", "ik moet mijn belastingaangifte doen", {**TAX, IDO: 1}),
    ("zin", "ik kan niet zelf naar het ziekenhuis rijden", {VERVOER: 2, REGIOTAXI: 2}),
    ("zin", "mijn kind is heel druk en luistert niet", {OPVOEDSTEUN: 2}),
    ("zin", "welke zorgverzekering past bij mij", {ZORGVERZEKERING: 2}),
    ("zin", "ik voel me somber en slaap slecht", {POH_GGZ: 2}),
    ("zin", "ik krijg steeds aanmaningen", DEBT),
    ("zin", "ik ben opgelicht via whatsapp", {VEILIG_ONLINE: 2}),
    ("zin", "mijn dochter heeft hulp nodig bij haar huiswerk", {HUISWERKKLAS: 2}),
    (
        "zin",
        "ik ben mijn baan kwijt en weet niet hoe ik rond moet komen",
        {
            UITKERING: 2,
            **DEBT,
            WERK: 1,
            BIJZONDERE_BIJSTAND: 1,
        },
    ),
    ("typfout", "schuldhlup", {SCHULDHULP: 2, SCHULDMAATJE: 1}),
    ("typfout", "huurtoeslg", ALLOWANCES),
    ("typfout", "dementei", {ALZHEIMER_CAFE: 2, MANTELZORGSTEUN: 1}),
    ("typfout", "vrijwiligerswerk", {VRIJWILLIGERSWERK: 2}),
    ("typfout", "voedselbnak", {VOEDSELPAKKET: 2}),
    ("typfout", "belastnig aangifte", TAX),
    ("typfout", "mantelzrog", {**CARERS, MANTELZORGWAARDERING: 2}),
    ("typfout", "inburgerin", {INBURGERING: 2, TAALCAFE: 1}),
    ("typfout", "zorgverzekring", {ZORGVERZEKERING: 2}),
    ("typfout", "eenzaamhied", LONELY),
    ("typfout", "buurtbemidelling", {BUURTBEMIDDELING: 2}),
    ("typfout", "consultatiebueau", {CONSULTATIEBUREAU: 2}),
    ("synoniem", "geldzorgen", {**DEBT, BIJZONDERE_BIJSTAND: 1}),
    ("synoniem", "digid kwijt", {IDO: 2, DIGISTERKER: 1, COMPUTERHULP: 1}),
    ("synoniem", "deurwaarder", DEBT),
    ("synoniem", "taalcursus", DUTCH),
    ("synoniem", "vergeetachtig", {ALZHEIMER_CAFE: 2}),
    ("synoniem", "burenruzie", {BUURTBEMIDDELING: 2}),
    ("synoniem", "rollator", {WMO: 2}),
    ("synoniem", "huisbaas", {RECHTSWINKEL: 2, HUURACHTERSTAND: 1}),
    ("synoniem", "cv maken", {WERK: 2}),
    ("synoniem", "psycholoog", {POH_GGZ: 2}),
    ("synoniem", "advocaat", {RECHTSWINKEL: 2, RAADSLIEDEN: 1}),
    ("synoniem", "gokken", {VERSLAVING: 2}),
    ("synoniem", "alimentatie", {SCHEIDEN: 2}),
    ("synoniem", "thuiszorg", {WIJKVERPLEGING: 2, WMO: 1}),
    ("synoniem", "wasmachine kapot", {BIJZONDERE_BIJSTAND: 2}),
    ("synoniem", "blauwe envelop", TAX),
    ("synoniem", "kleren", {KLEDING: 2}),
    ("synoniem", "studieschuld", {STUDIE: 2}),
    ("synoniem", "zwemles voor mijn kind", {LEERGELD: 2}),
    ("wijk", "taalhulp in centrum", {TAALHUIS: 2, TAALCAFE: 2}),
    ("wijk", "computerhulp hoogdonk", {DIGICAFE: 2, IDO: 1}),
    ("wijk", "digid ravenstede", {IDO: 2, DIGICAFE: 1}),
    ("wijk", "activiteiten in wilgenhorst", {HUISKAMER: 2}),
    ("wijk", "bewegen de elzen", {BEWEGEN: 2, BUURTHUIS: 1}),
    ("wijk", "huisarts de elzen", {HUISARTS: 2}),
    ("taal", "help with taxes", TAX),
    ("taal", "i have debts", DEBT),
    ("taal", "learn dutch", DUTCH),
    ("taal", "I feel lonely", LONELY),
    ("taal", "food bank", {VOEDSELPAKKET: 2}),
    ("taal", "domestic violence", {HUISELIJK_GEWELD: 2}),
    ("taal", "looking for work", WORK),
    ("taal", "لدي ديون", DEBT),
    ("taal", "تعلم الهولندية", DUTCH),
    ("taal", "أبحث عن عمل", WORK),
    ("taal", "borçlarım var", DEBT),
    ("taal", "iş arıyorum", WORK),
    ("taal", "hollandaca kursu", DUTCH),
    ("taal", "шукаю роботу", WORK),
    ("taal", "у мене борги", DEBT),
    ("taal", "вивчати нідерландську", DUTCH),
    ("taal", "mam długi", DEBT),
    ("taal", "szukam pracy", WORK),
    ("taal", "lekarz rodzinny", {HUISARTS: 2}),
    ("geen antwoord", "parkeervergunning aanvragen", {}),
    ("geen antwoord", "paspoort verlengen", {}),
    ("geen antwoord", "rijbewijs vernieuwen", {}),
    ("geen antwoord", "hondenbelasting", {}),
    ("geen antwoord", "grofvuil laten ophalen", {}),
    ("geen antwoord", "bouwvergunning voor een dakkapel", {}),
    ("geen antwoord", "visvergunning", {}),
    ("geen antwoord", "waar kan ik trouwen", {}),
    ("geen antwoord", "kapper in de buurt", {}),
    ("geen antwoord", "openingstijden zwembad", {}),
    ("geen antwoord", "tweedehands auto kopen", {}),
    ("geen antwoord", "vakantie naar spanje boeken", {}),
]
