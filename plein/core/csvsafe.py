"""CSV cells that a spreadsheet cannot run as a formula (OWASP "CSV injection").

A cell that starts with = + - @, a tab or a carriage return is read by Excel and LibreOffice as
a formula, so a topic renamed `=cmd|' /C calc'!A0` would run when a funder opens the export.
Such a cell gets a leading apostrophe, which spreadsheets show as text. Numbers (an int or a
float) are left alone, and so is text that is only a signed number or phone number such as
"-5" or "+31 20 123 4567": without letters, quotes, pipes or brackets of a function call it
cannot call anything, and HSDS phone numbers stay as they are for the tools that read them.
"""

import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER_LIKE = re.compile(r"[+-][\d\s.,()/-]*")
NEUTRALISER = "'"


def _needs_neutraliser(text: str) -> bool:
    # Apostrophes in front count too, so that cell_restored can tell ours from the data's.
    text = text.lstrip(NEUTRALISER)
    if not text.startswith(FORMULA_START):
        return False
    return not (text[0] in "+-" and NUMBER_LIKE.fullmatch(text))


def cell_safe(value: Any) -> Any:
    """The value as a spreadsheet may read it: text that could be a formula starts with '."""
    if isinstance(value, str) and _needs_neutraliser(value):
        return NEUTRALISER + value
    return value


def row_safe(row: Iterable[Any]) -> list[Any]:
    return [cell_safe(value) for value in row]


def cell_restored(value: str) -> str:
    """What cell_safe was given, for an importer reading a file Plein wrote."""
    if value.startswith(NEUTRALISER) and _needs_neutraliser(value[1:]):
        return value[1:]
    return value
