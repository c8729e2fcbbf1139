"""Helpers that turn Django forms into what NHS.UK macros expect."""

import datetime
import re
from decimal import Decimal

from django import forms


def posted(request):
    """The form data on a POST (even an empty one), None on a GET (so a GET shows an unbound
    form)."""
    return request.POST if request.method == "POST" else None


def pounds_to_pence(text: str) -> int:
    """'£1,234.5' -> 123450: an amount of money typed in pounds, to the penny.

    Raises ValueError for anything that is not an amount (words, fractions of a penny, more
    than twelve digits of pounds); the sign is kept, for the caller to refuse or allow.
    """
    cleaned = re.sub(r"[£,\s]", "", text or "")
    if not re.fullmatch(r"-?\d{1,12}(\.\d{1,2})?", cleaned):
        raise ValueError(text)
    return int(Decimal(cleaned) * 100)


def error_list(form: forms.Form) -> list[dict[str, str]]:
    """Errors for the NHS.UK error summary, each linking to its field."""
    items = []
    for name, errors in form.errors.items():
        href = "#" + (form[name].auto_id if name in form.fields else "maincontent")
        for message in errors:
            items.append({"text": str(message), "href": href})
    return items


def field_error(form: forms.Form, name: str) -> dict[str, str] | None:
    """The error message for one field, or None."""
    errors = form.errors.get(name)
    return {"text": " ".join(str(e) for e in errors)} if errors else None


def choice_items(field: forms.BoundField) -> list[dict]:
    """Radio or checkbox items for a choice field, with the current value(s) ticked."""
    value = field.value()
    selected = {str(v) for v in value} if isinstance(value, (list, tuple)) else {str(value)}
    return [
        {"value": str(key), "text": str(label), "checked": str(key) in selected}
        for key, label in field.field.choices
        if str(key) != ""
    ]


def select_items(field: forms.BoundField) -> list[dict]:
    """Select options for a choice field, with the current value selected."""
    value = "" if field.value() is None else str(field.value())
    return [
        {"value": str(key), "text": str(label), "selected": str(key) == value}
        for key, label in field.field.choices
    ]


DATE_INVALID = "{label} must be a real date"
DATE_INCOMPLETE = "{label} must include a day, month and year"
DATE_OUT_OF_RANGE = "{label} must be between 1 January 1900 and 31 December 2199"
# No date the service handles (a birth, a consent, a deadline, a funding period) falls outside
# these years; refusing the rest keeps every later sum on a date (deadlines, reminders, periods)
# clear of Python's year 9999 limit.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)


class DatePartsWidget(forms.MultiWidget):
    """Day, month and year boxes named `<field>_day`, `<field>_month`, `<field>_year`."""

    def __init__(self, attrs=None):
        super().__init__(
            {"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()}, attrs
        )

    def decompress(self, value):
        if value:
            return [value.day, value.month, value.year]
        return [None, None, None]


class DatePartsField(forms.MultiValueField):
    """A date entered the NHS.UK way, in three boxes, with the service manual's error messages."""

    widget = DatePartsWidget

    def __init__(self, *, label: str, required: bool = True, **kwargs):
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(
            fields=parts,
            label=label,
            required=required,
            require_all_fields=False,
            error_messages={
                "required": f"Enter {label[0].lower()}{label[1:]}",
                "incomplete": DATE_INCOMPLETE.format(label=label),
            },
            **kwargs,
        )

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        if not all(data_list):
            raise forms.ValidationError(DATE_INCOMPLETE.format(label=self.label), code="incomplete")
        parts = [str(part).strip() for part in data_list]
        # A day or month has at most two digits and a year four; anything longer is not a date
        # (and a number thousands of digits long is not worth converting).
        if not all(
            part.isascii() and part.isdigit() and len(part) <= width
            for part, width in zip(parts, (2, 2, 4), strict=True)
        ):
            raise forms.ValidationError(DATE_INVALID.format(label=self.label), code="invalid")
        day, month, year = (int(part) for part in parts)
        try:
            value = datetime.date(year, month, day)
        except (ValueError, OverflowError):
            raise forms.ValidationError(
                DATE_INVALID.format(label=self.label), code="invalid"
            ) from None
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError(
                DATE_OUT_OF_RANGE.format(label=self.label), code="out_of_range"
            )
        return value


def date_items(field: forms.BoundField) -> list[dict]:
    """Items for the NHS.UK date input macro, keeping what the user typed."""
    value = field.value()
    if not isinstance(value, (list, tuple)):
        value = field.field.widget.decompress(value)
    has_error = bool(field.errors)
    items = []
    for part, width, current in zip(("day", "month", "year"), (2, 2, 4), value, strict=True):
        items.append(
            {
                "name": f"{field.html_name}_{part}",
                "id": f"{field.auto_id}_{part}",
                "label": part.capitalize(),
                "classes": f"nhsuk-input--width-{width}"
                + (" nhsuk-input--error" if has_error else ""),
                "value": "" if current is None else str(current),
                "inputmode": "numeric",
            }
        )
    return items
