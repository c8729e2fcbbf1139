"""Wellbeing scores (SWEMWBS and ONS4) and how much they changed between two measurements.

SWEMWBS is seven items scored 1 to 5; their raw sum (7 to 35) is converted to a metric score
with the published conversion table, and a response with any item missing is not scored. ONS4
is four questions scored 0 to 10, reported separately in the ONS bands, never combined.

A paired change is the mean of (after - before) over people measured twice, with its 95%
confidence interval from Student's t with n - 1 degrees of freedom. The critical values are
tabled (no statistics library is needed): df 1 to 30, then 40, 50, 60, 80, 100, 120, 200,
500 and 1000, and 1.96 beyond. A df between two tabled ones takes the value of the lower,
which is the larger, so the interval is never narrower than it should be (within the 3
decimal places of the table).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

SWEMWBS_ITEM_COUNT = "A SWEMWBS response has exactly 7 items."
SWEMWBS_ITEM_OUT_OF_RANGE = "Each SWEMWBS item is scored from 1 to 5."
ONS4_SCORE_OUT_OF_RANGE = "Each ONS4 question is scored from 0 to 10."
DEGREES_OF_FREEDOM_NOT_POSITIVE = "A t distribution needs at least 1 degree of freedom."

SWEMWBS_ITEMS = 7
SWEMWBS_ITEM_SCORES = range(1, 6)
ONS4_SCORES = range(11)
# A change of 3 or more metric points is counted as a meaningful improvement.
MEANINGFUL_IMPROVEMENT = Decimal(3)

# Raw score (the sum of the 7 items) to metric score, as published.
SWEMWBS_METRIC: dict[int, Decimal] = {
    raw: Decimal(metric)
    for raw, metric in {
        7: "7.00", 8: "9.51", 9: "11.25", 10: "12.40", 11: "13.33", 12: "14.08", 13: "14.75",
        14: "15.32", 15: "15.84", 16: "16.36", 17: "16.88", 18: "17.43", 19: "17.98",
        20: "18.59", 21: "19.25", 22: "19.98", 23: "20.73", 24: "21.54", 25: "22.35",
        26: "23.21", 27: "24.11", 28: "25.03", 29: "26.02", 30: "27.03", 31: "28.13",
        32: "29.31", 33: "30.70", 34: "32.55", 35: "35.00",
    }.items()
}  # fmt: skip

# Two-sided 95% critical values of Student's t, by degrees of freedom.
T_CRITICAL_95: dict[int, Decimal] = {
    df: Decimal(value)
    for df, value in {
        1: "12.706", 2: "4.303", 3: "3.182", 4: "2.776", 5: "2.571", 6: "2.447", 7: "2.365",
        8: "2.306", 9: "2.262", 10: "2.228", 11: "2.201", 12: "2.179", 13: "2.160",
        14: "2.145", 15: "2.131", 16: "2.120", 17: "2.110", 18: "2.101", 19: "2.093",
        20: "2.086", 21: "2.080", 22: "2.074", 23: "2.069", 24: "2.064", 25: "2.060",
        26: "2.056", 27: "2.052", 28: "2.048", 29: "2.045", 30: "2.042", 40: "2.021",
        50: "2.009", 60: "2.000", 80: "1.990", 100: "1.984", 120: "1.980", 200: "1.972",
        500: "1.965", 1000: "1.962",
    }.items()
}  # fmt: skip
NORMAL_CRITICAL_95 = Decimal("1.960")


class Band(StrEnum):
    VERY_LOW = "very_low"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


@dataclass(frozen=True)
class Ons4Bands:
    """The ONS band of each of the four answers; `None` where a question was not answered."""

    life_satisfaction: Band | None
    worthwhile: Band | None
    happiness: Band | None
    anxiety: Band | None


@dataclass(frozen=True)
class PairedChange:
    """How scores changed for the people measured twice, with a 95% interval for the mean."""

    count: int
    mean_change: Decimal | None
    ci_low: Decimal | None
    ci_high: Decimal | None
    improved: int
    improved_share: Decimal | None


def swemwbs_metric(items: Sequence[int | None]) -> Decimal | None:
    """The metric score of a SWEMWBS response, or `None` when any item is unanswered."""
    if len(items) != SWEMWBS_ITEMS:
        raise ValueError(SWEMWBS_ITEM_COUNT)
    if any(item is not None and item not in SWEMWBS_ITEM_SCORES for item in items):
        raise ValueError(SWEMWBS_ITEM_OUT_OF_RANGE)
    if any(item is None for item in items):
        return None
    return SWEMWBS_METRIC[sum(items)]


def _checked_ons4(score: int) -> int:
    if score not in ONS4_SCORES:
        raise ValueError(ONS4_SCORE_OUT_OF_RANGE)
    return score


def wellbeing_band(score: int) -> Band:
    """The ONS band of a life satisfaction, worthwhile or happiness score."""
    score = _checked_ons4(score)
    if score <= 4:
        return Band.LOW
    if score <= 6:
        return Band.MEDIUM
    if score <= 8:
        return Band.HIGH
    return Band.VERY_HIGH


def anxiety_band(score: int) -> Band:
    """The ONS band of an anxiety score, where lower is better."""
    score = _checked_ons4(score)
    if score <= 1:
        return Band.VERY_LOW
    if score <= 3:
        return Band.LOW
    if score <= 5:
        return Band.MEDIUM
    return Band.HIGH


def ons4_bands(
    *,
    life_satisfaction: int | None,
    worthwhile: int | None,
    happiness: int | None,
    anxiety: int | None,
) -> Ons4Bands:
    """The ONS bands of one ONS4 response, each question on its own."""
    return Ons4Bands(
        life_satisfaction=None if life_satisfaction is None else wellbeing_band(life_satisfaction),
        worthwhile=None if worthwhile is None else wellbeing_band(worthwhile),
        happiness=None if happiness is None else wellbeing_band(happiness),
        anxiety=None if anxiety is None else anxiety_band(anxiety),
    )


def t_critical_95(degrees_of_freedom: int) -> Decimal:
    """The two-sided 95% critical value of t, stepping down to the nearest tabled df."""
    if degrees_of_freedom < 1:
        raise ValueError(DEGREES_OF_FREEDOM_NOT_POSITIVE)
    if degrees_of_freedom > max(T_CRITICAL_95):
        return NORMAL_CRITICAL_95
    return T_CRITICAL_95[max(df for df in T_CRITICAL_95 if df <= degrees_of_freedom)]


def paired_change(
    pairs: Sequence[tuple[Decimal, Decimal]], *, improvement: Decimal = MEANINGFUL_IMPROVEMENT
) -> PairedChange:
    """The mean change from each (before, after) pair, its 95% interval and who improved."""
    changes = [after - before for before, after in pairs]
    count = len(changes)
    improved = sum(change >= improvement for change in changes)
    if count == 0:
        return PairedChange(0, None, None, None, 0, None)
    with localcontext() as context:
        context.prec = 28
        mean_change = sum(changes, Decimal(0)) / count
        ci_low = ci_high = None
        if count >= 2:
            variance = sum(((c - mean_change) ** 2 for c in changes), Decimal(0)) / (count - 1)
            half_width = t_critical_95(count - 1) * (variance / count).sqrt()
            ci_low, ci_high = mean_change - half_width, mean_change + half_width
        share = Decimal(improved) / count
    return PairedChange(count, mean_change, ci_low, ci_high, improved, share)
