"""The shape of a report: figures and tables in sections, as every page and export reads them.

A `Pack` is plain data, built once by the report functions (and frozen into a snapshot for a
funder) and then drawn by the dashboard, the PDF, the spreadsheet, the CSV and the JSON alike,
so the numbers cannot differ between them.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime


class Unit:
    COUNT = "count"
    PERCENT = "percent"
    PENCE = "pence"
    WORKING_DAYS = "working_days"
    RATIO = "ratio"
    POINTS = "points"
    SCORE = "score"


@dataclass(frozen=True)
class Figure:
    """One measure: its value and what it was computed from; `None` values are suppressed."""

    measure: str
    label: str
    value: float | int | None
    unit: str
    numerator: float | int | None = None
    denominator: float | int | None = None
    suppressed: bool = False
    caption: str = ""

    def as_row(self) -> dict:
        """The JSON row of the command-line pack."""
        return {
            "measure": self.measure,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "unit": self.unit,
            "suppressed": self.suppressed,
        }


@dataclass(frozen=True)
class Table:
    """A breakdown: rows of cells under column headings; a `None` cell is suppressed (`*`)."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[str | float | int | None]]
    unit: str = Unit.COUNT
    caption: str = ""
    # Draw the first numeric column as a bar chart beside the table.
    chart: bool = False
    # The last row is the total of the others: tabled, never drawn as a bar.
    has_total: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Pack:
    """A partnership's report for a period and an audience."""

    partnership: str
    start: date
    end: date
    audience: str
    generated_at: datetime
    data_vintage: dict[str, str]
    method_notes: list[str]
    sections: list[Section]
    disclosure_controlled: bool = True

    def figures(self) -> list[Figure]:
        return [figure for section in self.sections for figure in section.figures]

    def figure(self, measure: str) -> Figure:
        return next(f for f in self.figures() if f.measure == measure)

    def as_dict(self) -> dict:
        return asdict(self)


def pack_to_json_data(pack: Pack) -> dict:
    """The pack as JSON-ready data (dates as ISO text), as a snapshot stores it."""
    data = asdict(pack)
    data["start"], data["end"] = pack.start.isoformat(), pack.end.isoformat()
    data["generated_at"] = pack.generated_at.isoformat()
    return data


def pack_from_json_data(data: dict) -> Pack:
    """A pack read back from a snapshot, exactly as it was built."""
    sections = [
        Section(
            key=s["key"],
            title=s["title"],
            figures=[Figure(**f) for f in s["figures"]],
            tables=[Table(**t) for t in s["tables"]],
            notes=list(s["notes"]),
        )
        for s in data["sections"]
    ]
    return Pack(
        partnership=data["partnership"],
        start=date.fromisoformat(data["start"]),
        end=date.fromisoformat(data["end"]),
        audience=data["audience"],
        generated_at=datetime.fromisoformat(data["generated_at"]),
        data_vintage=dict(data["data_vintage"]),
        method_notes=list(data["method_notes"]),
        sections=sections,
        disclosure_controlled=data["disclosure_controlled"],
    )
