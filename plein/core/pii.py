"""A guard against personal data in short free texts (registration notes, referral summaries).

personal_data_problems(text) returns a Dutch reason per kind of personal data found:
e-mail addresses, phone numbers, a BSN that passes the 11-check, a postcode with a house
number, a date of birth. An empty list means nothing was found.

What counts (chosen to catch what identifies a person without alarming on ordinary notes):
- Phone: a Dutch number of 10 digits starting with 0 (or +31 / 0031 and 9 digits), with at
  most one space or hyphen between digits: 06-12345678, +31 6 12345678, 010-1234567. Short
  service numbers (0800-1234, 14 038) are an organisation's, not a person's, and pass.
- BSN: 9 digits (or 8, read with a leading zero), optionally grouped with dots or spaces, that
  pass the 11-check. A 9-digit number that fails the check is some other number and passes.
- Address: a postcode followed by a house number ("1234 AB 12", "1234AB 12a"), or a street
  name with a common street suffix (straat, laan, weg, …) followed by a number
  ("Dorpsstraat 12"). A postcode alone ("postcode 1234 AB gezocht") passes: desk workers look
  up services for an area, and a postcode covers about twenty addresses.
- Date of birth: a full date (12-03-1956, 1/3/56, 12 maart 1956, 1956-03-12) at least
  BIRTH_DATE_MIN_YEARS before today, or any date or year right after "geboren", "geb." or
  "geboortedatum". Recent dates (a letter of last month, today's appointment) and times such as
  10:30 pass; a year on its own ("toeslagen 2025") passes.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EMAIL_FOUND = _("een e-mailadres")
PHONE_FOUND = _("een telefoonnummer")
BSN_FOUND = _("een burgerservicenummer (BSN)")
ADDRESS_FOUND = _("een adres (postcode met huisnummer of straat met huisnummer)")
BIRTH_DATE_FOUND = _("een geboortedatum")
PERSONAL_DATA = _("Deze tekst lijkt persoonsgegevens te bevatten: %(problems)s. Laat die weg.")

# A date this many years ago or earlier reads as a date of birth rather than of a letter.
BIRTH_DATE_MIN_YEARS = 10

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)[ -]?(?:\(0\)[ -]?)?[1-9](?:[ -]?\d){8}(?!\d)")
BSN = re.compile(r"(?<!\d)(?<!\d[ .-])\d(?:[. ]?\d){7,8}(?!\d)(?![ .-]\d)")
POSTCODE = r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b"
POSTCODE_WITH_NUMBER = re.compile(POSTCODE + r",? +\d{1,5} ?[a-zA-Z]?\b")
STREET_SUFFIXES = (
    "straat|laan|weg|plein|singel|gracht|kade|dijk|steeg|dreef|plantsoen|hof|allee|"
    "boulevard|straatweg|erf|hoven|akker|wijk"
)
STREET_WITH_NUMBER = re.compile(
    rf"\b[A-Za-zÀ-ÿ]{{2,}}(?:{STREET_SUFFIXES})\.? +\d{{1,5}} ?[a-zA-Z]?\b", re.IGNORECASE
)
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
NUMERIC_DATE = re.compile(r"(?<![\d:])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d:])")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
TEXT_DATE = re.compile(
    r"\b(\d{1,2}) +(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.? +(\d{4})\b",
    re.IGNORECASE,
)
# "geboren op 12 maart", "geb. 1956", "geboortedatum: 1-3-56": a number soon after the word.
BORN = re.compile(r"\b(?:geboren|geb\.|geboortedatum|geboortejaar)[^.\n\d]{0,20}\d", re.IGNORECASE)


def _blank(pattern: re.Pattern, text: str) -> str:
    """Replace matches by spaces so later checks don't read them again as other numbers."""
    return pattern.sub(lambda match: " " * len(match.group()), text)


def bsn_is_valid(digits: str) -> bool:
    """The 11-check ("elfproef") of a 9-digit burgerservicenummer."""
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:8], range(9, 1, -1), strict=True)
    )
    return (total - int(digits[8])) % 11 == 0


def _has_bsn(text: str) -> bool:
    for match in BSN.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if bsn_is_valid(digits.zfill(9)):
            return True
    return False


def _full_year(year: str, today: datetime.date) -> int:
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


def _dates(text: str, today: datetime.date) -> list[datetime.date]:
    found = [
        _date(_full_year(m[3], today), int(m[2]), int(m[0])) for m in NUMERIC_DATE.findall(text)
    ]
    found += [_date(int(y), int(m), int(d)) for y, m, d in ISO_DATE.findall(text)]
    found += [_date(int(y), MONTHS[m.lower()], int(d)) for d, m, y in TEXT_DATE.findall(text)]
    return [date for date in found if date is not None]


def _has_birth_date(text: str, today: datetime.date) -> bool:
    if BORN.search(text):
        return True
    limit = datetime.date(today.year - BIRTH_DATE_MIN_YEARS, today.month, min(today.day, 28))
    return any(date <= limit for date in _dates(text, today))


def _without_dates(text: str) -> str:
    for pattern in (NUMERIC_DATE, ISO_DATE, TEXT_DATE):
        text = _blank(pattern, text)
    return text


def personal_data_problems(text: str, *, today: datetime.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    problems = []
    if EMAIL.search(text):
        problems.append(EMAIL_FOUND)
    text = _blank(EMAIL, text)
    if POSTCODE_WITH_NUMBER.search(text) or STREET_WITH_NUMBER.search(text):
        problems.append(ADDRESS_FOUND)
    if _has_birth_date(text, today):
        problems.append(BIRTH_DATE_FOUND)
    text = _blank(POSTCODE_WITH_NUMBER, _without_dates(text))
    if PHONE.search(text):
        problems.append(PHONE_FOUND)
    if _has_bsn(_blank(PHONE, text)):
        problems.append(BSN_FOUND)
    return [str(problem) for problem in problems]


def validate_no_personal_data(value: str) -> None:
    """A form and model field validator: refuse text that looks like personal data."""
    problems = personal_data_problems(value or "")
    if problems:
        raise ValidationError(
            PERSONAL_DATA, code="personal_data", params={"problems": "; ".join(problems)}
        )
