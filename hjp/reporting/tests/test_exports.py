import csv
import io
import json
import re
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pypdf
import pytest
from django.template.loader import render_to_string

from hjp.reporting.exports import (
    FIGURE_COLUMNS,
    FORMATS,
    TABLE_COLUMNS,
    UNKNOWN_FORMAT,
    export,
    file_name,
    template_context,
    to_csv,
    to_json,
    to_pdf,
    to_xlsx,
)
from hjp.reporting.pack import Figure, Pack, Section, Table, Unit

DOCS = Path(__file__).resolve().parents[3] / "docs" / "report-exports.md"


def build_pack() -> Pack:
    """Three sections: a suppressed figure, and a charted table with a suppressed cell."""
    referrals = Section(
        key="referrals",
        title="Referrals",
        figures=[
            Figure("referrals_received", "Referrals received", 1234, Unit.COUNT),
            Figure(
                "referrals_accepted",
                "Referrals accepted",
                0.42,
                Unit.PERCENT,
                numerator=518,
                denominator=1234,
                caption="Of the referrals received",
            ),
        ],
        tables=[
            Table(
                key="referrals_by_month",
                title="Referrals by month",
                columns=["Month", "Referrals"],
                rows=[["April 2026", 120], ["May 2026", None], ["June 2026", 95]],
                chart=True,
            )
        ],
    )
    outcomes = Section(
        key="outcomes",
        title="Outcomes",
        figures=[
            Figure("income_gained", "Income gained", 42000000, Unit.PENCE),
            Figure(
                "social_return",
                "Social return",
                3.4,
                Unit.RATIO,
                numerator=34000000,
                denominator=10000000,
            ),
            Figure(
                "debts_written_off",
                "People with debts written off",
                None,
                Unit.COUNT,
                suppressed=True,
            ),
        ],
        tables=[
            Table(
                key="gains_by_issue",
                title="Income gained by issue",
                columns=["Issue", "Income gained"],
                rows=[["Benefits", 30000000], ["Housing", 12000000]],
                unit=Unit.PENCE,
            )
        ],
    )
    waiting = Section(
        key="waiting",
        title="Time to advice",
        figures=[
            Figure(
                "days_to_contact",
                "Working days to first contact",
                2.5,
                Unit.WORKING_DAYS,
                numerator=1295,
                denominator=518,
            )
        ],
        notes=["Counted from the day a referral is accepted."],
    )
    return Pack(
        partnership="North & East HJP",
        start=date(2026, 4, 1),
        end=date(2027, 3, 31),
        audience="funder",
        generated_at=datetime(2027, 4, 2, 9, 30, tzinfo=ZoneInfo("Europe/London")),
        data_vintage={"casework": "2027-04-01", "referrals": "2027-04-02"},
        method_notes=["Income gained is annualised over 52 weeks."],
        sections=[referrals, outcomes, waiting],
    )


HEADLINE_VALUES = ["1,234", "42%", "518 of 1,234", "£420,000", "£3.40 per £1", "2.5"]
SECTION_TITLES = ["Referrals", "Outcomes", "Time to advice"]


@pytest.fixture
def pack() -> Pack:
    return build_pack()


@pytest.fixture(scope="module")
def pdf() -> pypdf.PdfReader:
    data = to_pdf(build_pack())
    assert data.startswith(b"%PDF")
    return pypdf.PdfReader(io.BytesIO(data))


@pytest.fixture(scope="module")
def pdf_text(pdf) -> str:
    return "\n".join(page.extract_text() for page in pdf.pages)


@pytest.fixture(scope="module")
def pdf_html() -> str:
    return render_to_string("reporting/pdf.jinja", template_context(build_pack()))


def csv_blocks(data: bytes) -> tuple[list[list[str]], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    blank = rows.index([])
    return rows[:blank], rows[blank + 1 :]


# --- PDF ------------------------------------------------------------------------------------


@pytest.mark.parametrize("shown", HEADLINE_VALUES + SECTION_TITLES)
def test_the_pdf_shows_the_headline_figures_and_the_section_titles(pdf_text, shown):
    assert shown in pdf_text


def test_the_pdf_shows_suppressed_figures_as_a_star(pdf_text):
    assert re.search(r"People with debts written off\s*\*", pdf_text)


def test_the_pdf_numbers_its_pages_and_heads_them_with_the_partnership_and_period(pdf_text):
    assert re.search(r"Page 1 of \d+", pdf_text)
    assert pdf_text.count("North & East HJP") >= 2
    assert "1 April 2026 to 31 March 2027" in pdf_text


def test_the_pdf_draws_the_chart_from_the_same_table(pdf_text):
    assert pdf_text.count("April 2026") >= 2


def test_the_pdf_ends_with_how_the_figures_were_made(pdf_text):
    assert "How these figures were made" in pdf_text
    assert "annualised over 52 weeks" in pdf_text


def test_the_pdf_is_a4_tagged_for_screen_readers_and_in_british_english(pdf):
    root = pdf.trailer["/Root"]

    assert [round(float(side)) for side in pdf.pages[0].mediabox[2:]] == [595, 842]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert pdf.metadata.title.startswith("North & East HJP: report for 1 April 2026")


def test_the_printed_document_is_a4_in_dejavu_sans_with_rows_kept_whole(pdf_html):
    assert "size: A4" in pdf_html
    assert 'counter(page) " of " counter(pages)' in pdf_html
    assert '"DejaVu Sans", sans-serif' in pdf_html
    assert "tr { break-inside: avoid" in pdf_html


# --- the pack body, as the dashboard includes it ----------------------------------------------


@pytest.fixture(scope="module")
def body() -> str:
    return render_to_string("reporting/_pack_body.jinja", template_context(build_pack()))


def test_the_body_gives_each_section_a_second_level_heading(body):
    for title in SECTION_TITLES:
        assert re.search(rf"<h2[^>]*>{title}</h2>", body)


def test_the_body_draws_figures_with_what_they_were_computed_from(body):
    assert '<th class="nhsuk-table__header" scope="row">Referrals accepted' in body
    assert ">42%</td>" in body
    assert ">518 of 1,234</td>" in body
    assert "Of the referrals received" in body


def test_the_body_draws_tables_as_nhs_tables_with_captions_and_header_scopes(body):
    assert body.count('<table class="nhsuk-table') == 5  # three of figures, two breakdowns
    assert "Referrals by month</caption>" in body
    assert 'scope="col">Month</th>' in body
    assert 'scope="row">May 2026</th>' in body


def test_the_body_charts_only_the_tables_that_ask_for_a_chart(body):
    assert body.count("<svg") == 1
    assert body.index("<svg") < body.index("Referrals by month</caption>")


def test_the_body_escapes_what_the_pack_says(pack):
    hostile = replace(pack, partnership="<script>x()</script>")

    html = render_to_string("reporting/_pack_body.jinja", template_context(hostile))

    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_the_body_gives_notes_the_period_the_data_vintage_and_disclosure_control(body):
    assert "<p>Counted from the day a referral is accepted.</p>" in body
    assert "1 April 2026 to 31 March 2027" in body
    assert "casework: 2027-04-01" in body
    assert "2 April 2027, 9:30am" in body
    assert "they appear as *" in body


def test_the_body_warns_when_figures_are_not_disclosure_controlled(pack):
    html = render_to_string(
        "reporting/_pack_body.jinja",
        template_context(replace(pack, disclosure_controlled=False)),
    )

    assert "not disclosure-controlled" in html


# --- XLSX -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(to_xlsx(build_pack())))


def row_of(sheet, label: object) -> tuple:
    return next(row for row in sheet.iter_rows() if label in [cell.value for cell in row])


def test_the_workbook_has_a_summary_and_a_sheet_per_section(workbook):
    assert workbook.sheetnames == ["Summary", *SECTION_TITLES]


@pytest.mark.parametrize(
    ("label", "value", "number_format"),
    [
        ("Referrals received", 1234, "#,##0"),
        ("Referrals accepted", 0.42, "0%"),
        ("Income gained", 420000, '"£"#,##0'),
        ("Social return", 3.4, '"£"0.00" per £1"'),
        ("Working days to first contact", 2.5, "0.0"),
        ("People with debts written off", "*", "General"),
    ],
)
def test_the_summary_holds_each_figure_as_a_number_formatted_in_its_unit(
    workbook, label, value, number_format
):
    cell = row_of(workbook["Summary"], label)[2]

    assert cell.value == value
    assert cell.number_format == number_format


def test_the_summary_gives_numerators_and_denominators_and_the_method_notes(workbook):
    accepted = row_of(workbook["Summary"], "Referrals accepted")
    social_return = row_of(workbook["Summary"], "Social return")

    assert [accepted[3].value, accepted[4].value] == [518, 1234]
    assert [social_return[3].value, social_return[4].value] == [340000, 100000]
    assert row_of(workbook["Summary"], "Income gained is annualised over 52 weeks.")
    assert row_of(workbook["Summary"], "1 April 2026 to 31 March 2027")
    assert row_of(workbook["Summary"], "2 April 2027, 9:30am")


def test_a_section_sheet_holds_its_tables_with_suppressed_cells_as_a_star(workbook):
    sheet = workbook["Referrals"]

    assert [cell.value for cell in row_of(sheet, "April 2026")][:2] == ["April 2026", 120]
    assert [cell.value for cell in row_of(sheet, "May 2026")][:2] == ["May 2026", "*"]
    gains = row_of(workbook["Outcomes"], "Benefits")[1]
    assert (gains.value, gains.number_format) == (300000, '"£"#,##0')


def test_sheet_names_are_short_enough_for_excel_unique_and_without_forbidden_characters(pack):
    long = "Outcomes for people with long-term conditions: by issue"
    sections = [replace(pack.sections[0], title=title) for title in [long, long, "Summary", "a/b"]]

    names = openpyxl.load_workbook(io.BytesIO(to_xlsx(replace(pack, sections=sections)))).sheetnames

    assert names[0] == "Summary"
    assert len(set(names)) == len(names) == 5
    assert all(len(name) <= 31 for name in names)
    assert "a b" in names


# --- CSV ------------------------------------------------------------------------------------


def test_the_csv_starts_with_a_byte_order_mark_for_excel(pack):
    assert to_csv(pack).startswith(b"\xef\xbb\xbf")


def test_the_csv_has_a_row_per_figure(pack):
    figures, _ = csv_blocks(to_csv(pack))

    assert figures[0] == FIGURE_COLUMNS
    assert figures[2] == [
        "Referrals",
        "referrals_accepted",
        "Referrals accepted",
        "518",
        "1234",
        "0.42",
        "percent",
        "no",
    ]
    assert figures[5] == [
        "Outcomes",
        "debts_written_off",
        "People with debts written off",
        "*",
        "*",
        "*",
        "count",
        "yes",
    ]
    assert len(figures) == 1 + len(pack.figures())


def test_the_csv_then_has_a_row_per_table_cell(pack):
    _, tables = csv_blocks(to_csv(pack))

    assert tables[0] == TABLE_COLUMNS
    assert tables[1:] == [
        ["Referrals", "Referrals by month", "April 2026", "Referrals", "120", "count"],
        ["Referrals", "Referrals by month", "May 2026", "Referrals", "*", "count"],
        ["Referrals", "Referrals by month", "June 2026", "Referrals", "95", "count"],
        ["Outcomes", "Income gained by issue", "Benefits", "Income gained", "30000000", "pence"],
        ["Outcomes", "Income gained by issue", "Housing", "Income gained", "12000000", "pence"],
    ]


# --- formula injection ----------------------------------------------------------------------


@pytest.fixture
def hostile_pack(pack) -> Pack:
    table = Table(
        key="hostile",
        title="+SUM(A1:A9)",
        columns=["@Issue", "-Count"],
        rows=[['=HYPERLINK("http://example.com","x")', -5]],
    )
    section = Section(
        key="hostile",
        title="=1+1",
        figures=[Figure("m", "-2+3", -5, Unit.POINTS)],
        tables=[table],
    )
    return replace(pack, sections=[section])


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(hostile_pack):
    figures, tables = csv_blocks(to_csv(hostile_pack))

    assert figures[1][:3] == ["'=1+1", "m", "'-2+3"]
    assert figures[1][5] == "-5"
    assert tables[1] == [
        "'=1+1",
        "'+SUM(A1:A9)",
        '\'=HYPERLINK("http://example.com","x")',
        "'-Count",
        "-5",
        "count",
    ]


def test_the_workbook_stores_formula_like_labels_as_text(hostile_pack):
    data = to_xlsx(hostile_pack)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert not [name for name in sheets if b"<f>" in archive.read(name)]
    book = openpyxl.load_workbook(io.BytesIO(data))
    label = row_of(book["=1+1"], "=1+1")[0]
    assert (label.value, label.data_type) == ("=1+1", "s")


# --- JSON -----------------------------------------------------------------------------------


def test_the_json_has_exactly_the_documented_keys(pack):
    document = json.loads(to_json(pack))

    assert list(document) == [
        "partnership",
        "period",
        "audience",
        "generated_at",
        "data_vintage",
        "method_notes",
        "disclosure_controlled",
        "sections",
    ]
    assert list(document["period"]) == ["start", "end"]
    assert [list(section) for section in document["sections"]] == [
        ["key", "title", "measures", "tables"]
    ] * 3
    assert list(document["sections"][0]["tables"][0]) == ["key", "title", "columns", "rows"]


def test_the_json_round_trips_the_pack(pack):
    document = json.loads(to_json(pack))

    assert document["period"] == {"start": "2026-04-01", "end": "2027-03-31"}
    assert datetime.fromisoformat(document["generated_at"]) == pack.generated_at
    assert document["data_vintage"] == pack.data_vintage
    measures = [row for section in document["sections"] for row in section["measures"]]
    assert measures == [figure.as_row() for figure in pack.figures()]
    table = document["sections"][0]["tables"][0]
    assert table["rows"] == [["April 2026", 120], ["May 2026", None], ["June 2026", 95]]


# --- export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_export_gives_the_file_its_content_type_and_name(pack, fmt):
    data, content_type, name = export(pack, fmt)

    assert data
    assert content_type == FORMATS[fmt]
    assert name == f"hjp-report-north-east-hjp-2026-04-01-to-2027-03-31.{fmt}"


def test_export_refuses_an_unknown_format(pack):
    with pytest.raises(ValueError, match=re.escape(UNKNOWN_FORMAT.format(fmt="docx"))):
        export(pack, "docx")


def test_a_partnership_with_no_letters_still_gets_a_file_name(pack):
    assert file_name(replace(pack, partnership="—"), "pdf").startswith("hjp-report-partnership-")


def test_the_documentation_lists_the_csv_columns_in_order():
    text = DOCS.read_text()

    assert ",".join(FIGURE_COLUMNS) in text
    assert ",".join(TABLE_COLUMNS) in text
