"""Figures and tables with disclosure control applied, as every report section builds them."""

from hjp.reporting import disclosure
from hjp.reporting.disclosure import Rules
from hjp.reporting.measures import MEASURES
from hjp.reporting.pack import Figure, Table, Unit


def _figure(
    key: str, value, *, numerator=None, denominator=None, unit: str | None = None
) -> Figure:
    measure = MEASURES[key]
    return Figure(
        measure=key,
        label=measure.label,
        value=value,
        unit=unit or measure.unit,
        numerator=numerator,
        denominator=denominator,
        suppressed=value is None,
        caption=measure.caveat,
    )


def count_figure(key: str, count: int, rules: Rules) -> Figure:
    shown = disclosure.control_count(count, rules=rules)
    return _figure(key, shown, numerator=shown)


def rate_figure(key: str, numerator: int, denominator: int, rules: Rules) -> Figure:
    """A share computed from the rounded counts, suppressed when either count is."""
    top = disclosure.control_count(numerator, rules=rules)
    bottom = disclosure.control_count(denominator, rules=rules)
    return _figure(
        key, disclosure.rate(numerator=top, denominator=bottom), numerator=top, denominator=bottom
    )


def rate_from_shown(key: str, *, numerator: int | None, denominator: int | None) -> Figure:
    """A share of two counts already controlled (with the tables they total)."""
    value = disclosure.rate(numerator=numerator, denominator=denominator)
    return _figure(key, value, numerator=numerator, denominator=denominator)


def money_figure(key: str, total_pence: int, people: int, rules: Rules) -> Figure:
    """A sum of money, suppressed when fewer people than the rules allow contributed to it."""
    shown_people = disclosure.control_count(people, rules=rules)
    value = disclosure.money_total(total_pence=total_pence, people=people, rules=rules)
    return _figure(key, value, numerator=value, denominator=shown_people)


def statistic_figure(
    key: str, value, people: int, rules: Rules, *, unit: str | None = None
) -> Figure:
    """A mean, median or similar over `people`, suppressed when their count is."""
    shown_people = disclosure.control_count(people, rules=rules)
    shown = None if shown_people is None or value is None else value
    return _figure(key, shown, denominator=shown_people, unit=unit)


def series_table(
    key: str,
    title: str,
    counts: dict[str, int],
    rules: Rules,
    *,
    heading: str,
    chart: bool = False,
    caption: str = "",
    total: bool = True,
) -> Table:
    """A one-way breakdown with its total, small counts hidden so none can be worked out."""
    cells, shown_total = disclosure.control_series(counts, rules=rules)
    rows: list[list] = [[label, value] for label, value in cells.items()]
    if total:
        rows.append(["Total", shown_total])
    return Table(
        key=key,
        title=title,
        columns=[heading, "Count"],
        rows=rows,
        unit=Unit.COUNT,
        caption=caption,
        chart=chart,
        has_total=total,
    )
