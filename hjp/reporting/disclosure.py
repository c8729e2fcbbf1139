"""Disclosure control for every aggregate shown outside an organisation (NHS Digital method).

A count is shown only if it cannot point to a few people:

1. Primary suppression. A count from 0 to the partnership's threshold (7 by default) is
   suppressed, shown as `*`; 0 too, to be safe, since "nobody" is itself a disclosure. Any
   other count is rounded to the nearest multiple of the rounding base (5 by default), halves
   rounding up: 8 -> 10, 12 -> 10, 13 -> 15. A count whose rounded value would itself fall at
   or below the threshold (a threshold of 6 with a base of 5 rounds 7 down to 5) is suppressed
   as well, so that no shown count ever lies in 0..threshold.
2. Totals are controlled from the raw counts, never added up from the rounded ones.
3. Secondary suppression. A breakdown is a set of lines, each some cells and their total: a
   series is one line; a table has a line per row and per column, plus the line of column
   totals (whose total is the grand total) and the line of row totals (likewise). Wherever a
   line has exactly one suppressed entry among its cells and total, that entry could be worked
   out from the rest, so the smallest shown cell of the line is suppressed too (ties go to the
   first); if no cell of the line is shown, its total is suppressed. This repeats over all
   lines until none changes. Each step suppresses one more entry, so it ends, and at the end no
   line has exactly one suppressed entry: in particular, in every row and column whose total
   is shown, the suppressed cells are never exactly one. The cell to suppress is chosen by its
   shown value, so the choice itself says nothing about the raw counts.

Rates and means are computed from the controlled figures, so they reveal no more than those.
Money is shown only when at least `money_minimum_people` people contributed to it, and then in
whole pounds.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

RULES_THRESHOLD_NEGATIVE = "The disclosure threshold cannot be negative."
RULES_ROUNDING_NOT_POSITIVE = "Counts must be rounded to a multiple of at least 1."
RULES_MONEY_PEOPLE_NOT_POSITIVE = "Money needs at least one person behind it to be shown."
COUNT_NEGATIVE = "A count cannot be negative."
MONEY_NEGATIVE = "A money total cannot be negative."
TABLE_RAGGED = "Every row of a table must have the same number of cells."

PENCE_PER_POUND = 100

Position = tuple[int, int]
Label = TypeVar("Label", bound=Hashable)


class HasDisclosureSettings(Protocol):
    """Anything that carries a partnership's disclosure settings."""

    disclosure_threshold: int
    disclosure_rounding: int


@dataclass(frozen=True)
class Rules:
    """How counts and money are controlled before they leave an organisation."""

    threshold: int = 7
    rounding: int = 5
    money_minimum_people: int = 8

    def __post_init__(self) -> None:
        if self.threshold < 0:
            raise ValueError(RULES_THRESHOLD_NEGATIVE)
        if self.rounding < 1:
            raise ValueError(RULES_ROUNDING_NOT_POSITIVE)
        if self.money_minimum_people < 1:
            raise ValueError(RULES_MONEY_PEOPLE_NOT_POSITIVE)

    @classmethod
    def of(cls, partnership: HasDisclosureSettings) -> "Rules":
        """The rules a partnership has chosen for its counts."""
        return cls(
            threshold=partnership.disclosure_threshold,
            rounding=partnership.disclosure_rounding,
        )


@dataclass(frozen=True)
class ControlledTable:
    """A two-way table after disclosure control; `None` is a suppressed entry (`*`)."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    grand_total: int | None


@dataclass(frozen=True)
class _Line:
    cells: tuple[Position, ...]
    total: Position


def _round_half_up(n: int, *, base: int) -> int:
    return (2 * n + base) // (2 * base) * base


def control_count(n: int, *, rules: Rules) -> int | None:
    """The count as it may be shown: rounded, or `None` when it is small enough to identify."""
    if n < 0:
        raise ValueError(COUNT_NEGATIVE)
    if n <= rules.threshold:
        return None
    rounded = _round_half_up(n, base=rules.rounding)
    return None if rounded <= rules.threshold else rounded


def rate(*, numerator: int | None, denominator: int | None) -> float | None:
    """A proportion of two controlled counts; `None` when either is suppressed or the base is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def mean(*, total: int | float | None, count: int | None) -> float | None:
    """An average over a controlled count; `None` when either is suppressed or the count is 0."""
    if total is None or count is None or count == 0:
        return None
    return total / count


def money_total(*, total_pence: int, people: int, rules: Rules) -> int | None:
    """A sum of money in pence, rounded to whole pounds, or `None` when too few people gave it."""
    if total_pence < 0:
        raise ValueError(MONEY_NEGATIVE)
    if people < rules.money_minimum_people:
        return None
    return _round_half_up(total_pence, base=PENCE_PER_POUND)


def _suppress_until_protected(
    shown: dict[Position, int | None], lines: Sequence[_Line]
) -> dict[Position, int | None]:
    shown = dict(shown)
    changed = True
    while changed:
        changed = False
        for line in lines:
            entries = (*line.cells, line.total)
            if sum(shown[position] is None for position in entries) != 1:
                continue
            candidates = [p for p in line.cells if shown[p] is not None]
            if candidates:
                order = {position: index for index, position in enumerate(line.cells)}
                shown[min(candidates, key=lambda p: (shown[p], order[p]))] = None
                changed = True
            elif shown[line.total] is not None:
                shown[line.total] = None
                changed = True
    return shown


def control_series(
    counts: Mapping[Label, int], *, rules: Rules
) -> tuple[dict[Label, int | None], int | None]:
    """A one-way breakdown and its total, controlled so no suppressed count can be recovered."""
    labels = list(counts)
    total_position = (0, len(labels))
    shown: dict[Position, int | None] = {
        (0, index): control_count(counts[label], rules=rules) for index, label in enumerate(labels)
    }
    shown[total_position] = control_count(sum(counts.values()), rules=rules)
    line = _Line(cells=tuple((0, index) for index in range(len(labels))), total=total_position)
    shown = _suppress_until_protected(shown, [line])
    return {label: shown[(0, index)] for index, label in enumerate(labels)}, shown[total_position]


def _table_lines(rows: int, columns: int) -> list[_Line]:
    # Row and column `rows`/`columns` hold the totals, so (rows, columns) is the grand total.
    lines = [
        _Line(cells=tuple((row, column) for column in range(columns)), total=(row, columns))
        for row in range(rows + 1)
    ]
    lines += [
        _Line(cells=tuple((row, column) for row in range(rows)), total=(rows, column))
        for column in range(columns + 1)
    ]
    return lines


def control_table(cells: Sequence[Sequence[int]], *, rules: Rules) -> ControlledTable:
    """A two-way table with its totals, controlled so that no suppressed cell can be recovered."""
    rows = len(cells)
    columns = len(cells[0]) if cells else 0
    if any(len(row) != columns for row in cells):
        raise ValueError(TABLE_RAGGED)
    raw: dict[Position, int] = {
        (row, column): cells[row][column] for row in range(rows) for column in range(columns)
    }
    for row in range(rows):
        raw[(row, columns)] = sum(cells[row])
    for column in range(columns + 1):
        raw[(rows, column)] = sum(raw[(row, column)] for row in range(rows))
    shown = {position: control_count(n, rules=rules) for position, n in raw.items()}
    shown = _suppress_until_protected(shown, _table_lines(rows, columns))
    return ControlledTable(
        cells=[[shown[(row, column)] for column in range(columns)] for row in range(rows)],
        row_totals=[shown[(row, columns)] for row in range(rows)],
        column_totals=[shown[(rows, column)] for column in range(columns)],
        grand_total=shown[(rows, columns)],
    )
