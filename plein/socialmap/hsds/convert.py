"""Raw HSDS values (CSV text or JSON values) -> Python values for one model field.

Each converter returns the value or raises ValueError with a plain Dutch message that names
the value, so that the importer can say "services.csv, regel 14, veld minimum_age: 'achttien'
is geen geheel getal".
"""

import datetime
import decimal
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from plein.core.ranges import field_range

BAD_UUID = gettext_noop("'{value}' is geen geldige uuid")
BAD_INTEGER = gettext_noop("'{value}' is geen geheel getal")
NEGATIVE = gettext_noop("'{value}' mag niet negatief zijn")
TOO_LARGE = gettext_noop("'{value}' is te groot (hoogstens {limit})")
OUT_OF_RANGE = gettext_noop("'{value}' ligt buiten het bereik {low} tot en met {high}")
TOO_SMALL = gettext_noop("'{value}' is te klein (minstens {limit})")
BAD_NUMBER = gettext_noop("'{value}' is geen getal")
NUMBER_TOO_LARGE = gettext_noop("'{value}' is te groot (hoogstens {digits} cijfers voor de komma)")
BAD_DATE = gettext_noop(
    "'{value}' is geen geldige datum (verwacht JJJJ-MM-DD, bijvoorbeeld 2026-01-31)"
)
BAD_DATETIME = gettext_noop(
    "'{value}' is geen geldig tijdstip (verwacht bijvoorbeeld 2026-01-31T14:30:00Z)"
)
BAD_TIME = gettext_noop("'{value}' is geen geldige tijd (verwacht UU:MM:SS, bijvoorbeeld 09:30:00)")
BAD_BOOLEAN = gettext_noop("'{value}' is geen ja/nee-waarde (verwacht true of false)")
BAD_CHOICE = gettext_noop("'{value}' is geen toegestane waarde (kies uit: {choices})")
TOO_LONG = gettext_noop("de tekst is te lang ({length} tekens; hoogstens {limit})")
NOT_A_VALUE = gettext_noop("verwacht een enkele waarde, geen lijst of object")

TRUE_WORDS = frozenset({"true", "1", "yes", "ja", "waar", "j", "y"})
FALSE_WORDS = frozenset({"false", "0", "no", "nee", "onwaar", "n"})
Converter = Callable[[Any], Any]
INTEGER_LIMITS = {
    "PositiveSmallIntegerField": (0, 32767),
    "PositiveIntegerField": (0, 2147483647),
    "IntegerField": (-2147483648, 2147483647),
}


def _scalar_text(raw) -> str:
    if raw.__class__ is str:
        return raw
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, int | float | decimal.Decimal):
        return str(raw)
    if isinstance(raw, str):
        return raw
    raise ValueError(_(NOT_A_VALUE))


def to_uuid(raw) -> uuid.UUID:
    text = _scalar_text(raw).strip()
    try:
        return uuid.UUID(hex=text)
    except ValueError:
        raise ValueError(_(BAD_UUID).format(value=text)) from None


def _integer(raw, low: int, high: int) -> int:
    text = _scalar_text(raw).strip()
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValueError(_(BAD_INTEGER).format(value=text)) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(_(BAD_INTEGER).format(value=text))
    value = int(number)
    if value < low:
        message = _(NEGATIVE) if low == 0 else _(TOO_SMALL)
        raise ValueError(message.format(value=text, limit=low))
    if value > high:
        raise ValueError(_(TOO_LARGE).format(value=text, limit=high))
    return value


def _limits(field: models.Field, type_limits: tuple[int, int]) -> tuple[int, int]:
    """The field's own range where it has one (plein.core.ranges), else its type's."""
    low, high = field_range(field)
    return (
        type_limits[0] if low is None else max(low, type_limits[0]),
        type_limits[1] if high is None else min(high, type_limits[1]),
    )


class OutOfRange(ValueError):
    """A number outside the range its model field allows."""


def _decimal(raw, field: models.DecimalField) -> decimal.Decimal:
    text = _scalar_text(raw).strip()
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValueError(_(BAD_NUMBER).format(value=text)) from None
    if not number.is_finite():
        raise ValueError(_(BAD_NUMBER).format(value=text))
    digits = field.max_digits - field.decimal_places
    if abs(number) >= 10**digits:
        raise ValueError(_(NUMBER_TOO_LARGE).format(value=text, digits=digits))
    low, high = field_range(field)
    if (low is not None and number < low) or (high is not None and number > high):
        raise OutOfRange(_(OUT_OF_RANGE).format(value=text, low=low, high=high))
    return number.quantize(decimal.Decimal(1).scaleb(-field.decimal_places))


def to_date(raw) -> datetime.date:
    text = _scalar_text(raw).strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_(BAD_DATE).format(value=text)) from None


def to_datetime(raw) -> datetime.datetime:
    text = _scalar_text(raw).strip()
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(_(BAD_DATETIME).format(value=text)) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def to_time(raw) -> datetime.time:
    text = _scalar_text(raw).strip()
    try:
        value = datetime.time.fromisoformat(text)
    except ValueError:
        raise ValueError(_(BAD_TIME).format(value=text)) from None
    # Opening hours are local wall-clock times; an offset would change with summer time.
    return value.replace(tzinfo=None)


def to_boolean(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    text = _scalar_text(raw).strip()
    if text.lower() in TRUE_WORDS:
        return True
    if text.lower() in FALSE_WORDS:
        return False
    raise ValueError(_(BAD_BOOLEAN).format(value=text))


def converter_for(field: models.Field, choices: tuple[str, ...] = ()) -> Converter:
    """The converter for a model field; `choices` restricts text to an HSDS enum."""
    kind = field.get_internal_type()
    if isinstance(field, models.ForeignKey):
        return to_uuid
    if kind in CONVERTERS:
        return CONVERTERS[kind]
    if kind in INTEGER_LIMITS:
        low, high = _limits(field, INTEGER_LIMITS[kind])
        return lambda raw: _integer(raw, low, high)
    if isinstance(field, models.DecimalField):
        return lambda raw: _decimal(raw, field)
    if choices:
        return _choice_converter(choices)
    to_text = _text_converter(getattr(field, "max_length", None))
    validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    return _validated_converter(to_text, validators) if validators else to_text


def _choice_converter(choices: tuple[str, ...]) -> Converter:
    by_folded = {choice.casefold(): choice for choice in choices}

    def to_choice(raw) -> str:
        text = _scalar_text(raw).strip()
        if text.casefold() not in by_folded:
            allowed = ", ".join(choices)
            raise ValueError(_(BAD_CHOICE).format(value=text, choices=allowed))
        return by_folded[text.casefold()]

    return to_choice


def _text_converter(limit: int | None) -> Converter:
    def to_text(raw) -> str:
        text = _scalar_text(raw)
        if limit and len(text) > limit:
            raise ValueError(_(TOO_LONG).format(length=len(text), limit=limit))
        return text

    return to_text


def _validated_converter(to_text: Converter, validators: list) -> Converter:
    """Text checked by the model field's own validators (e-mail, link, URI, recurrence)."""

    def to_valid_text(raw) -> str:
        text = to_text(raw)
        for validator in validators:
            try:
                validator(text)
            except ValidationError as error:
                raise ValueError(" ".join(error.messages)) from None
        return text

    return to_valid_text


# Converters that depend on the field's type only.
CONVERTERS: dict[str, Converter] = {
    "UUIDField": to_uuid,
    "DateField": to_date,
    "DateTimeField": to_datetime,
    "TimeField": to_time,
    "BooleanField": to_boolean,
}
