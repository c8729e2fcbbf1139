"""The renderers for the NHS.UK checkboxes and radios."""

from markupsafe import Markup

from hjp.core.components._jinja import (
    CHECKBOX_ITEM_KEYS,
    CHECKBOXES_KEYS,
    ERROR_KEYS,
    FORM_GROUP_KEYS,
    MISSING,
    RADIO_ITEM_KEYS,
    RADIOS_KEYS,
    TEXT_KEYS,
    _absent,
    _attribute,
    _attributes,
    _concat,
    _default,
    _escaped,
    _fits_attributes,
    _fits_classes,
    _fits_group,
    _fits_items,
    _fits_text,
    _fits_values,
    _Params,
    _params,
    _text_param,
    _with_classes,
)
from hjp.core.components.fields import _form_group, _has_error, _hint_and_error
from hjp.core.components.text import _fieldset, _fits_fieldset, _hint, _label

_CHOICE_FIELDSET_KEYS = frozenset({"legend", "id", "role", "describedBy", "classes", "attributes"})
_CONDITIONAL_KEYS = frozenset({"html"})


def _fits_item_label(value) -> bool:
    return _fits_text(value, ERROR_KEYS)


def _fits_hint(value) -> bool:
    return _fits_text(value, TEXT_KEYS)


def _fits_conditional(value) -> bool:
    """Conditional content as a dict with plain `html`, or none."""
    if type(value) is not dict:
        return _absent(value)
    return _CONDITIONAL_KEYS.issuperset(value) and _fits_values(value, {})


_ITEM_NESTED = {
    "label": _fits_item_label,
    "hint": _fits_hint,
    "conditional": _fits_conditional,
    "classes": _fits_classes,
    "attributes": _fits_attributes,
}


def _fits_choice_item(item: dict) -> bool:
    """An item whose label, hint and conditional content fit, its other values plain."""
    return _fits_values(item, _ITEM_NESTED)


def _fits_values_list(value) -> bool:
    """The checkboxes' `values`: a list or tuple of text, numbers and none."""
    if type(value) is not list and type(value) is not tuple:
        return _absent(value)
    return all(isinstance(item, (str, int)) or item is None for item in value)


def _nested(item_keys: frozenset) -> dict:
    """The checks for the params of checkboxes or radios whose items have `item_keys`."""
    return {
        "items": lambda items: _fits_items(items, item_keys, _fits_choice_item),
        "values": _fits_values_list,
        "hint": _fits_hint,
        "errorMessage": lambda value: _fits_text(value, ERROR_KEYS),
        "fieldset": lambda value: _fits_fieldset(value, _CHOICE_FIELDSET_KEYS),
        "formGroup": lambda value: _fits_group(value, FORM_GROUP_KEYS),
        "classes": _fits_classes,
        "attributes": _fits_attributes,
    }


_CHECKBOXES_NESTED = _nested(CHECKBOX_ITEM_KEYS)
_RADIOS_NESTED = _nested(RADIO_ITEM_KEYS)


def _fits_choices(params, keys: frozenset, nested: dict) -> bool:
    """Params of only `keys` whose items, hint, error message, fieldset and form group fit."""
    return type(params) is dict and keys.issuperset(params) and _fits_values(params, nested)


def checkboxes(params) -> Markup | None:
    """The checkboxes component: items checked by `checked` or by the group's `values`."""
    if not _fits_choices(params, CHECKBOXES_KEYS, _CHECKBOXES_NESTED):
        return None
    params = _params(params)
    fieldset = _params(params["fieldset"])
    return _choices(params, "checkboxes", fieldset["describedBy"] or params["describedBy"] or "")


def radios(params) -> Markup | None:
    """The radios component: an item checked by `checked` or by the group's `value`."""
    if not _fits_choices(params, RADIOS_KEYS, _RADIOS_NESTED):
        return None
    params = _params(params)
    return _choices(params, "radios", _params(params["fieldset"])["describedBy"] or "")


def _choices(params: _Params, kind: str, described_by) -> Markup:
    """Checkboxes or radios (`kind`), their hint, error message and fieldset."""
    classes = params["classes"]
    class_names = f"nhsuk-{kind}"
    for option in ("small", "inline"):
        if params[option] and not (classes and f"nhsuk-{kind}--{option}" in classes):
            class_names += f" nhsuk-{kind}--{option}"
    id_prefix = params["idPrefix"] or params["name"]
    parts, described_by = _hint_and_error(params, id_prefix, described_by)
    fieldset = params["fieldset"]
    # Checkboxes outside a fieldset are each described by the group's hint and error message.
    item_described_by = "" if fieldset else described_by
    items = [
        _choice_item(params, _params(item), index, kind, id_prefix, item_described_by)
        for index, item in enumerate(params["items"] or (), start=1)
        if item
    ]
    parts.append(
        f"<div{_attribute('class', _with_classes(class_names, classes))}"
        f'{_attribute("id", params["id"], optional=True)} data-module="nhsuk-{kind}"'
        f"{_attributes(params['attributes'])}>\n" + "\n".join(items) + "\n</div>"
    )
    html = "\n".join(parts)
    if fieldset:
        html = _fieldset(_params(fieldset), html, described_by)
    return _form_group(params, _has_error(params), [html])


def _choice_item(params: _Params, item: _Params, index, kind, id_prefix, described_by) -> str:
    """One item (or divider); the first item's id is the prefix alone, the others numbered."""
    item_id = item["id"] or _concat(id_prefix, f"-{index}" if index > 1 else "")
    divider = item["divider"]
    inclusive = kind == "checkboxes" and item["behaviour"] == "inclusive"
    hidden = " nhsuk-u-frontend-not-supported-hidden" if inclusive else ""
    if divider:
        return f'<div class="nhsuk-{kind}__divider{hidden}">{_escaped(divider)}</div>'
    checked = _is_checked(params, item, kind)
    hint = _text_param(item["hint"])
    has_hint = hint["text"] or hint["html"]
    hint_id = _default(hint["id"], _concat(item_id, "-item-hint")) if has_hint else MISSING
    conditional = _params(item["conditional"])["html"]
    html = [
        f'<div class="nhsuk-{kind}__item{hidden}">',
        _choice_attributes(params, item, kind, item_id, checked, hint_id, described_by),
        _item_label(item, kind, item_id),
    ]
    if has_hint:
        html.append(_hint(hint, hint_id, _with_classes(f"nhsuk-{kind}__hint", hint["classes"])))
    html.append("</div>")
    if conditional:
        state = "" if checked else f" nhsuk-{kind}__conditional--hidden"
        html.append(
            f'<div class="nhsuk-{kind}__conditional{state}"'
            f' id="{_escaped(_concat("conditional-", item_id))}">\n'
            f"{str(conditional).strip()}\n</div>"
        )
    return "\n".join(html)


def _is_checked(params: _Params, item: _Params, kind: str):
    """`item.checked`, or else whether the item's value is among the group's `values` (or is its
    `value`) and `checked` is not false."""
    checked = item["checked"]
    if checked:
        return checked
    if kind == "checkboxes":
        values = params["values"]
        return bool(values) and item["value"] in values and checked != False  # noqa: E712
    value = params["value"]
    return bool(value) and item["value"] == value and checked != False  # noqa: E712


def _choice_attributes(params, item, kind, item_id, checked, hint_id, described_by) -> str:
    """The item's input element."""
    disabled = item["disabled"]
    if kind == "checkboxes":
        name = item["name"] or params["name"]
        behaviour = "exclusive" if item["exclusive"] else item["behaviour"]
        group = _default(item["exclusiveGroup"], item["behaviourGroup"])
        described_by = _concat(described_by, " ", hint_id).strip()
        extra = (f' data-behaviour="{_escaped(behaviour)}"' if behaviour else "") + (
            f' data-behaviour-group="{_escaped(group)}"' if group else ""
        )
        input_type = "checkbox"
    else:
        name = params["name"]
        extra = ""
        input_type = "radio"
    if _params(item["conditional"])["html"]:
        extra += f' data-aria-controls="{_escaped(_concat("conditional-", item_id))}"'
    if kind == "checkboxes" and described_by:
        extra += f' aria-describedby="{_escaped(described_by)}"'
    elif kind == "radios" and hint_id is not MISSING:
        # A radio is described by its hint alone, even when the hint's id is empty or none.
        extra += f' aria-describedby="{_escaped(hint_id)}"'
    return (
        f'<input class="{_escaped(_with_classes(f"nhsuk-{kind}__input", item["classes"]))}"'
        f' id="{_escaped(item_id)}" name="{_escaped(name)}" type="{input_type}"'
        f' value="{_escaped(item["value"])}"'
        + (" checked" if checked else "")
        + (
            " disabled"
            if disabled or (disabled != False and params["disabled"])  # noqa: E712
            else ""
        )
        + f"{extra}{_attributes(item['attributes'])}>"
    )


def _item_label(item: _Params, kind: str, item_id) -> str:
    """The item's label: its `label` param, or else its `text` or `html`."""
    label = _text_param(item["label"])
    return _label(
        _default(label["text"], item["text"]),
        _default(label["html"], item["html"]),
        label["visuallyHiddenText"],
        label["id"],
        item_id,
        MISSING,
        MISSING,
        _with_classes(f"nhsuk-{kind}__label", label["classes"]),
        label["attributes"],
    )
