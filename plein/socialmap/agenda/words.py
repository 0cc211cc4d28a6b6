"""Where and how, in words: floors, rooms, languages (Dutch, through gettext)."""

from django.utils.translation import gettext_lazy as _

from plein.socialmap.models import Room

FLOORS = [
    (-1, _("kelder")),
    (0, _("begane grond")),
    (1, _("eerste verdieping")),
    (2, _("tweede verdieping")),
    (3, _("derde verdieping")),
    (4, _("vierde verdieping")),
]
FLOOR_NAMES = dict(FLOORS)
# Languages heard at Dutch desks and partners' hours; ISO 639 codes as HSDS uses them.
LANGUAGES = [
    ("nl", _("Nederlands")),
    ("en", _("Engels")),
    ("ar", _("Arabisch")),
    ("tr", _("Turks")),
    ("ber", _("Tamazight (Berbers)")),
    ("pl", _("Pools")),
    ("uk", _("Oekraïens")),
    ("ru", _("Russisch")),
    ("ti", _("Tigrinya")),
    ("fa", _("Perzisch (Farsi)")),
    ("prs", _("Dari")),
    ("so", _("Somalisch")),
    ("pap", _("Papiaments")),
    ("es", _("Spaans")),
    ("fr", _("Frans")),
    ("de", _("Duits")),
    ("zh", _("Chinees")),
    ("ngt", _("Nederlandse Gebarentaal")),
]
LANGUAGE_NAMES = dict(LANGUAGES)


def floor_describe(floor: int) -> str:
    if floor in FLOOR_NAMES:
        return str(FLOOR_NAMES[floor])
    return str(_("verdieping %(n)s")) % {"n": floor}


def languages_describe(codes: str) -> list[str]:
    return [str(LANGUAGE_NAMES.get(code, code)) for code in codes.split(",") if code]


def room_describe(room: Room | None) -> str:
    """ "Spreekkamer 2, eerste verdieping, naast de leestafel" (empty without a room)."""
    if room is None:
        return ""
    parts = [room.name, floor_describe(room.floor), room.route]
    return ", ".join(part for part in parts if part)
