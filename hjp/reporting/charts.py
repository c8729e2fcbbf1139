"""Bar charts drawn on the server as inline SVG, so the page and the PDF show the same picture
without JavaScript, web fonts or images to fetch."""

import re
from dataclasses import dataclass

from markupsafe import Markup

from hjp.reporting.formatting import SUPPRESSED, SUPPRESSED_NOTE, display
from hjp.reporting.pack import Table

BAR_COLOUR = "#005eb8"  # NHS blue
TEXT_COLOUR = "#212b32"  # NHS black
AXIS_COLOUR = "#768692"  # NHS mid grey
FONT = "Frutiger W01, Arial, DejaVu Sans, sans-serif"
FONT_SIZE = 14

WIDTH = 640
LABEL_WIDTH = 200
VALUE_WIDTH = 120
ROW_HEIGHT = 28
BAR_HEIGHT = 18
PADDING = 8
# Wider labels would run into the bars: at 14px about 26 characters fit in LABEL_WIDTH.
LABEL_CHARACTERS = 26


@dataclass(frozen=True)
class _Bar:
    label: str
    value: float | int | None
    text: str


# Markup templates: format() escapes every value put into them, so no label can add markup.
CHART = Markup(
    '<svg xmlns="http://www.w3.org/2000/svg" class="hjp-chart" role="img" '
    'aria-labelledby="{id}-title {id}-desc" width="{width}" height="{height}" '
    'viewBox="0 0 {width} {height}" font-family="{font}" font-size="{font_size}" fill="{colour}">'
    '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>{rows}'
    '<line x1="{zero:.1f}" y1="{top}" x2="{zero:.1f}" y2="{bottom}" stroke="{axis}"/></svg>'
)
ROW = Markup(
    "<g><title>{label}: {text}</title>"
    '<text x="{label_x}" y="{middle:.1f}" text-anchor="end" dominant-baseline="central">'
    "{short_label}</text>{bar}"
    '<text x="{text_x:.1f}" y="{middle:.1f}" text-anchor="{anchor}" dominant-baseline="central">'
    "{text}</text></g>"
)
BAR = Markup(
    '<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height}" fill="{colour}"/>'
)


def bar_chart_svg(table: Table, *, column: int = 1) -> Markup:
    """Draw one column of a table as horizontal bars labelled by its first column; a suppressed
    cell gets no bar and a '*'."""
    rows = table.rows[:-1] if table.has_total else table.rows
    bars = [_bar(row, column, table.unit) for row in rows]
    values = [bar.value for bar in bars if bar.value is not None]
    low, high = min([0, *values]), max([0, *values])
    # A negative bar's value is written to its left, so it needs the room a label's right has.
    left = LABEL_WIDTH + (VALUE_WIDTH if low < 0 else 0)
    scale = (WIDTH - left - VALUE_WIDTH) / ((high - low) or 1)
    zero = left - low * scale
    height = PADDING * 2 + ROW_HEIGHT * max(len(bars), 1)
    rows = Markup("").join(
        _row(bar, top=PADDING + index * ROW_HEIGHT, zero=zero, scale=scale)
        for index, bar in enumerate(bars)
    )
    return CHART.format(
        id=_identifier(table.key),
        width=WIDTH,
        height=height,
        font=FONT,
        font_size=FONT_SIZE,
        colour=TEXT_COLOUR,
        title=table.title,
        description=_description(table, bars, column),
        rows=rows,
        zero=zero,
        top=PADDING / 2,
        bottom=height - PADDING / 2,
        axis=AXIS_COLOUR,
    )


def _bar(row: list, column: int, unit: str) -> _Bar:
    label = "" if not row or row[0] is None else str(row[0])
    cell = row[column] if column < len(row) else None
    value = cell if isinstance(cell, int | float) and not isinstance(cell, bool) else None
    return _Bar(label=label, value=value, text=display(cell, unit))


def _row(bar: _Bar, *, top: float, zero: float, scale: float) -> Markup:
    short_label = bar.label
    if len(short_label) > LABEL_CHARACTERS:
        short_label = short_label[: LABEL_CHARACTERS - 1] + "…"
    rectangle, end = Markup(""), zero
    negative = bar.value is not None and bar.value < 0
    if bar.value is not None:
        width = abs(bar.value) * scale
        end = zero - width if negative else zero + width
        rectangle = BAR.format(
            x=min(zero, end),
            y=top + (ROW_HEIGHT - BAR_HEIGHT) / 2,
            width=width,
            height=BAR_HEIGHT,
            colour=BAR_COLOUR,
        )
    return ROW.format(
        label=bar.label,
        text=bar.text,
        label_x=LABEL_WIDTH - PADDING,
        middle=top + ROW_HEIGHT / 2,
        short_label=short_label,
        bar=rectangle,
        text_x=end - 4 if negative else end + 4,
        anchor="end" if negative else "start",
    )


def _description(table: Table, bars: list[_Bar], column: int) -> str:
    title = table.title
    if title[:1].isupper() and not title[1:2].isupper():
        title = title[0].lower() + title[1:]
    heading = table.columns[column] if column < len(table.columns) else ""
    of = f"{heading} ({title})" if heading and heading.lower() not in title.lower() else title
    text = f"Bar chart of {of}; the same figures are in the table below."
    if any(bar.text == SUPPRESSED for bar in bars):
        text += " " + SUPPRESSED_NOTE
    return text


def _identifier(key: str) -> str:
    """An XML id from the table's key, so two charts on one page keep their own titles."""
    return "chart-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-") or "table")
