"""Disclosure control: small counts suppressed, others rounded, nothing recoverable from totals."""

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hjp.partnerships.models import Partnership
from hjp.reporting.disclosure import (
    COUNT_NEGATIVE,
    MONEY_NEGATIVE,
    RULES_MONEY_PEOPLE_NOT_POSITIVE,
    RULES_ROUNDING_NOT_POSITIVE,
    RULES_THRESHOLD_NEGATIVE,
    TABLE_RAGGED,
    ControlledTable,
    Rules,
    control_count,
    control_series,
    control_table,
    mean,
    money_total,
    rate,
)

DEFAULT = Rules()

# The settings a partnership may choose (see the model's validators).
rules_strategy = st.builds(
    Rules,
    threshold=st.integers(min_value=0, max_value=20),
    rounding=st.integers(min_value=1, max_value=10),
)
# Mostly small numbers, so that suppression, and the cascade it starts, is common.
counts = st.one_of(st.integers(min_value=0, max_value=12), st.integers(min_value=0, max_value=80))
tables = st.integers(min_value=1, max_value=6).flatmap(
    lambda columns: st.lists(
        st.lists(counts, min_size=columns, max_size=columns), min_size=1, max_size=6
    )
)


def lines_of(table: ControlledTable) -> list[list[int | None]]:
    """Every row and column, each with its total last, including the rows and columns of totals."""
    rows = [[*cells, total] for cells, total in zip(table.cells, table.row_totals, strict=True)]
    rows.append([*table.column_totals, table.grand_total])
    columns = [list(column) for column in zip(*rows, strict=True)]
    return rows + columns


def test_the_default_rules_are_the_nhs_digital_ones():
    assert Rules(threshold=7, rounding=5, money_minimum_people=8) == DEFAULT


def test_rules_are_read_from_a_partnerships_settings():
    partnership = SimpleNamespace(disclosure_threshold=10, disclosure_rounding=10)
    assert Rules.of(partnership) == Rules(threshold=10, rounding=10)


def test_a_new_partnership_starts_with_the_default_rules():
    assert Rules.of(Partnership()) == DEFAULT


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"threshold": -1}, RULES_THRESHOLD_NEGATIVE),
        ({"rounding": 0}, RULES_ROUNDING_NOT_POSITIVE),
        ({"money_minimum_people": 0}, RULES_MONEY_PEOPLE_NOT_POSITIVE),
    ],
)
def test_rules_that_would_control_nothing_are_refused(fields, message):
    with pytest.raises(ValueError, match=message):
        Rules(**fields)


@pytest.mark.parametrize("n", range(8))
def test_counts_from_0_to_7_are_suppressed(n):
    assert control_count(n, rules=DEFAULT) is None


@pytest.mark.parametrize(
    ("n", "shown"),
    [(8, 10), (10, 10), (12, 10), (13, 15), (17, 15), (18, 20), (22, 20), (23, 25), (1234, 1235)],
)
def test_other_counts_are_rounded_to_the_nearest_5(n, shown):
    assert control_count(n, rules=DEFAULT) == shown


@pytest.mark.parametrize(("n", "shown"), [(15, 20), (24, 20), (25, 30)])
def test_halves_round_up(n, shown):
    assert control_count(n, rules=Rules(rounding=10)) == shown


def test_a_count_that_would_round_down_into_the_suppressed_range_is_suppressed():
    rules = Rules(threshold=6, rounding=5)
    assert control_count(7, rules=rules) is None
    assert control_count(8, rules=rules) == 10


def test_a_threshold_of_0_still_suppresses_0():
    rules = Rules(threshold=0, rounding=1)
    assert control_count(0, rules=rules) is None
    assert control_count(1, rules=rules) == 1


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match=COUNT_NEGATIVE):
        control_count(-1, rules=DEFAULT)


@given(st.integers(min_value=0, max_value=10_000), rules_strategy)
def test_a_shown_count_is_above_the_threshold_a_multiple_of_the_rounding_and_near_the_count(
    n, rules
):
    shown = control_count(n, rules=rules)
    if n <= rules.threshold:
        assert shown is None
    if shown is not None:
        assert shown > rules.threshold
        assert shown % rules.rounding == 0
        assert abs(shown - n) * 2 <= rules.rounding


@given(st.integers(min_value=0, max_value=1_000), rules_strategy)
def test_a_larger_count_is_never_suppressed_when_a_smaller_one_is_shown(n, rules):
    if control_count(n, rules=rules) is not None:
        assert control_count(n + 1, rules=rules) is not None


def test_a_rate_is_the_ratio_of_the_controlled_counts():
    assert rate(numerator=10, denominator=40) == 0.25


@pytest.mark.parametrize(("numerator", "denominator"), [(None, 40), (10, None), (10, 0)])
def test_a_rate_of_a_suppressed_count_or_of_nothing_is_not_given(numerator, denominator):
    assert rate(numerator=numerator, denominator=denominator) is None


def test_a_mean_is_the_total_over_the_controlled_count():
    assert mean(total=150, count=20) == 7.5


@pytest.mark.parametrize(("total", "count"), [(None, 20), (150, None), (150, 0)])
def test_a_mean_of_a_suppressed_figure_or_of_nobody_is_not_given(total, count):
    assert mean(total=total, count=count) is None


def test_money_from_fewer_than_8_people_is_suppressed():
    assert money_total(total_pence=1_000_000, people=7, rules=DEFAULT) is None


@pytest.mark.parametrize(("pence", "shown"), [(12_349, 12_300), (12_350, 12_400), (0, 0)])
def test_money_from_8_people_or_more_is_shown_in_whole_pounds(pence, shown):
    assert money_total(total_pence=pence, people=8, rules=DEFAULT) == shown


def test_negative_money_is_refused():
    with pytest.raises(ValueError, match=MONEY_NEGATIVE):
        money_total(total_pence=-1, people=8, rules=DEFAULT)


def test_a_series_with_no_small_counts_is_only_rounded():
    shown, total = control_series({"Debt": 21, "Housing": 34}, rules=DEFAULT)
    assert shown == {"Debt": 20, "Housing": 35}
    assert total == 55


def test_one_suppressed_category_takes_the_next_smallest_with_it():
    shown, total = control_series({"Debt": 3, "Housing": 20, "Benefits": 30}, rules=DEFAULT)
    # Alone, Debt would be 55 - 20 - 30 = 5 give or take the rounding.
    assert shown == {"Debt": None, "Housing": None, "Benefits": 30}
    assert total == 55


def test_two_suppressed_categories_protect_each_other():
    shown, total = control_series({"A": 3, "B": 4, "C": 30, "D": 40}, rules=DEFAULT)
    assert shown == {"A": None, "B": None, "C": 30, "D": 40}
    assert total == 75


def test_the_total_of_a_series_is_controlled_from_the_raw_counts():
    # 12 + 12 + 12 = 36 -> 35, although the rounded counts add up to 30.
    shown, total = control_series({"A": 12, "B": 12, "C": 12}, rules=DEFAULT)
    assert shown == {"A": 10, "B": 10, "C": 10}
    assert total == 35


def test_an_empty_series_has_a_suppressed_total():
    assert control_series({}, rules=DEFAULT) == ({}, None)


@settings(max_examples=300)
@given(st.dictionaries(st.text(max_size=3), counts, max_size=8), rules_strategy)
def test_no_suppressed_category_of_a_series_can_be_recovered_from_its_total(series, rules):
    shown, total = control_series(series, rules=rules)
    assert shown.keys() == series.keys()
    suppressed = sum(value is None for value in shown.values())
    if total is not None:
        assert suppressed != 1
    for label, value in shown.items():
        if value is not None:
            assert value == control_count(series[label], rules=rules)


def test_a_table_cascades_its_secondary_suppression_through_rows_and_columns():
    table = control_table([[3, 20, 30], [15, 25, 40]], rules=DEFAULT)
    # Primary: 3 is suppressed. Row 1 (3, 20, 30 | 53 -> 55) has one suppressed cell, so its
    # smallest shown cell, 20, goes. Column 1 (3, 15 | 18 -> 20) then has one, so 15 goes;
    # column 2 (20, 25 | 45) has one, so 25 goes. Now every row and column has two or none.
    assert table == ControlledTable(
        cells=[[None, None, 30], [None, None, 40]],
        row_totals=[55, 80],
        column_totals=[20, 45, 70],
        grand_total=135,
    )


def test_a_column_whose_only_cell_is_suppressed_loses_its_total_too():
    table = control_table([[3, 20]], rules=DEFAULT)
    assert table == ControlledTable(
        cells=[[None, None]], row_totals=[25], column_totals=[None, None], grand_total=25
    )


def test_a_table_of_large_counts_is_only_rounded():
    table = control_table([[21, 34], [48, 52]], rules=DEFAULT)
    assert table == ControlledTable(
        cells=[[20, 35], [50, 50]], row_totals=[55, 100], column_totals=[70, 85], grand_total=155
    )


def test_an_empty_table_has_a_suppressed_grand_total():
    assert control_table([], rules=DEFAULT) == ControlledTable([], [], [], None)


def test_a_ragged_table_is_refused():
    with pytest.raises(ValueError, match=TABLE_RAGGED):
        control_table([[10, 20], [30]], rules=DEFAULT)


@settings(max_examples=300)
@given(tables, rules_strategy)
def test_no_shown_count_of_a_table_is_at_or_below_the_threshold_or_off_the_rounding(cells, rules):
    table = control_table(cells, rules=rules)
    for line in lines_of(table):
        for value in line:
            assert value is None or (value > rules.threshold and value % rules.rounding == 0)


@settings(max_examples=300)
@given(tables, rules_strategy)
def test_no_suppressed_cell_of_a_table_can_be_recovered_from_its_row_or_column_total(cells, rules):
    table = control_table(cells, rules=rules)
    for line in lines_of(table):
        *line_cells, total = line
        if total is not None:
            assert sum(value is None for value in line_cells) != 1
        # Nor can a suppressed total be recovered from cells that are all shown.
        assert sum(value is None for value in line) != 1


@settings(max_examples=200)
@given(tables, rules_strategy)
def test_every_shown_entry_of_a_table_is_its_own_controlled_count(cells, rules):
    table = control_table(cells, rules=rules)
    for row, values in enumerate(table.cells):
        for column, value in enumerate(values):
            primary = control_count(cells[row][column], rules=rules)
            assert value in (None, primary)
            if primary is None:
                assert value is None
        assert table.row_totals[row] in (None, control_count(sum(cells[row]), rules=rules))
    column_sums = [sum(column) for column in zip(*cells, strict=True)]
    for value, raw in zip(table.column_totals, column_sums, strict=True):
        assert value in (None, control_count(raw, rules=rules))
    assert table.grand_total in (None, control_count(sum(column_sums), rules=rules))
