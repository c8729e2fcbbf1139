"""How a report's numbers read: one function, so the page, the PDF and the chart agree."""

from decimal import ROUND_HALF_UP, Decimal

from hjp.reporting.pack import Figure, Unit

SUPPRESSED = "*"
SUPPRESSED_NOTE = "A * marks a number too small to show without risk of identifying someone."


def display(value: str | float | int | None, unit: str) -> str:
    """Show a figure or table cell in its unit: '£4,200', '42%', '£3.40 per £1'; `None` is '*'."""
    if value is None:
        return SUPPRESSED
    if isinstance(value, str):
        return value
    if unit == Unit.PENCE:
        return _pounds(value)
    if unit == Unit.PERCENT:
        return _percent(value)
    if unit == Unit.RATIO:
        pounds = _rounded(value, "0.01")
        return f"{_sign(pounds)}£{abs(pounds):,.2f} per £1"
    if unit == Unit.WORKING_DAYS:
        return f"{_rounded(value, '0.1'):,.1f}"
    if unit == Unit.COUNT:
        return f"{_rounded(value, '1'):,}"
    return number(value)


def number(value: float | int) -> str:
    """Show a plain number with thousands separators and at most one decimal place."""
    tenths = _rounded(value, "0.1")
    if tenths == tenths.to_integral_value():
        return f"{tenths:,.0f}"
    return f"{tenths:,.1f}"


def display_from(figure: Figure) -> str:
    """What a figure was computed from: '120 of 300' for a share or a return, 'from 70' for a
    sum, mean or median over people or referrals; empty for a plain count."""
    if figure.unit in (Unit.PERCENT, Unit.RATIO):
        if figure.numerator is None and figure.denominator is None:
            return ""
        return f"{_part(figure.numerator, figure.unit)} of {_part(figure.denominator, figure.unit)}"
    if figure.denominator is not None:
        return f"from {number(figure.denominator)}"
    return ""


def _part(value: float | int | None, unit: str) -> str:
    """A numerator or denominator: money for a sum of money (and both sides of a return on
    investment), a plain number otherwise."""
    if value is None:
        return SUPPRESSED
    if unit == Unit.PENCE or unit == Unit.RATIO:
        return _pounds(value)
    return number(value)


def _pounds(pence: float | int) -> str:
    pounds = _rounded(Decimal(str(pence)) / 100, "1")
    return f"{_sign(pounds)}£{abs(pounds):,}"


def _percent(fraction: float | int) -> str:
    tenths = _rounded(Decimal(str(fraction)) * 100, "0.1")
    # Below 10% a whole number hides real differences (4.5% against 5.4% both near 5%).
    if tenths != 0 and abs(tenths) < 10:
        return f"{tenths}%"
    return f"{_rounded(tenths, '1')}%"


def _sign(value: Decimal) -> str:
    return "-" if value < 0 else ""


def _rounded(value: float | int | Decimal, places: str) -> Decimal:
    """Round half up, as people do by hand (Python's round() sends 2.5 to 2)."""
    rounded = Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)
    return rounded + 0  # turns -0 into 0
