import pytest

from hjp.reporting.formatting import display, display_from
from hjp.reporting.formatting import display_from as display_source
from hjp.reporting.pack import Figure, Unit


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (None, Unit.COUNT, "*"),
        (None, Unit.PENCE, "*"),
        (None, Unit.PERCENT, "*"),
        (0, Unit.COUNT, "0"),
        (7, Unit.COUNT, "7"),
        (1234567, Unit.COUNT, "1,234,567"),
        (2.5, Unit.COUNT, "3"),
        (420000, Unit.PENCE, "£4,200"),
        (123456, Unit.PENCE, "£1,235"),
        (123449, Unit.PENCE, "£1,234"),
        (-250000, Unit.PENCE, "-£2,500"),
        (-40, Unit.PENCE, "£0"),
        (0.42, Unit.PERCENT, "42%"),
        (0.425, Unit.PERCENT, "43%"),
        (1, Unit.PERCENT, "100%"),
        (0.045, Unit.PERCENT, "4.5%"),
        (0.05, Unit.PERCENT, "5.0%"),
        (0.0996, Unit.PERCENT, "10%"),
        (0, Unit.PERCENT, "0%"),
        (3.4, Unit.RATIO, "£3.40 per £1"),
        (12.345, Unit.RATIO, "£12.35 per £1"),
        (2.5, Unit.WORKING_DAYS, "2.5"),
        (3, Unit.WORKING_DAYS, "3.0"),
        (1234.56, Unit.WORKING_DAYS, "1,234.6"),
        (12, Unit.SCORE, "12"),
        (12.25, Unit.SCORE, "12.3"),
        (-3.5, Unit.POINTS, "-3.5"),
        ("April 2026", Unit.COUNT, "April 2026"),
    ],
)
def test_display_shows_each_unit_as_a_reader_expects(value, unit, shown):
    assert display(value, unit) == shown


def test_display_from_reads_as_numerator_of_denominator():
    figure = Figure("accepted", "Accepted", 0.42, Unit.PERCENT, numerator=518, denominator=1234)

    assert display_from(figure) == "518 of 1,234"


def test_display_from_shows_money_for_a_return_on_investment():
    figure = Figure("return", "Return", 3.4, Unit.RATIO, numerator=3400000, denominator=1000000)

    assert display_from(figure) == "£34,000 of £10,000"


def test_display_from_marks_a_suppressed_part_of_a_fraction():
    figure = Figure("few", "Few", None, Unit.PERCENT, numerator=None, denominator=40)

    assert display_from(figure) == "* of 40"


def test_display_from_is_empty_for_a_suppressed_figure_whose_parts_were_withheld_too():
    figure = Figure("few", "Few", None, Unit.PERCENT, suppressed=True)

    assert display_from(figure) == ""


def test_display_from_is_empty_for_a_figure_that_is_not_a_fraction():
    assert display_from(Figure("total", "Total", 12, Unit.COUNT)) == ""


def test_a_count_shows_nothing_it_came_from_and_a_sum_shows_how_many_it_came_from():
    count = Figure(measure="m", label="l", value=405, unit="count", numerator=405)
    money = Figure(measure="m", label="l", value=100, unit="pence", numerator=100, denominator=70)
    share = Figure(
        measure="m", label="l", value=0.4, unit="percent", numerator=120, denominator=300
    )
    assert display_source(count) == ""
    assert display_source(money) == "from 70"
    assert display_source(share) == "120 of 300"
