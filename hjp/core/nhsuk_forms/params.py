"""The params of each NHS.UK component, built from a bound field and its display options."""

from collections.abc import Callable

from django import forms

from hjp.core.forms import date_items


def _compact(params: dict) -> dict:
    """The params without the ones not set, as a template leaves them out."""
    return {name: value for name, value in params.items() if value is not None}


def _hint(field: forms.BoundField, options: dict) -> dict | None:
    text = options.get("hint") or field.help_text
    return {"text": text} if text else None


def _error(field: forms.BoundField, options: dict) -> dict | None:
    if not options.get("show_error", True) or not field.errors:
        return None
    return {"text": " ".join(str(error) for error in field.errors)}


def _label(field: forms.BoundField, options: dict) -> dict:
    return _compact(
        {"text": options.get("label") or field.label, "size": options.get("label_size")}
    )


def _fieldset(field: forms.BoundField, options: dict) -> dict:
    legend = {"text": options.get("label") or field.label, "size": options.get("label_size", "s")}
    return {"legend": legend}


def _chosen(field: forms.BoundField) -> set[str]:
    value = field.value()
    if isinstance(value, (list, tuple)):
        return {str(each) for each in value}
    return {str(value)}


def _choices(field: forms.BoundField, options: dict):
    return options.get("choices", field.field.widget.choices)


def choice_items(field, options: dict) -> list[dict]:
    """Radio or checkbox items: what is chosen ticked, with hints, dividers and reveals."""
    chosen, hints = _chosen(field), options.get("choice_hints") or {}
    disabled = set(options.get("disabled_choices") or ())
    dividers = options.get("dividers") or {}
    items = []
    for key, text in _choices(field, options):
        value = str(key)
        if value == "":
            continue
        item = {"value": value, "text": str(text), "checked": value in chosen - disabled}
        if value in hints:
            item["hint"] = {"text": hints[value]}
        if disabled:
            item["disabled"] = value in disabled
        revealed = field.revealed_html(value)
        if revealed:
            item["conditional"] = {"html": revealed}
        items.append(item)
        if value in dividers:
            items.append({"divider": dividers[value]})
    return items


def select_items(field: forms.BoundField, options: dict) -> list[dict]:
    """Select options, the current value selected (the empty choice included)."""
    value = "" if field.value() is None else str(field.value())
    return [
        {"value": str(key), "text": str(text), "selected": str(key) == value}
        for key, text in _choices(field, options)
    ]


def _input(field, options: dict) -> dict:
    value = field.value()
    if field.field.widget.input_type == "file":
        value = None  # a browser never takes a value for a file input
    return _compact(
        {
            "label": _label(field, options),
            "hint": _hint(field, options),
            "id": field.auto_id,
            "name": field.html_name,
            "value": "" if value is None else str(value),
            "type": options.get("input_type") or field.field.widget.input_type,
            "classes": options.get("classes"),
            "autocomplete": options.get("autocomplete"),
            "inputmode": options.get("inputmode"),
            "spellcheck": options.get("spellcheck"),
            "formGroup": options.get("form_group"),
            "attributes": options.get("attributes"),
            "errorMessage": _error(field, options),
        }
    )


def _textarea(field, options: dict) -> dict:
    return _compact(
        {
            "label": _label(field, options),
            "hint": _hint(field, options),
            "id": field.auto_id,
            "name": field.html_name,
            "rows": options.get("rows", 4),
            "value": field.value() or "",
            "errorMessage": _error(field, options),
        }
    )


def _character_count(field, options: dict) -> dict:
    return {**_textarea(field, options), "maxlength": field.field.max_length}


def _radios(field, options: dict) -> dict:
    inline = "nhsuk-radios--inline" if options.get("inline") else ""
    classes = " ".join(name for name in (inline, options.get("classes")) if name)
    return _compact(
        {
            "idPrefix": options.get("id_prefix") or field.auto_id,
            "name": field.html_name,
            "classes": classes or None,
            "fieldset": _fieldset(field, options),
            "hint": _hint(field, options),
            "items": choice_items(field, options),
            "errorMessage": _error(field, options),
        }
    )


def _checkboxes(field, options: dict) -> dict:
    return _compact(
        {
            "idPrefix": options.get("id_prefix") or field.auto_id,
            "name": field.html_name,
            "classes": options.get("classes"),
            "fieldset": _fieldset(field, options),
            "hint": _hint(field, options),
            "items": choice_items(field, options),
            "errorMessage": _error(field, options),
        }
    )


def _checkbox(field, options: dict) -> dict:
    """One checkbox (a BooleanField) whose label is the field's: no fieldset of its own."""
    item = {"value": "yes", "text": options.get("label") or field.label}
    item["checked"] = bool(field.value())
    return _compact(
        {
            "idPrefix": field.auto_id,
            "name": field.html_name,
            "hint": _hint(field, options),
            "items": [item],
            "errorMessage": _error(field, options),
        }
    )


def _select(field, options: dict) -> dict:
    return _compact(
        {
            "id": field.auto_id,
            "name": field.html_name,
            "label": _label(field, options),
            "hint": _hint(field, options),
            "items": select_items(field, options),
            "errorMessage": _error(field, options),
        }
    )


def _date_input(field, options: dict) -> dict:
    return _compact(
        {
            "id": field.auto_id,
            "fieldset": _fieldset(field, options),
            "hint": _hint(field, options),
            "items": date_items(field),
            "errorMessage": _error(field, options),
        }
    )


# Component name -> (the params builder, the macro in nhsuk_forms/components.jinja).
BUILDERS: dict[str, Callable[[forms.BoundField, dict], dict]] = {
    "input": _input,
    "textarea": _textarea,
    "character-count": _character_count,
    "radios": _radios,
    "checkboxes": _checkboxes,
    "checkbox": _checkbox,
    "select": _select,
    "date-input": _date_input,
}
