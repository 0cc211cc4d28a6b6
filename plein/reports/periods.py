"""Small-cell protection that holds across a funder's periods (issue 10, §3).

A funder chooses whole calendar months, quarters or years that are over (forms.FIXED_PERIODS).
Each month's tables are protected on their own (protection.py). A longer period's table shows
a count exactly where every one of its months shows that count; any other count is hidden as
"×", whatever its size. So every number a funder sees for a longer period is the sum of
numbers shown for its months: subtracting periods, or months from a period, yields only sums
of shown month numbers, never a number a month hides (docs/reports.md explains the choice).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from plein.reports import protection, selectors
from plein.reports.protection import SHOWN, SUPPRESSED, Cell
from plein.reports.selectors import ReportScope, Totals
from plein.reports.tables import TOTAL_LABELS, Table

Key = tuple[str, str]  # (row label, column label)


def _hidden(tables: list[Table]) -> set[Key]:
    """The (row, column) labels hidden in any of the tables."""
    hidden = set()
    for table in tables:
        lines = [*table.rows, table.footer] if table.footer else table.rows
        for label, cells in lines:
            for column, cell in zip(table.columns, cells, strict=True):
                if cell.hidden:
                    hidden.add((label, column))
    return hidden


def _hide(cell: Cell) -> Cell:
    return replace(cell, state=SUPPRESSED)


def _shown(cell: Cell) -> Cell:
    # A count every month shows is their sum, public already; a share or a median (a
    # subclass of Cell) keeps its own state.
    return replace(cell, state=SHOWN) if type(cell) is Cell else cell


def _with_hidden(table: Table, hidden: Callable[[str, str, Cell], bool]) -> Table:
    def line(label: str, cells: list[Cell]) -> tuple[str, list[Cell]]:
        columns = zip(table.columns, cells, strict=True)
        return label, [_hide(c) if hidden(label, column, c) else _shown(c) for column, c in columns]

    rows = [line(label, cells) for label, cells in table.rows]
    footer = line(*table.footer) if table.footer else None
    return replace(table, rows=rows, footer=footer)


def table_consistent(table: Table, months: list[Table]) -> Table:
    """The period's table with a count shown exactly where every month shows it (a row or
    column a month lacks is 0 there, which shows)."""
    hidden_in_a_month = _hidden(months)

    def hidden(label: str, column: str, cell: Cell) -> bool:
        # A small count is never a sum of shown months; a guard, should that ever change.
        small = type(cell) is Cell and 0 < cell.value < cell.threshold
        return (label, column) in hidden_in_a_month or small

    return _with_hidden(table, hidden)


def _totals_hidden(totals: list[Totals], threshold: int) -> set[str]:
    return {
        str(label)
        for name, label in TOTAL_LABELS.items()
        if any(
            protection.protect_value(getattr(t, name), threshold=threshold).hidden for t in totals
        )
    }


def totals_consistent(table: Table, scope: ReportScope, months: list[Table]) -> Table:
    """The totals: this period's numbers as its months show them, the previous period's as
    its months would, and a change only where both show."""
    now_hidden = {label for label, column in _hidden(months) if column == months[0].columns[0]}
    before = [selectors.report_totals(scope=month)[0] for month in scope.previous().months()]
    before_hidden = _totals_hidden(before, scope.threshold)

    def line(label: str, cells: list[Cell]) -> tuple[str, list[Cell]]:
        now, previous, change = cells
        now = _hide(now) if label in now_hidden else now
        previous = _hide(previous) if label in before_hidden else previous
        change = _hide(change) if now.hidden or previous.hidden else change
        return label, [now, previous, change]

    return replace(table, rows=[line(label, cells) for label, cells in table.rows])


def series_consistent(table: Table, months: list[Table]) -> Table:
    """Questions per month: a month shows as its own total of questions does."""
    questions = str(TOTAL_LABELS["questions"])
    hidden_months = [
        any(cells[0].hidden for label, cells in month.rows if label == questions)
        for month in months
    ]
    rows = [
        (label, [_hide(cells[0]) if hidden else _shown(cells[0])])
        for (label, cells), hidden in zip(table.rows, hidden_months, strict=True)
    ]
    footer = table.footer
    if footer:
        total = footer[1][0]
        footer = (footer[0], [_hide(total) if any(hidden_months) else _shown(total)])
    return replace(table, rows=rows, footer=footer)


def dashboard_consistent(
    scope: ReportScope, tables: dict[str, Table], months: list[dict[str, Table]]
) -> dict[str, Table]:
    """Every table of a funder's dashboard over several months, consistent with its months'
    dashboards (`months`, in order)."""
    result = {}
    for key, table in tables.items():
        if key == "totals":
            result[key] = totals_consistent(table, scope, [m["totals"] for m in months])
        elif key == "series":
            result[key] = series_consistent(table, [m["totals"] for m in months])
        else:
            result[key] = table_consistent(table, [m[key] for m in months if key in m])
    return result


def needs_months(scope: ReportScope) -> bool:
    """Whether the scope's numbers must agree with those of the months inside it."""
    return scope.fixed and scope.protected and len(scope.months()) > 1
