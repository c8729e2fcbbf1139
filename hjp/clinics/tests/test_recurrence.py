"""The dates a schedule gives: the right weekday, never a bank holiday, in order, in range."""

import datetime
import itertools

from hypothesis import given
from hypothesis import strategies as st

from hjp.clinics.recurrence import Rule, clinic_dates
from hjp.core.working_days import is_working_day

starts = st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2030, 12, 31))
weekdays = st.integers(min_value=0, max_value=4)
weeks_of_month = st.sampled_from([1, 2, 3, 4, 5, -1])


def check(rule: Rule, dates: list[datetime.date], until: datetime.date) -> None:
    assert all(day.weekday() == rule.weekday for day in dates)
    assert all(is_working_day(day) for day in dates)
    assert all(earlier < later for earlier, later in itertools.pairwise(dates))
    last = min(until, rule.ends_on) if rule.ends_on else until
    assert all(rule.starts_on <= day <= last for day in dates)


@given(start=starts, weekday=weekdays, frequency=st.sampled_from(["weekly", "fortnightly"]))
def test_weekly_and_fortnightly_dates_are_the_weekday_never_a_bank_holiday_and_in_order(
    start, weekday, frequency
):
    rule = Rule(frequency=frequency, weekday=weekday, starts_on=start)
    until = start + datetime.timedelta(weeks=26)
    dates = clinic_dates(rule, until=until)
    check(rule, dates, until)
    gap = 7 if frequency == "weekly" else 14
    # Consecutive clinics are a whole number of periods apart (a bank holiday leaves a gap).
    assert all((b - a).days % gap == 0 for a, b in itertools.pairwise(dates))


@given(start=starts, weekday=weekdays, week=weeks_of_month, months=st.integers(1, 24))
def test_monthly_dates_are_the_nth_or_last_weekday_of_their_month(start, weekday, week, months):
    rule = Rule(frequency="monthly", weekday=weekday, week_of_month=week, starts_on=start)
    until = start + datetime.timedelta(days=31 * months)
    dates = clinic_dates(rule, until=until)
    check(rule, dates, until)
    for day in dates:
        if week == -1:
            assert (day + datetime.timedelta(weeks=1)).month != day.month
        else:
            assert (day.day - 1) // 7 + 1 == week
    assert len({(day.year, day.month) for day in dates}) == len(dates)


@given(start=starts, weekday=weekdays, length=st.integers(0, 200))
def test_no_date_falls_after_the_schedule_ends(start, weekday, length):
    ends = start + datetime.timedelta(days=length)
    rule = Rule(frequency="weekly", weekday=weekday, starts_on=start, ends_on=ends)
    dates = clinic_dates(rule, until=start + datetime.timedelta(days=400))
    check(rule, dates, start + datetime.timedelta(days=400))
    assert all(day <= ends for day in dates)


def test_a_monthly_clinic_on_the_5th_friday_runs_only_in_months_that_have_one():
    rule = Rule(
        frequency="monthly", weekday=4, week_of_month=5, starts_on=datetime.date(2026, 1, 1)
    )
    dates = clinic_dates(rule, until=datetime.date(2026, 12, 31))
    assert dates == [
        datetime.date(2026, 1, 30),
        datetime.date(2026, 5, 29),
        datetime.date(2026, 7, 31),
        datetime.date(2026, 10, 30),
    ]


def test_a_clinic_on_the_last_monday_skips_the_spring_and_summer_bank_holidays():
    rule = Rule(
        frequency="monthly", weekday=0, week_of_month=-1, starts_on=datetime.date(2026, 4, 1)
    )
    dates = clinic_dates(rule, until=datetime.date(2026, 9, 30))
    # 25 May and 31 August 2026 are bank holidays.
    assert dates == [
        datetime.date(2026, 4, 27),
        datetime.date(2026, 6, 29),
        datetime.date(2026, 7, 27),
        datetime.date(2026, 9, 28),
    ]


def test_a_weekly_friday_clinic_skips_good_friday_and_carries_on_the_week_after():
    rule = Rule(frequency="weekly", weekday=4, starts_on=datetime.date(2026, 3, 27))
    dates = clinic_dates(rule, until=datetime.date(2026, 4, 10))
    assert dates == [datetime.date(2026, 3, 27), datetime.date(2026, 4, 10)]


def test_fortnights_count_from_the_first_clinic():
    rule = Rule(frequency="fortnightly", weekday=1, starts_on=datetime.date(2026, 6, 3))
    dates = clinic_dates(rule, until=datetime.date(2026, 7, 15))
    assert dates == [
        datetime.date(2026, 6, 9),
        datetime.date(2026, 6, 23),
        datetime.date(2026, 7, 7),
    ]


def test_only_dates_after_the_last_one_made_are_given_again():
    rule = Rule(frequency="weekly", weekday=1, starts_on=datetime.date(2026, 6, 1))
    dates = clinic_dates(rule, until=datetime.date(2026, 6, 30), after=datetime.date(2026, 6, 16))
    assert dates == [datetime.date(2026, 6, 23), datetime.date(2026, 6, 30)]
