"""Form fields that render themselves (hjp/core/nhsuk_forms): each gives the markup the NHS.UK
macro gives for the params built from the form, and the markup the field macros of
includes/fields.jinja gave with the item helpers that views used to call."""

import pytest
from django import forms
from jinja2 import ChainableUndefined
from markupsafe import Markup

from hjp.core import nhsuk_forms as nhsuk
from hjp.core.forms import DatePartsField, choice_items, date_items, select_items
from hjp.core.tests.test_components import REFERENCE, project, tokens

REFERENCE_MACROS = {
    "input": ("input", "input"),
    "textarea": ("textarea", "textarea"),
    "character-count": ("character-count", "characterCount"),
    "radios": ("radios", "radios"),
    "checkboxes": ("checkboxes", "checkboxes"),
    "checkbox": ("checkboxes", "checkboxes"),
    "select": ("select", "select"),
    "date-input": ("date-input", "dateInput"),
}


class ReferralLikeForm(nhsuk.NhsukForm):
    name = nhsuk.CharField(
        label="Full name", help_text="As on their GP record", max_length=5, autocomplete="name"
    )
    reason = nhsuk.CharField(label="Why?", widget=forms.Textarea, rows=6)
    story = nhsuk.CharField(
        label="What happened", widget=forms.Textarea, max_length=50, character_count=True
    )
    urgency = nhsuk.ChoiceField(
        label="How urgent?",
        choices=[("routine", "Routine"), ("urgent", "Urgent <now>")],
        widget=forms.RadioSelect,
        inline=True,
        label_size="m",
    )
    areas = nhsuk.MultipleChoiceField(
        label="Areas", help_text="Select all", choices=[("debt", "Debt"), ("housing", "Housing")]
    )
    site = nhsuk.ChoiceField(label="Site", choices=[("", "Choose"), ("a", "Ward & clinic")])
    deadline = nhsuk.DatePartsField(
        label="Deadline", required=False, help_text="For example, 27 3 2027"
    )
    agree = nhsuk.BooleanField(label="I agree")
    # A plain Django field renders itself too in an NhsukForm.
    email = forms.EmailField(label="Email", required=False)


STATES = [
    None,
    {
        "name": "S<&>",
        "reason": "x",
        "story": "y",
        "urgency": "urgent",
        "areas": ["debt", "housing"],
        "site": "a",
        "agree": "yes",
        "email": "a@example.com",
    },
    {"name": "Alexander", "urgency": "nope", "deadline_day": "31", "deadline_month": "2"},
]
STATE_IDS = ["unbound", "valid", "with-errors"]


def html_tokens(html: str) -> list[tuple]:
    """The tags and text of the HTML; text trimmed, since the date input is written out in plain
    markup whose text has no layout whitespace around it (includes/date_parts.jinja)."""
    return [(kind, value.strip(), *rest) for kind, value, *rest in tokens(html)]


def form_in(state) -> ReferralLikeForm:
    form = ReferralLikeForm(state)
    form.is_valid()
    return form


def reference_markup(component: str, params: dict) -> str:
    folder, macro = REFERENCE_MACROS[component]
    source = f'{{% from "nhsuk/components/{folder}/macro.jinja" import {macro} %}}'
    return REFERENCE.from_string(source + f"{{{{ {macro}(params) }}}}").render(params=params)


@pytest.mark.parametrize("state", STATES, ids=STATE_IDS)
@pytest.mark.parametrize("name", list(ReferralLikeForm.base_fields))
def test_a_field_renders_what_the_nhsuk_macro_renders_for_its_params(state, name):
    field = form_in(state)[name]

    html = field.as_nhsuk()

    assert html_tokens(html) == html_tokens(reference_markup(field.component, field.nhsuk_params()))


OLD_FIELDS = """
{%- from "includes/fields.jinja" import text_input, text_area, radio_group, checkbox_group,
  select_input, date_input -%}
{{ text_input(form["name"], autocomplete="name") }}
{{ text_area(form["reason"], rows=6) }}
{{ radio_group(form["urgency"], choice_items(form["urgency"]), inline=true, legend_size="m") }}
{{ checkbox_group(form["areas"], choice_items(form["areas"])) }}
{{ select_input(form["site"], select_items(form["site"])) }}
{{ date_input(form["deadline"], date_items(form["deadline"])) }}
{{ text_input(form["email"], type="email") }}
"""
NEW_FIELDS = """
{{ form.name.as_nhsuk() }}
{{ form.reason.as_nhsuk() }}
{{ form.urgency.as_nhsuk() }}
{{ form.areas.as_nhsuk() }}
{{ form.site.as_nhsuk() }}
{{ form.deadline.as_nhsuk() }}
{{ form.email.as_nhsuk() }}
"""


@pytest.mark.parametrize("state", STATES, ids=STATE_IDS)
def test_fields_render_what_the_field_macros_rendered_with_the_item_helpers(state):
    form = form_in(state)
    helpers = {"choice_items": choice_items, "select_items": select_items, "date_items": date_items}

    old = project().from_string(OLD_FIELDS).render(form=form, **helpers)
    new = project().from_string(NEW_FIELDS).render(form=form)

    assert html_tokens(new) == html_tokens(old)


@pytest.mark.parametrize(
    ("name", "component"),
    [
        ("name", "input"),
        ("reason", "textarea"),
        ("story", "character-count"),
        ("urgency", "radios"),
        ("areas", "checkboxes"),
        ("site", "select"),
        ("deadline", "date-input"),
        ("agree", "checkbox"),
        ("email", "input"),
    ],
)
def test_the_widget_decides_the_component(name, component):
    assert ReferralLikeForm()[name].component == component


def test_options_given_where_the_field_is_rendered_override_the_fields_own():
    field = ReferralLikeForm()["urgency"]

    params = field.nhsuk_params(label="Changed", hint="A hint", inline=False, label_size=None)

    assert params["fieldset"] == {"legend": {"text": "Changed", "size": "m"}}
    assert params["hint"] == {"text": "A hint"}
    assert "classes" not in params


def test_an_undefined_option_from_a_template_counts_as_not_given():
    field = ReferralLikeForm()["urgency"]

    assert field.nhsuk_params(label=ChainableUndefined()) == field.nhsuk_params()


def test_an_unknown_option_is_an_error_not_ignored():
    with pytest.raises(TypeError, match="legend_size"):
        ReferralLikeForm()["urgency"].as_nhsuk(legend_size="m")


def test_changing_one_forms_options_leaves_other_forms_alone():
    changed = ReferralLikeForm()
    changed.fields["urgency"].display["inline"] = False

    assert ReferralLikeForm()["urgency"].nhsuk_params()["classes"] == "nhsuk-radios--inline"
    assert ReferralLikeForm.base_fields["urgency"].display["inline"] is True


class ChoicesForm(nhsuk.NhsukForm):
    service = nhsuk.ChoiceField(
        label="Service",
        choices=[("a", "Advice"), ("b", "Benefits"), ("c", "Clinic")],
        widget=forms.RadioSelect,
        choice_hints={"a": "Open", "b": "Paused <now>"},
        disabled_choices={"b"},
        dividers={"b": "or"},
        reveals={"c": "detail"},
    )
    detail = nhsuk.CharField(label="Which clinic?", required=False)
    topics = nhsuk.MultipleChoiceField(label="Topics", choices=[("x", "X"), ("y", "Y")])

    def revealed_html(self, name, value):
        return Markup("<p>about y</p>") if (name, value) == ("topics", "y") else None


def test_choice_items_carry_hints_dividers_disabled_choices_and_the_fields_they_reveal():
    form = ChoicesForm({"service": "b", "detail": "Ward 3"})

    items = form["service"].nhsuk_params()["items"]

    assert [item.get("value", item.get("divider")) for item in items] == ["a", "b", "or", "c"]
    assert items[0]["hint"] == {"text": "Open"}
    # A choice that cannot be made is never shown as made, even when it was posted.
    assert (items[1]["disabled"], items[1]["checked"]) == (True, False)
    assert 'value="Ward 3"' in items[3]["conditional"]["html"]


def test_the_form_can_reveal_html_of_its_own_under_a_choice():
    items = ChoicesForm()["topics"].nhsuk_params()["items"]

    assert "conditional" not in items[0]
    assert items[1]["conditional"] == {"html": Markup("<p>about y</p>")}


def test_part_of_a_choice_field_can_be_rendered_on_its_own():
    form = ChoicesForm({"topics": ["y"]})

    params = form["topics"].nhsuk_params(choices=[("y", "Y")], id_prefix="id_topics_y")

    assert params["idPrefix"] == "id_topics_y"
    assert [(item["value"], item["checked"]) for item in params["items"]] == [("y", True)]


def test_text_is_escaped_and_no_script_appears_raw():
    form = ReferralLikeForm({"name": "<script>alert(1)</script>", "urgency": "urgent"})
    form.is_valid()

    html = form["name"].as_nhsuk() + form["urgency"].as_nhsuk()

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "Urgent &lt;now&gt;" in html


def test_a_date_field_keeps_what_was_typed_and_marks_each_part_in_error():
    form = ReferralLikeForm({"deadline_day": "31", "deadline_month": "2", "deadline_year": "2027"})
    form.is_valid()

    params = form["deadline"].nhsuk_params()

    assert [item["value"] for item in params["items"]] == ["31", "2", "2027"]
    assert all("nhsuk-input--error" in item["classes"] for item in params["items"])
    assert params["errorMessage"] == {"text": "Deadline must be a real date"}


def test_the_plain_date_field_renders_in_an_nhsuk_form():
    class Plain(nhsuk.NhsukForm):
        born = DatePartsField(label="Date of birth")

    assert Plain()["born"].component == "date-input"
    assert 'id="id_born_day"' in Plain()["born"].as_nhsuk()
