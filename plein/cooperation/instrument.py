"""The self-assessment's instrument: five phases of network cooperation, their aspects and the
statements a partner answers, in Plein's own wording (data/instrument_v<N>.json, Dutch and
English). A round stores the version it used; a published version is never edited, so the
rounds that used it stay comparable. Aspects are compared across rounds by their code.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data"
CURRENT_VERSION = 1
# The answer scale: 1 (strongly disagree) to 5 (strongly agree); "weet niet" is stored as empty.
SCALE_MIN, SCALE_MAX = 1, 5


def _local(texts: dict[str, str]) -> str:
    return texts["en"] if (get_language() or "nl").startswith("en") else texts["nl"]


@dataclass(frozen=True)
class Statement:
    code: str
    texts: dict[str, str]

    @property
    def text(self) -> str:
        return _local(self.texts)


@dataclass(frozen=True)
class Aspect:
    code: str
    names: dict[str, str]
    statements: tuple[Statement, ...]

    @property
    def name(self) -> str:
        return _local(self.names)


@dataclass(frozen=True)
class Phase:
    code: str
    names: dict[str, str]
    aspects: tuple[Aspect, ...]

    @property
    def name(self) -> str:
        return _local(self.names)


@dataclass(frozen=True)
class Instrument:
    version: int
    phases: tuple[Phase, ...]

    @property
    def aspects(self) -> list[Aspect]:
        return [aspect for phase in self.phases for aspect in phase.aspects]

    @property
    def statements(self) -> list[Statement]:
        return [statement for aspect in self.aspects for statement in aspect.statements]

    @property
    def statement_codes(self) -> set[str]:
        return {statement.code for statement in self.statements}


@functools.cache
def instrument(version: int = CURRENT_VERSION) -> Instrument:
    raw = json.loads((DATA / f"instrument_v{version}.json").read_text(encoding="utf-8"))
    phases = tuple(
        Phase(
            code=phase["code"],
            names=phase["name"],
            aspects=tuple(
                Aspect(
                    code=aspect["code"],
                    names=aspect["name"],
                    statements=tuple(
                        Statement(code=s["code"], texts=s["text"]) for s in aspect["statements"]
                    ),
                )
                for aspect in phase["aspects"]
            ),
        )
        for phase in raw["phases"]
    )
    return Instrument(version=raw["version"], phases=phases)
