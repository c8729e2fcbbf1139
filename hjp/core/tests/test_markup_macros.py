"""The plain-markup macros for long lists and repeated dates (includes/table.jinja and
includes/date_parts.jinja) render what the NHS.UK components render, and escape as they should."""

import re

import pytest
from django import forms
from django.template import engines
from markupsafe import Markup

from hjp.core.forms import DatePartsField, date_items


def render(source: str, **context) -> str:
    return engines["jinja2"].env.from_string(source).render(**context)


def markup(html: str) -> str:
    """The HTML with layout whitespace taken out (whitespace between tags means nothing here)."""
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"\s*([<>])\s*", r"\1", html)
    return re.sub(r" +>", ">", html).strip()


HEAD = ["Reference", "Name", "Status"]


def rows() -> list[list[dict]]:
    return [
        [
            {"html": Markup('<a href="/referrals/1/">HJP-AAAA-BBBB</a>')},
            {"text": "Sam <script>alert(1)</script> O'Brien"},
            {"html": Markup('<strong class="nhsuk-tag">New</strong>')},
        ],
        [
            {"html": Markup('<a href="/referrals/2/">HJP-CCCC-DDDD</a>')},
            {"text": "Alex Example"},
            {"html": Markup("")},
        ],
    ]


def nhsuk_table(first_cell_is_header: bool) -> str:
    return render(
        '{% from "nhsuk/components/tables/macro.jinja" import table %}'
        '{{ table({"caption": "New", "captionSize": "m", "responsive": true,'
        ' "firstCellIsHeader": first, "head": head, "rows": rows}) }}',
        first=first_cell_is_header,
        head=[{"text": text} for text in HEAD],
        rows=rows(),
    )


def simple_table(first_cell_is_header: bool) -> str:
    return render(
        '{% from "includes/table.jinja" import simple_table %}'
        '{{ simple_table("New", head, rows, first_cell_is_header=first) }}',
        first=first_cell_is_header,
        head=HEAD,
        rows=rows(),
    )


@pytest.mark.parametrize("first_cell_is_header", [False, True])
def test_simple_table_renders_the_nhsuk_responsive_table_markup(first_cell_is_header):
    assert markup(simple_table(first_cell_is_header)) == markup(nhsuk_table(first_cell_is_header))


def test_simple_table_has_a_caption_column_headers_and_row_headers_when_asked():
    html = markup(simple_table(first_cell_is_header=True))

    assert '<caption class="nhsuk-table__caption nhsuk-table__caption--m">New</caption>' in html
    assert html.count('<th class="nhsuk-table__header" scope="col" role="columnheader">') == 3
    assert html.count('<th class="nhsuk-table__header" scope="row" role="rowheader">') == 2


def test_simple_table_escapes_text_cells_and_keeps_markup_cells():
    html = simple_table(first_cell_is_header=False)

    assert "Sam &lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien" in html
    assert "<script>" not in html
    assert '<span><a href="/referrals/1/">HJP-AAAA-BBBB</a></span>' in html


def test_simple_table_escapes_a_plain_string_passed_as_html():
    html = render(
        '{% from "includes/table.jinja" import simple_table %}'
        '{{ simple_table("Caption <i>", ["Name"], [[{"html": name}]]) }}',
        name="<img src=x onerror=alert(1)>",
    )

    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Caption &lt;i&gt;" in html


class DeadlineForm(forms.Form):
    deadline_1_date = DatePartsField(
        label="Date of deadline 1", required=False, help_text="For example, 3 9 2026"
    )


def date_params(form: DeadlineForm, hint: str | None = None) -> dict:
    """The dateInput params a form field renders with (hjp/core/nhsuk_forms)."""
    field = form["deadline_1_date"]
    params = {
        "id": field.auto_id,
        "fieldset": {"legend": {"text": field.label, "size": "s"}},
        "hint": {"text": hint or field.help_text},
        "items": date_items(field),
    }
    if field.errors:
        params["errorMessage"] = {"text": " ".join(field.errors)}
    return params


def date_markup(macro: str, form: DeadlineForm, hint: str | None = None) -> str:
    imports = {
        "dateInput": '{% from "nhsuk/components/date-input/macro.jinja" import dateInput %}',
        "date_parts": '{% from "includes/date_parts.jinja" import date_parts %}',
    }
    return render(imports[macro] + "{{ " + macro + "(params) }}", params=date_params(form, hint))


def filled(day: str, month: str, year: str) -> DeadlineForm:
    form = DeadlineForm(
        {"deadline_1_date_day": day, "deadline_1_date_month": month, "deadline_1_date_year": year}
    )
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("form", "hint"),
    [
        (DeadlineForm(), None),
        (DeadlineForm(), "A different hint"),
        (filled("3", "9", "2030"), None),
        (filled("31", "<b>", ""), None),
    ],
    ids=["empty", "own-hint", "filled", "with-error"],
)
def test_date_parts_renders_the_nhsuk_date_input_markup(form, hint):
    assert markup(date_markup("date_parts", form, hint)) == markup(
        date_markup("dateInput", form, hint)
    )


def test_date_parts_shows_the_error_and_links_it_to_the_fieldset_and_escapes_values():
    html = markup(date_markup("date_parts", filled("31", "<b>", "")))

    assert '<div class="nhsuk-form-group nhsuk-form-group--error">' in html
    assert 'aria-describedby="id_deadline_1_date-hint id_deadline_1_date-error"' in html
    assert '<span class="nhsuk-u-visually-hidden">Error:</span>' in html
    assert 'value="&lt;b&gt;"' in html
    assert html.count("nhsuk-input--error") == 3
