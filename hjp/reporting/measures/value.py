"""Value for money: client financial gain (and, separately, debt written off) per £1 of funding."""

import datetime

from hjp.partnerships.models import FundingStream, InKindSupport
from hjp.reporting.measures import MEASURES
from hjp.reporting.pack import Figure, Section
from hjp.reporting.scope import ReportScope


def _share_in_period(
    amount: int, start: datetime.date, end: datetime.date, scope: ReportScope
) -> int:
    """The part of an amount spread evenly over start..end that falls within the period."""
    overlap = (min(end, scope.end) - max(start, scope.start)).days + 1
    if overlap <= 0:
        return 0
    return round(amount * overlap / ((end - start).days + 1))


def cash_funding(scope: ReportScope) -> int:
    streams = FundingStream.objects.filter(
        partnership=scope.partnership, start_date__lte=scope.end, end_date__gte=scope.start
    ).values_list("amount_pence", "start_date", "end_date")
    return sum(_share_in_period(a, s, e, scope) for a, s, e in streams)


def in_kind_value(scope: ReportScope) -> int:
    support = InKindSupport.objects.filter(
        partnership=scope.partnership, start_date__lte=scope.end, end_date__gte=scope.start
    ).values_list("notional_value_pence", "start_date", "end_date")
    return sum(_share_in_period(a, s, e, scope) for a, s, e in support)


def _ratio(key: str, top: int | None, bottom: int) -> Figure:
    value = None if top is None or bottom <= 0 else round(top / bottom, 2)
    measure = MEASURES[key]
    return Figure(
        measure=key,
        label=measure.label,
        value=value,
        unit=measure.unit,
        numerator=top,
        denominator=bottom,
        suppressed=top is None,
        caption=measure.caveat,
    )


def value_section(scope: ReportScope, *, gain: Figure, debt_written_off: Figure) -> Section:
    """Ratios of the (already controlled) money figures to the funding for the period."""
    cash, in_kind = cash_funding(scope), in_kind_value(scope)
    figures = [
        _ratio("value.gain_per_pound", gain.value, cash),
        _ratio("value.gain_per_pound_with_in_kind", gain.value, cash + in_kind),
        _ratio("value.debt_written_off_per_pound", debt_written_off.value, cash),
    ]
    notes = [
        f"Cash funding counted for the period: £{cash / 100:,.0f}; "
        f"in-kind support: £{in_kind / 100:,.0f}.",
        "Debt written off is a different kind of money, never added to client financial gain.",
    ]
    if cash <= 0:
        notes.append("No cash funding is recorded for the period, so no ratio can be given.")
    return Section(key="value", title="Value for money", figures=figures, notes=notes)
