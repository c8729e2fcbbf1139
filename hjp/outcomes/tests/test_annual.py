"""The annual value of an award: a full year's payments, or the periods it lasts when shorter."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from hjp.outcomes.annual import (
    AMOUNT_NEGATIVE,
    END_BEFORE_START,
    FREQUENCY_UNKNOWN,
    PERIODS_PER_YEAR,
    Frequency,
    annual_value,
    lasts_a_year,
    periods_lasted,
)

REGULAR = [frequency for frequency in Frequency if frequency is not Frequency.ONE_OFF]

amounts = st.integers(min_value=0, max_value=10_000_000)
starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
lengths = st.integers(min_value=1, max_value=800)


def award(*, amount: int, frequency: str, start: date, days: int) -> int:
    """The value of an award lasting `days` days from `start`, both ends included."""
    end = start + timedelta(days=days - 1)
    return annual_value(amount_pence=amount, frequency=frequency, start=start, end=end)


@pytest.mark.parametrize(
    ("frequency", "value"),
    [
        ("weekly", 5_200),
        ("fortnightly", 2_600),
        ("four_weekly", 1_300),
        ("monthly", 1_200),
        ("quarterly", 400),
        ("annual", 100),
        ("one_off", 100),
    ],
)
def test_an_award_without_dates_is_worth_a_full_year(frequency, value):
    assert annual_value(amount_pence=100, frequency=frequency) == value


def test_an_award_with_only_a_start_is_worth_a_full_year():
    assert annual_value(amount_pence=100, frequency="weekly", start=date(2026, 4, 1)) == 5_200


def test_a_one_off_payment_is_worth_its_amount_whatever_its_dates():
    value = annual_value(
        amount_pence=25_000, frequency="one_off", start=date(2026, 4, 1), end=date(2026, 4, 1)
    )
    assert value == 25_000


def test_a_weekly_award_of_13_weeks_is_worth_13_payments():
    assert award(amount=10_000, frequency="weekly", start=date(2026, 4, 6), days=91) == 130_000


def test_a_weekly_award_of_10_days_is_worth_1_and_3_sevenths_payments():
    # 700 x 10 / 7 = 1,000.
    assert award(amount=700, frequency="weekly", start=date(2026, 4, 6), days=10) == 1_000


def test_a_monthly_award_counts_whole_months_and_the_part_of_the_next():
    # 15 January to 24 February 2026: a month to 14 February, then 10 of the 28 days to 14 March.
    # 1,000 x (1 + 10/28) = 1,357.14..., so 1,357.
    value = annual_value(
        amount_pence=1_000, frequency="monthly", start=date(2026, 1, 15), end=date(2026, 2, 24)
    )
    assert value == 1_357


def test_a_month_from_31_january_ends_on_27_february():
    value = annual_value(
        amount_pence=1_000, frequency="monthly", start=date(2026, 1, 31), end=date(2026, 2, 27)
    )
    assert value == 1_000


def test_a_year_runs_to_the_day_before_the_same_date_a_year_on():
    assert lasts_a_year(start=date(2026, 4, 1), end=date(2027, 3, 31))
    assert not lasts_a_year(start=date(2026, 4, 1), end=date(2027, 3, 30))
    # 11 months to 28 February, then 30 of March's 31 days.
    assert periods_lasted(
        frequency=Frequency.MONTHLY, start=date(2026, 4, 1), end=date(2027, 3, 30)
    ) == 11 + Fraction(30, 31)


def test_a_weekly_award_of_365_days_in_a_leap_year_is_worth_no_more_than_52_weeks():
    value = annual_value(
        amount_pence=100, frequency="weekly", start=date(2024, 1, 1), end=date(2024, 12, 30)
    )
    assert value == 5_200


def test_a_value_of_half_a_penny_rounds_up():
    assert award(amount=1, frequency="fortnightly", start=date(2026, 4, 6), days=7) == 1


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError, match=AMOUNT_NEGATIVE):
        annual_value(amount_pence=-1, frequency="weekly")


@pytest.mark.parametrize("frequency", ["daily", "Weekly", "", "one-off"])
def test_an_unknown_frequency_is_refused(frequency):
    with pytest.raises(ValueError, match=FREQUENCY_UNKNOWN):
        annual_value(amount_pence=100, frequency=frequency)


def test_an_award_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match=END_BEFORE_START):
        annual_value(
            amount_pence=100, frequency="monthly", start=date(2026, 4, 2), end=date(2026, 4, 1)
        )


@settings(max_examples=300)
@given(st.sampled_from(Frequency), amounts, starts, lengths)
def test_every_award_is_worth_between_nothing_and_a_full_year(frequency, amount, start, days):
    value = award(amount=amount, frequency=frequency, start=start, days=days)
    if frequency is Frequency.ONE_OFF:
        assert value == amount
        return
    full_year = amount * PERIODS_PER_YEAR[frequency]
    assert 0 <= value <= full_year
    if lasts_a_year(start=start, end=start + timedelta(days=days - 1)):
        assert value == full_year


@settings(max_examples=300)
@given(st.sampled_from(Frequency), amounts, starts, lengths, lengths)
def test_a_longer_award_is_never_worth_less(frequency, amount, start, days, more_days):
    shorter = award(amount=amount, frequency=frequency, start=start, days=days)
    longer = award(amount=amount, frequency=frequency, start=start, days=days + more_days)
    assert shorter <= longer


@given(st.sampled_from(REGULAR), amounts, starts, st.integers(min_value=366, max_value=3_000))
def test_an_award_of_more_than_a_year_is_worth_a_full_year(frequency, amount, start, days):
    value = award(amount=amount, frequency=frequency, start=start, days=days)
    assert value == amount * PERIODS_PER_YEAR[frequency]


@given(amounts, starts)
def test_a_weekly_award_of_exactly_13_weeks_is_worth_13_payments(amount, start):
    assert award(amount=amount, frequency="weekly", start=start, days=13 * 7) == 13 * amount


@given(
    st.sampled_from(
        [(Frequency.WEEKLY, 7), (Frequency.FORTNIGHTLY, 14), (Frequency.FOUR_WEEKLY, 28)]
    ),
    amounts,
    starts,
    st.integers(min_value=1, max_value=12),
)
def test_an_award_of_whole_periods_of_days_is_worth_that_many_payments(
    frequency_and_days, amount, start, periods
):
    frequency, period_days = frequency_and_days
    periods = min(periods, PERIODS_PER_YEAR[frequency])
    value = award(amount=amount, frequency=frequency, start=start, days=periods * period_days)
    assert value == periods * amount


@given(
    st.sampled_from([(Frequency.MONTHLY, 1), (Frequency.QUARTERLY, 3), (Frequency.ANNUAL, 12)]),
    amounts,
    starts,
    st.integers(min_value=1, max_value=12),
)
def test_an_award_of_whole_calendar_periods_is_worth_that_many_payments(
    frequency_and_months, amount, start, periods
):
    frequency, months = frequency_and_months
    periods = min(periods, PERIODS_PER_YEAR[frequency])
    end = start + relativedelta(months=periods * months) - timedelta(days=1)
    value = annual_value(amount_pence=amount, frequency=frequency, start=start, end=end)
    assert value == periods * amount
