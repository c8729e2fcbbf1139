"""The renderers for the small NHS.UK components: hint, error message, label, legend, fieldset
and tag."""

from markupsafe import Markup

from hjp.core.components._jinja import (
    ERROR_KEYS,
    FIELDSET_KEYS,
    HEADING_SIZES,
    LABEL_KEYS,
    LABEL_SIZES,
    LEGEND_KEYS,
    MISSING,
    TAG_COLOURS,
    TAG_KEYS,
    TEXT_KEYS,
    _assembled,
    _attribute,
    _attribute_if,
    _attributes,
    _concat,
    _content,
    _default,
    _escaped,
    _fits_attributes,
    _fits_classes,
    _fits_text,
    _fits_values,
    _Params,
    _params,
    _size_class,
    _text_param,
    _with_classes,
)

_TAG_COLOUR_CLASSES = tuple(f"nhsuk-tag--{colour}" for colour in TAG_COLOURS)


def _hint(hint: _Params, id, classes) -> str:
    """The hint template, with the id and classes its caller works out."""
    return (
        f'<div class="{_escaped(_with_classes("nhsuk-hint", classes))}"'
        f"{_attribute_if('id', id)}{_attributes(hint['attributes'])}>\n"
        f"{_content(hint['html'], hint['text'])}\n</div>"
    )


def _error_message(error: _Params, id, classes) -> str:
    """The error message template, with the id and classes its caller works out."""
    opening = (
        f'<span class="{_escaped(_with_classes("nhsuk-error-message", classes))}"'
        f"{_attribute_if('id', id)}{_attributes(error['attributes'])}>\n"
    )
    content = _content(error["html"], error["text"])
    hidden_text = _default(error["visuallyHiddenText"], "Error")
    if hidden_text:
        hidden = f'<span class="nhsuk-u-visually-hidden">{_escaped(hidden_text)}: </span>'
        return f"{opening}{hidden}{content}\n</span>"
    return f"{opening}{content}\n</span>"


def _label(text, html, hidden_text, id, for_, size, is_page_heading, classes, attributes) -> str:
    """The label template (through the heading one), for a label without heading or caption."""
    if not (html or text):
        return ""
    class_names = _size_class(
        "nhsuk-label", "nhsuk-label--", size, LABEL_SIZES, classes, HEADING_SIZES
    )
    content = _content(html, text)
    if hidden_text:
        content += f'<span class="nhsuk-u-visually-hidden"> {_escaped(hidden_text)}</span>'
    label = (
        f"<label{_attribute('class', _with_classes(class_names, classes))}"
        f"{_attribute('id', id, optional=True)}{_attribute('for', for_, optional=True)}"
        f"{_attributes(attributes)}>\n{content}\n</label>"
    )
    if is_page_heading:
        return f'<h1 class="nhsuk-label-wrapper">\n{label}\n</h1>'
    return label


def _params_label(label: _Params, for_) -> str:
    """The label a form field passes on from its `label` param."""
    return _label(
        label["text"],
        label["html"],
        label["visuallyHiddenText"],
        label["id"],
        for_,
        label["size"],
        label["isPageHeading"],
        label["classes"],
        label["attributes"],
    )


def _legend(legend: _Params) -> str:
    """The legend template, for a legend without heading or caption."""
    html, text = legend["html"], legend["text"]
    if not (html or text):
        return ""
    classes = legend["classes"]
    class_names = _size_class(
        "nhsuk-fieldset__legend",
        "nhsuk-fieldset__legend--",
        legend["size"],
        LABEL_SIZES,
        classes,
        LABEL_SIZES,
    )
    class_names = _with_classes(class_names, classes)
    content = _content(html, text)
    if legend["isPageHeading"]:
        return (
            f'<legend class="{_escaped(class_names)}"{_attribute_if("id", legend["id"])}'
            f"{_attributes(legend['attributes'])}>\n"
            f'<h1 class="nhsuk-fieldset__heading">\n{content}\n</h1>\n</legend>'
        )
    return (
        f"<legend{_attribute('class', class_names)}{_attribute('id', legend['id'], optional=True)}"
        f"{_attributes(legend['attributes'])}>\n{content}\n</legend>"
    )


def _fieldset(fieldset: _Params, html, described_by) -> str:
    """The fieldset template around `html` (markup), its legend given as a string or a dict."""
    return (
        f"<fieldset{_attribute('class', _with_classes('nhsuk-fieldset', fieldset['classes']))}"
        f"{_attribute('id', fieldset['id'], optional=True)}"
        f"{_attribute('role', fieldset['role'], optional=True)}"
        f"{_attribute('aria-describedby', described_by or False, optional=True)}"
        f"{_attributes(fieldset['attributes'])}>\n"
        f"{_legend(_text_param(fieldset['legend']))}\n{html}\n</fieldset>"
    )


def _fits_legend(value) -> bool:
    return _fits_text(value, LEGEND_KEYS)


_FIELDSET_NESTED = {
    "legend": _fits_legend,
    "classes": _fits_classes,
    "attributes": _fits_attributes,
}


def _fits_fieldset(fieldset, keys: frozenset) -> bool:
    """A fieldset of only `keys`, its legend a plain value or a dict (or none, or false)."""
    if type(fieldset) is not dict:
        return fieldset is None or fieldset is MISSING or fieldset is False
    return keys.issuperset(fieldset) and _fits_values(fieldset, _FIELDSET_NESTED)


def tag(params) -> Markup | None:
    """The tag component: text or HTML, a colour, no border."""
    if type(params) is not dict or not _fits_text(params, TAG_KEYS):
        return None
    params = _params(params)
    classes = params["classes"]
    colour = params["colour"]
    class_names = "nhsuk-tag"
    if (
        colour
        and colour in TAG_COLOURS
        and not (classes and any(name in classes for name in _TAG_COLOUR_CLASSES))
    ):
        class_names = _concat(class_names, " nhsuk-tag--", colour)
    if colour is False and not (classes and "nhsuk-tag--no-colour" in classes):
        class_names += " nhsuk-tag--no-colour"
    if params["border"] is False and not (classes and "nhsuk-tag--no-border" in classes):
        class_names += " nhsuk-tag--no-border"
    return _assembled(
        f'<strong class="{_escaped(_with_classes(class_names, classes))}"'
        f"{_attribute_if('id', params['id'])}{_attributes(params['attributes'])}>\n"
        f"{_content(params['html'], params['text'])}\n</strong>"
    )


def hint(params) -> Markup | None:
    """The hint component."""
    if type(params) is not dict or not _fits_text(params, TEXT_KEYS):
        return None
    params = _params(params)
    return _assembled(_hint(params, params["id"], params["classes"]))


def error_message(params) -> Markup | None:
    """The error message component, with its visually hidden prefix."""
    if type(params) is not dict or not _fits_text(params, ERROR_KEYS):
        return None
    params = _params(params)
    return _assembled(_error_message(params, params["id"], params["classes"]))


def label(params) -> Markup | None:
    """The label component: a size, visually hidden text, or the page heading."""
    if type(params) is not dict or not _fits_text(params, LABEL_KEYS):
        return None
    params = _params(params)
    return _assembled(_params_label(params, params["for"]))


def fieldset(params) -> Markup | None:
    """The fieldset component with its legend, given as a string or a dict."""
    if type(params) is not dict or not _fits_fieldset(params, FIELDSET_KEYS):
        return None
    params = _params(params)
    html = params["html"]
    return _assembled(_fieldset(params, str(html).strip() if html else "", params["describedBy"]))
