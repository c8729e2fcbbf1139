"""The annual value of a financial outcome: what an award is worth over a year, or over its life.

An award paid at a regular frequency is worth its amount times the periods in a year (52
weeks, 26 fortnights, 13 four-week periods, 12 months, 4 quarters or 1 year), unless it is
known to last less than a year: then it is worth its amount times the periods it lasts.

- It lasts from `start` to `end`, both days included. Without both dates it is taken to go on
  for a year or more. It lasts a year or more when `end` is on or after the day before the
  same date a year after `start` (1 April 2026 to 31 March 2027 is a year).
- Weekly, fortnightly and four-weekly periods are 7, 14 and 28 days: the periods it lasts are
  its days divided by those (13 weeks is 91 days; 10 days of a weekly award is 1 3/7 weeks).
- Monthly, quarterly and annual periods are calendar periods counted from `start` (1, 3 and
  12 months on, as `dateutil.relativedelta` adds them: a month from 31 January is 28 or 29
  February): the periods it lasts are the whole periods that fit, plus the days left over
  divided by the days of the period they fall in (15 January to 24 February is 1 month and
  10/28 of the next).
- The value is rounded half up to the penny and never more than the full year's value (365
  days of a weekly award in a leap year would otherwise come to more than 52 weeks).

A one-off payment is worth its amount, whatever its dates.
"""

from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from math import floor

from dateutil.relativedelta import relativedelta

AMOUNT_NEGATIVE = "An award's amount cannot be negative."
FREQUENCY_UNKNOWN = "That is not a frequency an award can be paid at."
END_BEFORE_START = "An award cannot end before it starts."


class Frequency(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    FOUR_WEEKLY = "four_weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"
    ONE_OFF = "one_off"


PERIODS_PER_YEAR: dict[Frequency, int] = {
    Frequency.WEEKLY: 52,
    Frequency.FORTNIGHTLY: 26,
    Frequency.FOUR_WEEKLY: 13,
    Frequency.MONTHLY: 12,
    Frequency.QUARTERLY: 4,
    Frequency.ANNUAL: 1,
}
DAYS_PER_PERIOD: dict[Frequency, int] = {
    Frequency.WEEKLY: 7,
    Frequency.FORTNIGHTLY: 14,
    Frequency.FOUR_WEEKLY: 28,
}
MONTHS_PER_PERIOD: dict[Frequency, int] = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.ANNUAL: 12,
}


def _frequency(value: str) -> Frequency:
    try:
        return Frequency(value)
    except ValueError:
        raise ValueError(FREQUENCY_UNKNOWN) from None


def lasts_a_year(*, start: date, end: date) -> bool:
    """Whether an award from `start` to `end` (both included) covers a whole year."""
    return end + timedelta(days=1) >= start + relativedelta(years=1)


def _calendar_periods(*, start: date, end: date, months: int) -> Fraction:
    after_end = end + timedelta(days=1)
    whole = 0
    while start + relativedelta(months=months * (whole + 1)) <= after_end:
        whole += 1
    period_start = start + relativedelta(months=months * whole)
    period_end = start + relativedelta(months=months * (whole + 1))
    return whole + Fraction((after_end - period_start).days, (period_end - period_start).days)


def periods_lasted(*, frequency: Frequency, start: date, end: date) -> Fraction:
    """The whole and part periods of `frequency` from `start` to `end`, both days included."""
    if frequency in DAYS_PER_PERIOD:
        return Fraction((end - start).days + 1, DAYS_PER_PERIOD[frequency])
    return _calendar_periods(start=start, end=end, months=MONTHS_PER_PERIOD[frequency])


def annual_value(
    *, amount_pence: int, frequency: str, start: date | None = None, end: date | None = None
) -> int:
    """What an award is worth in pence over a year, or over its life when that is shorter."""
    if amount_pence < 0:
        raise ValueError(AMOUNT_NEGATIVE)
    paid = _frequency(frequency)
    if start is not None and end is not None and end < start:
        raise ValueError(END_BEFORE_START)
    if paid is Frequency.ONE_OFF:
        return amount_pence
    full_year = amount_pence * PERIODS_PER_YEAR[paid]
    if start is None or end is None or lasts_a_year(start=start, end=end):
        return full_year
    value = amount_pence * periods_lasted(frequency=paid, start=start, end=end)
    return min(full_year, floor(value + Fraction(1, 2)))
