"""Formatting of dates and identifiers the way NHS.UK pages show them."""

from datetime import date, datetime

from django.utils import timezone


def format_date(value: date | datetime | None) -> str:
    """Show a date as '3 March 2026' (the NHS.UK style)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    """Show a moment as '3 March 2026, 2:05pm' in UK time."""
    if not value:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    return f"{format_date(local)}, {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def format_nhs_number(value: str | None) -> str:
    """Show an NHS number in the 3-3-4 grouping used on NHS letters."""
    if not value:
        return ""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) != 10:
        return value
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
