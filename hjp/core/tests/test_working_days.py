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
