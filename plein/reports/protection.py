"""Small-cell protection: pure functions over plain numbers, used by the views and every export.

The rules (shown on the dashboard, see PROTECTION_RULES):
- a count from 1 up to the threshold − 1 shows as "<5" (primary suppression);
- 0 shows as 0: knowing that nobody asked something reveals nothing about a person;
- a table is a set of lines (a row with its total, a column with its total, a list with its
  total). When a line has exactly one hidden number, the total and the other numbers would give
  it away, so the smallest other non-zero number of that line is hidden too, shown as "×"; when
  there is none, the line's total is hidden. The same happens when a line hides only "<5"
  numbers while its total shows, because their sum and their bounds can pin them down
  (4 + 4 = 8, 1 + 1 = 2). Then an audit narrows the possible range of every hidden number
  through all lines, as an onlooker who knows these rules could; while one closes to a single
  value, one more number of its line is hidden. This repeats until no
  line gives a hidden number away (secondary suppression);
- known limit: the audit narrows ranges one line at a time; combining several lines at once
  (linear programming) can, in rare dense tables of small counts, still pin a hidden number
  (about 1 in 300 random 3×3 tables of 0–12 in our brute-force runs; none of 1 × n lists);
- a change against the previous period shows only when both periods' numbers show, and a share
  only when its part and the rest both show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.utils.translation import gettext_lazy as _

SHOWN, SMALL, SUPPRESSED = "shown", "small", "suppressed"

PROTECTION_RULES = _(
    "Aantallen van 1 tot {threshold} tonen als “<{threshold}”. Is in een rij of kolom maar één "
    "aantal verborgen, dan wordt ook het kleinste andere aantal (of het totaal) verborgen en "
    "getoond als “×”, zodat het verborgen aantal niet uit de totalen te berekenen is. 0 wordt "
    "gewoon getoond."
)

Coordinate = tuple[int, int]


V = TypeVar("V", int, float)


@dataclass(frozen=True)
class Cell(Generic[V]):
    value: V  # a count (a share or a median in the referral report's Measure)
    state: str = SHOWN
    threshold: int = 5

    @property
    def hidden(self) -> bool:
        return self.state != SHOWN

    @property
    def text(self) -> str:
        if self.state == SMALL:
            return f"<{self.threshold}"
        return "×" if self.state == SUPPRESSED else str(self.value)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ProtectedGrid:
    cells: list[list[Cell[int]]]
    row_totals: list[Cell[int]]
    column_totals: list[Cell[int]]
    total: Cell[int]


Line = tuple[list[Coordinate], Coordinate]
UNBOUNDED = 10**12


def suppress(values: dict[Coordinate, int], lines: list[Line], threshold: int) -> dict:
    """The state of every coordinate, given lines of (members, total) that add up.

    First the line rules; then an audit works out, line by line, the narrowest range each hidden
    number could have, as someone knowing these rules would. While a hidden number's range
    closes to a single value, one more number of its line is hidden.
    """
    small = {c for c, value in values.items() if 0 < value < threshold}
    hidden = set(small)
    while True:
        _apply_line_rules(values, lines, hidden, small)
        exposed = _exposed(values, lines, hidden, small, threshold)
        if not exposed:
            break
        if any(_hide_one_more(values, lines, hidden, c) for c in exposed):
            continue
        # Every line of the exposed numbers is hidden already: the value leaks through a total
        # elsewhere, so hide a shown total of a line with hidden numbers.
        if not _hide_a_total(lines, hidden):
            break
    return {c: SMALL if c in small else SUPPRESSED if c in hidden else SHOWN for c in values}


def _apply_line_rules(values, lines: list[Line], hidden: set, small: set) -> None:
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            line_hidden = [c for c in (*members, total) if c in hidden]
            # One hidden number is the total minus the others. Only "<5" numbers hidden while
            # the total shows: their sum and their bounds can pin them (4 + 4 = 8, 1 + 1 = 2).
            only_small = total not in hidden and all(c in small for c in line_hidden)
            if len(line_hidden) == 1 or (line_hidden and only_small):
                changed |= _hide_one_more(values, [(members, total)], hidden, line_hidden[0])


def _hide_one_more(values, lines: list[Line], hidden: set, exposed: Coordinate) -> bool:
    """Hide the smallest shown non-zero number of a line holding `exposed` (else its total)."""
    for members, total in lines:
        if exposed not in (*members, total):
            continue
        candidates = [c for c in members if c not in hidden and values[c] > 0]
        if candidates:
            hidden.add(min(candidates, key=lambda c: (values[c], c)))
            return True
        if total not in hidden:
            hidden.add(total)
            return True
    return False


def _hide_a_total(lines: list[Line], hidden: set) -> bool:
    for members, total in reversed(lines):
        if total not in hidden and any(m in hidden for m in members):
            hidden.add(total)
            return True
    return False


def _exposed(values, lines: list[Line], hidden: set, small: set, threshold: int) -> list:
    """The hidden coordinates whose value follows from what is shown.

    Known to an onlooker: shown numbers; "<5" is 1..t-1; "×" is at least t (smaller counts
    are "<5" themselves, zeros are never hidden); each line adds up. The ranges are narrowed
    line by line until they no longer change.
    """
    low = {c: values[c] for c in values}
    high = dict(low)
    for c in hidden:
        low[c], high[c] = (1, threshold - 1) if c in small else (threshold, UNBOUNDED)
    for _round in range(100):
        changed = False
        for members, total in lines:
            changed |= _narrow(low, high, members, total)
        if not changed:
            break
    return [c for c in sorted(hidden) if low[c] >= high[c]]


def _narrow(low: dict, high: dict, members: list[Coordinate], total: Coordinate) -> bool:
    before = (low[total], high[total])
    low_sum, high_sum = sum(low[m] for m in members), sum(high[m] for m in members)
    low[total], high[total] = max(low[total], low_sum), min(high[total], high_sum)
    changed = before != (low[total], high[total])
    for m in members:
        new_low = max(low[m], low[total] - (high_sum - high[m]))
        new_high = min(high[m], high[total] - (low_sum - low[m]))
        if (new_low, new_high) != (low[m], high[m]):
            low[m], high[m], changed = new_low, new_high, True
    return changed


def protect_grid(cells: list[list[int]], *, threshold: int) -> ProtectedGrid:
    """A two-way table with row totals, column totals and a grand total, protected as a whole."""
    n_rows, n_columns = len(cells), len(cells[0]) if cells else 0
    values = {(r, c): cells[r][c] for r in range(n_rows) for c in range(n_columns)}
    # Totals live in the extra row/column at index n_rows / n_columns.
    for r in range(n_rows):
        values[(r, n_columns)] = sum(cells[r])
    for c in range(n_columns):
        values[(n_rows, c)] = sum(row[c] for row in cells)
    values[(n_rows, n_columns)] = sum(map(sum, cells))
    lines = [([(r, c) for c in range(n_columns)], (r, n_columns)) for r in range(n_rows + 1)]
    lines += [([(r, c) for r in range(n_rows)], (n_rows, c)) for c in range(n_columns + 1)]
    states = suppress(values, lines, threshold)

    def cell(r: int, c: int) -> Cell[int]:
        return Cell(values[(r, c)], states[(r, c)], threshold)

    return ProtectedGrid(
        cells=[[cell(r, c) for c in range(n_columns)] for r in range(n_rows)],
        row_totals=[cell(r, n_columns) for r in range(n_rows)],
        column_totals=[cell(n_rows, c) for c in range(n_columns)],
        total=cell(n_rows, n_columns),
    )


def protect_list(values: list[int], *, threshold: int) -> tuple[list[Cell[int]], Cell[int]]:
    """A list of counts with their total (the total is the sum of the list)."""
    coords = {(0, i): value for i, value in enumerate(values)}
    coords[(0, len(values))] = sum(values)
    states = suppress(coords, [(list(coords)[:-1], (0, len(values)))], threshold)
    cells = [Cell(v, states[c], threshold) for c, v in coords.items()]
    return cells[:-1], cells[-1]


def protect_value(value: int, *, threshold: int) -> Cell[int]:
    return Cell(value, SMALL if 0 < value < threshold else SHOWN, threshold)


def change_between(current: Cell[int], previous: Cell[int]) -> int | None:
    """The change against the previous period, or None when either number is hidden."""
    if current.hidden or previous.hidden:
        return None
    return current.value - previous.value


def share_of(part: Cell[int], whole: Cell[int], *, threshold: int, protected: bool) -> float | None:
    """part/whole as a percentage; hidden when the part or the rest would reveal a small count."""
    if whole.value == 0:
        return None
    if protected:
        rest = protect_value(whole.value - part.value, threshold=threshold)
        if part.hidden or whole.hidden or rest.hidden:
            return None
    return round(100 * part.value / whole.value, 1)
