"""Figures stated as ratios to a reference measured in the same run, the file they are written
to (bench/results/requests.json) and the table printed after a run."""

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


def ratio_of(value: float | None, reference: float | None) -> float | None:
    """value ÷ reference, or None when either is missing or the reference is not above zero."""
    if value is None or reference is None or math.isnan(value) or math.isnan(reference):
        return None
    if reference <= 0:
        return None
    return value / reference


def is_met(ratio: float | None, target_ratio: float | None) -> bool | None:
    """Whether a ratio is at or under its target; None when there is no target, and False
    when there is a target but no ratio (a figure that could not be measured fails)."""
    if target_ratio is None:
        return None
    return ratio is not None and ratio <= target_ratio


@dataclass
class RatioFigure:
    """A figure beside its reference; the target, if any, is an upper bound on the ratio."""

    name: str
    value: float
    unit: str
    reference_name: str
    reference_value: float
    target_ratio: float | None = None
    ratio: float | None = field(default=None, init=False)
    met: bool | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.ratio = ratio_of(self.value, self.reference_value)
        self.met = is_met(self.ratio, self.target_ratio)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "value": _rounded(self.value, 3),
            "unit": self.unit,
            "reference_name": self.reference_name,
            "reference_value": _rounded(self.reference_value, 3),
            "ratio": _rounded(self.ratio, 3),
            "target_ratio": self.target_ratio,
            "met": self.met,
        }


def _rounded(value: float | None, digits: int) -> float | None:
    if value is None or math.isnan(value):
        return None
    return round(value, digits)


def write_requests_results(
    path: Path, *, data_size: dict, figures: Sequence[RatioFigure], **sections
) -> dict:
    """Write the figures with the data they were measured at, then any further sections."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "benchmark": "requests",
        "data_size": data_size,
        "figures": [figure.as_dict() for figure in figures],
        **sections,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return document


def _number(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def format_ratio_table(figures: Sequence[RatioFigure]) -> str:
    """Figure, value, reference, ratio, target and verdict, one figure a line."""
    rows = [["figure", "value", "reference", "ratio", "target", "met?"]]
    for figure in figures:
        rows.append(
            [
                figure.name,
                f"{_number(figure.value)} {figure.unit}",
                f"{figure.reference_name} = {_number(figure.reference_value)}",
                _number(figure.ratio),
                "" if figure.target_ratio is None else f"≤ {figure.target_ratio:g}",
                "" if figure.met is None else ("yes" if figure.met else "NO"),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)
