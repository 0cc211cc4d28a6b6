"""One way of writing a date on every page: "3 december 2026" (plein/core/formats)."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import formats, translation

import plein
from plein.core.formats import WEEKDAY_FORMAT

NAMED_FORMATS = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
    "TIME_FORMAT",
    WEEKDAY_FORMAT,
}
TEMPLATE_FORMAT = re.compile(r"\|date:\"([^\"]*)\"")
PYTHON_FORMAT = re.compile(r"date_format\([^,()]+,\s*f?[\"']([^\"']*)[\"']")
ROOT = Path(plein.__file__).parent


def _own_formats() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or path.suffix not in {".py", ".html", ".txt"}:
            continue
        pattern = PYTHON_FORMAT if path.suffix == ".py" else TEMPLATE_FORMAT
        own = [f for f in pattern.findall(path.read_text()) if f not in NAMED_FORMATS]
        if own:
            found[relative] = own
    return found


@pytest.mark.parametrize(
    ("language", "date", "moment"),
    [
        ("nl", "3 december 2026", "3 december 2026, 14:05"),
        ("en", "3 December 2026", "3 December 2026, 14:05"),
    ],
)
def test_a_date_reads_the_same_everywhere(language, date, moment):
    day = datetime.date(2026, 12, 3)
    at = datetime.datetime(2026, 12, 3, 14, 5)
    with translation.override(language):
        assert formats.date_format(day) == date
        assert Template("{{ day|date }}").render(Context({"day": day})) == date
        assert Template('{{ at|date:"DATETIME_FORMAT" }}').render(Context({"at": at})) == moment


def test_no_template_or_module_writes_a_date_its_own_way():
    own = _own_formats()
    assert not own, f"Use |date or a named format (plein/core/formats), not: {own}"
