"""Query parameters of the HSDS API: parsed, checked, and explained in Dutch when wrong."""

import datetime
import re
import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import NoReturn
from uuid import UUID

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound

from plein.api.exceptions import ParameterError
from plein.core.models import Library
from plein.socialmap.models import ServiceStatus

MAX_PER_PAGE = 100
# A minimal item is four short fields: a syncing client may take these in large pages.
MAX_PER_PAGE_MINIMAL = 1000
# Far beyond any real page (a million pages of 100), and well inside the database's integers.
MAX_PAGE = 1_000_000
DEFAULT_PER_PAGE = 50
MAX_SEARCH_LENGTH = 200
MAX_AGE = 150
MAX_RADIUS_METERS = 200_000
# Services shown when no status is asked for: the ones a resident can still go to.
LISTED_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)

UNKNOWN_PARAMETER = _("Onbekende parameter '%(parameter)s'. Hier zijn toegestaan: %(allowed)s.")
PAGE_INVALID = _("page moet een geheel getal van 1 of hoger zijn, niet '%(value)s'.")
PAGE_TOO_HIGH = _("page kan hoogstens %(max)s zijn, niet '%(value)s'.")
PER_PAGE_INVALID = _(
    "per_page moet een geheel getal van 1 tot en met %(max)s zijn, niet '%(value)s'."
)
UUID_INVALID = _(
    "%(parameter)s moet een id in UUID-vorm zijn (zoals 3f7b145d-84af-42d7-8fae-eaca714b02b2), "
    "niet '%(value)s'."
)
BOOLEAN_INVALID = _("%(parameter)s moet true of false zijn, niet '%(value)s'.")
FORMAT_INVALID = _("format moet json of ndjson zijn, niet '%(value)s'.")
DATETIME_INVALID = _(
    "modified_after moet een datum of tijdstip zijn, zoals 2026-01-31 of 2026-01-31T12:00:00Z, "
    "niet '%(value)s'."
)
DAY_INVALID = _("day moet een dag van de week zijn, zoals Monday, MO of maandag, niet '%(value)s'.")
TIME_INVALID = _("%(parameter)s moet een tijd zijn, zoals 09:30 of 09:30:00, niet '%(value)s'.")
TIME_RANGE_INVALID = _("start_time moet vóór end_time liggen.")
AGE_INVALID = _(
    "%(parameter)s moet een leeftijd in jaren zijn (zoals 12 of 12.5), van 0 tot en met "
    "%(max)s, niet '%(value)s'."
)
AGE_RANGE_INVALID = _("minimum_age mag niet hoger zijn dan maximum_age.")
POSTCODE_INVALID = _(
    "postcode moet een Nederlandse postcode zijn, zoals 7731 of 7731 BK, niet '%(value)s'."
)
PROXIMITY_INVALID = _(
    "proximity moet een plek zijn als breedtegraad,lengtegraad (52.26,6.16), eventueel met een "
    "straal in meters erachter (52.26,6.16,2000), of alleen een straal in meters samen met "
    "postcode; niet '%(value)s'."
)
PROXIMITY_NEEDS_POSTCODE = _(
    "proximity met alleen een straal in meters werkt samen met postcode; geef ook een postcode, "
    "of geef proximity als breedtegraad,lengtegraad."
)
POSTCODE_CENTRE_UNKNOWN = _(
    "Van postcode %(postcode)s kennen we de ligging niet. Geef proximity als "
    "breedtegraad,lengtegraad,straal."
)
SEARCH_TOO_LONG = _("search mag hoogstens %(max)s tekens lang zijn.")
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHARACTER_INVALID = _("%(parameter)s bevat een teken dat in een zoekopdracht niet kan.")
LIBRARY_UNKNOWN = _("Er is geen bibliotheek met de korte naam '%(value)s'.")

# Parameters that clients commonly add and that mean nothing here: jQuery's cache buster "_",
# and the names of the Open Referral UK v1 API, which ORUK clients still send. They are ignored;
# any other unknown parameter is refused, so that a typo ("serach") does not go unnoticed.
IGNORED_PARAMETERS = frozenset(
    {
        "_",
        "callback",
        "text",
        "coverage",
        "vocabulary",
        "taxonomy_type",
        "age",
        "gender",
        "disability",
        "accessibility",
        "sort_by",
        "order",
        "include",
    }
)
# Parameters that take several values, repeated or separated by commas; any of them matches.
LIST_PARAMETERS = frozenset({"day", "taxonomy_term_id", "taxonomy_id", "organization_id"})

DAYS = {
    "MO": ("mo", "mon", "monday", "ma", "maandag"),
    "TU": ("tu", "tue", "tuesday", "di", "dinsdag"),
    "WE": ("we", "wed", "wednesday", "wo", "woensdag"),
    "TH": ("th", "thu", "thursday", "do", "donderdag"),
    "FR": ("fr", "fri", "friday", "vr", "vrijdag"),
    "SA": ("sa", "sat", "saturday", "za", "zaterdag"),
    "SU": ("su", "sun", "sunday", "zo", "zondag"),
}
DAY_CODES = {name: code for code, names in DAYS.items() for name in names}
STATUS_WORDS = (*ServiceStatus.values, "all")


def _any_case(words) -> str:
    r"""A regular expression for these words in any case, in the syntax both Python and the
    ECMAScript of OpenAPI's `pattern` read (no flags, no classes such as \d or \s)."""
    spelled = (
        "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)
        for word in sorted(words, key=len, reverse=True)
    )
    return "|".join(spelled)


# Shapes of the text parameters. The schema publishes these very patterns (plein.api.views.docs)
# and Params checks a value with re.search against them, so what the schema allows and what the
# API accepts are one rule. Ranges live in the pattern too: latitude to 90, longitude to 180.
TIME_PART = r"([01]?[0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?"
LATITUDE_PART = r"[-+]?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)"
LONGITUDE_PART = r"[-+]?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?)"
RADIUS_PART = r"(?:200000(?:\.0+)?|(?:1[0-9]{5}|[1-9][0-9]{0,4}|0)(?:\.[0-9]+)?)"
POINT_PART = rf"({LATITUDE_PART}), *({LONGITUDE_PART})(?:, *({RADIUS_PART}))?"
POSTCODE_PART = r"([1-9][0-9]{3}) ?([A-Za-z]{2})?"
PATTERNS = {
    "search": r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$",
    "library": r"^[-a-zA-Z0-9_]*$",
    "postcode": rf"^(?:{POSTCODE_PART})?$",
    "proximity": rf"^(?:{POINT_PART}|({RADIUS_PART}))?$",
    "day": rf"^(?:(?:{_any_case(DAY_CODES)})(?: *, *(?:{_any_case(DAY_CODES)}))*)?$",
    "start_time": rf"^(?:{TIME_PART})?$",
    "end_time": rf"^(?:{TIME_PART})?$",
    "status": rf"^(?:{_any_case(STATUS_WORDS)})?$",
}
LIBRARY_INVALID = _(
    "library moet de korte naam van een bibliotheek zijn (letters, cijfers, - en _), "
    "niet '%(value)s'."
)
STATUS_INVALID = _("status moet een van %(allowed)s zijn, niet '%(value)s'.")
PATTERN_MESSAGES = {
    "search": CONTROL_CHARACTER_INVALID,
    "library": LIBRARY_INVALID,
    "postcode": POSTCODE_INVALID,
    "proximity": PROXIMITY_INVALID,
    "day": DAY_INVALID,
    "start_time": TIME_INVALID,
    "end_time": TIME_INVALID,
    "status": STATUS_INVALID,
}
POSTCODE_RE = re.compile(rf"^{POSTCODE_PART}$")
AGE_RE = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{1,2})?$")
TIME_RE = re.compile(rf"^{TIME_PART}$")
POINT_RE = re.compile(rf"^{POINT_PART}$")
RADIUS_RE = re.compile(rf"^({RADIUS_PART})$")


@dataclass(frozen=True)
class Postcode:
    pc4: str
    letters: str = ""

    @property
    def full(self) -> str:
        return f"{self.pc4}{self.letters}"


@dataclass(frozen=True)
class Proximity:
    """As asked: a point with an optional radius, or a radius only (around the postcode)."""

    latitude: float | None = None
    longitude: float | None = None
    radius: float | None = None


@dataclass(frozen=True)
class Point:
    """Where distances are measured from, and the radius in meters that results must lie in."""

    latitude: float
    longitude: float
    radius: float | None = None


class Params:
    """The query string of one request, checked against what the endpoint allows."""

    def __init__(self, query_params, allowed: tuple[str, ...]):
        self.raw = query_params
        for name in query_params:
            if name in IGNORED_PARAMETERS and name not in allowed:
                continue
            if name not in allowed:
                raise ParameterError(
                    name, UNKNOWN_PARAMETER % {"parameter": name, "allowed": ", ".join(allowed)}
                )
            for value in query_params.getlist(name):
                self._check_shape(name, value)

    def _check_shape(self, name: str, value: str) -> None:
        """The published pattern of a text parameter, and no control characters in any."""
        pattern = PATTERNS.get(name)
        if pattern is not None and not re.search(pattern, value):
            message = PATTERN_MESSAGES[name]
            raise ParameterError(
                name,
                message
                % {"parameter": name, "value": value.strip(), "allowed": ", ".join(STATUS_WORDS)},
            )
        if CONTROL_CHARACTER.search(value):
            # A NUL byte cannot even be sent to PostgreSQL; no parameter needs any of these.
            raise ParameterError(name, CONTROL_CHARACTER_INVALID % {"parameter": name})

    def get(self, name: str) -> str:
        return self.raw.get(name, "").strip()

    def values(self, name: str) -> list[str]:
        """Every value of a list parameter: repeated (day=MO&day=SA) or with commas (MO,SA)."""
        return [
            part.strip()
            for value in self.raw.getlist(name)
            for part in value.split(",")
            if part.strip()
        ]

    def _fail(self, name: str, message, **values) -> NoReturn:
        raise ParameterError(name, message % {"parameter": name, "value": self.get(name), **values})

    def positive_int(self, name: str, message, default: int, **values) -> int:
        if name not in self.raw:
            return default
        value = self.get(name)
        # isascii: "²" and other Unicode digits pass isdigit() but are no number to int().
        if not (value.isascii() and value.isdigit()) or int(value) < 1:
            self._fail(name, message, **values)
        return int(value)

    def page(self) -> int:
        page = self.positive_int("page", PAGE_INVALID, 1)
        if page > MAX_PAGE:
            self._fail("page", PAGE_TOO_HIGH, max=MAX_PAGE)
        return page

    def per_page(self, *, limit: int = MAX_PER_PAGE) -> int:
        # Larger pages are capped rather than refused, so clients asking for "all" still work.
        per_page = self.positive_int("per_page", PER_PAGE_INVALID, DEFAULT_PER_PAGE, max=limit)
        return min(per_page, limit)

    def boolean(self, name: str) -> bool:
        if name not in self.raw:
            return False
        value = self.get(name).lower()
        if value in ("false", "0", "no"):
            return False
        if value in ("true", "1", "yes"):
            return True
        self._fail(name, BOOLEAN_INVALID)

    def uuid(self, name: str) -> uuid.UUID | None:
        """An id in the form the schema publishes (36 characters with dashes), or absent.

        Given but empty is refused, as is any other spelling Python would also read (braces,
        no dashes): the API accepts what its schema says, nothing more."""
        if name not in self.raw:
            return None
        return self._uuid(name, self.get(name))

    def uuids(self, name: str) -> list[UUID]:
        """Ids of a list parameter; given but empty is refused, as for one id."""
        if name not in self.raw:
            return []
        values = self.values(name)
        if not values:
            self._fail(name, UUID_INVALID)
        return [self._uuid(name, value) for value in values]

    def _uuid(self, name: str, value: str) -> UUID:
        if len(value) != 36 or any(value[i] != "-" for i in (8, 13, 18, 23)):
            raise ParameterError(name, UUID_INVALID % {"parameter": name, "value": value})
        try:
            return uuid.UUID(value)
        except ValueError:
            raise ParameterError(name, UUID_INVALID % {"parameter": name, "value": value}) from None

    def ndjson(self) -> bool:
        if "format" not in self.raw:
            return False
        value = self.get("format").lower()
        if value == "json":
            return False
        if value == "ndjson":
            return True
        self._fail("format", FORMAT_INVALID)

    def search(self) -> str:
        value = self.get("search")
        if len(value) > MAX_SEARCH_LENGTH:
            self._fail("search", SEARCH_TOO_LONG, max=MAX_SEARCH_LENGTH)
        return value

    def modified_after(self) -> datetime.datetime | None:
        if "modified_after" not in self.raw:
            return None
        value = self.get("modified_after")
        if not value:
            self._fail("modified_after", DATETIME_INVALID)
        # An unencoded "+" of a UTC offset arrives as a space: "12:00:00 01:00".
        value = re.sub(r"(\d) (\d{2}:?\d{2})$", r"\1+\2", value).replace(" ", "T")
        try:
            moment = parse_datetime(value)
            if moment is None and (day := parse_date(value)) is not None:
                moment = datetime.datetime.combine(day, datetime.time.min)
        except ValueError:
            moment = None
        if moment is None:
            self._fail("modified_after", DATETIME_INVALID)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return _in_utc(moment)

    def days(self) -> list[str]:
        """The asked days as RFC 5545 codes (MO, TU, ...); a service open on any of them fits."""
        codes = []
        for value in self.values("day"):
            code = DAY_CODES.get(value.lower())
            if code is None:
                raise ParameterError("day", DAY_INVALID % {"value": value})
            codes.append(code)
        return list(dict.fromkeys(codes))

    def time(self, name: str) -> datetime.time | None:
        value = self.get(name)
        if not value:
            return None
        match = TIME_RE.match(value)
        if not match:
            self._fail(name, TIME_INVALID)
        hour, minute, second = (int(part or 0) for part in match.groups())
        return datetime.time(hour, minute, second)

    def time_window(self) -> tuple[datetime.time | None, datetime.time | None]:
        start, end = self.time("start_time"), self.time("end_time")
        if start and end and start >= end:
            raise ParameterError("start_time", TIME_RANGE_INVALID)
        return start, end

    def age(self, name: str) -> float | None:
        if name not in self.raw:
            return None
        value = self.get(name)
        # ASCII digits only: "²" or "٣" is no age, and float() would read "1e2" or "nan".
        if not AGE_RE.match(value) or float(value) > MAX_AGE:
            self._fail(name, AGE_INVALID, max=MAX_AGE)
        return float(value)

    def ages(self) -> tuple[float | None, float | None]:
        low, high = self.age("minimum_age"), self.age("maximum_age")
        if low is not None and high is not None and low > high:
            raise ParameterError("minimum_age", AGE_RANGE_INVALID)
        return low, high

    def postcode(self) -> Postcode | None:
        value = self.get("postcode")
        if not value:
            return None
        match = POSTCODE_RE.match(value)
        if not match:
            self._fail("postcode", POSTCODE_INVALID)
        return Postcode(match.group(1), (match.group(2) or "").upper())

    def proximity(self, *, postcode: Postcode | None) -> Proximity | None:
        value = self.get("proximity")
        if not value:
            return None
        # The ranges (latitude, longitude, MAX_RADIUS_METERS) are part of the patterns.
        if match := POINT_RE.match(value):
            latitude, longitude = float(match.group(1)), float(match.group(2))
            radius = float(match.group(3)) if match.group(3) else None
            return Proximity(latitude, longitude, radius)
        if match := RADIUS_RE.match(value):
            if postcode is None:
                raise ParameterError("proximity", PROXIMITY_NEEDS_POSTCODE)
            return Proximity(radius=float(match.group(1)))
        self._fail("proximity", PROXIMITY_INVALID)

    def library(self) -> Library | None:
        return self._library

    @cached_property
    def _library(self) -> Library | None:
        """Looked up once per request, however many filters ask."""
        value = self.get("library")
        if not value:
            return None
        library = Library.objects.filter(slug=value).first()
        if library is None:
            # A library that is not there is a missing resource (404), not a malformed request.
            raise NotFound(LIBRARY_UNKNOWN % {"value": value})
        return library

    def statuses(self) -> tuple[str, ...]:
        value = self.get("status").lower()
        if not value and "modified_after" in self.raw:
            # Whoever syncs must see a service that was closed since, with its new status.
            return tuple(ServiceStatus.values)
        if not value:
            return LISTED_STATUSES
        if value == "all":
            return tuple(ServiceStatus.values)
        if value not in ServiceStatus.values:
            allowed = ", ".join([*ServiceStatus.values, "all"])
            self._fail("status", STATUS_INVALID, allowed=allowed)
        return (value,)


def _in_utc(moment: datetime.datetime) -> datetime.datetime:
    """The moment in UTC: PostgreSQL takes offsets up to ±15:59 only, ISO 8601 up to ±23:59.
    A moment beyond the calendar's ends in UTC is that end (everything, or nothing, is after)."""
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        end = datetime.datetime.min if moment.year == datetime.MINYEAR else datetime.datetime.max
        return end.replace(tzinfo=datetime.UTC)


def path_uuid(value: str, not_found) -> uuid.UUID:
    """The id of a path. HSDS ids are strings: one that is no UUID is simply not here (404)."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound(not_found % {"id": value}) from None
