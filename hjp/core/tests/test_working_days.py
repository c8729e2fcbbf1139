from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hjp.core.working_days import add_working_days, is_working_day, working_days_between


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 11, 16), 2, date(2026, 11, 18)),  # Monday -> Wednesday
        (date(2026, 11, 20), 2, date(2026, 11, 24)),  # Friday -> Tuesday, over the weekend
        (date(2026, 11, 21), 1, date(2026, 11, 23)),  # Saturday counts from Monday
        (date(2026, 4, 2), 2, date(2026, 4, 8)),  # Thursday before Good Friday and Easter Monday
        (date(2026, 12, 24), 2, date(2026, 12, 30)),  # Christmas, Boxing Day (observed Monday 28th)
        (date(2026, 8, 28), 1, date(2026, 9, 1)),  # Friday before the late summer bank holiday
    ],
)
def test_working_days_skip_weekends_and_england_and_wales_bank_holidays(start, days, due):
    assert add_working_days(start, days) == due


def test_bank_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))
    assert not is_working_day(date(2026, 11, 22))
    assert is_working_day(date(2026, 11, 23))


def test_working_days_between_counts_only_working_days_after_the_start():
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 24)) == 2
    assert working_days_between(date(2026, 11, 24), date(2026, 11, 20)) == 0


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), st.integers(1, 30))
def test_adding_working_days_lands_on_a_working_day_that_many_working_days_later(start, days):
    due = add_working_days(start, days)
    assert is_working_day(due)
    assert working_days_between(start, due) == days


def test_a_moment_counts_from_its_date_in_england_not_from_today():
    # 23:30 UTC on Thursday 2 July 2026 is already Friday in London.
    late_thursday_utc = datetime(2026, 7, 2, 23, 30, tzinfo=UTC)
    thursday_afternoon = datetime(2026, 7, 2, 15, 0, tzinfo=UTC)

    assert add_working_days(thursday_afternoon, 1) == date(2026, 7, 3)
    assert add_working_days(late_thursday_utc, 1) == date(2026, 7, 6)
    assert working_days_between(thursday_afternoon, late_thursday_utc) == 1
    assert working_days_between(late_thursday_utc, datetime(2026, 7, 6, 9, 0, tzinfo=UTC)) == 1


def test_subtracting_working_days_skips_weekends_and_bank_holidays():
    from hjp.core.working_days import subtract_working_days

    # Monday 8 June 2026, five working days back is Monday 1 June.
    assert subtract_working_days(date(2026, 6, 8), 5) == date(2026, 6, 1)
    # Across the Easter Monday (6 April 2026) and Good Friday (3 April 2026) bank holidays.
    assert subtract_working_days(date(2026, 4, 8), 3) == date(2026, 4, 1)
    assert subtract_working_days(date(2026, 6, 8), 0) == date(2026, 6, 8)


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), st.integers(0, 30))
def test_subtracting_then_counting_working_days_gives_the_same_number(end, days):
    from hjp.core.working_days import subtract_working_days, working_days_between

    start = subtract_working_days(end, days)
    if days == 0:
        assert start == end
        return
    # `start` is a working day with `days` working days from it up to, not including, `end`;
    # counting runs after `start` up to and including `end`.
    assert is_working_day(start)
    assert working_days_between(start, end) == days - 1 + is_working_day(end)
