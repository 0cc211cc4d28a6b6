"""Validators of the social map's text fields: e-mail, URI and iCalendar recurrence parts.

They sit on the model fields, so the HSDS importer (which runs a field's validators) and every
form or admin that saves the model apply one rule with one Dutch message.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, RegexValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EMAIL_INVALID = _("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
URI_INVALID = _(
    "'%(value)s' is geen volledige URI: die begint met een schema, bijvoorbeeld "
    "https://www.voorbeeld.nl/."
)
BYDAY_INVALID = _(
    "'%(value)s' is geen geldige lijst van dagen: gebruik MO, TU, WE, TH, FR, SA en SU met "
    "komma's ertussen, eventueel met een volgnummer ervoor (bijvoorbeeld MO,TH of 1TU,-1FR)."
)
NUMBERS_INVALID = _(
    "'%(value)s' is geen geldige lijst van getallen van 1 tot en met %(high)s met komma's "
    "ertussen (een min ervoor telt terug vanaf het einde; bijvoorbeeld 1,15,-1)."
)

validate_email = EmailValidator(message=EMAIL_INVALID)

# RFC 3986: a scheme, a colon and something after it, without spaces or control characters.
# Schemes that run code or read local files are no identifiers anyone publishes.
validate_uri = RegexValidator(
    r"^(?!(?i:javascript|vbscript|data|file):)[A-Za-z][A-Za-z0-9+.\-]*:[^\s\x00-\x1f]+$",
    message=URI_INVALID,
    code="uri",
)

WEEKDAY = r"(MO|TU|WE|TH|FR|SA|SU)"
# RFC 5545 weekdaynum: an optional ordinal from 1 to 53 (negative counts from the end).
ORDINAL = r"([+-]?([1-9]|[1-4][0-9]|5[0-3]))?"


def _list(item: str) -> str:
    return rf"^\s*{item}(\s*,\s*{item})*\s*$"


validate_byday = RegexValidator(
    _list(ORDINAL + WEEKDAY), message=BYDAY_INVALID, code="byday", flags=re.IGNORECASE
)


@deconstructible
class NumberListValidator:
    """RFC 5545 BYMONTHDAY, BYWEEKNO, BYYEARDAY: comma-separated 1..high or -1..-high."""

    def __init__(self, high: int):
        self.high = high

    def __call__(self, value: str) -> None:
        if not all(self._fits(part.strip()) for part in str(value).split(",")):
            params = {"value": value, "high": self.high}
            raise ValidationError(NUMBERS_INVALID, code="number_list", params=params)

    def _fits(self, part: str) -> bool:
        digits = part[1:] if part[:1] in "+-" else part
        return digits.isascii() and digits.isdigit() and 1 <= int(digits) <= self.high

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NumberListValidator) and other.high == self.high

    def __hash__(self) -> int:
        return hash(self.high)


validate_bymonthday = NumberListValidator(31)
validate_byweekno = NumberListValidator(53)
validate_byyearday = NumberListValidator(366)
