"""The network's results of a round: pure functions over the scores, no queries.

Each partner weighs the same: a partner's score for an aspect (or phase) is the mean of its
known answers there ("weet niet" is left out), and the network's score is the mean of the
partners' scores. Small-cell protection, like the reports (plein.reports.protection) but for
means: nothing shows below MIN_RESPONSES answered forms; an aspect or phase shows only when at
least MIN_RESPONSES partners gave a known answer there; its spread (lowest and highest partner)
only from SPREAD_MIN_PARTNERS, because with fewer a partner who knows its own score could work
out the others' from the mean and the extremes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean

from plein.cooperation.instrument import Instrument

MIN_RESPONSES = 3
SPREAD_MIN_PARTNERS = 5

Scores = Mapping[str, int | None]  # statement code -> score, None is "weet niet"


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    partners: int  # partners with at least one known answer here
    mean: float | None  # None: too few partners to show
    low: float | None = None
    high: float | None = None
    previous: float | None = None  # the previous round's mean, when both rounds show it

    @property
    def change(self) -> float | None:
        if self.mean is None or self.previous is None:
            return None
        return round(self.mean - self.previous, 1)


@dataclass(frozen=True)
class Results:
    responses: int
    shown: bool
    aspects: list[Measure]
    phases: list[Measure]


def _partner_means(forms: list[Scores], codes: list[str]) -> list[float]:
    means = []
    for scores in forms:
        known = [scores[code] for code in codes if scores.get(code) is not None]
        if known:
            means.append(fmean(v for v in known if v is not None))
    return means


def _measure(code: str, name: str, partner_means: list[float], previous) -> Measure:
    count = len(partner_means)
    if count < MIN_RESPONSES:
        return Measure(code, name, count, None)
    spread = count >= SPREAD_MIN_PARTNERS
    return Measure(
        code,
        name,
        count,
        round(fmean(partner_means), 1),
        low=round(min(partner_means), 1) if spread else None,
        high=round(max(partner_means), 1) if spread else None,
        previous=previous.get(code) if previous else None,
    )


def results_compute(
    *, instrument: Instrument, forms: Iterable[Scores], previous: Results | None = None
) -> Results:
    """The results of one round; `previous` (the round before, same instrument) for the trend."""
    forms = list(forms)
    if len(forms) < MIN_RESPONSES:
        return Results(responses=len(forms), shown=False, aspects=[], phases=[])
    before = {m.code: m.mean for m in (previous.aspects + previous.phases)} if previous else {}
    aspects = [
        _measure(a.code, a.name, _partner_means(forms, [s.code for s in a.statements]), before)
        for a in instrument.aspects
    ]
    phases = []
    for phase in instrument.phases:
        codes = [s.code for a in phase.aspects for s in a.statements]
        phases.append(_measure(phase.code, phase.name, _partner_means(forms, codes), before))
    return Results(responses=len(forms), shown=True, aspects=aspects, phases=phases)
