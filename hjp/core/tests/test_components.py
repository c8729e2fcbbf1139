"""The Python renderers behind the NHS.UK component macros (hjp/core/components/) give the
markup the nhsuk-frontend-jinja macros give, and leave anything they do not support to them.

Each case renders one macro call twice: with a reference environment that knows only the
package's templates, and with the project's environment, where hjp/templates/nhsuk/components/
stands in for the package's macros. The two must be the same HTML once layout whitespace is
taken out. When nhsuk-frontend-jinja is upgraded and its markup changes, these tests fail.
"""

import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.conf import settings
from django.template import engines
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader
from markupsafe import Markup

from hjp.core import components
from hjp.core.forms import DatePartsField, choice_items, date_items, select_items

REFERENCE = Environment(
    loader=PackageLoader("nhsuk_frontend_jinja"), autoescape=True, undefined=ChainableUndefined
)
MACROS = {
    "tag": "tag",
    "hint": "hint",
    "error-message": "errorMessage",
    "label": "label",
    "fieldset": "fieldset",
    "input": "input",
    "textarea": "textarea",
    "select": "select",
    "checkboxes": "checkboxes",
    "radios": "radios",
    "summary-list": "summaryList",
}
SPECIAL = "Sam <b>&\"' O'Brien"
UNDEFINED = ChainableUndefined()


def project() -> Environment:
    return engines["jinja2"].env


def render(environment: Environment, component: str, params, call: str | None = None) -> str:
    """One call of the component's macro with `params`, as a page template makes it."""
    macro = MACROS[component]
    source = f'{{% from "nhsuk/components/{component}/macro.jinja" import {macro} %}}'
    if call is None:
        source += f"{{{{ {macro}(params) }}}}"
    else:
        source += f"{{% call {macro}(params) %}}{call}{{% endcall %}}"
    return environment.from_string(source).render(params=params)


class _Tokens(HTMLParser):
    """Tags with their attributes sorted by name, and the text between them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []
        self.text = ""
        self.verbatim = 0

    def flush(self) -> None:
        text = self.text if self.verbatim else re.sub(r"\s+", " ", self.text)
        if text.strip() or (self.verbatim and text):
            self.tokens.append(("text", text))
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.flush()
        self.tokens.append(("start", tag, sorted((name, value or "") for name, value in attrs)))
        self.verbatim += tag in {"textarea", "pre"}

    def handle_endtag(self, tag):
        self.flush()
        self.tokens.append(("end", tag))
        self.verbatim -= tag in {"textarea", "pre"}

    def handle_data(self, data):
        self.text += data


def tokens(html: str) -> list[tuple]:
    """The HTML as a list of tokens, with runs of whitespace in text made one space (except in
    a textarea) and whitespace-only text between tags left out. Class order is kept."""
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.tokens


def choices(count: int = 3, *, checked: tuple = (), hints: bool = False) -> list[dict]:
    """Items as hjp.core.forms.choice_items makes them, optionally with a hint each."""
    items = []
    for number in range(1, count + 1):
        item = {"value": f"v{number}", "text": f"Choice {number}", "checked": number in checked}
        if hints:
            item["hint"] = {"text": f"What choice {number} means"}
        items.append(item)
    return items


def field_error(text: str | None) -> dict | None:
    """The errorMessage includes/fields.jinja passes: a dict, or None without errors."""
    return {"text": text} if text else None


TAG = {
    "status": {"text": "New", "classes": "nhsuk-tag--blue"},
    "overdue": {"text": "Overdue", "classes": "nhsuk-tag--red"},
    "html": {"html": Markup("<span>Paused</span>"), "classes": "nhsuk-tag--grey"},
    "plain-string-html": {"html": "<i>as given</i>"},
    "special-characters": {"text": SPECIAL},
    "markup-text": {"text": Markup("<b>bold</b>")},
    "colour": {"text": "Open", "colour": "aqua-green"},
    "colour-already-in-classes": {"text": "Open", "colour": "red", "classes": "nhsuk-tag--green"},
    "unknown-colour": {"text": "Open", "colour": "beige"},
    "no-colour-no-border": {"text": "Draft", "colour": False, "border": False},
    "id-and-attributes": {"text": "New", "id": "status", "attributes": {"data-x": "<y>"}},
    "empty": {},
    "undefined-text": {"text": UNDEFINED, "classes": None},
}
HINT = {
    "text": {"text": "For example, 27 3 2007"},
    "html": {"html": Markup("Use <strong>capitals</strong>")},
    "id-classes-attributes": {"text": "Hint", "id": "h", "classes": "x", "attributes": {"a": "1"}},
    "special-characters": {"text": SPECIAL},
    "multi-line": {"text": "  one\n  two  "},
}
ERROR_MESSAGE = {
    "text": {"text": "Enter a name", "id": "name-error"},
    "html": {"html": Markup("Enter <b>a name</b>")},
    "own-hidden-text": {"text": "Enter a name", "visuallyHiddenText": "Problem"},
    "no-hidden-text": {"text": "Enter a name", "visuallyHiddenText": ""},
    "special-characters": {"text": SPECIAL, "classes": "extra"},
}
LABEL = {
    "text": {"text": "Full name", "for": "name"},
    "size": {"text": "Search", "size": "s", "for": "q"},
    "size-already-in-classes": {"text": "Search", "size": "m", "classes": "nhsuk-label--s"},
    "page-heading": {"text": "What is your name?", "size": "l", "isPageHeading": True},
    "html": {"html": Markup("Name <span>(legal)</span>")},
    "hidden-text": {"text": "Change", "visuallyHiddenText": "name"},
    "id-and-attributes": {"text": "Name", "id": "l", "attributes": {"data-x": "1"}},
    "special-characters": {"text": SPECIAL},
    "no-text": {"for": "x"},
}
FIELDSET = {
    "legend-string": {"legend": "Your address", "html": Markup("<p>Inside</p>")},
    "legend-markup": {"legend": Markup("Your <b>address</b>")},
    "legend-dict": {"legend": {"text": "Contact", "size": "m", "classes": "x"}},
    "legend-page-heading": {"legend": {"text": "Which?", "size": "l", "isPageHeading": True}},
    "legend-size-already-in-classes": {
        "legend": {"text": "A", "size": "s", "classes": "nhsuk-fieldset__legend--m"}
    },
    "described-role-classes": {
        "legend": {"text": "Date"},
        "describedBy": "d-hint d-error",
        "role": "group",
        "classes": "extra",
        "id": "f",
        "attributes": {"data-x": "1"},
    },
    "special-characters": {"legend": {"text": SPECIAL, "id": "legend"}},
    "no-legend": {"html": Markup("<p>Only</p>")},
}
TEXT_INPUT = {
    "text-input": {
        "label": {"text": "Given name"},
        "hint": None,
        "id": "id_given_name",
        "name": "given_name",
        "value": "Sam",
        "type": "text",
        "classes": None,
        "autocomplete": "given-name",
        "inputmode": None,
        "spellcheck": False,
        "errorMessage": None,
    },
    "with-hint-and-error": {
        "label": {"text": "NHS number"},
        "hint": {"text": "10 digits"},
        "id": "id_nhs_number",
        "name": "nhs_number",
        "value": "123",
        "type": "text",
        "classes": "nhsuk-input--width-10",
        "autocomplete": None,
        "inputmode": "numeric",
        "spellcheck": None,
        "errorMessage": field_error("Enter a valid NHS number"),
    },
    "search": {
        "label": {"text": "Name or NHS number", "size": "s"},
        "hint": {"text": "At least 3 letters"},
        "id": "q",
        "name": "q",
        "value": "",
        "type": "search",
        "autocomplete": "off",
        "spellcheck": False,
        "errorMessage": None,
    },
    "honeypot": {
        "label": {"text": "Leave this empty"},
        "id": "id_website",
        "name": "website",
        "value": "",
        "autocomplete": "off",
        "formGroup": {"classes": "nhsuk-u-visually-hidden"},
        "attributes": {"tabindex": "-1"},
    },
    "number-value-and-width": {"label": "Weeks", "name": "weeks", "value": 3, "width": 3},
    "no-value-no-id": {"label": {"text": "Name"}, "name": "name", "value": None},
    "large-code-disabled": {"name": "code", "large": True, "code": True, "disabled": True},
    "error-as-true": {"name": "day", "errorMessage": True, "spellcheck": True},
    "special-characters": {
        "label": {"text": SPECIAL, "isPageHeading": True},
        "name": "n",
        "value": SPECIAL,
        "placeholder": SPECIAL,
        "describedBy": "other",
    },
}
TEXTAREA = {
    "text-area": {
        "label": {"text": "Why are you referring them?"},
        "hint": None,
        "id": "id_reason_text",
        "name": "reason_text",
        "rows": 6,
        "value": "",
        "errorMessage": None,
    },
    "value-with-lines-and-special-characters": {
        "label": {"text": "Notes"},
        "name": "notes",
        "value": "  first line\n\n  " + SPECIAL + "\n",
        "hint": {"text": "Anything else"},
        "errorMessage": field_error("Too long"),
    },
    "default-rows-spellcheck-autocomplete": {
        "name": "n",
        "rows": None,
        "spellcheck": False,
        "autocomplete": "off",
        "disabled": True,
        "classes": "x",
        "attributes": {"data-x": "1"},
    },
    "no-value": {"label": "Note", "name": "note"},
}
SELECT = {
    "select-input": {
        "id": "id_from_site",
        "name": "from_site",
        "label": {"text": "Which site?"},
        "hint": None,
        "items": [
            {"value": "", "text": "Choose a site", "selected": False},
            {"value": "a", "text": "Ward 1", "selected": True},
            {"value": "b", "text": "Ward 2", "selected": False},
        ],
        "errorMessage": None,
    },
    "value-divider-and-error": {
        "name": "kind",
        "label": {"text": "Kind", "size": "s"},
        "hint": {"text": "Pick one"},
        "value": "b",
        "items": [
            {"value": "a", "text": "A"},
            {"divider": True},
            {"value": "b", "text": "B"},
            {"text": "No value"},
            None,
            {"value": "c", "text": "C", "disabled": True, "attributes": {"data-x": "1"}},
        ],
        "errorMessage": {"text": "Choose a kind", "classes": "ignored-by-the-template"},
    },
    "value-matches-text": {"name": "s", "value": "Ward", "items": [{"text": "Ward"}]},
    "special-characters": {
        "name": "s",
        "label": SPECIAL,
        "items": [{"value": SPECIAL, "text": SPECIAL}],
    },
}
CHECKBOXES = {
    "checkbox-group": {
        "idPrefix": "id_advice_areas",
        "name": "advice_areas",
        "fieldset": {"legend": {"text": "What do they need help with?", "size": "m"}},
        "hint": {"text": "Select all that apply"},
        "items": choices(5, checked=(2,)),
        "errorMessage": None,
    },
    "with-error": {
        "idPrefix": "id_advice_areas",
        "name": "advice_areas",
        "fieldset": {"legend": {"text": "Areas", "size": "s"}},
        "hint": None,
        "items": choices(3),
        "errorMessage": field_error("Select at least one"),
    },
    "forty-items-with-hints": {
        "idPrefix": "id_topics",
        "name": "topics",
        "fieldset": {"legend": {"text": "Topics", "size": "s"}},
        "items": choices(40, checked=(1, 39), hints=True),
    },
    "small-nested-in-conditional": {
        "idPrefix": "id_advice_areas",
        "name": "advice_areas",
        "fieldset": {"legend": {"text": "Areas", "size": "m"}},
        "items": [
            {
                **item,
                "conditional": {
                    "html": Markup(
                        '<div class="nhsuk-form-group"><fieldset class="nhsuk-fieldset">'
                        "<legend>Kinds</legend></fieldset></div>"
                    )
                },
            }
            for item in choices(3, checked=(1,))
        ],
    },
    "no-fieldset-with-error": {
        "idPrefix": "id_not_a_duplicate",
        "name": "not_a_duplicate",
        "items": [{"value": "yes", "text": "This is a different person"}],
        "errorMessage": field_error("Confirm this is someone else"),
        "describedBy": "earlier",
    },
    "checked-by-values": {
        "name": "n",
        "values": ["v1", "v3"],
        "items": [*choices(2), {"value": "v3", "text": "Three", "checked": False}],
        "classes": "nhsuk-checkboxes--small",
        "small": True,
        "inline": True,
    },
    "divider-behaviour-and-disabled": {
        "idPrefix": "c",
        "name": "c",
        "disabled": True,
        "fieldset": {"legend": "Which?", "describedBy": "outer"},
        "items": [
            {"value": "a", "text": "A", "disabled": False, "name": "other", "id": "own-id"},
            {"divider": "or"},
            {"value": "none", "text": "None", "behaviour": "exclusive", "behaviourGroup": "g"},
            {"value": "x", "text": "X", "exclusive": True, "exclusiveGroup": "e"},
            {"value": "i", "text": "I", "behaviour": "inclusive"},
            {"divider": "and", "behaviour": "inclusive"},
            None,
        ],
    },
    "item-labels-hints-and-attributes": {
        "name": "l",
        "formGroup": {"classes": "fg", "attributes": {"data-g": "1"}},
        "attributes": {"data-c": "1"},
        "id": "box",
        "items": [
            {"value": "a", "label": {"text": "A", "classes": "lc", "id": "la"}, "hint": "str"},
            {"value": "b", "html": Markup("<b>B</b>"), "hint": Markup("<i>h</i>")},
            {"value": "c", "text": "C", "hint": {"text": "h", "id": "own", "classes": "hc"}},
            {"value": "d", "label": Markup("<b>D</b>"), "classes": "ic", "attributes": {"x": "1"}},
            {"value": "e"},
        ],
    },
    "special-characters": {
        "idPrefix": "id",
        "name": "n",
        "fieldset": {"legend": {"text": SPECIAL, "isPageHeading": True, "size": "l"}},
        "hint": SPECIAL,
        "errorMessage": SPECIAL,
        "items": [{"value": SPECIAL, "text": SPECIAL, "hint": {"text": SPECIAL}}],
    },
    "undefined-and-none-values": {
        "idPrefix": None,
        "name": "n",
        "hint": UNDEFINED,
        "errorMessage": None,
        "fieldset": None,
        "items": [{"value": "a", "text": "A", "checked": UNDEFINED, "hint": None}],
    },
}
RADIOS = {
    "radio-group-inline": {
        "idPrefix": "id_urgency",
        "name": "urgency",
        "classes": "nhsuk-radios--inline",
        "fieldset": {"legend": {"text": "How urgent is it?", "size": "m"}},
        "hint": {"text": "Urgent means a crisis"},
        "items": choices(2, checked=(1,)),
        "errorMessage": None,
    },
    "services-with-hints-and-disabled": {
        "idPrefix": "id_service",
        "name": "service",
        "fieldset": {"legend": {"text": "Service", "size": "m"}},
        "items": [
            {**item, "disabled": number == 2, "checked": item["checked"] and number != 2}
            for number, item in enumerate(choices(3, checked=(2,), hints=True), start=1)
        ],
        "errorMessage": field_error("Choose a service"),
    },
    "divider-and-new-person": {
        "idPrefix": "id_existing_person",
        "name": "existing_person",
        "fieldset": {"legend": {"text": "Is the caller one of these people?", "size": "s"}},
        "items": [*choices(2, hints=True), {"divider": "or"}, {"value": "new", "text": "New"}],
    },
    "conditional": {
        "idPrefix": "id_capacity",
        "name": "capacity",
        "fieldset": {"legend": {"text": "Capacity", "size": "s"}},
        "items": [
            {"value": "open", "text": "Open", "checked": False},
            {
                "value": "waitlist",
                "text": "Waiting list",
                "checked": True,
                "conditional": {"html": Markup('<input name="weeks">')},
            },
            {"value": "closed", "text": "Closed", "conditional": {"html": "<p>Plain</p>"}},
        ],
    },
    "checked-by-value": {
        "name": "r",
        "value": "v2",
        "small": True,
        "disabled": True,
        "items": [*choices(2), {"value": "v2", "text": "Again", "checked": False}],
    },
    "page-heading-legend": {
        "name": "r",
        "fieldset": {"legend": {"text": "Pick", "isPageHeading": True, "size": "l"}},
        "items": choices(2),
    },
    "item-hint-id-given-as-none": {
        "name": "r",
        "items": [{"value": "a", "text": "A", "hint": {"text": "h", "id": None}}],
    },
    "special-characters": {
        "name": "r",
        "idPrefix": "p",
        "errorMessage": {"text": SPECIAL},
        "items": [{"value": SPECIAL, "text": SPECIAL, "label": {"text": SPECIAL}}],
    },
}


def row(key, value, *, change: str | None = None, **extra) -> dict:
    """A summary list row as the presenters make it, with a Change link if `change` is given."""
    made = {"key": {"text": key}, "value": value if isinstance(value, dict) else {"text": value}}
    if change is not None:
        made["actions"] = {
            "items": [{"href": change, "text": "Change", "visuallyHiddenText": key.lower()}]
        }
    return {**made, **extra}


LINKS = {
    "items": [{"href": "/a", "text": "Change"}, {"href": "/b", "html": Markup("<b>Remove</b>")}]
}
SUMMARY_LIST = {
    "plain-rows": {"rows": [row("Name", "Sam Jones"), row("NHS number", "485 777 3456")]},
    "rows-with-actions": {
        "rows": [row("Name", "Sam", change="/edit#id_name"), row("Age", "42", change="/edit")]
    },
    "some-rows-without-actions": {
        "rows": [row("Name", "Sam", change="/edit"), row("Age", "42"), row("Sex", "Female")]
    },
    "empty-action-items": {
        "rows": [row("Name", "Sam", actions={"items": []}), row("Age", "42", change="/e")]
    },
    "several-actions": {"rows": [row("Name", "Sam", actions=LINKS), row("Age", "42")]},
    "action-options": {
        "rows": [
            row(
                "Name",
                "Sam",
                actions={
                    "items": [
                        {
                            "href": "/e",
                            "text": "Edit",
                            "id": "a1",
                            "classes": "x",
                            "attributes": {"data-y": "<z>"},
                        }
                    ],
                    "classes": "acts",
                    "id": "acts",
                    "attributes": {"data-a": "1"},
                },
            )
        ]
    },
    "action-without-hidden-text": {
        "rows": [row("Name", "Sam", actions={"items": [{"href": "/e", "text": "Edit"}]})]
    },
    "html-values": {
        "rows": [
            row("Address", {"html": Markup("1 High Street<br>Leeds")}),
            row("Help", {"html": "<ul><li>Debt</li></ul>"}),
            {"key": {"html": Markup("<abbr>GP</abbr>")}, "value": {"text": "v"}},
        ]
    },
    "keys-and-values-as-strings": {
        "rows": [
            {"key": "Name", "value": "Sam"},
            {"key": Markup("<i>Markup key</i>"), "value": Markup("<b>Markup value</b>")},
            {"key": 7, "value": None},
        ]
    },
    "special-characters": {
        "rows": [
            row(SPECIAL, SPECIAL, change="/e?a=1&b=2"),
            row("Markup text", {"text": Markup("<b>x</b>")}),
        ]
    },
    "multi-line-and-empty-values": {
        "rows": [row("Notes", "  one\n  two  "), row("Empty", ""), row("Zero", {"text": 0})]
    },
    "value-classes-ids-attributes": {
        "rows": [
            row("Name", {"text": "Not recorded", "classes": "nhsuk-u-secondary-text-colour"}),
            {
                "key": {"text": "K", "id": "k", "classes": "kc", "attributes": {"data-k": "1"}},
                "value": {"text": "V", "id": "v", "attributes": {"data-v": '"q"'}},
                "id": "r",
                "classes": "rc",
                "attributes": {"data-r": True},
            },
        ]
    },
    "no-border": {"rows": [row("Referrals", "3")], "border": False},
    "no-border-in-classes": {
        "rows": [row("Referrals", "3")],
        "border": False,
        "classes": "nhsuk-summary-list--no-border extra",
    },
    "no-last-row-border": {
        "rows": [row("A", "1", border=False), row("B", "2", border=False)],
        "lastRowBorder": False,
    },
    "row-borders": {
        "rows": [
            row("A", "1", border=False),
            row("B", "2", border=False, classes="nhsuk-summary-list__row--no-border"),
            row("C", "3", border=True),
        ]
    },
    "row-borders-in-a-list-without-them": {
        "rows": [row("A", "1", border=False)],
        "classes": "nhsuk-summary-list--no-last-row-border",
    },
    "list-classes-id-attributes": {
        "rows": [row("A", "1")],
        "classes": "app-list",
        "id": "summary",
        "attributes": {"data-module": "x", "aria-label": "About <them>"},
    },
    "card": {"rows": [row("Name", "Sam"), row("Age", "42")], "card": {"heading": "Identity"}},
    "card-with-actions": {
        "rows": [
            row("Name", "Sam", change="/e"),
            row("Age", "42"),
            row("Links", "x", actions=LINKS),
        ],
        "card": {"heading": "Contact & safe contact"},
    },
    "card-heading-as-a-dict": {
        "rows": [row("Name", "Sam", change="/e")],
        "card": {"heading": {"text": "Identity"}},
    },
    "card-without-heading": {"rows": [row("Name", "Sam", change="/e")], "card": {"heading": None}},
    "empty-card": {"rows": [row("Name", "Sam", change="/e")], "card": {}},
    "no-rows": {"rows": []},
    "rows-none-and-none-rows": {"rows": None, "classes": "x"},
    "a-none-row": {"rows": [None, row("A", "1"), None]},
    "undefined-values": {"rows": [row("A", {"text": UNDEFINED}), row("B", "2")], "id": UNDEFINED},
}
CASES = {
    "tag": TAG,
    "hint": HINT,
    "error-message": ERROR_MESSAGE,
    "label": LABEL,
    "fieldset": FIELDSET,
    "input": TEXT_INPUT,
    "textarea": TEXTAREA,
    "select": SELECT,
    "checkboxes": CHECKBOXES,
    "radios": RADIOS,
    "summary-list": SUMMARY_LIST,
}
SUPPORTED = [
    pytest.param(component, params, id=f"{component}-{name}")
    for component, table in CASES.items()
    for name, params in table.items()
]
UNSUPPORTED = [
    pytest.param("tag", {"text": "New", "href": "/"}, id="tag-unknown-param"),
    pytest.param("hint", {"text": "Hint", "attributes": "data-x=1"}, id="hint-string-attributes"),
    pytest.param("label", {"text": "Name", "caption": "Part 1"}, id="label-caption"),
    pytest.param("input", {"name": "n", "prefix": "£"}, id="input-prefix"),
    pytest.param("input", {"name": "n", "label": {"text": "L", "heading": True}}, id="input-label"),
    pytest.param("select", {"name": "s", "inputWrapper": {"classes": "w"}}, id="select-wrapper"),
    pytest.param(
        "textarea",
        {"name": "t", "formGroup": {"afterInput": {"text": "After"}}},
        id="textarea-after",
    ),
    pytest.param(
        "checkboxes",
        {"name": "c", "items": choices(2), "formGroup": {"beforeInputs": {"text": "Before"}}},
        id="checkboxes-before-inputs",
    ),
    pytest.param(
        "radios",
        {"name": "r", "items": [{"value": "a", "text": "A", "conditional": "not a dict"}]},
        id="radios-item",
    ),
    pytest.param(
        "fieldset", {"legend": {"text": "L", "caption": "Step 1"}}, id="fieldset-legend-caption"
    ),
    pytest.param("summary-list", {"html": Markup("<div>Rows</div>")}, id="summary-list-html"),
    pytest.param(
        "summary-list",
        {"rows": [row("A", "1", actions=[{"href": "/e", "text": "Edit"}])]},
        id="summary-list-actions-as-a-list",
    ),
    pytest.param(
        "summary-list",
        {"rows": [row("A", "1", actions={"items": [{"text": "Delete", "name": "d"}]})]},
        id="summary-list-action-button",
    ),
    pytest.param(
        "summary-list",
        {"rows": [row("A", "1", change="/e")], "card": {"heading": "H", "feature": True}},
        id="summary-list-card-option",
    ),
    pytest.param(
        "summary-list",
        {"rows": [row("A", "1", change="/e")], "card": {"heading": Markup("<b>H</b>")}},
        id="summary-list-card-html-heading",
    ),
    pytest.param(
        "summary-list",
        {"rows": [row("A", {"text": "1", "width": "one-half"})]},
        id="summary-list-width",
    ),
]


@pytest.fixture
def loaded(monkeypatch) -> list[str]:
    """The names of the templates the project's environment loads during the test."""
    environment = project()
    names = []
    get_template = environment.get_template

    def spy(name, *args, **kwargs):
        names.append(name)
        return get_template(name, *args, **kwargs)

    monkeypatch.setattr(environment, "get_template", spy)
    return names


@pytest.mark.parametrize(("component", "params"), SUPPORTED)
def test_the_project_renders_each_supported_shape_as_the_reference_macro_does(component, params):
    assert tokens(render(project(), component, params)) == tokens(
        render(REFERENCE, component, params)
    )


@pytest.mark.parametrize(("component", "params"), SUPPORTED)
def test_supported_shapes_take_the_python_renderer_and_never_load_the_reference_template(
    component, params, loaded
):
    render(project(), component, params)

    assert components.render_component(component, params) is not None
    assert loaded == [f"nhsuk/components/{component}/macro.jinja"]


@pytest.mark.parametrize(("component", "params"), UNSUPPORTED)
def test_params_outside_the_supported_subset_fall_back_to_the_reference_template(
    component, params, loaded
):
    html = render(project(), component, params)

    assert components.render_component(component, params) is None
    assert f"nhsuk-reference/nhsuk/components/{component}/template.jinja" in loaded
    assert tokens(html) == tokens(render(REFERENCE, component, params))


@pytest.mark.parametrize("component", ["tag", "hint", "label", "summary-list"])
def test_a_fallback_renders_exactly_the_reference_output(component):
    params = {"text": "Unchanged <b>", "not-a-param": True}

    assert render(project(), component, params) == render(REFERENCE, component, params)


@pytest.mark.parametrize(
    "component", ["tag", "hint", "error-message", "label", "fieldset", "summary-list"]
)
def test_a_call_block_renders_exactly_the_reference_output(component):
    params = {"text": "Ignored", "legend": "Legend", "classes": "x"}
    body = "<p>From the caller</p>"

    html = render(project(), component, params, call=body)

    assert html == render(REFERENCE, component, params, call=body)
    assert body in html


def test_text_is_escaped_and_a_script_in_a_label_never_appears_raw():
    script = "<script>alert(1)</script>"
    calls = [
        (
            "checkboxes",
            {
                "name": "n",
                "fieldset": {"legend": {"text": script}},
                "hint": {"text": script},
                "errorMessage": {"text": script},
                "items": [{"value": script, "text": script, "hint": {"text": script}}],
            },
        ),
        ("input", {"name": script, "label": {"text": script}, "value": script}),
        ("tag", {"text": script}),
    ]
    html = "".join(render(project(), component, params) for component, params in calls)
    reference = "".join(render(REFERENCE, component, params) for component, params in calls)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"

    assert "<script>" not in html
    assert html.count(escaped) == reference.count(escaped) == 12


def test_html_params_are_kept_as_given_whether_markup_or_a_plain_string():
    html = render(
        project(),
        "radios",
        {
            "name": "r",
            "hint": {"html": "<strong>plain string</strong>"},
            "items": [{"value": "a", "html": Markup("<em>markup</em>")}],
        },
    )

    assert "<strong>plain string</strong>" in html
    assert "<em>markup</em>" in html


def test_a_textarea_keeps_its_value_exactly():
    value = "  first line\n\n  second & <third>\n"
    html = render(project(), "textarea", {"name": "t", "value": value})

    assert ">  first line\n\n  second &amp; &lt;third&gt;\n</textarea>" in html


class ReferralLikeForm(forms.Form):
    """One field of each kind that includes/fields.jinja renders."""

    name = forms.CharField(label="Full name", help_text="As on their GP record", max_length=5)
    reason = forms.CharField(label="Why?", widget=forms.Textarea)
    urgency = forms.ChoiceField(
        label="How urgent?", choices=[("routine", "Routine"), ("urgent", "Urgent <now>")]
    )
    areas = forms.MultipleChoiceField(
        label="Areas", choices=[("debt", "Debt"), ("housing", "Housing")]
    )
    site = forms.ChoiceField(label="Site", choices=[("", "Choose"), ("a", "Ward & clinic")])
    deadline = DatePartsField(label="Deadline", required=False, help_text="For example, 27 3 2027")


FIELDS = """
{%- from "includes/fields.jinja" import text_input, text_area, radio_group, checkbox_group,
  select_input, date_input -%}
{{ text_input(form["name"], autocomplete="name", spellcheck=false) }}
{{ text_area(form["reason"], rows=6) }}
{{ radio_group(form["urgency"], choice_items(form["urgency"]), inline=true, legend_size="m") }}
{{ checkbox_group(form["areas"], choice_items(form["areas"]), hint="Select all that apply") }}
{{ select_input(form["site"], select_items(form["site"])) }}
{{ date_input(form["deadline"], date_items(form["deadline"])) }}
"""


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"name": "S<&>", "reason": "x", "urgency": "urgent", "areas": ["debt"], "site": "a"},
        {"name": "Alex", "urgency": "nope", "deadline_day": "31", "deadline_month": "2"},
    ],
    ids=["unbound", "valid", "with-errors"],
)
def test_the_field_macros_render_a_django_form_as_with_the_reference_templates(data):
    form = ReferralLikeForm(data)
    form.is_valid()
    helpers = {"choice_items": choice_items, "select_items": select_items, "date_items": date_items}
    # The package's templates first, so that nhsuk/components/... are the originals there.
    reference = Environment(
        loader=ChoiceLoader(
            [
                PackageLoader("nhsuk_frontend_jinja"),
                FileSystemLoader(settings.BASE_DIR / "hjp" / "templates"),
            ]
        ),
        autoescape=True,
        undefined=ChainableUndefined,
    )

    html = project().from_string(FIELDS).render(form=form, **helpers)

    assert tokens(html) == tokens(reference.from_string(FIELDS).render(form=form, **helpers))


@pytest.mark.parametrize(
    "text", ["", "plain", "<b>&\"'</b>", "a & b", "'single' \"double\"", "é ü ✓"]
)
def test_the_fast_escaping_of_text_is_markupsafes_escaping(text):
    from markupsafe import escape

    from hjp.core.components import _jinja

    assert _jinja._escape_str(text) == str(escape(text))
    assert _jinja._escape_str_in_python(text) == str(escape(text))


def test_a_summary_list_escapes_text_and_marks_rows_without_actions():
    params = {
        "rows": [
            row("<script>alert(1)</script>", "<script>", change="/e"),
            row("Age", "42"),
        ],
        "card": {"heading": "<script>"},
    }

    html = str(components.render_component("summary-list", params))

    assert "<script>" not in html
    assert html.count("&lt;script&gt;") == 5
    assert html.count("nhsuk-summary-list__row--no-actions") == 1
    assert tokens(html) == tokens(render(REFERENCE, "summary-list", params))
