"""The renderer for the NHS.UK summary list: rows of a key, a value and optionally actions (links
only), in a card with a text heading or without one."""

from markupsafe import Markup

from hjp.core.components._jinja import (
    _assembled,
    _attribute,
    _attribute_if,
    _attributes,
    _content,
    _escaped,
    _fits,
    _fits_attributes,
    _fits_classes,
    _fits_text,
    _fits_values,
    _Params,
    _params,
    _plain,
    _text_param,
    _with_classes,
)

SUMMARY_LIST_KEYS = frozenset({"rows", "card", "classes", "id", "attributes", "border"})
SUMMARY_LIST_KEYS |= {"lastRowBorder"}
ROW_KEYS = frozenset({"key", "value", "actions", "classes", "id", "attributes", "border"})
ROW_ACTIONS_KEYS = frozenset({"items", "classes", "id", "attributes"})
ACTION_KEYS = frozenset({"href", "text", "html", "visuallyHiddenText", "classes", "id"})
ACTION_KEYS |= {"attributes"}
CARD_KEYS = frozenset({"heading"})
CARD_HEADING_KEYS = frozenset({"text"})

_NESTED = {"classes": _fits_classes, "attributes": _fits_attributes}


# --- what the renderer supports -----------------------------------------------------------


def _fits_action(action) -> bool:
    """A link: a dict of only ACTION_KEYS with an href (without one the package makes a
    button)."""
    return (
        type(action) is dict
        and ACTION_KEYS.issuperset(action)
        and bool(action.get("href"))
        and _fits_values(action, _NESTED)
    )


def _fits_row_actions(actions) -> bool:
    """Row actions as a dict whose items are a list of links (or none at all)."""
    if type(actions) is not dict:
        return _plain(actions) and not isinstance(actions, (str, int))
    items = actions.get("items")
    if type(items) is not list and type(items) is not tuple:
        return False
    return (
        ROW_ACTIONS_KEYS.issuperset(actions)
        and all(_fits_action(action) for action in items)
        and _fits_values({k: v for k, v in actions.items() if k != "items"}, _NESTED)
    )


_ROW_NESTED = {
    "key": _fits_text,
    "value": _fits_text,
    "actions": _fits_row_actions,
    "classes": _fits_classes,
    "attributes": _fits_attributes,
}


def _fits_row(row) -> bool:
    return type(row) is dict and ROW_KEYS.issuperset(row) and _fits_values(row, _ROW_NESTED)


def _fits_heading(heading) -> bool:
    """A card heading as plain text (not Markup), alone or in a dict of only `text`."""
    if type(heading) is dict:
        return CARD_HEADING_KEYS.issuperset(heading) and _fits_heading(heading.get("text"))
    return type(heading) is str or (_plain(heading) and not isinstance(heading, (str, int)))


def _fits_card(card) -> bool:
    """No card, or a card with at most a plain text heading."""
    if type(card) is not dict:
        return _plain(card) and not isinstance(card, (str, int))
    return CARD_KEYS.issuperset(card) and _fits_heading(card.get("heading"))


def _fits_summary_list(params) -> bool:
    if type(params) is not dict or not SUMMARY_LIST_KEYS.issuperset(params):
        return False
    rows = params.get("rows")
    if type(rows) is list or type(rows) is tuple:
        if not all(row is None or _fits_row(row) for row in rows):
            return False
    elif not (_plain(rows) and not isinstance(rows, (str, int))):
        return False
    others = {key: value for key, value in params.items() if key not in ("rows", "card")}
    return _fits_card(params.get("card")) and _fits(others, SUMMARY_LIST_KEYS)


# --- rendering ----------------------------------------------------------------------------


def _action(action: _Params, heading) -> str:
    """The card action template for a link, `heading` the card's heading text (if any)."""
    opening = (
        f"<a{_attribute('class', _with_classes('nhsuk-link', action['classes']))}"
        f"{_attribute('id', action['id'], optional=True)}{_attribute('href', action['href'])}"
        f"{_attributes(action['attributes'])}>"
    )
    content = _content(action["html"], action["text"])
    hidden_text = action["visuallyHiddenText"]
    if not (hidden_text or heading):
        return f"{opening}{content}</a>"
    hidden = f" {_escaped(hidden_text)}" if hidden_text else ""
    if heading:
        hidden += f" ({_escaped(heading)})"
    return f'{opening}{content}<span class="nhsuk-u-visually-hidden">{hidden}</span></a>'


def _row(row: _Params, summary: _Params, last: bool, has_actions: bool, heading) -> str:
    """The summary list row template."""
    key, value = _text_param(row["key"]), _text_param(row["value"])
    actions = _params(row["actions"])
    items = actions["items"] or ()
    classes = row["classes"]
    list_classes = summary["classes"]
    class_names = "nhsuk-summary-list__row"
    if has_actions and not items:
        class_names += " nhsuk-summary-list__row--no-actions"
    if (
        row["border"] is False
        and not (classes and "nhsuk-summary-list__row--no-border" in classes)
        and not (
            list_classes
            and (
                "nhsuk-summary-list--no-border" in list_classes
                or "nhsuk-summary-list--no-last-row-border" in list_classes
            )
        )
        and not (summary["lastRowBorder"] is False and last)
    ):
        class_names += " nhsuk-summary-list__row--no-border"
    markup = (
        f'<div class="{_escaped(_with_classes(class_names, classes))}"'
        f"{_attribute_if('id', row['id'])}{_attributes(row['attributes'])}>\n"
        f'<dt class="{_escaped(_with_classes("nhsuk-summary-list__key", key["classes"]))}"'
        f"{_attribute_if('id', key['id'])}{_attributes(key['attributes'])}>\n"
        f"{_content(key['html'], key['text'])}\n</dt>\n"
        f'<dd class="{_escaped(_with_classes("nhsuk-summary-list__value", value["classes"]))}"'
        f"{_attribute_if('id', value['id'])}{_attributes(value['attributes'])}>\n"
        f"{_content(value['html'], value['text'])}\n</dd>\n"
    )
    if items:
        actions_class = _with_classes("nhsuk-summary-list__actions", actions["classes"])
        markup += (
            f'<dd class="{_escaped(actions_class)}"'
            f"{_attribute_if('id', actions['id'])}{_attributes(actions['attributes'])}>\n"
        )
        if len(items) == 1:
            markup += _action(_params(items[0]), heading)
        else:
            markup += '<ul class="nhsuk-summary-list__actions-list">\n'
            for item in items:
                markup += (
                    '<li class="nhsuk-summary-list__actions-list-item">\n'
                    f"{_action(_params(item), heading)}\n</li>\n"
                )
            markup += "</ul>"
        markup += "\n</dd>\n"
    return markup + "</div>"


def _card(heading, html: str) -> str:
    """The card template around `html`, with a plain text heading or none."""
    title = (
        f'<h2 class="nhsuk-card__heading">\n{_escaped(heading).strip()}\n</h2>\n' if heading else ""
    )
    return (
        f'<div class="nhsuk-card">\n<div class="nhsuk-card__content">\n{title}{html}\n</div>\n'
        "</div>"
    )


def summary_list(params) -> Markup | None:
    """The summary list component: rows with text or HTML keys and values and link actions,
    no border, classes and attributes, in a card with a text heading."""
    if not _fits_summary_list(params):
        return None
    params = _params(params)
    rows = [_params(row) for row in params["rows"] or () if row is not None]
    classes = params["classes"]
    class_names = "nhsuk-summary-list"
    if params["border"] is False and not (classes and "nhsuk-summary-list--no-border" in classes):
        class_names += " nhsuk-summary-list--no-border"
    elif params["lastRowBorder"] is False and not (
        classes and "nhsuk-summary-list--no-last-row-border" in classes
    ):
        class_names += " nhsuk-summary-list--no-last-row-border"
    has_actions = any(type(row["actions"]) is dict and row["actions"]["items"] for row in rows)
    card = _params(params["card"])
    heading = card["heading"]
    if type(heading) is dict:
        heading = _params(heading)["text"]
    last = len(rows) - 1
    html = (
        f'<dl class="{_escaped(_with_classes(class_names, classes))}"'
        f"{_attribute_if('id', params['id'])}{_attributes(params['attributes'])}>\n"
        + "\n".join(
            [
                _row(row, params, number == last, has_actions, heading)
                for number, row in enumerate(rows)
            ]
        )
        + "\n</dl>"
    )
    if params["card"]:
        return _assembled(_card(heading, html))
    return _assembled(html)
