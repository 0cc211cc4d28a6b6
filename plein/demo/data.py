"""Plein's own demo: the fictional municipality of Beekveld and its neighbour Zandhoven.

Everything here is invented: names, addresses, phone numbers (the 099 area code does not exist
in the Netherlands) and e-mail addresses (the .example domain is reserved for examples).
Texts for residents are written in plain Dutch (B1).
"""

from dataclasses import dataclass, field

PASSWORD = "plein-demo"
ALL = "*"  # a service area covering the whole municipality


@dataclass(frozen=True)
class LibraryData:
    key: str
    name: str
    slug: str
    municipality: str
    contact_email: str


@dataclass(frozen=True)
class NeighbourhoodData:
    library: str
    name: str
    kind: str  # wijk, buurt or dorp
    cbs_code: str
    postcodes: tuple[str, ...]
    parent: str | None = None


@dataclass(frozen=True)
class OrganizationData:
    key: str
    name: str
    description: str
    email: str = ""
    website: str = ""
    phone: str = ""
    is_partner: bool = False
    library: str = "beekveld"
    # Where warm referrals go when the partner has no Plein account (not shown to residents).
    referral_email: str = ""
    # Shows a "Bel mij terug" form on the public social map (partners only).
    offers_callback: bool = False


@dataclass(frozen=True)
class LocationData:
    key: str
    organization: str
    name: str
    street: str
    postcode: str
    city: str
    latitude: str
    longitude: str
    description: str = ""
    transportation: str = ""
    accessibility: str = ""
    # (byday, opens_at, closes_at) rows; "MO,TU" means the same hours on both days.
    hours: tuple[tuple[str, str, str], ...] = ()
    library: str = "beekveld"


@dataclass(frozen=True)
class ContactData:
    name: str
    title: str
    email: str = ""
    phone: str = ""
    professionals_only: bool = False


@dataclass(frozen=True)
class ServiceData:
    key: str
    organization: str
    name: str
    description: str
    topics: tuple[str, ...]
    life_domains: tuple[str, ...]
    locations: tuple[str, ...] = ()
    eligibility: str = ""
    application: str = "U kunt zonder afspraak langskomen of bellen."
    fees: str = "Gratis."
    phone: str = ""
    professional_phone: str = ""
    email: str = ""
    url: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    area: tuple[str, ...] = (ALL,)
    assured_days_ago: int | None = 30
    status: str = "active"
    alert: str = ""
    languages: tuple[str, ...] = ("nl",)
    contacts: tuple[ContactData, ...] = ()
    # (byday, opens_at, closes_at, description) rows for the service itself.
    hours: tuple[tuple[str, str, str, str], ...] = ()
    library: str = "beekveld"


@dataclass(frozen=True)
class ConsultationData:
    """A partner's consultation hour in a library branch (service at location + schedule)."""

    service: str
    location: str
    byday: str
    opens_at: str
    closes_at: str
    description: str
    # Where in the branch (RoomData.name), which day-part theme (ThemeData.name), and how.
    room: str = ""
    theme: str = ""
    interval: int = 1
    appointment_info: str = ""
    languages: str = "nl"


@dataclass(frozen=True)
class RoomData:
    branch: str
    name: str
    floor: int
    route: str


@dataclass(frozen=True)
class ThemeData:
    branch: str
    name: str
    weekday: int
    starts_at: str
    ends_at: str
    description: str


@dataclass(frozen=True)
class ChangeData:
    """One date of a consultation hour that differs, in the week the demo loads or the next:
    its first regular date on or after `from_day` days from that week's Monday (None: from
    the day it loads) is cancelled or moved, or an extra time is added `shift_days` after it."""

    service: str
    location: str
    byday: str
    kind: str
    from_day: int | None
    reason: str
    # For a moved or extra date: days after that date, and other times.
    shift_days: int = 0
    opens_at: str = ""
    closes_at: str = ""


@dataclass(frozen=True)
class BranchData:
    library: str
    name: str
    slug: str
    location: str


@dataclass(frozen=True)
class UserData:
    username: str
    role: str
    first_name: str
    last_name: str
    library: str | None = None
    organization: str | None = None
    funded_libraries: tuple[str, ...] = field(default=())


LIBRARIES = [
    LibraryData(
        "beekveld", "Bibliotheek Beekveld", "beekveld", "Beekveld", "kaart@beekveld.example"
    ),
    LibraryData(
        "zandhoven", "Bibliotheek Zandhoven", "zandhoven", "Zandhoven", "info@zandhoven.example"
    ),
]

NEIGHBOURHOODS = [
    NeighbourhoodData("beekveld", "Centrum", "wijk", "WK990100", ("6951",)),
    NeighbourhoodData("beekveld", "Molenkwartier", "wijk", "WK990101", ("6952",)),
    NeighbourhoodData("beekveld", "De Elzen", "wijk", "WK990102", ("6953",)),
    NeighbourhoodData("beekveld", "Elzenhof", "buurt", "BU99010201", ("6953EH",), "De Elzen"),
    NeighbourhoodData("beekveld", "Beekveld-Zuid", "wijk", "WK990103", ("6954", "6955")),
    NeighbourhoodData("beekveld", "Hoogdonk", "dorp", "WK990104", ("6961",)),
    NeighbourhoodData("beekveld", "Ravenstede", "dorp", "WK990105", ("6965",)),
    NeighbourhoodData("beekveld", "Wilgenhorst", "dorp", "WK990106", ("6967",)),
    NeighbourhoodData("zandhoven", "Zandhoven-Dorp", "dorp", "WK990200", ("6971",)),
    NeighbourhoodData("zandhoven", "Heidebroek", "dorp", "WK990201", ("6972",)),
]

ORGANIZATIONS = [
    OrganizationData(
        "bieb",
        "Bibliotheek Beekveld",
        "De bibliotheek in Beekveld, Hoogdonk en Ravenstede. Voor boeken, maar ook voor hulp "
        "met de computer, formulieren en vragen over geld, zorg en wonen.",
        "info@bibliotheek.beekveld.example",
        "https://bibliotheek.beekveld.example",
        "099 200 10 00",
    ),
    OrganizationData(
        "gemeente",
        "Gemeente Beekveld",
        "De gemeente Beekveld helpt inwoners met zorg, inkomen, werk en wonen.",
        "info@gemeente.beekveld.example",
        "https://gemeente.beekveld.example",
        "099 200 20 00",
    ),
    OrganizationData(
        "wijkteam",
        "Sociaal Wijkteam Beekveld",
        "Het wijkteam helpt als u vastloopt: met geld, zorg, opvoeden of uw huis. Eén team "
        "voor alle vragen, dicht bij huis.",
        "wijkteam@beekveld.example",
        "https://wijkteam.beekveld.example",
        "099 200 30 00",
        is_partner=True,
        referral_email="doorverwijzen@wijkteam.example.org",
        offers_callback=True,
    ),
    OrganizationData(
        "welzijn",
        "Stichting Welzijn Beekveld",
        "Welzijn Beekveld brengt mensen samen en helpt ouderen, mantelzorgers en vrijwilligers.",
        "info@welzijn.beekveld.example",
        "https://welzijn.beekveld.example",
        "099 200 40 00",
        is_partner=True,
    ),
    OrganizationData(
        "raadslieden",
        "Sociaal Raadslieden Beekveld",
        "Gratis hulp bij brieven, formulieren, toeslagen en regels van de overheid.",
        "raadslieden@beekveld.example",
        "https://raadslieden.beekveld.example",
        "099 200 50 00",
        is_partner=True,
    ),
    OrganizationData(
        "thuisadmin",
        "Thuisadministratie Beekveld",
        "Vrijwilligers helpen u thuis om uw papieren en geldzaken op orde te krijgen.",
        "thuisadministratie@beekveld.example",
        "",
        "099 200 51 00",
        is_partner=True,
        referral_email="doorverwijzen@thuisadmin.example.org",
    ),
    OrganizationData(
        "schuldmaatje",
        "SchuldMaatje Beekveld",
        "Een getraind maatje helpt u uit de schulden en blijft naast u staan.",
        "maatje@schuld.beekveld.example",
        "https://schuldmaatje.beekveld.example",
        "099 200 52 00",
        is_partner=True,
        referral_email="doorverwijzen@schuldmaatje.example.org",
    ),
    OrganizationData(
        "voedselbank",
        "Voedselbank Beekveld",
        "Gratis boodschappenpakketten voor huishoudens die tijdelijk niet rond kunnen komen.",
        "info@voedselbank.beekveld.example",
        "",
        "099 200 53 00",
    ),
    OrganizationData(
        "kledingbank",
        "Kledingbank Beekveld",
        "Gratis nette kleding voor volwassenen en kinderen met een laag inkomen.",
        "kledingbank@beekveld.example",
    ),
    OrganizationData(
        "rechtshulp",
        "Rechtswinkel Beekveld",
        "Vrijwillige juristen geven gratis advies over huur, werk, schulden en familierecht.",
        "advies@rechtswinkel.beekveld.example",
        "https://rechtswinkel.beekveld.example",
        "099 200 60 00",
        is_partner=True,
        referral_email="doorverwijzen@rechtswinkel.example.org",
    ),
    OrganizationData(
        "werkplein",
        "Werkplein Beekveld",
        "Het Werkplein helpt u aan werk, een opleiding of een uitkering.",
        "werkplein@beekveld.example",
        "https://werkplein.beekveld.example",
        "099 200 70 00",
    ),
    OrganizationData(
        "woonstichting",
        "Woonstichting Beekveld",
        "Woonstichting Beekveld verhuurt betaalbare woningen in de hele gemeente.",
        "verhuur@woonstichting.beekveld.example",
        "https://woonstichting.beekveld.example",
        "099 200 80 00",
        is_partner=True,
        referral_email="doorverwijzen@woonstichting.example.org",
    ),
    OrganizationData(
        "energie",
        "Energiecoaches Beekveld",
        "Vrijwillige energiecoaches helpen u energie en geld te besparen.",
        "coach@energie.beekveld.example",
        "",
        "099 200 81 00",
        is_partner=True,
        referral_email="doorverwijzen@energiecoaches.example.org",
    ),
    OrganizationData(
        "gezondheid",
        "Gezondheidscentrum De Elzen",
        "Huisartsen, praktijkondersteuners en fysiotherapeuten onder één dak.",
        "balie@gezondheidscentrum.beekveld.example",
        "https://gezondheidscentrum.beekveld.example",
        "099 200 90 00",
    ),
    OrganizationData(
        "jgz",
        "Jeugdgezondheid Beekveld",
        "Het consultatiebureau en de jeugdverpleegkundige voor kinderen van 0 tot 18 jaar.",
        "jgz@beekveld.example",
        "https://jgz.beekveld.example",
        "099 201 10 00",
    ),
    OrganizationData(
        "thuiszorg",
        "Thuiszorg Beekveld",
        "Wijkverpleegkundigen en verzorgenden helpen u thuis.",
        "zorg@thuiszorg.beekveld.example",
        "https://thuiszorg.beekveld.example",
        "099 201 20 00",
    ),
    OrganizationData(
        "mantelzorg",
        "Steunpunt Mantelzorg Beekveld",
        "Steun, advies en ontspanning voor iedereen die zorgt voor een naaste.",
        "mantelzorg@beekveld.example",
        "https://mantelzorg.beekveld.example",
        "099 201 30 00",
        is_partner=True,
        referral_email="doorverwijzen@mantelzorg.example.org",
    ),
    OrganizationData(
        "nieuwkomers",
        "Steunpunt Nieuwkomers Beekveld",
        "Hulp voor statushouders en andere nieuwkomers: taal, inburgering en de weg vinden.",
        "nieuwkomers@beekveld.example",
        "",
        "099 201 40 00",
        is_partner=True,
        referral_email="doorverwijzen@nieuwkomers.example.org",
    ),
    OrganizationData(
        "jongerenwerk",
        "Jongerenwerk Beekveld",
        "Jongerenwerkers voor jongeren van 12 tot 23 jaar: een plek om te chillen, te praten "
        "en hulp te vragen.",
        "jongerenwerk@beekveld.example",
        "",
        "099 201 50 00",
    ),
    OrganizationData(
        "leergeld",
        "Stichting Kansrijk Beekveld",
        "Zodat alle kinderen mee kunnen doen: met sport, muziek, school en een fiets.",
        "info@kansrijk.beekveld.example",
        "https://kansrijk.beekveld.example",
        "099 201 60 00",
    ),
    OrganizationData(
        "buurtbemiddeling",
        "Buurtbemiddeling Beekveld",
        "Getrainde vrijwilligers helpen buren om samen een oplossing te vinden.",
        "buurtbemiddeling@beekveld.example",
        "",
        "099 201 70 00",
    ),
    OrganizationData(
        "vervoer",
        "Regiotaxi Beekveld",
        "Vervoer van deur tot deur voor mensen die niet zelf kunnen reizen.",
        "regiotaxi@beekveld.example",
        "https://regiotaxi.beekveld.example",
        "099 201 80 00",
    ),
    OrganizationData(
        "herstelpunt",
        "Herstelpunt Beekveld",
        "Hulp bij problemen met alcohol, drugs, gokken of gamen. U mag anoniem komen.",
        "herstelpunt@beekveld.example",
        "",
        "099 201 90 00",
    ),
    OrganizationData(
        "veiligthuis",
        "Steunpunt Veilig Thuis Beekveld",
        "Advies en hulp bij huiselijk geweld en kindermishandeling. Ook voor omstanders.",
        "advies@veiligthuis.beekveld.example",
        "",
        "099 202 10 00",
    ),
    OrganizationData(
        "vrijwilligers",
        "Vrijwilligerscentrale Beekveld",
        "Vind vrijwilligerswerk dat bij u past, of vrijwilligers voor uw club.",
        "vacatures@vrijwilligers.beekveld.example",
        "https://vrijwilligers.beekveld.example",
        "099 202 20 00",
    ),
    OrganizationData(
        "senioren",
        "Seniorenbond Beekveld",
        "Vereniging voor 55-plussers, met belastinginvullers en ouderenadviseurs.",
        "secretariaat@senioren.beekveld.example",
        "",
        "099 202 30 00",
    ),
    OrganizationData(
        "zandhoven-bieb",
        "Bibliotheek Zandhoven",
        "De bibliotheek van Zandhoven, met het Informatiepunt Digitale Overheid.",
        "info@bibliotheek.zandhoven.example",
        "https://bibliotheek.zandhoven.example",
        "099 300 10 00",
        library="zandhoven",
    ),
    OrganizationData(
        "zandhoven-welzijn",
        "Welzijn Zandhoven",
        "Welzijnswerk voor de dorpen van Zandhoven.",
        "info@welzijn.zandhoven.example",
        "",
        "099 300 20 00",
        is_partner=True,
        library="zandhoven",
        referral_email="doorverwijzen@welzijn-zandhoven.example.org",
    ),
]

WEEKDAYS = "MO,TU,WE,TH,FR"

LOCATIONS = [
    LocationData(
        "bieb-centrum",
        "bieb",
        "Bibliotheek Beekveld Centrum",
        "Marktstraat 12",
        "6951 AC",
        "Beekveld",
        "52.0601000",
        "6.1802000",
        "De grootste vestiging, met het Informatiepunt op de begane grond.",
        "Bushalte Markt ligt voor de deur. Fietsenstalling naast de ingang.",
        "Ingang zonder drempel, lift naar de eerste verdieping en een invalidentoilet.",
        (("MO", "13:00", "18:00"), ("TU,WE,TH,FR", "10:00", "18:00"), ("SA", "10:00", "14:00")),
    ),
    LocationData(
        "bieb-hoogdonk",
        "bieb",
        "Bibliotheek Hoogdonk",
        "Dorpsstraat 3",
        "6961 BK",
        "Hoogdonk",
        "52.0853000",
        "6.2151000",
        "Kleine vestiging in het dorpshuis.",
        "Bus 42 stopt bij halte Dorpsstraat.",
        "Alles op de begane grond.",
        (("TU,TH", "14:00", "17:00"), ("SA", "10:00", "12:00")),
    ),
    LocationData(
        "bieb-ravenstede",
        "bieb",
        "Bibliotheek Ravenstede",
        "Kerkplein 8",
        "6965 AE",
        "Ravenstede",
        "52.0302000",
        "6.1504000",
        "In het dorpscentrum De Raaf, naast de kerk.",
        "Parkeren op het Kerkplein.",
        "Ingang met automatische deur.",
        (("MO,WE,FR", "13:00", "17:00"),),
    ),
    LocationData(
        "gemeentehuis",
        "gemeente",
        "Gemeentehuis Beekveld",
        "Raadhuisplein 1",
        "6951 AA",
        "Beekveld",
        "52.0612000",
        "6.1790000",
        "Balie voor paspoort, rijbewijs, zorg en inkomen.",
        "Bushalte Raadhuisplein. Gratis parkeren achter het gemeentehuis.",
        "Ingang zonder drempel. Ringleiding aan de balie.",
        (("MO,TU,WE,FR", "09:00", "16:00"), ("TH", "09:00", "20:00")),
    ),
    LocationData(
        "schakel",
        "welzijn",
        "Welzijnshuis De Schakel",
        "Molenweg 40",
        "6952 CD",
        "Beekveld",
        "52.0655000",
        "6.1870000",
        "Het huis van Welzijn Beekveld, met een open koffiehoek.",
        "Tien minuten lopen van het station.",
        "Ingang zonder drempel.",
        ((WEEKDAYS, "09:00", "17:00"),),
    ),
    LocationData(
        "buurthuis-elzen",
        "welzijn",
        "Buurthuis De Elzen",
        "Elzenlaan 21",
        "6953 EH",
        "Beekveld",
        "52.0550000",
        "6.1930000",
        "Buurthuis voor de wijk De Elzen.",
        "Bushalte Elzenlaan.",
        "Ingang zonder drempel.",
        (("MO,TU,WE,TH", "09:00", "21:00"),),
    ),
    LocationData(
        "gezondheidscentrum",
        "gezondheid",
        "Gezondheidscentrum De Elzen",
        "Elzenlaan 2",
        "6953 EA",
        "Beekveld",
        "52.0561000",
        "6.1912000",
        "",
        "Bushalte Elzenlaan. Parkeren voor de deur.",
        "Alles gelijkvloers.",
        ((WEEKDAYS, "08:00", "17:00"),),
    ),
    LocationData(
        "werkplein",
        "werkplein",
        "Werkplein Beekveld",
        "Stationsstraat 32",
        "6951 BG",
        "Beekveld",
        "52.0630000",
        "6.1750000",
        "",
        "Naast het station.",
        "",
        (("MO,TU,WE,TH", "09:00", "16:30"),),
    ),
    LocationData(
        "woonstichting",
        "woonstichting",
        "Kantoor Woonstichting Beekveld",
        "Stationsstraat 30",
        "6951 BG",
        "Beekveld",
        "52.0628000",
        "6.1752000",
        "",
        "Naast het station.",
        "",
        (("MO,TU,TH", "09:00", "12:30"),),
    ),
    LocationData(
        "voedselbank",
        "voedselbank",
        "Uitgiftepunt Voedselbank",
        "Industrieweg 14",
        "6954 KT",
        "Beekveld",
        "52.0480000",
        "6.1820000",
        "",
        "",
        "",
        (("FR", "13:00", "16:00"),),
    ),
    LocationData(
        "kledingbank",
        "kledingbank",
        "Kledingbank",
        "Industrieweg 16",
        "6954 KT",
        "Beekveld",
        "52.0481000",
        "6.1824000",
        "",
        "",
        "",
        (("WE", "13:30", "16:30"), ("SA", "10:00", "12:00")),
    ),
    LocationData(
        "loods",
        "jongerenwerk",
        "Jongerencentrum De Loods",
        "Zuiderpark 5",
        "6955 AP",
        "Beekveld",
        "52.0450000",
        "6.1760000",
        "",
        "",
        "",
        (("WE,FR", "14:00", "22:00"), ("SA", "19:00", "23:00")),
    ),
    LocationData(
        "herstelpunt",
        "herstelpunt",
        "Herstelpunt Beekveld",
        "Beekstraat 7",
        "6951 AR",
        "Beekveld",
        "52.0595000",
        "6.1830000",
        "",
        "",
        "",
        (("TU,TH", "10:00", "16:00"),),
    ),
    LocationData(
        "dorpshuis-wilgenhorst",
        "welzijn",
        "Dorpshuis Wilgenhorst",
        "Wilgenweg 1",
        "6967 AA",
        "Wilgenhorst",
        "52.0450000",
        "6.2400000",
        "",
        "",
        "",
        (("TU", "09:30", "12:00"),),
    ),
    LocationData(
        "bieb-zandhoven",
        "zandhoven-bieb",
        "Bibliotheek Zandhoven",
        "Brink 4",
        "6971 AB",
        "Zandhoven",
        "52.1201000",
        "6.3003000",
        "",
        "",
        "Ingang zonder drempel.",
        (("TU,TH", "10:00", "17:00"), ("SA", "10:00", "13:00")),
        library="zandhoven",
    ),
]

BRANCHES = [
    BranchData("beekveld", "Beekveld Centrum", "centrum", "bieb-centrum"),
    BranchData("beekveld", "Hoogdonk", "hoogdonk", "bieb-hoogdonk"),
    BranchData("beekveld", "Ravenstede", "ravenstede", "bieb-ravenstede"),
    BranchData("zandhoven", "Zandhoven", "zandhoven", "bieb-zandhoven"),
]

NEXT_DOOR = "U kunt zonder afspraak langskomen."
BY_APPOINTMENT = "Maak een afspraak per telefoon of e-mail."

SERVICES = [
    # --- the library itself ---
    ServiceData(
        "ido",
        "bieb",
        "Informatiepunt Digitale Overheid",
        "Moet u iets regelen met de overheid via internet? Bijvoorbeeld een DigiD aanvragen, "
        "uw toeslagen bekijken of een brief van de overheid begrijpen? Bij het Informatiepunt "
        "helpen we u op weg. Wij leggen uit wat u moet doen en waar u terecht kunt.",
        (
            "digitaleoverheid",
            "digitaleoverheid.digid",
            "digitaleoverheid.mijnoverheid",
            "geld.toeslagen",
        ),
        ("dagelijksleven", "financien"),
        ("bieb-centrum", "bieb-hoogdonk", "bieb-ravenstede"),
        "Voor iedereen. U hoeft geen lid te zijn van de bibliotheek.",
        NEXT_DOOR + " Neem uw telefoon en uw legitimatie mee.",
        phone="099 200 10 10",
        email="informatiepunt@bibliotheek.beekveld.example",
        assured_days_ago=10,
    ),
    ServiceData(
        "infopunt-zorg",
        "bieb",
        "Informatiepunt Zorg, Wonen en Welzijn",
        "Heeft u een vraag over zorg, geld, wonen of meedoen, en weet u niet waar u moet "
        "beginnen? Kom langs bij het Informatiepunt. Samen zoeken we uit wie u kan helpen. "
        "Als u dat wilt, vragen we een organisatie om u terug te bellen.",
        ("zorg", "geld", "wonen", "meedoen"),
        ("financien", "huisvesting", "sociaalnetwerk", "lichamelijkegezondheid"),
        ("bieb-centrum", "bieb-ravenstede"),
        "Voor iedereen die in Beekveld woont.",
        NEXT_DOOR,
        phone="099 200 10 20",
        assured_days_ago=12,
    ),
    ServiceData(
        "klik-tik",
        "bieb",
        "Cursus Digisterker: werken met de digitale overheid",
        "In vier lessen leert u hoe u DigiD gebruikt, hoe u inlogt bij MijnOverheid en hoe u "
        "veilig zaken regelt met de overheid. U oefent op een laptop of uw eigen tablet.",
        ("digitaleoverheid.digid", "digitaleoverheid.digitalevaardigheden"),
        ("dagelijksleven", "participatie"),
        ("bieb-centrum",),
        "Voor volwassenen die al een beetje met de computer kunnen werken.",
        "Aanmelden bij de balie van de bibliotheek of per e-mail.",
        "Gratis. U hoeft geen lid te zijn.",
        email="cursus@bibliotheek.beekveld.example",
        minimum_age=18,
        assured_days_ago=45,
    ),
    ServiceData(
        "digicafe",
        "bieb",
        "Digicafé: hulp met uw telefoon, tablet of computer",
        "Loopt u vast op uw telefoon of laptop? In het Digicafé helpen vrijwilligers u met "
        "e-mail, apps, foto's, videobellen en veilig internetten. Neem uw eigen apparaat mee.",
        ("digitaleoverheid.digitalevaardigheden", "veiligheid.onlineveiligheid"),
        ("dagelijksleven", "sociaalnetwerk"),
        ("bieb-hoogdonk", "bieb-ravenstede"),
        "Voor iedereen.",
        NEXT_DOOR,
        assured_days_ago=60,
        hours=(("TU", "14:00", "16:00", "Digicafé in Hoogdonk"),),
    ),
    ServiceData(
        "taalhuis",
        "bieb",
        "Taalhuis: beter lezen, schrijven en rekenen",
        "Wilt u beter leren lezen, schrijven of rekenen? Of beter Nederlands spreken? In het "
        "Taalhuis zoeken we samen met u wat bij u past: een taalmaatje, een groep of een "
        "cursus. Niemand hoeft te weten dat u komt.",
        ("taal", "taal.laaggeletterdheid", "taal.nederlandsleren"),
        ("werkopleiding", "participatie", "dagelijksleven"),
        ("bieb-centrum",),
        "Voor volwassenen die moeite hebben met lezen, schrijven of Nederlands.",
        "Kom langs op het inloopspreekuur of bel ons.",
        phone="099 200 10 30",
        minimum_age=16,
        assured_days_ago=20,
        languages=("nl", "en", "ar", "ti"),
        contacts=(
            ContactData(
                "Miriam de Wit", "Coördinator Taalhuis", "taalhuis@bibliotheek.beekveld.example"
            ),
        ),
    ),
    ServiceData(
        "voorleesexpress",
        "bieb",
        "Voorlezen aan huis",
        "Een vrijwilliger komt twintig weken lang elke week voorlezen bij u thuis. Zo krijgen "
        "kinderen plezier in lezen en leren ouders hoe ze zelf kunnen voorlezen.",
        ("taal.laaggeletterdheid", "gezin.opvoeding"),
        ("huiselijkerelaties", "werkopleiding"),
        (),
        "Voor gezinnen met kinderen van 2 tot 8 jaar.",
        "Aanmelden via het Taalhuis, het consultatiebureau of de school.",
        maximum_age=8,
        assured_days_ago=250,
    ),
    # --- municipality ---
    ServiceData(
        "wmo",
        "gemeente",
        "Wmo-loket: hulp om thuis te blijven wonen",
        "Kunt u door ouderdom, ziekte of een beperking niet meer alles zelf? Het Wmo-loket "
        "kijkt met u wat u nodig heeft. Bijvoorbeeld hulp in het huishouden, een "
        "scootmobiel, een aanpassing in huis of dagbesteding.",
        ("zorg", "zorg.wmo", "vervoer.doelgroepenvervoer"),
        ("dagelijksleven", "lichamelijkegezondheid", "huisvesting"),
        ("gemeentehuis",),
        "Voor inwoners van de gemeente Beekveld.",
        "Bel het Wmo-loket. Een consulent maakt een afspraak voor een gesprek bij u thuis.",
        "Het gesprek is gratis. Voor sommige hulp betaalt u een eigen bijdrage.",
        phone="099 200 20 10",
        professional_phone="099 200 20 19",
        email="wmo@gemeente.beekveld.example",
        assured_days_ago=35,
        contacts=(
            ContactData(
                "Team Wmo-consulenten",
                "Doorverwijzen door professionals",
                "wmo-verwijzers@gemeente.beekveld.example",
                "099 200 20 19",
                professionals_only=True,
            ),
        ),
    ),
    ServiceData(
        "bijzondere-bijstand",
        "gemeente",
        "Bijzondere bijstand",
        "Heeft u een laag inkomen en onverwacht hoge kosten? Bijvoorbeeld voor een bril, "
        "een bed of de eigen bijdrage voor rechtshulp? Dan kunt u bijzondere bijstand "
        "aanvragen bij de gemeente.",
        ("geld.inkomensondersteuning",),
        ("financien",),
        ("gemeentehuis",),
        "Voor inwoners met een inkomen tot 120 procent van het sociaal minimum.",
        "Vraag het aan via de website van de gemeente of met een papieren formulier.",
        phone="099 200 20 20",
        url="https://gemeente.beekveld.example/bijzondere-bijstand",
        minimum_age=18,
        assured_days_ago=90,
    ),
    ServiceData(
        "gemeente-digid",
        "gemeente",
        "DigiD aanvragen en herstellen aan de balie",
        "Lukt het niet om DigiD aan te vragen, bent u uw wachtwoord kwijt of werkt de app niet? "
        "Aan de balie van Burgerzaken helpen we u verder, ook met een machtiging voor iemand "
        "die namens u iets regelt.",
        ("digitaleoverheid.digid", "digitaleoverheid.mijnoverheid"),
        ("dagelijksleven",),
        ("gemeentehuis",),
        "Voor inwoners van Beekveld.",
        "Maak een afspraak via de website of bel het algemene nummer.",
        phone="099 200 20 00",
        url="https://gemeente.beekveld.example/digid",
        assured_days_ago=45,
    ),
    ServiceData(
        "kwijtschelding",
        "gemeente",
        "Kwijtschelding van gemeentelijke belastingen",
        "Kunt u de afvalstoffenheffing of rioolheffing niet betalen? Misschien hoeft u "
        "deze belasting niet te betalen. Dat heet kwijtschelding.",
        ("geld.inkomensondersteuning", "geld.belastingaangifte"),
        ("financien",),
        ("gemeentehuis",),
        "Voor inwoners met een laag inkomen en weinig spaargeld.",
        "Vraag kwijtschelding aan binnen drie maanden na de aanslag.",
        phone="099 200 20 30",
        url="https://gemeente.beekveld.example/kwijtschelding",
        assured_days_ago=400,
    ),
    ServiceData(
        "schuldhulp",
        "gemeente",
        "Schuldhulpverlening",
        "Heeft u schulden of kunt u uw rekeningen niet meer betalen? Wacht niet te lang. De "
        "schuldhulpverlener kijkt samen met u naar uw situatie en maakt een plan. Soms "
        "regelen we een betalingsregeling of een schuldregeling.",
        ("geld", "geld.schulden", "geld.budget"),
        ("financien", "geestelijkegezondheid"),
        ("gemeentehuis",),
        "Voor inwoners van 18 jaar en ouder met geldzorgen.",
        "Bel of mail. U krijgt binnen drie werkdagen een eerste gesprek.",
        phone="099 200 20 40",
        professional_phone="099 200 20 49",
        email="schuldhulp@gemeente.beekveld.example",
        minimum_age=18,
        assured_days_ago=14,
        contacts=(
            ContactData(
                "Loes Jansen",
                "Schuldhulpverlener, aanmelden door professionals",
                "l.jansen@gemeente.beekveld.example",
                "099 200 20 49",
                professionals_only=True,
            ),
        ),
    ),
    ServiceData(
        "mantelzorgwaardering",
        "gemeente",
        "Mantelzorgwaardering",
        "Zorgt u voor een naaste? Elk jaar bedankt de gemeente mantelzorgers met een "
        "cadeaubon. U vraagt de waardering aan voor 1 november.",
        ("mantelzorg.waardering",),
        ("sociaalnetwerk",),
        (),
        "Voor mantelzorgers die zorgen voor iemand die in Beekveld woont.",
        "Aanvragen via het Steunpunt Mantelzorg.",
        assured_days_ago=300,
    ),
    # --- wijkteam ---
    ServiceData(
        "wijkteam",
        "wijkteam",
        "Sociaal wijkteam: hulp als u vastloopt",
        "Heeft u zorgen over geld, uw gezondheid, uw kinderen of uw huis? Of loopt alles "
        "tegelijk mis? Het wijkteam luistert en helpt u verder. Samen maken we een plan.",
        ("zorg", "geld", "gezin", "wonen"),
        (
            "financien",
            "huiselijkerelaties",
            "geestelijkegezondheid",
            "huisvesting",
            "dagelijksleven",
        ),
        ("schakel",),
        "Voor alle inwoners van Beekveld.",
        "Bel, mail of kom naar het inloopspreekuur in de bibliotheek.",
        phone="099 200 30 10",
        professional_phone="099 200 30 19",
        email="wijkteam@beekveld.example",
        assured_days_ago=7,
        contacts=(
            ContactData(
                "Ahmed El Amrani",
                "Wijkcoach Centrum en Molenkwartier",
                "a.elamrani@wijkteam.beekveld.example",
                "099 200 30 11",
                professionals_only=True,
            ),
            ContactData(
                "Sanne Bosman",
                "Wijkcoach De Elzen en Beekveld-Zuid",
                "s.bosman@wijkteam.beekveld.example",
                "099 200 30 12",
                professionals_only=True,
            ),
        ),
    ),
    ServiceData(
        "opvoedsteun",
        "wijkteam",
        "Opvoedondersteuning",
        "Vragen over opvoeden zijn heel normaal. Slaapt uw kind slecht, is er veel ruzie of "
        "maakt u zich zorgen? De jeugd- en gezinscoach denkt met u mee, thuis of op school.",
        ("gezin", "gezin.opvoeding"),
        ("huiselijkerelaties", "geestelijkegezondheid"),
        ("schakel",),
        "Voor ouders en verzorgers van kinderen tot 18 jaar.",
        BY_APPOINTMENT,
        phone="099 200 30 20",
        assured_days_ago=50,
    ),
    ServiceData(
        "scheiding",
        "wijkteam",
        "Hulp bij scheiden",
        "Gaat u uit elkaar en heeft u kinderen? Een coach helpt u en uw ex-partner om goede "
        "afspraken te maken, bijvoorbeeld in een ouderschapsplan.",
        ("gezin.scheiding", "juridisch"),
        ("huiselijkerelaties", "financien"),
        ("schakel",),
        "Voor ouders die gaan scheiden of gescheiden zijn.",
        BY_APPOINTMENT,
        phone="099 200 30 30",
        assured_days_ago=200,
    ),
    # --- welzijn ---
    ServiceData(
        "ouderenadvies",
        "welzijn",
        "Ouderenadviseur",
        "Wilt u zo lang mogelijk zelfstandig blijven wonen? De ouderenadviseur komt bij u "
        "thuis en helpt met vragen over wonen, zorg, geld en eenzaamheid.",
        ("zorg", "meedoen.eenzaamheid", "wonen"),
        ("dagelijksleven", "sociaalnetwerk", "huisvesting"),
        ("schakel",),
        "Voor inwoners van 65 jaar en ouder en hun familie.",
        BY_APPOINTMENT,
        phone="099 200 40 10",
        email="ouderenadvies@welzijn.beekveld.example",
        minimum_age=65,
        assured_days_ago=25,
    ),
    ServiceData(
        "maatjes",
        "welzijn",
        "Maatjesproject: samen iets leuks doen",
        "Voelt u zich soms alleen? Een vrijwillig maatje komt regelmatig langs. Samen "
        "drinkt u koffie, maakt u een wandeling of gaat u naar de markt.",
        ("meedoen", "meedoen.eenzaamheid"),
        ("sociaalnetwerk", "tijdsbesteding"),
        ("schakel",),
        "Voor volwassenen die weinig contact hebben met anderen.",
        "Bel of mail. We komen eerst kennismaken.",
        phone="099 200 40 20",
        minimum_age=18,
        assured_days_ago=80,
    ),
    ServiceData(
        "buurthuis",
        "welzijn",
        "Activiteiten in Buurthuis De Elzen",
        "In het buurthuis kunt u elke dag binnenlopen voor een kop koffie. Er zijn "
        "activiteiten zoals samen eten, bewegen voor ouderen, een naaiatelier en een "
        "huiswerkklas.",
        ("meedoen.activiteiten", "meedoen.buurthuis"),
        ("sociaalnetwerk", "tijdsbesteding", "participatie"),
        ("buurthuis-elzen",),
        "Voor iedereen uit de wijk.",
        NEXT_DOOR,
        "Koffie is gratis. Samen eten kost 4 euro.",
        area=("De Elzen", "Beekveld-Zuid"),
        assured_days_ago=15,
    ),
    ServiceData(
        "dorpshuiskamer",
        "welzijn",
        "Huiskamer Wilgenhorst",
        "Elke dinsdagochtend is de huiskamer in het dorpshuis open. Drink een kop koffie, "
        "lees de krant en ontmoet dorpsgenoten.",
        ("meedoen", "meedoen.activiteiten"),
        ("sociaalnetwerk",),
        ("dorpshuis-wilgenhorst",),
        "Voor iedereen uit Wilgenhorst en omgeving.",
        NEXT_DOOR,
        area=("Wilgenhorst",),
        assured_days_ago=None,
    ),
    ServiceData(
        "vervoer-vrijwillig",
        "welzijn",
        "Vrijwillige vervoersdienst",
        "Moet u naar de huisarts, het ziekenhuis of de kapper en kunt u niet zelf rijden? "
        "Een vrijwilliger brengt u met de auto en haalt u weer op.",
        ("vervoer", "vervoer.doelgroepenvervoer"),
        ("dagelijksleven", "lichamelijkegezondheid"),
        (),
        "Voor inwoners die niet zelf kunnen reizen en geen hulp van familie hebben.",
        "Bel minstens twee werkdagen van tevoren.",
        "U betaalt 30 cent per kilometer aan de chauffeur.",
        phone="099 200 40 30",
        area=("Hoogdonk", "Ravenstede", "Wilgenhorst"),
        assured_days_ago=100,
    ),
    # --- raadslieden and money help ---
    ServiceData(
        "raadslieden",
        "raadslieden",
        "Sociaal raadslieden: hulp bij brieven en regels",
        "Krijgt u een brief die u niet begrijpt? Van de Belastingdienst, de gemeente of het "
        "UWV? De sociaal raadsman of -vrouw legt uit wat er staat en helpt u met bezwaar "
        "maken, toeslagen en uitkeringen.",
        ("juridisch", "juridisch.bezwaar", "geld.toeslagen", "digitaleoverheid.formulieren"),
        ("financien", "justitie"),
        ("schakel",),
        "Voor inwoners met een laag of middeninkomen.",
        "Kom naar het inloopspreekuur of maak een afspraak.",
        phone="099 200 50 10",
        professional_phone="099 200 50 19",
        email="raadslieden@beekveld.example",
        assured_days_ago=20,
        contacts=(
            ContactData(
                "Pieter Hendriks",
                "Sociaal raadsman, overleg met professionals",
                "p.hendriks@raadslieden.beekveld.example",
                "099 200 50 19",
                professionals_only=True,
            ),
            ContactData("Secretariaat", "Afspraken", "raadslieden@beekveld.example"),
        ),
    ),
    ServiceData(
        "formulierenhulp",
        "raadslieden",
        "Formulierenhulp",
        "Vrijwilligers helpen u met het invullen van formulieren. Bijvoorbeeld voor "
        "huurtoeslag, zorgtoeslag, een uitkering of een aanvraag bij de gemeente.",
        ("digitaleoverheid.formulieren", "geld.toeslagen"),
        ("financien", "dagelijksleven"),
        ("schakel",),
        "Voor iedereen die hulp nodig heeft met formulieren.",
        NEXT_DOOR + " Neem de brief of het formulier mee, en uw DigiD als u die heeft.",
        phone="099 200 50 20",
        assured_days_ago=40,
    ),
    ServiceData(
        "belastingspreekuur",
        "raadslieden",
        "Belastingspreekuur: hulp bij de aangifte",
        "Vrijwilligers vullen samen met u de belastingaangifte in. Ook helpen ze met het "
        "aanvragen of stopzetten van toeslagen.",
        ("geld.belastingaangifte", "geld.toeslagen"),
        ("financien",),
        (),
        "Voor inwoners met een inkomen tot 35.000 euro per jaar (alleen) of 45.000 euro (samen).",
        "Maak een afspraak. Neem uw DigiD en de brieven van de Belastingdienst mee.",
        phone="099 200 50 30",
        assured_days_ago=230,
    ),
    ServiceData(
        "thuisadministratie",
        "thuisadmin",
        "Thuisadministratie: orde in uw papieren",
        "Ligt er een stapel post die u niet durft te openen? Een vrijwilliger komt een jaar "
        "lang bij u thuis. Samen maakt u een overzicht van uw inkomsten en uitgaven en "
        "ordent u uw papieren.",
        ("geld.budget", "geld"),
        ("financien", "dagelijksleven"),
        (),
        "Voor volwassenen die moeite hebben met hun administratie.",
        "Meld u aan per telefoon. Ook het wijkteam kan u aanmelden.",
        phone="099 200 51 10",
        professional_phone="099 200 51 19",
        assured_days_ago=60,
    ),
    ServiceData(
        "schuldmaatje",
        "schuldmaatje",
        "SchuldMaatje: een maatje bij geldzorgen",
        "Heeft u geldzorgen of schulden? Een getraind maatje helpt u om overzicht te krijgen "
        "en gaat mee naar de schuldhulpverlening. Het maatje oordeelt niet en heeft "
        "geheimhouding.",
        ("geld.schulden", "geld.budget"),
        ("financien", "geestelijkegezondheid"),
        (),
        "Voor iedereen in Beekveld met geldzorgen.",
        "Meld u aan via de website of het inloopspreekuur.",
        url="https://schuldmaatje.beekveld.example/aanmelden",
        assured_days_ago=33,
    ),
    ServiceData(
        "voedselbank",
        "voedselbank",
        "Voedselpakket",
        "Komt u tijdelijk niet rond? Dan kunt u elke week een gratis pakket met eten en "
        "verzorgingsproducten ophalen.",
        ("geld", "geld.inkomensondersteuning"),
        ("financien", "dagelijksleven"),
        ("voedselbank",),
        "Voor huishoudens die na vaste lasten weinig geld overhouden. Een hulpverlener meldt u "
        "aan.",
        "Aanmelden via het wijkteam, de schuldhulpverlening of sociaal raadslieden.",
        phone="099 200 53 10",
        assured_days_ago=21,
        status="temporarily closed",
        alert="Het uitgiftepunt is tot 1 maart gesloten door een verbouwing. Pakketten worden "
        "in die tijd uitgedeeld in Buurthuis De Elzen.",
    ),
    ServiceData(
        "kledingbank",
        "kledingbank",
        "Gratis kleding",
        "Bij de kledingbank kiest u zelf gratis kleding en schoenen voor uzelf en uw kinderen. "
        "Vier keer per jaar mag u komen.",
        ("geld.inkomensondersteuning",),
        ("financien",),
        ("kledingbank",),
        "Voor inwoners met een laag inkomen. Neem een verwijsbrief mee.",
        NEXT_DOOR,
        assured_days_ago=120,
    ),
    ServiceData(
        "leergeld",
        "leergeld",
        "Meedoen voor kinderen: sport, muziek en school",
        "Heeft u weinig geld? Stichting Kansrijk betaalt voor uw kind de sportclub, "
        "muziekles, een schoolreis, een laptop of een fiets.",
        ("geld.inkomensondersteuning", "gezin", "onderwijs.school"),
        ("financien", "participatie"),
        (),
        "Voor kinderen van 4 tot 18 jaar uit gezinnen met een laag inkomen.",
        "Vraag het aan via de website. Een vrijwilliger komt bij u thuis.",
        url="https://kansrijk.beekveld.example/aanvragen",
        minimum_age=4,
        maximum_age=17,
        assured_days_ago=18,
    ),
    # --- legal ---
    ServiceData(
        "rechtswinkel",
        "rechtshulp",
        "Gratis juridisch advies",
        "Heeft u ruzie met uw verhuurder, werkgever of een winkel? Of een probleem met een "
        "boete? Een jurist geeft u gratis advies en vertelt wat u kunt doen.",
        ("juridisch", "juridisch.rechtshulp", "juridisch.consumentenrecht", "wonen.huur"),
        ("justitie", "financien"),
        (),
        "Voor iedereen.",
        "Kom naar het spreekuur in de bibliotheek. U hoeft geen afspraak te maken.",
        phone="099 200 60 10",
        assured_days_ago=70,
    ),
    # --- work ---
    ServiceData(
        "werkzoeken",
        "werkplein",
        "Hulp bij werk zoeken",
        "Zoekt u werk? Een werkcoach helpt u met uw cv, een sollicitatiebrief en het zoeken "
        "naar vacatures. U kunt ook oefenen met een sollicitatiegesprek.",
        ("werk", "werk.werkzoeken"),
        ("werkopleiding",),
        ("werkplein",),
        "Voor inwoners van 18 jaar tot de AOW-leeftijd.",
        BY_APPOINTMENT,
        phone="099 200 70 10",
        minimum_age=18,
        assured_days_ago=28,
    ),
    ServiceData(
        "uitkering",
        "werkplein",
        "Bijstandsuitkering aanvragen",
        "Heeft u geen werk en geen ander inkomen? Dan kunt u misschien een bijstandsuitkering "
        "krijgen. Het Werkplein helpt u met de aanvraag.",
        ("werk.uitkering", "geld.inkomensondersteuning"),
        ("financien", "werkopleiding"),
        ("werkplein",),
        "Voor inwoners van 18 jaar en ouder zonder voldoende inkomen.",
        "Meld u aan via de website. Daarna krijgt u een gesprek.",
        phone="099 200 70 20",
        url="https://werkplein.beekveld.example/bijstand",
        minimum_age=18,
        assured_days_ago=40,
    ),
    ServiceData(
        "vrijwilligerswerk",
        "vrijwilligers",
        "Vrijwilligerswerk vinden",
        "Wilt u iets betekenen voor een ander, nieuwe mensen leren kennen of ervaring opdoen? "
        "De vrijwilligerscentrale zoekt samen met u vrijwilligerswerk dat bij u past.",
        ("werk.vrijwilligerswerk", "meedoen"),
        ("tijdsbesteding", "participatie", "werkopleiding"),
        ("bieb-centrum",),
        "Voor iedereen vanaf 14 jaar.",
        "Kom naar het spreekuur in de bibliotheek of kijk op de website.",
        url="https://vrijwilligers.beekveld.example",
        minimum_age=14,
        assured_days_ago=55,
    ),
    # --- housing and energy ---
    ServiceData(
        "woningzoeken",
        "woonstichting",
        "Inschrijven voor een huurwoning",
        "Zoekt u een huurwoning? Schrijf u in als woningzoekende. Daarna kunt u reageren op "
        "woningen in de hele gemeente. Hoe langer u ingeschreven staat, hoe meer kans u heeft.",
        ("wonen", "wonen.woningzoeken"),
        ("huisvesting",),
        ("woonstichting",),
        "Voor iedereen vanaf 18 jaar.",
        "Inschrijven via de website. Hulp nodig? Kom naar het kantoor.",
        "Inschrijven kost 25 euro per jaar.",
        phone="099 200 80 10",
        url="https://woonstichting.beekveld.example/inschrijven",
        minimum_age=18,
        assured_days_ago=65,
    ),
    ServiceData(
        "huurachterstand",
        "woonstichting",
        "Hulp bij huurachterstand",
        "Kunt u de huur niet op tijd betalen? Neem snel contact op. Samen maken we een "
        "betalingsregeling, zodat u in uw huis kunt blijven wonen.",
        ("wonen.huur", "geld.schulden"),
        ("huisvesting", "financien"),
        ("woonstichting",),
        "Voor huurders van Woonstichting Beekveld.",
        "Bel de afdeling huurincasso.",
        phone="099 200 80 20",
        professional_phone="099 200 80 29",
        assured_days_ago=30,
        contacts=(
            ContactData(
                "Team Vroegsignalering",
                "Voor wijkteam en schuldhulp",
                "vroegsignalering@woonstichting.beekveld.example",
                "099 200 80 29",
                professionals_only=True,
            ),
        ),
    ),
    ServiceData(
        "energiecoach",
        "energie",
        "Energiecoach aan huis",
        "Is uw energierekening hoog? Een energiecoach komt gratis bij u thuis. Hij geeft tips "
        "en brengt kleine dingen mee, zoals radiatorfolie, ledlampen en tochtstrips.",
        ("wonen.energie", "geld"),
        ("huisvesting", "financien"),
        (),
        "Voor alle inwoners, huurders en huiseigenaren.",
        "Meld u aan per telefoon of kom naar het spreekuur in de bibliotheek.",
        phone="099 200 81 10",
        assured_days_ago=12,
    ),
    ServiceData(
        "buurtbemiddeling",
        "buurtbemiddeling",
        "Buurtbemiddeling",
        "Heeft u last van uw buren, door geluid, de tuin of parkeren? Twee bemiddelaars "
        "helpen u en uw buren om weer met elkaar te praten en samen een oplossing te vinden.",
        ("wonen.burenruzie", "veiligheid.buurtveiligheid"),
        ("huisvesting", "sociaalnetwerk"),
        (),
        "Voor alle inwoners van Beekveld.",
        "Bel of mail. Een bemiddelaar belt u terug.",
        phone="099 201 70 10",
        email="buurtbemiddeling@beekveld.example",
        assured_days_ago=210,
    ),
    # --- health and care ---
    ServiceData(
        "huisarts",
        "gezondheid",
        "Huisartsenpraktijk De Elzen",
        "Voor medische klachten gaat u naar de huisarts. Bel 's ochtends voor een afspraak. "
        "Bij spoed kunt u de hele dag bellen.",
        ("zorg.huisarts",),
        ("lichamelijkegezondheid",),
        ("gezondheidscentrum",),
        "Voor patiënten die bij de praktijk zijn ingeschreven.",
        "Bel tussen 8.00 en 10.00 uur voor een afspraak.",
        "Vergoed uit de basisverzekering.",
        phone="099 200 90 10",
        area=("De Elzen", "Beekveld-Zuid", "Centrum"),
        assured_days_ago=150,
    ),
    ServiceData(
        "poh-ggz",
        "gezondheid",
        "Praktijkondersteuner psychische klachten",
        "Voelt u zich somber, gestrest of angstig? De praktijkondersteuner GGZ praat met u en "
        "helpt u verder. U heeft een verwijzing van uw huisarts nodig.",
        ("zorg.geestelijkegezondheid",),
        ("geestelijkegezondheid",),
        ("gezondheidscentrum",),
        "Voor patiënten van de huisartsen in het gezondheidscentrum.",
        "Via uw huisarts.",
        "Vergoed uit de basisverzekering, zonder eigen risico.",
        assured_days_ago=95,
    ),
    ServiceData(
        "consultatiebureau",
        "jgz",
        "Consultatiebureau",
        "Op het consultatiebureau kijken we hoe uw kind groeit en zich ontwikkelt. U kunt al "
        "uw vragen stellen over voeding, slapen en opvoeden. Uw kind krijgt hier ook de "
        "vaccinaties.",
        ("gezin.opvoeding", "zorg"),
        ("lichamelijkegezondheid", "huiselijkerelaties"),
        ("gezondheidscentrum",),
        "Voor kinderen van 0 tot 4 jaar en hun ouders.",
        "U krijgt vanzelf een uitnodiging.",
        phone="099 201 10 10",
        maximum_age=4,
        assured_days_ago=42,
    ),
    ServiceData(
        "wijkverpleging",
        "thuiszorg",
        "Wijkverpleging",
        "Heeft u na een ziekenhuisopname of door ziekte verpleging of verzorging thuis nodig? "
        "De wijkverpleegkundige komt bij u thuis en kijkt welke zorg u nodig heeft.",
        ("zorg", "zorg.zorgverzekering"),
        ("lichamelijkegezondheid", "dagelijksleven"),
        (),
        "Voor iedereen met een zorgvraag thuis. U heeft geen verwijzing nodig.",
        "Bel ons. Wij komen binnen een week op bezoek.",
        "Vergoed uit de basisverzekering, zonder eigen risico.",
        phone="099 201 20 10",
        professional_phone="099 201 20 19",
        assured_days_ago=75,
    ),
    ServiceData(
        "herstelpunt",
        "herstelpunt",
        "Hulp bij verslaving",
        "Drinkt, blowt, gokt of gamet u meer dan u wilt? Of maakt u zich zorgen om iemand "
        "anders? Bij het Herstelpunt kunt u anoniem praten met een ervaringsdeskundige.",
        ("zorg.geestelijkegezondheid",),
        ("middelengebruik", "geestelijkegezondheid"),
        ("herstelpunt",),
        "Voor iedereen vanaf 16 jaar, en voor familie en vrienden.",
        NEXT_DOOR + " U hoeft uw naam niet te noemen.",
        phone="099 201 90 10",
        minimum_age=16,
        assured_days_ago=48,
    ),
    ServiceData(
        "zorgverzekering",
        "raadslieden",
        "Hulp bij het kiezen van een zorgverzekering",
        "Weet u niet welke zorgverzekering bij u past? Of kunt u de premie niet betalen? Een "
        "vrijwilliger zoekt met u uit welke verzekering goed en betaalbaar is.",
        ("zorg.zorgverzekering", "geld"),
        ("financien", "lichamelijkegezondheid"),
        ("schakel",),
        "Voor iedereen, vooral in november en december.",
        BY_APPOINTMENT,
        phone="099 200 50 40",
        assured_days_ago=330,
    ),
    # --- mantelzorg ---
    ServiceData(
        "mantelzorgsteun",
        "mantelzorg",
        "Steun voor mantelzorgers",
        "Zorgt u voor uw partner, ouder, kind of buur? Dat is mooi, maar soms ook zwaar. Het "
        "steunpunt luistert, geeft advies en regelt als het nodig is dat iemand de zorg even "
        "van u overneemt.",
        ("mantelzorg", "mantelzorg.ondersteuning"),
        ("sociaalnetwerk", "geestelijkegezondheid"),
        ("schakel",),
        "Voor mantelzorgers van alle leeftijden.",
        "Bel of mail voor een gesprek.",
        phone="099 201 30 10",
        email="mantelzorg@beekveld.example",
        assured_days_ago=9,
    ),
    ServiceData(
        "jonge-mantelzorgers",
        "mantelzorg",
        "Jonge mantelzorgers",
        "Zorg jij thuis voor je moeder, vader, broer of zus? Bij de club voor jonge "
        "mantelzorgers ontmoet je anderen die hetzelfde meemaken. Eén keer per maand doen we "
        "iets leuks samen.",
        ("mantelzorg.ondersteuning",),
        ("sociaalnetwerk", "tijdsbesteding"),
        (),
        "Voor kinderen en jongeren van 8 tot 24 jaar.",
        "Aanmelden per app of e-mail.",
        email="jongemantelzorgers@beekveld.example",
        minimum_age=8,
        maximum_age=24,
        assured_days_ago=190,
    ),
    # --- language and newcomers ---
    ServiceData(
        "inburgering",
        "nieuwkomers",
        "Steun bij inburgering",
        "Bent u nieuw in Nederland? Een vrijwilliger helpt u met de inburgering, de taal en "
        "het regelen van zaken zoals post, verzekeringen en school.",
        ("taal.inburgering", "taal.nederlandsleren"),
        ("participatie", "dagelijksleven"),
        ("schakel",),
        "Voor statushouders en andere nieuwkomers in Beekveld.",
        "Kom naar het inloopspreekuur.",
        phone="099 201 40 10",
        languages=("nl", "en", "ar", "ti", "uk"),
        assured_days_ago=16,
    ),
    ServiceData(
        "taalcafe",
        "nieuwkomers",
        "Taalcafé: Nederlands oefenen",
        "Wilt u Nederlands oefenen in een gezellige groep? Elke week praten we over een "
        "ander onderwerp. Alle niveaus zijn welkom.",
        ("taal.nederlandsleren",),
        ("participatie", "sociaalnetwerk"),
        ("bieb-centrum",),
        "Voor iedereen die Nederlands wil oefenen.",
        NEXT_DOOR,
        hours=(("WE", "10:00", "11:30", "Taalcafé in de bibliotheek"),),
        assured_days_ago=26,
    ),
    # --- young people ---
    ServiceData(
        "jongerenwerk",
        "jongerenwerk",
        "Jongerencentrum De Loods",
        "In De Loods kun je chillen, gamen, muziek maken en vrienden ontmoeten. De "
        "jongerenwerkers helpen je ook bij vragen over school, werk, geld of thuis.",
        ("meedoen.activiteiten", "onderwijs"),
        ("tijdsbesteding", "sociaalnetwerk"),
        ("loods",),
        "Voor jongeren van 12 tot 23 jaar.",
        "Loop gewoon binnen.",
        phone="099 201 50 10",
        minimum_age=12,
        maximum_age=23,
        assured_days_ago=11,
    ),
    ServiceData(
        "studiekeuze",
        "jongerenwerk",
        "Hulp bij studie en studiefinanciering",
        "Weet je niet welke opleiding je wilt doen, of hoe je studiefinanciering aanvraagt? "
        "De jongerenwerker zoekt het samen met je uit.",
        ("onderwijs.studiefinanciering", "onderwijs.volwassenenonderwijs"),
        ("werkopleiding", "financien"),
        ("loods",),
        "Voor jongeren van 16 tot 27 jaar.",
        "Stuur een appje of loop binnen.",
        minimum_age=16,
        maximum_age=27,
        assured_days_ago=140,
    ),
    # --- safety ---
    ServiceData(
        "veiligthuis",
        "veiligthuis",
        "Advies bij huiselijk geweld",
        "Is er thuis geweld, of maakt u zich zorgen over iemand? Bel voor advies. U mag "
        "anoniem bellen. Bij direct gevaar belt u 112.",
        ("veiligheid", "veiligheid.huiselijkgeweld"),
        ("huiselijkerelaties", "justitie"),
        (),
        "Voor slachtoffers, plegers, familie, buren en professionals.",
        "Bel dag en nacht.",
        phone="099 202 10 10",
        professional_phone="099 202 10 19",
        assured_days_ago=5,
        hours=(("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59", "Dag en nacht bereikbaar"),),
    ),
    ServiceData(
        "veilig-online",
        "bieb",
        "Spreekuur Veilig Online",
        "Twijfelt u of een e-mail of sms echt is? Bent u opgelicht via internet? Kom langs. "
        "We kijken samen naar het bericht en leggen uit hoe u zich beschermt.",
        ("veiligheid.onlineveiligheid", "digitaleoverheid.digitalevaardigheden"),
        ("dagelijksleven", "financien"),
        ("bieb-centrum",),
        "Voor iedereen.",
        NEXT_DOOR,
        assured_days_ago=37,
    ),
    # --- transport ---
    ServiceData(
        "regiotaxi",
        "vervoer",
        "Regiotaxi",
        "Kunt u niet met de bus reizen? Met een Wmo-pas rijdt de regiotaxi u van deur tot "
        "deur in de gemeente en de buurgemeenten.",
        ("vervoer", "vervoer.doelgroepenvervoer"),
        ("dagelijksleven", "participatie"),
        (),
        "Voor inwoners met een Wmo-vervoerspas.",
        "Bestel een rit minstens een uur van tevoren.",
        "U betaalt een vast bedrag per kilometer.",
        phone="099 201 80 10",
        assured_days_ago=85,
    ),
    ServiceData(
        "parkeerkaart",
        "gemeente",
        "Gehandicaptenparkeerkaart aanvragen",
        "Kunt u door een ziekte of beperking niet ver lopen? Dan kunt u een "
        "gehandicaptenparkeerkaart aanvragen bij de gemeente.",
        ("vervoer.parkeren",),
        ("lichamelijkegezondheid", "participatie"),
        ("gemeentehuis",),
        "Voor inwoners die minder dan 100 meter kunnen lopen.",
        "Vraag het aan via de website. Een arts beoordeelt uw aanvraag.",
        "De kaart kost 75 euro.",
        url="https://gemeente.beekveld.example/parkeerkaart",
        assured_days_ago=110,
    ),
    # --- seniors ---
    ServiceData(
        "belastinginvullers",
        "senioren",
        "Belastinginvullers voor ouderen",
        "Een vrijwilliger van de Seniorenbond vult bij u thuis uw belastingaangifte in. Ook "
        "kijkt hij of u recht heeft op huurtoeslag of zorgtoeslag.",
        ("geld.belastingaangifte", "geld.toeslagen"),
        ("financien",),
        (),
        "Voor 65-plussers met een inkomen tot 40.000 euro per jaar.",
        "Bel het secretariaat in februari of maart.",
        "Gratis voor leden. Niet-leden betalen 15 euro.",
        phone="099 202 30 10",
        minimum_age=65,
        assured_days_ago=260,
    ),
    ServiceData(
        "bewegen-ouderen",
        "senioren",
        "Bewegen voor ouderen",
        "Elke donderdagochtend bewegen we op muziek in Buurthuis De Elzen. Rustig en "
        "gezellig, ook als u niet zo goed ter been bent.",
        ("meedoen.activiteiten", "zorg"),
        ("lichamelijkegezondheid", "sociaalnetwerk"),
        ("buurthuis-elzen",),
        "Voor 55-plussers.",
        NEXT_DOOR,
        "2 euro per keer.",
        minimum_age=55,
        hours=(("TH", "10:00", "11:00", "Bewegen op muziek"),),
        assured_days_ago=58,
    ),
    # --- more help close by ---
    ServiceData(
        "budgetcursus",
        "schuldmaatje",
        "Cursus Rondkomen met je inkomen",
        "In drie avonden leert u hoe u overzicht houdt in uw geld. U maakt een eigen "
        "weekbudget en krijgt tips om te besparen op vaste lasten.",
        ("geld.budget", "geld"),
        ("financien",),
        ("bieb-centrum",),
        "Voor iedereen die beter wil leren rondkomen.",
        "Aanmelden per e-mail of bij de balie van de bibliotheek.",
        email="cursus@schuld.beekveld.example",
        minimum_age=18,
        assured_days_ago=44,
    ),
    ServiceData(
        "dementiecafe",
        "mantelzorg",
        "Alzheimer Café Beekveld",
        "Eén keer per maand praten mensen met dementie, hun familie en vrienden met elkaar "
        "en met een deskundige. Er is elke keer een ander onderwerp.",
        ("mantelzorg.ondersteuning", "zorg.geestelijkegezondheid"),
        ("geestelijkegezondheid", "sociaalnetwerk"),
        ("buurthuis-elzen",),
        "Voor mensen met dementie en iedereen om hen heen.",
        NEXT_DOOR,
        hours=(("3TU", "19:30", "21:30", "Elke derde dinsdag van de maand"),),
        assured_days_ago=66,
    ),
    ServiceData(
        "huiswerkklas",
        "jongerenwerk",
        "Huiswerkklas",
        "Lukt het niet om thuis je huiswerk te maken? In de huiswerkklas helpen vrijwilligers "
        "je met plannen, leren en maken. Er is ook een rustige plek en een laptop.",
        ("onderwijs", "onderwijs.school"),
        ("werkopleiding",),
        ("buurthuis-elzen",),
        "Voor leerlingen van groep 7 tot en met de derde klas.",
        "Vraag je mentor of meld je aan bij de jongerenwerker.",
        minimum_age=10,
        maximum_age=15,
        hours=(("MO,WE", "15:30", "17:30", "Huiswerkklas"),),
        assured_days_ago=31,
    ),
    ServiceData(
        "computerhulp-thuis",
        "senioren",
        "Computerhulp aan huis",
        "Een vrijwilliger komt bij u thuis om te helpen met uw computer, tablet of telefoon. "
        "Bijvoorbeeld met de DigiD-app, internetbankieren of videobellen met de kleinkinderen.",
        ("digitaleoverheid.digitalevaardigheden", "digitaleoverheid.digid"),
        ("dagelijksleven", "sociaalnetwerk"),
        (),
        "Voor 55-plussers die niet naar het Digicafé kunnen komen.",
        "Bel het secretariaat.",
        "5 euro per bezoek.",
        phone="099 202 30 20",
        minimum_age=55,
        area=("Hoogdonk", "Ravenstede", "Wilgenhorst"),
        assured_days_ago=220,
    ),
    # --- Zandhoven: the second library's own social map ---
    ServiceData(
        "zandhoven-ido",
        "zandhoven-bieb",
        "Informatiepunt Digitale Overheid Zandhoven",
        "Hulp bij DigiD, toeslagen en andere zaken met de overheid, in de bibliotheek van "
        "Zandhoven.",
        ("digitaleoverheid", "digitaleoverheid.digid"),
        ("dagelijksleven",),
        ("bieb-zandhoven",),
        "Voor iedereen.",
        NEXT_DOOR,
        phone="099 300 10 10",
        assured_days_ago=20,
        library="zandhoven",
    ),
    ServiceData(
        "zandhoven-ouderen",
        "zandhoven-welzijn",
        "Ouderenwerk Zandhoven",
        "De ouderenwerker helpt 65-plussers in Zandhoven en Heidebroek met vragen over wonen, "
        "zorg en ontmoeting.",
        ("zorg", "meedoen.eenzaamheid"),
        ("sociaalnetwerk", "dagelijksleven"),
        ("bieb-zandhoven",),
        "Voor 65-plussers in Zandhoven.",
        BY_APPOINTMENT,
        phone="099 300 20 10",
        minimum_age=65,
        assured_days_ago=300,
        library="zandhoven",
    ),
    ServiceData(
        "zandhoven-schulden",
        "zandhoven-welzijn",
        "Geldzaken op orde Zandhoven",
        "Vrijwilligers helpen u met uw geldzaken en schulden.",
        ("geld.schulden", "geld.budget"),
        ("financien",),
        ("bieb-zandhoven",),
        "Voor inwoners van Zandhoven.",
        BY_APPOINTMENT,
        phone="099 300 20 20",
        assured_days_ago=40,
        library="zandhoven",
    ),
]

CONSULTATIONS = [
    ConsultationData(
        "raadslieden",
        "bieb-centrum",
        "WE",
        "14:00",
        "16:00",
        "Inloopspreekuur sociaal raadslieden in de bibliotheek. Zonder afspraak.",
        room="Spreekkamer 1",
        theme="Geld & administratie",
        languages="nl,ar,tr",
    ),
    ConsultationData(
        "formulierenhulp",
        "bieb-ravenstede",
        "MO",
        "13:30",
        "15:30",
        "Formulierenhulp in de bibliotheek van Ravenstede.",
        room="Studieruimte",
        theme="Digitaal & formulieren",
    ),
    ConsultationData(
        "belastingspreekuur",
        "bieb-centrum",
        "TU",
        "10:00",
        "12:00",
        "Belastingspreekuur, alleen op afspraak.",
        room="Spreekkamer 2",
        interval=2,
        appointment_info="Maak een afspraak aan de balie of bel 0570 12 34 56.",
    ),
    ConsultationData(
        "schuldmaatje",
        "bieb-hoogdonk",
        "TH",
        "14:00",
        "16:00",
        "Inloop SchuldMaatje in de bibliotheek van Hoogdonk.",
        room="Spreekhoek",
    ),
    ConsultationData(
        "wijkteam",
        "bieb-ravenstede",
        "WE",
        "13:00",
        "15:00",
        "Inloopspreekuur van het wijkteam in Ravenstede.",
        room="Studieruimte",
        languages="nl,en,pl",
    ),
    ConsultationData(
        "wijkteam",
        "bieb-centrum",
        "FR",
        "10:00",
        "12:00",
        "Inloopspreekuur van het wijkteam in de bibliotheek.",
        room="Leesplein",
    ),
    ConsultationData(
        "energiecoach",
        "bieb-centrum",
        "FR",
        "13:00",
        "15:00",
        "Spreekuur energiecoach. Neem uw jaarafrekening mee.",
        room="Spreekkamer 1",
        theme="Geld & administratie",
    ),
    ConsultationData(
        "rechtswinkel",
        "bieb-centrum",
        "1MO",
        "19:00",
        "20:30",
        "Juridisch spreekuur, elke eerste maandag van de maand.",
        room="Spreekkamer 2",
        appointment_info="Aanmelden via de website van de rechtswinkel of aan de balie.",
    ),
    ConsultationData(
        "vrijwilligerswerk",
        "bieb-centrum",
        "TH",
        "10:00",
        "12:00",
        "Spreekuur van de vrijwilligerscentrale.",
        room="Leesplein",
    ),
    ConsultationData(
        "inburgering",
        "bieb-centrum",
        "TU",
        "13:30",
        "15:30",
        "Inloop voor nieuwkomers in de bibliotheek.",
        room="Spreekkamer 1",
        theme="Werk & inkomen",
        languages="nl,ar,ti,uk",
    ),
    ConsultationData(
        "zandhoven-schulden",
        "bieb-zandhoven",
        "TH",
        "10:00",
        "12:00",
        "Spreekuur geldzaken in de bibliotheek van Zandhoven.",
        room="Spreekkamer",
    ),
]

ROOMS = [
    RoomData("centrum", "Spreekkamer 1", 0, "achter de informatiebalie"),
    RoomData("centrum", "Spreekkamer 2", 1, "naast de leestafel"),
    RoomData("centrum", "Leesplein", 0, "bij de ingang rechts"),
    RoomData("hoogdonk", "Spreekhoek", 0, "naast de krantenhoek"),
    RoomData("ravenstede", "Studieruimte", 1, "boven aan de trap links"),
    RoomData("zandhoven", "Spreekkamer", 0, "naast de balie"),
]

THEMES = [
    ThemeData(
        "centrum",
        "Werk & inkomen",
        1,
        "13:00",
        "17:00",
        "Werk zoeken, inburgering en uitkeringen: partners en het vrijwilligersjobpunt zijn er.",
    ),
    ThemeData(
        "centrum",
        "Geld & administratie",
        2,
        "13:00",
        "17:00",
        "Post, toeslagen, schulden en energie: sociaal raadslieden en de energiecoach helpen.",
    ),
    ThemeData(
        "ravenstede",
        "Digitaal & formulieren",
        0,
        "13:00",
        "17:00",
        "Hulp met DigiD, formulieren en de computer.",
    ),
]

# A realistic week: one hour cancelled this week, one moved next week and one extra time.
CONSULTATION_CHANGES = [
    ChangeData("raadslieden", "bieb-centrum", "WE", "cancelled", None, "Vervalt wegens ziekte."),
    ChangeData(
        "formulierenhulp",
        "bieb-ravenstede",
        "MO",
        "moved",
        7,
        "Deze keer op dinsdag.",
        shift_days=1,
    ),
    ChangeData(
        "energiecoach",
        "bieb-centrum",
        "FR",
        "extra",
        0,
        "Extra spreekuur over de energietoeslag.",
        shift_days=4,
        opens_at="10:00",
        closes_at="12:00",
    ),
]

USERS = [
    UserData("balie", "desk", "Bo", "de Balie", library="beekveld"),
    UserData("coordinator", "coordinator", "Carla", "Coördinator", library="beekveld"),
    UserData("partner", "partner", "Pim", "Partner", organization="welzijn"),
    UserData(
        "partner-raadslieden", "partner", "Rachida", "Raadslieden", organization="raadslieden"
    ),
    UserData("financier", "funder", "Frank", "Financier", funded_libraries=("beekveld",)),
    UserData("beheerder", "administrator", "Bea", "Beheerder"),
    UserData("balie-zandhoven", "desk", "Zoë", "Zandhoven", library="zandhoven"),
]
