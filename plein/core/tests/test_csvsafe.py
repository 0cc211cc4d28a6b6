"""CSV cells that a spreadsheet cannot run as a formula (OWASP's rule)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plein.core.csvsafe import FORMULA_START, NUMBER_LIKE, cell_restored, cell_safe


@pytest.mark.parametrize(
    "attack",
    [
        "=cmd|' /C calc'!A0",
        '+HYPERLINK("http://example.org")',
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "=1+1",
    ],
)
def test_a_formula_becomes_text(attack):
    assert cell_safe(attack) == "'" + attack


@pytest.mark.parametrize("plain", ["-5", "+31 20 123 4567", "-1.5", "Schulden", "", "06-12345678"])
def test_numbers_phone_numbers_and_words_stay_as_they_are(plain):
    assert cell_safe(plain) == plain


def test_numbers_that_are_numbers_are_not_touched():
    assert cell_safe(-5) == -5 and cell_safe(None) is None


@pytest.mark.parametrize("text", ["'=x", "''=x", "'plain", "'-5"])
def test_apostrophes_of_the_data_survive_the_round_trip(text):
    assert cell_restored(cell_safe(text)) == text


@given(st.text())
def test_no_cell_can_start_a_formula_and_every_cell_comes_back(text):
    safe = cell_safe(text)
    assert not safe.startswith(FORMULA_START) or NUMBER_LIKE.fullmatch(safe)
    assert (
        safe.startswith("'")
        or not safe.lstrip("'").startswith(FORMULA_START)
        or (NUMBER_LIKE.fullmatch(safe.lstrip("'")))
    )
    assert cell_restored(safe) == text
