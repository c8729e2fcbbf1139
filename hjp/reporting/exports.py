"""A report pack written out as a file to download: PDF, spreadsheet, CSV or JSON.

Every format is drawn from the same `Pack`, so the numbers cannot differ between them. The
columns of each are described in docs/report-exports.md.
"""

import csv
import io
import json
from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hjp.core.formatting import format_date, format_datetime
from hjp.reporting.charts import bar_chart_svg
from hjp.reporting.formatting import SUPPRESSED, SUPPRESSED_NOTE, display, display_from
from hjp.reporting.pack import Figure, Pack, Section, Table, Unit

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
UNKNOWN_FORMAT = "A report can be downloaded as PDF, XLSX, CSV or JSON, not {fmt}."

FIGURE_COLUMNS = [
    "section",
    "measure",
    "label",
    "numerator",
    "denominator",
    "value",
    "unit",
    "suppressed",
]
TABLE_COLUMNS = ["section", "table", "row label", "column", "value", "unit"]

# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export(pack: Pack, fmt: str) -> tuple[bytes, str, str]:
    """The file for a pack in one format, with its content type and a file name that names the
    partnership and the period (never a person)."""
    writers = {"pdf": to_pdf, "xlsx": to_xlsx, "csv": to_csv, "json": to_json}
    if fmt not in writers:
        raise ValueError(UNKNOWN_FORMAT.format(fmt=fmt))
    return writers[fmt](pack), FORMATS[fmt], file_name(pack, fmt)


def file_name(pack: Pack, fmt: str) -> str:
    """'hjp-report-north-hjp-2026-04-01-to-2027-03-31.pdf'."""
    slug = slugify(pack.partnership) or "partnership"
    return f"hjp-report-{slug}-{pack.start.isoformat()}-to-{pack.end.isoformat()}.{fmt}"


def template_context(pack: Pack) -> dict:
    """What reporting/_pack_body.jinja needs besides the pack: the formatting and the charts."""
    return {
        "pack": pack,
        "display": display,
        "display_from": display_from,
        "bar_chart_svg": bar_chart_svg,
    }


# --- JSON -----------------------------------------------------------------------------------


def to_json(pack: Pack) -> bytes:
    """The pack as JSON: raw values (pence, fractions), `null` where suppressed."""
    document = {
        "partnership": pack.partnership,
        "period": {"start": pack.start.isoformat(), "end": pack.end.isoformat()},
        "audience": pack.audience,
        "generated_at": pack.generated_at.isoformat(),
        "data_vintage": dict(pack.data_vintage),
        "method_notes": list(pack.method_notes),
        "disclosure_controlled": pack.disclosure_controlled,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "measures": [figure.as_row() for figure in section.figures],
                "tables": [
                    {
                        "key": table.key,
                        "title": table.title,
                        "columns": list(table.columns),
                        "rows": [list(row) for row in table.rows],
                    }
                    for table in section.tables
                ],
            }
            for section in pack.sections
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


# --- CSV ------------------------------------------------------------------------------------


def to_csv(pack: Pack) -> bytes:
    """The figures, one a row, then a blank row and the tables' cells, one a row; '*' where
    suppressed. Encoded with a byte-order mark so that Excel reads it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIGURE_COLUMNS)
    for section in pack.sections:
        for figure in section.figures:
            writer.writerow(_safe_row(_figure_csv_row(section, figure)))
    writer.writerow([])
    writer.writerow(TABLE_COLUMNS)
    for section in pack.sections:
        for table in section.tables:
            for row in _table_cells(table):
                writer.writerow(_safe_row([section.title, table.title, *row, table.unit]))
    return buffer.getvalue().encode("utf-8-sig")


def _figure_csv_row(section: Section, figure: Figure) -> list:
    # Without a suppressed figure's parts there is nothing to say; with them, they may be shown.
    missing = SUPPRESSED if figure.suppressed else ""
    return [
        section.title,
        figure.measure,
        figure.label,
        missing if figure.numerator is None else figure.numerator,
        missing if figure.denominator is None else figure.denominator,
        SUPPRESSED if figure.value is None else figure.value,
        figure.unit,
        "yes" if figure.suppressed or figure.value is None else "no",
    ]


def _table_cells(table: Table) -> Iterable[list]:
    """(row label, column heading, value) for every cell after the first of each row."""
    for row in table.rows:
        label = SUPPRESSED if not row or row[0] is None else row[0]
        for heading, cell in zip(table.columns[1:], row[1:], strict=False):
            yield [label, heading, SUPPRESSED if cell is None else cell]


def _safe_row(cells: list) -> list:
    return [neutralised(cell) for cell in cells]


def neutralised(cell: object) -> object:
    """Text a spreadsheet would run as a formula, made plain text with a leading quote; numbers
    (negative ones too) are left as they are."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


# --- XLSX -----------------------------------------------------------------------------------

# Numbers stay numbers; these formats make them read as they do on the page.
NUMBER_FORMATS = {
    Unit.COUNT: "#,##0",
    Unit.PERCENT: "0%",
    Unit.PENCE: '"£"#,##0',
    Unit.WORKING_DAYS: "0.0",
    Unit.RATIO: '"£"0.00" per £1"',
    Unit.POINTS: "0.0",
    Unit.SCORE: "0.0",
}
SHEET_NAME_LENGTH = 31
SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
BOLD = Font(bold=True)
RIGHT = Alignment(horizontal="right")


def to_xlsx(pack: Pack) -> bytes:
    """A workbook: a Summary sheet (the period, every figure, the method notes), then a sheet per
    section with its figures and tables. Money is in pounds, percentages are fractions."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    _write_summary(summary, pack)
    names = {"summary", "history"}  # Excel reserves "History"
    for section in pack.sections:
        sheet = workbook.create_sheet(_sheet_name(section.title, taken=names))
        _write_section(sheet, section)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_summary(sheet: Worksheet, pack: Pack) -> None:
    _append(sheet, [pack.partnership], bold=True)
    _append(sheet, ["Period", f"{format_date(pack.start)} to {format_date(pack.end)}"])
    _append(sheet, ["Prepared for", pack.audience])
    _append(sheet, ["Generated", format_datetime(pack.generated_at)])
    for source, as_of in pack.data_vintage.items():
        _append(sheet, [f"Data as of: {source}", as_of])
    _append(sheet, ["Disclosure controlled", "yes" if pack.disclosure_controlled else "no"])
    _append(sheet, [])
    _append(sheet, ["Section", "Measure", "Value", "Numerator", "Denominator"], bold=True)
    for section in pack.sections:
        for figure in section.figures:
            _append_figure(sheet, [section.title, figure.label], figure)
    _append(sheet, [])
    _append(sheet, ["Method notes"], bold=True)
    for note in pack.method_notes:
        _append(sheet, [note])
    if pack.disclosure_controlled:
        _append(sheet, [SUPPRESSED_NOTE])
    _widths(sheet, [28, 48, 16, 16, 16])


def _write_section(sheet: Worksheet, section: Section) -> None:
    _append(sheet, [section.title], bold=True)
    if section.figures:
        _append(sheet, [])
        _append(sheet, ["Measure", "Value", "Numerator", "Denominator"], bold=True)
        for figure in section.figures:
            _append_figure(sheet, [figure.label], figure)
    for table in section.tables:
        _append(sheet, [])
        _append(sheet, [table.title], bold=True)
        _append(sheet, list(table.columns), bold=True)
        number_format = NUMBER_FORMATS.get(table.unit, "General")
        for row in table.rows:
            label = SUPPRESSED if not row or row[0] is None else row[0]
            cells = [_number(cell, table.unit) for cell in row[1:]]
            formats = dict.fromkeys(range(1, len(row)), number_format)
            _append(sheet, [label, *cells], formats=formats)
        if table.caption:
            _append(sheet, [table.caption])
    for note in section.notes:
        _append(sheet, [note])
    _widths(sheet, [48, 16, 16, 16])


def _append_figure(sheet: Worksheet, leading: list, figure: Figure) -> None:
    """A figure's row: what leads it, then its value, numerator and denominator."""
    part_unit = Unit.PENCE if figure.unit in (Unit.PENCE, Unit.RATIO) else Unit.COUNT
    missing = SUPPRESSED if figure.suppressed else None
    first = len(leading)
    _append(
        sheet,
        [
            *leading,
            _number(figure.value, figure.unit),
            missing if figure.numerator is None else _number(figure.numerator, part_unit),
            missing if figure.denominator is None else _number(figure.denominator, part_unit),
        ],
        formats={
            first: NUMBER_FORMATS.get(figure.unit, "General"),
            first + 1: NUMBER_FORMATS[part_unit],
            first + 2: NUMBER_FORMATS[part_unit],
        },
    )


def _number(value: object, unit: str) -> object:
    """A cell's value as the spreadsheet holds it: pounds for pence, '*' where suppressed."""
    if value is None:
        return SUPPRESSED
    if isinstance(value, str):
        return value
    return value / 100 if unit == Unit.PENCE else value


def _append(
    sheet: Worksheet, cells: list, *, bold: bool = False, formats: dict[int, str] | None = None
) -> None:
    """Add a row. Text is stored as text, so a label starting with '=' is never a formula;
    `formats` gives number formats by column index, and those columns align right."""
    sheet.append(cells)
    for index, cell in enumerate(sheet[sheet.max_row] if cells else ()):
        if isinstance(cell.value, str):
            cell.data_type = "s"
        if bold:
            cell.font = BOLD
        if formats and index in formats:
            cell.alignment = RIGHT
            if not isinstance(cell.value, str):
                cell.number_format = formats[index]


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width


def _sheet_name(title: str, *, taken: set[str]) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters, unique in the book."""
    base = " ".join(title.translate(SHEET_NAME_FORBIDDEN).split()).strip("'") or "Section"
    name, number = base[:SHEET_NAME_LENGTH], 1
    while name.lower() in taken:
        number += 1
        suffix = f" ({number})"
        name = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
    taken.add(name.lower())
    return name


# --- PDF ------------------------------------------------------------------------------------


def to_pdf(pack: Pack) -> bytes:
    """The pack as an A4 PDF, with charts, drawn from reporting/pdf.jinja; tagged, so that a
    screen reader reads its headings and tables as such."""
    # WeasyPrint takes about half a second to import (it loads its stylesheets and fonts), so
    # it is loaded when a PDF is first drawn, not by every web worker and command at start-up.
    import weasyprint
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        """Refuses every address: the PDF is drawn from the pack alone, so a label that slipped
        through could never make the server fetch a file or a URL."""

        def fetch(self, url, headers=None):
            raise ValueError(f"The report PDF fetches nothing: {url}")

    html = render_to_string("reporting/pdf.jinja", template_context(pack))
    document = weasyprint.HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=NoFetching()
    )
    return document.write_pdf(pdf_tags=True)
