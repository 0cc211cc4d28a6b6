"""A guard against personal data in short free texts (registration notes, referral summaries).

Two levels:
- **hard** findings, refused: personal_data_problems(text) returns a Dutch reason per kind found
  (e-mail, phone, BSN, IBAN, address, date of birth, licence plate); empty means none.
- **soft** findings, confirmed by the desk: likely_names(text) returns the words that look like a
  person's name ("mevrouw Jansen", "dhr. P. Bakker", "Fatima el Amrani"). The desk removes them or
  confirms "toch opslaan"; callers count the confirmation, never the text.

What counts (chosen to catch what identifies a person without alarming on ordinary notes):
- E-mail: an address, also written around the "@" ("jan @ gmail.com", "jan[at]gmail punt com",
  "apenstaartje").
- Phone: a Dutch number of 10 digits starting with 0 (or +31 / 0031 and 9 digits), digits
  grouped with spaces, dots or any dash (06 – 12345678), and a number abroad (+32 470 12 34 56).
  Short service numbers (0800-1234, 14 038) and the social map's own numbers are an
  organisation's, not a person's, and pass.
- BSN: 9 digits (or 8, read with a leading zero), grouped with dots, spaces or dashes, that pass
  the 11-check; unless the number is named as a form, file or customer number ("formulier nr
  111222333") and the text does not say BSN.
- IBAN: a country code, two check digits and the account, passing the mod-97 check.
- Address: a postcode followed by a house number ("1234 AB 12", "1234 AB huisnummer 12"), or a
  street name with a common street suffix followed by a number ("Kerkstraat 3", "Kerkstraat
  nummer 7"). A postcode alone passes (a postcode covers about twenty addresses). A public
  building's address is no personal data: one given by the caller (the social map's own
  addresses), or one named beside a public building ("Dorpsplein 1 is de bibliotheek") in a text
  that does not speak of someone living there.
- Date of birth: a full date (12-03-1956, 12 maart 1956, 12 maart '54) at least
  BIRTH_DATE_MIN_YEARS before today, or a date or year right after "geboren", "geb." or
  "geboortedatum". A date named as a document's ("brief van 1 maart 1990", "beschikking d.d."),
  recent dates, times and a year on its own pass.
- Licence plate: the Dutch side codes written with dashes (AB-12-CD, 12-ABC-3).
- Likely name (soft): a title (mevrouw, mw., meneer, dhr., de heer, familie) or initials before a
  capitalised word; or a common first name followed by a common surname, or by a surname prefix
  (van, de, el, ...) and a capitalised word. The lists are plein/core/data/names.txt.
"""

import datetime
import functools
import re
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EMAIL_FOUND = _("een e-mailadres")
PHONE_FOUND = _("een telefoonnummer")
BSN_FOUND = _("een burgerservicenummer (BSN)")
IBAN_FOUND = _("een rekeningnummer (IBAN)")
ADDRESS_FOUND = _("een adres (postcode met huisnummer of straat met huisnummer)")
BIRTH_DATE_FOUND = _("een geboortedatum")
PLATE_FOUND = _("een kenteken")
PERSONAL_DATA = _("Deze tekst lijkt persoonsgegevens te bevatten: %(problems)s. Laat die weg.")

NAMES_FILE = Path(__file__).resolve().parent / "data" / "names.txt"
# A date this many years ago or earlier reads as a date of birth rather than of a letter.
BIRTH_DATE_MIN_YEARS = 10

DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen, the Unicode dashes, minus
SEP = rf"(?:\s?[{DASH}.]\s?|\s)"  # one separator between groups of digits

# --- e-mail ----------------------------------------------------------------------------------
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
AT_WORDS = r"\s*(?:@|[\[({<]\s*(?:at|@|apenstaartje)\s*[\])}>])\s*|\s+(?:at|apenstaartje)\s+"
DOT_WORDS = r"\s*(?:\.|[\[({<]\s*(?:dot|punt)\s*[\])}>])\s*|\s+(?:dot|punt)\s+"
OBFUSCATED_EMAIL = re.compile(
    rf"[\w.+-]+(?:{AT_WORDS})[\w-]+(?:(?:{DOT_WORDS})[\w-]+)*(?:{DOT_WORDS})[a-z]{{2,6}}\b",
    re.IGNORECASE,
)

# --- numbers ---------------------------------------------------------------------------------
PHONE = re.compile(rf"(?<![\w+])(?:\+31|0031|0){SEP}?(?:\(0\){SEP}?)?[1-9](?:{SEP}?\d){{8}}(?!\d)")
# A number abroad (family, a previous country): +32 470 12 34 56, 0049 151 2345678.
FOREIGN_PHONE = re.compile(rf"(?<![\w+])(?:\+|00)(?!31)[1-9]\d{{0,2}}(?:{SEP}?\d){{7,12}}(?!\d)")
BSN = re.compile(rf"(?<!\d)(?<!\d[ .{DASH}])\d(?:{SEP}?\d){{7,8}}(?!\d)(?![ .{DASH}]\d)")
BSN_WORD = re.compile(r"\b(?:bsn|burgerservicenummer|sofi)", re.IGNORECASE)
# A number named as one of these is a document's or an account's, not a person's BSN.
OTHER_NUMBER_WORD = re.compile(
    r"\b(?:formulier|dossier|zaak|kenmerk|referentie|ref|factuur|klant|aanvraag|polis|"
    r"contract|relatie|order|registratie|artikel|pakket|zending|track|vergunning|"
    r"debiteur|verzekerden|pas|kaart)\w*\W{0,3}(?:n[ro]\.?|nummer)?\W{0,3}$",
    re.IGNORECASE,
)
# Written in groups of four or as one word; the check decides (the length differs per country).
IBAN = re.compile(
    r"\b[A-Z]{2}\s?\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b", re.IGNORECASE
)
IBAN_MIN_LENGTH = 15

# --- addresses -------------------------------------------------------------------------------
HOUSE_NUMBER_WORD = r"(?:huisnummer|huisnr\.?|nummer|nr\.?|no\.?)\s*"
# Letters in capitals (with or without a space) or in lower case right after the digits, so
# that "2024 en 12" is no postcode with a number.
POSTCODE = r"\b[1-9]\d{3}(?-i: ?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})(?![A-Za-z])"
POSTCODE_WITH_NUMBER = re.compile(
    POSTCODE + rf",? *(?:{HOUSE_NUMBER_WORD})?\d{{1,5}} ?[a-zA-Z]?\b"
    # or the number first: "huisnummer 45, postcode 3011 AB"
    rf"|\b{HOUSE_NUMBER_WORD}\d{{1,5}} ?[a-zA-Z]?\W{{1,5}}(?:postcode\W{{1,3}})?" + POSTCODE,
    re.IGNORECASE,
)
STREET_SUFFIXES = (
    "straat|laan|weg|plein|singel|gracht|kade|dijk|steeg|dreef|plantsoen|hof|allee|"
    "boulevard|straatweg|erf|hoven|akker|wijk"
)
STREET_WITH_NUMBER = re.compile(
    rf"\b([A-Za-zÀ-ÿ]{{2,}}(?:{STREET_SUFFIXES}))\.?,? +(?:{HOUSE_NUMBER_WORD})?(\d{{1,5}})"
    r" ?[a-zA-Z]?\b",
    re.IGNORECASE,
)
PUBLIC_BUILDING = re.compile(
    r"\b(?:bibliotheek|bieb|gemeentehuis|stadhuis|stadskantoor|wijkcentrum|buurthuis|"
    r"buurtcentrum|dorpshuis|school|kerk|moskee|station|ziekenhuis|huisartsenpost|"
    r"gezondheidscentrum|apotheek|zwembad|sporthal|politiebureau|museum|theater|"
    r"servicepunt|informatiepunt|inloop|loket|kantoor|vestiging|winkelcentrum|markt)\w*",
    re.IGNORECASE,
)
LIVING_WORD = re.compile(
    r"\b(?:woon|woont|wonen|woonde|woonachtig|adres|huisnummer|verhuisd|verhuist|thuis|bewoner|"
    r"huurder|huurhuis|huurwoning|kamer|flat|appartement|bij (?:hem|haar) (?:thuis)?)\b",
    re.IGNORECASE,
)

# --- dates -----------------------------------------------------------------------------------
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
NUMERIC_DATE = re.compile(
    rf"(?<![\d:])(\d{{1,2}})([{DASH}/.])(\d{{1,2}})\2(\d{{4}}|['\u2018\u2019`]?\d{{2}})(?![\d:])"
)
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
TEXT_DATE = re.compile(
    r"\b(\d{1,2})(?:e|ste|de)? +(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
    r",? +(\d{4}|['\u2018\u2019`]\d{2})(?!\d)",
    re.IGNORECASE,
)
# "geboren op 12 maart", "geb. 1956", "geboortedatum: 1-3-56": a number soon after the word.
BORN = re.compile(
    r"\b(?:geboren|geb\.|geboortedatum|geboortejaar|geb(?:oorte)?\s?dat(?:um)?)[^.\n\d]{0,20}\d",
    re.IGNORECASE,
)
# "brief van 1 maart 1990": a date named as a document's, a decision's or a period's start.
DOCUMENT_DATE_BEFORE = re.compile(
    r"\b(?:brief|beschikking|besluit|aanslag|factuur|nota|rekening|herinnering|aanmaning|"
    r"contract|huurcontract|overeenkomst|polis|formulier|aanvraag|uitspraak|vonnis|bericht|"
    r"mail|email|e-mail|d\.d\.|dd|gedateerd|sinds|vanaf|per|tot|ingangsdatum|datum)"
    r"\W{0,3}(?:van|op|d\.d\.|dd|de|het)?\W{0,3}$",
    re.IGNORECASE,
)

# --- plates ----------------------------------------------------------------------------------
L, D, S = "[A-Za-z]", r"\d", f"[{DASH}]"
PLATE_CODES = [
    # Side codes 1-6: three pairs, letters and digits mixed; 7-14: 2-3-1, 1-3-2, 3-2-1, 1-2-3.
    f"{L}{{2}}{S}{D}{{2}}{S}{D}{{2}}",
    f"{D}{{2}}{S}{D}{{2}}{S}{L}{{2}}",
    f"{D}{{2}}{S}{L}{{2}}{S}{D}{{2}}",
    f"{L}{{2}}{S}{D}{{2}}{S}{L}{{2}}",
    f"{L}{{2}}{S}{L}{{2}}{S}{D}{{2}}",
    f"{D}{{2}}{S}{L}{{2}}{S}{L}{{2}}",
    f"{D}{{2}}{S}{L}{{3}}{S}{D}",
    f"{D}{S}{L}{{3}}{S}{D}{{2}}",
    f"{L}{{2}}{S}{D}{{3}}{S}{L}",
    f"{L}{S}{D}{{3}}{S}{L}{{2}}",
    f"{L}{{3}}{S}{D}{{2}}{S}{L}",
    f"{L}{S}{D}{{2}}{S}{L}{{3}}",
    f"{D}{S}{L}{{2}}{S}{D}{{3}}",
    f"{D}{{3}}{S}{L}{{2}}{S}{D}",
]
PLATE = re.compile(r"(?<![\w-])(?:" + "|".join(PLATE_CODES) + r")(?![\w-])")
VOWELS = set("AEIOUaeiou")

# --- names (soft) ----------------------------------------------------------------------------
_LOWER = "a-zà-ÿçğışłńóśźż'"
# A capitalised word, double-barrelled too: "Jansen", "Boer-Jansen", "Yildiz-Kaya", "El-Amrani".
CAPITALISED = rf"[A-ZÀ-ÝŁŚŻ][{_LOWER}]+(?:-[A-ZÀ-ÝŁŚŻa-z][{_LOWER}]*)*"
PREFIXES = r"(?:van|de|der|den|ter|ten|te|het|'t|in|op|la|le|el|al|ben|bin|da|di|du|von|zu)"
INITIALS = r"(?:[A-Z]\.\s?){1,4}"
# The title in any case, the name capitalised: "Mevrouw vroeg ..." is no name.
TITLE = re.compile(
    r"\b(?i:mevrouw|mevr\.?|mw\.?|meneer|mijnheer|mnr\.?|dhr\.?|de\s+heer|hr\.|juffrouw|juf|"
    r"familie|fam\.?)\s+"
    rf"((?:{INITIALS})?(?:(?i:{PREFIXES})\s+)*{CAPITALISED})"
)
# "naam: Hendriks", "heet Fatima", "mijn naam is Sanne": a capitalised word named as a name.
NAMED = re.compile(
    r"\b(?i:naam|achternaam|voornaam|heet|heten|genaamd)\b\W{0,3}(?i:is\s+)?"
    rf"((?:{INITIALS})?(?:(?i:{PREFIXES})\s+)*{CAPITALISED})"
)
INITIALS_NAME = re.compile(rf"(?<![\w.])({INITIALS}((?:{PREFIXES}\s+)*)({CAPITALISED}))")
# A lookahead, so that every capitalised word is tried as a first name ("Vandaag Fatima el ...").
FIRST_AND_LAST = re.compile(rf"(?=\b({CAPITALISED})\s+((?:{PREFIXES}\s+)*)({CAPITALISED}))")
# Capitalised after a title, these are words, not names ("mevrouw Gemeente" does not occur,
# "de heer De Vries" does; "familie Hulp" not).
NOT_A_NAME = frozenset(
    (
        *("gemeente", "bibliotheek", "hulp", "zorg", "vraag", "vragen", "balie", "wmo"),
        *("digid", "toeslag", "belastingdienst", "uwv", "svb", "cak", "ggd", "ggz"),
        *("huisarts", "wijkteam"),
    )
)


@functools.cache
def _names() -> tuple[frozenset[str], frozenset[str]]:
    """The common first names and surnames, lower case."""
    first: set[str] = set()
    last: set[str] = set()
    target = first
    for line in NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if line == "[first]":
            target = first
        elif line == "[last]":
            target = last
        elif line and not line.startswith("#"):
            target.add(line.lower())
    return frozenset(first), frozenset(last)


def _blank(pattern: re.Pattern, text: str) -> str:
    """Replace matches by spaces so later checks don't read them again as other numbers."""
    return pattern.sub(lambda match: " " * len(match.group()), text)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


# --- numbers ---------------------------------------------------------------------------------


def bsn_is_valid(digits: str) -> bool:
    """The 11-check ("elfproef") of a 9-digit burgerservicenummer."""
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:8], range(9, 1, -1), strict=True)
    )
    return (total - int(digits[8])) % 11 == 0


def iban_is_valid(iban: str) -> bool:
    """The ISO 13616 check: the account moved behind the country, letters as numbers, mod 97."""
    iban = re.sub(r"\s", "", iban).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban):
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in moved)) % 97 == 1


def _has_bsn(text: str) -> bool:
    says_bsn = bool(BSN_WORD.search(text))
    for match in BSN.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if not bsn_is_valid(digits.zfill(9)):
            continue
        if says_bsn or not OTHER_NUMBER_WORD.search(
            text[max(0, match.start() - 40) : match.start()]
        ):
            return True
    return False


def _has_iban(text: str) -> bool:
    for match in IBAN.finditer(text):
        candidate = re.sub(r"\s", "", match.group())
        # Words run on after an unspaced IBAN ("...4300voor") are tried off again.
        lengths = range(len(candidate), IBAN_MIN_LENGTH - 1, -1)
        if any(iban_is_valid(candidate[:length]) for length in lengths):
            return True
    return False


def _has_plate(text: str) -> bool:
    # Lower-case plates are read only without vowels (current plates have none), so that
    # ordinary words joined by dashes ("ma-di-wo") are not read as plates.
    return any(
        match.group().isupper() or not VOWELS & set(match.group()) for match in PLATE.finditer(text)
    )


# --- addresses -------------------------------------------------------------------------------


def _is_public_place(match: re.Match, text: str, public_places: frozenset[str]) -> bool:
    """The social map's own address, or one named beside a public building."""
    street, number = match.group(1), match.group(2)
    if _normal(f"{street} {number}") in public_places:
        return True
    if LIVING_WORD.search(text):
        return False
    # Beside the address, not in it: "Kerkstraat" or "Schoolweg" names no public building.
    before, after = text[max(0, match.start() - 40) : match.start()], text[match.end() :][:40]
    return bool(PUBLIC_BUILDING.search(before) or PUBLIC_BUILDING.search(after))


def _has_address(text: str, public_places: frozenset[str]) -> bool:
    if POSTCODE_WITH_NUMBER.search(text):
        return True
    return any(
        not _is_public_place(match, text, public_places)
        for match in STREET_WITH_NUMBER.finditer(text)
    )


# --- dates -----------------------------------------------------------------------------------


def _full_year(year: str, today: datetime.date) -> int:
    year = year.lstrip("'\u2018\u2019`")
    if len(year) == 4:
        return int(year)
    # A two-digit year later than this year's is last century's: 56 is 1956, 12 is 2012.
    century = 1900 if int(year) > today.year % 100 else 2000
    return century + int(year)


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _found_dates(text: str, today: datetime.date) -> list[tuple[datetime.date | None, int]]:
    """Each date in the text with where it starts."""
    found = [
        (_date(_full_year(m[4], today), int(m[3]), int(m[1])), m.start())
        for m in NUMERIC_DATE.finditer(text)
    ]
    found += [(_date(int(m[1]), int(m[2]), int(m[3])), m.start()) for m in ISO_DATE.finditer(text)]
    found += [
        (_date(_full_year(m[3], today), MONTHS[m[2].lower()], int(m[1])), m.start())
        for m in TEXT_DATE.finditer(text)
    ]
    return found


def _has_birth_date(text: str, today: datetime.date) -> bool:
    if BORN.search(text):
        return True
    limit = datetime.date(today.year - BIRTH_DATE_MIN_YEARS, today.month, min(today.day, 28))
    for date, start in _found_dates(text, today):
        if date is None or date > limit:
            continue
        if not DOCUMENT_DATE_BEFORE.search(text[max(0, start - 30) : start]):
            return True
    return False


def _without_dates(text: str) -> str:
    for pattern in (NUMERIC_DATE, ISO_DATE, TEXT_DATE):
        text = _blank(pattern, text)
    return text


# --- the guard -------------------------------------------------------------------------------


def _phone_digits(text: str) -> str:
    """A phone number's digits in the national form: +31 (0)6 1234 5678 is 0612345678."""
    digits = re.sub(r"\D", "", text)
    for country in ("00310", "0031", "310", "31"):
        if digits.startswith(country) and len(digits) == len(country) + 9:
            return "0" + digits[len(country) :]
    return digits


def _has_phone(text: str, public_phones: frozenset[str]) -> bool:
    text = re.sub(r"\((0\d{1,3})\)", r"\1", text)  # "(06) 12345678": the area code in brackets
    found = [*PHONE.finditer(text), *FOREIGN_PHONE.finditer(text)]
    return any(_phone_digits(m.group()) not in public_phones for m in found)


def personal_data_problems(
    text: str,
    *,
    today: datetime.date | None = None,
    public_places: Iterable[str] = (),
    public_phones: Iterable[str] = (),
) -> list[str]:
    """The hard findings: a Dutch reason per kind of personal data, in a fixed order.

    public_places: addresses ("Dorpsplein 1") that are public buildings, such as the social
    map's own locations; they are not a person's address. public_phones: numbers of
    organisations (the social map's); they are not a person's number."""
    today = today or timezone.localdate()
    places = frozenset(_normal(place) for place in public_places)
    phones = frozenset(_phone_digits(number) for number in public_phones)
    problems = []
    if EMAIL.search(text) or OBFUSCATED_EMAIL.search(text):
        problems.append(EMAIL_FOUND)
    text = _blank(OBFUSCATED_EMAIL, _blank(EMAIL, text))
    if _has_iban(text):
        problems.append(IBAN_FOUND)
    text = _blank(IBAN, text)
    if _has_address(text, places):
        problems.append(ADDRESS_FOUND)
    if _has_birth_date(text, today):
        problems.append(BIRTH_DATE_FOUND)
    text = _blank(POSTCODE_WITH_NUMBER, _without_dates(text))
    if _has_phone(text, phones):
        problems.append(PHONE_FOUND)
    if _has_bsn(_blank(FOREIGN_PHONE, _blank(PHONE, text))):
        problems.append(BSN_FOUND)
    if _has_plate(text):
        problems.append(PLATE_FOUND)
    return [str(problem) for problem in problems]


def _is_name_pair(first: str, prefixes: str, last: str) -> bool:
    first_names, surnames = _names()
    if first.lower() not in first_names:
        return False
    return bool(prefixes.strip()) or last.lower() in surnames


def _public_spans(text: str, public_names: Iterable[str]) -> list[tuple[int, int]]:
    """Where the text mentions a public name, whole or without its first words ("Henk van der
    Meer Fonds" of "Stichting Henk van der Meer Fonds"); at least two words."""
    spans = []
    for public_name in public_names:
        words = public_name.split()
        for first in range(len(words) - 1):
            pattern = r"\s+".join(re.escape(word) for word in words[first:])
            spans += [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
    return spans


def likely_names(text: str, *, public_names: Iterable[str] = ()) -> list[str]:
    """The soft findings: the words that look like a person's name, in order of appearance.

    public_names: names that are an organisation's or a building's ("Willem de Zwijger"
    school), such as the social map's own organisations; a name inside one of them is public."""
    public = _public_spans(text, public_names)
    found: list[tuple[int, str]] = []
    for match in TITLE.finditer(text):
        if match.group(1).split()[-1].lower() not in NOT_A_NAME:
            found.append((match.start(), match.group().strip()))
    for match in NAMED.finditer(text):
        if match.group(1).split()[-1].lower() not in NOT_A_NAME:
            found.append((match.start(1), match.group(1).strip()))
    for match in INITIALS_NAME.finditer(text):
        _, surnames = _names()
        if match.group(2).strip() or match.group(3).lower() in surnames:
            found.append((match.start(), match.group(1).strip()))
    for match in FIRST_AND_LAST.finditer(text):
        if _is_name_pair(match.group(1), match.group(2), match.group(3)):
            found.append((match.start(1), text[match.start(1) : match.end(3)]))
    names: list[str] = []
    covered: list[tuple[int, int]] = []
    # The longest of the finds that start at one place: "Sanne Visser" rather than "Sanne".
    for start, name in sorted(found, key=lambda f: (f[0], -len(f[1]))):
        end = start + len(name)
        if any(start < stop and end > begin for begin, stop in covered):
            continue
        if any(
            begin <= start and end <= stop and stop - begin > len(name) for begin, stop in public
        ):
            continue
        covered.append((start, end))
        names.append(name)
    return names


# The code of a likely-name refusal: a page offers "Toch opslaan" for it (NameCheckMixin).
LIKELY_NAME_CODE = "likely_name"
LIKELY_NAME = _(
    "Dit lijkt op een naam: %(names)s. Haal de naam weg, of kies “Toch opslaan” als het geen "
    "naam van een persoon is."
)


def likely_name_error(
    text: str, *, confirmed: bool, public_names: Iterable[str] = ()
) -> ValidationError | None:
    """The soft finding as a refusal with the words found, unless the user confirmed."""
    names = likely_names(text, public_names=public_names) if text and not confirmed else []
    if not names:
        return None
    found = ", ".join(f"“{name}”" for name in names)
    return ValidationError(LIKELY_NAME, code=LIKELY_NAME_CODE, params={"names": found})


def validate_no_personal_data(value: str) -> None:
    """A form and model field validator: refuse text that looks like personal data."""
    problems = personal_data_problems(value or "")
    if problems:
        raise ValidationError(
            PERSONAL_DATA, code="personal_data", params={"problems": "; ".join(problems)}
        )


def comment_checked(comment: str, *, names_confirmed: bool, field: str = "comment") -> str:
    """A free comment from a public form, stripped: hard findings refused, a likely name only
    after the writer confirmed it ("Toch opslaan"). Errors come keyed by the form's field."""
    comment = comment.strip()
    try:
        validate_no_personal_data(comment)
    except ValidationError as error:
        raise ValidationError({field: error}) from error
    name_error = likely_name_error(comment, confirmed=names_confirmed)
    if name_error is not None:
        raise ValidationError({field: name_error})
    return comment
