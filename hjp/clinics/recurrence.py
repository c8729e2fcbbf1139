"""The dates a clinic schedule gives: `dateutil.rrule` for the rule, then bank holidays and
weekends skipped (England and Wales, as `hjp.core.working_days` counts them).

A monthly rule on the 5th weekday gives a date only in the months that have one; "last" is the
last such weekday of every month.
"""

import datetime
from dataclasses import dataclass

from dateutil import rrule

from hjp.core.working_days import is_working_day

RULE_FREQUENCY = {"weekly": rrule.WEEKLY, "fortnightly": rrule.WEEKLY, "monthly": rrule.MONTHLY}
RULE_INTERVAL = {"weekly": 1, "fortnightly": 2, "monthly": 1}
WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


@dataclass(frozen=True)
class Rule:
    """What a schedule says about dates (a `ClinicSchedule` has the same attributes)."""

    frequency: str
    weekday: int
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    week_of_month: int | None = None


def first_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _rule(schedule, until: datetime.date) -> rrule.rrule:
    last = min(until, schedule.ends_on) if schedule.ends_on else until
    if schedule.frequency == "monthly":
        start = schedule.starts_on
        weekday = WEEKDAYS[schedule.weekday](schedule.week_of_month or 1)
    else:
        # Fortnights count from the first clinic, not from the start date's week.
        start = first_on_or_after(schedule.starts_on, schedule.weekday)
        weekday = WEEKDAYS[schedule.weekday]
    return rrule.rrule(
        RULE_FREQUENCY[schedule.frequency],
        interval=RULE_INTERVAL[schedule.frequency],
        byweekday=weekday,
        dtstart=datetime.datetime.combine(start, datetime.time()),
        until=datetime.datetime.combine(last, datetime.time()),
    )


def clinic_dates(
    schedule, *, until: datetime.date, after: datetime.date | None = None
) -> list[datetime.date]:
    """The schedule's dates after `after` (exclusive) up to `until` (inclusive), in order,
    without bank holidays."""
    if until < schedule.starts_on:
        return []
    dates = (moment.date() for moment in _rule(schedule, until))
    return [day for day in dates if (after is None or day > after) and is_working_day(day)]
