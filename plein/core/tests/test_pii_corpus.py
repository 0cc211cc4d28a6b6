"""The personal-data guard over a corpus of desk notes: how many personal ones it catches at the
right level, and how many ordinary ones it leaves alone. Both rates are printed at the end of
the test run ("figures") and must stay within the bounds below."""

import datetime

from plein.core import pii
from plein.core.tests.pii_corpus import ORDINARY, PERSONAL

TODAY = datetime.date(2026, 12, 4)
# Issue 10: at least 60 of each kind.
MINIMUM_CORPUS = 60
MIN_CAUGHT = 0.95
MAX_FALSE_ALARMS = 0.05


def level(text: str) -> str | None:
    if pii.personal_data_problems(text, today=TODAY):
        return "hard"
    if pii.likely_names(text):
        return "soft"
    return None


def test_the_corpus_is_large_enough():
    assert len(ORDINARY) >= MINIMUM_CORPUS
    assert len(PERSONAL) >= MINIMUM_CORPUS
    assert len(set(ORDINARY)) == len(ORDINARY)
    assert len({text for text, _ in PERSONAL}) == len(PERSONAL)


def test_personal_data_is_caught_at_its_level(record_property):
    missed = [(text, want, level(text)) for text, want in PERSONAL if level(text) != want]
    caught = 1 - len(missed) / len(PERSONAL)
    record_property(
        "figure",
        f"personal-data guard: {len(PERSONAL) - len(missed)} of {len(PERSONAL)} personal notes "
        f"caught at the right level ({caught:.0%})",
    )
    assert caught >= MIN_CAUGHT, missed


def test_ordinary_notes_pass(record_property):
    alarms = [(text, level(text)) for text in ORDINARY if level(text) is not None]
    rate = len(alarms) / len(ORDINARY)
    record_property(
        "figure",
        f"personal-data guard: {len(alarms)} of {len(ORDINARY)} ordinary notes stopped "
        f"({rate:.0%} false alarms)",
    )
    assert rate <= MAX_FALSE_ALARMS, alarms
