"""Working days in England and Wales: Monday to Friday, except bank holidays."""

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def _as_local_date(moment: date | datetime) -> date:
    if isinstance(moment, datetime):
        return timezone.localtime(moment).date()
    return moment


def add_working_days(start: date | datetime, days: int) -> date:
    """The date `days` working days after `start` (a referral sent on Friday with a 2-day
    target is due by Tuesday; one sent on a bank holiday counts from the next working day)."""
    day = _as_local_date(start)
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date | datetime, end: date | datetime) -> int:
    """Working days after `start` up to and including `end` (0 when end is not later)."""
    first, last = _as_local_date(start), _as_local_date(end)
    count, day = 0, first
    while day < last:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def subtract_working_days(end: date | datetime, days: int) -> date:
    """The date `days` working days before `end`: evidence due 5 working days before a deadline
    on a Monday is due the Monday before (the deadline's own day is not counted)."""
    day = _as_local_date(end)
    remaining = days
    while remaining > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
