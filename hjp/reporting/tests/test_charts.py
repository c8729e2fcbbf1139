import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from hjp.reporting.charts import BAR_COLOUR, TEXT_COLOUR, bar_chart_svg
from hjp.reporting.pack import Table, Unit

SVG = "{http://www.w3.org/2000/svg}"


def referrals_by_month(**changes) -> Table:
    fields = {
        "key": "referrals_by_month",
        "title": "Referrals by month",
        "columns": ["Month", "Referrals", "Accepted"],
        "rows": [["April 2026", 120, 100], ["May 2026", None, 3], ["June 2026", 60, 50]],
        "chart": True,
    }
    return Table(**(fields | changes))


def parsed(table: Table, **options) -> ET.Element:
    return ET.fromstring(str(bar_chart_svg(table, **options)))


def bars(svg: ET.Element) -> list[ET.Element]:
    return list(svg.iter(f"{SVG}rect"))


def row_texts(svg: ET.Element) -> list[list[str]]:
    return [[text.text for text in group.iter(f"{SVG}text")] for group in svg.iter(f"{SVG}g")]


def test_the_chart_is_well_formed_svg_markup_that_templates_do_not_escape():
    chart = bar_chart_svg(referrals_by_month())

    assert isinstance(chart, Markup)
    assert ET.fromstring(str(chart)).tag == f"{SVG}svg"


def test_the_chart_is_an_image_named_by_its_title_and_described_by_its_desc():
    svg = parsed(referrals_by_month())

    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Referrals by month"
    assert desc.text.startswith(
        "Bar chart of referrals by month; the same figures are in the table below."
    )


def test_the_description_explains_the_star_only_when_a_cell_is_suppressed():
    suppressed = parsed(referrals_by_month()).find(f"{SVG}desc").text
    complete = parsed(referrals_by_month(rows=[["April 2026", 120]])).find(f"{SVG}desc").text

    assert "*" in suppressed
    assert "*" not in complete


def test_the_chart_scales_with_a_view_box_and_has_a_fixed_size():
    svg = parsed(referrals_by_month())

    assert svg.get("viewBox") == f"0 0 {svg.get('width')} {svg.get('height')}"


def test_each_row_is_labelled_from_the_first_column_with_its_value_beside_the_bar():
    svg = parsed(referrals_by_month())

    assert row_texts(svg) == [["April 2026", "120"], ["May 2026", "*"], ["June 2026", "60"]]


def test_a_suppressed_cell_gets_no_bar_and_a_star():
    svg = parsed(referrals_by_month())

    groups = list(svg.iter(f"{SVG}g"))
    assert groups[1].find(f"{SVG}rect") is None
    assert len(bars(svg)) == 2


def test_bars_are_as_long_as_their_values_in_nhs_blue():
    april, june = bars(parsed(referrals_by_month()))

    assert float(april.get("width")) == pytest.approx(2 * float(june.get("width")), abs=0.1)
    assert april.get("x") == june.get("x")
    assert {april.get("fill"), june.get("fill")} == {BAR_COLOUR}


def test_text_is_nhs_black_in_a_font_the_pdf_has():
    svg = parsed(referrals_by_month())

    assert svg.get("fill") == TEXT_COLOUR
    assert "DejaVu Sans" in svg.get("font-family")


def test_another_column_can_be_drawn():
    svg = parsed(referrals_by_month(), column=2)

    assert row_texts(svg)[1] == ["May 2026", "3"]


def test_values_are_shown_in_the_table_unit():
    svg = parsed(referrals_by_month(rows=[["Benefits", 420000]], unit=Unit.PENCE))

    assert row_texts(svg) == [["Benefits", "£4,200"]]


def test_a_negative_bar_ends_at_the_zero_line_and_a_positive_one_starts_there():
    svg = parsed(referrals_by_month(rows=[["Fell", -30], ["Rose", 60]], unit=Unit.POINTS))

    zero = float(svg.find(f"{SVG}line").get("x1"))
    fell, rose = bars(svg)
    assert float(fell.get("x")) + float(fell.get("width")) == pytest.approx(zero, abs=0.1)
    assert float(rose.get("x")) == zero


def test_a_label_with_markup_is_escaped_and_stays_text():
    table = referrals_by_month(title="<b>Referrals</b>", rows=[["<script>alert(1)</script>", 5]])

    chart = str(bar_chart_svg(table))
    svg = ET.fromstring(chart)

    assert "<script>" not in chart
    assert not list(svg.iter(f"{SVG}script"))
    assert not list(svg.iter(f"{SVG}b"))
    assert row_texts(svg)[0][0].startswith("<script>")
    assert svg.find(f"{SVG}title").text == "<b>Referrals</b>"


def test_a_long_label_is_shortened_on_the_chart_and_given_in_full_on_hover():
    label = "Personal Independence Payment (daily living and mobility)"
    svg = parsed(referrals_by_month(rows=[[label, 5]]))

    group = svg.find(f"{SVG}g")
    assert group.find(f"{SVG}text").text.endswith("…")
    assert group.find(f"{SVG}title").text == f"{label}: 5"


def test_the_chart_has_no_script_handlers_or_links():
    chart = str(bar_chart_svg(referrals_by_month()))

    assert " on" not in chart
    assert "href" not in chart
    assert "<script" not in chart


def test_two_charts_on_one_page_keep_their_own_titles():
    first = parsed(referrals_by_month())
    second = parsed(referrals_by_month(key="outcomes by issue"))

    assert first.get("aria-labelledby") != second.get("aria-labelledby")
    assert " " not in second.find(f"{SVG}title").get("id")


def test_an_empty_table_draws_an_empty_chart():
    svg = parsed(referrals_by_month(rows=[]))

    assert bars(svg) == []


def test_a_total_row_is_tabled_but_never_drawn_as_a_bar():
    rows = [["May", 40], ["June", 20], ["Total", 60]]
    table = Table(
        key="k", title="T", columns=["Month", "Count"], rows=rows, chart=True, has_total=True
    )
    svg = str(bar_chart_svg(table))
    assert "May" in svg and "Total" not in svg
