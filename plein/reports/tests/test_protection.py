"""Small-cell protection: what is shown, and proof by brute force that hidden counts stay hidden."""

import itertools
import random

from plein.reports.protection import (
    SHOWN,
    SMALL,
    SUPPRESSED,
    Cell,
    change_between,
    protect_grid,
    protect_list,
    protect_value,
    share_of,
)

T = 5


def test_counts_from_one_to_four_show_as_less_than_five():
    assert [protect_value(n, threshold=T).text for n in (0, 1, 4, 5, 12)] == [
        "0",
        "<5",
        "<5",
        "5",
        "12",
    ]


def test_a_higher_threshold_hides_more():
    assert protect_value(7, threshold=10).text == "<10"


def test_zero_is_shown():
    cells, total = protect_list([0, 0, 9], threshold=T)
    assert [c.text for c in cells] == ["0", "0", "9"] and total.text == "9"


def test_one_small_count_in_a_list_hides_the_next_smallest_too():
    cells, total = protect_list([20, 3, 8, 11], threshold=T)
    assert [c.state for c in cells] == [SHOWN, SMALL, SUPPRESSED, SHOWN]
    assert [c.text for c in cells] == ["20", "<5", "×", "11"]
    assert total.text == "42"


def test_small_counts_alone_in_a_list_take_a_larger_count_with_them():
    # 4 + 4 = 8 would give both away; so would 1 + 1 = 2.
    cells, total = protect_list([20, 4, 4, 30], threshold=T)
    assert [c.state for c in cells] == [SUPPRESSED, SMALL, SMALL, SHOWN]
    assert total.text == "58"


def test_a_small_count_alone_among_zeros_hides_the_total():
    cells, total = protect_list([0, 3, 0], threshold=T)
    assert cells[1].state == SMALL and total.hidden


def test_grid_hides_a_second_cell_in_row_and_column():
    grid = protect_grid([[10, 2, 7], [6, 9, 8]], threshold=T)
    states = [[c.state for c in row] for row in grid.cells]
    # 2 is small; in its row 7 is the next smallest, in its column 9; then row 2 and column 3
    # each have one hidden cell, so 8 goes too.
    assert states == [[SHOWN, SMALL, SUPPRESSED], [SHOWN, SUPPRESSED, SUPPRESSED]]
    assert [t.state for t in grid.row_totals + grid.column_totals] == [SHOWN] * 5
    assert not grid.total.hidden and grid.total.value == 42


def test_change_is_hidden_when_either_period_is_hidden():
    assert change_between(Cell(10), Cell(4, SMALL)) is None
    assert change_between(Cell(10), Cell(6)) == 4


def test_share_is_hidden_when_the_rest_is_small():
    whole = protect_value(12, threshold=T)
    assert share_of(protect_value(9, threshold=T), whole, threshold=T, protected=True) is None
    assert share_of(protect_value(6, threshold=T), whole, threshold=T, protected=True) == 50.0
    assert share_of(protect_value(9, threshold=T), whole, threshold=T, protected=False) == 75.0


# --- Brute force: an attacker who sees the table and knows the rules -------------------------
#
# The attacker knows: shown numbers exactly; "<5" is 1..4; "×" is at least 5 (smaller counts
# are "<5" themselves, and zeros are never hidden); every row and column adds up to its total.
# A hidden count is safe when at least two values fit everything that is shown.

SECONDARY_MAX = 40


def _domain(cell: Cell) -> range:
    if cell.state == SHOWN:
        return range(cell.value, cell.value + 1)
    return range(1, T) if cell.state == SMALL else range(T, SECONDARY_MAX + 1)


def _row_options(cells: list[Cell], total: Cell):
    for values in itertools.product(*(_domain(c) for c in cells)):
        if sum(values) in _domain(total):
            yield values


def _feasible_grids(grid):
    pairs = zip(grid.cells, grid.row_totals, strict=True)
    rows = [list(_row_options(cells, total)) for cells, total in pairs]
    for combination in itertools.product(*rows):
        columns = [sum(col) for col in zip(*combination, strict=True)]
        if all(s in _domain(t) for s, t in zip(columns, grid.column_totals, strict=True)) and sum(
            columns
        ) in _domain(grid.total):
            yield combination


def _assert_small_cells_cannot_be_recovered(table):
    grid = protect_grid(table, threshold=T)
    solutions = list(_feasible_grids(grid))
    assert solutions, "the true table must fit what is shown"
    for r, row in enumerate(grid.cells):
        for c, cell in enumerate(row):
            if cell.state == SMALL:
                possible = {solution[r][c] for solution in solutions}
                assert len(possible) >= 2, (table, r, c, possible)


def test_no_small_count_can_be_recovered_from_random_tables():
    rng = random.Random(3)
    for _ in range(150):
        n_rows, n_columns = rng.choice([(1, 3), (2, 2), (2, 3), (3, 2)])
        table = [
            [rng.choice([0, 1, 2, 3, 6, 8, 12]) for _ in range(n_columns)] for _ in range(n_rows)
        ]
        _assert_small_cells_cannot_be_recovered(table)


def test_no_small_count_can_be_recovered_from_a_list():
    for values in itertools.product([0, 1, 4, 5, 9], repeat=3):
        cells, total = protect_list(list(values), threshold=T)
        options = [
            v for v in itertools.product(*(_domain(c) for c in cells)) if sum(v) in _domain(total)
        ]
        for i, cell in enumerate(cells):
            if cell.state == SMALL:
                assert len({option[i] for option in options}) >= 2, values
