"""The renderers for the NHS.UK form fields (input, textarea and select) and the form group,
hint and error message they share with checkboxes and radios."""

from markupsafe import Markup

from hjp.core.components._jinja import (
    ERROR_KEYS,
    FORM_GROUP_KEYS,
    INPUT_KEYS,
    INPUT_WIDTHS,
    LABEL_KEYS,
    MISSING,
    SELECT_ITEM_KEYS,
    SELECT_KEYS,
    TEXT_KEYS,
    TEXTAREA_KEYS,
    _assembled,
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
from hjp.core.components.text import _error_message, _hint, _params_label

_WIDTH_CLASSES = tuple(f"nhsuk-input--width-{width}" for width in INPUT_WIDTHS)


# --- the form group, hint and error message of a form field -------------------------------


def _hint_and_error(
    params: _Params, id_prefix, described_by, *, error_classes: bool = True
) -> tuple[list[str], str]:
    """The field's hint and error message, and `described_by` with their ids added.

    An id given as none stays none: the element has no id, and aria-describedby names "None",
    as the templates have it. Without `error_classes` the error message ignores its classes, as
    the select template (which passes them under an unquoted key) does.
    """
    parts = []
    hint = _text_param(params["hint"])
    if hint["text"] or hint["html"]:
        hint_id = _default(hint["id"], _concat(id_prefix, "-hint"))
        described_by = _concat(described_by, " ", hint_id).strip()
        parts.append(_hint(hint, hint_id, hint["classes"]))
    error = _text_param(params["errorMessage"])
    if error["text"] or error["html"]:
        error_id = _default(error["id"], _concat(id_prefix, "-error"))
        described_by = _concat(described_by, " ", error_id).strip()
        classes = error["classes"] if error_classes else None
        parts.append(_error_message(error, error_id, classes))
    return parts, described_by


def _has_error(params: _Params) -> bool:
    """`errorMessage.text or errorMessage.html or params.errorMessage == true`."""
    error = params["errorMessage"]
    if error == True:  # noqa: E712 (Jinja's `== true`: 1 is true too)
        return True
    error = _text_param(error)
    return bool(error["text"] or error["html"])


def _form_group(params: _Params, has_error: bool, parts: list[str]) -> Markup:
    """The form group around a field's parts."""
    group = _params(params["formGroup"])
    class_names = "nhsuk-form-group nhsuk-form-group--error" if has_error else "nhsuk-form-group"
    return _assembled(
        f'<div class="{_escaped(_with_classes(class_names, group["classes"]))}"'
        f"{_attributes(group['attributes'])}>\n" + "\n".join(parts) + "\n</div>"
    )


def _field(params: _Params, id, *, error_classes: bool = True) -> tuple[list[str], str]:
    """The label, hint and error message of an input, textarea or select, and the ids of the
    elements that describe it."""
    label = _text_param(params["label"])
    described_by = params["describedBy"] or ""
    parts, described_by = _hint_and_error(params, id, described_by, error_classes=error_classes)
    parts.insert(0, _params_label(label, _default(label["for"], id)))
    return parts, described_by


def _fits_label(value) -> bool:
    return _fits_text(value, LABEL_KEYS)


def _fits_hint(value) -> bool:
    return _fits_text(value, TEXT_KEYS)


def _fits_error(value) -> bool:
    return _fits_text(value, ERROR_KEYS)


def _fits_form_group(value) -> bool:
    return _fits_group(value, FORM_GROUP_KEYS)


def _fits_select_items(items) -> bool:
    return _fits_items(items, SELECT_ITEM_KEYS)


_FIELD_NESTED = {
    "label": _fits_label,
    "hint": _fits_hint,
    "errorMessage": _fits_error,
    "formGroup": _fits_form_group,
    "classes": _fits_classes,
    "attributes": _fits_attributes,
    "items": _fits_select_items,
}


def _fits_field(params, keys: frozenset) -> bool:
    """Params of only `keys`, with label, hint, error message and form group that fit."""
    return type(params) is dict and keys.issuperset(params) and _fits_values(params, _FIELD_NESTED)


def text_input(params) -> Markup | None:
    """The input component, without prefix, suffix or input wrapper."""
    if not _fits_field(params, INPUT_KEYS):
        return None
    params = _params(params)
    classes = params["classes"]
    class_names = "nhsuk-input"
    if params["large"] and not (classes and "nhsuk-input--large" in classes):
        class_names += " nhsuk-input--large"
    if params["code"] and not (classes and "nhsuk-input--code" in classes):
        class_names += " nhsuk-input--code"
    has_error = _has_error(params)
    if has_error:
        class_names += " nhsuk-input--error"
    width = params["width"]
    if (
        width
        and str(width) in INPUT_WIDTHS
        and not (classes and any(name in classes for name in _WIDTH_CLASSES))
    ):
        class_names = _concat(class_names, " nhsuk-input--width-", width)
    id = params["id"] or params["name"]
    parts, described_by = _field(params, id)
    spellcheck = params["spellcheck"]
    parts.append(
        f"<input{_attribute('class', _with_classes(class_names, classes))}"
        f"{_attribute('id', id)}{_attribute('name', params['name'])}"
        f"{_attribute('type', params['type'] or 'text')}"
        f"{_attribute('spellcheck', str(spellcheck).lower() if spellcheck in (True, False) else False, optional=True)}"  # noqa: E501
        f"{_attribute('value', params['value'], optional=True)}"
        f"{_attribute('disabled', params['disabled'], optional=True)}"
        f"{_attribute('aria-describedby', described_by or False, optional=True)}"
        f"{_attribute('autocomplete', params['autocomplete'], optional=True)}"
        f"{_attribute('autocapitalize', params['autocapitalize'], optional=True)}"
        f"{_attribute('pattern', params['pattern'], optional=True)}"
        f"{_attribute('placeholder', params['placeholder'], optional=True)}"
        f"{_attribute('inputmode', params['inputmode'], optional=True)}"
        f"{_attributes(params['attributes'])}>"
    )
    return _form_group(params, has_error, parts)


def textarea(params) -> Markup | None:
    """The textarea component, its value kept exactly."""
    if not _fits_field(params, TEXTAREA_KEYS):
        return None
    params = _params(params)
    has_error = _has_error(params)
    class_names = "nhsuk-textarea nhsuk-textarea--error" if has_error else "nhsuk-textarea"
    id = params["id"] or params["name"]
    parts, described_by = _field(params, id)
    spellcheck = params["spellcheck"]
    parts.append(
        f'<textarea class="{_escaped(_with_classes(class_names, params["classes"]))}"'
        f' id="{_escaped(id)}" name="{_escaped(params["name"])}"'
        f' rows="{_escaped(params["rows"] or 5)}"'
        + (f' spellcheck="{_escaped(spellcheck)}"' if spellcheck in (True, False) else "")
        + (" disabled" if params["disabled"] else "")
        + (f' aria-describedby="{_escaped(described_by)}"' if described_by else "")
        + (f' autocomplete="{_escaped(params["autocomplete"])}"' if params["autocomplete"] else "")
        + f"{_attributes(params['attributes'])}>{_escaped(params['value'])}</textarea>"
    )
    return _form_group(params, has_error, parts)


def select(params) -> Markup | None:
    """The select component, an option selected by `selected` or by the select's `value`."""
    if not _fits_field(params, SELECT_KEYS):
        return None
    params = _params(params)
    has_error = _has_error(params)
    class_names = "nhsuk-select nhsuk-select--error" if has_error else "nhsuk-select"
    id = params["id"] or params["name"]
    parts, described_by = _field(params, id, error_classes=False)
    html = [
        f'<select class="{_escaped(_with_classes(class_names, params["classes"]))}"'
        f' id="{_escaped(id)}" name="{_escaped(params["name"])}"'
        + (" disabled" if params["disabled"] else "")
        + (f' aria-describedby="{_escaped(described_by)}"' if described_by else "")
        + f"{_attributes(params['attributes'])}>"
    ]
    value = params["value"]
    for item in params["items"] or ():
        option = _params(item)
        if option["divider"]:
            html.append("<hr>")
        elif item:
            html.append(_option(option, value))
    html.append("</select>")
    parts.append("\n".join(html))
    return _form_group(params, has_error, parts)


def _option(item: _Params, value) -> str:
    """One option; without `selected` it is selected when its value (or text) is `value`."""
    item_value = item["value"]
    selected = item["selected"]
    if not selected and value:
        selected = (
            _default(item_value, item["text"]) == value and item["selected"] != False  # noqa: E712 (Jinja's `!= false`: 0 is false too)
        )
    return (
        "<option"
        + ("" if item_value is MISSING else f' value="{_escaped(item_value)}"')
        + (" selected" if selected else "")
        + (" disabled" if item["disabled"] else "")
        + f"{_attributes(item['attributes'])}>{_escaped(item['text'])}</option>"
    )
