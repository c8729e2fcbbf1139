"""The display options a field can be given, and which of them only a page can give."""

from jinja2 import Undefined

# Given where the field is declared, or where it is rendered.
FIELD_OPTIONS = frozenset(
    {
        "label_size",  # the label's size, or the legend's for a field in a fieldset
        "inline",  # radios side by side
        "classes",  # the component's own classes
        "rows",  # a textarea's height
        "input_type",  # an input's type, instead of the widget's
        "autocomplete",
        "inputmode",
        "spellcheck",
        "character_count",  # a textarea that counts down to the field's max_length
        "choice_hints",  # {choice value: hint text}
        "disabled_choices",  # choice values shown but not choosable (never shown chosen)
        "dividers",  # {choice value: divider text shown after that choice}
        "reveals",  # {choice value: name of the field shown beneath it when chosen}
        "form_group",  # the form group's params, as the component takes them
        "attributes",  # extra attributes of the input
    }
)
# Given only where the field is rendered: Django's own label, help text and choices say the rest.
RENDER_OPTIONS = FIELD_OPTIONS | {"label", "hint", "choices", "id_prefix", "show_error"}


def given(options: dict) -> dict:
    """The options actually given: a template passes None or an undefined value for 'not set'."""
    unknown = set(options) - RENDER_OPTIONS
    if unknown:
        raise TypeError(f"Unknown display options: {sorted(unknown)}")
    return {
        name: value
        for name, value in options.items()
        if value is not None and not isinstance(value, Undefined)
    }
