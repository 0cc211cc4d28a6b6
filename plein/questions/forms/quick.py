"""Read a desk entry's ids straight from the POST, for the one-statement fast path.

The fast path (plein.questions.services.quick) takes only input it is sure of; anything else
(an odd value, a field it does not handle, a note that looks like personal data) gives None and
the entry goes through RegistrationForm and the services, which explain every problem in Dutch.
Each rule here reads a field the way RegistrationForm does.
"""

import datetime
import uuid
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from plein.core import pii
from plein.questions.models import DurationBand, Gender, VisitMode

# Field instances used only for their parsing, exactly as RegistrationForm parses.
_UUID = forms.UUIDField(required=False)
_DATETIME = forms.DateTimeField(required=False)
_MAX_ID_DIGITS = 18  # a bigint; longer ids cannot exist
_NOTE_MAX_LENGTH = 200
_EFFORTS = {"1": 1, "2": 2, "3": 3, "4": 4}
_MODES = frozenset(["", *VisitMode.values])
_DURATION_BANDS = frozenset(DurationBand.values)
_GENDERS = frozenset(Gender.values)


class Unsure(Exception):
    """The input is not plainly valid: let the form and the services judge it."""


@dataclass(frozen=True)
class QuickEntry:
    branch: int
    channel: int
    topics: tuple[int, ...]
    idempotency_key: uuid.UUID | None = None
    desk: int | None = None
    started_at: datetime.datetime | None = None
    duration_band: str = ""
    age_band: int | None = None
    gender: str = ""
    life_domains: tuple[int, ...] = ()
    is_complex: bool = False
    outcome: int | None = None
    organization: uuid.UUID | None = None
    effort: int | None = None
    note: str = ""


def _id(value: str | None) -> int | None:
    """A ModelChoiceField's id: empty is None; " 7 " and "07" are 7, as the ORM reads them."""
    if value is None or value == "":
        return None
    value = value.strip()
    if not (value.isascii() and value.isdigit() and len(value) <= _MAX_ID_DIGITS):
        raise Unsure
    return int(value)


def _uuid(value: str | None) -> uuid.UUID | None:
    """An organisation's id (a UUID), read as the model's UUIDField reads it."""
    if value is None or value == "":
        return None
    try:
        return uuid.UUID(hex=value)
    except ValueError:
        raise Unsure from None


def _required_id(value: str | None) -> int:
    found = _id(value)
    if found is None:
        raise Unsure
    return found


def _ids(values: list[str]) -> list[int]:
    """A ModelMultipleChoiceField's ids: it compares them as text, so only "7" itself is 7."""
    ids = []
    for value in values:
        if not (value.isascii() and value.isdigit() and len(value) <= _MAX_ID_DIGITS):
            raise Unsure
        if str(int(value)) != value:
            raise Unsure
        ids.append(int(value))
    return list(dict.fromkeys(ids))


def _parsed(field: forms.Field, value):
    try:
        return field.clean(value)
    except ValidationError:
        raise Unsure from None


def _one_of(value: str | None, allowed) -> str:
    value = (value or "").strip()
    if value and value not in allowed:
        raise Unsure
    return value


def _checkbox(data: QueryDict, name: str) -> bool:
    # CheckboxInput: absent, "" and "false" are unticked; anything else (even "0") is ticked.
    if name not in data:
        return False
    value = data.get(name)
    return bool(value) and value.lower() != "false"


def _topics(data: QueryDict) -> tuple[int, ...]:
    topics = _ids(data.getlist("topics"))
    other = _id(data.get("other_topic"))
    if other is not None and other not in topics:
        topics.append(other)
    return tuple(topics)


def _effort(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    if value.strip() not in _EFFORTS:
        raise Unsure
    return _EFFORTS[value.strip()]


def _note(value: str | None) -> str:
    note = (value or "").strip()
    if len(note) > _NOTE_MAX_LENGTH or "\x00" in note:
        raise Unsure
    if note and pii.personal_data_problems(note):
        raise Unsure
    return note


def _organization(data: QueryDict) -> uuid.UUID | None:
    # The form lets "other_organization" replace "referred_organization", after checking both.
    referred = _uuid(data.get("referred_organization"))
    other = _uuid(data.get("other_organization"))
    if referred is not None and other is not None and referred != other:
        raise Unsure
    return other if other is not None else referred


def _entry(data: QueryDict) -> QuickEntry:
    if data.get("mode", "") not in _MODES or data.get("referred_service"):
        raise Unsure
    return QuickEntry(
        branch=_required_id(data.get("branch")),
        channel=_required_id(data.get("channel")),
        topics=_topics(data),
        idempotency_key=_parsed(_UUID, data.get("idempotency_key")),
        desk=_id(data.get("desk")),
        started_at=_parsed(_DATETIME, data.get("started_at")),
        duration_band=_one_of(data.get("duration_band"), _DURATION_BANDS),
        age_band=_id(data.get("age_band")),
        gender=_one_of(data.get("gender"), _GENDERS),
        life_domains=tuple(_ids(data.getlist("life_domains"))),
        is_complex=_checkbox(data, "is_complex"),
        outcome=_id(data.get("outcome")),
        organization=_organization(data),
        effort=_effort(data.get("effort")),
        note=_note(data.get("note")),
    )


def quick_entry_from_post(data: QueryDict) -> QuickEntry | None:
    """The entry when every field is plainly well-formed; None sends it the long way."""
    try:
        return _entry(data)
    except Unsure:
        return None
